//! `maildoctor serve`: the static page, the WebSocket the page talks to and
//! health on the page's listener; metrics on their own ([`crate::metrics`]).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, Extensions, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::StreamExt;
use maildoctor_probe::{Executor, IpNet, Policy};
use maildoctor_wire::Vantage;
use tokio::sync::{watch, Semaphore};

use crate::args::ServeArgs;
pub use crate::clients::Caps;
use crate::clients::{ClientKey, Level, Places};
use crate::front::Door;
use crate::logins::LoginLimits;
pub use crate::logins::LoginQuotas;
use crate::loopback::{local_listen, loopback_host_only};
use crate::metrics::{Metrics, Rejection};
use crate::origin::Origins;
use crate::page::Page;
use crate::proxies::{client_address, reached_unread};
use crate::rate::Limiter;
pub use crate::rate::Rate;
use crate::session::{session, SessionContext, Shared, CLOSE_ANSWER, SEND_TIMEOUT};
use crate::tls::PeerAddr;

pub use crate::session::{SessionLimits, DRAIN, MAX_OPS_PER_SESSION};

/// A client frame larger than this is not a message of ours.
pub const MAX_FRAME: usize = 64 * 1024;

#[derive(Debug, Clone)]
pub struct RelayConfig {
    pub allow_origins: Vec<String>,
    pub max_sessions: usize,
    /// Sessions one network (an IPv4 address, an IPv6 /64) may hold at once:
    /// a person with a few tabs, not one host holding every place.
    pub max_sessions_per_client: usize,
    /// Sessions one IPv4 /24 or IPv6 /48 may hold at once: an eighth of the
    /// places, so it takes eight networks to fill the relay.
    pub max_sessions_per_wide_network: usize,
    /// New sessions per network: a page opens one per check.
    pub new_sessions_per_client: Rate,
    pub limits: SessionLimits,
    pub logins: LoginQuotas,
    /// `--limits-url`: the login limits in the fleet's store, not in memory.
    pub fleet: Option<Arc<crate::fleet::Fleet>>,
    /// The relay terminates TLS itself: every socket is encrypted.
    pub tls: bool,
    /// Proxies in front of the relay whose `X-Forwarded-For` and
    /// `X-Forwarded-Proto` are believed; everyone else's are ignored.
    pub trusted_proxies: Vec<IpNet>,
    /// Connections to one server name across the whole relay: enough for
    /// many people checking a big provider at once, never a flood.
    pub per_destination: Rate,
    /// `serve --local`: on the person's own computer, answering only to a
    /// loopback Host ([`crate::loopback`]).
    pub local: bool,
    /// `serve --local`: origins the person allowed at the terminal ([`crate::pairing`]).
    pub pairing: Option<Arc<crate::pairing::Pairing>>,
    /// Where this relay checks from, as its hello tells the page
    /// (`--local`, `--name`, `--region`).
    pub vantage: Vantage,
    /// The ports this relay cannot reach (`--egress-blocked`, and what
    /// the canaries find): the hello's and the status's `blocked_ports`.
    pub egress: crate::egress::Egress,
}

impl RelayConfig {
    fn origins(&self) -> Origins<'_> {
        Origins { listed: &self.allow_origins, pairing: self.pairing.as_deref() }
    }
}

impl Default for RelayConfig {
    fn default() -> Self {
        Self {
            allow_origins: Vec::new(),
            max_sessions: 256,
            max_sessions_per_client: 8,
            max_sessions_per_wide_network: 32,
            new_sessions_per_client: Rate { burst: 30, every: Duration::from_secs(4) },
            limits: SessionLimits::default(),
            logins: LoginQuotas::default(),
            fleet: None,
            per_destination: Rate { burst: 120, every: Duration::from_millis(250) },
            trusted_proxies: Vec::new(),
            tls: false,
            local: false,
            pairing: None,
            vantage: Vantage { local: false, name: None, region: None, blocked_ports: Vec::new() },
            egress: crate::egress::Egress::default(),
        }
    }
}

#[derive(Debug, Clone)]
struct AppState {
    config: Arc<RelayConfig>,
    metrics: Arc<Metrics>,
    sessions: Arc<Semaphore>,
    clients: Arc<Places>,
    /// What each session is handed (the executor, the limits shared by all).
    session: Arc<Shared>,
    page: Arc<Page>,
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
        // Every session holds a permit until its socket is closed; the last
        // close frame may wait up to SEND_TIMEOUT on a client that does not
        // read, then CLOSE_ANSWER for the page's answer.
        let closing = SEND_TIMEOUT + CLOSE_ANSWER;
        match tokio::time::timeout(DRAIN + closing, self.sessions.acquire_many(all)).await {
            Ok(_) => Ok(()),
            Err(_) => Err("sessions still open after the drain; stopping anyway".into()),
        }
    }
}

