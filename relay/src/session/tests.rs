//! A session driven in memory: frames in through a channel, frames out
//! through another, no socket and no dialling (the one operation that runs
//! asks a silent DNS server on loopback that the test holds, and is
//! cancelled before it could hear anything).

use std::net::{Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use axum::extract::ws::close_code;
use maildoctor_probe::{ExecutorConfig, Policy, ResolverSetting, Timeouts, Trust};
use maildoctor_wire::{
    client_json, ClientMessage, Login, MailProtocol, OpId, Operation, ProbeSpec, RecordType, Refusal, ResolveSpec,
    ResolverChoice, Secret, Security, PROTOCOL_VERSION,
};
use tokio::sync::{mpsc, oneshot};

use super::*;
use crate::egress::Egress;
use crate::logins::LoginQuotas;
use crate::rate::Rate;

/// What the page's end of the socket reads: a frame, or an error from
/// below (what axum yields when a frame is over `serve::MAX_FRAME`).
type Incoming = Result<Message, axum::Error>;

/// The page's end of an in-memory session.
struct Page {
    to_relay: mpsc::Sender<Incoming>,
    from_relay: mpsc::UnboundedReceiver<Message>,
    /// Resolves once the session has given its places back.
    places_freed: oneshot::Receiver<()>,
    metrics: Arc<Metrics>,
    stop: watch::Sender<bool>,
    /// Flushes the session asked of its socket: writes, on a real one.
    flushes: Arc<AtomicUsize>,
}

/// The relay's end of the page's socket: frames go to the page as they are
/// fed, and each flush is counted.
struct ToPage {
    frames: mpsc::UnboundedSender<Message>,
    flushes: Arc<AtomicUsize>,
}

impl Sink<Message> for ToPage {
    type Error = &'static str;
    fn poll_ready(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }
    fn start_send(self: Pin<&mut Self>, frame: Message) -> Result<(), Self::Error> {
        self.frames.send(frame).map_err(|_| "the page is gone")
    }
    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.flushes.fetch_add(1, Ordering::SeqCst);
        Poll::Ready(Ok(()))
    }
    fn poll_close(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }
}

/// An executor that dials nothing here: its DNS server is `resolver`, and
/// its policy keeps every private address and non-mail port out.
fn executor(resolver: SocketAddr) -> Executor {
    Executor::new(ExecutorConfig {
        resolver: ResolverSetting::Server(resolver),
        trust: Trust::new(None).expect("the built-in roots"),
        policy: Policy::default(),
        timeouts: Timeouts::default(),
        ispdb: None,
        autodiscover: None,
        reference: Vec::new(),
    })
    .expect("executor")
}

/// The relay's side of the sessions these tests start.
fn shared(limits: SessionLimits, resolver: SocketAddr, stopping: watch::Receiver<bool>) -> Shared {
    let every_second = Rate { burst: 30, every: Duration::from_secs(1) };
    Shared {
        executor: executor(resolver),
        metrics: Arc::default(),
        stopping,
        limits,
        logins: Arc::new(LoginLimits::new(LoginQuotas::default(), None)),
        destinations: Arc::new(Limiter::new(every_second)),
        new_sessions: Arc::new(Limiter::new(every_second)),
        vantage: Vantage { local: false, name: Some("in memory".into()), region: None, blocked_ports: Vec::new() },
        egress: Egress::default(),
    }
}

fn start_with(limits: SessionLimits, resolver: SocketAddr) -> Page {
    let (to_relay, from_page) = mpsc::channel::<Incoming>(16);
    let (to_page, from_relay) = mpsc::unbounded_channel::<Message>();
    let (stop, stopping) = watch::channel(false);
    let metrics = Arc::new(Metrics::default());
    let relay = Shared { metrics: metrics.clone(), ..shared(limits, resolver, stopping) };
    let state =
        SessionContext { relay: Arc::new(relay), client: ClientKey::of(Ipv6Addr::LOCALHOST.into()), encrypted: false };
    let from_client = futures_util::stream::unfold(from_page, |mut rx| async move { Some((rx.recv().await?, rx)) });
    let flushes = Arc::new(AtomicUsize::new(0));
    let to_client = ToPage { frames: to_page, flushes: flushes.clone() };
    let (places, places_freed) = oneshot::channel::<()>();
    tokio::spawn(session(to_client, Box::pin(from_client), state, places));
    Page { to_relay, from_relay, places_freed, metrics, stop, flushes }
}

