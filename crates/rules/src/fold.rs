//! Session-level rules over the typed causes of every probe: they name the
//! causes no single probe can see (a failing resolver, a firewall, a
//! domain that does not exist) and fold what only follows from them
//! underneath, so the root cause comes first and nothing is repeated. The
//! path's loss and round trip are `path`'s.

use std::collections::BTreeSet;

use core::net::IpAddr;

use maildoctor_wire::{DnsOutcome, DnsRecord, Event, RecordType, ResolverChoice};

use crate::cause::Cause;
use crate::item::{Item, Proof};
use crate::observe::Observation;
use crate::runs::{Job, Run};
use crate::Code;

/// Moves the items `under` selects out of `items`.
pub(crate) fn take(items: &mut Vec<Item>, under: impl Fn(&Item) -> bool) -> Vec<Item> {
    let (taken, kept): (Vec<Item>, Vec<Item>) = items.drain(..).partition(under);
    *items = kept;
    taken
}

/// What one resolver said about a name: the outcome, the addresses, the proof.
fn answer_of(run: &Run) -> Option<(DnsOutcome, Vec<IpAddr>, Proof)> {
    // A probe asks A and AAAA; the reference is asked for A.
    let ipv4 = run.events.iter().position(|(_, e)| matches!(e, Event::Dns { record_type: RecordType::A, .. }));
    run.events.iter().skip(ipv4.unwrap_or(0)).find_map(|(t_ms, e)| match e {
        Event::Dns { outcome, records, .. } => {
            let mut addresses: Vec<IpAddr> = records.iter().filter_map(|r| r.address()).collect();
            addresses.sort();
            Some((outcome.clone(), addresses, Proof { op: run.id, t_ms: *t_ms, event: e.clone() }))
        }
        _ => None,
    })
}

/// The person's resolver against a reference one, for each server name both
/// were asked about. A failing local resolver is the root of every DNS
/// failure of that name, which fold under it.
pub(crate) fn compare_resolvers(runs: &[Run], items: &mut Vec<Item>) {
    // A resolver that denies what must exist, or sinks a name, first.
    let judged = crate::resolvers::judge(runs, items);
    let names: BTreeSet<&str> = runs
        .iter()
        .filter_map(|r| match &r.job {
            Job::Lookup { name, resolver: ResolverChoice::Server(_) | ResolverChoice::Reference, .. } => {
                Some(name.as_str())
            }
            _ => None,
        })
        .filter(|name| !judged.contains(*name))
        .collect();
    for name in names {
        // The reference's answer where it was asked, else another server's.
        let other =
            |r: &&Run| matches!(&r.job, Job::Lookup { name: n, resolver: ResolverChoice::Reference, .. } if n == name);
        let pick = |system: bool| {
            let same = |r: &&Run| match &r.job {
                Job::Lookup { name: n, resolver, .. } => n == name && (*resolver == ResolverChoice::System) == system,
                _ => false,
            };
            // The system's answer from a lookup, else from a probe's own.
            let probed = |r: &&Run| matches!(&r.job, Job::Probe { endpoint, .. } if endpoint.host == name);
            match system {
                true => runs.iter().find(same).or_else(|| runs.iter().find(probed)),
                false => runs.iter().find(other).or_else(|| runs.iter().find(same)),
            }
        };
        let (Some((mine, my_addresses, my_proof)), Some((theirs, their_addresses, their_proof))) =
            (pick(true).and_then(answer_of), pick(false).and_then(answer_of))
        else {
            continue;
        };
        let name = name.to_owned();
        let cause = match (&mine, &theirs) {
            (
                DnsOutcome::Timeout | DnsOutcome::ServFail | DnsOutcome::Refused | DnsOutcome::Error { .. },
                DnsOutcome::Answer,
            ) => Cause::ResolverFailed { name: name.clone(), elsewhere: their_addresses },
            (DnsOutcome::NxDomain, DnsOutcome::Answer) => {
                Cause::ResolverMissingName { name: name.clone(), elsewhere: their_addresses }
            }
            (DnsOutcome::Answer, DnsOutcome::Answer) if my_addresses != their_addresses => {
                Cause::ResolversDisagree { name: name.clone(), mine: my_addresses, theirs: their_addresses }
            }
            _ => continue,
        };
        let mut item = Item::new(cause).proof(my_proof).proof(their_proof);
        if item.is_error() {
            item.follows = take(items, |i| {
                matches!(i.code(), Code::DnsTimeout | Code::DnsServfail | Code::DnsNxdomain)
                    && i.endpoint.as_ref().is_some_and(|e| e.host == name)
            });
            crate::resolvers::not_typos(&mut item.follows);
        }
        items.push(item);
    }
    // One failing resolver, once: the names it failed fold under the one
    // the reference gave addresses for.
    let failed = |i: &Item| matches!(i.cause, Cause::ResolverFailed { .. });
    if items.iter().filter(|i| failed(i)).count() > 1 {
        let mut all = take(items, failed);
        let best = all.iter().enumerate().max_by_key(|(n, i)| match &i.cause {
            Cause::ResolverFailed { elsewhere, .. } => (!elsewhere.is_empty(), usize::MAX - n),
            _ => (false, 0),
        });
        let mut root = all.remove(best.map_or(0, |(n, _)| n));
        root.follows.extend(all);
        items.push(root);
    }
}

