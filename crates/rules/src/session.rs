use core::fmt;

use maildoctor_wire::{
    ClientMessage, DnsOutcome, DnsRecord, Event, Login, MailProtocol, OpId, Operation, ProbeSpec, RecordType, Refusal,
    ResolveSpec, ResolverChoice, Security, ServerMessage, TcpOutcome,
};
use serde::{Deserialize, Serialize};

use crate::{diagnose, plan, Endpoint, Report, REPORT_VERSION};

/// The server settings a person's mail client uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub host: String,
    pub port: u16,
    pub protocol: MailProtocol,
    pub security: Security,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionError {
    /// Not of the form `local@domain`.
    BadAddress(String),
    /// A server name that is empty or has spaces.
    BadHost(String),
    BadPort,
}

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadAddress(a) => write!(f, "{a:?} is not an email address (it should look like name@example.com)"),
            Self::BadHost(h) => write!(f, "{h:?} is not a server name (it should look like imap.example.com)"),
            Self::BadPort => f.write_str("the port must be a number from 1 to 65535"),
        }
    }
}

impl std::error::Error for SessionError {}

/// Connects per latency sample: enough to see a lost SYN, few enough to be quick.
const LATENCY_SAMPLES: u8 = 6;

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
    /// The domain's MX hosts.
    Mx,
    /// Common host names on the standard ports.
    Guess,
}

impl Source {
    pub fn describe(self) -> &'static str {
        match self {
            Source::Given => "your settings",
            Source::Provider => "the provider's published settings",
            Source::ProviderByMx => "the provider's published settings (the domain's MX records point to it)",
            Source::Srv => "the domain's SRV records",
            Source::Autoconfig => "the domain's autoconfig document",
            Source::Mx => "the domain's MX records",
            Source::Guess => "trying the usual server names and ports",
        }
    }
}

/// What one operation is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Job {
    Probe {
        endpoint: Endpoint,
        source: Source,
        incoming: bool,
    },
    Lookup {
        name: String,
        record_type: RecordType,
        resolver: ResolverChoice,
    },
    Autoconfig {
        url: String,
    },
    /// Repeated connects to a server that answered, for latency and loss.
    Latency {
        endpoint: Endpoint,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub(crate) id: OpId,
    pub(crate) job: Job,
    pub(crate) events: Vec<(u64, Event)>,
    pub(crate) done: bool,
    pub(crate) refused: Option<Refusal>,
}

impl Run {
    pub(crate) fn endpoint(&self) -> Option<&Endpoint> {
        match &self.job {
            Job::Probe { endpoint, .. } => Some(endpoint),
            _ => None,
        }
    }
}

/// Per direction (incoming, outgoing): whether to discover, and how far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Discovery {
    wanted: bool,
    candidates_sent: bool,
}

/// One diagnosis: what to run, what came back, what it means.
#[derive(Debug, Clone)]
pub struct Session {
    address: String,
    domain: String,
    login: Option<Login>,
    runs: Vec<Run>,
    next_id: OpId,
    started: bool,
    lookups_sent: bool,
    /// Sample connects to the person's servers (off for the single-server check).
    sample_latency: bool,
    incoming: Discovery,
    outgoing: Discovery,
}

fn validate_address(address: &str) -> Result<(String, String), SessionError> {
    let address = address.trim();
    match address.split_once('@') {
        Some((local, domain))
            if !local.is_empty()
                && domain.contains('.')
                && !domain.contains(char::is_whitespace)
                && !domain.contains('@') =>
        {
            Ok((address.to_owned(), domain.trim_end_matches('.').to_ascii_lowercase()))
        }
        _ => Err(SessionError::BadAddress(address.to_owned())),
    }
}

fn validate(settings: Settings) -> Result<Endpoint, SessionError> {
    let host = settings.host.trim().trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() || host.contains(char::is_whitespace) || host.contains('/') || host.contains('@') {
        return Err(SessionError::BadHost(settings.host));
    }
    if settings.port == 0 {
        return Err(SessionError::BadPort);
    }
    Ok(Endpoint { host, port: settings.port, protocol: settings.protocol, security: settings.security })
}

