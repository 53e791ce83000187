//! The planner: what the person typed becomes operations, and finished
//! operations become follow-ups (discovery once the given settings fail,
//! one login retry with the full address, one more connect where the
//! probes' own cannot tell a lost SYN from a long round trip). One entry,
//! [`Session::plan`], for the page and the terminal.

use crate::request::{validate, validate_address, Discovery, Reference, Request, SessionError};
use crate::runs::{Job, Run, Source};
use crate::untested::{self, Untested, Verdict};
use crate::{assess, plan, progress, render, Catalog, Endpoint, Report, Side, REPORT_VERSION};
mod credentials;

use maildoctor_wire::{
    AuthOutcome, ClientMessage, Event, Login, OpId, Operation, ProbeSpec, RecordType, ResolveSpec, ResolverChoice,
    Security, ServerMessage, Vantage,
};

/// Connects asked beside the probes' own, per address, when those cannot
/// tell a lost SYN from a long round trip: one (issue 25: a burst of idle
/// connects is what fail2ban and connection-rate limits punish).
const EXTRA_CONNECTS: u8 = 1;

/// Per direction: whether to discover, and how far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Direction {
    wanted: bool,
    candidates_sent: bool,
    /// The check stopped before this direction was tested to its end.
    interrupted: bool,
}

/// One diagnosis: what to run, what came back, what it means.
#[derive(Debug, Clone)]
pub struct Session {
    address: String,
    domain: String,
    login: Option<Login>,
    runs: Vec<Run>,
    /// The runs a stop cut short ([`Session::abandon`]): on the timeline,
    /// never in a rule.
    cut: Vec<Run>,
    /// Stopped: a late message plans nothing more.
    abandoned: bool,
    next_id: OpId,
    started: bool,
    lookups_sent: bool,
    discovery: Discovery,
    sample_latency: bool,
    login_discovered: bool,
    incoming: Direction,
    outgoing: Direction,
    reference: Reference,
    /// Where the operations run, once known: words about the network path
    /// depend on it ([`Session::checked_from`]).
    vantage: Option<Vantage>,
    /// The device's clock at the start and the relay's at its hello.
    clocks: crate::clock::Clocks,
    previous_certificates: Vec<crate::SeenCertificate>,
    /// Issue 23 (APPERR): the app's own message, read.
    app_said: Option<crate::app_said::Reading>,
}

impl Session {
    /// Plans a diagnosis of `request`.
    pub fn plan(request: Request) -> Result<Self, SessionError> {
        let (address, domain) = validate_address(&request.address)?;
        let wanted = |given: bool| match request.discovery {
            Discovery::Off => false,
            Discovery::WhenGivenFail => !given,
            Discovery::Always => true,
        };
        if request.discovery == Discovery::Off && request.incoming.is_none() && request.outgoing.is_none() {
            return Err(SessionError::NothingToCheck);
        }
        let app_said = crate::app_said::reading(request.app_error.as_deref());
        let named = crate::app_error::side_to_discover(app_said);
        let mut session = Session {
            address,
            domain,
            login: request.login,
            runs: Vec::new(),
            cut: Vec::new(),
            abandoned: false,
            next_id: 1,
            started: false,
            lookups_sent: false,
            discovery: request.discovery,
            sample_latency: request.sample_latency,
            login_discovered: request.login_discovered,
            incoming: Direction { wanted: wanted(request.incoming.is_some() && !named.0), ..Direction::default() },
            outgoing: Direction { wanted: wanted(request.outgoing.is_some() && !named.1), ..Direction::default() },
            reference: request.reference_resolver,
            vantage: None,
            clocks: crate::clock::Clocks { device_ms: request.device_time_ms, relay_ms: None },
            previous_certificates: request.previous_certificates,
            app_said,
        };
        for (settings, side) in [(request.incoming, Side::Incoming), (request.outgoing, Side::Outgoing)] {
            if let Some(settings) = settings {
                let endpoint = validate(settings)?;
                let login = session.login.is_some();
                session.add(Job::Probe { endpoint, source: Source::Given, side, retry_of: None, login });
            }
        }
        // The provider's settings, where the person's differ or are missing.
        for (expected, side) in
            [(request.expected.incoming, Side::Incoming), (request.expected.outgoing, Side::Outgoing)]
        {
            let Some(endpoint) = expected.map(validate).transpose()? else { continue };
            if !session.runs.iter().any(|r| r.endpoint() == Some(&endpoint)) {
                let login = session.login.is_some();
                session.add(Job::Probe { endpoint, source: Source::Expected, side, retry_of: None, login });
            }
        }
        if session.reference == Reference::Always {
            crate::resolvers::compare_all(&session.runs).into_iter().for_each(|job| _ = session.add(job));
        }
        Ok(session)
    }

