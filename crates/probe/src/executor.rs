use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use maildoctor_wire::{
    CertVerdict, Event, Login, Operation, ProbeFailure, ProbeSpec, RecordType, Refusal, ResolveSpec, ResolverChoice,
    Security, Step, TcpOutcome,
};
use rustls::pki_types::ServerName;
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use crate::driver::{self, Conn, DialogEnd, Link};
use crate::policy::{Policy, Target};
use crate::resolve::{Dns, ResolverSetting};
use crate::tcp;
use crate::tls::{FirstBytes, Trust};

/// Limits that keep a hostile or dead server from holding an operation.
#[derive(Debug, Clone)]
pub struct Timeouts {
    pub dns: Duration,
    /// A connection with no answer by then is called filtered (silent drop).
    pub connect: Duration,
    pub tls: Duration,
    /// Some servers pause before greeting on purpose; allow for it.
    pub greeting: Duration,
    /// Every later step.
    pub step: Duration,
    /// The whole operation, whatever the server drips.
    pub operation: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            dns: Duration::from_secs(5),
            connect: Duration::from_secs(3),
            tls: Duration::from_secs(10),
            greeting: Duration::from_secs(15),
            step: Duration::from_secs(10),
            operation: Duration::from_secs(45),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ExecutorConfig {
    pub resolver: ResolverSetting,
    pub trust: Trust,
    pub policy: Policy,
    pub timeouts: Timeouts,
}

/// An event with the milliseconds since its operation started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedEvent {
    pub t_ms: u64,
    pub event: Event,
}

/// Where an operation's events go, in order. Bounded: a slow consumer slows
/// the probe instead of growing a queue.
pub type EventSink = mpsc::Sender<TimedEvent>;

pub(crate) struct Emitter<'a> {
    started: Instant,
    sink: &'a EventSink,
}

impl Emitter<'_> {
    pub(crate) async fn send(&self, event: Event) {
        let t_ms = self.started.elapsed().as_millis() as u64;
        // A closed sink means nobody listens any more; the caller cancels us.
        let _ = self.sink.send(TimedEvent { t_ms, event }).await;
    }
}

/// Addresses tried per name: enough for two per family, few enough that a
/// name with 500 A records cannot turn one operation into a scan.
const MAX_ADDRESSES: usize = 4;

/// Connects one latency sample may make.
const MAX_SAMPLES: u8 = 10;

#[derive(Debug, Clone)]
pub struct Executor {
    config: Arc<ExecutorConfig>,
    dns: Dns,
}

impl Executor {
    pub fn new(config: ExecutorConfig) -> Result<Self, String> {
        let dns = Dns::new(&config.resolver, config.timeouts.dns)
            .map_err(|err| format!("cannot set up the DNS resolver ({}): {err}", config.resolver.label()))?;
        Ok(Self { config: Arc::new(config), dns })
    }

    pub fn policy(&self) -> &Policy {
        &self.config.policy
    }

    pub(crate) fn trust(&self) -> &Trust {
        &self.config.trust
    }

    pub(crate) fn timeouts(&self) -> &Timeouts {
        &self.config.timeouts
    }

    /// Checks `op` against the policy without running it.
    pub fn admit(&self, op: &Operation) -> Result<(), Refusal> {
        match op {
            Operation::Probe(spec) => {
                self.config.policy.check_port(spec.port)?;
                self.config.policy.check_host(&spec.host)?;
                if let Some(login) = &spec.login {
                    check_credentials(login)?;
                }
                Ok(())
            }
            Operation::Resolve(spec) => {
                match self.config.policy.check_host(&spec.name)? {
                    Target::Name(_) => {}
                    Target::Address(_) => {
                        return Err(Refusal::InvalidTarget { detail: "a name to resolve, not an address".into() })
                    }
                }
                if let ResolverChoice::Server(server) = &spec.resolver {
                    let addr: SocketAddr = server
                        .parse()
                        .map_err(|_| Refusal::InvalidTarget { detail: format!("{server:?} is not an ip:port") })?;
                    if !self.config.policy.allow_private && addr.port() != 53 {
                        return Err(Refusal::PortNotAllowed { port: addr.port() });
                    }
                    self.config
                        .policy
                        .check_address(addr.ip())
                        .map_err(|_| Refusal::DestinationNotAllowed { address: addr.to_string() })?;
                }
                Ok(())
            }
            Operation::SampleLatency { host, port, count } => {
                self.config.policy.check_port(*port)?;
                self.config.policy.check_host(host)?;
                if *count == 0 || *count > MAX_SAMPLES {
                    return Err(Refusal::InvalidTarget { detail: format!("a sample has 1 to {MAX_SAMPLES} attempts") });
                }
                Ok(())
            }
            Operation::FetchAutoconfig { url } => crate::autoconfig::parse_url(url, &self.config.policy).map(|_| ()),
        }
    }

