//! Issue 22 (app-suspect): "your app is the suspect". When the name, the
//! connection, TLS and the login all pass with the settings the person
//! typed (the app's own), the network and the server are cleared, and what
//! is left is what the app keeps: its saved password, its account, its
//! add-ins, its profile. Only a login clears the account: without one the
//! app cannot be blamed yet (`untested` says what was not tested).
//!
//! Where other settings work too (the provider's page, or discovery), the
//! fields that differ are named: either works, and a person comparing with
//! a colleague's app should know which field is which.

use crate::catalog::{Args, Catalog};
use crate::cause::{Cause, Difference, Field};
use crate::diagnose::Diagnosis;
use crate::item::{AppSteps, Item};
use crate::runs::{probes, Job, Run, Source};
use crate::words::security_label;
use crate::{describe, Endpoint, Severity, Side};

/// A probe with its diagnosis (`discover::Judged`).
type Judged<'a> = (&'a Run, &'a Diagnosis);

/// The person's own settings for one direction, as first run (no retry).
pub(crate) fn given(runs: &[Run], side: Side) -> Option<&Run> {
    probes(runs, side).find(|r| matches!(r.job, Job::Probe { source: Source::Given, retry_of: None, .. }))
}

/// Nothing the check saw explains a failure: no error, and no warning but
/// those about the typed settings themselves (they work; their difference
/// is named here). A warning about the path or the server (a broken IPv6,
/// a slow reply) is a likelier cause than the app, so it keeps the app
/// from being the suspect.
fn nothing_found(items: &[Item]) -> bool {
    items.iter().all(|i| match i.severity() {
        Severity::Error => false,
        Severity::Warning => i.code().as_str().starts_with("settings."),
        Severity::Info | Severity::Ok => true,
    })
}

/// A login was accepted with these settings (on the first try: a retry
/// that needed the full address is an error of its own).
fn signed_in(diagnosis: &Diagnosis) -> bool {
    diagnosis.works && diagnosis.items.iter().any(|i| matches!(i.cause, Cause::Works { signed_in: true, .. }))
}

/// The fields where `given` differs from other settings of its direction
/// that work: the provider's page first (what the person was told to
/// type), else the most authoritative setting discovery found working.
fn differences(runs: &[Run], judged: &[Judged<'_>], given: &Endpoint, side: Side) -> Vec<Difference> {
    let works = |run: &Run| judged.iter().any(|(r, d)| r.id == run.id && d.works);
    let other = probes(runs, side)
        .filter(|r| !r.is_given() && works(r))
        .filter_map(Run::probe)
        .filter(|(e, _, _)| e.protocol == given.protocol)
        .min_by_key(|(_, source, _)| (*source != Source::Expected, *source));
    let Some((other, source, _)) = other else { return Vec::new() };
    let fields = [
        (Field::Host, !given.host.eq_ignore_ascii_case(&other.host)),
        (Field::Port, given.port != other.port),
        (Field::Security, given.security != other.security),
    ];
    fields
        .into_iter()
        .filter(|(_, differs)| *differs)
        .map(|(field, _)| Difference { side, field, given: given.clone(), other: other.clone(), source })
        .collect()
}

/// The finding that names the app (or says it cannot be named yet), once
/// the session is complete and nothing else explains a failure.
pub(crate) fn app_suspect(runs: &[Run], judged: &[Judged<'_>], complete: bool, items: &mut Vec<Item>) {
    if !complete || !nothing_found(items) {
        return;
    }
    let diagnosis = |run: &Run| judged.iter().find(|(r, _)| r.id == run.id).map(|(_, d)| *d);
    let (mut proven, mut unproven) = ([false; 2], [false; 2]);
    let mut differs = Vec::new();
    for (n, side) in Side::BOTH.into_iter().enumerate() {
        let Some((run, d)) = given(runs, side).and_then(|r| diagnosis(r).map(|d| (r, d))) else { continue };
        let Some(endpoint) = run.endpoint() else { continue };
        if signed_in(d) {
            proven[n] = true;
            differs.extend(differences(runs, judged, endpoint, side));
        } else if d.works {
            unproven[n] = true;
        }
    }
    let item = match (proven, unproven) {
        ([false, false], [false, false]) => return,
        ([false, false], [incoming, outgoing]) => Item::new(Cause::AppUnproven { incoming, outgoing }),
        ([incoming, outgoing], _) => {
            Item::new(Cause::AppSuspect { incoming, outgoing, differs }).apps(AppSteps::ClearState)
        }
    };
    items.push(item);
}

/// Which directions the words name: both, or only the one proven.
fn sides(incoming: bool, outgoing: bool) -> &'static str {
    match (incoming, outgoing) {
        (true, true) => "both",
        (true, false) => "incoming",
        (false, _) => "outgoing",
    }
}

/// The arguments of `f-app-suspect`: the directions proven, and the fields
/// that differ from other working settings, if any.
pub(crate) fn suspect_args(catalog: &Catalog, incoming: bool, outgoing: bool, differs: &[Difference]) -> Args<'static> {
    let value = |d: &Difference, e: &Endpoint| match d.field {
        Field::Host => e.host.clone(),
        Field::Port => e.port.to_string(),
        Field::Security => security_label(catalog, e.security),
    };
    let changes: Vec<String> = differs
        .iter()
        .map(|d| {
            let args = Args::new()
                .text("direction", d.side.key())
                .text(
                    "field",
                    match d.field {
                        Field::Host => "host",
                        Field::Port => "port",
                        Field::Security => "security",
                    },
                )
                .text("given", value(d, &d.given))
                .text("other", value(d, &d.other));
            catalog.text("suspect-change", &args)
        })
        .collect();
    let source = differs.first().map(|d| describe::source_after_preposition(catalog, d.source)).unwrap_or_default();
    Args::new()
        .text("sides", sides(incoming, outgoing))
        .text("compared", if changes.is_empty() { "same" } else { "differs" })
        .text("changes", changes.join(", "))
        .text("source", source)
}

/// The arguments of `f-app-unproven`.
pub(crate) fn unproven_args(incoming: bool, outgoing: bool) -> Args<'static> {
    Args::new().text("sides", sides(incoming, outgoing))
}
