use core::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::catalog::{Args, Catalog};
use crate::progress::ProbeSteps;
use crate::untested::{Untested, Verdict};
use crate::{words, Code, Endpoint, Finding, Severity};

/// Bumped when a field of the JSON report is removed or changes meaning.
pub const REPORT_VERSION: u32 = 1;

/// The diagnosis, the same in the page, the terminal and `--json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The [`REPORT_VERSION`] it was written with.
    pub version: u32,
    /// The language of every sentence in it (`en`, `de`). Codes, fields and
    /// the server's own words are the same in every language.
    pub language: String,
    /// The mail address that was checked, as typed (trimmed).
    pub address: String,
    /// False while operations are still running.
    pub complete: bool,
    /// Root causes first (errors, then warnings, info, ok); what follows from a
    /// root cause is folded under it in [`Finding::follows`].
    pub findings: Vec<Finding>,
    /// Settings that were seen to work.
    pub working: Vec<Endpoint>,
    /// A password was given, and working servers were found that it was not
    /// sent to, because they are not the domain's own (guessed names, a
    /// provider found by MX). Asking again with consent tests it there
    /// (the page's button; `check --login-discovered`).
    #[serde(default)]
    pub ask_consent: bool,
    /// The username a server accepted (or, when none did, the one given):
    /// what the working settings should say. Never the secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// Every probe step by step, for the page's timeline and pictures.
    #[serde(default)]
    pub probes: Vec<ProbeSteps>,
    /// How far the verdict is proven, as [`Report::state`] computes it
    /// when the report is made (for scripts reading the JSON).
    #[serde(default)]
    pub verdict: Verdict,
    /// What the check did not prove, and why: while anything is here and
    /// nothing is an error, the verdict is "not verified", never "no problems".
    #[serde(default)]
    pub untested: Vec<Untested>,
    /// Where the checks ran; none in a report from before it was said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_from: Option<CheckedFrom>,
    /// Each server's leaf certificate: the next check of the same server
    /// compares with it (`Request::previous_certificates`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<crate::SeenCertificate>,
    /// A server accepted an OAuth 2.0 token (XOAUTH2 or OAUTHBEARER), not a
    /// password: settings handed to an app must say so, since a provider
    /// that takes tokens may refuse the password.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub signed_in_with_token: bool,
}

/// Where the checks ran: the person's own computer, or a relay elsewhere,
/// named as its operator names it in its hello. What a relay elsewhere saw
/// of the network path is that relay's network, not the person's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedFrom {
    /// On the person's own computer (`check`, `serve --local`).
    pub local: bool,
    /// The relay's name ("Example Mail"), if its operator set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the relay runs ("Frankfurt"), if its operator said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The place in the report's language: "this computer", "the relay
    /// Example Mail (Frankfurt)".
    pub text: String,
}

impl Report {
    /// The arguments of the "settings that work" heading: they work only
    /// when everything was tested to the end (a login included).
    pub fn working_args(&self) -> Args<'static> {
        Args::new().text("proven", if self.untested.is_empty() { "yes" } else { "no" })
    }

    /// Whether any root cause is an error: mail cannot work as set up
    /// (`check` exits non-zero).
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The report as compact JSON: the page pretty-prints its downloads in
    /// JavaScript, so the WebAssembly carries no second JSON writer.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|err| format!("{{\"error\":\"{err}\"}}"))
    }

    /// The report as indented JSON, for the terminal.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|err| format!("{{\"error\":\"{err}\"}}"))
    }

    /// How far the verdict is proven, from the findings and what was not
    /// tested (a report read back from an older share link has no stored state).
    pub fn state(&self) -> Verdict {
        if !self.complete {
            Verdict::Checking
        } else if self.has_errors() {
            Verdict::Problems
        } else if !self.untested.is_empty() {
            Verdict::NotVerified
        } else if self.findings.iter().any(|f| f.severity == Severity::Warning) {
            Verdict::Warnings
        } else {
            Verdict::Fine
        }
    }

    /// The verdict in one line: for a report that is not verified, what
    /// was not tested and why.
    pub fn verdict(&self, catalog: &Catalog) -> String {
        let id = match self.state() {
            Verdict::Checking => "verdict-checking",
            Verdict::Problems => "verdict-problems",
            Verdict::NotVerified => {
                let what = self.untested.first().map(|u| u.short(catalog)).unwrap_or_default();
                return catalog.text("verdict-not-verified", &Args::new().text("what", what));
            }
            Verdict::Warnings => "verdict-warnings",
            Verdict::Fine => "verdict-fine",
        };
        catalog.text(id, &Args::new())
    }

    /// "Checked from: this computer", when the report says where.
    pub fn checked_from_line(&self, catalog: &Catalog) -> Option<String> {
        let place = self.checked_from.as_ref()?.text.clone();
        Some(catalog.text("report-checked-from", &Args::new().text("place", place)))
    }

    /// The report as a terminal shows it, in `catalog`'s language.
    pub fn to_text(&self, catalog: &Catalog) -> String {
        let mut out = String::new();
        let args = Args::new().text("address", self.address.clone()).text("verdict", self.verdict(catalog));
        let _ = writeln!(out, "{}", catalog.text("report-heading", &args));
        if let Some(line) = self.checked_from_line(catalog) {
            let _ = writeln!(out, "{line}");
        }
        for untested in &self.untested {
            let _ = writeln!(out, "  - {}", untested.title);
        }
        let mut commands: Vec<String> = self.untested.iter().filter_map(|u| u.command(&self.address)).collect();
        commands.dedup();
        for command in commands {
            let _ = writeln!(out, "{}", catalog.text("untested-how-cli", &Args::new().text("command", command)));
        }
        let marks = Marks::new(catalog);
        for finding in &self.findings {
            write_finding(&mut out, finding, 0, &marks, catalog);
        }
        if !self.working.is_empty() {
            let _ = writeln!(out, "\n{}", catalog.text("report-working", &self.working_args()));
            for endpoint in &self.working {
                let _ = writeln!(out, "  {}", words::endpoint(catalog, endpoint));
            }
        }
        out
    }
}

