//! Two places' views of the same settings, compared per server and step:
//! the person's own computer ("here": `maildoctor check`, or a relay on it
//! with `serve --local`) and a relay on the internet ("there"). A relay far
//! away cannot see an ISP's port block, a hotel firewall, a VPN or an
//! antivirus that re-signs TLS; the person's computer cannot tell those
//! from a broken server. Side by side, the difference says whose fault it is.

use core::net::IpAddr;

use maildoctor_wire::{DnsRecord, Event, TcpOutcome, TlsResult};
use serde::{Deserialize, Serialize};

use crate::catalog::{Args, Catalog};
use crate::report::{write_finding, Marks};
use crate::runs::Run;
use crate::words::endpoint as endpoint_words;
use crate::{assess, Code, Endpoint, Evidence, Finding, Report, Session, Severity};

/// Whose fault a failure is, as far as two places can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// Something between this computer and the internet: a firewall, an
    /// ISP's block, a filtering or stale resolver.
    YourNetwork,
    /// Something on this computer or its network that re-signs TLS.
    YourDevice,
    /// The same from both places: the mail server, or the settings.
    ServerOrSettings,
    /// Both places reach every server alike, and it works.
    Nobody,
}

/// The comparison: one line of whose fault it is, and a finding for each
/// difference, folding the findings from here that it explains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub fault: Fault,
    /// Whose fault it is, in one line.
    pub verdict: String,
    pub findings: Vec<Finding>,
}

impl Comparison {
    /// The JSON of a check from two places, as `check --compare-relay --json`
    /// prints it and the page downloads it: `{here, there: {relay, report},
    /// comparison}`.
    pub fn to_json(&self, here: &Report, relay: &str, there: &Report) -> String {
        // Borrowed structs, not `json!`: a `Value` would compile a second
        // serializer of every report type into the page.
        #[derive(Serialize)]
        struct Both<'a> {
            here: &'a Report,
            there: There<'a>,
            comparison: &'a Comparison,
        }
        #[derive(Serialize)]
        struct There<'a> {
            relay: &'a str,
            report: &'a Report,
        }
        let both = Both { here, there: There { relay, report: there }, comparison: self };
        serde_json::to_string_pretty(&both).unwrap_or_else(|err| format!("{{\"error\":\"{err}\"}}"))
    }

    /// As a terminal shows it after the report from here: which relay was
    /// the other place, whose fault it is, and each difference.
    pub fn to_text(&self, relay: &str, catalog: &Catalog) -> String {
        use core::fmt::Write as _;
        let mut out = String::new();
        let _ = writeln!(out, "\n{}", catalog.text("vantage-heading", &Args::new().text("relay", relay.to_owned())));
        let _ = writeln!(out, "{}", self.verdict);
        let marks = Marks::new(catalog);
        for finding in &self.findings {
            write_finding(&mut out, finding, 0, &marks, catalog);
        }
        out
    }
}

/// What one probe of one place saw, reduced to what can be compared.
struct View {
    addresses: Vec<IpAddr>,
    connected: bool,
    refused_how: Option<TcpOutcome>,
    leaf_issuer: Option<String>,
    starttls: Option<bool>,
    auth: Option<bool>,
    works: bool,
    root: Option<Code>,
}

impl View {
    fn of(run: &Run, runs: &[Run]) -> Self {
        let mut addresses: Vec<IpAddr> = run
            .events
            .iter()
            .filter_map(|(_, e)| match e {
                Event::Dns { records, .. } => Some(records.iter().filter_map(DnsRecord::address)),
                _ => None,
            })
            .flatten()
            .collect();
        addresses.sort();
        addresses.dedup();
        let tcp = |wanted: fn(&TcpOutcome) -> bool| {
            run.events.iter().find_map(|(_, e)| match e {
                Event::Tcp { outcome, .. } if wanted(outcome) => Some(*outcome),
                _ => None,
            })
        };
        let leaf_issuer = run.events.iter().find_map(|(_, e)| match e {
            Event::Tls { result: TlsResult::Established { chain, .. }, .. } => chain.first().map(|c| c.issuer.clone()),
            _ => None,
        });
        // STARTTLS as offered before TLS; AUTH wherever it was looked for.
        let capabilities = |tls: bool| {
            run.events.iter().find_map(|(_, e)| match e {
                Event::Capabilities { tls: t, offered, .. } if *t == tls => Some(offered),
                _ => None,
            })
        };
        let before = capabilities(false);
        let auth = capabilities(true).or(before).map(|offered| !offered.mechanisms.is_empty());
        View {
            addresses,
            connected: tcp(|o| *o == TcpOutcome::Connected).is_some(),
            refused_how: tcp(|o| *o != TcpOutcome::Connected),
            leaf_issuer,
            starttls: before.map(|offered| offered.starttls),
            auth,
            works: assess::works(run, runs),
            root: assess::root_code(run, runs),
        }
    }
}

