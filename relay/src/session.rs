//! One page's WebSocket session: hello, operations in and events out, and
//! how it ends (the page left, the relay stops, idle, or too old).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{close_code, CloseFrame, Message};
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use maildoctor_probe::Executor;
use maildoctor_wire::{
    ClientMessage, ErrorCode, Operation, ProbeSpec, Refusal, ServerMessage, Vantage, PROTOCOL_VERSION,
};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::budget::{opened, worst_case, Budget, SESSION_CONNECTIONS};
use crate::clients::ClientKey;
use crate::logins::LoginLimits;
use crate::metrics::{End, Kind, Metrics, Outcome};
use crate::operation::{execute, Ended};
use crate::rate::Limiter;
use crate::table::{Busy, Generation, OperationTable};

/// Operations one page may run at once (a full diagnosis needs about a dozen).
pub const MAX_OPS_PER_SESSION: usize = 24;
/// A client that does not read for this long is gone.
pub(crate) const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// Messages written before one flush: a burst goes out in a few writes, and
/// a session never holds more than this many encoded frames at once.
const MAX_BATCH: usize = 32;
/// After SIGTERM, how long running operations get to finish before each
/// session is closed with 1001 (going away). Under systemd's and Kubernetes'
/// default 30 s stop timeout, with room for the rest of the shutdown.
pub const DRAIN: Duration = Duration::from_secs(10);

/// How long a session may last, so that no client holds a place for ever.
#[derive(Debug, Clone, Copy)]
pub struct SessionLimits {
    /// Closed after this long with nothing running and no frame from the page.
    pub idle: Duration,
    /// Closed after this long whatever it does: a diagnosis takes a minute.
    pub lifetime: Duration,
    /// A ping goes out this often; a page that answers nothing (not even
    /// the pong browsers send by themselves) for two of them is gone, and
    /// its place is freed even while its checks run.
    pub heartbeat: Duration,
    /// Connections one session may open in all (see `budget`).
    pub connections: u32,
    /// Operations one session may start in all (lookups open no
    /// connection, so the budget alone would not bound them).
    pub operations: u32,
}

impl Default for SessionLimits {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(120),
            lifetime: Duration::from_secs(15 * 60),
            heartbeat: Duration::from_secs(20),
            connections: SESSION_CONNECTIONS,
            operations: 300,
        }
    }
}

/// What every session shares: made once per relay, so that an idle session
/// holds a pointer to it rather than a copy (an executor alone is 120 B,
/// and each copy also took a reference on every one of its parts).
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) executor: Executor,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) stopping: watch::Receiver<bool>,
    pub(crate) limits: SessionLimits,
    pub(crate) logins: Arc<LoginLimits>,
    pub(crate) destinations: Arc<Limiter<std::net::IpAddr>>,
    /// New sessions per network: the next check on an open socket counts
    /// as one.
    pub(crate) new_sessions: Arc<Limiter<ClientKey>>,
    /// Where the checks run from, said in the hello.
    pub(crate) vantage: Vantage,
    /// The ports this relay cannot reach now, for the hello.
    pub(crate) egress: crate::egress::Egress,
}

/// What a session needs from the relay.
#[derive(Debug, Clone)]
pub(crate) struct SessionContext {
    pub(crate) relay: Arc<Shared>,
    pub(crate) client: ClientKey,
    /// Nobody between the page and the relay can read the socket.
    pub(crate) encrypted: bool,
}

/// An operation's message on its way to the page, with the run it is of.
type Tagged = Box<(Generation, ServerMessage)>;

/// The operations' messages on their way to the page. The channel is made
/// at the session's first operation: tokio allocates a channel's first
/// block of 32 slots when it is made, which an idle session would hold for
/// nothing (0.8 KiB). Its messages are boxed: 32 slots of unboxed ones
/// (184 B each) cost every session 4.9 KiB more (12.7 KiB a session
/// against 7.8, 15,000 held).
#[derive(Default)]
struct Outbox {
    channel: Option<(mpsc::Sender<Tagged>, mpsc::Receiver<Tagged>)>,
}

