//! Discovery: which lookups to make for an address, and which servers to try
//! once they are answered. Sources are consulted in parallel; the most
//! authoritative one that names any server wins: the provider table, then
//! what the domain publishes itself (SRV, then autoconfig), then an ISP
//! database's entry (Thunderbird's ISPDB), then the provider table by MX,
//! the MX hosts and the usual host names.

use maildoctor_wire::{DnsOutcome, DnsRecord, Event, MailProtocol, RecordType, ResolverChoice, Security};

use crate::providers::{self, Provider};
use crate::runs::{lookup_records, Job, Run, Source};
use crate::{Endpoint, Side};

/// SRV services (RFC 6186, RFC 8314): name, protocol, security.
const SRV_SERVICES: [(&str, MailProtocol, Security); 6] = [
    ("_imaps._tcp", MailProtocol::Imap, Security::Tls),
    ("_imap._tcp", MailProtocol::Imap, Security::Starttls),
    ("_pop3s._tcp", MailProtocol::Pop3, Security::Tls),
    ("_pop3._tcp", MailProtocol::Pop3, Security::Starttls),
    ("_submissions._tcp", MailProtocol::Smtp, Security::Tls),
    ("_submission._tcp", MailProtocol::Smtp, Security::Starttls),
];

/// At most this many servers are tried per direction.
const MAX_CANDIDATES: usize = 8;

/// The lookups discovery needs; none when the domain is a known provider.
pub(crate) fn lookups(address: &str, domain: &str) -> Vec<Job> {
    if providers::by_domain(domain).is_some() {
        return Vec::new();
    }
    let system = || ResolverChoice::System;
    let mut jobs = vec![Job::Lookup { name: domain.to_owned(), record_type: RecordType::Mx, resolver: system() }];
    for (service, ..) in SRV_SERVICES {
        jobs.push(Job::Lookup {
            name: format!("{service}.{domain}"),
            record_type: RecordType::Srv,
            resolver: system(),
        });
    }
    let query = format!("?emailaddress={}", address.replace('@', "%40"));
    // Thunderbird's order (its fromISP source): HTTPS first, then plain HTTP,
    // which many hosters still use for autoconfig.
    jobs.push(Job::Autoconfig { url: format!("https://autoconfig.{domain}/mail/config-v1.1.xml{query}") });
    jobs.push(Job::Autoconfig { url: format!("https://{domain}/.well-known/autoconfig/mail/config-v1.1.xml{query}") });
    jobs.push(Job::Autoconfig { url: format!("http://autoconfig.{domain}/mail/config-v1.1.xml{query}") });
    // Thunderbird's next source after the domain's own documents, and
    // Outlook's: neither ever gets credentials.
    jobs.push(Job::Ispdb { domain: domain.to_owned() });
    jobs.push(Job::Autodiscover { address: address.to_owned() });
    jobs
}

fn endpoint(host: &str, port: u16, protocol: MailProtocol, security: Security) -> Endpoint {
    Endpoint { host: host.trim_end_matches('.').to_ascii_lowercase(), port, protocol, security }
}

fn from_provider(provider: &Provider, side: Side) -> Vec<Endpoint> {
    let servers = match side {
        Side::Incoming => provider.incoming,
        Side::Outgoing => provider.outgoing,
    };
    servers.iter().map(|s| endpoint(s.host, s.port, s.protocol, s.security)).collect()
}

fn from_srv(domain: &str, runs: &[Run], side: Side) -> Vec<Endpoint> {
    let mut found: Vec<(u16, Endpoint)> = Vec::new();
    for (service, protocol, security) in SRV_SERVICES {
        if Side::of(protocol) != side {
            continue;
        }
        for record in lookup_records(runs, &format!("{service}.{domain}"), RecordType::Srv) {
            // RFC 2782: a target of "." says the service is not offered.
            if let DnsRecord::Srv { priority, port, target, .. } = record {
                if target != "." && *port != 0 {
                    found.push((*priority, endpoint(target, *port, protocol, security)));
                }
            }
        }
    }
    found.sort_by_key(|(priority, _)| *priority);
    found.into_iter().map(|(_, e)| e).collect()
}

