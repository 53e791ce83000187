//! The path to each server: its round trip and its loss, judged from the
//! connects and dialogs the session's probes make anyway (issue 25). A
//! separate burst of idle connects would cost the person's server a login
//! process each (Dovecot forks one per connection) and looks, to fail2ban
//! and connection-rate limits, like the pattern they punish; so at most one
//! extra connect per address is asked, and only when what the probes saw
//! cannot tell a lost SYN from a long round trip ([`undecided`]).
//!
//! What a connect's time means: the kernel answers a SYN without the
//! server program, so a connect takes one round trip unless the SYN or
//! the SYN-ACK is lost. Then the client sends the SYN again when its
//! retransmission timer fires: 1 s at first (RFC 6298 §2.1 lowered the
//! initial RTO from 3 s to 1 s; Linux's `TCP_TIMEOUT_INIT` is `1 * HZ`,
//! include/net/tcp.h), doubling after each loss (RFC 6298 §5.5), so a
//! connect that lost one SYN takes about 1000 ms + the round trip, two
//! 3000 ms + it, three 7000 ms + it. A connect at such a step beside
//! others at about the round trip is a lost packet, not a slow path.
//!
//! What bounds the round trip from above: every connect, every TLS
//! handshake (at least one round trip before the client is done), and
//! every exchange of the dialog (a command's reply cannot come back sooner
//! than one round trip). A slow server only makes these longer, so the
//! shortest of them is a bound a slow server cannot spoil: a server slow
//! to greet stays the server's finding (`timing`), never the network's.

use core::net::{IpAddr, SocketAddr};
use std::collections::BTreeSet;

use maildoctor_wire::{Direction, Event, ProbeFailure, Step, TcpOutcome};

use crate::cause::Cause;
use crate::item::{Item, Proof};
use crate::runs::{Job, Run};
use crate::Endpoint;

/// A connect this much longer than the round trip's bound had its SYN (or
/// SYN-ACK) sent again: the initial RTO of 1 s (see above), less 100 ms
/// for the timer's granularity and the path's jitter.
const SYN_STEP_MS: u64 = 900;
/// A round trip above this makes mail apps feel broken: a dialog with TLS
/// and a login is some eight round trips, over 2 s at this.
const HIGH_LATENCY_MS: u64 = 300;

/// One connect of the session, to a mail port or to 443 (a control).
#[derive(Clone, Copy)]
struct Dial<'a> {
    /// The run's place in the session and the event's time in it: the
    /// order the connects were made in, near enough.
    order: (usize, u64),
    run: &'a Run,
    t_ms: u64,
    event: &'a Event,
    address: SocketAddr,
    /// The port the run asked for (443 for a control).
    port: u16,
    outcome: TcpOutcome,
    ms: u64,
}

impl Dial<'_> {
    fn proof(&self) -> Proof {
        Proof { op: self.run.id, t_ms: self.t_ms, event: self.event.clone() }
    }

    fn connected(&self) -> bool {
        self.outcome == TcpOutcome::Connected
    }
}

fn dials(runs: &[Run]) -> Vec<Dial<'_>> {
    let mut all = Vec::new();
    for (n, run) in runs.iter().enumerate() {
        for (t_ms, event) in &run.events {
            let (address, outcome, ms, port) = match event {
                Event::Tcp { address, outcome, elapsed_ms } => {
                    (*address, *outcome, *elapsed_ms, asked_port(run).unwrap_or(address.port()))
                }
                Event::Control { address, outcome, elapsed_ms } => (*address, *outcome, *elapsed_ms, address.port()),
                _ => continue,
            };
            all.push(Dial { order: (n, *t_ms), run, t_ms: *t_ms, event, address, port, outcome, ms });
        }
    }
    all
}

/// The port a run dialed.
fn asked_port(run: &Run) -> Option<u16> {
    match &run.job {
        Job::Probe { endpoint, .. } | Job::Pinned { endpoint, .. } | Job::Latency { endpoint, .. } => {
            Some(endpoint.port)
        }
        _ => None,
    }
}

/// The address a run's dialog spoke to: its TLS handshake's, else its only
/// connected address (with two connected, which one spoke is not said).
fn dialog_address(run: &Run) -> Option<SocketAddr> {
    let tls = run.events.iter().find_map(|(_, e)| match e {
        Event::Tls { address, .. } => Some(*address),
        _ => None,
    });
    let connected: BTreeSet<SocketAddr> = run
        .events
        .iter()
        .filter_map(|(_, e)| match e {
            Event::Tcp { address, outcome: TcpOutcome::Connected, .. } => Some(*address),
            _ => None,
        })
        .collect();
    tls.or_else(|| connected.first().copied().filter(|_| connected.len() == 1))
}

