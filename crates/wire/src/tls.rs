//! What a TLS handshake showed: the version, the certificate verdict and
//! its reason, or why the handshake failed.

use core::fmt;

use serde::{Deserialize, Serialize};

/// A TLS (or SSL) protocol version, as the handshake negotiated or offered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TlsVersion {
    /// SSL 3.0 (RFC 6101), broken since POODLE.
    #[serde(rename = "SSL 3.0")]
    Ssl3,
    /// TLS 1.0 (RFC 2246), deprecated by RFC 8996.
    #[serde(rename = "TLS 1.0")]
    Tls10,
    /// TLS 1.1 (RFC 4346), deprecated by RFC 8996.
    #[serde(rename = "TLS 1.1")]
    Tls11,
    /// TLS 1.2 (RFC 5246).
    #[serde(rename = "TLS 1.2")]
    Tls12,
    /// TLS 1.3 (RFC 8446).
    #[serde(rename = "TLS 1.3")]
    Tls13,
}

impl TlsVersion {
    /// The version for a ServerHello's `(major, minor)` bytes.
    pub fn from_wire(major: u8, minor: u8) -> Option<Self> {
        match (major, minor) {
            (3, 0) => Some(Self::Ssl3),
            (3, 1) => Some(Self::Tls10),
            (3, 2) => Some(Self::Tls11),
            (3, 3) => Some(Self::Tls12),
            (3, 4) => Some(Self::Tls13),
            _ => None,
        }
    }

    /// Older than TLS 1.2: refused by current mail apps (RFC 8996).
    pub fn is_obsolete(self) -> bool {
        self < Self::Tls12
    }

    /// The usual name: `TLS 1.2`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ssl3 => "SSL 3.0",
            Self::Tls10 => "TLS 1.0",
            Self::Tls11 => "TLS 1.1",
            Self::Tls12 => "TLS 1.2",
            Self::Tls13 => "TLS 1.3",
        }
    }
}

impl fmt::Display for TlsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a TLS handshake ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum TlsResult {
    /// The handshake completed (the certificate may still be bad).
    Established {
        /// The negotiated version.
        version: TlsVersion,
        /// The negotiated cipher suite, by its IANA name.
        cipher: String,
        /// What the certificate check concluded.
        verdict: CertVerdict,
        /// The certificates the server sent, leaf first.
        chain: Vec<CertSummary>,
    },
    /// The handshake did not complete.
    Failed {
        /// Why.
        failure: TlsFailure,
    },
}

/// What the certificate check concluded. The handshake goes on even when the
/// certificate is bad, so the diagnosis can say what the server would have
/// done; credentials are never sent unless the verdict is `valid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum CertVerdict {
    /// The chain verifies to a trusted root and names the server.
    Valid,
    /// The certificate was rejected.
    Invalid {
        /// The specific reason.
        problem: CertProblem,
    },
}

/// Why a certificate was rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum CertProblem {
    /// Past its `notAfter` (RFC 3339 timestamp, when known).
    Expired {
        /// The certificate's end of validity.
        not_after: Option<String>,
    },
    /// Before its `notBefore`.
    NotYetValid {
        /// The certificate's start of validity.
        not_before: Option<String>,
    },
    /// A lone certificate that signs itself.
    SelfSigned,
    /// Issued by an authority that is not trusted here.
    UnknownIssuer,
    /// Valid, but for other names.
    NameMismatch {
        /// The name that was connected to.
        expected: String,
        /// The names the certificate covers.
        presented: Vec<String>,
    },
    /// An intermediate certificate is missing from what the server sent.
    ChainIncomplete,
    /// Revoked by its issuer.
    Revoked,
    /// Rejected for another reason, in the verifier's words.
    Other {
        /// The verifier's description.
        detail: String,
    },
}

/// One certificate as the server sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertSummary {
    /// The subject's distinguished name.
    pub subject: String,
    /// The issuer's distinguished name.
    pub issuer: String,
    /// Start of validity (RFC 3339).
    pub not_before: String,
    /// End of validity (RFC 3339).
    pub not_after: String,
    /// The DNS names in its subjectAltName.
    #[serde(default)]
    pub dns_names: Vec<String>,
    /// SHA-256 of the DER encoding, hex.
    pub sha256: String,
}

/// Why a TLS handshake failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "failure", rename_all = "snake_case")]
pub enum TlsFailure {
    /// The server only offers TLS versions older than 1.2.
    ProtocolTooOld {
        /// The newest version it chose when asked with a legacy hello.
        offered: Option<TlsVersion>,
    },
    /// The server answered in plaintext where TLS was expected.
    NotTls {
        /// The first bytes it sent, as hex.
        first_bytes: String,
    },
    /// The server sent a fatal alert.
    Alert {
        /// The alert's name (`handshake_failure`).
        description: String,
    },
    /// No handshake within the deadline.
    Timeout,
    /// The server closed the connection during the handshake.
    Closed,
    /// Another failure, in the TLS library's words.
    Other {
        /// The library's description.
        detail: String,
    },
}

/// What one hello of [`crate::Event::TlsVersions`] got. Neither `chose` nor
/// `refused`: no answer in time, so the version is not known either way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionAnswer {
    /// The newest version the hello offered.
    pub offered: TlsVersion,
    /// The version the server's ServerHello chose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chose: Option<TlsVersion>,
    /// The cipher suite it chose, by its IANA name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cipher: Option<String>,
    /// The server refused the hello (an alert, or it hung up).
    #[serde(default)]
    pub refused: bool,
}
