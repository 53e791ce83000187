//! The few words that settings are shown with, used by every part that
//! prints them: security labels as mail apps write them, and endpoints.

use maildoctor_wire::Security;

use crate::catalog::{Args, Catalog};
use crate::Endpoint;

/// How a mail app labels `security`: "SSL/TLS" and "STARTTLS" are the same
/// in every language; "None" is not.
pub(crate) fn security_label(catalog: &Catalog, security: Security) -> String {
    match security {
        Security::Tls => "SSL/TLS".into(),
        Security::Starttls => "STARTTLS".into(),
        Security::None => catalog.text("security-none", &Args::new()),
    }
}

/// `IMAP imap.example.com:993 (SSL/TLS)`.
pub(crate) fn endpoint(catalog: &Catalog, ep: &Endpoint) -> String {
    let args = Args::new()
        .text("protocol", ep.protocol.name())
        .text("host", ep.host.clone())
        .text("port", ep.port.to_string())
        .text("security", security_label(catalog, ep.security));
    catalog.text("endpoint", &args)
}