/// One difference between the places, or one failure they share.
enum Difference {
    DnsDiffers { here: Vec<IpAddr>, there: Vec<IpAddr> },
    BlockedHere { how: TcpOutcome },
    InterceptedHere { here: String, there: String },
    StrippedHere { what: &'static str },
    OnlyHere,
    SameFailure,
}

impl Difference {
    fn code(&self) -> Code {
        match self {
            Difference::DnsDiffers { .. } => Code::VantageDnsDiffers,
            Difference::BlockedHere { .. } => Code::VantageBlockedHere,
            Difference::InterceptedHere { .. } => Code::VantageInterceptedHere,
            Difference::StrippedHere { .. } => Code::VantageStrippedHere,
            Difference::OnlyHere => Code::VantageOnlyHere,
            Difference::SameFailure => Code::VantageSameFailure,
        }
    }

    fn fault(&self) -> Fault {
        match self {
            Difference::InterceptedHere { .. } => Fault::YourDevice,
            Difference::SameFailure => Fault::ServerOrSettings,
            _ => Fault::YourNetwork,
        }
    }
}

/// The first thing that differs for one server, in step order: the name's
/// addresses, the connection, the certificate's issuer, what the server
/// offers; else whether it fails here only, or in both places alike.
/// `own`: the person's settings (or the provider's), not an alternative
/// the planner tried; only those are worth a shared failure's finding.
fn difference(here: &View, there: &View, own: bool) -> Option<Difference> {
    if here.addresses != there.addresses {
        return Some(Difference::DnsDiffers { here: here.addresses.clone(), there: there.addresses.clone() });
    }
    if there.connected && !here.connected {
        return Some(Difference::BlockedHere { how: here.refused_how.unwrap_or(TcpOutcome::TimedOut) });
    }
    if let (Some(mine), Some(theirs)) = (&here.leaf_issuer, &there.leaf_issuer) {
        if mine != theirs {
            return Some(Difference::InterceptedHere { here: mine.clone(), there: theirs.clone() });
        }
    }
    if there.starttls == Some(true) && here.starttls == Some(false) {
        return Some(Difference::StrippedHere { what: "STARTTLS" });
    }
    if there.auth == Some(true) && here.auth == Some(false) {
        return Some(Difference::StrippedHere { what: "AUTH" });
    }
    if !own {
        return None;
    }
    match (here.root, there.root) {
        (Some(_), _) if there.works => Some(Difference::OnlyHere),
        (Some(mine), Some(theirs)) if mine == theirs => Some(Difference::SameFailure),
        _ => None,
    }
}

fn list(addresses: &[IpAddr], catalog: &Catalog) -> String {
    if addresses.is_empty() {
        return catalog.text("vantage-no-address", &Args::new());
    }
    addresses.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", ")
}

