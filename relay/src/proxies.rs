//! Who the client is when the relay sits behind load balancers: the
//! socket's peer, unless that peer is a proxy the operator trusts, in which
//! case the rightmost `X-Forwarded-For` entry that is not itself a trusted
//! proxy. Anything left of it was written by the client and proves nothing.

use std::net::IpAddr;

use axum::http::HeaderMap;
use maildoctor_probe::IpNet;

/// The client's address as the relay should count it.
/// Whether `ip` (or the IPv4 address it maps) is one of the trusted proxies.
pub(crate) fn is_trusted(ip: &IpAddr, trusted: &[IpNet]) -> bool {
    trusted.iter().any(|net| net.contains(ip) || net.contains(&ip.to_canonical()))
}

pub(crate) fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| is_trusted(ip, trusted);
    if !is_trusted(&peer) {
        return peer;
    }
    // Several headers count as one list, in order (RFC 7230 §3.2.2).
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Some(ip) = parse_hop(hop) else {
            // A garbled entry: what lies left of it cannot be trusted, and
            // the last trusted hop is who handed it over.
            return client;
        };
        client = ip;
        if !is_trusted(&ip) {
            return ip;
        }
    }
    client
}

/// One `X-Forwarded-For` entry: an address, an IPv6 one maybe bracketed,
/// either maybe with a port.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(ip) = hop.parse() {
        return Some(ip);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    let (ip, port) = hop.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    ip.parse().ok()
}

/// Whether nobody between the browser and the relay can read the socket
/// (the relay's own TLS aside): the peer is this machine, or a trusted
/// proxy says the browser reached it over TLS. A trusted proxy on this
/// machine is believed for its clients, not counted as the client.
pub(crate) fn reached_unread(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> bool {
    if is_trusted(&peer, trusted) {
        headers.get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|v| v.trim() == "https")
    } else {
        peer.to_canonical().is_loopback()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", value.parse().expect("header"));
        }
        headers
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn only_a_trusted_peer_is_believed_and_the_rightmost_untrusted_hop_wins() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().expect("cidr"), "2001:db8:1b::/48".parse().expect("cidr")];
        let forged = headers(&["203.0.113.9"]);
        assert_eq!(client_address(ip("198.51.100.7"), &forged, &trusted), ip("198.51.100.7"), "an untrusted peer");
        assert_eq!(client_address(ip("10.1.1.1"), &forged, &trusted), ip("203.0.113.9"));
        // The client prepends whatever it likes; the proxies append the truth.
        let chain = headers(&["1.1.1.1, 203.0.113.9, 10.2.2.2"]);
        assert_eq!(client_address(ip("10.1.1.1"), &chain, &trusted), ip("203.0.113.9"));
        let split = headers(&["1.1.1.1", "203.0.113.9:51234, [2001:db8:1b::2]:443"]);
        assert_eq!(client_address(ip("::ffff:10.1.1.1"), &split, &trusted), ip("203.0.113.9"));
        assert_eq!(client_address(ip("10.1.1.1"), &HeaderMap::new(), &trusted), ip("10.1.1.1"), "no header");
        let garbled = headers(&["203.0.113.9, not-an-address, 10.2.2.2"]);
        assert_eq!(client_address(ip("10.1.1.1"), &garbled, &trusted), ip("10.2.2.2"), "stops at garbage");
        assert_eq!(client_address(ip("10.1.1.1"), &chain, &[]), ip("10.1.1.1"), "no proxies configured");
    }

    #[test]
    fn only_a_trusted_proxy_can_say_the_browser_used_tls() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().expect("cidr")];
        let mut said = HeaderMap::new();
        said.insert("x-forwarded-proto", "https".parse().expect("header"));
        assert!(reached_unread(ip("10.0.0.5"), &said, &trusted));
        assert!(!reached_unread(ip("198.51.100.7"), &said, &trusted));
        assert!(!reached_unread(ip("10.0.0.5"), &HeaderMap::new(), &trusted));
        assert!(reached_unread(ip("127.0.0.1"), &HeaderMap::new(), &trusted), "this machine needs no proxy's word");
    }
}