fn start() -> Page {
    // The discard port: nothing in these tests gets as far as asking it.
    start_with(SessionLimits::default(), SocketAddr::from(([127, 0, 0, 1], 9)))
}

impl Page {
    async fn send(&self, message: &ClientMessage) {
        self.send_text(&client_json(message)).await;
    }

    async fn send_text(&self, text: &str) {
        self.send_frame(Ok(Message::Text(text.to_owned().into()))).await;
    }

    async fn send_frame(&self, frame: Incoming) {
        self.to_relay.send(frame).await.expect("the session reads");
    }

    /// The next frame that is not a ping; `None` once the session has ended.
    async fn frame(&mut self) -> Option<Message> {
        loop {
            match self.from_relay.recv().await? {
                Message::Ping(_) => continue,
                frame => return Some(frame),
            }
        }
    }

    async fn recv(&mut self) -> ServerMessage {
        match self.frame().await {
            Some(Message::Text(text)) => ServerMessage::from_json(&text).expect("a message of ours"),
            other => panic!("expected a message, got {other:?}"),
        }
    }

    async fn hello(&mut self) {
        self.send(&ClientMessage::Hello { version: PROTOCOL_VERSION }).await;
        match self.recv().await {
            ServerMessage::Hello { version, vantage, .. } => {
                assert_eq!(version, PROTOCOL_VERSION);
                assert_eq!(vantage.and_then(|v| v.name).as_deref(), Some("in memory"));
            }
            other => panic!("expected hello, got {other:?}"),
        }
    }

    /// The page's answer to a close the relay started, as a browser sends it.
    async fn answer_close(&self) {
        self.send_frame(Ok(Message::Close(None))).await;
    }

    /// Waits for the session's end: its sink dropped, its places freed.
    async fn ended(mut self) -> Arc<Metrics> {
        assert_eq!(self.frame().await, None, "nothing after the end");
        let _ = (&mut self.places_freed).await;
        assert_eq!(self.metrics.sessions_active.get(), 0);
        self.metrics
    }
}

fn probe(id: OpId, host: &str, port: u16, login: Option<Login>) -> ClientMessage {
    let spec = ProbeSpec {
        host: host.into(),
        port,
        protocol: MailProtocol::Imap,
        security: Security::Tls,
        login,
        address: None,
    };
    ClientMessage::Run { id, op: Operation::Probe(spec) }
}

#[tokio::test]
async fn hello_comes_first_and_the_policy_refuses_without_dialling() {
    let mut page = start();
    page.send(&probe(1, "mail.example.com", 993, None)).await;
    assert!(matches!(page.recv().await, ServerMessage::Error { code: ErrorCode::HelloFirst, .. }));
    page.hello().await;

    // Not a mail port; refused before any lookup.
    page.send(&probe(2, "mail.example.com", 22, None)).await;
    assert_eq!(page.recv().await, ServerMessage::Refused { id: 2, reason: Refusal::PortNotAllowed { port: 22 } });
    // A private address, under a relay that may not dial one.
    page.send(&probe(3, "192.168.1.1", 993, None)).await;
    assert!(matches!(page.recv().await, ServerMessage::Refused { id: 3, .. }), "a private address");
    // A password over a socket that anyone on the way could read.
    let login = Login { username: "a".into(), secret: Secret::new("pw"), mechanism: None, allow_plaintext: false };
    page.send(&probe(4, "mail.example.com", 993, Some(login))).await;
    assert_eq!(page.recv().await, ServerMessage::Refused { id: 4, reason: Refusal::InsecureTransport });
}

#[tokio::test]
async fn what_the_operations_have_ready_goes_out_with_one_flush() {
    let mut page = start();
    page.hello().await;
    let after_hello = page.flushes.load(Ordering::SeqCst);
    // Private addresses: each run is refused by the executor, its word
    // ready at once. The session reads every run before it writes, so
    // all the refusals wait together (the test's runtime has one thread).
    let runs: Vec<ClientMessage> = (1..=5).map(|id| probe(id, &format!("10.0.0.{id}"), 993, None)).collect();
    for run in &runs {
        page.send(run).await;
    }
    for id in 1..=5 {
        assert!(matches!(page.recv().await, ServerMessage::Refused { id: got, .. } if got == id), "in order");
    }
    assert_eq!(page.flushes.load(Ordering::SeqCst) - after_hello, 1, "five messages, one write");
}

