use core::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::{Endpoint, Finding, Severity};

/// Bumped when a field of the JSON report is removed or changes meaning.
pub const REPORT_VERSION: u32 = 1;

/// The diagnosis, the same in the page, the terminal and `--json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub version: u32,
    pub address: String,
    /// False while operations are still running.
    pub complete: bool,
    /// Root causes first (errors, then warnings, info, ok); what follows from a
    /// root cause is folded under it in [`Finding::follows`].
    pub findings: Vec<Finding>,
    /// Settings that were seen to work.
    pub working: Vec<Endpoint>,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|err| format!("{{\"error\":\"{err}\"}}"))
    }

    /// The report as a terminal shows it.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let verdict = if !self.complete {
            "still checking"
        } else if self.has_errors() {
            "problems found"
        } else if self.findings.iter().any(|f| f.severity == Severity::Warning) {
            "works, with warnings"
        } else {
            "no problems found"
        };
        let _ = writeln!(out, "maildoctor: {} — {verdict}", self.address);
        for finding in &self.findings {
            write_finding(&mut out, finding, 0);
        }
        if !self.working.is_empty() {
            let _ = writeln!(out, "\nSettings that work:");
            for endpoint in &self.working {
                let _ = writeln!(out, "  {endpoint}");
            }
        }
        out
    }
}

fn write_finding(out: &mut String, finding: &Finding, depth: usize) {
    let pad = "  ".repeat(depth);
    let mark = match finding.severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARN ",
        Severity::Info => "INFO ",
        Severity::Ok => "OK   ",
    };
    let _ = writeln!(out, "\n{pad}{mark} [{}] {}", finding.code, finding.title);
    if let Some(endpoint) = &finding.endpoint {
        let _ = writeln!(out, "{pad}      at {endpoint}");
    }
    if !finding.explanation.is_empty() {
        let _ = writeln!(out, "{pad}      {}", finding.explanation);
    }
    for (n, step) in finding.fix.iter().enumerate() {
        let _ = writeln!(out, "{pad}      {}. {step}", n + 1);
    }
    for client in &finding.clients {
        let _ = writeln!(out, "{pad}      In {}: {}", client.client, client.steps.join(" "));
    }
    for evidence in &finding.evidence {
        let _ = writeln!(out, "{pad}      seen: {}", evidence.observed);
    }
    for follower in &finding.follows {
        write_finding(out, follower, depth + 1);
    }
}
