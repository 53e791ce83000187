//! One observation per probe: what DNS, TCP, TLS, the greeting, the
//! capabilities, STARTTLS and the login showed, read once from the events
//! (and from the planner's login retry, which belongs to the same server).
//! The rules below read these fields, never the event stream.

use core::net::{IpAddr, SocketAddr};

use maildoctor_wire::{
    AuthOutcome, CapabilitySet, DnsOutcome, DnsRecord, Event, GreetingStatus, MailProtocol, OpId, ProbeFailure,
    Refusal, ReplyCode, Step, TcpOutcome, TlsResult, VersionAnswer,
};

use crate::runs::{retry_of, Run};
use crate::Endpoint;

/// A part of an observation, with where it was seen.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seen<'a, T> {
    pub(crate) op: OpId,
    pub(crate) t_ms: u64,
    pub(crate) event: &'a Event,
    pub(crate) what: T,
}

/// A login attempt.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attempt<'a> {
    /// The mechanism or command (`PLAIN`, `XOAUTH2`, `USER`).
    pub(crate) method: &'a str,
    pub(crate) outcome: &'a AuthOutcome,
    pub(crate) code: Option<&'a ReplyCode>,
    pub(crate) text: &'a str,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Greeting<'a> {
    pub(crate) spoken: Option<MailProtocol>,
    pub(crate) status: GreetingStatus,
    pub(crate) text: &'a str,
}

#[derive(Debug, Clone)]
pub(crate) struct Observation<'a> {
    pub(crate) endpoint: &'a Endpoint,
    pub(crate) done: bool,
    pub(crate) refused: Option<&'a Refusal>,
    /// The address lookups the probe made.
    pub(crate) dns: Vec<Seen<'a, &'a DnsOutcome>>,
    pub(crate) denied: Vec<Seen<'a, (IpAddr, &'a str)>>,
    /// One per address dialed.
    pub(crate) tcp: Vec<Seen<'a, (SocketAddr, TcpOutcome)>>,
    /// Port 443 of the same host answered while the mail port did not.
    pub(crate) control_answered: bool,
    /// The first TLS handshake (implicit, or after STARTTLS).
    pub(crate) tls: Option<Seen<'a, &'a TlsResult>>,
    pub(crate) greeting: Option<Seen<'a, Greeting<'a>>>,
    /// The TLS hello sent on the side because the port stayed silent.
    pub(crate) tls_probe: Option<Seen<'a, &'a TlsResult>>,
    pub(crate) caps_plain: Option<Seen<'a, &'a CapabilitySet>>,
    pub(crate) caps_tls: Option<Seen<'a, &'a CapabilitySet>>,
    pub(crate) starttls: Option<Seen<'a, (bool, &'a str)>>,
    /// The answer to a harmless command after a refused STARTTLS that was
    /// not offered: whether the server itself wants TLS first.
    pub(crate) plain_command: Option<Seen<'a, (Option<&'a ReplyCode>, &'a str)>>,
    /// The stalled handshake tried again with small TCP segments.
    pub(crate) small_segments: Option<Seen<'a, &'a TlsResult>>,
    /// Which older TLS versions the server accepts (after a valid handshake).
    pub(crate) tls_versions: Option<Seen<'a, &'a [VersionAnswer]>>,
    /// The login, as typed.
    pub(crate) login: Option<Seen<'a, Attempt<'a>>>,
    /// The planner's retry with the full address, if it ran.
    pub(crate) retry: Option<Seen<'a, Attempt<'a>>>,
    pub(crate) failed: Option<Seen<'a, (Step, &'a ProbeFailure)>>,
    pub(crate) completed: Option<Seen<'a, ()>>,
}

fn attempt(run: &Run) -> Option<Seen<'_, Attempt<'_>>> {
    run.events.iter().find_map(|(t, e)| match e {
        Event::Auth { method, outcome, code, text, .. } => {
            Some(Seen { op: run.id, t_ms: *t, event: e, what: Attempt { method, outcome, code: code.as_ref(), text } })
        }
        _ => None,
    })
}

