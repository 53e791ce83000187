//! What settings discovery (autoconfig, ISPDB, Autodiscover) reports.

use serde::{Deserialize, Serialize};

use crate::{MailProtocol, Security};

/// Why an autoconfig fetch gave no settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum AutoconfigProblem {
    /// The name did not resolve, or to no address the relay may dial.
    NoAddress,
    /// No connection could be made.
    Unreachable,
    /// HTTPS was asked for, and the certificate did not verify.
    Certificate,
    /// The TLS handshake failed.
    Tls,
    /// The web server's answer broke HTTP or a cap.
    BadResponse {
        /// How, in the parser's terms.
        detail: String,
    },
    /// The answer was not a status 200.
    Status,
    /// The document is not a config-v1.1 document.
    NotAutoconfig {
        /// How, in the parser's terms.
        detail: String,
    },
    /// No answer within the deadline.
    Timeout,
}

/// One server an autoconfig document names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscoveredServer {
    /// Incoming (IMAP, POP3) or outgoing (SMTP).
    pub incoming: bool,
    /// The protocol.
    pub protocol: MailProtocol,
    /// The host name.
    pub host: String,
    /// The port.
    pub port: u16,
    /// The security.
    pub security: Security,
    /// The username form, with the document's placeholders (`%EMAILADDRESS%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}
