//! Whether the system resolver tells the truth. A resolver that says a name
//! does not exist when it must exist (the root zone, a provider's servers,
//! a name the reference resolvers find) is broken, offline, behind a
//! captive portal or filtering: not a typo. The reference resolvers are
//! asked only about names whose system answer is suspect, so a healthy
//! check sends nothing extra.

use std::collections::BTreeSet;

use core::net::IpAddr;

use maildoctor_wire::{DnsOutcome, Event, RecordType, ResolverChoice};

use crate::cause::Cause;
use crate::item::{Item, Proof};
use crate::runs::{Job, Run, Source};
use crate::{providers, Code, Severity};

/// The root zone, which always exists: a resolver that denies it denies everything.
pub(crate) const ROOT: &str = ".";

/// An answer slower than this costs every new connection of a mail app
/// that long: Windows' DNS client resends after 1 s (its 1, 1, 2, 4, 4 s
/// schedule), glibc and Android wait 5 s a try before they do.
const SLOW_MS: u64 = 1000;

/// Special-use top-level names (RFC 6761, RFC 6762, RFC 8375, ICANN's
/// `.internal`): never on the public internet, so a private address for
/// them is no sign of a filter, and public resolvers cannot know them.
const SPECIAL_USE: [&str; 7] = ["test", "example", "invalid", "localhost", "local", "arpa", "internal"];

fn is_public(name: &str) -> bool {
    let tld = name.trim_end_matches('.').rsplit('.').next().unwrap_or_default();
    !SPECIAL_USE.contains(&tld.to_ascii_lowercase().as_str())
}

/// An address DNS filters answer with instead of "no such name": the
/// unspecified address always; loopback and private ones for a public name.
fn is_sink(ip: &IpAddr, public: bool) -> bool {
    let private = match ip {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_private() || v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_loopback() || (v6.segments()[0] & 0xfe00) == 0xfc00,
    };
    ip.is_unspecified() || (public && private)
}

/// Asked through the system resolver (a probe's own lookup, or a lookup
/// that names no other resolver).
fn is_system(run: &Run) -> bool {
    !matches!(&run.job, Job::Lookup { resolver: ResolverChoice::Server(_) | ResolverChoice::Reference, .. })
}

/// A name the domain, its provider or the person depends on: a server's
/// host (not a guessed one), the address's domain (its MX), or the root.
fn watched(run: &Run) -> Option<String> {
    match &run.job {
        Job::Probe { endpoint, source, .. } if *source != Source::Guess => Some(endpoint.host.clone()),
        // Discovery asks MX only of the address's domain.
        Job::Lookup { name, record_type: RecordType::Mx, resolver: ResolverChoice::System } => Some(name.clone()),
        Job::Lookup { name, resolver: ResolverChoice::System, .. } if name == ROOT => Some(name.clone()),
        _ => None,
    }
}

/// Each system DNS answer about a watched name: the name, its run and the event.
fn system_answers(runs: &[Run]) -> Vec<(String, &Run, u64, &Event)> {
    let mut found = Vec::new();
    for run in runs.iter().filter(|r| is_system(r)) {
        let Some(name) = watched(run) else { continue };
        if name.parse::<IpAddr>().is_ok() {
            continue;
        }
        for (t_ms, event) in &run.events {
            if matches!(event, Event::Dns { .. }) {
                found.push((name.clone(), run, *t_ms, event));
            }
        }
    }
    found
}

fn outcome(event: &Event) -> Option<&DnsOutcome> {
    match event {
        Event::Dns { outcome, .. } => Some(outcome),
        _ => None,
    }
}

fn addresses(event: &Event) -> Vec<IpAddr> {
    match event {
        Event::Dns { records, .. } => records.iter().filter_map(|r| r.address()).collect(),
        _ => Vec::new(),
    }
}

/// Whether the system's answer about `name` makes it worth a second opinion.
fn suspect(event: &Event, name: &str) -> bool {
    match outcome(event) {
        Some(DnsOutcome::Answer) => addresses(event).iter().any(|ip| is_sink(ip, is_public(name))),
        Some(DnsOutcome::NoData) | None => false,
        Some(_) => true,
    }
}