impl Session {
    /// Check the settings the person gave (either may be absent); where they
    /// fail, or where none were given, find settings that work.
    pub fn new(address: &str, incoming: Option<Settings>, outgoing: Option<Settings>) -> Result<Self, SessionError> {
        let (address, domain) = validate_address(address)?;
        let mut session = Session {
            address,
            domain,
            login: None,
            runs: Vec::new(),
            next_id: 1,
            started: false,
            lookups_sent: false,
            sample_latency: true,
            incoming: Discovery { wanted: incoming.is_none(), candidates_sent: false },
            outgoing: Discovery { wanted: outgoing.is_none(), candidates_sent: false },
        };
        for (settings, is_incoming) in [(incoming, true), (outgoing, false)] {
            if let Some(settings) = settings {
                let endpoint = validate(settings)?;
                session.add(Job::Probe { endpoint, source: Source::Given, incoming: is_incoming });
            }
        }
        Ok(session)
    }

    /// Check exactly the settings given; discover only for a direction whose
    /// given settings fail. With nothing given, discover both (like [`Session::new`]).
    pub fn check_given(
        address: &str,
        incoming: Option<Settings>,
        outgoing: Option<Settings>,
    ) -> Result<Self, SessionError> {
        let nothing_given = incoming.is_none() && outgoing.is_none();
        let mut session = Self::new(address, incoming, outgoing)?;
        if !nothing_given {
            session.incoming.wanted = false;
            session.outgoing.wanted = false;
        }
        Ok(session)
    }

    /// Check the one incoming server the person's client is set up with, and
    /// nothing else (the page's walking skeleton).
    pub fn check_server(address: &str, server: Settings) -> Result<Self, SessionError> {
        let mut session = Self::new(address, Some(server), None)?;
        session.incoming.wanted = false;
        session.outgoing.wanted = false;
        session.incoming.candidates_sent = true;
        session.outgoing.candidates_sent = true;
        session.sample_latency = false;
        Ok(session)
    }

    /// Also ask `resolver` (`ip:port`) for the person's server names, to tell
    /// a failing or stale local resolver from a broken domain.
    pub fn with_reference_resolver(mut self, resolver: &str) -> Self {
        let hosts: Vec<String> = self.runs.iter().filter_map(|r| r.endpoint().map(|e| e.host.clone())).collect();
        for host in hosts {
            if host.parse::<std::net::IpAddr>().is_ok()
                || self.runs.iter().any(|r| matches!(&r.job, Job::Lookup { name, .. } if *name == host))
            {
                continue;
            }
            for choice in [ResolverChoice::System, ResolverChoice::Server(resolver.to_owned())] {
                self.add(Job::Lookup { name: host.clone(), record_type: RecordType::A, resolver: choice });
            }
        }
        self
    }

    /// Also log in, with these credentials, where the connection allows it.
    /// Only the person's own servers receive them, never discovered ones.
    pub fn with_login(mut self, login: Login) -> Self {
        self.login = Some(login);
        self
    }

    pub fn address(&self) -> &str {
        &self.address
    }

    pub fn domain(&self) -> &str {
        &self.domain
    }

    fn add(&mut self, job: Job) -> OpId {
        let id = self.next_id;
        self.next_id += 1;
        self.runs.push(Run { id, job, events: Vec::new(), done: false, refused: None });
        id
    }

    fn message(&self, run: &Run) -> ClientMessage {
        let op = match &run.job {
            Job::Probe { endpoint, source, .. } => Operation::Probe(ProbeSpec {
                host: endpoint.host.clone(),
                port: endpoint.port,
                protocol: endpoint.protocol,
                security: endpoint.security,
                login: if *source == Source::Given { self.login.clone() } else { None },
            }),
            Job::Lookup { name, record_type, resolver } => Operation::Resolve(ResolveSpec {
                name: name.clone(),
                types: vec![*record_type],
                resolver: resolver.clone(),
            }),
            Job::Autoconfig { url } => Operation::FetchAutoconfig { url: url.clone() },
            Job::Latency { endpoint } => {
                Operation::SampleLatency { host: endpoint.host.clone(), port: endpoint.port, count: LATENCY_SAMPLES }
            }
        };
        ClientMessage::Run { id: run.id, op }
    }

    /// The operations to run first. Call once.
    pub fn start(&mut self) -> Vec<ClientMessage> {
        if self.started {
            return Vec::new();
        }
        self.started = true;
        let first: Vec<OpId> = self.runs.iter().map(|r| r.id).collect();
        let mut messages: Vec<_> =
            self.runs.iter().filter(|r| first.contains(&r.id)).map(|r| self.message(r)).collect();
        messages.extend(self.advance());
        messages
    }

