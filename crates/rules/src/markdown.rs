//! The report as Markdown, for a support ticket or a mail to the provider:
//! the same findings, fixes and evidence as the text report, in the
//! report's language, with nothing a person typed as a secret.

use core::fmt::Write as _;

use crate::catalog::{Args, Catalog};
use crate::{words, Comparison, Finding, Report, Severity};

fn mark(catalog: &Catalog, severity: Severity) -> String {
    let id = match severity {
        Severity::Error => "mark-error",
        Severity::Warning => "mark-warning",
        Severity::Info => "mark-info",
        Severity::Ok => "mark-ok",
    };
    catalog.text(id, &Args::new())
}

/// Server text is evidence and may hold anything; in a code span it stays
/// inert (no links, no HTML), so only backticks need taking out.
fn code_span(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

fn write_finding(out: &mut String, finding: &Finding, depth: usize, catalog: &Catalog) {
    let heading = "#".repeat((depth + 2).min(6));
    let _ = writeln!(
        out,
        "\n{heading} {} — {} ({})\n",
        mark(catalog, finding.severity),
        finding.title,
        code_span(finding.code.as_str())
    );
    if let Some(endpoint) = &finding.endpoint {
        let args = Args::new().text("server", words::endpoint(catalog, endpoint));
        let _ = writeln!(out, "*{}*\n", catalog.text("report-at", &args));
    }
    if !finding.explanation.is_empty() {
        let _ = writeln!(out, "{}\n", finding.explanation);
    }
    for (n, step) in finding.fix.iter().enumerate() {
        let _ = writeln!(out, "{}. {step}", n + 1);
    }
    for client in &finding.clients {
        let args = Args::new().text("app", client.client.clone()).text("steps", client.steps.join(" "));
        let _ = writeln!(out, "- {}", catalog.text("report-in-app", &args));
    }
    if !finding.evidence.is_empty() {
        let _ = writeln!(out, "\n```");
        for evidence in &finding.evidence {
            let _ = writeln!(out, "{:>6} ms  {}", evidence.t_ms, evidence.observed.replace("```", "'''"));
        }
        let _ = writeln!(out, "```");
    }
    for follower in &finding.follows {
        write_finding(out, follower, depth + 1, catalog);
    }
}

impl Report {
    /// The report as Markdown, in `catalog`'s language.
    pub fn to_markdown(&self, catalog: &Catalog) -> String {
        let args = Args::new().text("address", self.address.clone()).text("verdict", self.verdict(catalog));
        let mut out = format!("# {}\n", catalog.text("report-heading", &args));
        if let Some(line) = self.checked_from_line(catalog) {
            let _ = writeln!(out, "\n*{line}*");
        }
        for finding in &self.findings {
            write_finding(&mut out, finding, 0, catalog);
        }
        if !self.working.is_empty() {
            let _ = writeln!(out, "\n## {}\n", catalog.text("report-working", &self.working_args()));
            for endpoint in &self.working {
                let _ = writeln!(out, "- {}", words::endpoint(catalog, endpoint));
            }
        }
        out
    }
}

impl Comparison {
    /// The comparison as Markdown, to follow the report from here: which
    /// relay was the other place, whose fault it is, and each difference.
    pub fn to_markdown(&self, relay: &str, catalog: &Catalog) -> String {
        let heading = catalog.text("vantage-heading", &Args::new().text("relay", relay.to_owned()));
        let mut out = format!("\n## {heading}\n\n{}\n", self.verdict);
        for finding in &self.findings {
            write_finding(&mut out, finding, 0, catalog);
        }
        out
    }
}
