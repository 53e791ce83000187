//! The front door: how sockets become HTTP. Every TCP connection takes a
//! place where it is accepted, before a byte of HTTP is read, at each level
//! of its client's networks ([`Places`]); a network whose places are taken
//! has its new sockets closed at once. The TLS handshake and each request
//! head must arrive within one deadline (hyper's header read timeout, which
//! needs the timer `axum::serve` never installs), and a head is at most
//! [`MAX_HEAD`]. A socket that became a WebSocket keeps its place until it
//! closes: the upgraded stream owns it.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use clap::Args;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use maildoctor_probe::IpNet;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

use crate::clients::{Caps, Place, Places};
use crate::metrics::Metrics;
use crate::proxies::is_trusted;
use crate::tls::PeerAddr;

/// The largest request head read: a browser's WebSocket upgrade or page
/// request is 0.5 to 2 KiB, and this relay sets no cookies. hyper's default
/// (about 400 KiB) let 150 unfinished heads hold 59 MiB.
pub const MAX_HEAD: usize = 16 * 1024;

/// `serve`'s flags for the front door; each default and its reason is in
/// ARCHITECTURE.md ("Relay caps").
#[derive(Debug, Clone, Args)]
pub struct FrontArgs {
    /// Where /metrics is served (IP:PORT), or "off"; never on the page's
    /// listener. Default 127.0.0.1:9108, or off with --local.
    #[arg(long, value_name = "IP:PORT|off", env = "MAILDOCTOR_METRICS_LISTEN")]
    pub metrics_listen: Option<String>,
    /// Seconds from accepting a socket to its complete request head (TLS
    /// handshake included), and between requests on a kept-alive socket.
    #[arg(long, value_name = "SECS", default_value_t = 10, env = "MAILDOCTOR_REQUEST_HEAD_TIMEOUT")]
    pub request_head_timeout: u64,
    /// TCP connections held at once, all clients together.
    #[arg(long, value_name = "N", default_value_t = 1024, env = "MAILDOCTOR_MAX_CONNECTIONS")]
    pub max_connections: usize,
    /// TCP connections one IP address, or one IPv6 /64, may hold.
    #[arg(long, value_name = "N", default_value_t = 64, env = "MAILDOCTOR_CONNECTIONS_PER_NETWORK")]
    pub connections_per_network: usize,
    /// TCP connections one IPv4 /24, or one IPv6 /48, may hold.
    #[arg(long, value_name = "N", default_value_t = 128, env = "MAILDOCTOR_CONNECTIONS_PER_WIDE_NETWORK")]
    pub connections_per_wide_network: usize,
    /// WebSocket sessions one IP address, or one IPv6 /64, may hold.
    #[arg(long, value_name = "N", default_value_t = 8, env = "MAILDOCTOR_SESSIONS_PER_NETWORK")]
    pub sessions_per_network: usize,
    /// WebSocket sessions one IPv4 /24, or one IPv6 /48, may hold.
    #[arg(long, value_name = "N", default_value_t = 32, env = "MAILDOCTOR_SESSIONS_PER_WIDE_NETWORK")]
    pub sessions_per_wide_network: usize,
}

impl FrontArgs {
    /// The caps on TCP connections.
    pub fn connection_caps(&self) -> Caps {
        Caps {
            network: self.connections_per_network.max(1),
            wide: self.connections_per_wide_network.max(1),
            all: self.max_connections.max(1),
        }
    }

    /// Where metrics are served, if anywhere. A relay on a person's own
    /// computer has no operator to scrape it.
    pub fn metrics_listen(&self, local: bool) -> Result<Option<SocketAddr>, String> {
        match self.metrics_listen.as_deref().map(str::trim) {
            Some("off") => Ok(None),
            None if local => Ok(None),
            None => Ok(Some(SocketAddr::from(([127, 0, 0, 1], 9108)))),
            Some(addr) => {
                addr.parse().map(Some).map_err(|_| format!("--metrics-listen: {addr:?} is not IP:PORT or off"))
            }
        }
    }
}