/// The servers config-v1.1 documents name: the domain's own (autoconfig) or
/// an ISP database's entry, as `documents` selects.
fn from_documents(runs: &[Run], side: Side, documents: impl Fn(&Job) -> bool) -> Vec<Endpoint> {
    let mut found = Vec::new();
    for run in runs.iter().filter(|r| documents(&r.job)) {
        for (_, event) in &run.events {
            if let Event::Autoconfig { servers, .. } | Event::Autodiscover { servers, .. } = event {
                for server in servers.iter().filter(|s| Side::from_incoming(s.incoming) == side) {
                    let candidate = endpoint(&server.host, server.port, server.protocol, server.security);
                    if !found.contains(&candidate) {
                        found.push(candidate);
                    }
                }
            }
        }
    }
    found
}

/// Where Autodiscover says the mailbox is served: at Microsoft's own hosts,
/// the domain is hosted at Microsoft 365 (its servers from the provider
/// table); elsewhere, an Exchange server of its own, tried on the IMAP and
/// submission ports Exchange serves them on.
fn from_autodiscover(runs: &[Run], side: Side) -> Vec<Endpoint> {
    // A POX answer's own IMAP, POP3 and SMTP settings (hosters') come first.
    let pox = from_documents(runs, side, |job| matches!(job, Job::Autodiscover { .. }));
    if !pox.is_empty() {
        return pox;
    }
    let host = runs.iter().filter(|r| matches!(r.job, Job::Autodiscover { .. })).find_map(|r| {
        r.events.iter().find_map(|(_, e)| match e {
            Event::Autodiscover { host: Some(host), .. } => Some(host.clone()),
            _ => None,
        })
    });
    let Some(host) = host else { return Vec::new() };
    let microsoft = ["office365.com", "outlook.com"].iter().any(|d| host == *d || host.ends_with(&format!(".{d}")));
    if microsoft {
        return providers::PROVIDERS
            .iter()
            .find(|p| p.name == "Microsoft 365")
            .map(|p| from_provider(p, side))
            .unwrap_or_default();
    }
    if side.is_incoming() {
        vec![endpoint(&host, 993, MailProtocol::Imap, Security::Tls)]
    } else {
        vec![endpoint(&host, 587, MailProtocol::Smtp, Security::Starttls)]
    }
}

/// The most preferred MX host of the domain.
pub(crate) fn primary_mx<'a>(domain: &str, runs: &'a [Run]) -> Option<&'a str> {
    lookup_records(runs, domain, RecordType::Mx)
        .into_iter()
        .filter_map(|r| match r {
            DnsRecord::Mx { preference, exchange } if exchange != "." => Some((*preference, exchange.as_str())),
            _ => None,
        })
        .min_by_key(|(preference, _)| *preference)
        .map(|(_, exchange)| exchange)
}

fn guesses(domain: &str, mx: Option<&str>, side: Side) -> Vec<Endpoint> {
    let mut hosts: Vec<String> = Vec::new();
    let mut add = |host: String| {
        if !hosts.contains(&host) {
            hosts.push(host);
        }
    };
    if let Some(mx) = mx {
        add(mx.trim_end_matches('.').to_owned());
    }
    let names: &[&str] = if side.is_incoming() { &["imap", "mail", "pop"] } else { &["smtp", "mail"] };
    for name in names {
        add(format!("{name}.{domain}"));
    }
    add(domain.to_owned());
    let mut found = Vec::new();
    for host in &hosts {
        let tries: &[(u16, MailProtocol, Security)] = if side.is_incoming() {
            if host.starts_with("pop.") {
                &[(995, MailProtocol::Pop3, Security::Tls), (110, MailProtocol::Pop3, Security::Starttls)]
            } else {
                &[(993, MailProtocol::Imap, Security::Tls), (143, MailProtocol::Imap, Security::Starttls)]
            }
        } else {
            &[(465, MailProtocol::Smtp, Security::Tls), (587, MailProtocol::Smtp, Security::Starttls)]
        };
        for (port, protocol, security) in tries {
            found.push(endpoint(host, *port, *protocol, *security));
        }
    }
    if side == Side::Outgoing {
        found.push(endpoint(&format!("smtp.{domain}"), 25, MailProtocol::Smtp, Security::Starttls));
    }
    found
}

