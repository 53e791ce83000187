//! `serve --tls-cert FILE --tls-key FILE`: the relay terminates TLS itself,
//! so pages reach it over `https://` and `wss://` with nothing in front.
//! The files are looked at every few seconds and read again when they
//! change, so a renewed certificate is served without a restart; a broken
//! new pair is logged and the old one kept.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, SystemTime};

use axum::extract::connect_info::Connected;
use axum::serve::IncomingStream;
use rustls::crypto::ring::default_provider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// How often the files are looked at.
const RELOAD_EVERY: Duration = Duration::from_secs(2);

/// The peer's address, as every request of a connection carries it.
#[derive(Debug, Clone, Copy)]
pub struct PeerAddr(pub SocketAddr);

impl Connected<IncomingStream<'_, TcpListener>> for PeerAddr {
    fn connect_info(stream: IncomingStream<'_, TcpListener>) -> Self {
        Self(*stream.remote_addr())
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn load(cert: &Path, key: &Path) -> Result<CertifiedKey, String> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|err| format!("{}: {err}", cert.display()))?
        .collect::<Result<_, _>>()
        .map_err(|err| format!("{}: {err}", cert.display()))?;
    if chain.is_empty() {
        return Err(format!("{}: no certificate in it", cert.display()));
    }
    let key = PrivateKeyDer::from_pem_file(key).map_err(|err| format!("{}: {err}", key.display()))?;
    let signing = default_provider().key_provider.load_private_key(key).map_err(|err| err.to_string())?;
    let certified = CertifiedKey::new(chain, signing);
    certified.keys_match().map_err(|err| format!("the key does not belong to the certificate: {err}"))?;
    Ok(certified)
}

/// The certificate being served, swapped when its files change.
#[derive(Debug)]
struct Reloading {
    cert: PathBuf,
    key: PathBuf,
    current: RwLock<(Arc<CertifiedKey>, Option<SystemTime>, Option<SystemTime>)>,
}

impl ResolvesServerCert for Reloading {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(self.current.read().unwrap_or_else(PoisonError::into_inner).0.clone())
    }
}

impl Reloading {
    fn check(&self) {
        let stamps = (modified(&self.cert), modified(&self.key));
        {
            let current = self.current.read().unwrap_or_else(PoisonError::into_inner);
            if (current.1, current.2) == stamps {
                return;
            }
        }
        match load(&self.cert, &self.key) {
            Ok(certified) => {
                *self.current.write().unwrap_or_else(PoisonError::into_inner) =
                    (Arc::new(certified), stamps.0, stamps.1);
                tracing::info!(cert = %self.cert.display(), "serving the renewed certificate");
            }
            Err(why) => tracing::warn!("the changed certificate files cannot be used, keeping the old pair: {why}"),
        }
    }
}

/// The acceptor for `serve`'s TLS: the pair in `cert` and `key`, looked at
/// again every [`RELOAD_EVERY`] while the relay runs. Handshakes run in each
/// connection's own task, under the front door's deadline
/// (`front`), so a slow client never holds up the next.
pub fn acceptor(cert: &Path, key: &Path) -> Result<TlsAcceptor, String> {
    let certified = load(cert, key)?;
    let reloading = Arc::new(Reloading {
        cert: cert.to_owned(),
        key: key.to_owned(),
        current: RwLock::new((Arc::new(certified), modified(cert), modified(key))),
    });
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|err| err.to_string())?
        .with_no_client_auth()
        .with_cert_resolver(reloading.clone());
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(RELOAD_EVERY).await;
            reloading.check();
        }
    });
    Ok(TlsAcceptor::from(Arc::new(config)))
}