/// The relay's routes; `ui` is the built page.
pub fn router(executor: Executor, config: RelayConfig, ui: impl Into<Page>) -> Router {
    relay(executor, config, ui).0
}

/// The routes, and the handle that drains their sessions at shutdown.
pub fn relay(executor: Executor, config: RelayConfig, ui: impl Into<Page>) -> (Router, Drain) {
    relay_counted(executor, config, ui, Arc::default())
}

/// [`relay`], counting into `metrics` (which `--metrics-listen` serves).
pub fn relay_counted(
    executor: Executor,
    config: RelayConfig,
    ui: impl Into<Page>,
    metrics: Arc<Metrics>,
) -> (Router, Drain) {
    let (stop, stopping) = watch::channel(false);
    let sessions = Arc::new(Semaphore::new(config.max_sessions));
    let drain = Drain { stop, sessions: sessions.clone(), max_sessions: config.max_sessions };
    let session = Arc::new(Shared {
        executor,
        metrics: metrics.clone(),
        stopping,
        limits: config.limits,
        logins: Arc::new(LoginLimits::new(config.logins, config.fleet.clone())),
        destinations: Arc::new(Limiter::new(config.per_destination)),
        new_sessions: Arc::new(Limiter::new(config.new_sessions_per_client)),
        vantage: config.vantage.clone(),
        egress: config.egress.clone(),
    });
    let state = AppState {
        sessions,
        // The semaphore caps sessions in all; these, each network's share.
        clients: Arc::new(Places::new(Caps {
            network: config.max_sessions_per_client,
            wide: config.max_sessions_per_wide_network,
            all: usize::MAX,
        })),
        session,
        config: Arc::new(config),
        metrics,
        page: Arc::new(ui.into()),
    };
    let local = state.config.local;
    let pairing = state.config.pairing.clone();
    let router = Router::new()
        .route("/v1/ws", get(ws_upgrade))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/v1/status", get(status).options(status_preflight))
        .fallback(get(static_file))
        .with_state(state);
    let router = match pairing {
        Some(pairing) => router.merge(crate::pairing::router(pairing)),
        None => router,
    };
    let router = if local { router.layer(axum::middleware::from_fn(loopback_host_only)) } else { router };
    (router, drain)
}

/// Whether a load balancer should send this relay new pages: not while it
/// drains, and not while every session place is taken.
async fn readyz(State(state): State<AppState>) -> (StatusCode, String) {
    match admission(&state, None) {
        "ready" => (StatusCode::OK, "ready\n".into()),
        why => (StatusCode::SERVICE_UNAVAILABLE, format!("{why}\n")),
    }
}

/// Whether a new session would be taken now: `ready`, or why not
/// (`draining`, `full`, and for a given client `client_full`, whichever of
/// its networks holds its share).
fn admission(state: &AppState, client: Option<IpAddr>) -> &'static str {
    if *state.session.stopping.borrow() {
        "draining"
    } else if state.sessions.available_permits() == 0 {
        "full"
    } else if client.is_some_and(|client| state.clients.full(client).is_some()) {
        "client_full"
    } else {
        "ready"
    }
}

