//! What the page asks of its session: a hello (the first, or the next
//! check's), a run, a cancel; each answered at once or started as an
//! operation.

use std::sync::Arc;
use std::time::Duration;

use maildoctor_probe::Executor;
use maildoctor_wire::{
    ClientMessage, ErrorCode, Operation, ProbeSpec, Refusal, ServerMessage, Vantage, PROTOCOL_VERSION,
};
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::outbox::Outbox;
use super::SessionContext;
use crate::budget::{worst_case, Budget};
use crate::metrics::Kind;
use crate::operation::{execute, Ended};
use crate::table::{Busy, Generation, OperationTable};

pub(super) fn parse_client_frame(text: &str) -> Result<ClientMessage, String> {
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
pub(super) struct Running<'a> {
    pub(super) greeted: &'a mut bool,
    pub(super) table: &'a mut OperationTable,
    pub(super) tasks: &'a mut JoinSet<(Ended, Kind, Duration)>,
    pub(super) budget: &'a mut Budget,
    /// Operations started so far.
    pub(super) started: &'a mut u32,
    /// When the session is closed however busy (`SessionLimits::lifetime`).
    pub(super) too_old_at: &'a mut Instant,
    /// The relay's executor, remembering this check's answers about the
    /// hosts it dials; none until the check's first operation.
    pub(super) executor: &'a mut Option<Executor>,
}

pub(super) fn handle(
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

pub(super) fn error(code: ErrorCode, message: &str) -> ServerMessage {
    ServerMessage::Error { code, message: message.to_owned() }
}