#[tokio::test]
async fn malformed_frames_get_a_specific_error_that_never_echoes_a_secret() {
    let mut page = start();
    page.send_text("{not json").await;
    assert!(matches!(page.recv().await, ServerMessage::Error { code: ErrorCode::BadMessage, .. }));

    let canary = "canary-S3cret-Pa55";
    page.send_text(&format!(r#"{{"type":"run","id":1,"op":{{"op":"probe","secret":"{canary}","evil":1}}}}"#)).await;
    match page.recv().await {
        ServerMessage::Error { code: ErrorCode::BadMessage, message } => {
            assert!(!message.contains(canary), "{message}")
        }
        other => panic!("expected bad_message, got {other:?}"),
    }
    page.send_frame(Ok(Message::Binary(vec![1, 2, 3].into()))).await;
    assert!(matches!(page.recv().await, ServerMessage::Error { code: ErrorCode::BadMessage, .. }));
    assert_eq!(page.metrics.bad_messages.get(), 3);
    // The session goes on.
    page.hello().await;
}

#[tokio::test]
async fn a_version_mismatch_is_answered_then_the_session_ends() {
    let mut page = start();
    page.send(&ClientMessage::Hello { version: PROTOCOL_VERSION + 1 }).await;
    assert!(matches!(page.recv().await, ServerMessage::Error { code: ErrorCode::VersionMismatch, .. }));
    page.ended().await;
}

#[tokio::test]
async fn a_frame_over_the_limit_ends_the_session_without_a_word() {
    let mut page = start();
    page.hello().await;
    // What axum hands on when tungstenite refuses a frame over MAX_FRAME.
    let too_long = std::io::Error::other("Space limit exceeded: Message too long: 204800 > 65536");
    page.send_frame(Err(axum::Error::new(too_long))).await;
    page.ended().await;
}

#[tokio::test]
async fn a_page_that_closes_is_let_go_at_once_without_a_close_frame() {
    let mut page = start();
    page.hello().await;
    page.send_frame(Ok(Message::Close(None))).await;
    let metrics = page.ended().await;
    assert_eq!(metrics.sessions.get(), 1);
}

#[tokio::test]
async fn cancel_answers_done_at_once_and_the_run_says_nothing_after() {
    // A DNS server that never answers, held by the test on loopback.
    let silent = tokio::net::UdpSocket::bind("127.0.0.1:0").await.expect("bind");
    let mut page = start_with(SessionLimits::default(), silent.local_addr().expect("address"));
    page.hello().await;
    let lookup =
        ResolveSpec { name: "example.com".into(), types: vec![RecordType::Mx], resolver: ResolverChoice::System };
    page.send(&ClientMessage::Run { id: 5, op: Operation::Resolve(lookup) }).await;
    // Cancelling what does not run says nothing; the next answer is the cancel's.
    page.send(&ClientMessage::Cancel { id: 6 }).await;
    page.send(&ClientMessage::Cancel { id: 5 }).await;
    loop {
        match page.recv().await {
            ServerMessage::Event { id: 5, .. } => continue,
            done => break assert_eq!(done, ServerMessage::Done { id: 5 }),
        }
    }
    // The id is free again, and the cancelled run's late word goes nowhere:
    // the next frame is the answer to what the page asks next.
    page.send(&probe(5, "mail.example.com", 22, None)).await;
    assert_eq!(page.recv().await, ServerMessage::Refused { id: 5, reason: Refusal::PortNotAllowed { port: 22 } });
    page.send_frame(Ok(Message::Close(None))).await;
    page.ended().await;
}

#[tokio::test(start_paused = true)]
async fn a_session_left_idle_is_closed_with_a_reason() {
    let limits = SessionLimits { heartbeat: Duration::from_secs(3600), ..SessionLimits::default() };
    let mut page = start_with(limits, SocketAddr::from(([127, 0, 0, 1], 9)));
    page.hello().await;
    // Paused time: the runtime jumps to the idle deadline once all wait.
    match page.frame().await {
        Some(Message::Close(Some(frame))) => {
            assert_eq!(frame.code, close_code::NORMAL);
            assert!(frame.reason.contains("without use"), "{}", frame.reason);
        }
        other => panic!("expected a close frame, got {other:?}"),
    }
    page.answer_close().await;
    page.ended().await;
}

#[tokio::test]
async fn a_drain_closes_an_idle_session_with_going_away() {
    let mut page = start();
    page.hello().await;
    page.stop.send(true).expect("the session listens");
    match page.frame().await {
        Some(Message::Close(Some(frame))) => assert_eq!(frame.code, close_code::AWAY),
        other => panic!("expected a close frame, got {other:?}"),
    }
    page.answer_close().await;
    page.ended().await;
}

#[tokio::test(start_paused = true)]
async fn a_close_the_relay_starts_waits_for_the_pages_answer_for_a_while() {
    let mut page = start();
    page.hello().await;
    page.stop.send(true).expect("the session listens");
    assert!(matches!(page.frame().await, Some(Message::Close(Some(_)))));
    // The socket is not closed under the page before its answer.
    let early = tokio::time::timeout(Duration::from_millis(1500), page.from_relay.recv()).await;
    assert!(early.is_err(), "closed before the page answered: {early:?}");
    let answered = tokio::time::Instant::now();
    page.answer_close().await;
    page.ended().await;
    assert_eq!(answered.elapsed(), Duration::ZERO, "the answer ends the wait");

    // A page that never answers is let go after CLOSE_ANSWER.
    let mut silent = start();
    silent.hello().await;
    silent.stop.send(true).expect("the session listens");
    assert!(matches!(silent.frame().await, Some(Message::Close(Some(_)))));
    let asked = tokio::time::Instant::now();
    assert_eq!(silent.from_relay.recv().await, None);
    assert_eq!(asked.elapsed(), super::CLOSE_ANSWER);
}

#[tokio::test(start_paused = true)]
async fn a_session_is_closed_when_too_old_however_it_is_used() {
    let hour = Duration::from_secs(3600);
    let limits = SessionLimits { lifetime: Duration::from_secs(60), idle: hour, heartbeat: hour, ..Default::default() };
    let mut page = start_with(limits, SocketAddr::from(([127, 0, 0, 1], 9)));
    page.hello().await;
    match page.frame().await {
        Some(Message::Close(Some(frame))) => assert_eq!(frame.code, close_code::POLICY),
        other => panic!("expected a close frame, got {other:?}"),
    }
    page.answer_close().await;
    page.ended().await;
}

#[tokio::test(start_paused = true)]
async fn a_page_that_answers_no_ping_is_let_go_without_a_close_frame() {
    let limits = SessionLimits { heartbeat: Duration::from_secs(20), ..SessionLimits::default() };
    let mut page = start_with(limits, SocketAddr::from(([127, 0, 0, 1], 9)));
    page.hello().await;
    let mut pings = 0;
    while let Some(frame) = page.from_relay.recv().await {
        match frame {
            Message::Ping(_) => pings += 1,
            other => panic!("only pings until the end, got {other:?}"),
        }
    }
    assert!(pings >= 1, "the relay asked before giving up");
    page.ended().await;
}

/// An idle session's task is most of what it costs (tools/bench measures
/// the whole: resident memory a session, 15,000 and 100,000 held). The
/// relay's shared parts are behind one pointer, and the executor and the
/// outbox are made at the first operation; a copy of either in the session
/// (an executor was 728 B before its resolver was shared) shows here first.
#[test]
fn an_idle_sessions_future_holds_no_copy_of_the_relays_parts() {
    let (_to_relay, from_page) = mpsc::channel::<Incoming>(16);
    let from_client = futures_util::stream::unfold(from_page, |mut rx| async move { Some((rx.recv().await?, rx)) });
    let to_client = ToPage { frames: mpsc::unbounded_channel().0, flushes: Arc::default() };
    let (_stop, stopping) = watch::channel(false);
    let state = SessionContext {
        relay: Arc::new(shared(SessionLimits::default(), SocketAddr::from(([127, 0, 0, 1], 9)), stopping)),
        client: ClientKey::of(Ipv6Addr::LOCALHOST.into()),
        encrypted: false,
    };
    let future = session(to_client, Box::pin(from_client), state, ());
    // 1,408 B with rustc 1.95; 3,840 B when the context and the executor were copies.
    let size = std::mem::size_of_val(&future);
    assert!(size <= 2048, "a session's future is {size} B");
}
