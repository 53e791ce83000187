//! How a server's certificate differs from the one an earlier check saw.

use crate::catalog::Args;
use crate::seen::SeenCertificate;
use crate::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CertChange {
    /// The same issuer, and dates that start later: a renewal.
    Renewed,
    /// The same issuer, not newer: another of the server's certificates
    /// (one name served by several machines, each with its own).
    AnotherFromSameIssuer,
    /// Another organisation signs it: the provider changed its authority,
    /// or something on the path re-signs the connection.
    OtherIssuer,
}

/// The certificate seen now, the one seen before, and how they differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CertChanged {
    pub(crate) before: SeenCertificate,
    pub(crate) now: SeenCertificate,
    pub(crate) change: CertChange,
}

impl CertChanged {
    pub(crate) fn severity(&self) -> Severity {
        match self.change {
            // Normal life of a server; said so an app's question about a
            // new certificate has an answer.
            CertChange::Renewed | CertChange::AnotherFromSameIssuer => Severity::Info,
            // Nothing fails, yet the person must find out who signs now.
            CertChange::OtherIssuer => Severity::Warning,
        }
    }

    /// The message and its arguments.
    pub(crate) fn words(&self) -> (&'static str, Args<'static>) {
        let day = |time: &str| time.get(..10).unwrap_or(time).to_owned();
        let args = Args::new().text("host", self.now.host.clone()).text("issuer", self.now.issuer.clone());
        match self.change {
            CertChange::Renewed => {
                ("f-cert-renewed", args.text("from", day(&self.now.not_before)).text("until", day(&self.now.not_after)))
            }
            CertChange::AnotherFromSameIssuer => ("f-cert-another", args.text("sha256", self.now.sha256.clone())),
            CertChange::OtherIssuer => (
                "f-cert-new-issuer",
                args.text("before_issuer", self.before.issuer.clone()).text("from", day(&self.now.not_before)),
            ),
        }
    }
}
