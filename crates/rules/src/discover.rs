//! Session-level rules about discovery: the settings that work, the search
//! that found none, a misspelt name, and a server the domain does not
//! publish failing where the published one works.

use maildoctor_wire::{AuthOutcome, Event, WithheldReason};

use crate::cause::Cause;
use crate::diagnose::Diagnosis;
use crate::fold::take;
use crate::item::{AppSteps, Item, Proof};
use crate::runs::{probes, Job, Run, Source};
use crate::{plan, providers, Code, Endpoint, Side};

/// A probe with its diagnosis.
pub(crate) type Judged<'a> = (&'a Run, &'a Diagnosis);

/// Settings that work for each direction, or the search that found none.
/// Where discovered servers were logged in to, the first one's verdict is
/// said too: "ok" for a login that worked, or why it was refused (the
/// settings are right, the password is not).
pub(crate) fn found_or_none(
    runs: &[Run],
    judged: &[Judged<'_>],
    domain: &str,
    complete: bool,
    items: &mut Vec<Item>,
    working: &mut Vec<Endpoint>,
) {
    let diagnosis = |run: &Run| judged.iter().find(|(r, _)| r.id == run.id).map(|(_, d)| *d);
    for side in Side::BOTH {
        let candidates: Vec<&Run> = probes(runs, side).filter(|r| !r.is_given()).collect();
        if candidates.is_empty() {
            continue;
        }
        let found: Vec<(Endpoint, Source)> = candidates
            .iter()
            .filter(|r| diagnosis(r).is_some_and(|d| d.works || d.login_refused))
            .filter_map(|r| r.probe().map(|(e, s, _)| (e.clone(), s)))
            .collect();
        let given = probes(runs, side).find(|r| r.is_given()).and_then(Run::endpoint);
        if let Some((target, _)) = found.first() {
            let provider =
                providers::by_domain(domain).or_else(|| plan::primary_mx(domain, runs).and_then(providers::by_mx));
            // The person's own setting failed: show where to put the one that
            // works (unless the resolver, not the setting, is at fault).
            let setting_at_fault = |i: &&mut Item| !matches!(i.cause, Cause::StaleResolver { .. });
            if let Some(root) =
                given.and_then(|g| items.iter_mut().filter(setting_at_fault).find(|i| i.is_error() && i.is_about(g)))
            {
                root.apps = Some(AppSteps::SetServer { target: target.clone(), side });
            }
            working.extend(
                candidates
                    .iter()
                    .filter(|r| diagnosis(r).is_some_and(|d| d.works))
                    .filter_map(|r| r.endpoint().cloned()),
            );
            items.push(Item::new(Cause::DiscoveryFound { side, found, provider }));
            if let Some(verdict) = login_verdict(&candidates, &diagnosis) {
                items.push(verdict);
            }
        } else if complete && candidates.iter().all(|r| r.done) {
            let mut sources: Vec<Source> = candidates.iter().filter_map(|r| r.probe().map(|(_, s, _)| s)).collect();
            sources.sort();
            sources.dedup();
            let cause = Cause::DiscoveryNone {
                side,
                domain: domain.to_owned(),
                tried: candidates.len(),
                sources,
                had_settings: given.is_some(),
            };
            let mut item = Item::new(cause);
            item.follows = candidates
                .iter()
                .filter_map(|r| diagnosis(r).and_then(|d| d.items.iter().find(|i| i.is_error()).cloned()))
                .map(|mut failed| {
                    failed.cause = Cause::Candidate { cause: Box::new(failed.cause) };
                    failed.apps = None;
                    failed
                })
                .collect();
            items.push(item);
        }
    }
}

/// The first discovered server that was logged in to: its "ok", or why
/// the login was refused.
fn login_verdict<'a>(candidates: &[&'a Run], diagnosis: &impl Fn(&Run) -> Option<&'a Diagnosis>) -> Option<Item> {
    candidates.iter().filter(|r| r.carries_login()).find_map(|run| {
        let judged = diagnosis(run)?;
        if judged.works {
            judged.items.iter().find(|i| matches!(i.cause, Cause::Works { .. })).cloned()
        } else if judged.login_refused {
            judged.items.iter().rev().find(|i| i.is_error()).cloned()
        } else {
            None
        }
    })
}

/// Edit distance where swapping two neighbours counts once (optimal string
/// alignment): "mial" is one keystroke from "mail".
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// How far `typed` is from `meant`, if it is close enough to be a typo:
/// label by label, at most one keystroke in a label of four letters or
/// fewer (short names are often each other's neighbours), two otherwise,
/// and two in all.
fn typo_distance(typed: &str, meant: &str) -> Option<usize> {
    let (typed, meant): (Vec<&str>, Vec<&str>) = (typed.split('.').collect(), meant.split('.').collect());
    if typed.len() != meant.len() {
        return None;
    }
    let mut total = 0;
    for (a, b) in typed.iter().zip(&meant) {
        let distance = edit_distance(a, b);
        let allowed = if a.len().min(b.len()) <= 4 { 1 } else { 2 };
        if distance > allowed {
            return None;
        }
        total += distance;
    }
    (1..=2).contains(&total).then_some(total)
}