    /// Runs `op`, sending its events to `sink` as they happen. A refusal
    /// means nothing was sent anywhere.
    pub async fn run(&self, op: &Operation, sink: &EventSink) -> Result<(), Refusal> {
        self.admit(op)?;
        let emit = Emitter { started: Instant::now(), sink };
        match op {
            Operation::Probe(spec) => self.probe(spec, &emit).await,
            Operation::Resolve(spec) => self.resolve(spec, &emit).await,
            Operation::SampleLatency { host, port, count } => self.sample(host, *port, *count, &emit).await,
            Operation::FetchAutoconfig { url } => self.fetch_autoconfig(url, &emit).await,
        }
        Ok(())
    }

    async fn resolve(&self, spec: &ResolveSpec, emit: &Emitter<'_>) {
        let dns = match &spec.resolver {
            ResolverChoice::System => self.dns.clone(),
            ResolverChoice::Server(server) => {
                let Ok(addr) = server.parse::<SocketAddr>() else {
                    return;
                };
                match Dns::new(&ResolverSetting::Server(addr), self.config.timeouts.dns) {
                    Ok(dns) => dns,
                    Err(err) => {
                        let reason = ProbeFailure::ProtocolError { detail: format!("resolver setup failed: {err}") };
                        emit.send(Event::Failed { step: Step::Resolve, reason }).await;
                        return;
                    }
                }
            }
        };
        let mut questions = JoinSet::new();
        for record_type in spec.types.iter().copied().take(6) {
            let dns = dns.clone();
            let name = spec.name.clone();
            questions.spawn(async move { dns.ask(&name, record_type).await.0 });
        }
        while let Some(answer) = questions.join_next().await {
            if let Ok(event) = answer {
                emit.send(event).await;
            }
        }
    }

    async fn probe(&self, spec: &ProbeSpec, emit: &Emitter<'_>) {
        let config = &self.config;
        let deadline = Instant::now() + config.timeouts.operation;
        let Ok(target) = config.policy.check_host(&spec.host) else {
            return;
        };

        let server_name = match &target {
            Target::Address(ip) => ServerName::IpAddress((*ip).into()),
            Target::Name(name) => match ServerName::try_from(name.clone()) {
                Ok(server_name) => server_name,
                Err(_) => return,
            },
        };
        let Some(allowed) = self.addresses(&target, emit).await else { return };

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
            emit.send(Event::Tcp { address: address.to_string(), outcome, elapsed_ms }).await;
            if let (TcpOutcome::Connected, Some(stream)) = (outcome, stream) {
                connected.push((index, address, stream));
            }
        }
        connected.sort_by_key(|(index, _, _)| *index);
        let Some((_, address, stream)) = connected.into_iter().next() else {
            self.control(&allowed, emit).await;
            emit.send(Event::Failed { step: Step::Connect, reason: ProbeFailure::Unreachable }).await;
            return;
        };

        let link = Link { address, server_name, trust: &config.trust, timeouts: &config.timeouts, deadline };
        let end = self.converse(spec, &link, stream, spec.login.clone(), emit).await;

        // The typed username was refused as wrong: try the full address once,
        // on a fresh connection to the same checked address.
        let retry = spec.login.as_ref().and_then(|login| {
            let full = login.full_address.as_ref().filter(|full| **full != login.username)?;
            Some(Login { username: full.clone(), full_address: None, ..login.clone() })
        });
        if let (true, Some(login)) = (end.credentials_refused, retry) {
            let (outcome, stream, elapsed_ms) = tcp::connect(address, config.timeouts.connect).await;
            emit.send(Event::Tcp { address: address.to_string(), outcome, elapsed_ms }).await;
            if let Some(stream) = stream {
                self.converse(spec, &link, stream, Some(login), emit).await;
            }
        }
    }

    /// TLS (for implicit TLS) and the dialog, on one connection.
    async fn converse(
        &self,
        spec: &ProbeSpec,
        link: &Link<'_>,
        stream: tokio::net::TcpStream,
        login: Option<Login>,
        emit: &Emitter<'_>,
    ) -> DialogEnd {
        let stream = FirstBytes::new(stream);
        let (conn, verified) = if spec.security == Security::Tls {
            match driver::handshake(link, stream, driver::OldTls::Implicit, emit).await {
                Some((tls, verdict)) => (Conn::Tls(Box::new(tls)), verdict == CertVerdict::Valid),
                None => return DialogEnd::default(),
            }
        } else {
            (Conn::Plain(stream), false)
        };
        // The dialog holds the credentials and drops them once the login starts.
        let mut dialog = maildoctor_proto::dialog_for(spec.protocol, spec.security, verified, login);
        driver::run(dialog.as_mut(), spec.protocol, conn, link, emit).await
    }
}

