//! One page's WebSocket session: hello, operations in and events out, and
//! how it ends (the page left, the relay stops, idle, or too old).

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{close_code, CloseFrame, Message};
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use maildoctor_probe::Executor;
use maildoctor_wire::{ErrorCode, ServerMessage, Vantage};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::budget::{Budget, SESSION_CONNECTIONS};
use crate::clients::ClientKey;
use crate::logins::LoginLimits;
use crate::metrics::{End, Metrics, Outcome};
use crate::operation::Ended;
use crate::rate::Limiter;
use crate::table::OperationTable;
use outbox::{outgoing, Outbox};
use requests::{error, handle, parse_client_frame, Running};

/// Operations one page may run at once (a full diagnosis needs about a dozen).
pub const MAX_OPS_PER_SESSION: usize = 24;
/// A client that does not read for this long is gone.
pub(crate) const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a close the relay starts waits for the page's answer: one
/// round trip on any link a page is used over.
pub(crate) const CLOSE_ANSWER: Duration = Duration::from_secs(2);
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
        let sent = tokio::time::timeout(SEND_TIMEOUT, to_client.send(Message::Close(Some(frame)))).await;
        if matches!(sent, Ok(Ok(()))) {
            // The page answers the close, then the socket closes (RFC 6455
            // §7.1.1). A socket closed before the answer is an abnormal
            // closure to a browser: Firefox then tells the page 1006, not
            // the code sent, and the page could not say the relay restarted.
            // The place is held until then: a drain waits for the answer.
            let answered = async {
                while let Some(Ok(frame)) = from_client.next().await {
                    if matches!(frame, Message::Close(_)) {
                        break;
                    }
                }
            };
            let _ = tokio::time::timeout(CLOSE_ANSWER, answered).await;
        }
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

mod outbox;
mod requests;
#[cfg(test)]
mod tests;
