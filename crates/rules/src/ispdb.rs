//! Thunderbird's ISP database, live and as maildoctor's copy (the relay
//! reports both for a domain the copy lists, `probe::ispdb_snapshot`):
//! which one's servers discovery tries, and what the two answers and the
//! servers themselves say about the entry. A stale entry is worth a report
//! to Thunderbird's autoconfig repository: thunderbird/autoconfig#135
//! ("Periodically validate existing mail server configs") asks for entries
//! checked against what the servers offer; #177 lists entries left on
//! plaintext that providers had since encrypted, and mdn/kuma#6333 a
//! person whose app set up aikq.de from an entry with the wrong host names
//! and ports. Only what a server itself said counts as proof.

use maildoctor_wire::{AutoconfigProblem, DiscoveredServer, Event, TcpOutcome};

use crate::cause::ispdb::{Disproof, IspdbNote, LiveMiss};
use crate::cause::Cause;
use crate::diagnose::Diagnosis;
use crate::item::Item;
use crate::runs::{probes, Job, Run, Source};
use crate::{Endpoint, Side};

/// A probe with its diagnosis (`discover::Judged`).
type Judged<'a> = (&'a Run, &'a Diagnosis);

/// One answer about the domain: the live service's, or the copy's.
struct Answer<'a> {
    url: &'a str,
    servers: &'a [DiscoveredServer],
    problem: Option<&'a AutoconfigProblem>,
    status: Option<u16>,
    /// The copy's date; none for the live service.
    snapshot: Option<&'a str>,
}

fn answers(runs: &[Run]) -> Vec<Answer<'_>> {
    runs.iter()
        .filter(|r| matches!(r.job, Job::Ispdb { .. }))
        .flat_map(|r| &r.events)
        .filter_map(|(_, event)| match event {
            Event::Autoconfig { url, status, servers, problem, snapshot } => {
                Some(Answer { url, servers, problem: problem.as_ref(), status: *status, snapshot: snapshot.as_deref() })
            }
            _ => None,
        })
        .collect()
}

fn endpoint(server: &DiscoveredServer) -> Endpoint {
    Endpoint {
        host: server.host.trim_end_matches('.').to_ascii_lowercase(),
        port: server.port,
        protocol: server.protocol,
        security: server.security,
    }
}

fn endpoints(answer: &Answer<'_>, side: Side) -> Vec<Endpoint> {
    let mut found: Vec<Endpoint> = Vec::new();
    for candidate in answer.servers.iter().filter(|s| Side::from_incoming(s.incoming) == side).map(endpoint) {
        if !found.contains(&candidate) {
            found.push(candidate);
        }
    }
    found
}

/// The answer discovery uses: the live one when it names servers, else
/// the copy's (the live service out of reach, or no longer listing the
/// domain: the servers are tried all the same, and the note says so).
fn chosen<'a, 'b>(all: &'b [Answer<'a>]) -> Option<&'b Answer<'a>> {
    all.iter()
        .find(|a| a.snapshot.is_none() && !a.servers.is_empty())
        .or_else(|| all.iter().find(|a| a.snapshot.is_some() && !a.servers.is_empty()))
}

/// The servers the ISP database names for one direction, in its order.
pub(crate) fn servers(runs: &[Run], side: Side) -> Vec<Endpoint> {
    chosen(&answers(runs)).map(|answer| endpoints(answer, side)).unwrap_or_default()
}