impl Executor {
    /// The addresses of `target` that may be dialed, each resolved once and
    /// checked; `None` (with the reason reported) when there are none.
    pub(crate) async fn addresses(&self, target: &Target, emit: &Emitter<'_>) -> Option<Vec<IpAddr>> {
        let candidates = match target {
            Target::Address(ip) => vec![*ip],
            Target::Name(name) => {
                let (v4, v6) = tokio::join!(self.dns.ask(name, RecordType::A), self.dns.ask(name, RecordType::Aaaa));
                emit.send(v4.0).await;
                emit.send(v6.0).await;
                let mut addresses = v4.1;
                addresses.extend(v6.1);
                addresses
            }
        };
        if candidates.is_empty() {
            emit.send(Event::Failed { step: Step::Resolve, reason: ProbeFailure::NoAddress }).await;
            return None;
        }
        let mut allowed: Vec<IpAddr> = Vec::new();
        for ip in candidates {
            match self.config.policy.check_address(ip) {
                Ok(()) if allowed.len() < MAX_ADDRESSES && !allowed.contains(&ip) => allowed.push(ip),
                Ok(()) => {}
                Err(reason) => {
                    emit.send(Event::AddressDenied { address: ip.to_string(), reason: reason.into() }).await;
                }
            }
        }
        if allowed.is_empty() {
            emit.send(Event::Failed { step: Step::Connect, reason: ProbeFailure::NoAddress }).await;
            return None;
        }
        Some(allowed)
    }

    /// Connects `count` times in a row to the first address and reports each
    /// attempt, then the spread. A lost SYN shows as a connect of about one
    /// second (the kernel's first retransmission).
    async fn sample(&self, host: &str, port: u16, count: u8, emit: &Emitter<'_>) {
        let Ok(target) = self.config.policy.check_host(host) else { return };
        let Some(allowed) = self.addresses(&target, emit).await else { return };
        let address = SocketAddr::new(allowed[0], port);
        let mut times = Vec::new();
        for _ in 0..count {
            let (outcome, stream, elapsed_ms) = tcp::connect(address, self.config.timeouts.connect).await;
            drop(stream);
            emit.send(Event::Tcp { address: address.to_string(), outcome, elapsed_ms }).await;
            if outcome == TcpOutcome::Connected {
                times.push(elapsed_ms);
            }
        }
        times.sort_unstable();
        emit.send(Event::Latency {
            address: address.to_string(),
            attempts: count,
            connected: times.len() as u8,
            min_ms: times.first().copied().unwrap_or(0),
            median_ms: times.get(times.len() / 2).copied().unwrap_or(0),
            max_ms: times.last().copied().unwrap_or(0),
        })
        .await;
    }

    /// Connect-only to port 443 of each address, nothing sent: it tells a
    /// blocked mail port from a host that is down.
    async fn control(&self, addresses: &[IpAddr], emit: &Emitter<'_>) {
        let mut attempts = JoinSet::new();
        for ip in addresses {
            let address = SocketAddr::new(*ip, CONTROL_PORT);
            let limit = self.config.timeouts.connect;
            attempts.spawn(async move { (address, tcp::connect(address, limit).await) });
        }
        while let Some(Ok((address, (outcome, _stream, elapsed_ms)))) = attempts.join_next().await {
            emit.send(Event::Control { address: address.to_string(), outcome, elapsed_ms }).await;
        }
    }
}

/// HTTPS: the port a network that lets the web through must leave open.
const CONTROL_PORT: u16 = 443;

/// CR, LF or NUL in a username or password would let it smuggle a command.
fn check_credentials(login: &Login) -> Result<(), Refusal> {
    let bad = |text: &str| text.chars().any(|c| matches!(c, '\r' | '\n' | '\0'));
    if bad(&login.username) || bad(login.secret.expose()) {
        Err(Refusal::InvalidCredentials)
    } else {
        Ok(())
    }
}
