//! Which web pages may use this relay: the WebSocket, and CORS on the
//! page's files. Browsers always send Origin and scripts cannot forge it, so
//! checking it stops other web pages from driving this relay from a
//! visitor's browser (CWE-1385). Clients that are not browsers send none.

use axum::http::{header, HeaderMap};

use crate::page::Cors;
use crate::pairing::Pairing;

/// The origins a relay lets in besides its own page.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Origins<'a> {
    /// `--allow-origin`.
    pub(crate) listed: &'a [String],
    /// Origins a `--local` relay's terminal allowed.
    pub(crate) pairing: Option<&'a Pairing>,
}

impl Origins<'_> {
    /// Whether the request's page may use the relay.
    ///
    /// The relay's own page is recognised by Origin matching Host, but only
    /// where Host cannot be a rebound name: an address literal or
    /// `localhost` (RFC 6761, which browsers resolve to loopback
    /// themselves). A page at `http://evil.example:8080` whose name rebinds
    /// to 127.0.0.1 sends Host and Origin that match each other, so a relay
    /// under a DNS name serves its own page only when that origin is listed
    /// with `--allow-origin`.
    pub(crate) fn allowed(&self, headers: &HeaderMap) -> bool {
        let Some(origin) = headers.get(header::ORIGIN) else {
            return true;
        };
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        if self.listed(origin) {
            return true;
        }
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
        !host.is_empty()
            && cannot_be_rebound(host)
            && (origin == format!("http://{host}") || origin == format!("https://{host}"))
    }

    /// Whether `origin` is one the relay was told to let in.
    fn listed(&self, origin: &str) -> bool {
        self.listed.iter().any(|allowed| allowed == origin) || self.pairing.is_some_and(|p| p.allows(origin))
    }

    /// CORS on the page's files. The origins that may use the WebSocket may
    /// also load them from their own pages (a help centre's widget:
    /// `widget.js`, the scripts it imports, the wasm), and nobody else.
    pub(crate) fn cors(&self, headers: &HeaderMap) -> Cors {
        if self.listed.is_empty() && self.pairing.is_none() {
            return Cors::Closed;
        }
        let origin = headers.get(header::ORIGIN);
        Cors::Open(origin.filter(|origin| origin.to_str().is_ok_and(|origin| self.listed(origin))).cloned())
    }
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
        let none = Origins { listed: &[], pairing: None };
        for (host, origin) in [
            ("127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("[::1]:8080", "http://[::1]:8080"),
            ("localhost:8080", "http://localhost:8080"),
            ("maildoctor.localhost", "https://maildoctor.localhost"),
        ] {
            assert!(none.allowed(&headers(host, origin)), "{host}");
        }
        for (host, origin) in [
            ("evil.example:8080", "http://evil.example:8080"),
            ("127.0.0.1.nip.io:8080", "http://127.0.0.1.nip.io:8080"),
            ("localhost.evil.example", "http://localhost.evil.example"),
            ("127.0.0.1:8080", "http://localhost:8080"),
            ("127.0.0.1:8080", "null"),
        ] {
            assert!(!none.allowed(&headers(host, origin)), "{host} {origin}");
        }
        let listed = ["https://relay.example.com".to_owned()];
        let listed = Origins { listed: &listed, pairing: None };
        assert!(listed.allowed(&headers("relay.example.com", "https://relay.example.com")));
    }
}
