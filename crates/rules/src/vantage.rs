//! Two places' views of the same settings, compared per server and step:
//! the person's own computer ("here": `maildoctor check`, or a relay on it
//! with `serve --local`) and a relay on the internet ("there"). A relay far
//! away cannot see an ISP's port block, a hotel firewall, a VPN or an
//! antivirus that re-signs TLS; the person's computer cannot tell those
//! from a broken server. Side by side, the difference says whose fault it is.
//!
//! The comparison is a rule like any other: each place's probe becomes an
//! observation and a diagnosis, a difference becomes a typed cause
//! (`cause.rs` gives its code and severity), the items from here that it
//! explains fold under it, and `render` words it.

use core::net::IpAddr;

use maildoctor_wire::{TcpOutcome, TlsResult};
use serde::{Deserialize, Serialize};

use crate::catalog::{Args, Catalog};
use crate::cause::Cause;
use crate::item::Item;
use crate::observe::Observation;
use crate::report::{write_finding, Marks};
use crate::runs::{Run, Source};
use crate::{assess, render, Code, Finding, Report, Session};

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
    /// Whose fault it is, typed.
    pub fault: Fault,
    /// Whose fault it is, in one line.
    pub verdict: String,
    /// One finding per difference between the places, each with the
    /// findings from here it explains folded under it.
    pub findings: Vec<Finding>,
}

impl Comparison {
    /// The JSON of a check from two places, as the page downloads it (compact;
    /// the page indents it in JavaScript): `{here, there: {relay, report},
    /// comparison}`.
    pub fn to_json(&self, here: &Report, relay: &str, there: &Report) -> String {
        serde_json::to_string(&self.both(here, relay, there)).unwrap_or_else(|err| format!("{{\"error\":\"{err}\"}}"))
    }

    /// The same, indented, as `check --compare-relay --json` prints it.
    pub fn to_json_pretty(&self, here: &Report, relay: &str, there: &Report) -> String {
        serde_json::to_string_pretty(&self.both(here, relay, there))
            .unwrap_or_else(|err| format!("{{\"error\":\"{err}\"}}"))
    }

    fn both<'a>(&'a self, here: &'a Report, relay: &'a str, there: &'a Report) -> impl Serialize + 'a {
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
        Both { here, there: There { relay, report: there }, comparison: self }
    }

    /// What a share link carries beside the report from here: the other
    /// relay and the comparison (read back by `from_share_json`).
    pub fn to_share_json(&self, relay: &str) -> String {
        #[derive(Serialize)]
        struct Shared<'a> {
            relay: &'a str,
            comparison: &'a Comparison,
        }
        serde_json::to_string(&Shared { relay, comparison: self }).unwrap_or_default()
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

/// What one probe of one place saw, reduced to what can be compared: read
/// from its observation and its diagnosis, never from the events.
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
    fn of(run: &Run, runs: &[Run]) -> Option<Self> {
        let seen = Observation::of(run, runs)?;
        let diagnosis = assess::judge(run, runs)?;
        let leaf_issuer = match seen.tls.map(|t| t.what) {
            Some(TlsResult::Established { chain, .. }) => chain.first().map(|c| c.issuer.clone()),
            _ => None,
        };
        // STARTTLS as offered before TLS; AUTH wherever it was looked for.
        let before = seen.caps_plain.map(|c| c.what);
        let auth = seen.caps_tls.map(|c| c.what).or(before).map(|offered| !offered.mechanisms.is_empty());
        Some(View {
            addresses: seen.addresses(),
            connected: seen.connected(),
            refused_how: seen.tcp.iter().map(|t| t.what.1).find(|o| *o != TcpOutcome::Connected),
            leaf_issuer,
            starttls: before.map(|offered| offered.starttls),
            auth,
            works: diagnosis.works,
            root: diagnosis.items.iter().find(|i| i.is_error()).map(Item::code),
        })
    }
}

/// Whose fault a difference shows; `None` for a cause that is not a
/// comparison's.
fn fault(cause: &Cause) -> Option<Fault> {
    match cause {
        Cause::AnswersDifferHere { .. }
        | Cause::BlockedHere { .. }
        | Cause::StrippedHere { .. }
        | Cause::FailsOnlyHere => Some(Fault::YourNetwork),
        Cause::InterceptedHere { .. } => Some(Fault::YourDevice),
        Cause::FailsInBoth => Some(Fault::ServerOrSettings),
        _ => None,
    }
}

