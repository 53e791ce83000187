//! Asking a zone's own name servers: when the person's server fails to
//! connect at the address the resolver gave, ask the zone's name servers
//! directly (its NS records, their addresses, then the name at each), and
//! try the server at the address they give if it is another. The resolver
//! may be stale (a move still spreading) or filtered.

use core::net::{IpAddr, SocketAddr};

use maildoctor_wire::{DnsRecord, RecordType, ResolverChoice};

use crate::assess;
use crate::runs::{answered_addresses, lookup_records, Job, Run};
use crate::Code;

/// Name servers asked per zone, and their addresses tried.
const ZONE_SERVERS: usize = 2;

/// The zone a host name is in, by the usual cut: everything after the first label.
fn zone_of(host: &str) -> Option<&str> {
    let (_, zone) = host.split_once('.')?;
    zone.contains('.').then_some(zone)
}

fn planned(runs: &[Run], jobs: &[Job], job: &Job) -> bool {
    runs.iter().any(|r| r.job == *job) || jobs.contains(job)
}

fn lookup(name: &str, record_type: RecordType, resolver: ResolverChoice) -> Job {
    Job::Lookup { name: name.trim_end_matches('.').to_owned(), record_type, resolver }
}

/// The next questions for every given server that failed to connect.
pub(crate) fn follow_ups(runs: &[Run], planned_now: &[Job]) -> Vec<Job> {
    let mut jobs: Vec<Job> = Vec::new();
    for run in runs.iter().filter(|r| r.done && r.is_given()) {
        let Some(endpoint) = run.endpoint() else { continue };
        let connect_failed =
            matches!(assess::root_code(run, runs), Some(Code::TcpRefused | Code::TcpFiltered | Code::TcpUnreachable));
        let Some(zone) = zone_of(&endpoint.host).filter(|_| connect_failed && endpoint.host.parse::<IpAddr>().is_err())
        else {
            continue;
        };
        let all: Vec<Job> = planned_now.iter().chain(&jobs).cloned().collect();
        let ns = lookup(zone, RecordType::Ns, ResolverChoice::System);
        if !planned(runs, &all, &ns) {
            jobs.push(ns);
            continue;
        }
        let servers: Vec<String> = lookup_records(runs, zone, RecordType::Ns)
            .into_iter()
            .filter_map(|r| match r {
                DnsRecord::Ns { target } => Some(target.trim_end_matches('.').to_owned()),
                _ => None,
            })
            .take(ZONE_SERVERS)
            .collect();
        let resolver_said = answered_addresses(run);
        for server in servers {
            let address_of_server = lookup(&server, RecordType::A, ResolverChoice::System);
            if !planned(runs, &all, &address_of_server) && !jobs.contains(&address_of_server) {
                jobs.push(address_of_server);
                continue;
            }
            for ip in answered_addresses_of(runs, &address_of_server).into_iter().take(ZONE_SERVERS) {
                let direct = lookup(&endpoint.host, RecordType::A, ResolverChoice::Server(SocketAddr::new(ip, 53)));
                if !planned(runs, &all, &direct) && !jobs.contains(&direct) {
                    jobs.push(direct);
                    continue;
                }
                let fresh = answered_addresses_of(runs, &direct).into_iter().find(|a| !resolver_said.contains(a));
                let already = runs.iter().any(|r| matches!(r.job, Job::Pinned { of, .. } if of == run.id))
                    || jobs.iter().chain(planned_now).any(|j| matches!(j, Job::Pinned { of, .. } if *of == run.id));
                if let (Some(address), false) = (fresh, already) {
                    let zone_server = server.clone();
                    jobs.push(Job::Pinned { endpoint: endpoint.clone(), address, of: run.id, zone_server });
                }
            }
        }
    }
    jobs
}

fn answered_addresses_of(runs: &[Run], job: &Job) -> Vec<IpAddr> {
    runs.iter().filter(|r| r.done && r.job == *job).flat_map(answered_addresses).collect()
}