/// A probe that resolved its host and connected to none of its addresses.
fn connect_failed(run: &Run) -> bool {
    run.done
        && run.has(|e| matches!(e, Event::Tcp { .. }))
        && !run.has(|e| matches!(e, Event::Tcp { outcome: maildoctor_wire::TcpOutcome::Connected, .. }))
}

fn lookup(name: &str, record_type: RecordType, resolver: ResolverChoice) -> Job {
    Job::Lookup { name: name.to_owned(), record_type, resolver }
}

/// The reference's question about what `run` asked: the same lookup, or a
/// probe's host's addresses.
fn reference_question(name: &str, run: &Run) -> Job {
    let record_type = match &run.job {
        Job::Lookup { record_type, .. } => *record_type,
        _ => RecordType::A,
    };
    lookup(name, record_type, ResolverChoice::Reference)
}

/// Every server name, up front, through both resolvers (`--compare-resolver`).
pub(crate) fn compare_all(runs: &[Run]) -> Vec<Job> {
    let mut jobs: Vec<Job> = Vec::new();
    for host in runs.iter().filter_map(|r| r.endpoint().map(|e| e.host.clone())) {
        let asked = runs.iter().any(|r| matches!(&r.job, Job::Lookup { name, .. } if *name == host));
        if host.parse::<IpAddr>().is_ok()
            || asked
            || jobs.iter().any(|j| matches!(j, Job::Lookup { name, .. } if *name == host))
        {
            continue;
        }
        for resolver in [ResolverChoice::System, ResolverChoice::Reference] {
            jobs.push(lookup(&host, RecordType::A, resolver));
        }
    }
    jobs
}

/// The questions suspect system answers call for: the reference about the
/// name, and the system resolver about the root zone once a name is denied;
/// nothing when the reference is `off`.
pub(crate) fn follow_ups(runs: &[Run], planned: &[Job], reference: bool) -> Vec<Job> {
    let mut jobs: Vec<Job> = Vec::new();
    let mut add = |job: Job| {
        if !runs.iter().any(|r| r.job == job) && !planned.contains(&job) && !jobs.contains(&job) {
            jobs.push(job);
        }
    };
    // Off, the session asks nothing more: the provider table still tells.
    if !reference {
        return jobs;
    }
    for (name, run, _, event) in system_answers(runs) {
        if name == ROOT {
            continue;
        }
        if suspect(event, &name) || connect_failed(run) {
            add(reference_question(&name, run));
        }
        if outcome(event) == Some(&DnsOutcome::NxDomain) {
            add(lookup(ROOT, RecordType::Ns, ResolverChoice::System));
        }
    }
    jobs
}

/// What the reference resolvers said about `name`, if they were asked.
fn reference_says<'a>(runs: &'a [Run], name: &str) -> Option<(&'a Run, u64, &'a Event)> {
    runs.iter()
        .filter(|r| matches!(&r.job, Job::Lookup { name: n, resolver: ResolverChoice::Reference, .. } if n == name))
        .find_map(|r| r.events.iter().find(|(_, e)| matches!(e, Event::Dns { .. })).map(|(t, e)| (r, *t, e)))
}

fn proof((run, t_ms, event): (&Run, u64, &Event)) -> Proof {
    Proof { op: run.id, t_ms, event: event.clone() }
}

/// A provider's server from the table: it exists, whatever a resolver says.
fn in_provider_table(name: &str) -> bool {
    providers::PROVIDERS.iter().any(|p| p.incoming.iter().chain(p.outgoing.iter()).any(|s| s.host == name))
}