/// How `run`'s failure disproves what the entry says about its server, if
/// it does: a verdict only where the server itself said so.
fn disproof(run: &Run, judged: &[Judged<'_>], runs: &[Run]) -> Option<Disproof> {
    let (_, diagnosis) = judged.iter().find(|(r, _)| r.id == run.id)?;
    if diagnosis.works || diagnosis.login_refused || !run.done {
        return None;
    }
    let host = &run.endpoint()?.host;
    let first_error = diagnosis.items.iter().find(|i| i.is_error())?;
    Some(match first_error.cause {
        // The reference resolver found the name: the system's resolver, not
        // the entry, is at fault (the resolver folds tell that).
        Cause::NxDomain if !reference_found(runs, host) => Disproof::NoSuchHost,
        // A closed port says nothing about the entry when the whole host is
        // down or a firewall rejects: another of its ports must answer.
        Cause::TcpRefused if host_answered(runs, host) => Disproof::PortClosed,
        Cause::TlsOnPlainPort => Disproof::NoTlsThere,
        Cause::PlainOnTlsPort { .. } => Disproof::TlsOnly,
        Cause::StarttlsNotOffered => Disproof::NoStarttls,
        Cause::ProtocolMismatch { .. } => Disproof::OtherProtocol,
        _ => return None,
    })
}

fn reference_found(runs: &[Run], host: &str) -> bool {
    runs.iter().any(|r| {
        matches!(&r.job, Job::Lookup { name, resolver: maildoctor_wire::ResolverChoice::Reference, .. } if name == host)
            && r.has(|e| matches!(e, Event::Dns { records, .. } if !records.is_empty()))
    })
}

fn host_answered(runs: &[Run], host: &str) -> bool {
    runs.iter()
        .filter(|r| r.endpoint().is_some_and(|e| e.host == host))
        .any(|r| r.has(|e| matches!(e, Event::Tcp { outcome: TcpOutcome::Connected, .. })))
}

/// The notes about the ISP database's entry for `domain`, after the
/// probes of its servers are judged.
pub(crate) fn notes(runs: &[Run], judged: &[Judged<'_>], domain: &str, items: &mut Vec<Item>) {
    let all = answers(runs);
    let Some(used) = chosen(&all) else { return };
    let live = all.iter().find(|a| a.snapshot.is_none());
    let copy = all.iter().find(|a| a.snapshot.is_some());
    if let (Some(date), true) = (used.snapshot, live.is_none_or(|l| l.servers.is_empty())) {
        let why = match live {
            None if runs.iter().filter(|r| matches!(r.job, Job::Ispdb { .. })).all(|r| r.events.len() <= 1) => {
                LiveMiss::Off
            }
            Some(l) if matches!(l.problem, Some(AutoconfigProblem::Status)) && l.status.is_some_and(|s| s < 500) => {
                LiveMiss::NotListed
            }
            _ => LiveMiss::Unreachable,
        };
        let note = IspdbNote::FromSnapshot {
            domain: domain.to_owned(),
            date: date.to_owned(),
            file: used.url.to_owned(),
            why,
        };
        items.push(Item::new(Cause::Ispdb(note)));
    }
    if let (Some(live), Some(copy)) = (live.filter(|l| !l.servers.is_empty()), copy) {
        let mut added = Vec::new();
        let mut removed = Vec::new();
        for side in Side::BOTH {
            let (now, then) = (endpoints(live, side), endpoints(copy, side));
            added.extend(now.iter().filter(|e| !then.contains(e)).cloned());
            removed.extend(then.iter().filter(|e| !now.contains(e)).cloned());
        }
        if !added.is_empty() || !removed.is_empty() {
            let date = copy.snapshot.unwrap_or_default().to_owned();
            items.push(Item::new(Cause::Ispdb(IspdbNote::Changed { domain: domain.to_owned(), date, added, removed })));
        }
    }
    let mut wrong = Vec::new();
    let mut works = None;
    let mut misleading = false;
    for side in Side::BOTH {
        let tried: Vec<&Run> =
            probes(runs, side).filter(|r| r.probe().is_some_and(|(_, s, _)| s == Source::Ispdb)).collect();
        for (n, run) in tried.iter().enumerate() {
            let Some(server) = run.endpoint() else { continue };
            if judged.iter().any(|(r, d)| r.id == run.id && d.works) {
                works = works.or_else(|| Some(server.clone()));
            } else if let Some(how) = disproof(run, judged, runs) {
                misleading |= n == 0;
                wrong.push((server.clone(), how));
            }
        }
    }
    if !wrong.is_empty() {
        let entry = used.url.to_owned();
        items.push(Item::new(Cause::Ispdb(IspdbNote::Stale {
            domain: domain.to_owned(),
            entry,
            copy: used.snapshot.map(str::to_owned),
            wrong,
            works,
            misleading,
        })));
    }
}
