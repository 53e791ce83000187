use core::fmt;

use maildoctor_wire::{MailProtocol, OpId, Security};
use serde::{Deserialize, Serialize};

use crate::{Code, Severity};

/// One conclusion, in the person's words, with the proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Which concrete cause this is; stable across versions and languages.
    pub code: Code,
    /// How bad it is, decided by the cause alone.
    pub severity: Severity,
    /// The conclusion in one line, in the report's language.
    pub title: String,
    /// Why this happens, in plain words.
    pub explanation: String,
    /// What to do, in order.
    pub fix: Vec<String>,
    /// The server setting it is about; `None` when it is about no one
    /// server (the domain, discovery, the device).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
    /// The observations that prove it.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// The fix in the menus of popular mail apps, when it is a settings change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub clients: Vec<ClientSteps>,
    /// Findings that only follow from this one, folded under it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follows: Vec<Finding>,
}

/// A mail server as a mail client's settings name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Endpoint {
    /// The server's name, as a mail app's settings hold it.
    pub host: String,
    /// The TCP port the mail app connects to.
    pub port: u16,
    /// IMAP, POP3 or SMTP.
    pub protocol: MailProtocol,
    /// TLS from the first byte, STARTTLS, or none.
    pub security: Security,
}

impl fmt::Display for Endpoint {
    /// For logs and tests; people read the catalog's form (`endpoint_text`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}:{} ({})", self.protocol, self.host, self.port, self.security)
    }
}

/// A pointer to one event of one operation, with what it showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The operation whose event it was.
    pub op: OpId,
    /// When it was seen: milliseconds since that operation started on the
    /// relay (the event's own `t_ms`).
    pub t_ms: u64,
    /// The event as a transcript line, in the report's language.
    pub observed: String,
}

/// The steps for one mail app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSteps {
    /// A stable key for the app (`outlook`, `apple-mail`, `thunderbird`,
    /// `ios-mail`, `gmail-app`), the same in every language.
    pub app: String,
    /// The app's name, as people know it.
    pub client: String,
    /// The menu path and what to set there, one step a line, in order.
    pub steps: Vec<String>,
}