    pub(crate) fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// Where the operations run, if told ([`Session::checked_from`]): a
    /// comparison words what it folds from here as the report from here does.
    pub(crate) fn vantage(&self) -> Option<&Vantage> {
        self.vantage.as_ref()
    }

    /// The address being checked, trimmed.
    pub fn address(&self) -> &str {
        &self.address
    }

    /// The address's domain, lower-cased without a trailing dot: where
    /// discovery looks.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    fn add(&mut self, job: Job) -> OpId {
        let id = self.next_id;
        self.next_id += 1;
        self.runs.push(Run { id, job, events: Vec::new(), done: false, refused: None, cut: false });
        id
    }

    fn message(&self, run: &Run) -> ClientMessage {
        let op = match &run.job {
            Job::Probe { endpoint, retry_of, login, .. } => Operation::Probe(ProbeSpec {
                host: endpoint.host.clone(),
                port: endpoint.port,
                protocol: endpoint.protocol,
                security: endpoint.security,
                login: match (login, retry_of) {
                    (false, _) => None,
                    (true, None) => self.login.clone(),
                    (true, Some(_)) => {
                        self.login.clone().map(|login| Login { username: self.address.clone(), ..login })
                    }
                },
                address: None,
            }),
            Job::Lookup { name, record_type, resolver } => Operation::Resolve(ResolveSpec {
                name: name.clone(),
                types: vec![*record_type],
                resolver: resolver.clone(),
            }),
            Job::Autoconfig { url } => Operation::FetchAutoconfig { url: url.clone() },
            Job::Ispdb { domain } => Operation::FetchIspdb { domain: domain.clone() },
            Job::Autodiscover { address } => Operation::FetchAutodiscover { address: address.clone() },
            Job::Pinned { endpoint, address, .. } => Operation::Probe(ProbeSpec {
                host: endpoint.host.clone(),
                port: endpoint.port,
                protocol: endpoint.protocol,
                security: endpoint.security,
                login: None,
                address: Some(*address),
            }),
            Job::Latency { endpoint, address } => Operation::SampleLatency {
                host: endpoint.host.clone(),
                port: endpoint.port,
                count: EXTRA_CONNECTS,
                address: *address,
            },
        };
        ClientMessage::Run { id: run.id, op }
    }

    /// The operations to run first. Call once.
    pub fn start(&mut self) -> Vec<ClientMessage> {
        if self.started {
            return Vec::new();
        }
        self.started = true;
        let mut messages: Vec<_> = self.runs.iter().map(|r| self.message(r)).collect();
        messages.extend(self.advance());
        messages
    }

    /// Takes one message from the relay; returns follow-up operations. After
    /// [`Session::abandon`] it takes nothing: the check has stopped.
    pub fn handle(&mut self, message: &ServerMessage) -> Vec<ClientMessage> {
        if self.abandoned {
            return Vec::new();
        }
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
        let mut new_jobs = self.login_retries();
        // A connect as long as a lost SYN, with nothing at its address to
        // hold it against: one more connect there tells loss from a long
        // round trip (see `path`). A quick path asks none.
        if self.sample_latency {
            for (endpoint, address) in crate::path::undecided(&self.runs) {
                let job = Job::Latency { endpoint, address: Some(address) };
                if !new_jobs.contains(&job) {
                    new_jobs.push(job);
                }
            }
        }
        new_jobs.extend(crate::resolvers::follow_ups(&self.runs, &new_jobs, self.reference != Reference::Off));
        if self.discovery != Discovery::Off {
            new_jobs.extend(self.alias_lookups(&new_jobs));
            new_jobs.extend(crate::zone::follow_ups(&self.runs, &new_jobs));
            new_jobs.extend(self.same_host_alternatives(&new_jobs));
        }
        // The person's settings failed, here and on the server's other
        // ports: find what does work.
        if self.discovery != Discovery::Off && new_jobs.iter().all(|j| !matches!(j, Job::Probe { .. })) {
            for side in Side::BOTH {
                let own: Vec<&Run> = crate::runs::probes(&self.runs, side)
                    .filter(|r| r.probe().is_some_and(|(_, s, _)| matches!(s, Source::Given | Source::SameHost)))
                    .collect();
                let finished =
                    own.iter().all(|r| r.done && crate::runs::retry_of(&self.runs, r).is_none_or(|x| x.done));
                let failed = !own.is_empty() && finished && !own.iter().any(|r| assess::works(r, &self.runs));
                // Every lookup goes through the same resolver: once it has
                // timed out, discovery would only wait for it again.
                let resolver_dead =
                    own.iter().any(|r| assess::root_code(r, &self.runs) == Some(crate::Code::DnsTimeout));
                let direction = self.direction(side);
                if failed && !direction.candidates_sent {
                    direction.wanted = !resolver_dead;
                    direction.candidates_sent |= resolver_dead;
                }
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
                .filter(|r| {
                    matches!(
                        r.job,
                        Job::Lookup { .. } | Job::Autoconfig { .. } | Job::Ispdb { .. } | Job::Autodiscover { .. }
                    )
                })
                .all(|r| r.done)
            && new_jobs.is_empty();
        if lookups_done && self.resolver_timed_out() {
            // Every candidate would be looked up through the same silent
            // resolver: the report says the resolver is the fault instead.
            self.incoming.candidates_sent = true;
            self.outgoing.candidates_sent = true;
        } else if lookups_done {
            for side in Side::BOTH {
                let direction = *self.direction(side);
                if direction.wanted && !direction.candidates_sent {
                    let tried: Vec<Endpoint> = self.runs.iter().filter_map(|r| r.endpoint().cloned()).collect();
                    for (endpoint, source) in plan::candidates(&self.domain, &self.runs, side) {
                        if !tried.contains(&endpoint) {
                            let login =
                                self.may_log_in(&endpoint, source) && self.logins_left(&endpoint, &new_jobs) > 0;
                            new_jobs.push(Job::Probe { endpoint, source, side, retry_of: None, login });
                        }
                    }
                    self.direction(side).candidates_sent = true;
                }
            }
        }
        let ids: Vec<OpId> = new_jobs.into_iter().map(|job| self.add(job)).collect();
        ids.iter().filter_map(|id| self.runs.iter().find(|r| r.id == *id)).map(|r| self.message(r)).collect()
    }

    /// The system resolver let a question of this session time out.
    fn resolver_timed_out(&self) -> bool {
        self.runs.iter().any(|r| {
            let system = !matches!(&r.job, Job::Lookup { resolver: ResolverChoice::Server(_), .. });
            system && r.has(|e| matches!(e, Event::Dns { outcome: maildoctor_wire::DnsOutcome::Timeout, .. }))
        })
    }

    /// A given name that does not resolve: does it exist as an alias whose
    /// target is gone? One CNAME question tells a broken alias from a typo.
    fn alias_lookups(&self, planned: &[Job]) -> Vec<Job> {
        let mut jobs = Vec::new();
        for run in self.runs.iter().filter(|r| r.done && r.is_given()) {
            let Some(endpoint) = run.endpoint() else { continue };
            let nxdomain = run.has(|e| matches!(e, Event::Dns { outcome: maildoctor_wire::DnsOutcome::NxDomain, .. }));
            let job = Job::Lookup {
                name: endpoint.host.clone(),
                record_type: RecordType::Cname,
                resolver: ResolverChoice::System,
            };
            if nxdomain && !self.runs.iter().any(|r| r.job == job) && !planned.contains(&job) && !jobs.contains(&job) {
                jobs.push(job);
            }
        }
        jobs
    }

    /// One direction's discovery state.
    fn direction(&mut self, side: Side) -> &mut Direction {
        match side {
            Side::Incoming => &mut self.incoming,
            Side::Outgoing => &mut self.outgoing,
        }
    }

    /// The person's server failed at its port or security: try its other
    /// usual ports and securities first, as an expert would, before any
    /// other name (a silent port 25 beside a working 587, SSL/TLS chosen on
    /// the STARTTLS port).
    fn same_host_alternatives(&self, planned: &[Job]) -> Vec<Job> {
        let mut jobs = Vec::new();
        for run in self.runs.iter().filter(|r| r.done && r.is_given()) {
            let Some((endpoint, _, side)) = run.probe() else { continue };
            let tried_here = self.runs.iter().any(|r| matches!(&r.job, Job::Probe { source: Source::SameHost, endpoint: e, .. } if e.host == endpoint.host && e.protocol == endpoint.protocol));
            let finished = crate::runs::retry_of(&self.runs, run).is_none_or(|r| r.done);
            if tried_here || !finished || !assess::port_or_security_failed(run, &self.runs) {
                continue;
            }
            for security in [Security::Tls, Security::Starttls] {
                let alternative = Endpoint {
                    host: endpoint.host.clone(),
                    port: endpoint.protocol.usual_port(security),
                    protocol: endpoint.protocol,
                    security,
                };
                if alternative == *endpoint || self.runs.iter().any(|r| r.endpoint() == Some(&alternative)) {
                    continue;
                }
                let all_planned: Vec<Job> = planned.iter().chain(&jobs).cloned().collect();
                let login = self.login.is_some() && self.logins_left(&alternative, &all_planned) > 0;
                jobs.push(Job::Probe { endpoint: alternative, source: Source::SameHost, side, retry_of: None, login });
            }
        }
        jobs
    }

    /// Every operation still running ends now, without an answer (the relay
    /// went away, or the person cancelled): the report ends instead of
    /// waiting forever, and says what was not tested to its end. What did
    /// not end counts neither as working nor as failed.
    pub fn abandon(&mut self) {
        self.abandoned = true;
        let (cut, lost) = crate::runs::cut_unfinished(&mut self.runs);
        self.cut.extend(cut);
        // A lost lookup says nothing of a direction the check never took up.
        let probed = Side::BOTH.map(|side| {
            self.runs.iter().chain(&self.cut).any(|r| matches!(r.job, Job::Probe { side: s, .. } if s == side))
        });
        let directions = [(&mut self.incoming, lost[0], probed[0]), (&mut self.outgoing, lost[1], probed[1])];
        for (direction, lost, probed) in directions {
            let taken_up = probed || direction.wanted;
            direction.interrupted |= (lost && taken_up) || (direction.wanted && !direction.candidates_sent);
            direction.candidates_sent = true;
        }
    }

    /// The operations that have not ended yet.
    pub fn running(&self) -> Vec<OpId> {
        self.runs.iter().filter(|r| !r.done).map(|r| r.id).collect()
    }

    fn run_mut(&mut self, id: OpId) -> Option<&mut Run> {
        self.runs.iter_mut().find(|r| r.id == id)
    }

    /// Whether the check is over: it has started, every operation has
    /// ended, and no direction still waits for discovered settings to be
    /// tried.
    pub fn is_finished(&self) -> bool {
        let planned = |d: Direction| !d.wanted || d.candidates_sent;
        self.started && self.runs.iter().all(|r| r.done) && planned(self.incoming) && planned(self.outgoing)
    }

    /// Finished, and nothing cut short: only then may the report say what
    /// no server did (none of the discovered settings worked, say).
    pub(crate) fn is_whole(&self) -> bool {
        self.is_finished() && !self.incoming.interrupted && !self.outgoing.interrupted
    }

    /// Where the operations run: `check` runs them on this computer, the
    /// page through the relay its hello describes. The report says so, and
    /// words what a relay elsewhere saw of the network as that relay's view.
    pub fn checked_from(&mut self, vantage: Vantage) {
        self.vantage = Some(vantage);
    }

    /// The relay's clock, from its hello (`ServerMessage::Hello::time_ms`):
    /// the right time the device's clock is held against.
    pub fn relay_time(&mut self, time_ms: u64) {
        self.clocks.relay_ms = Some(time_ms);
    }

    /// The diagnosis so far, in `catalog`'s language.
    pub fn report(&self, catalog: &Catalog) -> Report {
        let complete = self.is_finished();
        let whole = self.is_whole();
        let runs = &self.runs;
        let blocked = self.vantage.as_ref().map_or(&[][..], |v| &v.blocked_ports[..]);
        let (mut items, working) = assess::session_through(runs, &self.domain, whole, blocked);
        // A relay on this computer shares the device's clock: it proves nothing.
        let local = self.vantage.as_ref().is_some_and(|v| v.local);
        let relay_ms = self.clocks.relay_ms.filter(|_| !local);
        crate::clock::fold(runs, crate::clock::Clocks { relay_ms, ..self.clocks }, &mut items);
        crate::changed::fold(runs, &self.previous_certificates, &mut items);
        crate::app_error::fold(self.app_said, runs, whole, &mut items);
        let untested: Vec<Untested> = if complete {
            let mut unproven = untested::find(runs, self.login.is_some(), |r| self.waits_for_consent(r));
            untested::interrupted(runs, [self.incoming.interrupted, self.outgoing.interrupted], &mut unproven);
            unproven.into_iter().map(|u| untested::render(catalog, u)).collect()
        } else {
            Vec::new()
        };
        let relay = self.vantage.as_ref().and_then(|v| render::relay_from(v, catalog));
        let mut report = Report {
            version: REPORT_VERSION,
            language: catalog.lang().tag().to_owned(),
            address: self.address.clone(),
            complete,
            findings: items.iter().map(|item| render::finding_from(item, catalog, relay.as_deref())).collect(),
            working,
            ask_consent: whole && self.consent_would_help(),
            username: self.accepted_username().or_else(|| self.login.as_ref().map(|l| l.username.clone())),
            probes: progress::probes(self.runs.iter().chain(&self.cut)),
            verdict: Verdict::Checking,
            untested,
            checked_from: self.vantage.as_ref().map(|v| render::checked_from(v, catalog)),
            certificates: crate::changed::seen(runs),
            signed_in_with_token: runs.iter().flat_map(|run| &run.events).any(|(_, event)| {
                matches!(event, Event::Auth { outcome: AuthOutcome::Accepted, method, .. }
                    if method == "XOAUTH2" || method == "OAUTHBEARER")
            }),
        };
        report.verdict = report.state();
        report
    }

    /// The username of the first login a server accepted.
    fn accepted_username(&self) -> Option<String> {
        self.runs.iter().flat_map(|run| &run.events).find_map(|(_, event)| match event {
            Event::Auth { outcome: AuthOutcome::Accepted, username, .. } if !username.is_empty() => {
                Some(username.clone())
            }
            _ => None,
        })
    }
}
