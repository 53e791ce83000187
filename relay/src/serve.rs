//! `maildoctor serve`: the static page, the WebSocket the page talks to,
//! health and metrics.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use axum::extract::ws::{close_code, CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::{SinkExt, StreamExt};
use maildoctor_probe::{Executor, Policy};
use maildoctor_wire::{ClientMessage, ErrorCode, Refusal, ServerMessage, PROTOCOL_VERSION};
use tokio::sync::{mpsc, watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tower_http::services::ServeDir;

use crate::args::ServeArgs;
use crate::metrics::Metrics;
use crate::operation::execute;
use crate::table::{Busy, Generation, OperationTable};

/// A client frame larger than this is not a message of ours.
pub const MAX_FRAME: usize = 64 * 1024;
/// Operations one page may run at once (a full diagnosis needs about a dozen).
pub const MAX_OPS_PER_SESSION: usize = 24;
/// A client that does not read for this long is gone.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);
/// After SIGTERM, how long running operations get to finish before each
/// session is closed with 1001 (going away). Under systemd's and Kubernetes'
/// default 30 s stop timeout, with room for the rest of the shutdown.
pub const DRAIN: Duration = Duration::from_secs(10);

#[derive(Debug, Clone)]
pub struct RelayConfig {
    pub allow_origins: Vec<String>,
    pub max_sessions: usize,
}

impl Default for RelayConfig {
    fn default() -> Self {
        Self { allow_origins: Vec::new(), max_sessions: 256 }
    }
}

#[derive(Debug, Clone)]
struct AppState {
    executor: Executor,
    config: Arc<RelayConfig>,
    metrics: Arc<Metrics>,
    sessions: Arc<Semaphore>,
    stopping: watch::Receiver<bool>,
}

/// Tells every session to finish and close, and waits until they have.
#[derive(Debug)]
pub struct Drain {
    stop: watch::Sender<bool>,
    sessions: Arc<Semaphore>,
    max_sessions: usize,
}

impl Drain {
    /// Sessions close once their operations are done, or after [`DRAIN`].
    pub async fn run(self) -> Result<(), String> {
        let _ = self.stop.send(true);
        let all = u32::try_from(self.max_sessions).unwrap_or(u32::MAX);
        // Every session holds a permit until its socket is closed.
        match tokio::time::timeout(DRAIN + SEND_TIMEOUT, self.sessions.acquire_many(all)).await {
            Ok(_) => Ok(()),
            Err(_) => Err("sessions still open after the drain; stopping anyway".into()),
        }
    }
}

/// The relay's routes; `ui` is the built page.
pub fn router(executor: Executor, config: RelayConfig, ui: &Path) -> Router {
    relay(executor, config, ui).0
}

/// The routes, and the handle that drains their sessions at shutdown.
pub fn relay(executor: Executor, config: RelayConfig, ui: &Path) -> (Router, Drain) {
    let (stop, stopping) = watch::channel(false);
    let sessions = Arc::new(Semaphore::new(config.max_sessions));
    let drain = Drain { stop, sessions: sessions.clone(), max_sessions: config.max_sessions };
    let state =
        AppState { executor, sessions, config: Arc::new(config), metrics: Arc::new(Metrics::default()), stopping };
    let router = Router::new()
        .route("/v1/ws", get(ws_upgrade))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .fallback_service(ServeDir::new(ui).append_index_html_on_directories(true))
        .with_state(state);
    (router, drain)
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if *state.stopping.borrow() {
        (StatusCode::SERVICE_UNAVAILABLE, "draining\n")
    } else {
        (StatusCode::OK, "ready\n")
    }
}

/// Resolves once `stopping` turns true; never, if the relay is dropped
/// without a drain (as in tests that only want the routes).
async fn stop_requested(stopping: &mut watch::Receiver<bool>) {
    if stopping.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// SIGINT (a terminal's Ctrl-C) or SIGTERM (systemd, containers).
async fn shutdown_signal() {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    let sigterm = async {
        match term.as_mut() {
            Some(term) => term.recv().await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = sigterm => {}
    }
}

pub async fn serve(args: ServeArgs) -> Result<(), String> {
    let policy = Policy {
        allow_private: args.engine.allow_private,
        extra_ports: args.allow_ports.clone(),
        plaintext_logins: args.allow_plaintext_logins,
    };
    let executor = args.engine.executor(policy)?;
    if !args.ui.join("index.html").is_file() {
        tracing::warn!(ui = %args.ui.display(), "no index.html in the UI folder; only the WebSocket and health endpoints work");
    }
    let config = RelayConfig { allow_origins: args.allow_origins.clone(), ..RelayConfig::default() };
    let (app, drain) = relay(executor, config, &args.ui);
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|err| format!("cannot listen on {}: {err}", args.listen))?;
    let local = listener.local_addr().map_err(|err| err.to_string())?;
    tracing::info!("maildoctor relay listening on http://{local}");
    // Scripts wait for this line on stdout to know the relay is up.
    println!("listening on http://{local}");
    // New connections stop at the signal; open sessions drain, then close.
    let (signalled_tx, signalled_rx) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown_signal().await;
        let _ = signalled_tx.send(());
    });
    let server = tokio::spawn(async move { server.await });
    if signalled_rx.await.is_ok() {
        tracing::info!(drain_s = DRAIN.as_secs(), "stopping: draining open sessions");
        if let Err(why) = drain.run().await {
            tracing::warn!("{why}");
        }
    }
    match server.await {
        Ok(result) => result.map_err(|err| err.to_string()),
        Err(err) => Err(err.to_string()),
    }
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], state.metrics.render())
}