impl<'a> Observation<'a> {
    /// The observation of `run` (a probe), with its retry from `runs`.
    pub(crate) fn of(run: &'a Run, runs: &'a [Run]) -> Option<Self> {
        let endpoint = run.endpoint()?;
        let mut seen = Observation {
            endpoint,
            done: run.done && retry_of(runs, run).is_none_or(|r| r.done),
            refused: run.refused.as_ref(),
            dns: Vec::new(),
            denied: Vec::new(),
            tcp: Vec::new(),
            control_answered: false,
            tls: None,
            greeting: None,
            tls_probe: None,
            caps_plain: None,
            caps_tls: None,
            starttls: None,
            plain_command: None,
            small_segments: None,
            tls_versions: None,
            login: attempt(run),
            retry: retry_of(runs, run).and_then(attempt),
            failed: None,
            completed: None,
        };
        for (t_ms, event) in &run.events {
            match event {
                Event::Dns { outcome, .. } => seen.dns.push(Seen { op: run.id, t_ms: *t_ms, event, what: outcome }),
                Event::AddressDenied { address, reason } => {
                    seen.denied.push(Seen { op: run.id, t_ms: *t_ms, event, what: (*address, reason.as_str()) })
                }
                Event::Tcp { address, outcome, .. } => {
                    seen.tcp.push(Seen { op: run.id, t_ms: *t_ms, event, what: (*address, *outcome) })
                }
                Event::Control { outcome: TcpOutcome::Connected, .. } => seen.control_answered = true,
                Event::TlsProbe { result, .. } => {
                    seen.tls_probe = Some(Seen { op: run.id, t_ms: *t_ms, event, what: result })
                }
                Event::Tls { result, .. } if seen.tls.is_none() => {
                    seen.tls = Some(Seen { op: run.id, t_ms: *t_ms, event, what: result })
                }
                Event::Greeting { spoken, status, text } if seen.greeting.is_none() => {
                    seen.greeting = Some(Seen {
                        op: run.id,
                        t_ms: *t_ms,
                        event,
                        what: Greeting { spoken: *spoken, status: *status, text },
                    })
                }
                Event::Capabilities { tls: false, offered, .. } if seen.caps_plain.is_none() => {
                    seen.caps_plain = Some(Seen { op: run.id, t_ms: *t_ms, event, what: offered })
                }
                Event::Capabilities { tls: true, offered, .. } if seen.caps_tls.is_none() => {
                    seen.caps_tls = Some(Seen { op: run.id, t_ms: *t_ms, event, what: offered })
                }
                Event::Starttls { accepted, text } => {
                    seen.starttls = Some(Seen { op: run.id, t_ms: *t_ms, event, what: (*accepted, text.as_str()) })
                }
                Event::PlainCommand { code, text, .. } => {
                    seen.plain_command =
                        Some(Seen { op: run.id, t_ms: *t_ms, event, what: (code.as_ref(), text.as_str()) })
                }
                Event::TlsSmallSegments { result, .. } => {
                    seen.small_segments = Some(Seen { op: run.id, t_ms: *t_ms, event, what: result })
                }
                Event::TlsVersions { answers, .. } => {
                    seen.tls_versions = Some(Seen { op: run.id, t_ms: *t_ms, event, what: answers.as_slice() })
                }
                Event::Failed { step, reason } if seen.failed.is_none() => {
                    seen.failed = Some(Seen { op: run.id, t_ms: *t_ms, event, what: (*step, reason) })
                }
                Event::Completed { .. } => seen.completed = Some(Seen { op: run.id, t_ms: *t_ms, event, what: () }),
                _ => {}
            }
        }
        Some(seen)
    }

    /// The probe stopped at `step`.
    pub(crate) fn failed_at(&self, step: Step) -> Option<Seen<'a, &'a ProbeFailure>> {
        self.failed.filter(|f| f.what.0 == step).map(|f| Seen {
            op: f.op,
            t_ms: f.t_ms,
            event: f.event,
            what: f.what.1,
        })
    }

    pub(crate) fn connected(&self) -> bool {
        self.tcp.iter().any(|t| t.what.1 == TcpOutcome::Connected)
    }

    /// Every address attempt was silently dropped.
    pub(crate) fn all_filtered(&self) -> bool {
        !self.tcp.is_empty() && self.tcp.iter().all(|t| t.what.1 == TcpOutcome::TimedOut)
    }

    /// Every address the probe's lookups named, sorted, each once: what
    /// two places compare of a name.
    pub(crate) fn addresses(&self) -> Vec<IpAddr> {
        let mut addresses: Vec<IpAddr> = self
            .dns
            .iter()
            .filter_map(|d| match d.event {
                Event::Dns { records, .. } => Some(records.iter().filter_map(DnsRecord::address)),
                _ => None,
            })
            .flatten()
            .collect();
        addresses.sort();
        addresses.dedup();
        addresses
    }
}