/// The severity marks of the text report, padded to one width.
pub(crate) struct Marks {
    marks: [String; 4],
    width: usize,
}

impl Marks {
    pub(crate) fn new(catalog: &Catalog) -> Self {
        let marks = ["mark-error", "mark-warning", "mark-info", "mark-ok"].map(|id| catalog.text(id, &Args::new()));
        let width = marks.iter().map(|m| m.chars().count()).max().unwrap_or(0);
        Marks { marks, width }
    }

    fn of(&self, severity: Severity) -> String {
        let mark = &self.marks[severity as usize];
        format!("{mark:<width$}", width = self.width)
    }
}

pub(crate) fn write_finding(out: &mut String, finding: &Finding, depth: usize, marks: &Marks, catalog: &Catalog) {
    let pad = "  ".repeat(depth);
    let indent = " ".repeat(marks.width + 1);
    let _ = writeln!(out, "\n{pad}{} [{}] {}", marks.of(finding.severity), finding.code, finding.title);
    if let Some(endpoint) = &finding.endpoint {
        let args = Args::new().text("server", words::endpoint(catalog, endpoint));
        let _ = writeln!(out, "{pad}{indent}{}", catalog.text("report-at", &args));
    }
    if !finding.explanation.is_empty() {
        let _ = writeln!(out, "{pad}{indent}{}", finding.explanation);
    }
    for (n, step) in finding.fix.iter().enumerate() {
        let _ = writeln!(out, "{pad}{indent}{}. {step}", n + 1);
    }
    for client in &finding.clients {
        let args = Args::new().text("app", client.client.clone()).text("steps", client.steps.join(" "));
        let _ = writeln!(out, "{pad}{indent}{}", catalog.text("report-in-app", &args));
    }
    for evidence in &finding.evidence {
        let args = Args::new().text("observed", evidence.observed.clone());
        let _ = writeln!(out, "{pad}{indent}{}", catalog.text("report-seen", &args));
    }
    if finding.code == Code::DiscoveryNone {
        write_tried(out, &finding.follows, &format!("{pad}{indent}"), catalog);
        return;
    }
    for follower in &finding.follows {
        write_finding(out, follower, depth + 1, marks, catalog);
    }
}

/// The servers a fruitless search tried, one line per way they failed:
/// "tried 8 usual names (imap.…, mail.…): none exist", not eight cards.
fn write_tried(out: &mut String, tried: &[Finding], pad: &str, catalog: &Catalog) {
    let mut codes: Vec<Code> = tried.iter().map(|f| f.code).collect();
    codes.dedup();
    codes.sort();
    codes.dedup();
    for code in codes {
        let group: Vec<&Finding> = tried.iter().filter(|f| f.code == code).collect();
        let mut hosts: Vec<String> = group.iter().filter_map(|f| f.endpoint.as_ref().map(|e| e.host.clone())).collect();
        hosts.dedup();
        let line = if code == Code::DnsNxdomain {
            let args = Args::new().number("count", hosts.len() as u64).text("hosts", hosts.join(", "));
            catalog.text("report-tried-missing", &args)
        } else {
            let servers: Vec<String> =
                group.iter().filter_map(|f| f.endpoint.as_ref()).map(|e| format!("{}:{}", e.host, e.port)).collect();
            let title = group.first().map(|f| f.title.clone()).unwrap_or_default();
            catalog.text("report-tried", &Args::new().text("servers", servers.join(", ")).text("outcome", title))
        };
        let _ = writeln!(out, "{pad}{line}");
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use maildoctor_wire::{MailProtocol, Security};

    use super::*;
    use crate::{ClientSteps, Evidence};

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
        let mut finding = Finding {
            code: Code::OkIncoming,
            severity: Severity::Ok,
            title: "t".into(),
            explanation: String::new(),
            fix: vec![],
            endpoint: Some(endpoint.clone()),
            evidence: vec![Evidence { op: 1, t_ms: 0, observed: "o".into() }],
            clients: vec![ClientSteps { app: "a".into(), client: "c".into(), steps: vec![] }],
            follows: vec![],
        };
        finding.follows.push(finding.clone());
        let report = Report {
            version: REPORT_VERSION,
            language: "en".into(),
            address: "a@b.c".into(),
            complete: true,
            findings: vec![finding],
            working: vec![endpoint],
            ask_consent: false,
            username: Some("a".into()),
            probes: vec![],
            verdict: Verdict::Fine,
            untested: vec![],
            checked_from: Some(CheckedFrom {
                local: false,
                name: Some("n".into()),
                region: Some("r".into()),
                text: "t".into(),
            }),
            certificates: vec![crate::SeenCertificate {
                host: "h".into(),
                port: 993,
                sha256: "00".into(),
                issuer: "O=i".into(),
                not_before: "2026-01-01T00:00:00Z".into(),
                not_after: "2026-04-01T00:00:00Z".into(),
            }],
            signed_in_with_token: true,
        };
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).expect("JSON");
        let sorted = |mut names: Vec<String>| {
            names.sort();
            names
        };
        assert_eq!(sorted(keys(&json)), sorted(documented("Report:")));
        assert_eq!(sorted(keys(&json["findings"][0])), sorted(documented("Finding:")));
        assert_eq!(sorted(keys(&json["checked_from"])), sorted(documented("CheckedFrom:")));
    }
}