/// Browsers always send Origin and scripts cannot forge it, so checking it
/// stops other web pages from driving this relay from a visitor's browser
/// (CWE-1385). Clients that are not browsers send none.
///
/// The relay's own page is recognised by Origin matching Host, but only
/// where Host cannot be a rebound name: an address literal or `localhost`
/// (RFC 6761, which browsers resolve to loopback themselves). A page at
/// `http://evil.example:8080` whose name rebinds to 127.0.0.1 sends Host and
/// Origin that match each other, so a relay under a DNS name serves its own
/// page only when that origin is listed with `--allow-origin`.
fn origin_allowed(headers: &HeaderMap, config: &RelayConfig) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if config.allow_origins.iter().any(|allowed| allowed == origin) {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    !host.is_empty()
        && cannot_be_rebound(host)
        && (origin == format!("http://{host}") || origin == format!("https://{host}"))
}

/// Whether a Host header names the server without DNS: an IPv4 or IPv6
/// literal, or a `localhost` name, with or without a port.
fn cannot_be_rebound(host: &str) -> bool {
    let Ok(authority) = host.parse::<axum::http::uri::Authority>() else { return false };
    let name = authority.host();
    let name = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name);
    let name = name.to_ascii_lowercase();
    name.parse::<std::net::IpAddr>().is_ok() || name == "localhost" || name.ends_with(".localhost")
}

async fn ws_upgrade(State(state): State<AppState>, headers: HeaderMap, ws: WebSocketUpgrade) -> Response {
    if !origin_allowed(&headers, &state.config) {
        Metrics::inc(&state.metrics.sessions_rejected_total);
        return (StatusCode::FORBIDDEN, "this page's origin may not use this relay\n").into_response();
    }
    let Ok(permit) = state.sessions.clone().try_acquire_owned() else {
        Metrics::inc(&state.metrics.sessions_rejected_total);
        return (StatusCode::SERVICE_UNAVAILABLE, "the relay is busy; try again in a minute\n").into_response();
    };
    ws.max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
        .max_write_buffer_size(1024 * 1024)
        .on_upgrade(move |socket| session(socket, state, permit))
}

