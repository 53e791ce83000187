use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Instant;

use maildoctor_wire::{
    CertVerdict, DnsRecord, Event, Login, Operation, ProbeFailure, ProbeSpec, RecordType, Refusal, ResolveSpec,
    ResolverChoice, Security, Step, TcpOutcome,
};
use rustls::pki_types::ServerName;
use tokio::task::JoinSet;

use crate::driver::{self, Conn};
use crate::gate::Gate;
use crate::link::{Emitter, EventSink, Link, OldTls, Timeouts};
use crate::policy::{Policy, Target};
use crate::reach::Context;
use crate::resolve::{Dns, ResolverSetting};
use crate::tcp;
use crate::tls::{FirstBytes, Trust};

/// What an executor needs to run.
#[derive(Debug, Clone)]
pub struct ExecutorConfig {
    /// The resolver for `system` lookups and for probes.
    pub resolver: ResolverSetting,
    /// The trust anchors certificates are checked against.
    pub trust: Trust,
    /// What may be dialed.
    pub policy: Policy,
    /// The limits.
    pub timeouts: Timeouts,
    /// The ISP database to ask, if any.
    pub ispdb: Option<crate::autoconfig::ServiceBase>,
    /// The Autodiscover service to ask, if any (its base URL; the same shape).
    pub autodiscover: Option<crate::autoconfig::ServiceBase>,
    /// The reference resolvers `ResolverChoice::Reference` asks, in turn
    /// (`--reference-resolver`); none: such lookups are refused.
    pub reference: Vec<SocketAddr>,
}

/// Connects one latency sample may make.
const MAX_SAMPLES: u8 = 10;

/// Runs operations for real and reports what it observes.
#[derive(Debug, Clone)]
pub struct Executor {
    config: Arc<ExecutorConfig>,
    dns: Dns,
    reference: Option<Dns>,
    /// The TLS versions servers answered lately, shared by every clone.
    versions: Arc<crate::versions::Answers>,
    /// The copy of the ISP database reported next to the live answer.
    ispdb_snapshot: Option<Arc<maildoctor_proto::ispdb::Snapshot>>,
}

impl Executor {
    /// An executor with `config`; fails when the resolver cannot be set up.
    pub fn new(config: ExecutorConfig) -> Result<Self, String> {
        let dns = Dns::new(&config.resolver, config.timeouts.dns)
            .map_err(|err| format!("cannot set up the DNS resolver ({}): {err}", config.resolver.choice()))?;
        let reference = match config.reference.is_empty() {
            true => None,
            false => Some(
                Dns::servers(&config.reference, ResolverChoice::Reference, config.timeouts.dns)
                    .map_err(|err| format!("cannot set up the reference resolvers: {err}"))?,
            ),
        };
        // No copy of the ISP database unless asked for (`with_ispdb_snapshot`;
        // the relay's and check's flag asks for the built-in one): its entries
        // name real servers, which an executor in a test must never be handed.
        Ok(Self { config: Arc::new(config), dns, reference, versions: Arc::default(), ispdb_snapshot: None })
    }

    /// This executor with another copy of the ISP database, or none.
    pub fn with_ispdb_snapshot(mut self, snapshot: Option<Arc<maildoctor_proto::ispdb::Snapshot>>) -> Self {
        self.ispdb_snapshot = snapshot;
        self
    }

    /// This executor for one session: the A and AAAA of a host its probes
    /// dial are asked once while it is kept (see `Dns::addresses_of`); the
    /// policy still checks every address each probe is given.
    pub fn for_session(&self) -> Self {
        Self { dns: self.dns.remembering(), ..self.clone() }
    }

    /// What this executor may dial.
    pub fn policy(&self) -> &Policy {
        &self.config.policy
    }

