//! What the page knows, as a pure step: every relay message, tick, click and
//! socket change is an [`Action`], and [`Diagnosis::step`] turns the state
//! and an action into the next state and the [`Effect`]s it asks for (a
//! socket to open, messages for the relay, a socket to close). The step
//! owns the [`Session`] (the planner and the rules) and does no I/O; the
//! page's `check` module runs the effects, in order, right after each step.

use std::collections::HashMap;
use std::rc::Rc;

use maildoctor_rules::{merge_certificates, Args, Catalog, Lang, Report, SeenCertificate, Session};
use maildoctor_wire::{ClientMessage, ErrorCode, OpId, ServerMessage, Vantage, PROTOCOL_VERSION};

/// How long a relay may take to answer hello before the page calls it silent.
pub(crate) const HELLO_DEADLINE_MS: f64 = 10_000.0;
/// How long a relay may say nothing while operations run: longer than an
/// operation's own deadline on the relay (45 s), which always ends in an event.
pub(crate) const SILENCE_DEADLINE_MS: f64 = 50_000.0;
/// The least time between two things the live region says while a check
/// runs: a screen reader that is interrupted by every finished step says
/// nothing a person can follow.
pub(crate) const ANNOUNCE_EVERY_MS: f64 = 5_000.0;

/// Why the relay, not the mail server, stopped the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RelayProblem {
    /// No relay address could be worked out.
    Unknown,
    /// Nothing answers at the relay's address.
    Unreachable,
    /// The relay answers, but not pages from this origin.
    OriginRefused,
    /// The relay is full or shutting down, or this network holds its share.
    Busy,
    /// The relay speaks another protocol version.
    Version { relay: Option<u32> },
    /// The relay accepted and then said nothing.
    Silent,
    /// The connection closed before the checks ended.
    Lost,
    /// The relay closed with 1001 (going away) before the checks ended: it
    /// is restarting, and let what ran finish first.
    Restarting,
    /// The relay reported a protocol error, in its own (English) words.
    Said(String),
}

impl RelayProblem {
    /// The catalog message that explains it (`.fix` says what to do).
    pub(crate) fn message_id(&self) -> &'static str {
        match self {
            RelayProblem::Unknown => "page-relay-unknown",
            RelayProblem::Unreachable => "page-relay-unreachable",
            RelayProblem::OriginRefused => "page-relay-origin",
            RelayProblem::Busy => "page-relay-busy",
            RelayProblem::Version { .. } => "page-relay-version",
            RelayProblem::Silent => "page-relay-silent",
            RelayProblem::Lost => "page-relay-lost",
            RelayProblem::Restarting => "page-relay-restarting",
            RelayProblem::Said(_) => "page-relay-said",
        }
    }

    /// A stable name for tests and styles.
    pub(crate) fn name(&self) -> &'static str {
        self.message_id().trim_start_matches("page-relay-")
    }

    /// The arguments of [`RelayProblem::message_id`]'s message, for the relay at `url`.
    pub(crate) fn args(&self, url: &str) -> Args<'static> {
        match self {
            RelayProblem::Said(message) => Args::new().text("message", message.clone()),
            RelayProblem::Version { relay } => Args::new()
                .number("page", u64::from(maildoctor_wire::PROTOCOL_VERSION))
                .text("relay", relay.map(|v| v.to_string()).unwrap_or_else(|| "?".into())),
            _ => Args::new().text("url", url.to_owned()),
        }
    }
}

/// What the form's input got wrong, in the person's language, and the
/// field it is about (none: the page's own trouble, a broken share link).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Invalid {
    pub(crate) field: Option<&'static str>,
    pub(crate) text: String,
}

/// What the live region says: a check starting, its progress (at most every
/// [`ANNOUNCE_EVERY_MS`]), and its end; the words come from the view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Announcement {
    Quiet,
    Started,
    /// How many server settings were tried so far (the total grows as
    /// discovery finds more, so it is not said).
    Progress {
        tried: u64,
    },
    Ended,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Phase {
    Idle,
    Running,
    Finished,
    Cancelled,
    /// The form's input was not valid.
    Invalid(Invalid),
    Failed(RelayProblem),
    /// A report opened from a share link: read-only.
    Shared,
}