/// How one listener treats its sockets.
#[derive(Clone)]
pub(crate) struct Door {
    pub places: Arc<Places>,
    /// From accept to a complete request head (TLS handshake included), and
    /// from each response to the next head on a kept-alive connection.
    pub head_timeout: Duration,
    /// Balancers carry many clients on their sockets: they are counted only
    /// in the total, never held to one network's caps.
    pub trusted_proxies: Vec<IpNet>,
    pub tls: Option<TlsAcceptor>,
    pub metrics: Option<Arc<Metrics>>,
}

impl std::fmt::Debug for Door {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Door").field("head_timeout", &self.head_timeout).finish_non_exhaustive()
    }
}

/// A socket and its place, given back when the socket is dropped.
struct Held<S> {
    io: S,
    _place: Place,
}

impl<S: AsyncRead + Unpin> AsyncRead for Held<S> {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Held<S> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
}

/// Serves `router` on `listener` until `stop` resolves; then stops
/// accepting, asks open connections to finish their request, and returns
/// once they have (upgraded WebSockets are the drain's business), or after
/// one more head timeout.
pub(crate) async fn serve(listener: TcpListener, router: Router, door: Door, stop: impl Future<Output = ()>) {
    let (stopping_tx, stopping) = watch::channel(false);
    let mut stop = pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors, say: wait rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let place = match door.places.take(peer.ip(), is_trusted(&peer.ip(), &door.trusted_proxies)) {
            Ok(place) => place,
            Err(level) => {
                if let Some(metrics) = &door.metrics {
                    metrics.connection_refused(level);
                }
                // Closed before any HTTP: a full network costs one accept.
                drop(stream);
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let held = Held { io: stream, _place: place };
        tokio::spawn(connection(held, peer, router.clone(), door.clone(), stopping.clone()));
    }
    let _ = stopping_tx.send(true);
    drop(stopping);
    let _ = tokio::time::timeout(door.head_timeout, stopping_tx.closed()).await;
}

async fn connection(
    held: Held<tokio::net::TcpStream>,
    peer: SocketAddr,
    router: Router,
    door: Door,
    stopping: watch::Receiver<bool>,
) {
    let open = door.metrics.clone().map(Open::new);
    match door.tls.clone() {
        None => http(held, peer, router, &door, stopping).await,
        Some(acceptor) => match tokio::time::timeout(door.head_timeout, acceptor.accept(held)).await {
            Ok(Ok(tls)) => http(tls, peer, router, &door, stopping).await,
            Ok(Err(_)) => {}
            Err(_) => {
                if let Some(metrics) = &door.metrics {
                    metrics.cut_at_head();
                }
            }
        },
    }
    drop(open);
}

/// The open-connections gauge, counted down however the task ends.
struct Open(Arc<Metrics>);

impl Open {
    fn new(metrics: Arc<Metrics>) -> Self {
        metrics.connections_open.inc();
        Self(metrics)
    }
}

impl Drop for Open {
    fn drop(&mut self) {
        self.0.connections_open.dec();
    }
}

async fn http<I>(io: I, peer: SocketAddr, router: Router, door: &Door, mut stopping: watch::Receiver<bool>)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(PeerAddr(peer)));
        let mut router = router.clone();
        async move { tower_service::Service::call(&mut router, request.map(Body::new)).await }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(door.head_timeout).max_buf_size(MAX_HEAD);
    let mut conn = pin!(builder.serve_connection(TokioIo::new(io), service).with_upgrades());
    let stop = async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    let result = tokio::select! {
        result = conn.as_mut() => result,
        () = stop => {
            conn.as_mut().graceful_shutdown();
            conn.await
        }
    };
    if let (Err(err), Some(metrics)) = (result, &door.metrics) {
        if err.is_timeout() {
            metrics.cut_at_head();
        }
    }
}
