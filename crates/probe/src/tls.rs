//! TLS with rustls, recording the certificate verdict instead of aborting on it:
//! a person with an expired certificate needs to hear "expired", not
//! "handshake failed", and the rest of the dialog still tells what the server
//! would do. Credentials are never sent unless the verdict is valid.

use std::io;
use std::path::Path;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use maildoctor_wire::{CertProblem, CertSummary, CertVerdict, TlsFailure, TlsVersion};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, Error, RootCertStore, SignatureScheme};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use x509_parser::extensions::{GeneralName, ParsedExtension};
use x509_parser::prelude::{FromDer, X509Certificate};

mod judged;
use judged::{Asked, Judged};

/// Trust anchors: the Mozilla root program, plus any the operator adds
/// (`--ca-file`, for a company CA or a test CA).
#[derive(Debug, Clone)]
pub struct Trust {
    verifier: Arc<WebPkiServerVerifier>,
    /// Chains already judged, shared by every connection this trust checks.
    judged: Arc<Judged>,
}

#[derive(Debug)]
pub enum TrustError {
    Read(io::Error),
    NoCertificates,
    Invalid(Error),
}

impl std::fmt::Display for TrustError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Read(err) => write!(f, "cannot read the CA file: {err}"),
            Self::NoCertificates => f.write_str("the CA file holds no PEM certificate"),
            Self::Invalid(err) => write!(f, "the CA file holds a certificate rustls cannot use: {err}"),
        }
    }
}

impl std::error::Error for TrustError {}

impl Trust {
    pub fn new(extra_ca_file: Option<&Path>) -> Result<Self, TrustError> {
        let mut roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        if let Some(path) = extra_ca_file {
            let pem = std::fs::read(path).map_err(TrustError::Read)?;
            let certs: Vec<_> = CertificateDer::pem_slice_iter(&pem).filter_map(Result::ok).collect();
            if certs.is_empty() {
                return Err(TrustError::NoCertificates);
            }
            for cert in certs {
                roots.add(cert).map_err(TrustError::Invalid)?;
            }
        }
        let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider())
            .build()
            .map_err(|err| TrustError::Invalid(Error::General(err.to_string())))?;
        Ok(Self { verifier, judged: Arc::default() })
    }

    /// A plain verifying client configuration, for maildoctor's own
    /// connections (to a relay), where a bad certificate must stop the
    /// connection rather than be recorded.
    pub fn verified_client_config(&self) -> ClientConfig {
        let config = ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map(|builder| builder.with_webpki_verifier(self.verifier.clone()).with_no_client_auth());
        config.unwrap_or_else(|err| panic!("rustls ring provider rejected default versions: {err}"))
    }

    /// A client configuration for one connection, and the slot where its
    /// certificate verdict lands.
    pub(crate) fn client_config(&self) -> (Arc<ClientConfig>, Arc<Recorded>) {
        let recorded = Arc::new(Recorded::default());
        let verifier = Arc::new(RecordingVerifier {
            inner: self.verifier.clone(),
            judged: self.judged.clone(),
            recorded: recorded.clone(),
        });
        let config = ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map(|builder| builder.dangerous().with_custom_certificate_verifier(verifier).with_no_client_auth());
        // The ring provider supports the default versions; failing here is a build bug.
        let config = config.unwrap_or_else(|err| panic!("rustls ring provider rejected default versions: {err}"));
        (Arc::new(config), recorded)
    }
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The verifier's judgement and the chain the server sent.
type Judgement = (Result<(), Error>, Vec<CertificateDer<'static>>);

/// What the verifier saw during one handshake.
#[derive(Debug, Default)]
pub(crate) struct Recorded {
    inner: Mutex<Option<Judgement>>,
}

impl Recorded {
    /// The verdict, and the chain as the server sent it.
    pub(crate) fn verdict(&self, server_name: &ServerName<'static>) -> (CertVerdict, Vec<CertSummary>) {
        let guard = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        match &*guard {
            None => (
                CertVerdict::Invalid { problem: CertProblem::Other { detail: "no certificate was checked".into() } },
                vec![],
            ),
            Some((Ok(()), chain)) => (CertVerdict::Valid, summarize(chain)),
            Some((Err(err), chain)) => {
                (CertVerdict::Invalid { problem: classify(err, chain, server_name) }, summarize(chain))
            }
        }
    }
}

#[derive(Debug)]
struct RecordingVerifier {
    inner: Arc<WebPkiServerVerifier>,
    judged: Arc<Judged>,
    recorded: Arc<Recorded>,
}

impl ServerCertVerifier for RecordingVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        // The chain's judgement may be one made moments ago; the handshake's
        // signature (below) is verified every time.
        let asked = Asked { end_entity, intermediates, server_name, ocsp_response, now };
        let result = self.judged.judge(&asked, || {
            self.inner.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now).map(|_| ())
        });
        let chain = std::iter::once(end_entity).chain(intermediates).map(|c| c.clone().into_owned()).collect();
        *self.recorded.inner.lock().unwrap_or_else(PoisonError::into_inner) = Some((result, chain));
        // Go on with the handshake: the verdict is reported, and the driver
        // withholds credentials unless it is valid.
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