impl Phase {
    /// The name tests and styles select on.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Running => "running",
            Phase::Finished => "finished",
            Phase::Cancelled => "cancelled",
            Phase::Invalid(_) => "invalid",
            Phase::Failed(_) => "failed",
            Phase::Shared => "shared",
        }
    }
}

/// The catalog of the page's language, compared by identity: a new
/// language is a new catalog, and parsing one is too costly to compare by
/// content on every render.
#[derive(Debug, Clone)]
pub(crate) struct Words(pub(crate) Rc<Catalog>);

impl PartialEq for Words {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Words {
    type Target = Catalog;
    fn deref(&self) -> &Catalog {
        &self.0
    }
}

/// What a step asks of the world, run in the order given, before the next
/// action: the relay hears hello before the runs, and each follow-up right
/// after the event that caused it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Effect {
    /// Open check `run`'s socket to the relay at `url`; what is sent from
    /// now on goes there.
    Connect { run: u64, url: String },
    /// A message for the relay, on the current run's socket.
    Send(ClientMessage),
    /// The run is over: no more messages go to the relay, and its socket
    /// closes once what is queued is sent, so the relay frees this tab's
    /// place at once.
    HangUp,
}

#[derive(Debug, Clone)]
pub(crate) struct Diagnosis {
    pub(crate) phase: Phase,
    /// Which check this is: a socket of an earlier one may still deliver a
    /// late frame or its close, which must not touch this one.
    run: u64,
    pub(crate) lang: Lang,
    pub(crate) catalog: Words,
    session: Option<Session>,
    /// Whether this run's socket is open, as far as the steps know.
    connected: bool,
    pub(crate) report: Option<Rc<Report>>,
    /// Events arrived since the report was last built (rebuilt on ticks).
    stale: bool,
    pub(crate) now_ms: f64,
    started_ms: f64,
    hello_ms: Option<f64>,
    last_heard_ms: f64,
    /// When the page last heard about each operation: a waiting step shows
    /// how long it has waited since.
    heard: HashMap<OpId, f64>,
    /// The relay's build, from its hello.
    pub(crate) relay: Option<String>,
    /// Where this run's relay is.
    pub(crate) relay_url: String,
    pub(crate) announcement: Announcement,
    announced_ms: f64,
    /// The servers' certificates earlier reports of this tab saw (a
    /// check's, a share link's), kept through "check again".
    previous: Rc<Vec<SeenCertificate>>,
}

impl Diagnosis {
    pub(crate) fn new(lang: Lang) -> Self {
        Self::with_catalog(lang, Words(Rc::new(Catalog::new(lang))))
    }

    fn with_catalog(lang: Lang, catalog: Words) -> Self {
        Self {
            phase: Phase::Idle,
            run: 0,
            lang,
            catalog,
            session: None,
            connected: false,
            report: None,
            stale: false,
            now_ms: 0.0,
            started_ms: 0.0,
            hello_ms: None,
            last_heard_ms: 0.0,
            heard: HashMap::new(),
            relay: None,
            relay_url: String::new(),
            announcement: Announcement::Quiet,
            announced_ms: 0.0,
            previous: Rc::default(),
        }
    }

    /// What the next check compares the servers' certificates with: the
    /// last report's, over those of earlier ones (`tls.cert_changed`).
    pub(crate) fn last_certificates(&self) -> Vec<SeenCertificate> {
        let latest = self.report.as_ref().map_or(&[][..], |report| &report.certificates[..]);
        merge_certificates(&self.previous, latest)
    }

    pub(crate) fn running(&self) -> bool {
        self.phase == Phase::Running
    }

    /// Which check this is: a new one starts with a new number.
    pub(crate) fn run(&self) -> u64 {
        self.run
    }

    /// The session of the check, finished or not (none before the first).
    pub(crate) fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// Milliseconds since the page last heard about `op`.
    pub(crate) fn waited_ms(&self, op: OpId) -> Option<f64> {
        self.heard.get(&op).map(|heard| (self.now_ms - heard).max(0.0))
    }

