//! Session-level rules about discovery: the settings that work, the search
//! that found none, a misspelt name, and a server the domain does not
//! publish failing where the published one works.

use crate::cause::Cause;
use crate::diagnose::Diagnosis;
use crate::fold::take;
use crate::item::{AppSteps, Item, Proof};
use crate::runs::{probes, Run, Source};
use crate::{plan, providers, Code, Endpoint};

/// A probe with its diagnosis.
pub(crate) type Judged<'a> = (&'a Run, &'a Diagnosis);

/// Settings that work for each direction, or the search that found none.
pub(crate) fn found_or_none(
    runs: &[Run],
    judged: &[Judged<'_>],
    domain: &str,
    complete: bool,
    items: &mut Vec<Item>,
    working: &mut Vec<Endpoint>,
) {
    let diagnosis = |run: &Run| judged.iter().find(|(r, _)| r.id == run.id).map(|(_, d)| *d);
    for incoming in [true, false] {
        let candidates: Vec<&Run> = probes(runs, incoming).filter(|r| !r.is_given()).collect();
        if candidates.is_empty() {
            continue;
        }
        let found: Vec<(Endpoint, Source)> = candidates
            .iter()
            .filter(|r| diagnosis(r).is_some_and(|d| d.works))
            .filter_map(|r| r.probe().map(|(e, s, _)| (e.clone(), s)))
            .collect();
        let given = probes(runs, incoming).find(|r| r.is_given()).and_then(Run::endpoint);
        if let Some((target, _)) = found.first() {
            let provider =
                providers::by_domain(domain).or_else(|| plan::primary_mx(domain, runs).and_then(providers::by_mx));
            // The person's own setting failed: show where to put the one that works.
            if let Some(root) = given.and_then(|g| items.iter_mut().find(|i| i.is_error() && i.is_about(g))) {
                root.apps = Some(AppSteps::SetServer { target: target.clone(), incoming });
            }
            working.extend(found.iter().map(|(e, _)| e.clone()));
            items.push(Item::new(Cause::DiscoveryFound { incoming, found, provider }));
        } else if complete && candidates.iter().all(|r| r.done) {
            let mut sources: Vec<Source> = candidates.iter().filter_map(|r| r.probe().map(|(_, s, _)| s)).collect();
            sources.sort();
            sources.dedup();
            let cause = Cause::DiscoveryNone {
                incoming,
                domain: domain.to_owned(),
                tried: candidates.len(),
                sources,
                had_settings: given.is_some(),
            };
            let mut item = Item::new(cause);
            item.follows = candidates
                .iter()
                .filter_map(|r| diagnosis(r).and_then(|d| d.items.iter().find(|i| i.is_error()).cloned()))
                .collect();
            items.push(item);
        }
    }
}

/// Levenshtein distance, for short host names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// A server name that does not exist but is one or two keystrokes away from
/// one that works: a typo, and which name was meant.
pub(crate) fn name_typos(items: &mut [Item], working: &[Endpoint]) {
    for item in items.iter_mut().filter(|i| i.cause == Cause::NxDomain) {
        let Some(typed) = item.endpoint.as_ref().map(|e| e.host.clone()) else { continue };
        let meant = working
            .iter()
            .map(|e| (edit_distance(&typed, &e.host), e))
            .filter(|(distance, _)| (1..=2).contains(distance))
            .min_by_key(|(distance, _)| *distance);
        if let Some((_, meant)) = meant {
            item.cause = Cause::HostTypo { typed, meant: meant.host.clone() };
        }
    }
}

/// The person's server fails, and the domain itself publishes another one
/// (provider table, SRV, autoconfig) that works from here: the root cause is
/// the name in the settings, and the failure at that name only follows from it.
/// A misspelt name is already told as a typo; MX hosts and guesses are not
/// what a domain publishes for mail apps, so they do not count.
pub(crate) fn host_mismatch(runs: &[Run], judged: &[Judged<'_>], domain: &str, items: &mut Vec<Item>) {
    let works = |run: &Run| judged.iter().any(|(r, d)| r.id == run.id && d.works);
    let published =
        |incoming: bool| probes(runs, incoming).filter(|r| r.probe().is_some_and(|(_, s, _)| s.is_published()));
    for run in runs {
        let Some((given, Source::Given, incoming)) = run.probe() else { continue };
        // An address typed instead of a name is the published server when the name resolves to it.
        let names_given = |r: &Run| {
            r.endpoint().is_some_and(|e| e.host == given.host)
                || r.has(|e| {
                    matches!(e, maildoctor_wire::Event::Dns { records, .. }
                        if records.iter().any(|record| record.address().is_some_and(|a| a.to_string() == given.host)))
                })
        };
        if !run.done || works(run) || published(incoming).any(names_given) {
            continue;
        }
        let same_shape = |e: &Endpoint| e.port == given.port && e.security == given.security;
        let mut candidates: Vec<&Run> = published(incoming).filter(|r| works(r)).collect();
        candidates.sort_by_key(|r| (r.endpoint().is_some_and(|e| !same_shape(e)), r.id));
        let Some((target, source, _)) = candidates.first().and_then(|r| r.probe()) else { continue };
        let target_run = candidates[0];
        if !items.iter().any(|i| i.is_about(given))
            || items.iter().any(|i| i.is_about(given) && i.code() == Code::SettingsHostTypo)
        {
            continue;
        }
        let first = items.iter().position(|i| i.is_about(given)).unwrap_or(0);
        let mut folded = take(items, |i| i.is_about(given));
        let completed = target_run
            .events
            .iter()
            .find(|(_, e)| matches!(e, maildoctor_wire::Event::Completed { .. }))
            .map(|(t_ms, e)| Proof { op: target_run.id, t_ms: *t_ms, event: e.clone() });
        let cause = Cause::HostMismatch { incoming, domain: domain.to_owned(), target: target.clone(), source };
        let mut item = Item::new(cause).at(given).apps(AppSteps::SetServer { target: target.clone(), incoming });
        item.proof = folded.iter().filter_map(|f| f.proof.first().cloned()).chain(completed).collect();
        for follower in &mut folded {
            follower.apps = None;
        }
        item.follows = folded;
        items.insert(first.min(items.len()), item);
    }
}