/// The resolver denies names that must exist, or answers them with a
/// blocking address, or answers slowly. Returns the names it has taken on,
/// so the plain comparison of resolvers leaves them alone.
pub(crate) fn judge(runs: &[Run], items: &mut Vec<Item>) -> BTreeSet<String> {
    let answers = system_answers(runs);
    let exists = |name: &str| {
        reference_says(runs, name)
            .is_some_and(|(_, _, e)| matches!(outcome(e), Some(DnsOutcome::Answer | DnsOutcome::NoData)))
    };
    let root = answers.iter().find(|a| a.0 == ROOT && outcome(a.3) == Some(&DnsOutcome::NxDomain));
    let mut denied: Vec<&(String, &Run, u64, &Event)> = answers
        .iter()
        .filter(|a| a.0 != ROOT && outcome(a.3) == Some(&DnsOutcome::NxDomain))
        .filter(|a| root.is_some() || exists(&a.0) || in_provider_table(&a.0))
        .collect();
    denied.dedup_by(|a, b| a.0 == b.0);
    let names: BTreeSet<String> = denied.iter().map(|a| a.0.clone()).collect();
    let mut handled = names.clone();
    let single_confirmed = names.len() == 1 && root.is_none() && exists(&denied[0].0);
    if single_confirmed {
        // One name, which the reference finds: a filter or a resolver
        // that has not learned it; the comparison of resolvers says so.
        handled.clear();
    } else if !names.is_empty() || root.is_some() {
        let mut item =
            Item::new(Cause::ResolverDenies { names: names.iter().cloned().collect(), root: root.is_some() });
        item.proof.extend(root.map(|a| proof((a.1, a.2, a.3))));
        item.proof.extend(denied.iter().map(|a| proof((a.1, a.2, a.3))));
        item.proof.extend(names.iter().filter_map(|n| reference_says(runs, n)).map(proof));
        item.follows = take(items, |i| {
            matches!(i.code(), Code::DnsNxdomain)
                && (root.is_some() || i.endpoint.as_ref().is_some_and(|e| names.contains(&e.host)))
        });
        not_typos(&mut item.follows);
        items.insert(0, item);
    }
    for (name, run, t_ms, event) in &answers {
        let sinks: Vec<IpAddr> = addresses(event).into_iter().filter(|ip| is_sink(ip, is_public(name))).collect();
        if sinks.is_empty() || handled.contains(name) {
            continue;
        }
        let theirs = reference_says(runs, name);
        let elsewhere: Vec<IpAddr> = theirs.map(|t| addresses(t.2)).unwrap_or_default();
        // Only the unspecified address is a sink with no second opinion.
        if elsewhere.iter().any(|ip| sinks.contains(ip))
            || (theirs.is_none() && sinks.iter().any(|ip| !ip.is_unspecified()))
        {
            continue;
        }
        handled.insert(name.clone());
        let mut item = Item::new(Cause::ResolverSinkhole { name: name.clone(), sink: sinks, elsewhere });
        item.proof.push(proof((run, *t_ms, event)));
        item.proof.extend(theirs.map(proof));
        item.follows =
            take(items, |i| i.severity() != Severity::Ok && i.endpoint.as_ref().is_some_and(|e| e.host == *name));
        items.insert(0, item);
    }
    slow(&answers, items);
    handled
}

/// The slowest answer the system resolver gave, when it took a second or more.
fn slow(answers: &[(String, &Run, u64, &Event)], items: &mut Vec<Item>) {
    let elapsed = |e: &Event| match e {
        Event::Dns { elapsed_ms, outcome, .. } if !matches!(outcome, DnsOutcome::Timeout) => *elapsed_ms,
        _ => 0,
    };
    let Some(slowest) = answers.iter().max_by_key(|a| elapsed(a.3)) else { return };
    let elapsed_ms = elapsed(slowest.3);
    if elapsed_ms >= SLOW_MS {
        let item = Item::new(Cause::ResolverSlow { name: slowest.0.clone(), elapsed_ms });
        items.push(item.proof(proof((slowest.1, slowest.2, slowest.3))));
    }
}

fn take(items: &mut Vec<Item>, under: impl Fn(&Item) -> bool) -> Vec<Item> {
    let (taken, kept): (Vec<Item>, Vec<Item>) = items.drain(..).partition(under);
    *items = kept;
    taken
}

/// Names the resolver denied, under its fault: not typos.
pub(crate) fn not_typos(follows: &mut [Item]) {
    for item in follows.iter_mut().filter(|i| i.cause == Cause::NxDomain) {
        item.cause = Cause::NxDomainDenied;
    }
}