/// The shortest wait of a run's dialog that took at least one round trip:
/// its TLS handshake, or a command and the server's first words after it.
fn dialog_bound(run: &Run) -> Option<u64> {
    let mut best: Option<u64> = None;
    let mut asked: Option<u64> = None;
    for (t_ms, event) in &run.events {
        let took = match event {
            Event::Tls { elapsed_ms, .. } => Some(*elapsed_ms),
            Event::Line { dir: Direction::Sent, .. } => {
                asked = asked.or(Some(*t_ms));
                None
            }
            Event::Line { dir: Direction::Received, .. } | Event::Capabilities { .. } | Event::Auth { .. } => {
                asked.take().map(|since| t_ms.saturating_sub(since))
            }
            _ => None,
        };
        best = match (best, took) {
            (Some(b), Some(t)) => Some(b.min(t)),
            (b, t) => b.or(t),
        };
    }
    best
}

/// What the session saw of the path to one address.
struct Path<'a> {
    ip: IpAddr,
    dials: Vec<Dial<'a>>,
    /// The dialogs' shortest round trip at this address.
    dialogs: Option<u64>,
    /// Dialogs at this address that stalled where another at the same
    /// port got past the same step: their failure event.
    stalls: Vec<Proof>,
}

impl Path<'_> {
    /// The round trip's bound from everything but connect `skip`.
    fn bound_without(&self, skip: usize) -> Option<u64> {
        let connects = self.dials.iter().enumerate().filter(|(n, d)| *n != skip && d.connected()).map(|(_, d)| d.ms);
        connects.chain(self.dialogs).min()
    }

    /// Per connect that connected: whether a SYN was sent again (`None`:
    /// a step-sized connect with nothing to hold it against).
    fn retried(&self) -> Vec<(usize, Option<bool>)> {
        let connected = self.dials.iter().enumerate().filter(|(_, d)| d.connected());
        connected
            .map(|(n, d)| match (d.ms >= SYN_STEP_MS, self.bound_without(n)) {
                (false, _) => (n, Some(false)),
                (true, Some(bound)) => (n, Some(d.ms >= bound + SYN_STEP_MS)),
                (true, None) => (n, None),
            })
            .collect()
    }

    /// Connects that failed (silence or a reset) at a port where a later
    /// one connected: the path dropped them; a port that stays silent is
    /// a firewall's or a ban's, never counted here.
    fn failed(&self) -> Vec<&Dial<'_>> {
        let later_connect = |d: &Dial<'_>| {
            let same = |o: &&Dial<'_>| o.address == d.address && o.port == d.port;
            self.dials.iter().filter(same).any(|o| o.connected() && o.order > d.order)
        };
        let lost = |d: &&Dial<'_>| matches!(d.outcome, TcpOutcome::TimedOut | TcpOutcome::Reset);
        self.dials.iter().filter(lost).filter(|d| later_connect(d)).collect()
    }

    fn undecided(&self) -> bool {
        self.retried().iter().any(|(_, r)| r.is_none())
    }
}

fn paths(runs: &[Run]) -> Vec<Path<'_>> {
    let all = dials(runs);
    let ips: BTreeSet<IpAddr> = all.iter().map(|d| d.address.ip()).collect();
    ips.into_iter()
        .map(|ip| {
            let on_ip = |r: &&Run| dialog_address(r).is_some_and(|a| a.ip() == ip);
            Path {
                ip,
                dials: all.iter().filter(|d| d.address.ip() == ip).copied().collect(),
                dialogs: runs.iter().filter(on_ip).filter_map(dialog_bound).min(),
                stalls: stalls(runs, ip),
            }
        })
        .collect()
}

/// The step a run's dialog passed: what the server said at it.
fn passed(run: &Run, step: Step) -> bool {
    run.has(|e| match step {
        Step::Greeting => matches!(e, Event::Greeting { .. }),
        Step::Capabilities => matches!(e, Event::Capabilities { .. }),
        Step::Login => matches!(e, Event::Auth { .. }),
        _ => false,
    })
}