async fn session(socket: WebSocket, state: AppState, _permit: OwnedSemaphorePermit) {
    Metrics::inc(&state.metrics.sessions_total);
    Metrics::inc(&state.metrics.sessions_active);
    let (mut to_client, mut from_client) = socket.split();
    let (out_tx, mut out_rx) = mpsc::channel::<(Generation, ServerMessage)>(64);
    // Dropping the set aborts every probe still running: nothing keeps
    // probing after the page has gone.
    let mut tasks = JoinSet::new();
    let mut running = OperationTable::new(MAX_OPS_PER_SESSION);
    let mut greeted = false;
    let mut stopping = state.stopping.clone();
    let mut drain_until: Option<Instant> = None;

    let going_away = loop {
        if let Some(deadline) = drain_until {
            if running.is_empty() || Instant::now() >= deadline {
                break true;
            }
        }
        let reply = tokio::select! {
            frame = from_client.next() => match frame {
                Some(Ok(Message::Text(text))) => {
                    match parse_client_frame(&text) {
                        Ok(message) => handle(message, &state, &mut greeted, &mut running, &mut tasks, &out_tx),
                        Err(why) => {
                            Metrics::inc(&state.metrics.bad_messages_total);
                            Some(error(ErrorCode::BadMessage, &why))
                        }
                    }
                }
                Some(Ok(Message::Binary(_))) => {
                    Metrics::inc(&state.metrics.bad_messages_total);
                    Some(error(ErrorCode::BadMessage, "binary frames are not accepted; send JSON text"))
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => None,
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break false,
            },
            Some((generation, message)) = out_rx.recv() => {
                let (ServerMessage::Event { id, .. } | ServerMessage::Done { id } | ServerMessage::Refused { id, .. }) =
                    &message
                else {
                    unreachable!("operations send only events, done and refused")
                };
                // A cancelled run's last events and late word go nowhere:
                // the client was told `done`, and may have reused the id.
                let current = match &message {
                    ServerMessage::Event { .. } => running.is_current(*id, generation),
                    _ => running.finished(*id, generation),
                };
                if !current {
                    continue;
                }
                match &message {
                    ServerMessage::Event { .. } => Metrics::inc(&state.metrics.events_total),
                    ServerMessage::Refused { .. } => Metrics::inc(&state.metrics.operations_refused_total),
                    _ => {}
                }
                Some(message)
            }
            Some(joined) = tasks.join_next_with_id(), if !tasks.is_empty() => match joined {
                Ok((task, ())) => {
                    running.ended(task);
                    None
                }
                Err(err) => running.ended_abruptly(err.id()).map(|id| {
                    // A bug, not a verdict on the server: the page gets its
                    // `done` and the session, like every other, goes on.
                    tracing::error!(id, "an operation's task panicked");
                    Metrics::inc(&state.metrics.operations_failed_total);
                    ServerMessage::Done { id }
                }),
            },
            () = stop_requested(&mut stopping), if drain_until.is_none() => {
                drain_until = Some(Instant::now() + DRAIN);
                None
            }
            () = tokio::time::sleep_until(drain_until.unwrap_or_else(Instant::now)), if drain_until.is_some() => None,
        };
        let Some(reply) = reply else { continue };
        let fatal = matches!(reply, ServerMessage::Error { code: ErrorCode::VersionMismatch, .. });
        let sent = tokio::time::timeout(SEND_TIMEOUT, to_client.send(Message::Text(reply.to_json().into()))).await;
        if !matches!(sent, Ok(Ok(()))) || fatal {
            break false;
        }
    };
    tasks.abort_all();
    if going_away {
        let frame = CloseFrame { code: close_code::AWAY, reason: "the relay is restarting; connect again".into() };
        let _ = tokio::time::timeout(SEND_TIMEOUT, to_client.send(Message::Close(Some(frame)))).await;
    }
    let _ = to_client.close().await;
    Metrics::dec(&state.metrics.sessions_active);
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

fn handle(
    message: ClientMessage,
    state: &AppState,
    greeted: &mut bool,
    running: &mut OperationTable,
    tasks: &mut JoinSet<()>,
    out: &mpsc::Sender<(Generation, ServerMessage)>,
) -> Option<ServerMessage> {
    match message {
        ClientMessage::Hello { version } if version == PROTOCOL_VERSION => {
            *greeted = true;
            Some(ServerMessage::Hello {
                version: PROTOCOL_VERSION,
                relay: format!("maildoctor {}", env!("CARGO_PKG_VERSION")),
            })
        }
        ClientMessage::Hello { version } => Some(error(
            ErrorCode::VersionMismatch,
            &format!("this relay speaks protocol version {PROTOCOL_VERSION}, not {version}; reload the page"),
        )),
        ClientMessage::Run { .. } | ClientMessage::Cancel { .. } if !*greeted => {
            Some(error(ErrorCode::HelloFirst, "send hello before anything else"))
        }
        ClientMessage::Run { id, op } => {
            let kind = op_kind(&op);
            let spawn = |generation: Generation| {
                let tag = move |message| (generation, message);
                tasks.spawn(execute(state.executor.clone(), id, op, out.clone(), tag))
            };
            match running.start(id, spawn) {
                Ok(_) => {
                    Metrics::inc(&state.metrics.operations_total);
                    tracing::debug!(id, op = kind, "operation");
                    None
                }
                Err(Busy::DuplicateId) => {
                    Some(error(ErrorCode::DuplicateId, &format!("operation {id} is already running")))
                }
                Err(Busy::Full) => Some(ServerMessage::Refused { id, reason: Refusal::TooManyOperations }),
            }
        }
        ClientMessage::Cancel { id } => running.cancel(id).then_some(ServerMessage::Done { id }),
    }
}

fn op_kind(op: &maildoctor_wire::Operation) -> &'static str {
    match op {
        maildoctor_wire::Operation::Resolve(_) => "resolve",
        maildoctor_wire::Operation::Probe(_) => "probe",
        maildoctor_wire::Operation::SampleLatency { .. } => "sample_latency",
        maildoctor_wire::Operation::FetchAutoconfig { .. } => "fetch_autoconfig",
        maildoctor_wire::Operation::FetchIspdb { .. } => "fetch_ispdb",
        maildoctor_wire::Operation::FetchAutodiscover { .. } => "fetch_autodiscover",
    }
}

fn error(code: ErrorCode, message: &str) -> ServerMessage {
    ServerMessage::Error { code, message: message.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(host: &str, origin: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, host.parse().expect("header"));
        headers.insert(header::ORIGIN, origin.parse().expect("header"));
        headers
    }

    #[test]
    fn the_own_origin_counts_only_where_dns_cannot_rebind_it() {
        let config = RelayConfig::default();
        for (host, origin) in [
            ("127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("[::1]:8080", "http://[::1]:8080"),
            ("localhost:8080", "http://localhost:8080"),
            ("maildoctor.localhost", "https://maildoctor.localhost"),
        ] {
            assert!(origin_allowed(&headers(host, origin), &config), "{host}");
        }
        for (host, origin) in [
            ("evil.example:8080", "http://evil.example:8080"),
            ("127.0.0.1.nip.io:8080", "http://127.0.0.1.nip.io:8080"),
            ("localhost.evil.example", "http://localhost.evil.example"),
            ("127.0.0.1:8080", "http://localhost:8080"),
            ("127.0.0.1:8080", "null"),
        ] {
            assert!(!origin_allowed(&headers(host, origin), &config), "{host} {origin}");
        }
        let listed = RelayConfig { allow_origins: vec!["https://relay.example.com".into()], ..RelayConfig::default() };
        assert!(origin_allowed(&headers("relay.example.com", "https://relay.example.com"), &listed));
    }
}