    /// Moves this state on by `action`, and says what that asks of the
    /// world, in order. The state is the caller's own (no cell is shared
    /// with anything), and nothing here touches a socket or a clock.
    pub(crate) fn step(&mut self, action: Action) -> Vec<Effect> {
        let mut effects = Vec::new();
        self.apply(action, &mut effects);
        effects
    }

    fn apply(&mut self, action: Action, out: &mut Vec<Effect>) {
        match action {
            Action::Start { run, session, relay_url, now_ms } => self.start(run, session, relay_url, now_ms, out),
            Action::Relay { run, message, now_ms } if self.running() && run == self.run => {
                self.now_ms = now_ms;
                self.relay_message(message, now_ms, out);
            }
            Action::Relay { .. } => {}
            Action::Tick { now_ms } => self.tick(now_ms, out),
            Action::Cancel if self.running() => {
                let running = self.session.as_ref().map(|session| session.running()).unwrap_or_default();
                out.extend(running.into_iter().map(|id| Effect::Send(ClientMessage::Cancel { id })));
                self.fail_or_stop(Phase::Cancelled, out);
            }
            Action::Cancel => {}
            Action::Closed { run, problem } if self.running() && run == self.run => {
                self.fail_or_stop(Phase::Failed(problem), out);
            }
            Action::Closed { .. } => {}
            Action::Invalid(why) => {
                self.phase = Phase::Invalid(why);
                self.announcement = Announcement::Quiet;
            }
            Action::Shared(report) => {
                self.hang_up(out);
                let report = Some(Rc::new(report));
                let announcement = Announcement::Ended;
                *self = Diagnosis { phase: Phase::Shared, report, announcement, ..self.fresh() };
            }
            Action::Reset => {
                self.hang_up(out);
                let previous = Rc::new(self.last_certificates());
                *self = Diagnosis { previous, ..self.fresh() };
            }
            Action::Language(lang) => {
                self.lang = lang;
                self.catalog = Words(Rc::new(Catalog::new(lang)));
                self.rebuild();
            }
        }
    }

    /// An empty state in this state's language, keeping its catalog.
    fn fresh(&self) -> Diagnosis {
        Diagnosis::with_catalog(self.lang, self.catalog.clone())
    }

    fn start(&mut self, run: u64, mut session: Session, relay_url: String, now_ms: f64, out: &mut Vec<Effect>) {
        self.hang_up(out);
        let messages = session.start();
        let mut heard = HashMap::new();
        for message in &messages {
            if let ClientMessage::Run { id, .. } = message {
                heard.insert(*id, now_ms);
            }
        }
        let connected = !relay_url.is_empty();
        if connected {
            out.push(Effect::Connect { run, url: relay_url.clone() });
            out.push(Effect::Send(ClientMessage::Hello { version: PROTOCOL_VERSION }));
            out.extend(messages.into_iter().map(Effect::Send));
        }
        *self = Diagnosis {
            phase: Phase::Running,
            run,
            session: Some(session),
            connected,
            now_ms,
            started_ms: now_ms,
            last_heard_ms: now_ms,
            heard,
            relay_url,
            announcement: Announcement::Started,
            announced_ms: now_ms,
            previous: Rc::new(self.last_certificates()),
            ..self.fresh()
        };
        self.rebuild();
        if !connected {
            self.fail_or_stop(Phase::Failed(RelayProblem::Unknown), out);
        }
    }

    /// While running: rebuild a stale report, and call a silent relay.
    fn tick(&mut self, now_ms: f64, out: &mut Vec<Effect>) {
        self.now_ms = now_ms;
        if !self.running() {
            return;
        }
        let silent = match self.hello_ms {
            None => now_ms - self.started_ms > HELLO_DEADLINE_MS,
            Some(_) => now_ms - self.last_heard_ms > SILENCE_DEADLINE_MS,
        };
        if silent {
            return self.fail_or_stop(Phase::Failed(RelayProblem::Silent), out);
        }
        if self.stale {
            self.rebuild();
        }
        self.announce_progress(now_ms);
    }

    fn rebuild(&mut self) {
        if let Some(session) = &self.session {
            self.report = Some(Rc::new(session.report(&self.catalog)));
        }
        self.stale = false;
    }

