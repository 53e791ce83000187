//! The operations of a session and what came back for each: the data the
//! planner, the observations and the rules all read. Nothing here decides.

use core::net::IpAddr;

use maildoctor_wire::{DnsOutcome, DnsRecord, Event, OpId, RecordType, Refusal, ResolverChoice};
use serde::{Deserialize, Serialize};

use crate::{Endpoint, Side};

/// Where a candidate setting came from, most authoritative first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The person's own settings.
    Given,
    /// maildoctor's table of large providers, by the address's domain.
    Provider,
    /// The same table, for a custom domain whose MX hosts are a provider's.
    ProviderByMx,
    /// RFC 6186 / RFC 8314 SRV records.
    Srv,
    /// An autoconfig document.
    Autoconfig,
    /// Thunderbird's ISP database (or the one the relay is set up with).
    Ispdb,
    /// Autodiscover: the domain's own (POX) or Microsoft's service (JSON).
    Autodiscover,
    /// The domain's MX hosts.
    Mx,
    /// Common host names on the standard ports.
    Guess,
    /// The person's own server, on the other usual ports and securities of
    /// its protocol: tried before any other name.
    SameHost,
    /// What the provider's own help page says (the widget's settings).
    Expected,
}

impl Source {
    /// The domain itself publishes servers found this way for mail apps, so
    /// a person's failing setting that differs from them is the wrong name.
    pub(crate) fn is_published(self) -> bool {
        matches!(
            self,
            Source::Provider
                | Source::ProviderByMx
                | Source::Srv
                | Source::Autoconfig
                | Source::Ispdb
                | Source::Autodiscover
                | Source::Expected
        )
    }
}

/// What one operation is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Job {
    Probe {
        endpoint: Endpoint,
        source: Source,
        side: Side,
        /// A second login with the full address, after `retry_of` refused
        /// the username as typed: the planner's one retry per server.
        retry_of: Option<OpId>,
        /// Whether the person's credentials go with it (decided once, when
        /// planned: the server is theirs or the domain's own, and the
        /// server's login budget allows it).
        login: bool,
    },
    Lookup {
        name: String,
        record_type: RecordType,
        resolver: ResolverChoice,
    },
    Autoconfig {
        url: String,
    },
    /// The ISP database's entry for the domain.
    Ispdb {
        domain: String,
    },
    /// The Autodiscover service's answer for the address.
    Autodiscover {
        address: String,
    },
    /// One more connect to an address whose probe's connect took as long
    /// as a lost SYN, with nothing there to hold it against (see `path`).
    Latency {
        endpoint: Endpoint,
        address: Option<IpAddr>,
    },
    /// The person's server at the address the zone's own name servers give,
    /// because the resolver's address failed: part of probe `of`.
    Pinned {
        endpoint: Endpoint,
        address: IpAddr,
        of: OpId,
        /// The name server that gave the address (`ns1.example.test`).
        zone_server: String,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub(crate) id: OpId,
    pub(crate) job: Job,
    pub(crate) events: Vec<(u64, Event)>,
    pub(crate) done: bool,
    pub(crate) refused: Option<Refusal>,
    /// Ended without its `done`: the check stopped (the relay went away,
    /// the person cancelled) before it, or before its login retry or its
    /// probe at the zone's own address, which decide it. What it saw proves
    /// nothing either way, so no rule reads it ([`cut_unfinished`] takes it
    /// out of the session's runs).
    pub(crate) cut: bool,
}

impl Run {
    pub(crate) fn endpoint(&self) -> Option<&Endpoint> {
        match &self.job {
            Job::Probe { endpoint, .. } | Job::Pinned { endpoint, .. } => Some(endpoint),
            _ => None,
        }
    }

    /// A probe the planner made (not a login retry), with its source and direction.
    pub(crate) fn probe(&self) -> Option<(&Endpoint, Source, Side)> {
        match &self.job {
            Job::Probe { endpoint, source, side, retry_of: None, .. } => Some((endpoint, *source, *side)),
            _ => None,
        }
    }

    /// The person's credentials went with this probe.
    pub(crate) fn carries_login(&self) -> bool {
        matches!(self.job, Job::Probe { login: true, .. })
    }

    pub(crate) fn is_given(&self) -> bool {
        self.probe().is_some_and(|(_, source, _)| source == Source::Given)
    }

    pub(crate) fn has(&self, wanted: impl Fn(&Event) -> bool) -> bool {
        self.events.iter().any(|(_, e)| wanted(e))
    }
}

/// Takes out of `runs` every run still going, and each run whose follow-up
/// was still going, marked cut; says per direction (incoming, outgoing)
/// whether it lost a probe or a lookup (a lookup serves both: discovery,
/// the zone's own answer that tells a stale resolver from a wrong name).
pub(crate) fn cut_unfinished(runs: &mut Vec<Run>) -> (Vec<Run>, [bool; 2]) {
    for run in runs.iter_mut().filter(|r| !r.done) {
        run.done = true;
        run.cut = true;
    }
    let undecided: Vec<OpId> = runs
        .iter()
        .filter(|r| r.cut)
        .filter_map(|r| match r.job {
            Job::Probe { retry_of: Some(of), .. } | Job::Pinned { of, .. } => Some(of),
            _ => None,
        })
        .collect();
    for run in runs.iter_mut().filter(|r| undecided.contains(&r.id)) {
        run.cut = true;
    }
    let lost = Side::BOTH.map(|side| {
        runs.iter().filter(|r| r.cut).any(|r| match r.job {
            Job::Probe { side: s, .. } => s == side,
            // A lost sample leaves a path undecided, which says nothing; the
            // probe a pinned one belongs to is cut with it.
            Job::Latency { .. } | Job::Pinned { .. } => false,
            Job::Lookup { .. } | Job::Autoconfig { .. } | Job::Ispdb { .. } | Job::Autodiscover { .. } => true,
        })
    });
    let (cut, ended) = core::mem::take(runs).into_iter().partition(|r| r.cut);
    *runs = ended;
    (cut, lost)
}

/// The probes of one direction, without login retries.
pub(crate) fn probes(runs: &[Run], side: Side) -> impl Iterator<Item = &Run> {
    runs.iter().filter(move |r| r.probe().is_some_and(|(_, _, s)| s == side))
}

/// The login retry planned for `run`, if any.
pub(crate) fn retry_of<'a>(runs: &'a [Run], run: &Run) -> Option<&'a Run> {
    runs.iter().find(|r| matches!(r.job, Job::Probe { retry_of: Some(id), .. } if id == run.id))
}

/// The records of one kind a finished system lookup found.
pub(crate) fn lookup_records<'a>(runs: &'a [Run], name: &str, wanted: RecordType) -> Vec<&'a DnsRecord> {
    runs.iter()
        .filter(|r| {
            matches!(&r.job, Job::Lookup { name: n, record_type, resolver: ResolverChoice::System }
                if n == name && *record_type == wanted)
        })
        .flat_map(|r| r.events.iter())
        .filter_map(|(_, e)| match e {
            Event::Dns { outcome: DnsOutcome::Answer, records, .. } => Some(records.iter()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// The addresses a finished run's DNS answers named.
pub(crate) fn answered_addresses(run: &Run) -> Vec<IpAddr> {
    run.events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::Dns { outcome: DnsOutcome::Answer, records, .. } => {
                Some(records.iter().filter_map(DnsRecord::address))
            }
            _ => None,
        })
        .flatten()
        .collect()
}
