//! The whole session's diagnosis, as typed items: every probe's causes in
//! step order, then the session-level folds, root causes first.

use crate::cause::Cause;
use crate::diagnose::{self, Diagnosis};
use crate::item::Item;
use crate::observe::Observation;
use crate::runs::{Job, Run};
use crate::{discover, fold, Code, Endpoint, Severity};

/// One probe's diagnosis, with its login retry folded in.
pub(crate) fn judge(run: &Run, runs: &[Run]) -> Option<Diagnosis> {
    run.probe()?;
    Observation::of(run, runs).map(|seen| diagnose::probe(&seen))
}

/// Whether `run`'s settings were seen to work.
pub(crate) fn works(run: &Run, runs: &[Run]) -> bool {
    judge(run, runs).is_some_and(|d| d.works)
}

/// The code of `run`'s root cause, if it failed.
pub(crate) fn root_code(run: &Run, runs: &[Run]) -> Option<Code> {
    judge(run, runs)?.items.iter().find(|i| i.is_error()).map(|i| i.code())
}

/// `run` failed at a step another port or security of the same server
/// could pass: the connection, TLS, the greeting, the capabilities,
/// STARTTLS, or a login that needs encryption first. Not a name that does
/// not resolve, a certificate, or a password.
pub(crate) fn port_or_security_failed(run: &Run, runs: &[Run]) -> bool {
    let Some(diagnosis) = judge(run, runs) else { return false };
    let Some(root) = diagnosis.items.iter().find(|i| i.is_error()) else { return false };
    matches!(
        root.code(),
        Code::TcpRefused
            | Code::TcpFiltered
            | Code::TcpUnreachable
            | Code::SettingsTlsOnPlainPort
            | Code::SettingsPlainOnTlsPort
            | Code::SettingsProtocolMismatch
            | Code::StarttlsNotOffered
            | Code::StarttlsFailed
            | Code::StarttlsRequired
            | Code::AuthPlaintextDisallowed
            | Code::TlsHandshakeFailed
            | Code::ServerNoGreeting
            | Code::NetworkIntercepted
    )
}

/// Every item of the session, root causes first, and the settings that
/// work, checked through a relay that cannot reach the `blocked` ports at
/// all (its hello says so; none for a check on this computer).
pub(crate) fn session_through(
    runs: &[Run],
    domain: &str,
    complete: bool,
    blocked: &[u16],
) -> (Vec<Item>, Vec<Endpoint>) {
    let diagnoses: Vec<(&Run, Diagnosis)> = runs.iter().filter_map(|r| judge(r, runs).map(|d| (r, d))).collect();
    let judged: Vec<discover::Judged<'_>> = diagnoses.iter().map(|(r, d)| (*r, d)).collect();
    let observations: Vec<Observation<'_>> =
        runs.iter().filter(|r| r.probe().is_some()).filter_map(|r| Observation::of(r, runs)).collect();

    let mut items = Vec::new();
    let mut working = Vec::new();
    for (run, diagnosis) in diagnoses.iter().filter(|(r, _)| r.is_given()) {
        if diagnosis.works {
            working.extend(run.endpoint().cloned());
        }
        items.extend(diagnosis.items.iter().cloned());
    }
    fold::broken_aliases(runs, &mut items);
    fold::stale_resolver(runs, &mut items);
    fold::compare_resolvers(runs, &mut items);
    fold::silent_resolver(runs, &mut items);
    // The path comes before the settings: a lossy network explains what follows.
    items.splice(0..0, crate::path::network_quality(runs));
    items.extend(crate::timing::slow_replies(runs));
    // What the relay cannot reach says nothing about the path from here.
    fold::relay_cannot_reach(blocked, &mut items);
    let path: Vec<Observation<'_>> =
        observations.iter().filter(|o| !blocked.contains(&o.endpoint.port)).cloned().collect();
    fold::port25_blocked(&path, &mut items);
    // "Every mail port silent", "nothing answered anywhere": claims about
    // all of a host's connections, so only a whole check makes them (a
    // connection a stop cut short may have been the one that answered).
    if complete {
        fold::mail_ports_blocked(&path, &mut items);
        // After the firewall folds: a ban takes what they blamed on the network.
        crate::ban::server_ban(runs, blocked, &mut items);
    }
    discover::found_or_none(runs, &judged, domain, complete, &mut items, &mut working);
    crate::autodiscover::report(runs, domain, &mut items);
    if runs.iter().any(|r| matches!(r.job, Job::Lookup { .. })) {
        fold::domain_missing(runs, domain, &mut items);
    }
    discover::name_typos(&mut items, &working);
    discover::host_mismatch(runs, &judged, domain, &mut items);
    discover::provider_says(runs, &judged, &mut items);
    crate::ispdb::notes(runs, &judged, domain, &mut items);
    // A note on the TLS versions a working server takes comes after the
    // "works" it qualifies, never as the report's first word.
    items.sort_by_key(|item| {
        (item.severity() == Severity::Info && matches!(item.cause, Cause::TlsFloor { .. }), item.severity())
    });
    // Issue 22 (app-suspect): said after the "works" they follow from.
    crate::suspect::app_suspect(runs, &judged, complete, &mut items);
    crate::unseen::unseen(runs, &mut items);
    (items, working)
}