fn finding(found: &Difference, at: &Endpoint, follows: Vec<Finding>, catalog: &Catalog) -> Finding {
    let server = || Args::new().text("server", endpoint_words(catalog, at));
    let failure = follows.first().map(|f| f.title.clone()).unwrap_or_default();
    let (id, args) = match found {
        Difference::DnsDiffers { here, there } => (
            "vantage-dns-differs",
            Args::new()
                .text("host", at.host.clone())
                .text("here", list(here, catalog))
                .text("there", list(there, catalog)),
        ),
        Difference::BlockedHere { how } => {
            let how = catalog.text(crate::describe::tcp_outcome_id(*how), &Args::new());
            ("vantage-blocked-here", server().text("port", at.port.to_string()).text("how", how))
        }
        Difference::InterceptedHere { here, there } => {
            ("vantage-intercepted-here", server().text("here", here.clone()).text("there", there.clone()))
        }
        Difference::StrippedHere { what } => ("vantage-stripped-here", server().text("what", *what)),
        Difference::OnlyHere => ("vantage-only-here", server().text("failure", failure)),
        Difference::SameFailure => ("vantage-same-failure", server().text("failure", failure)),
    };
    Finding {
        code: found.code(),
        severity: Severity::Error,
        title: catalog.text(id, &args),
        explanation: catalog.attribute(id, "why", &args).unwrap_or_default(),
        fix: catalog.numbered(id, "fix-", &args),
        endpoint: Some(at.clone()),
        evidence: Vec::<Evidence>::new(),
        clients: Vec::new(),
        follows,
    }
}

/// Takes the findings `about` picks out of `findings`, wherever they are
/// folded: a port blocked here may sit under "no working server found".
fn take_about(findings: &mut Vec<Finding>, about: &impl Fn(&Finding) -> bool) -> Vec<Finding> {
    let mut taken = Vec::new();
    let mut kept = Vec::new();
    for mut finding in findings.drain(..) {
        if about(&finding) {
            taken.push(finding);
        } else {
            taken.extend(take_about(&mut finding.follows, about));
            kept.push(finding);
        }
    }
    *findings = kept;
    taken
}

/// Compares what `here` and `there` saw of the same servers. Only servers
/// both places probed are compared; each difference folds the findings
/// from here about that server.
pub fn compare(here: &Session, there: &Session, catalog: &Catalog) -> Comparison {
    let from_here = here.report(catalog);
    // Guesses that fail alike in both places are no one's fault; what is
    // wrong from here is what the report from here calls an error.
    let wrong_here = from_here.has_errors();
    let mut from_here = from_here.findings;
    let mut findings = Vec::new();
    let mut faults = Vec::new();
    let mut names_told: Vec<String> = Vec::new();
    for mine in here.runs().iter().filter(|r| r.probe().is_some() && r.done) {
        let Some((at, source, _)) = mine.probe() else { continue };
        let own = matches!(source, crate::Source::Given | crate::Source::Expected);
        let Some(theirs) = there.runs().iter().find(|r| r.done && r.probe().is_some_and(|(e, _, _)| e == at)) else {
            continue;
        };
        let (mine, theirs) = (View::of(mine, here.runs()), View::of(theirs, there.runs()));
        let Some(found) = difference(&mine, &theirs, own) else { continue };
        // One name's differing answers are told once, not per port.
        if matches!(found, Difference::DnsDiffers { .. }) {
            if names_told.contains(&at.host) {
                continue;
            }
            names_told.push(at.host.clone());
        }
        let by_name = matches!(found, Difference::DnsDiffers { .. });
        let about = |f: &Finding| f.endpoint.as_ref().is_some_and(|e| e == at || (by_name && e.host == at.host));
        let explained = take_about(&mut from_here, &about);
        faults.push(found.fault());
        findings.push(finding(&found, at, explained, catalog));
    }
    // The person's network is named before a shared failure: a block here
    // hides whatever the server would have done.
    let fault = [Fault::YourNetwork, Fault::YourDevice, Fault::ServerOrSettings]
        .into_iter()
        .find(|f| faults.contains(f))
        .unwrap_or(if wrong_here { Fault::ServerOrSettings } else { Fault::Nobody });
    let id = match fault {
        Fault::YourNetwork => "vantage-verdict-network",
        Fault::YourDevice => "vantage-verdict-device",
        Fault::ServerOrSettings => "vantage-verdict-server",
        Fault::Nobody => "vantage-verdict-nobody",
    };
    Comparison { fault, verdict: catalog.text(id, &Args::new()), findings }
}