impl Outbox {
    fn sender(&mut self) -> &mpsc::Sender<Tagged> {
        &self.channel.get_or_insert_with(|| mpsc::channel(64)).0
    }

    /// The next message; never, before the first operation (the outbox
    /// holds a sender itself, so the channel never closes).
    async fn recv(&mut self) -> Option<Tagged> {
        match &mut self.channel {
            Some((_, receiver)) => receiver.recv().await,
            None => std::future::pending().await,
        }
    }

    fn try_recv(&mut self) -> Option<Tagged> {
        self.channel.as_mut()?.1.try_recv().ok()
    }
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// The page closed, went silent on writes, or broke the protocol.
    ClientLeft,
    Draining,
    Idle,
    TooOld,
    /// No frame, not even a pong, for two heartbeats: the peer is gone.
    Unresponsive,
}

impl Ending {
    fn close_frame(self) -> Option<CloseFrame> {
        let (code, reason) = match self {
            Self::ClientLeft | Self::Unresponsive => return None,
            Self::Draining => (close_code::AWAY, "the relay is restarting; connect again"),
            Self::Idle => (close_code::NORMAL, "closed after a while without use; connect again to check"),
            Self::TooOld => (close_code::POLICY, "a session lasts at most a few minutes; connect again"),
        };
        Some(CloseFrame { code, reason: reason.into() })
    }
}

