//! The leaf certificate each server showed, kept in a report (its JSON, its
//! share link) so that a later check of the same server can say whether the
//! certificate changed, and how (`tls.cert_changed`).

use serde::{Deserialize, Serialize};

/// One server's leaf certificate, as a check saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenCertificate {
    /// The server's name: with `port`, what a later check matches on.
    pub host: String,
    /// The server's port.
    pub port: u16,
    /// SHA-256 of the certificate's DER encoding, hex.
    pub sha256: String,
    /// The issuer's distinguished name.
    pub issuer: String,
    /// Start of validity (RFC 3339).
    pub not_before: String,
    /// End of validity (RFC 3339).
    pub not_after: String,
}

/// `earlier` with `later`'s certificates in place of those of the same
/// servers: what the next check compares with.
pub fn merge(earlier: &[SeenCertificate], later: &[SeenCertificate]) -> Vec<SeenCertificate> {
    let mut merged: Vec<SeenCertificate> =
        earlier.iter().filter(|e| !later.iter().any(|l| l.host == e.host && l.port == e.port)).cloned().collect();
    merged.extend(later.iter().cloned());
    merged
}
