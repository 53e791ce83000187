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

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use maildoctor_wire::{MailProtocol, Security};

    use super::*;
    use crate::{ClientSteps, Code, Evidence};

    /// The schema people build on (`docs/report.md`), read at compile time.
    const DOC: &str = include_str!("../../../docs/report.md");

    /// The names in the first column of the doc's table under `heading`.
    fn documented(heading: &str) -> Vec<String> {
        let section = DOC.split(heading).nth(1).unwrap_or_else(|| panic!("no {heading:?} in docs/report.md"));
        let table = section.split("\n\n").find(|block| block.trim_start().starts_with('|')).expect("a table");
        table.lines().skip(2).filter_map(|row| row.split('`').nth(1)).map(str::to_owned).collect()
    }

    fn keys(value: &serde_json::Value) -> Vec<String> {
        value.as_object().expect("an object").keys().cloned().collect()
    }

    #[test]
    fn every_code_is_documented_and_every_documented_code_exists() {
        let documented = documented("## Codes");
        for code in Code::ALL {
            assert!(documented.iter().any(|d| d == code.as_str()), "{code} is not in docs/report.md");
        }
        for code in &documented {
            assert!(Code::parse(code).is_some(), "docs/report.md lists {code}, which does not exist");
        }
    }

    #[test]
    fn the_documented_fields_are_the_serialized_ones() {
        let endpoint = Endpoint { host: "h".into(), port: 1, protocol: MailProtocol::Imap, security: Security::Tls };
        let mut finding = Finding::new(Code::OkIncoming, Severity::Ok, "t").at(&endpoint);
        finding.evidence.push(Evidence { op: 1, t_ms: 0, observed: "o".into() });
        finding.clients.push(ClientSteps { client: "c".into(), steps: vec![] });
        finding.follows.push(finding.clone());
        let report = Report {
            version: REPORT_VERSION,
            address: "a@b.c".into(),
            complete: true,
            findings: vec![finding],
            working: vec![endpoint],
        };
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).expect("JSON");
        let sorted = |mut names: Vec<String>| {
            names.sort();
            names
        };
        assert_eq!(sorted(keys(&json)), sorted(documented("Report:")));
        assert_eq!(sorted(keys(&json["findings"][0])), sorted(documented("Finding:")));
    }
}