    /// The run ends before its session did: what still runs is abandoned.
    fn fail_or_stop(&mut self, phase: Phase, out: &mut Vec<Effect>) {
        if let Some(session) = self.session.as_mut() {
            session.abandon();
        }
        self.stop(phase, out);
    }

    fn stop(&mut self, phase: Phase, out: &mut Vec<Effect>) {
        self.phase = phase;
        self.hang_up(out);
        self.announcement = Announcement::Ended;
        self.rebuild();
    }

    fn hang_up(&mut self, out: &mut Vec<Effect>) {
        if std::mem::take(&mut self.connected) {
            out.push(Effect::HangUp);
        }
    }

    /// While running, the progress, once the last announcement is old enough
    /// and the count moved.
    fn announce_progress(&mut self, now_ms: f64) {
        let Some(report) = self.report.as_ref().filter(|_| now_ms - self.announced_ms >= ANNOUNCE_EVERY_MS) else {
            return;
        };
        let progress = Announcement::Progress { tried: report.probes.iter().filter(|p| p.done).count() as u64 };
        if progress != self.announcement {
            self.announcement = progress;
            self.announced_ms = now_ms;
        }
    }

    fn relay_message(&mut self, message: ServerMessage, now_ms: f64, out: &mut Vec<Effect>) {
        self.last_heard_ms = now_ms;
        let Some(session) = self.session.as_mut() else { return };
        match &message {
            ServerMessage::Hello { version, relay, vantage, time_ms } => {
                // A relay that does not say where it is might be anywhere:
                // its view of the network is not taken for the person's.
                let elsewhere = || Vantage { local: false, name: None, region: None, blocked_ports: Vec::new() };
                session.checked_from(vantage.clone().unwrap_or_else(elsewhere));
                if let Some(time_ms) = time_ms {
                    session.relay_time(*time_ms);
                }
                self.hello_ms = Some(now_ms);
                self.relay = Some(relay.clone());
                if *version != PROTOCOL_VERSION {
                    self.fail_or_stop(Phase::Failed(RelayProblem::Version { relay: Some(*version) }), out);
                }
                return;
            }
            ServerMessage::Error { code: ErrorCode::VersionMismatch, .. } => {
                return self.fail_or_stop(Phase::Failed(RelayProblem::Version { relay: None }), out);
            }
            ServerMessage::Error { message, .. } => {
                return self.fail_or_stop(Phase::Failed(RelayProblem::Said(message.clone())), out);
            }
            ServerMessage::Event { id, .. } | ServerMessage::Done { id } | ServerMessage::Refused { id, .. } => {
                self.heard.insert(*id, now_ms);
            }
        }
        for follow_up in session.handle(&message) {
            if let ClientMessage::Run { id, .. } = &follow_up {
                self.heard.insert(*id, now_ms);
                out.push(Effect::Send(follow_up));
            }
        }
        self.stale = true;
        if session.is_finished() {
            self.stop(Phase::Finished, out);
        } else if matches!(message, ServerMessage::Done { .. } | ServerMessage::Refused { .. }) {
            self.rebuild();
        }
    }
}

impl PartialEq for Diagnosis {
    /// Every action changes what is shown, so every action re-renders.
    fn eq(&self, _: &Self) -> bool {
        false
    }
}

#[derive(Debug)]
pub(crate) enum Action {
    /// The form was valid: run `session` as check `run`, through the relay at
    /// `relay_url` (none could be worked out when it is empty).
    Start {
        run: u64,
        session: Session,
        relay_url: String,
        now_ms: f64,
    },
    /// A message from the relay, on check `run`'s socket.
    Relay {
        run: u64,
        message: ServerMessage,
        now_ms: f64,
    },
    /// The clock moved: rebuild a stale report, and call a silent relay.
    Tick {
        now_ms: f64,
    },
    /// The person pressed Cancel.
    Cancel,
    /// Check `run`'s socket closed (or never opened); `problem` is what the
    /// relay's status said about why, when it was asked.
    Closed {
        run: u64,
        problem: RelayProblem,
    },
    /// The form's input could not be planned.
    Invalid(Invalid),
    /// Opened from a share link.
    Shared(Report),
    Language(Lang),
    /// Back to an empty page (after a shared report: "check again").
    Reset,
}