/// The servers to try for one direction, with where each came from.
pub(crate) fn candidates(domain: &str, runs: &[Run], side: Side) -> Vec<(Endpoint, Source)> {
    let tag = |list: Vec<Endpoint>, source: Source| -> Vec<(Endpoint, Source)> {
        list.into_iter().take(MAX_CANDIDATES).map(|e| (e, source)).collect()
    };
    if let Some(provider) = providers::by_domain(domain) {
        return tag(from_provider(provider, side), Source::Provider);
    }
    // A domain that does not exist has no servers to guess at.
    if domain_missing(domain, runs) {
        return Vec::new();
    }
    let srv = from_srv(domain, runs, side);
    if !srv.is_empty() {
        return tag(srv, Source::Srv);
    }
    let autoconfig = from_documents(runs, side, |job| matches!(job, Job::Autoconfig { .. }));
    if !autoconfig.is_empty() {
        return tag(autoconfig, Source::Autoconfig);
    }
    // The live service's entry, or maildoctor's copy when it gave none.
    let ispdb = crate::ispdb::servers(runs, side);
    if !ispdb.is_empty() {
        return tag(ispdb, Source::Ispdb);
    }
    let autodiscover = from_autodiscover(runs, side);
    if !autodiscover.is_empty() {
        return tag(autodiscover, Source::Autodiscover);
    }
    let mx = primary_mx(domain, runs);
    if let Some(provider) = mx.and_then(providers::by_mx) {
        return tag(from_provider(provider, side), Source::ProviderByMx);
    }
    // As a mail app does: the server the person gave for the other
    // direction comes before any guessed name (one host for both is common).
    let mut found = other_direction_host(runs, side);
    for guess in guesses(domain, mx, side) {
        if !found.iter().any(|(f, _)| *f == guess) {
            let is_mx = mx.is_some_and(|mx| mx.trim_end_matches('.') == guess.host);
            found.push((guess, if is_mx { Source::Mx } else { Source::Guess }));
        }
    }
    found.truncate(MAX_CANDIDATES);
    found
}

/// The host the person gave for the other direction, on this direction's
/// usual ports: IMAP 993 and 143 for incoming, submission 465 and 587 for outgoing.
fn other_direction_host(runs: &[Run], side: Side) -> Vec<(Endpoint, Source)> {
    let Some(given) = crate::runs::probes(runs, side.other()).find(|r| r.is_given()).and_then(Run::endpoint) else {
        return Vec::new();
    };
    if given.host.parse::<core::net::IpAddr>().is_err() && !given.host.contains('.') {
        return Vec::new();
    }
    let protocol = match side {
        Side::Incoming => MailProtocol::Imap,
        Side::Outgoing => MailProtocol::Smtp,
    };
    [Security::Tls, Security::Starttls]
        .into_iter()
        .map(|security| (endpoint(&given.host, protocol.usual_port(security), protocol, security), Source::SameHost))
        .collect()
}

/// The system resolver says the address's domain does not exist.
fn domain_missing(domain: &str, runs: &[Run]) -> bool {
    runs.iter().any(|r| {
        matches!(&r.job, Job::Lookup { name, record_type: RecordType::Mx, resolver: ResolverChoice::System } if name == domain)
            && r.has(|e| matches!(e, Event::Dns { outcome: DnsOutcome::NxDomain, .. }))
    })
}