/// Port 25 silently dropped while 465 or 587 connect: the network (often
/// the ISP) blocks port 25, which mail apps should not use anyway.
pub(crate) fn port25_blocked(seen: &[Observation<'_>], items: &mut [Item]) {
    let others_connect = seen.iter().any(|o| matches!(o.endpoint.port, 465 | 587) && o.connected());
    if !others_connect {
        return;
    }
    for dropped in seen.iter().filter(|o| o.endpoint.port == 25 && o.all_filtered()) {
        for item in items.iter_mut().filter(|i| i.code() == Code::TcpFiltered && i.is_about(dropped.endpoint)) {
            item.cause = Cause::Port25Blocked;
        }
    }
}

/// Every mail port of a host silently dropped while its port 443 answers: a
/// firewall on this network blocks mail. Per-port findings fold under it.
pub(crate) fn mail_ports_blocked(seen: &[Observation<'_>], items: &mut Vec<Item>) {
    // Silence at an address a stale resolver gave is not a firewall's doing.
    let stale: Vec<String> = items
        .iter()
        .filter(|i| matches!(i.cause, Cause::StaleResolver { .. }))
        .filter_map(|i| i.endpoint.as_ref().map(|e| e.host.clone()))
        .collect();
    let finished: Vec<&Observation<'_>> = seen.iter().filter(|o| o.done && !stale.contains(&o.endpoint.host)).collect();
    let hosts: BTreeSet<&str> = finished.iter().map(|o| o.endpoint.host.as_str()).collect();
    // A host whose mail ports (two or more) all vanish, whose 443 answers,
    // and where nothing connected at all.
    let blocked = hosts.into_iter().find_map(|host| {
        let on_host: Vec<&&Observation<'_>> = finished.iter().filter(|o| o.endpoint.host == host).collect();
        let ports: BTreeSet<u16> = on_host.iter().filter(|o| o.all_filtered()).map(|o| o.endpoint.port).collect();
        let control = on_host.iter().any(|o| o.control_answered);
        (ports.len() >= 2 && control && !on_host.iter().any(|o| o.connected())).then(|| (host.to_owned(), ports))
    });
    let Some((host, ports)) = blocked else { return };
    let mut item = Item::new(Cause::MailPortsBlocked { host: host.clone(), ports: ports.into_iter().collect() });
    item.follows = take(items, |i| {
        matches!(i.code(), Code::TcpFiltered | Code::TcpPort25Blocked)
            && i.endpoint.as_ref().is_some_and(|e| e.host == host)
    });
    items.push(item);
}

/// The address's own domain does not exist: nothing else can work, and
/// every failure of a name under it follows from that.
pub(crate) fn domain_missing(runs: &[Run], domain: &str, items: &mut Vec<Item>) {
    // A resolver that denies names that exist says nothing about the domain:
    // the fruitless search follows from the resolver.
    let lying = |i: &Item| match &i.cause {
        Cause::ResolverDenies { .. } => true,
        Cause::ResolverMissingName { name, .. } => name == domain,
        _ => false,
    };
    if items.iter().any(lying) {
        let fruitless = take(items, |i| i.code() == Code::DiscoveryNone);
        if let Some(root) = items.iter_mut().find(|i| lying(i)) {
            root.follows.extend(fruitless);
        }
        return;
    }
    let Some((run, t_ms, event)) = runs.iter().find_map(|r| match &r.job {
        Job::Lookup { name, .. } if name == domain => r
            .events
            .iter()
            .find(|(_, e)| matches!(e, Event::Dns { outcome: DnsOutcome::NxDomain, .. }))
            .map(|(t, e)| (r, *t, e)),
        _ => None,
    }) else {
        return;
    };
    let under_domain = |host: &str| host == domain || host.ends_with(&format!(".{domain}"));
    let mut item = Item::new(Cause::DomainMissing { domain: domain.to_owned() }).proof(Proof {
        op: run.id,
        t_ms,
        event: event.clone(),
    });
    item.follows = take(items, |i| {
        matches!(i.code(), Code::DnsNxdomain | Code::DiscoveryNone)
            && i.endpoint.as_ref().is_none_or(|e| under_domain(&e.host))
    });
    items.push(item);
}

/// A name that does not resolve but exists as an alias (its CNAME lookup
/// answered): the domain's DNS points to a removed server. Not a typo.
pub(crate) fn broken_aliases(runs: &[Run], items: &mut [Item]) {
    for item in items.iter_mut().filter(|i| i.cause == Cause::NxDomain) {
        let Some(host) = item.endpoint.as_ref().map(|e| e.host.clone()) else { continue };
        let alias = runs.iter().find_map(|r| match &r.job {
            Job::Lookup { name, record_type: RecordType::Cname, resolver: ResolverChoice::System } if *name == host => {
                r.events.iter().find_map(|(t_ms, e)| match e {
                    Event::Dns { outcome: DnsOutcome::Answer, records, .. } => {
                        let targets: Vec<String> = records
                            .iter()
                            .filter_map(|record| match record {
                                DnsRecord::Cname { target } => Some(target.trim_end_matches('.').to_owned()),
                                _ => None,
                            })
                            .collect();
                        (!targets.is_empty()).then(|| (targets, Proof { op: r.id, t_ms: *t_ms, event: e.clone() }))
                    }
                    _ => None,
                })
            }
            _ => None,
        });
        if let Some((targets, proof)) = alias {
            let mut chain = vec![host];
            chain.extend(targets);
            item.cause = Cause::BrokenAlias { chain };
            item.proof.insert(0, proof);
        }
    }
}

/// The system resolver answered none of the session's questions in time,
/// and no probe's finding says so yet (only lookups asked it, or the
/// person's server names were IP addresses): the resolver is the fault.
pub(crate) fn silent_resolver(runs: &[Run], items: &mut Vec<Item>) {
    let system = |r: &&Run| !matches!(&r.job, Job::Lookup { resolver: ResolverChoice::Server(_), .. });
    let answers: Vec<(&Run, u64, &Event)> = runs
        .iter()
        .filter(system)
        .flat_map(|r| r.events.iter().filter_map(move |(t, e)| matches!(e, Event::Dns { .. }).then_some((r, *t, e))))
        .collect();
    let silent = !answers.is_empty()
        && answers.iter().all(|(_, _, e)| matches!(e, Event::Dns { outcome: DnsOutcome::Timeout, .. }));
    let said = items.iter().any(|i| matches!(i.code(), Code::DnsTimeout | Code::DnsSystemResolverFailed));
    if silent && !said {
        let (run, t_ms, event) = answers[0];
        items.push(Item::new(Cause::ResolverSilent).proof(Proof { op: run.id, t_ms, event: event.clone() }));
    }
}

/// The person's server failed at the resolver's address and works at the
/// address the zone's own name servers give: the resolver is stale or
/// filtered, and the connection failure only follows from that.
pub(crate) fn stale_resolver(runs: &[Run], items: &mut Vec<Item>) {
    for pinned in runs.iter().filter(|r| r.done) {
        let Job::Pinned { endpoint, address, of, zone_server } = &pinned.job else { continue };
        let works = crate::observe::Observation::of(pinned, runs).is_some_and(|o| crate::diagnose::probe(&o).works);
        let Some(given) = runs.iter().find(|r| r.id == *of) else { continue };
        if !works {
            continue;
        }
        let mut item = Item::new(Cause::StaleResolver {
            name: endpoint.host.clone(),
            resolver_said: crate::runs::answered_addresses(given),
            zone_says: *address,
            zone_server: zone_server.clone(),
        })
        .at(endpoint);
        let answer = given.events.iter().find(|(_, e)| matches!(e, Event::Dns { .. }));
        item.proof.extend(answer.map(|(t_ms, e)| Proof { op: given.id, t_ms: *t_ms, event: e.clone() }));
        let direct = runs.iter().find(|r| {
            matches!(&r.job, Job::Lookup { name, resolver: ResolverChoice::Server(server), .. }
                if *name == endpoint.host && crate::runs::answered_addresses(r).contains(address) && server.port() == 53)
        });
        let direct_answer =
            direct.and_then(|r| r.events.first().map(|(t_ms, e)| Proof { op: r.id, t_ms: *t_ms, event: e.clone() }));
        item.proof.extend(direct_answer);
        if let Some((t_ms, e)) = pinned.events.iter().find(|(_, e)| matches!(e, Event::Completed { .. })) {
            item.proof.push(Proof { op: pinned.id, t_ms: *t_ms, event: e.clone() });
        }
        item.follows = take(items, |i| {
            matches!(i.code(), Code::TcpRefused | Code::TcpFiltered | Code::TcpUnreachable) && i.is_about(endpoint)
        });
        items.push(item);
    }
}

/// Part B. Ports the relay that ran the checks cannot reach at all (its
/// hello's `blocked_ports`: a cloud that drops outbound 25): a failure to
/// connect to such a port, from there, is neither the person's network nor
/// the server, so every such finding folds under one that says the relay
/// cannot tell. Runs before the port-25 and firewall folds, which must not
/// see these ports (see `assess::session_through`).
pub(crate) fn relay_cannot_reach(blocked: &[u16], items: &mut Vec<Item>) {
    for &port in blocked {
        let failed = take(items, |i| {
            matches!(
                i.code(),
                Code::TcpFiltered
                    | Code::TcpUnreachable
                    | Code::TcpRefused
                    | Code::TcpPort25Blocked
                    | Code::FirewallMailPortsBlocked
            ) && i.endpoint.as_ref().is_some_and(|e| e.port == port)
        });
        let Some(first) = failed.first() else { continue };
        let mut item = Item::new(Cause::RelayCannotReach { port });
        item.endpoint = first.endpoint.clone();
        item.proof = first.proof.clone();
        item.follows = failed;
        items.push(item);
    }
}
