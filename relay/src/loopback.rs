//! `serve --local`: the relay on the person's own computer. A web page on
//! any site can make the browser send requests to 127.0.0.1, and a DNS
//! name can be rebound to it, so this relay answers only when the Host
//! header is a loopback name the browser resolves itself. A rebound name
//! sends its own name as Host and is refused before any route runs.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::Request;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Where a local relay listens unless told otherwise; the page probes it.
pub const LOCAL_PORT: u16 = 4587;

/// The address `serve --local` binds: `--listen` if it is loopback.
pub fn local_listen(asked: Option<SocketAddr>) -> Result<SocketAddr, String> {
    match asked {
        None => Ok(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), LOCAL_PORT)),
        Some(addr) if addr.ip().is_loopback() => Ok(addr),
        Some(addr) => Err(format!(
            "--local listens on loopback only (127.0.0.1 or ::1), not {addr}: a relay on your own computer must not be reachable from your network"
        )),
    }
}

/// Whether a Host header is `localhost`, a `.localhost` name (RFC 6761:
/// browsers resolve these to loopback themselves), or a loopback literal.
pub(crate) fn is_loopback_host(host: &str) -> bool {
    let Ok(authority) = host.parse::<axum::http::uri::Authority>() else { return false };
    let name = authority.host();
    let name = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name).to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.to_canonical().is_loopback())
}

fn host_of(headers: &HeaderMap) -> &str {
    headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default()
}

/// Refuses every request whose Host is not a loopback name.
pub(crate) async fn loopback_host_only(request: Request, next: Next) -> Response {
    if is_loopback_host(host_of(request.headers())) {
        return next.run(request).await;
    }
    let why = "this maildoctor relay runs on your own computer and answers only to \
               http://127.0.0.1 or http://localhost, not to another name\n";
    (StatusCode::MISDIRECTED_REQUEST, why).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_the_browser_resolves_to_loopback_itself_are_loopback_hosts() {
        for host in ["127.0.0.1:4587", "127.1.2.3", "[::1]:4587", "localhost:4587", "maildoctor.localhost", "LOCALHOST"]
        {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in ["", "evil.example:4587", "10.0.0.1:4587", "[::ffff:10.0.0.1]", "localhost.evil.example", "0.0.0.0"]
        {
            assert!(!is_loopback_host(host), "{host}");
        }
        assert!(is_loopback_host("[::ffff:127.0.0.1]:4587"), "a mapped loopback address is loopback");
    }

    #[test]
    fn a_local_relay_binds_loopback_or_nothing() {
        let addr = |text: &str| text.parse::<SocketAddr>().expect("an address");
        assert_eq!(local_listen(None), Ok(addr("127.0.0.1:4587")));
        assert_eq!(local_listen(Some(addr("[::1]:9000"))), Ok(addr("[::1]:9000")));
        let refused = local_listen(Some(addr("0.0.0.0:4587"))).expect_err("not loopback");
        assert!(refused.contains("loopback only"), "{refused}");
    }
}