/// The first thing that differs for one server, in step order: the name's
/// addresses, the connection, the certificate's issuer, what the server
/// offers; else whether it fails here only, or in both places alike.
/// `own`: the person's settings (or the provider's), not an alternative
/// the planner tried; only those are worth a shared failure's finding.
fn difference(here: &View, there: &View, own: bool) -> Option<Cause> {
    if here.addresses != there.addresses {
        return Some(Cause::AnswersDifferHere { here: here.addresses.clone(), there: there.addresses.clone() });
    }
    if there.connected && !here.connected {
        return Some(Cause::BlockedHere { how: here.refused_how.unwrap_or(TcpOutcome::TimedOut) });
    }
    if let (Some(mine), Some(theirs)) = (&here.leaf_issuer, &there.leaf_issuer) {
        if mine != theirs {
            return Some(Cause::InterceptedHere { here: mine.clone(), there: theirs.clone() });
        }
    }
    if there.starttls == Some(true) && here.starttls == Some(false) {
        return Some(Cause::StrippedHere { what: "STARTTLS" });
    }
    if there.auth == Some(true) && here.auth == Some(false) {
        return Some(Cause::StrippedHere { what: "AUTH" });
    }
    if !own {
        return None;
    }
    match (here.root, there.root) {
        (Some(_), _) if there.works => Some(Cause::FailsOnlyHere),
        (Some(mine), Some(theirs)) if mine == theirs => Some(Cause::FailsInBoth),
        _ => None,
    }
}

/// Takes the items `about` picks out of `items`, wherever they are folded:
/// a port blocked here may sit under "no working server found".
fn take_anywhere(items: &mut Vec<Item>, about: &impl Fn(&Item) -> bool) -> Vec<Item> {
    let mut taken = Vec::new();
    let mut kept = Vec::new();
    for mut item in items.drain(..) {
        if about(&item) {
            taken.push(item);
        } else {
            taken.extend(take_anywhere(&mut item.follows, about));
            kept.push(item);
        }
    }
    *items = kept;
    taken
}

/// The differences between what `here` and `there` saw of the same
/// servers, as items, each with the items from here it explains folded
/// under it; and whether anything from here is wrong at all.
fn differences(here: &Session, there: &Session) -> (Vec<Item>, bool) {
    let blocked = here.vantage().map_or(&[][..], |v| &v.blocked_ports[..]);
    let (here_runs, there_runs) = (here.runs(), there.runs());
    let (mut from_here, _) = assess::session_through(here_runs, here.domain(), here.is_whole(), blocked);
    // Guesses that fail alike in both places are no one's fault; what is
    // wrong from here is what the diagnosis from here calls an error.
    let wrong_here = from_here.iter().any(Item::is_error);
    let mut found: Vec<Item> = Vec::new();
    for mine in here_runs.iter().filter(|r| r.done) {
        let Some((at, source, _)) = mine.probe() else { continue };
        let own = matches!(source, Source::Given | Source::Expected);
        let Some(theirs) = there_runs.iter().find(|r| r.done && r.probe().is_some_and(|(e, _, _)| e == at)) else {
            continue;
        };
        let (Some(mine), Some(theirs)) = (View::of(mine, here_runs), View::of(theirs, there_runs)) else {
            continue;
        };
        let Some(cause) = difference(&mine, &theirs, own) else { continue };
        // One name's differing answers are told once, not per port, and
        // fold every finding about that name.
        let by_name = matches!(cause, Cause::AnswersDifferHere { .. });
        let told = |i: &Item| {
            matches!(i.cause, Cause::AnswersDifferHere { .. }) && i.endpoint.as_ref().is_some_and(|e| e.host == at.host)
        };
        if by_name && found.iter().any(told) {
            continue;
        }
        let about = |i: &Item| i.endpoint.as_ref().is_some_and(|e| e == at || (by_name && e.host == at.host));
        let mut item = Item::new(cause).at(at);
        item.follows = take_anywhere(&mut from_here, &about);
        found.push(item);
    }
    (found, wrong_here)
}

/// Compares what `here` and `there` saw of the same servers. Only servers
/// both places probed are compared; each difference folds the findings
/// from here about that server.
pub fn compare(here: &Session, there: &Session, catalog: &Catalog) -> Comparison {
    let (found, wrong_here) = differences(here, there);
    let faults: Vec<Fault> = found.iter().filter_map(|i| fault(&i.cause)).collect();
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
    // What folds from here reads as in the report from here.
    let relay = here.vantage().and_then(|v| render::relay_from(v, catalog));
    let findings = found.iter().map(|item| render::finding_from(item, catalog, relay.as_deref())).collect();
    Comparison { fault, verdict: catalog.text(id, &Args::new()), findings }
}