    fn context(&self) -> Context<'_> {
        Context {
            dns: &self.dns,
            policy: &self.config.policy,
            trust: &self.config.trust,
            timeouts: &self.config.timeouts,
        }
    }

    /// Checks `op` against the policy without running it. A refusal names
    /// only an address the page sent itself; what the relay resolved is
    /// redacted in the events (`link::redacted`).
    pub fn admit(&self, op: &Operation) -> Result<(), Refusal> {
        match op {
            Operation::Probe(spec) => {
                self.config.policy.check_port(spec.port)?;
                self.config.policy.check_host(&spec.host)?;
                if let Some(address) = spec.address {
                    self.config
                        .policy
                        .check_address(address)
                        .map_err(|_| Refusal::DestinationNotAllowed { address })?;
                }
                if let Some(login) = &spec.login {
                    check_credentials(login)?;
                }
                Ok(())
            }
            // The root zone, which always exists: a resolver that denies it
            // denies everything (a captive portal, an offline network).
            Operation::Resolve(spec) if spec.name == "." && spec.resolver == ResolverChoice::System => Ok(()),
            Operation::Resolve(spec) => {
                match self.config.policy.check_host(&spec.name)? {
                    Target::Name(_) => {}
                    Target::Address(_) => {
                        return Err(Refusal::InvalidTarget { detail: "a name to resolve, not an address".into() })
                    }
                }
                if let ResolverChoice::Server(addr) = &spec.resolver {
                    if !self.config.policy.any_port && addr.port() != 53 {
                        return Err(Refusal::PortNotAllowed { port: addr.port() });
                    }
                    self.config
                        .policy
                        .check_address(addr.ip())
                        .map_err(|_| Refusal::DestinationNotAllowed { address: addr.ip() })?;
                }
                // The configured reference is the relay's choice, never the page's.
                if spec.resolver == ResolverChoice::Reference && self.reference.is_none() {
                    return Err(Refusal::Unsupported { op: "resolve with the reference resolver".into() });
                }
                Ok(())
            }
            Operation::SampleLatency { host, port, count, address } => {
                if let Some(address) = address {
                    self.config
                        .policy
                        .check_address(*address)
                        .map_err(|_| Refusal::DestinationNotAllowed { address: *address })?;
                }
                self.config.policy.check_port(*port)?;
                self.config.policy.check_host(host)?;
                if *count == 0 || *count > MAX_SAMPLES {
                    return Err(Refusal::InvalidTarget { detail: format!("a sample has 1 to {MAX_SAMPLES} attempts") });
                }
                Ok(())
            }
            Operation::FetchAutoconfig { url } => crate::autoconfig::parse_url(url, &self.config.policy).map(|_| ()),
            Operation::FetchAutodiscover { address } => {
                if self.config.autodiscover.is_none() {
                    return Err(Refusal::Unsupported { op: "fetch_autodiscover".into() });
                }
                let domain = address.split_once('@').map(|(_, d)| d).unwrap_or_default();
                if maildoctor_proto::autodiscover::path_for(address).is_none() {
                    return Err(Refusal::InvalidTarget {
                        detail: "not an address Autodiscover can be asked about".into(),
                    });
                }
                self.config.policy.check_host(domain).map(|_| ())
            }
            Operation::FetchIspdb { domain } => {
                if self.config.ispdb.is_none() && self.ispdb_snapshot.is_none() {
                    return Err(Refusal::Unsupported { op: "fetch_ispdb".into() });
                }
                match self.config.policy.check_host(domain)? {
                    Target::Name(_) => Ok(()),
                    Target::Address(_) => Err(Refusal::InvalidTarget { detail: "a domain, not an address".into() }),
                }
            }
        }
    }

    /// Runs `op`, sending its events to `sink` as they happen. A refusal
    /// means nothing was sent anywhere.
    pub async fn run(&self, op: &Operation, sink: &EventSink) -> Result<(), Refusal> {
        self.run_gated(op, sink, &crate::gate::Open).await
    }

    /// [`Executor::run`], asking `gate` before each connection and login.
    pub async fn run_gated(&self, op: &Operation, sink: &EventSink, gate: &dyn Gate) -> Result<(), Refusal> {
        self.admit(op)?;
        let redact = self.config.policy.redact_refused_addresses.then_some(&self.config.policy);
        let emit = Emitter { started: Instant::now(), sink, redact, gate };
        match op {
            Operation::Probe(spec) => self.probe(spec, &emit).await?,
            Operation::Resolve(spec) => {
                // One deadline for the whole lookup, the admission's own
                // questions included: a zone that stalls every NS and
                // address question must not hold the relay for minutes.
                let deadline = tokio::time::Instant::now() + self.config.timeouts.operation;
                if let ResolverChoice::Server(addr) = &spec.resolver {
                    let refused = Refusal::DestinationNotAllowed { address: addr.ip() };
                    // Authority not shown in time is authority not shown.
                    tokio::time::timeout_at(deadline, self.admit_resolver(&spec.name, *addr))
                        .await
                        .unwrap_or(Err(refused))?;
                }
                self.resolve(spec, deadline, &emit).await
            }
            Operation::SampleLatency { host, port, count, address } => {
                self.sample(host, *port, *count, *address, &emit).await?
            }
            Operation::FetchAutoconfig { url } => crate::autoconfig::fetch(self.context(), url, &emit).await,
            Operation::FetchAutodiscover { address } => {
                if let Some(base) = &self.config.autodiscover {
                    // The configured service (JSON) and the domain's own
                    // candidates (POX) at once; each reports what it did.
                    // One deadline for the whole walk, as for a lookup: each
                    // request has its own, and a slow domain's ten redirects
                    // would otherwise hold the operation for ten of them.
                    let walk = tokio::time::timeout(
                        self.context().timeouts.operation,
                        crate::autodiscover::walk(self.context(), address, &emit),
                    );
                    let _ = tokio::join!(
                        crate::autoconfig::fetch_autodiscover(self.context(), base, address, &emit),
                        walk,
                    );
                }
            }
            Operation::FetchIspdb { domain } => {
                if let Some(base) = &self.config.ispdb {
                    crate::autoconfig::fetch_ispdb(self.context(), base, domain, &emit).await;
                }
                if let Some(snapshot) = &self.ispdb_snapshot {
                    crate::ispdb_snapshot::report(snapshot, domain, &emit).await;
                }
            }
        }
        Ok(())
    }

    /// Whether `addr` may be asked about `name`: always, unless the policy
    /// wants the configured resolver or one of the name's authoritative
    /// servers (the NS of the closest enclosing zone, by the configured
    /// resolver, and their addresses).
    async fn admit_resolver(&self, name: &str, addr: SocketAddr) -> Result<(), Refusal> {
        if !self.config.policy.authoritative_resolvers_only || self.config.resolver == ResolverSetting::Server(addr) {
            return Ok(());
        }
        let refused = Err(Refusal::DestinationNotAllowed { address: addr.ip() });
        if addr.port() != 53 {
            return refused;
        }
        let labels: Vec<&str> = name.trim_end_matches('.').split('.').collect();
        for start in 0..labels.len().saturating_sub(1) {
            let zone = labels[start..].join(".");
            let (answer, _) = self.dns.ask(&zone, RecordType::Ns).await;
            let Event::Dns { records, .. } = answer else { continue };
            let servers: Vec<String> = records
                .into_iter()
                .filter_map(|record| match record {
                    DnsRecord::Ns { target } => Some(target),
                    _ => None,
                })
                .take(8)
                .collect();
            if servers.is_empty() {
                continue;
            }
            for server in servers {
                for record_type in [RecordType::A, RecordType::Aaaa] {
                    if self.dns.ask(&server, record_type).await.1.contains(&addr.ip()) {
                        return Ok(());
                    }
                }
            }
            return refused;
        }
        refused
    }

    async fn resolve(&self, spec: &ResolveSpec, deadline: tokio::time::Instant, emit: &Emitter<'_>) {
        let dns = match &spec.resolver {
            ResolverChoice::System => self.dns.clone(),
            ResolverChoice::Reference => match &self.reference {
                Some(dns) => dns.clone(),
                None => return,
            },
            ResolverChoice::Server(addr) => match Dns::new(&ResolverSetting::Server(*addr), self.config.timeouts.dns) {
                Ok(dns) => dns,
                Err(err) => {
                    let reason = ProbeFailure::Local { detail: format!("resolver setup failed: {err}") };
                    emit.send(Event::Failed { step: Step::Resolve, reason }).await;
                    return;
                }
            },
        };
        let mut questions = JoinSet::new();
        for record_type in spec.types.iter().copied().take(6) {
            let dns = dns.clone();
            let name = spec.name.clone();
            questions.spawn(async move { dns.ask(&name, record_type).await.0 });
        }
        loop {
            match tokio::time::timeout_at(deadline, questions.join_next()).await {
                Ok(Some(Ok(event))) => emit.send(event).await,
                Ok(Some(Err(_))) => {}
                Ok(None) => break,
                Err(_) => {
                    let waited_ms = self.config.timeouts.operation.as_millis() as u64;
                    emit.send(Event::Failed { step: Step::Resolve, reason: ProbeFailure::Deadline { waited_ms } })
                        .await;
                    break;
                }
            }
        }
    }

    async fn probe(&self, spec: &ProbeSpec, emit: &Emitter<'_>) -> Result<(), Refusal> {
        let config = &self.config;
        let deadline = Instant::now() + config.timeouts.operation;
        let Ok(target) = config.policy.check_host(&spec.host) else {
            return Ok(());
        };

        let server_name = match &target {
            Target::Address(ip) => ServerName::IpAddress((*ip).into()),
            Target::Name(name) => match ServerName::try_from(name.clone()) {
                Ok(server_name) => server_name,
                Err(_) => return Ok(()),
            },
        };
        // A pinned address (what a zone's own name servers said) is dialed
        // instead of the resolver's answer, after the same policy check.
        let pinned = spec.address.map(Target::Address);
        let Some(allowed) = self.context().addresses(pinned.as_ref().unwrap_or(&target), emit).await else {
            return Ok(());
        };
        for ip in &allowed {
            emit.gate.connect(*ip)?;
        }

        // Every address at once: the probe takes as long as the slowest
        // connect, not the sum, and each family's result is seen.
        let mut attempts = JoinSet::new();
        for (index, ip) in allowed.iter().enumerate() {
            let address = SocketAddr::new(*ip, spec.port);
            let limit = config.timeouts.connect;
            attempts.spawn(async move { (index, address, tcp::connect(address, limit).await) });
        }
        let mut connected: Vec<(usize, SocketAddr, tokio::net::TcpStream)> = Vec::new();
        while let Some(Ok((index, address, (outcome, stream, elapsed_ms)))) = attempts.join_next().await {
            emit.send(Event::Tcp { address, outcome, elapsed_ms }).await;
            if let (TcpOutcome::Connected, Some(stream)) = (outcome, stream) {
                connected.push((index, address, stream));
            }
        }
        connected.sort_by_key(|(index, _, _)| *index);
        let Some((_, address, stream)) = connected.into_iter().next() else {
            self.control(&allowed, emit).await;
            emit.send(Event::Failed { step: Step::Connect, reason: ProbeFailure::Unreachable }).await;
            return Ok(());
        };
        // The login's count is the account's on the address it goes to (and
        // on the name), asked before a byte of the dialog: the connection
        // closes unused when it is spent.
        if let Some(login) = &spec.login {
            emit.gate.login(&login.username, &spec.host, address.ip()).await?;
        }

        // Ports conventionally implicit TLS, asked without it: see the driver's greeting watch.
        let tls_hint = spec.security != Security::Tls && Security::usual_for_port(spec.port) == Some(Security::Tls);
        let link = Link { address, server_name, trust: &config.trust, timeouts: &config.timeouts, deadline, tls_hint };
        let mut login = spec.login.clone();
        if let Some(login) = login.as_mut() {
            // The operator's word over the client's: the dialog then
            // withholds the password on a connection without TLS.
            login.allow_plaintext &= config.policy.plaintext_logins;
        }
        self.converse(spec, &link, stream, login, emit).await;
        Ok(())
    }

    /// TLS (for implicit TLS) and the dialog, on one connection.
    async fn converse(
        &self,
        spec: &ProbeSpec,
        link: &Link<'_>,
        stream: tokio::net::TcpStream,
        login: Option<Login>,
        emit: &Emitter<'_>,
    ) {
        let stream = FirstBytes::new(stream);
        let mut verified_tls = None;
        let (conn, verified) = if spec.security == Security::Tls {
            match driver::handshake(link, stream, OldTls::Implicit, emit).await {
                Some((tls, verdict)) => {
                    let verified = verdict == CertVerdict::Valid;
                    verified_tls =
                        tls.get_ref().1.protocol_version().and_then(crate::tls::version).filter(|_| verified);
                    (Conn::Tls(Box::new(tls)), verified)
                }
                None => return,
            }
        } else {
            (Conn::Plain(stream), false)
        };
        // The dialog holds the credentials and drops them once the login starts.
        let mut dialog = maildoctor_proto::dialog_for(spec.protocol, spec.security, verified, login);
        driver::run(dialog.as_mut(), spec.protocol, conn, link, emit, &mut verified_tls).await;
        // After the dialog, so its timings are the server's alone.
        if let Some(version) = verified_tls {
            let old_tls = match spec.security {
                Security::Starttls => OldTls::AfterStarttls(spec.protocol),
                _ => OldTls::Implicit,
            };
            if let Some(event) = self.versions.ask(link, old_tls, version, emit).await {
                emit.send(event).await;
            }
        }
    }
}