/// Dialogs at `ip` that waited out a step which another dialog at the same
/// port passed: the server answers at that step, so this connection's
/// packets were lost. A server slow at a step is slow on every connection,
/// and is `timing`'s finding.
fn stalls(runs: &[Run], ip: IpAddr) -> Vec<Proof> {
    let mut found = Vec::new();
    for run in runs {
        let Some(address) = dialog_address(run).filter(|a| a.ip() == ip) else { continue };
        let stalled = run.events.iter().find(|(_, e)| {
            matches!(
                e,
                Event::Failed {
                    step: Step::Greeting | Step::Capabilities | Step::Login,
                    reason: ProbeFailure::Timeout { .. }
                }
            )
        });
        let Some((t_ms, event @ Event::Failed { step, .. })) = stalled else { continue };
        let elsewhere = runs.iter().any(|o| o.id != run.id && dialog_address(o) == Some(address) && passed(o, *step));
        if elsewhere {
            found.push(Proof { op: run.id, t_ms: *t_ms, event: event.clone() });
        }
    }
    found
}

/// The server a path's finding is about: the first that was asked at it.
fn endpoint_of(path: &Path<'_>) -> Option<Endpoint> {
    path.dials.iter().find_map(|d| match &d.run.job {
        Job::Probe { endpoint, .. } | Job::Pinned { endpoint, .. } | Job::Latency { endpoint, .. } => {
            Some(endpoint.clone())
        }
        _ => None,
    })
}

/// Loss and a long round trip on the path to each server, from every
/// connect and dialog of the session.
pub(crate) fn network_quality(runs: &[Run]) -> Vec<Item> {
    let mut items = Vec::new();
    for path in paths(runs) {
        let Some(endpoint) = endpoint_of(&path) else { continue };
        let judged = path.retried();
        let retried: Vec<usize> = judged.iter().filter(|(_, r)| *r == Some(true)).map(|(n, _)| *n).collect();
        let failed = path.failed();
        let attempts = u8::try_from(path.dials.len()).unwrap_or(u8::MAX);
        let lost = failed.len() + path.stalls.len();
        if !retried.is_empty() || lost > 0 {
            let mut item = Item::new(Cause::PacketLoss {
                attempts,
                failed: u8::try_from(lost).unwrap_or(u8::MAX),
                retried: retried.len(),
            })
            .at(&endpoint);
            item.proof.extend(retried.iter().map(|n| path.dials[*n].proof()));
            item.proof.extend(failed.iter().map(|d| d.proof()));
            item.proof.extend(path.stalls.iter().cloned());
            // Beside the lost ones, a connect that took only the round trip.
            let quick = judged.iter().filter(|(_, r)| *r == Some(false)).map(|(n, _)| &path.dials[*n]);
            item.proof.extend(quick.min_by_key(|d| d.ms).map(Dial::proof));
            items.push(item);
        }
        // The round trip: the median connect that sent its SYN once, or a
        // dialog's exchange where that was shorter (a connect can wait in a
        // busy server's queue; no exchange beats the round trip).
        let mut clean: Vec<&Dial<'_>> =
            judged.iter().filter(|(_, r)| *r == Some(false)).map(|(n, _)| &path.dials[*n]).collect();
        clean.sort_by_key(|d| d.ms);
        if let Some(median) = clean.get(clean.len() / 2) {
            let rtt = path.dialogs.map_or(median.ms, |d| d.min(median.ms));
            if rtt >= HIGH_LATENCY_MS {
                items.push(Item::new(Cause::HighLatency { median_ms: rtt }).at(&endpoint).proof(median.proof()));
            }
        }
    }
    items
}

/// Addresses whose connects cannot tell a lost SYN from a long round trip
/// (one step-sized connect, no other connect or dialog there to hold it
/// against): one more connect each tells. Only where every run that dialed
/// there has ended, and never where one was asked already.
pub(crate) fn undecided(runs: &[Run]) -> Vec<(Endpoint, IpAddr)> {
    let sampled: Vec<IpAddr> = runs
        .iter()
        .filter_map(|r| match &r.job {
            Job::Latency { address, .. } => *address,
            _ => None,
        })
        .collect();
    paths(runs)
        .into_iter()
        .filter(|p| !sampled.contains(&p.ip) && p.dials.iter().all(|d| d.run.done) && p.undecided())
        .filter_map(|p| {
            // The port of the step-sized connect: the same path and port.
            let slow = p.retried().into_iter().find(|(_, r)| r.is_none()).map(|(n, _)| &p.dials[n])?;
            let mut endpoint = endpoint_of(&p)?;
            endpoint.port = slow.address.port();
            Some((endpoint, p.ip))
        })
        .collect()
}