/// Resolves once `stopping` turns true; never, if the relay is dropped
/// without a drain (as in tests that only want the routes).
async fn stop_requested(stopping: &mut watch::Receiver<bool>) {
    if stopping.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Runs one session over a socket's two halves; `places` (the relay's and
/// the client's session slots) are given back when it ends. Any sink and
/// stream of frames will do, so tests drive it in memory, without sockets
/// (`session/tests.rs`); a read error (a frame over `MAX_FRAME`, a broken
/// connection) ends it as the client's leaving.
pub(crate) async fn session<ToClient, FromClient, ReadError, P: Send>(
    mut to_client: ToClient,
    mut from_client: FromClient,
    state: SessionContext,
    places: P,
) where
    ToClient: Sink<Message> + Unpin,
    FromClient: Stream<Item = Result<Message, ReadError>> + Unpin,
{
    state.relay.metrics.sessions.inc();
    state.relay.metrics.sessions_active.inc();
    let opened_at = Instant::now();
    let mut outbox = Outbox::default();
    // Dropping the set aborts every probe still running: nothing keeps
    // probing after the page has gone.
    let mut tasks = JoinSet::new();
    let mut running = OperationTable::new(MAX_OPS_PER_SESSION);
    let mut budget = Budget::new(state.relay.limits.connections);
    let mut started: u32 = 0;
    // The session's own, made at its first operation: each check asks the
    // addresses of a host once. An idle session holds none.
    let mut executor: Option<Executor> = None;
    let mut greeted = false;
    let mut stopping = state.relay.stopping.clone();
    let mut drain_until: Option<Instant> = None;
    let mut too_old_at = Instant::now() + state.relay.limits.lifetime;
    let mut used_at = Instant::now();
    let heartbeat = state.relay.limits.heartbeat.max(Duration::from_millis(10));
    let mut heard_at = Instant::now();
    let mut ping_at = Instant::now() + heartbeat;

    let ending = loop {
        let now = Instant::now();
        let idle_at = used_at + state.relay.limits.idle;
        if let Some(ending) = ending_now(now, drain_until, too_old_at, idle_at, running.is_empty()) {
            break ending;
        }
        if now >= heard_at + 2 * heartbeat {
            break Ending::Unresponsive;
        }
        if now >= ping_at {
            ping_at = now + heartbeat;
            let ping = tokio::time::timeout(SEND_TIMEOUT, to_client.send(Message::Ping(Vec::new().into()))).await;
            if !matches!(ping, Ok(Ok(()))) {
                break Ending::ClientLeft;
            }
        }
        let mut wake = too_old_at.min(ping_at).min(heard_at + 2 * heartbeat);
        for deadline in [drain_until, running.is_empty().then_some(idle_at)].into_iter().flatten() {
            wake = wake.min(deadline);
        }
        let reply = tokio::select! {
            frame = from_client.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    used_at = Instant::now();
                    heard_at = used_at;
                    match parse_client_frame(&text) {
                        Ok(message) => {
                            let mut session = Running {
                                greeted: &mut greeted,
                                table: &mut running,
                                tasks: &mut tasks,
                                budget: &mut budget,
                                started: &mut started,
                                too_old_at: &mut too_old_at,
                                executor: &mut executor,
                            };
                            handle(message, &state, &mut session, &mut outbox)
                        }
                        Err(why) => {
                            state.relay.metrics.bad_messages.inc();
                            Some(error(ErrorCode::BadMessage, &why))
                        }
                    }
                }
                Some(Ok(Message::Binary(_))) => {
                    heard_at = Instant::now();
                    state.relay.metrics.bad_messages.inc();
                    Some(error(ErrorCode::BadMessage, "binary frames are not accepted; send JSON text"))
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {
                    heard_at = Instant::now();
                    None
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break Ending::ClientLeft,
            },
            Some(tagged) = outbox.recv() => {
                let (generation, message) = *tagged;
                let Some(message) = outgoing(generation, message, &mut running, &mut budget, &state) else { continue };
                // The page waited for this; idleness counts from here.
                used_at = Instant::now();
                Some(message)
            }
            Some(joined) = tasks.join_next_with_id(), if !tasks.is_empty() => match joined {
                Ok((task, (ended, kind, took))) => {
                    let outcome = match ended {
                        Ended::Normally => Outcome::Done,
                        Ended::Refused => Outcome::Refused,
                        Ended::Panicked => Outcome::Failed,
                    };
                    state.relay.metrics.operation_ended(kind, outcome, Some(took));
                    running.ended(task);
                    None
                }
                Err(err) => running.ended_abruptly(err.id()).map(|id| {
                    budget.end(id);
                    // A bug, not a verdict on the server: the page gets its
                    // `done` and the session, like every other, goes on.
                    tracing::error!(id, "an operation's task panicked");
                    state.relay.metrics.crashes.inc();
                    ServerMessage::Done { id }
                }),
            },
            () = stop_requested(&mut stopping), if drain_until.is_none() => {
                drain_until = Some(Instant::now() + DRAIN);
                None
            }
            () = tokio::time::sleep_until(wake) => None,
        };
        let Some(reply) = reply else { continue };
        let fatal = matches!(reply, ServerMessage::Error { code: ErrorCode::VersionMismatch, .. });
        // What else the operations have ready goes out in the same write:
        // one flush (one syscall) for a burst of events, not one each.
        let mut batch = vec![reply];
        while !fatal && batch.len() < MAX_BATCH {
            let Some(tagged) = outbox.try_recv() else { break };
            let (generation, message) = *tagged;
            if let Some(message) = outgoing(generation, message, &mut running, &mut budget, &state) {
                used_at = Instant::now();
                batch.push(message);
            }
        }
        let write = async {
            for message in batch {
                to_client.feed(Message::Text(message.to_json().into())).await?;
            }
            to_client.flush().await
        };
        // The whole batch within SEND_TIMEOUT: a client that does not read is gone.
        let sent = tokio::time::timeout(SEND_TIMEOUT, write).await;
        if !matches!(sent, Ok(Ok(()))) || fatal {
            break Ending::ClientLeft;
        }
    };
    tasks.abort_all();
    // A page that closed its socket (its check is done) or is gone gets its
    // place back before the relay answers the close, so the next check,
    // opened the moment the close completes, finds it free. A close the
    // relay starts keeps its place until sent: a drain waits for that.
    let mut places = Some(places);
    if matches!(ending, Ending::ClientLeft | Ending::Unresponsive) {
        places = None;
    }
    if let Some(frame) = ending.close_frame() {
        tracing::debug!(?ending, "closing a session");
        let _ = tokio::time::timeout(SEND_TIMEOUT, to_client.send(Message::Close(Some(frame)))).await;
    }
    let _ = to_client.close().await;
    drop(places);
    state.relay.metrics.sessions_active.dec();
    let why = match ending {
        Ending::ClientLeft => End::ClientLeft,
        Ending::Draining => End::Draining,
        Ending::Idle => End::Idle,
        Ending::TooOld => End::TooOld,
        Ending::Unresponsive => End::Unresponsive,
    };
    state.relay.metrics.session_ended(why, opened_at.elapsed());
}

/// An operation's message, as the page gets it, or `None` when it goes
/// nowhere: a cancelled run's last events and late word (the client was
/// told `done`, and may have reused the id). Counts it against the budget
/// and in the metrics.
fn outgoing(
    generation: Generation,
    message: ServerMessage,
    running: &mut OperationTable,
    budget: &mut Budget,
    state: &SessionContext,
) -> Option<ServerMessage> {
    let (ServerMessage::Event { id, .. } | ServerMessage::Done { id } | ServerMessage::Refused { id, .. }) = &message
    else {
        unreachable!("operations send only events, done and refused")
    };
    let current = match &message {
        ServerMessage::Event { .. } => running.is_current(*id, generation),
        _ => running.finished(*id, generation),
    };
    if !current {
        return None;
    }
    match &message {
        ServerMessage::Event { event, .. } => {
            budget.saw(*id, opened(event));
            state.relay.metrics.events.inc();
        }
        ServerMessage::Refused { id, reason } => {
            budget.end(*id);
            state.relay.metrics.refused(reason);
        }
        _ => budget.end(*id),
    }
    Some(message)
}

fn parse_client_frame(text: &str) -> Result<ClientMessage, String> {
    serde_json::from_str(text).map_err(|err| {
        // Only the error's category and position: serde's own message can
        // quote the frame, and a malformed frame may hold a password.
        let what = match err.classify() {
            serde_json::error::Category::Data => "a message of an unknown type or with a wrong field",
            _ => "not valid JSON",
        };
        format!("the frame was {what} (line {}, column {})", err.line(), err.column())
    })
}

/// What a session keeps about its operations, for `handle`.
struct Running<'a> {
    greeted: &'a mut bool,
    table: &'a mut OperationTable,
    tasks: &'a mut JoinSet<(Ended, Kind, Duration)>,
    budget: &'a mut Budget,
    /// Operations started so far.
    started: &'a mut u32,
    /// When the session is closed however busy (`SessionLimits::lifetime`).
    too_old_at: &'a mut Instant,
    /// The relay's executor, remembering this check's answers about the
    /// hosts it dials; none until the check's first operation.
    executor: &'a mut Option<Executor>,
}

