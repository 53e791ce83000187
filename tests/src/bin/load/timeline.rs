//! One diagnosis as the harness saw it: how long it took, what it made the
//! relay do (counted from its own events and frames, not assumed), and
//! where its time went, so a slow one can be told apart from a typical one.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use maildoctor_wire::{Event, Operation, ServerMessage};

/// What one diagnosis made the relay do.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts {
    /// WebSocket messages, both ways, the hellos included.
    pub(crate) frames: u64,
    /// DNS questions (`dns` events).
    pub(crate) dns: u64,
    /// TCP connections the relay opened (`maildoctor_probe::connections_opened`).
    pub(crate) connects: u64,
    /// Full TLS handshakes (`tls` events and their retries; the questions
    /// about old versions are hellos only, counted among the connects).
    pub(crate) handshakes: u64,
}

impl Counts {
    pub(crate) fn add(&mut self, other: &Counts) {
        self.frames += other.frames;
        self.dns += other.dns;
        self.connects += other.connects;
        self.handshakes += other.handshakes;
    }
}

/// The waits a diagnosis is made of, in milliseconds; each the longest of
/// its kind in the diagnosis (they overlap: the operations run at once).
pub(crate) const WAITS: [&str; 7] = [
    "opening the session",
    "a DNS answer",
    "a TCP connect",
    "a TLS handshake",
    "a server's reply",
    "the latency sample",
    "frames queued in the relay or the harness",
];

/// One diagnosis.
#[derive(Debug, Clone)]
pub(crate) struct Timeline {
    pub(crate) took: Duration,
    pub(crate) clean: bool,
    pub(crate) counts: Counts,
    pub(crate) waits: [u64; WAITS.len()],
}

/// Built up while a diagnosis runs.
pub(crate) struct Recorder {
    started: Instant,
    counts: Counts,
    waits: [u64; WAITS.len()],
    /// Each operation: when it was sent, whether it is the latency sample,
    /// and the relay's time of its last line sent (a command waiting for
    /// its reply).
    ops: HashMap<u32, (Instant, bool, Option<u64>)>,
}

impl Recorder {
    pub(crate) fn new() -> Self {
        Self { started: Instant::now(), counts: Counts::default(), waits: [0; WAITS.len()], ops: HashMap::new() }
    }

    pub(crate) fn opened(&mut self) {
        // The upgrade, then the hello each way.
        self.counts.frames += 2;
        self.waits[0] = self.started.elapsed().as_millis() as u64;
    }

    pub(crate) fn sent(&mut self, message: &maildoctor_wire::ClientMessage) {
        self.counts.frames += 1;
        if let maildoctor_wire::ClientMessage::Run { id, op } = message {
            let sample = matches!(op, Operation::SampleLatency { .. });
            self.ops.insert(*id, (Instant::now(), sample, None));
        }
    }

    pub(crate) fn received(&mut self, message: &ServerMessage) {
        self.counts.frames += 1;
        let now = Instant::now();
        let (id, t_ms, event) = match message {
            ServerMessage::Event { id, t_ms, event } => (*id, Some(*t_ms), Some(event)),
            ServerMessage::Done { id } | ServerMessage::Refused { id, .. } => (*id, None, None),
            _ => return,
        };
        let Some((sent_at, sample, waiting_since)) = self.ops.get_mut(&id) else { return };
        let since_sent = now.duration_since(*sent_at).as_millis() as u64;
        if let Some(t_ms) = t_ms {
            // What the relay saw happen at t_ms reached the harness later by this much.
            self.waits[6] = self.waits[6].max(since_sent.saturating_sub(t_ms));
        }
        if event.is_none() && *sample {
            self.waits[5] = self.waits[5].max(since_sent);
        }
        let Some(event) = event else { return };
        // A sample's connects are its `tcp` events; the budget's count of its
        // `latency` event (each attempt again) would count them twice.
        if !matches!(event, Event::Latency { .. }) {
            self.counts.connects += u64::from(maildoctor_probe::connections_opened(event));
        }
        let t_ms = t_ms.unwrap_or(0);
        match event {
            Event::Dns { elapsed_ms, .. } => {
                self.counts.dns += 1;
                self.waits[1] = self.waits[1].max(*elapsed_ms);
            }
            // The greeting is waited for from the connect, or the handshake.
            Event::Tcp { elapsed_ms, .. } => {
                self.waits[2] = self.waits[2].max(*elapsed_ms);
                *waiting_since = Some(t_ms);
            }
            Event::Tls { elapsed_ms, .. } | Event::TlsSmallSegments { elapsed_ms, .. } => {
                self.counts.handshakes += 1;
                self.waits[3] = self.waits[3].max(*elapsed_ms);
                *waiting_since = Some(t_ms);
            }
            Event::TlsProbe { .. } => self.counts.handshakes += 1,
            Event::Line { dir: maildoctor_wire::Direction::Sent, .. } => *waiting_since = Some(t_ms),
            Event::Line { dir: maildoctor_wire::Direction::Received, .. } => {
                if let Some(since) = waiting_since.take() {
                    self.waits[4] = self.waits[4].max(t_ms.saturating_sub(since));
                }
            }
            _ => {}
        }
    }

    pub(crate) fn finish(self, clean: bool) -> Timeline {
        Timeline { took: self.started.elapsed(), clean, counts: self.counts, waits: self.waits }
    }
}

/// Where the slowest diagnoses of a phase spent their time, against the
/// typical one: for each wait, its mean over the diagnoses at or above p99
/// and its median over all.
#[derive(Debug, Clone)]
pub(crate) struct Tail {
    /// Diagnoses at or above p99.
    pub(crate) slow: usize,
    /// The wait each slow one waited on longest, and how many did.
    pub(crate) longest: Vec<(&'static str, usize)>,
    /// Per wait: mean among the slow, median among all (ms).
    pub(crate) waits: Vec<(&'static str, f64, u64)>,
    /// Slow diagnoses with a TCP connect of a second or more: a SYN the
    /// server's full accept queue dropped, sent again after the kernel's
    /// first retransmission timeout (1 s).
    pub(crate) syn_retransmitted: usize,
    pub(crate) all_syn_retransmitted: usize,
}

pub(crate) fn tail(timelines: &[Timeline], p99: Duration) -> Tail {
    let slow: Vec<&Timeline> = timelines.iter().filter(|t| t.took >= p99).collect();
    let mut longest: Vec<(&'static str, usize)> = WAITS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let count = slow.iter().filter(|t| (0..WAITS.len()).max_by_key(|j| t.waits[*j]) == Some(i)).count();
            (*name, count)
        })
        .filter(|(_, count)| *count > 0)
        .collect();
    longest.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    let waits = WAITS
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mean = slow.iter().map(|t| t.waits[i] as f64).sum::<f64>() / slow.len().max(1) as f64;
            let mut all: Vec<u64> = timelines.iter().map(|t| t.waits[i]).collect();
            all.sort_unstable();
            (*name, mean, all.get(all.len() / 2).copied().unwrap_or(0))
        })
        .collect();
    Tail {
        slow: slow.len(),
        longest,
        waits,
        syn_retransmitted: slow.iter().filter(|t| t.waits[2] >= 1000).count(),
        all_syn_retransmitted: timelines.iter().filter(|t| t.waits[2] >= 1000).count(),
    }
}
