use core::fmt;

use maildoctor_wire::{
    ClientMessage, Event, Login, MailProtocol, OpId, Operation, ProbeSpec, Refusal, Security, ServerMessage,
};
use serde::{Deserialize, Serialize};

use crate::{diagnose, Endpoint, Report, REPORT_VERSION};

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

#[derive(Debug, Clone)]
pub(crate) struct ProbeRun {
    pub(crate) id: OpId,
    pub(crate) endpoint: Endpoint,
    pub(crate) events: Vec<(u64, Event)>,
    pub(crate) done: bool,
    pub(crate) refused: Option<Refusal>,
}

/// One diagnosis: what to run, what came back, what it means.
#[derive(Debug, Clone)]
pub struct Session {
    address: String,
    probes: Vec<ProbeRun>,
    next_id: OpId,
    started: bool,
    login: Option<Login>,
}

impl Session {
    /// Check the one server the person's client is set up with.
    pub fn check_server(address: &str, server: Settings) -> Result<Self, SessionError> {
        let address = address.trim();
        let valid_address = address.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains(char::is_whitespace)
        });
        if !valid_address {
            return Err(SessionError::BadAddress(address.to_owned()));
        }
        let host = server.host.trim().trim_end_matches('.').to_ascii_lowercase();
        if host.is_empty() || host.contains(char::is_whitespace) || host.contains('/') || host.contains('@') {
            return Err(SessionError::BadHost(server.host));
        }
        if server.port == 0 {
            return Err(SessionError::BadPort);
        }
        let mut session =
            Session { address: address.to_owned(), probes: Vec::new(), next_id: 1, started: false, login: None };
        session.add_probe(Endpoint { host, port: server.port, protocol: server.protocol, security: server.security });
        Ok(session)
    }

    /// Also log in, with these credentials, where the connection allows it.
    pub fn with_login(mut self, login: Login) -> Self {
        self.login = Some(login);
        self
    }

    fn add_probe(&mut self, endpoint: Endpoint) {
        let id = self.next_id;
        self.next_id += 1;
        self.probes.push(ProbeRun { id, endpoint, events: Vec::new(), done: false, refused: None });
    }

    /// The operations to run first. Call once.
    pub fn start(&mut self) -> Vec<ClientMessage> {
        if self.started {
            return Vec::new();
        }
        self.started = true;
        self.probes
            .iter()
            .map(|probe| ClientMessage::Run {
                id: probe.id,
                op: Operation::Probe(ProbeSpec {
                    host: probe.endpoint.host.clone(),
                    port: probe.endpoint.port,
                    protocol: probe.endpoint.protocol,
                    security: probe.endpoint.security,
                    login: self.login.clone(),
                }),
            })
            .collect()
    }

    /// Takes one message from the relay; returns follow-up operations.
    pub fn handle(&mut self, message: &ServerMessage) -> Vec<ClientMessage> {
        match message {
            ServerMessage::Event { id, t_ms, event } => {
                if let Some(probe) = self.probe_mut(*id) {
                    probe.events.push((*t_ms, event.clone()));
                }
            }
            ServerMessage::Done { id } => {
                if let Some(probe) = self.probe_mut(*id) {
                    probe.done = true;
                }
            }
            ServerMessage::Refused { id, reason } => {
                if let Some(probe) = self.probe_mut(*id) {
                    probe.refused = Some(reason.clone());
                    probe.done = true;
                }
            }
            ServerMessage::Hello { .. } | ServerMessage::Error { .. } => {}
        }
        Vec::new()
    }

    /// Every operation still running ends now, without an answer (the relay
    /// went away): the report says so instead of waiting forever.
    pub fn abandon(&mut self) {
        for probe in &mut self.probes {
            probe.done = true;
        }
    }

    fn probe_mut(&mut self, id: OpId) -> Option<&mut ProbeRun> {
        self.probes.iter_mut().find(|p| p.id == id)
    }

    pub fn is_finished(&self) -> bool {
        self.started && self.probes.iter().all(|p| p.done)
    }

    pub fn report(&self) -> Report {
        let mut findings = Vec::new();
        let mut working = Vec::new();
        for probe in &self.probes {
            let probe_findings = diagnose::probe(probe);
            if probe_findings.iter().any(|f| f.code.as_str().starts_with("ok.")) {
                working.push(probe.endpoint.clone());
            }
            findings.extend(probe_findings);
        }
        findings.sort_by_key(|f| f.severity);
        let complete = self.is_finished();
        Report { version: REPORT_VERSION, address: self.address.clone(), complete, findings, working }
    }
}