/// A server name that does not exist but is a keystroke or two away from
/// one that works: a typo, and which name was meant. A name that exists,
/// even as an alias, is never a typo (`fold::broken_aliases` runs first).
pub(crate) fn name_typos(items: &mut [Item], working: &[Endpoint]) {
    for item in items.iter_mut().filter(|i| i.cause == Cause::NxDomain) {
        let Some(typed) = item.endpoint.as_ref().map(|e| e.host.clone()) else { continue };
        let meant = working
            .iter()
            .filter_map(|e| typo_distance(&typed, &e.host).map(|distance| (distance, e)))
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
    let published = |side: Side| probes(runs, side).filter(|r| r.probe().is_some_and(|(_, s, _)| s.is_published()));
    for run in runs {
        let Some((given, Source::Given, side)) = run.probe() else { continue };
        // The provider said what the server is: `provider_says` tells it.
        if probes(runs, side).any(|r| r.probe().is_some_and(|(_, s, _)| s == Source::Expected)) {
            continue;
        }
        // An address typed instead of a name is the published server when the name resolves to it.
        let names_given = |r: &Run| {
            r.endpoint().is_some_and(|e| e.host == given.host)
                || r.has(|e| {
                    matches!(e, maildoctor_wire::Event::Dns { records, .. }
                        if records.iter().any(|record| record.address().is_some_and(|a| a.to_string() == given.host)))
                })
        };
        // A name that works at its zone's own address is not the wrong
        // name, and neither is one whose server only refused the login.
        let stale = items.iter().any(|i| i.is_about(given) && matches!(i.cause, Cause::StaleResolver { .. }));
        let login_refused = judged.iter().any(|(r, d)| r.id == run.id && d.login_refused);
        if !run.done || works(run) || stale || login_refused || published(side).any(names_given) {
            continue;
        }
        let same_shape = |e: &Endpoint| e.port == given.port && e.security == given.security;
        let mut candidates: Vec<&Run> = published(side).filter(|r| works(r)).collect();
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
        let cause = Cause::HostMismatch { side, domain: domain.to_owned(), target: target.clone(), source };
        let mut item = Item::new(cause).at(given).apps(AppSteps::SetServer { target: target.clone(), side });
        item.proof = folded.iter().filter_map(|f| f.proof.first().cloned()).chain(completed).collect();
        for follower in &mut folded {
            follower.apps = None;
        }
        item.follows = folded;
        items.insert(first.min(items.len()), item);
    }
}

/// The provider's help page says what the settings are (the widget's
/// `incoming` and `outgoing`) and the person's app uses others: said in one
/// sentence. Where the person's fail, that is the root cause, and their
/// failure follows from it; where they work all the same, it is a warning.
pub(crate) fn provider_says(runs: &[Run], judged: &[Judged<'_>], items: &mut Vec<Item>) {
    let works = |run: &Run| judged.iter().any(|(r, d)| r.id == run.id && d.works);
    for side in Side::BOTH {
        let source_is = |source: Source| {
            move |r: &&Run| {
                r.probe().is_some_and(|(_, s, _)| s == source) && matches!(r.job, Job::Probe { retry_of: None, .. })
            }
        };
        let Some(given_run) = probes(runs, side).find(source_is(Source::Given)) else { continue };
        let Some(expected_run) = probes(runs, side).find(source_is(Source::Expected)) else { continue };
        let (Some(given), Some(expected)) = (given_run.endpoint(), expected_run.endpoint()) else { continue };
        if !given_run.done {
            continue;
        }
        let given_works = works(given_run);
        let given_unencrypted = given_run.has(|e| {
            matches!(e, Event::Auth { outcome: AuthOutcome::Withheld { why: WithheldReason::NotEncrypted }, .. })
        });
        let cause = Cause::ProviderSays { side, expected: expected.clone(), given_works, given_unencrypted };
        let mut item = Item::new(cause).at(given).apps(AppSteps::SetServer { target: expected.clone(), side });
        if given_works {
            items.push(item);
            continue;
        }
        let first = items.iter().position(|i| i.is_about(given)).unwrap_or(0);
        let mut folded = take(items, |i| i.is_about(given));
        for follower in &mut folded {
            follower.apps = None;
        }
        item.proof = folded.iter().filter_map(|f| f.proof.first().cloned()).collect();
        item.follows = folded;
        items.insert(first.min(items.len()), item);
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::typo_distance;

    #[test]
    fn typos_are_close_and_short_labels_closer() {
        assert_eq!(typo_distance("mial.example.test", "mail.example.test"), Some(1), "a swap is one keystroke");
        assert_eq!(typo_distance("smtp.exmaple.test", "smtp.example.test"), Some(1));
        assert_eq!(typo_distance("imap.example.tset", "imap.example.test"), Some(1));
        assert_eq!(typo_distance("mailserver.example.test", "mailsrever.example.test"), Some(1));
        assert_eq!(typo_distance("mx.example.test", "mail.example.test"), None, "two letters away, but short");
        assert_eq!(typo_distance("pop.example.test", "imap.example.test"), None);
        assert_eq!(typo_distance("imap.example.test", "mail.example.test"), None);
        assert_eq!(typo_distance("mail.example.test", "mail.example.test"), None, "the same name is no typo");
        assert_eq!(typo_distance("mail.example.test", "mail.other.example.test"), None);
    }
}