    /// Takes one message from the relay; returns follow-up operations.
    pub fn handle(&mut self, message: &ServerMessage) -> Vec<ClientMessage> {
        match message {
            ServerMessage::Event { id, t_ms, event } => {
                if let Some(run) = self.run_mut(*id) {
                    run.events.push((*t_ms, event.clone()));
                }
                return Vec::new();
            }
            ServerMessage::Done { id } => {
                if let Some(run) = self.run_mut(*id) {
                    run.done = true;
                }
            }
            ServerMessage::Refused { id, reason } => {
                if let Some(run) = self.run_mut(*id) {
                    run.refused = Some(reason.clone());
                    run.done = true;
                }
            }
            ServerMessage::Hello { .. } | ServerMessage::Error { .. } => return Vec::new(),
        }
        self.advance()
    }

    /// Plans what the finished operations call for.
    fn advance(&mut self) -> Vec<ClientMessage> {
        let mut new_jobs = Vec::new();
        // The person's server answered: measure the path to it.
        for run in &self.runs {
            let Job::Probe { endpoint, source: Source::Given, .. } = &run.job else { continue };
            let connected =
                run.events.iter().any(|(_, e)| matches!(e, Event::Tcp { outcome: TcpOutcome::Connected, .. }));
            let sampled = self.runs.iter().any(|r| matches!(&r.job, Job::Latency { endpoint: e } if e == endpoint));
            if run.done
                && connected
                && !sampled
                && self.sample_latency
                && !new_jobs.contains(&Job::Latency { endpoint: endpoint.clone() })
            {
                new_jobs.push(Job::Latency { endpoint: endpoint.clone() });
            }
        }
        // The person's settings failed: find what does work.
        for incoming in [true, false] {
            let given: Vec<&Run> = self
                .runs
                .iter()
                .filter(|r| matches!(&r.job, Job::Probe { source: Source::Given, incoming: i, .. } if *i == incoming))
                .collect();
            let failed = !given.is_empty() && given.iter().all(|r| r.done) && !given.iter().any(|r| diagnose::works(r));
            let discovery = if incoming { &mut self.incoming } else { &mut self.outgoing };
            if failed && !discovery.candidates_sent {
                discovery.wanted = true;
            }
        }
        let wanted = (self.incoming.wanted && !self.incoming.candidates_sent)
            || (self.outgoing.wanted && !self.outgoing.candidates_sent);
        if wanted && !self.lookups_sent {
            self.lookups_sent = true;
            new_jobs.extend(plan::lookups(&self.address, &self.domain));
        }
        let lookups_done = self.lookups_sent
            && self
                .runs
                .iter()
                .filter(|r| matches!(r.job, Job::Lookup { .. } | Job::Autoconfig { .. }))
                .all(|r| r.done)
            && new_jobs.is_empty();
        if lookups_done {
            for incoming in [true, false] {
                let discovery = if incoming { self.incoming } else { self.outgoing };
                if discovery.wanted && !discovery.candidates_sent {
                    let tried: Vec<Endpoint> = self.runs.iter().filter_map(|r| r.endpoint().cloned()).collect();
                    for (endpoint, source) in plan::candidates(&self.domain, &self.runs, incoming) {
                        if !tried.contains(&endpoint) {
                            new_jobs.push(Job::Probe { endpoint, source, incoming });
                        }
                    }
                    if incoming {
                        self.incoming.candidates_sent = true;
                    } else {
                        self.outgoing.candidates_sent = true;
                    }
                }
            }
        }
        let ids: Vec<OpId> = new_jobs.into_iter().map(|job| self.add(job)).collect();
        ids.iter().filter_map(|id| self.runs.iter().find(|r| r.id == *id)).map(|r| self.message(r)).collect()
    }

    /// Every operation still running ends now, without an answer (the relay
    /// went away): the report says so instead of waiting forever.
    pub fn abandon(&mut self) {
        for run in &mut self.runs {
            run.done = true;
        }
        self.incoming.candidates_sent = true;
        self.outgoing.candidates_sent = true;
    }

    fn run_mut(&mut self, id: OpId) -> Option<&mut Run> {
        self.runs.iter_mut().find(|r| r.id == id)
    }

    pub fn is_finished(&self) -> bool {
        let planned = |d: Discovery| !d.wanted || d.candidates_sent;
        self.started && self.runs.iter().all(|r| r.done) && planned(self.incoming) && planned(self.outgoing)
    }

    pub fn report(&self) -> Report {
        let complete = self.is_finished();
        let (findings, working) = diagnose::session(&self.runs, &self.domain, complete);
        Report { version: REPORT_VERSION, address: self.address.clone(), complete, findings, working }
    }
}

/// The records of one kind a finished lookup found.
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