fn handle(
    message: ClientMessage,
    state: &SessionContext,
    session: &mut Running<'_>,
    outbox: &mut Outbox,
) -> Option<ServerMessage> {
    match message {
        ClientMessage::Hello { version } if version == PROTOCOL_VERSION => {
            if *session.greeted {
                next_check(state, session);
            }
            *session.greeted = true;
            Some(ServerMessage::Hello {
                version: PROTOCOL_VERSION,
                relay: format!("maildoctor {}", env!("CARGO_PKG_VERSION")),
                vantage: Some(Vantage { blocked_ports: state.relay.egress.blocked(), ..state.relay.vantage.clone() }),
                time_ms: Some(crate::clock::now_ms()),
            })
        }
        ClientMessage::Hello { version } => Some(error(
            ErrorCode::VersionMismatch,
            &format!("this relay speaks protocol version {PROTOCOL_VERSION}, not {version}; reload the page"),
        )),
        ClientMessage::Run { .. } | ClientMessage::Cancel { .. } if !*session.greeted => {
            Some(error(ErrorCode::HelloFirst, "send hello before anything else"))
        }
        ClientMessage::Run { id, op } => {
            let Running { table: running, tasks, budget, started, executor, .. } = session;
            if !state.encrypted && matches!(&op, Operation::Probe(ProbeSpec { login: Some(_), .. })) {
                state.relay.metrics.refused(&Refusal::InsecureTransport);
                return Some(ServerMessage::Refused { id, reason: Refusal::InsecureTransport });
            }
            // The login and per-server limits are asked by the executor,
            // where the address is known (`admission`).
            if **started >= state.relay.limits.operations {
                state.relay.metrics.refused(&Refusal::TooManyOperations);
                return Some(ServerMessage::Refused { id, reason: Refusal::TooManyOperations });
            }
            if !budget.reserve(id, worst_case(&op)) {
                state.relay.metrics.refused(&Refusal::ConnectionBudget);
                return Some(ServerMessage::Refused { id, reason: Refusal::ConnectionBudget });
            }
            let kind = Kind::of(&op);
            let spawn = |generation: Generation| {
                let tag = move |message| Box::new((generation, message));
                let executor = executor.get_or_insert_with(|| state.relay.executor.for_session());
                let run = execute(executor.clone(), id, op, gate(state), outbox.sender().clone(), tag);
                let began = Instant::now();
                tasks.spawn(async move { (run.await, kind, began.elapsed()) })
            };
            match running.start(id, spawn) {
                Ok(_) => {
                    **started += 1;
                    state.relay.metrics.started(kind);
                    tracing::debug!(id, op = kind.name(), "operation");
                    None
                }
                Err(Busy::DuplicateId) => {
                    Some(error(ErrorCode::DuplicateId, &format!("operation {id} is already running")))
                }
                Err(Busy::Full) => {
                    budget.end(id);
                    state.relay.metrics.refused(&Refusal::TooManyOperations);
                    Some(ServerMessage::Refused { id, reason: Refusal::TooManyOperations })
                }
            }
        }
        ClientMessage::Cancel { id } => session.table.cancel(id).then(|| {
            session.budget.end(id);
            ServerMessage::Done { id }
        }),
    }
}