fn classify(err: &Error, chain: &[CertificateDer<'static>], server_name: &ServerName<'static>) -> CertProblem {
    let Error::InvalidCertificate(cert_err) = err else {
        return CertProblem::Other { detail: err.to_string() };
    };
    match cert_err {
        CertificateError::Expired => CertProblem::Expired { not_after: None },
        CertificateError::ExpiredContext { not_after, .. } => {
            CertProblem::Expired { not_after: Some(iso_date(not_after.as_secs())) }
        }
        CertificateError::NotValidYet => CertProblem::NotYetValid { not_before: None },
        CertificateError::NotValidYetContext { not_before, .. } => {
            CertProblem::NotYetValid { not_before: Some(iso_date(not_before.as_secs())) }
        }
        CertificateError::NotValidForName => {
            CertProblem::NameMismatch { expected: server_name.to_str().into_owned(), presented: Vec::new() }
        }
        CertificateError::NotValidForNameContext { expected, presented } => {
            CertProblem::NameMismatch { expected: expected.to_str().into_owned(), presented: presented.clone() }
        }
        // Self-signed certificates made with `openssl req -x509` claim to be a
        // CA, so webpki reports CaUsedAsEndEntity rather than UnknownIssuer.
        CertificateError::UnknownIssuer | CertificateError::Other(_) if signs_itself(chain) => CertProblem::SelfSigned,
        CertificateError::UnknownIssuer if missing_intermediate(chain) => CertProblem::ChainIncomplete,
        CertificateError::UnknownIssuer => CertProblem::UnknownIssuer,
        CertificateError::Revoked => CertProblem::Revoked,
        other => CertProblem::Other { detail: format!("{other:?}") },
    }
}

/// A certificate signs itself when it verifies with itself as the only trust
/// anchor (apart from its name and dates, which are judged separately).
fn signs_itself(chain: &[CertificateDer<'static>]) -> bool {
    let [leaf] = chain else { return false };
    let mut roots = RootCertStore::empty();
    if roots.add(leaf.clone()).is_err() {
        return false;
    }
    let Ok(verifier) = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider()).build() else {
        return false;
    };
    let Ok(any_name) = ServerName::try_from("self-signed-check.invalid") else {
        return false;
    };
    match verifier.verify_server_cert(leaf, &[], &any_name, &[], UnixTime::now()) {
        Ok(_) => true,
        Err(Error::InvalidCertificate(e)) => {
            !matches!(e, CertificateError::UnknownIssuer | CertificateError::BadSignature)
        }
        Err(_) => false,
    }
}

/// Subject, issuer, validity, names and fingerprint of each certificate the
/// server sent, in its order. A certificate that does not parse is shown as such.
fn summarize(chain: &[CertificateDer<'static>]) -> Vec<CertSummary> {
    chain
        .iter()
        .map(|der| {
            let sha256 = ring::digest::digest(&ring::digest::SHA256, der.as_ref())
                .as_ref()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>();
            match X509Certificate::from_der(der.as_ref()) {
                Ok((_, cert)) => {
                    let mut dns_names = Vec::new();
                    if let Ok(Some(san)) = cert.subject_alternative_name() {
                        for name in &san.value.general_names {
                            match name {
                                GeneralName::DNSName(dns) => dns_names.push((*dns).to_owned()),
                                GeneralName::IPAddress(ip) => dns_names.push(ip_text(ip)),
                                _ => {}
                            }
                        }
                    }
                    let validity = cert.validity();
                    CertSummary {
                        subject: cert.subject().to_string(),
                        issuer: cert.issuer().to_string(),
                        not_before: iso_date(validity.not_before.timestamp().max(0) as u64),
                        not_after: iso_date(validity.not_after.timestamp().max(0) as u64),
                        dns_names,
                        sha256,
                    }
                }
                Err(err) => CertSummary {
                    subject: format!("(unparsable certificate: {err})"),
                    issuer: String::new(),
                    not_before: String::new(),
                    not_after: String::new(),
                    dns_names: Vec::new(),
                    sha256,
                },
            }
        })
        .collect()
}

fn ip_text(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => std::net::Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]).to_string(),
        16 => <[u8; 16]>::try_from(bytes).map(|b| std::net::Ipv6Addr::from(b).to_string()).unwrap_or_default(),
        _ => String::new(),
    }
}