/// What a page needs to explain a WebSocket that would not open: browsers
/// hide the upgrade's status code from scripts (a refused origin, a busy
/// relay and a dead one all look alike there), so the page asks here. Any
/// origin may read it: it tells a page only what its own request would meet.
async fn status(State(state): State<AppState>, extensions: Extensions, headers: HeaderMap) -> Response {
    let origin = if state.config.origins().allowed(&headers) { "allowed" } else { "refused" };
    let client = client_address(peer_of(&extensions), &headers, &state.config.trusted_proxies);
    let admission = admission(&state, Some(client));
    let body = serde_json::json!({
        "version": maildoctor_wire::PROTOCOL_VERSION,
        "origin": origin,
        "admission": admission,
        "local": state.config.local,
        "blocked_ports": state.config.egress.blocked(),
    });
    (
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::CACHE_CONTROL, "no-store"),
            (header::CONTENT_TYPE, "application/json"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// The peer's address, as every listener records it ([`PeerAddr`]). A
/// router served without connect info has none: every client is then one
/// client, and limits still hold, for all.
fn peer_of(extensions: &Extensions) -> IpAddr {
    extensions
        .get::<ConnectInfo<PeerAddr>>()
        .map_or(IpAddr::V6(Ipv6Addr::UNSPECIFIED), |ConnectInfo(PeerAddr(peer))| peer.ip())
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
    let listen = match args.local {
        true => local_listen(args.listen)?,
        false => args.listen.unwrap_or(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), 8080)),
    };
    // A relay on the person's computer looks at their network as it is: it
    // may dial their private addresses, ask their own resolver, and tell
    // them what their names resolve to.
    let policy = Policy {
        allow_private: args.engine.allow_private || args.local,
        extra_ports: args.allow_ports.clone(),
        any_port: false,
        plaintext_logins: args.allow_plaintext_logins,
        deny: args.deny_networks.clone(),
        allow: args.allow_networks.clone(),
        authoritative_resolvers_only: !args.local,
        redact_refused_addresses: !args.local,
    };
    let dial_private = policy.allow_private;
    let executor = args.engine.executor(policy)?;
    let egress = crate::egress::start(&args.egress_canaries, &args.egress_blocked, dial_private)?;
    let page = Page::of(args.ui.as_deref());
    if !page.is_built() {
        tracing::warn!("{}", crate::page::NO_PAGE.trim_end());
    }
    let config = RelayConfig {
        allow_origins: args.allow_origins.clone(),
        trusted_proxies: args.trusted_proxies.clone(),
        max_sessions: args.max_sessions.max(1),
        max_sessions_per_client: args.front.sessions_per_network.max(1),
        max_sessions_per_wide_network: args.front.sessions_per_wide_network.max(1),
        per_destination: Rate {
            burst: args.destination_burst.max(1),
            every: Duration::from_millis(args.destination_every_ms.max(1)),
        },
        local: args.local,
        pairing: match args.local {
            true => {
                Some(crate::pairing::Pairing::start(args.pairing_file.clone().or_else(crate::pairing::default_file))?)
            }
            false => None,
        },
        vantage: Vantage {
            local: args.local,
            name: args.name.clone().filter(|n| !n.trim().is_empty()),
            region: args.region.clone().filter(|r| !r.trim().is_empty()),
            blocked_ports: Vec::new(),
        },
        fleet: crate::fleet::Fleet::open(&args.limits)?.map(Arc::new),
        egress,
        ..RelayConfig::default()
    };
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(crate::tls::acceptor(cert, key)?),
        (None, None) => None,
        _ => return Err("--tls-cert and --tls-key go together".into()),
    };
    let config = RelayConfig { tls: tls.is_some(), ..config };
    let metrics = Arc::new(Metrics::default());
    let (app, drain) = relay_counted(executor, config, page, metrics.clone());
    let bind = |addr: SocketAddr| async move {
        tokio::net::TcpListener::bind(addr).await.map_err(|err| format!("cannot listen on {addr}: {err}"))
    };
    let listener = bind(listen).await?;
    let local = listener.local_addr().map_err(|err| err.to_string())?;
    let head_timeout = Duration::from_secs(args.front.request_head_timeout.max(1));
    let scheme = if tls.is_some() { "https" } else { "http" };
    let door = Door {
        places: Arc::new(Places::new(args.front.connection_caps())),
        head_timeout,
        trusted_proxies: args.trusted_proxies.clone(),
        tls,
        metrics: Some(metrics.clone()),
    };
    // New connections stop at the signal; open sessions drain, then close.
    let (signalled_tx, signalled_rx) = watch::channel(false);
    let stopped = |mut signalled: watch::Receiver<bool>| async move {
        let _ = signalled.wait_for(|stop| *stop).await;
    };
    if let Some(addr) = args.front.metrics_listen(args.local)? {
        let listener = bind(addr).await?;
        let local = listener.local_addr().map_err(|err| err.to_string())?;
        // The operator's scraper: a few sockets, no network's share to keep.
        let door = Door {
            places: Arc::new(Places::new(Caps { network: 16, wide: 16, all: 16 })),
            head_timeout,
            trusted_proxies: Vec::new(),
            tls: None,
            metrics: None,
        };
        let router = crate::metrics::router(metrics.clone());
        tokio::spawn(crate::front::serve(listener, router, door, stopped(signalled_rx.clone())));
        tracing::info!("metrics on http://{local}/metrics");
        println!("metrics on http://{local}");
    }
    let server = tokio::spawn(crate::front::serve(listener, app, door, stopped(signalled_rx.clone())));
    tracing::info!("maildoctor relay listening on {scheme}://{local}");
    // Scripts wait for this line on stdout to know the relay is up.
    println!("listening on {scheme}://{local}");
    shutdown_signal().await;
    let _ = signalled_tx.send(true);
    tracing::info!(drain_s = DRAIN.as_secs(), "stopping: draining open sessions");
    if let Err(why) = drain.run().await {
        tracing::warn!("{why}");
    }
    server.await.map_err(|err| err.to_string())
}

