use core::fmt;

use maildoctor_wire::{MailProtocol, OpId, Security};
use serde::{Deserialize, Serialize};

use crate::{ClientSteps, Code, Severity};

/// One conclusion, in the person's words, with the proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub title: String,
    /// Why this happens, in plain words.
    pub explanation: String,
    /// What to do, in order.
    pub fix: Vec<String>,
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

impl Finding {
    pub(crate) fn new(code: Code, severity: Severity, title: impl Into<String>) -> Self {
        Self {
            code,
            severity,
            title: title.into(),
            explanation: String::new(),
            fix: Vec::new(),
            endpoint: None,
            evidence: Vec::new(),
            clients: Vec::new(),
            follows: Vec::new(),
        }
    }

    pub(crate) fn because(mut self, explanation: impl Into<String>) -> Self {
        self.explanation = explanation.into();
        self
    }

    pub(crate) fn fix(mut self, step: impl Into<String>) -> Self {
        self.fix.push(step.into());
        self
    }

    pub(crate) fn at(mut self, endpoint: &Endpoint) -> Self {
        self.endpoint = Some(endpoint.clone());
        self
    }

    pub(crate) fn clients(mut self, steps: Vec<ClientSteps>) -> Self {
        self.clients = steps;
        self
    }

    pub(crate) fn proof(mut self, evidence: Evidence) -> Self {
        self.evidence.push(evidence);
        self
    }
}

/// A mail server as a mail client's settings name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Endpoint {
    pub host: String,
    pub port: u16,
    pub protocol: MailProtocol,
    pub security: Security,
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}:{} ({})", self.protocol, self.host, self.port, self.security)
    }
}

/// A pointer to one event of one operation, with what it showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub op: OpId,
    pub t_ms: u64,
    pub observed: String,
}