impl Executor {
    /// Connects `count` times in a row to the first address and reports each
    /// attempt, then the spread. A lost SYN shows as a connect of about one
    /// second (the kernel's first retransmission).
    async fn sample(
        &self,
        host: &str,
        port: u16,
        count: u8,
        address: Option<IpAddr>,
        emit: &Emitter<'_>,
    ) -> Result<(), Refusal> {
        let Ok(target) = self.config.policy.check_host(host) else { return Ok(()) };
        let target = address.map(Target::Address).unwrap_or(target);
        let Some(allowed) = self.context().addresses(&target, emit).await else { return Ok(()) };
        let address = SocketAddr::new(allowed[0], port);
        for _ in 0..count {
            emit.gate.connect(address.ip())?;
        }
        let mut times = Vec::new();
        for _ in 0..count {
            let (outcome, stream, elapsed_ms) = tcp::connect(address, self.config.timeouts.connect).await;
            drop(stream);
            emit.send(Event::Tcp { address, outcome, elapsed_ms }).await;
            if outcome == TcpOutcome::Connected {
                times.push(elapsed_ms);
            }
        }
        times.sort_unstable();
        emit.send(Event::Latency {
            address,
            attempts: count,
            connected: times.len() as u8,
            min_ms: times.first().copied().unwrap_or(0),
            median_ms: times.get(times.len() / 2).copied().unwrap_or(0),
            max_ms: times.last().copied().unwrap_or(0),
        })
        .await;
        Ok(())
    }

    /// Connect-only to port 443 of each address, nothing sent: it tells a
    /// blocked mail port from a host that is down.
    async fn control(&self, addresses: &[IpAddr], emit: &Emitter<'_>) {
        let mut attempts = JoinSet::new();
        // A control is a side question: one the limits refuse is not asked.
        for ip in addresses.iter().filter(|ip| emit.gate.connect(**ip).is_ok()) {
            let address = SocketAddr::new(*ip, CONTROL_PORT);
            let limit = self.config.timeouts.connect;
            attempts.spawn(async move { (address, tcp::connect(address, limit).await) });
        }
        while let Some(Ok((address, (outcome, _stream, elapsed_ms)))) = attempts.join_next().await {
            emit.send(Event::Control { address, outcome, elapsed_ms }).await;
        }
    }
}

/// HTTPS: the port a network that lets the web through must leave open.
const CONTROL_PORT: u16 = 443;

/// CR, LF or NUL in a username or password would let it smuggle a command.
fn check_credentials(login: &Login) -> Result<(), Refusal> {
    if maildoctor_proto::sasl::unsendable(login) {
        Err(Refusal::InvalidCredentials)
    } else {
        Ok(())
    }
}