/// An untrusted chain that stops short of an intermediate: the server left
/// one out. Browsers fetch it and hide the fault; mail apps do not. Told
/// apart from a complete chain that ends in a root nobody here trusts (whose
/// fix is the opposite: the device, not the server): a chain whose every
/// certificate is issued by the next one sent is complete up to its root,
/// and is untrusted, not incomplete. Only where the sent chain stops short
/// (the leaf alone, or a gap) does the certificate's AIA caIssuers URL, which
/// names where its issuer can be fetched, say that an intermediate exists.
fn missing_intermediate(chain: &[CertificateDer<'static>]) -> bool {
    const CA_ISSUERS: &str = "1.3.6.1.5.5.7.48.2";
    let parsed: Vec<_> = chain.iter().filter_map(|der| X509Certificate::from_der(der.as_ref()).ok()).collect();
    let certs: Vec<&X509Certificate<'_>> = parsed.iter().map(|(_, cert)| cert).collect();
    let gap = certs.windows(2).position(|pair| pair[0].issuer() != pair[1].subject());
    let Some(before_gap) = (match gap {
        Some(index) => certs.get(index),
        // Linked all the way: the root is all that is missing, and servers never send it.
        None if certs.len() >= 2 => return false,
        None => certs.first(),
    }) else {
        return false;
    };
    let self_issued = before_gap.subject() == before_gap.issuer();
    let names_its_issuer = before_gap.extensions().iter().any(|ext| match ext.parsed_extension() {
        ParsedExtension::AuthorityInfoAccess(aia) => {
            aia.accessdescs.iter().any(|desc| desc.access_method.to_id_string() == CA_ISSUERS)
        }
        _ => false,
    });
    !self_issued && names_its_issuer
}

/// The wire's version for rustls's (which negotiates only 1.2 and 1.3).
pub(crate) fn version(version: rustls::ProtocolVersion) -> Option<TlsVersion> {
    match version {
        rustls::ProtocolVersion::TLSv1_3 => Some(TlsVersion::Tls13),
        rustls::ProtocolVersion::TLSv1_2 => Some(TlsVersion::Tls12),
        rustls::ProtocolVersion::TLSv1_1 => Some(TlsVersion::Tls11),
        rustls::ProtocolVersion::TLSv1_0 => Some(TlsVersion::Tls10),
        _ => None,
    }
}

/// Maps a failed handshake to what the person needs to hear.
pub(crate) fn failure(err: &io::Error, first_bytes: &[u8]) -> TlsFailure {
    if !first_bytes.is_empty() && !maildoctor_proto::sniff::is_tls_record(first_bytes) {
        return TlsFailure::NotTls { first_bytes: maildoctor_proto::sniff::hex_prefix(first_bytes) };
    }
    let rustls_err = err.get_ref().and_then(|inner| inner.downcast_ref::<Error>());
    match rustls_err {
        Some(Error::PeerIncompatible(
            rustls::PeerIncompatible::ServerDoesNotSupportTls12Or13 | rustls::PeerIncompatible::Tls12NotOffered,
        ))
        | Some(Error::AlertReceived(rustls::AlertDescription::ProtocolVersion)) => {
            TlsFailure::ProtocolTooOld { offered: None }
        }
        Some(Error::AlertReceived(alert)) => TlsFailure::Alert { description: format!("{alert:?}") },
        Some(other) => TlsFailure::Other { detail: other.to_string() },
        None if err.kind() == io::ErrorKind::UnexpectedEof => TlsFailure::Closed,
        None => TlsFailure::Other { detail: err.to_string() },
    }
}

/// Keeps the first bytes the server sends, so a plaintext answer to a TLS
/// hello can be shown for what it is.
#[derive(Debug)]
pub(crate) struct FirstBytes<S> {
    inner: S,
    seen: Vec<u8>,
}

const FIRST_BYTES: usize = 16;

impl<S> FirstBytes<S> {
    pub(crate) fn new(inner: S) -> Self {
        Self { inner, seen: Vec::new() }
    }

    pub(crate) fn seen(&self) -> &[u8] {
        &self.seen
    }

    /// Starts recording afresh: after STARTTLS, the first bytes that matter
    /// are the answer to the TLS hello, not the greeting read long before.
    pub(crate) fn restart(&mut self) {
        self.seen.clear();
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for FirstBytes<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.inner).poll_read(cx, buf);
        if self.seen.len() < FIRST_BYTES {
            let take = (FIRST_BYTES - self.seen.len()).min(buf.filled().len() - before);
            let new = buf.filled()[before..before + take].to_vec();
            self.seen.extend_from_slice(&new);
        }
        poll
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for FirstBytes<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` from seconds since 1970 (Howard Hinnant's civil date algorithm).
pub(crate) fn iso_date(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::iso_date;

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_date(1_580_515_200), "2020-02-01T00:00:00Z");
        assert_eq!(iso_date(951_782_400 + 3661), "2000-02-29T01:01:01Z");
    }
}