/// A hello on a socket that has said one begins the page's next check (a
/// tab may keep its socket for the next check instead of opening another).
/// The check gets the allowances a new session would (operations,
/// connections, lifetime), counted against the network's rate of new
/// sessions, so a reused socket buys no more than a new one. Past that rate
/// the check goes on with what is left of the last one's. The login limits
/// are the relay's, not the session's: nothing here touches them.
fn next_check(state: &SessionContext, session: &mut Running<'_>) {
    if state.relay.new_sessions.check(&state.client).is_err() {
        return;
    }
    // Operations still running from the last check stay counted.
    let still_running = session.budget.renew();
    *session.started = u32::try_from(still_running).unwrap_or(u32::MAX);
    *session.too_old_at = Instant::now() + state.relay.limits.lifetime;
    // A new check asks DNS afresh.
    *session.executor = None;
}

/// The limits an operation's connections and logins are counted against.
fn gate(state: &SessionContext) -> Arc<dyn maildoctor_probe::Gate> {
    Arc::new(crate::admission::SessionGate {
        client: state.client,
        logins: state.relay.logins.clone(),
        destinations: state.relay.destinations.clone(),
    })
}

fn error(code: ErrorCode, message: &str) -> ServerMessage {
    ServerMessage::Error { code, message: message.to_owned() }
}

/// Which limit, if any, ends the session at `now`. A drain waits for the
/// running operations; idleness only counts while none run.
fn ending_now(
    now: Instant,
    drain_until: Option<Instant>,
    too_old_at: Instant,
    idle_at: Instant,
    nothing_running: bool,
) -> Option<Ending> {
    if drain_until.is_some_and(|until| now >= until || nothing_running) {
        Some(Ending::Draining)
    } else if now >= too_old_at {
        Some(Ending::TooOld)
    } else if nothing_running && now >= idle_at {
        Some(Ending::Idle)
    } else {
        None
    }
}

#[cfg(test)]
mod tests;