/// A page on a public site that asks a relay on this computer is stopped
/// by Chromium's Private Network Access until the relay agrees in a
/// preflight; a local relay agrees, since it checks Host and Origin itself.
async fn status_preflight(State(state): State<AppState>) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, header::HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, header::HeaderValue::from_static("GET"));
    if state.config.local {
        headers.insert("access-control-allow-private-network", header::HeaderValue::from_static("true"));
    }
    response
}

/// The page's files, with CORS for the origins let in ([`crate::origin`]).
async fn static_file(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    let cors = state.config.origins().cors(&headers);
    state.page.respond(uri.path(), uri.query(), &headers, cors).await
}

async fn ws_upgrade(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    // The origin first, so that a refused page meets 403 whatever its
    // request lacks (and the routes' tests see it without a socket).
    if !state.config.origins().allowed(&headers) {
        state.metrics.rejected(Rejection::Origin);
        return (StatusCode::FORBIDDEN, "this page's origin may not use this relay\n").into_response();
    }
    let ws = match ws {
        Ok(ws) => ws,
        Err(rejection) => return rejection.into_response(),
    };
    let peer = peer_of(&extensions);
    let trusted = &state.config.trusted_proxies;
    let address = client_address(peer, &headers, trusted);
    let client = ClientKey::of(address);
    // A password may only come through a socket nobody on the way can read.
    let encrypted = state.config.tls || reached_unread(peer, &headers, trusted);
    if let Err(wait) = state.session.new_sessions.check(&client) {
        state.metrics.rejected(Rejection::ClientRate);
        let why = format!("too many new sessions from your network; try again in {} s\n", wait.as_secs().max(1));
        return (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, wait.as_secs().max(1).to_string())], why)
            .into_response();
    }
    let slot = match state.clients.take(address, false) {
        Ok(slot) => slot,
        Err(Level::Wide) => {
            state.metrics.rejected(Rejection::WideSessions);
            let why = "too many open sessions from your wider network; try again in a minute\n";
            return (StatusCode::TOO_MANY_REQUESTS, why).into_response();
        }
        Err(_) => {
            state.metrics.rejected(Rejection::ClientSessions);
            let why = "too many open sessions from your network; close another maildoctor tab\n";
            return (StatusCode::TOO_MANY_REQUESTS, why).into_response();
        }
    };
    let Ok(permit) = state.sessions.clone().try_acquire_owned() else {
        state.metrics.rejected(Rejection::Full);
        return (StatusCode::SERVICE_UNAVAILABLE, "the relay is busy; try again in a minute\n").into_response();
    };
    let context = SessionContext { relay: state.session.clone(), client, encrypted };
    // Pages send small frames and events are small: tungstenite's default
    // 128 KiB read buffer per socket would be most of an idle session's
    // memory (147 KiB each, measured by tools/load). tungstenite 0.29 zero-
    // fills the whole buffer before each read, so every byte of it is
    // resident: 8 KiB cost 19.9 KiB a session, 1 KiB 12.7, and 256 B saves
    // 0.7 KiB more than 1 KiB (15,000 held). A hello fits in one read; a
    // larger frame (a run, a few hundred bytes) is read 256 B at a time into
    // room reserved for the whole frame: a few reads more a check, which
    // the relay's CPU a diagnosis did not show (tools/load against the
    // stub, side by side with the relay of 1 KiB before it: 1.72 and 1.69
    // ms against 2.12 and 1.82 at one at a time). Frames wait in the write
    // buffer until the session flushes, so a burst of events goes out in
    // one write (`session`'s batches); that buffer grows only with what is
    // written.
    ws.read_buffer_size(256)
        .write_buffer_size(MAX_FRAME)
        .max_message_size(MAX_FRAME)
        .max_frame_size(MAX_FRAME)
        .max_write_buffer_size(1024 * 1024)
        .on_upgrade(move |socket| {
            let (to_client, from_client) = socket.split();
            session(to_client, from_client, context, (permit, slot))
        })
}
