//! What the relay may dial. The relay connects where strangers ask, so it
//! validates the name before any DNS query, and checks every resolved address
//! before dialing exactly that address (no second lookup: no DNS rebinding).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use maildoctor_wire::Refusal;

/// The ports mail clients use. Anything else is refused unless configured.
pub const MAIL_PORTS: [u16; 8] = [25, 110, 143, 465, 587, 993, 995, 2525];

#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Dial loopback, private and other special-purpose addresses. For
    /// `maildoctor check` on a person's own machine, and for tests.
    pub allow_private: bool,
    /// Ports allowed besides [`MAIL_PORTS`].
    pub extra_ports: Vec<u16>,
    /// Any port at all: for `check` and `probe` on a person's own machine,
    /// and tests with fake servers on free ports. Never from `serve`, where
    /// `--allow-private` opens private addresses, not every service on them.
    pub any_port: bool,
    /// Let a client send a password without TLS when it asks to. Off for a
    /// relay unless its operator allows it: a relay's address should not be
    /// where cleartext passwords cross the internet from.
    pub plaintext_logins: bool,
}

/// A checked target: an address literal, or a name still to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Address(IpAddr),
    Name(String),
}

impl Policy {
    pub fn permissive() -> Self {
        Self { allow_private: true, extra_ports: Vec::new(), any_port: true, plaintext_logins: true }
    }

    pub fn check_port(&self, port: u16) -> Result<(), Refusal> {
        if MAIL_PORTS.contains(&port) || self.extra_ports.contains(&port) || (self.any_port && port != 0) {
            Ok(())
        } else {
            Err(Refusal::PortNotAllowed { port })
        }
    }

    /// Validates what a person typed as a server name, without any DNS.
    pub fn check_host(&self, host: &str) -> Result<Target, Refusal> {
        let invalid = |detail: &str| Err(Refusal::InvalidTarget { detail: detail.to_owned() });
        let bare = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
        if bare.contains('%') {
            return invalid("addresses with a zone index are not accepted");
        }
        if let Ok(ip) = bare.parse::<IpAddr>() {
            self.check_address(ip).map_err(|_| Refusal::DestinationNotAllowed { address: ip })?;
            return Ok(Target::Address(ip));
        }
        let name = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
        if name.is_empty() || name.len() > 253 {
            return invalid("a server name has 1 to 253 characters");
        }
        let labels: Vec<&str> = name.split('.').collect();
        for label in &labels {
            let ok_chars = label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if label.is_empty() || label.len() > 63 || !ok_chars || label.starts_with('-') || label.ends_with('-') {
                return invalid("a server name is made of letters, digits and hyphens, separated by dots");
            }
        }
        let numeric = |label: &str| {
            let hex = label.strip_prefix("0x").is_some_and(|rest| rest.bytes().all(|b| b.is_ascii_hexdigit()));
            hex || label.bytes().all(|b| b.is_ascii_digit())
        };
        if labels.last().is_some_and(|last| numeric(last)) {
            // 127.1, 0x7f.1, 2130706433 and friends: forms some resolvers and
            // libraries turn into addresses. No top-level domain is numeric.
            return invalid("an address must be written as four numbers, like 203.0.113.7");
        }
        if !self.allow_private {
            if labels.len() < 2 {
                return invalid("a server name needs a domain, like mail.example.com");
            }
            let last = labels[labels.len() - 1];
            if matches!(last, "localhost" | "local" | "internal" | "localdomain" | "home" | "lan" | "corp" | "intranet")
                || name == "metadata.google.internal"
            {
                return invalid("names of local networks are not reachable from this relay");
            }
        }
        Ok(Target::Name(name))
    }

    /// `Err(reason)` when the relay must not dial `ip`.
    pub fn check_address(&self, ip: IpAddr) -> Result<(), &'static str> {
        if self.allow_private {
            return match ip {
                IpAddr::V4(v4) if v4.is_unspecified() || v4.is_broadcast() || v4.is_multicast() => {
                    Err("not a host address")
                }
                IpAddr::V6(v6) if v6.is_unspecified() || v6.is_multicast() => Err("not a host address"),
                _ => Ok(()),
            };
        }
        match special_purpose(ip) {
            Some(reason) => Err(reason),
            None => Ok(()),
        }
    }
}

/// Why `ip` is not a globally reachable unicast address, from the IANA IPv4 and
/// IPv6 special-purpose registries plus multicast; `None` if it is global.
/// Addresses that embed IPv4 (mapped, compatible, NAT64, 6to4, Teredo) are
/// denied whatever they embed, as smokescreen does.
pub fn special_purpose(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => special_v4(v4),
        IpAddr::V6(v6) => special_v6(v6),
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], len: u32) -> bool {
    let mask = if len == 0 { 0 } else { u32::MAX << (32 - len) };
    (u32::from(ip) & mask) == (u32::from(Ipv4Addr::from(net)) & mask)
}

fn special_v4(ip: Ipv4Addr) -> Option<&'static str> {
    const TABLE: &[([u8; 4], u32, &str)] = &[
        ([0, 0, 0, 0], 8, "\"this network\" (0.0.0.0/8)"),
        ([10, 0, 0, 0], 8, "a private address (10.0.0.0/8)"),
        ([100, 64, 0, 0], 10, "a carrier-grade NAT address (100.64.0.0/10)"),
        ([127, 0, 0, 0], 8, "a loopback address"),
        ([169, 254, 0, 0], 16, "a link-local address (169.254.0.0/16, cloud metadata)"),
        ([172, 16, 0, 0], 12, "a private address (172.16.0.0/12)"),
        ([192, 0, 0, 0], 24, "an IETF protocol assignment (192.0.0.0/24)"),
        ([192, 0, 2, 0], 24, "a documentation address"),
        ([192, 88, 99, 0], 24, "a deprecated 6to4 relay address"),
        ([192, 168, 0, 0], 16, "a private address (192.168.0.0/16)"),
        ([198, 18, 0, 0], 15, "a benchmarking address (198.18.0.0/15)"),
        ([198, 51, 100, 0], 24, "a documentation address"),
        ([203, 0, 113, 0], 24, "a documentation address"),
        ([224, 0, 0, 0], 4, "a multicast address"),
        ([240, 0, 0, 0], 4, "a reserved address (240.0.0.0/4)"),
    ];
    TABLE.iter().find(|(net, len, _)| in_v4(ip, *net, *len)).map(|(_, _, why)| *why)
}

fn in_v6(ip: Ipv6Addr, net: [u16; 8], len: u32) -> bool {
    let mask = if len == 0 { 0 } else { u128::MAX << (128 - len) };
    (u128::from(ip) & mask) == (u128::from(Ipv6Addr::from(net)) & mask)
}

fn special_v6(ip: Ipv6Addr) -> Option<&'static str> {
    const TABLE: &[([u16; 8], u32, &str)] = &[
        ([0, 0, 0, 0, 0, 0, 0, 0], 96, "an unspecified, loopback or IPv4-compatible address"),
        ([0, 0, 0, 0, 0, 0xffff, 0, 0], 96, "an IPv4-mapped address"),
        ([0, 0, 0, 0, 0xffff, 0, 0, 0], 96, "an IPv4-translated address (::ffff:0:0:0/96)"),
        ([0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96, "a NAT64 address (64:ff9b::/96)"),
        ([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, "a local NAT64 address (64:ff9b:1::/48)"),
        ([0x100, 0, 0, 0, 0, 0, 0, 0], 64, "a discard-only address (100::/64)"),
        ([0x100, 0, 0, 1, 0, 0, 0, 0], 64, "a dummy IPv6 prefix (100:0:0:1::/64)"),
        ([0x2001, 0, 0, 0, 0, 0, 0, 0], 23, "an IETF protocol assignment (2001::/23, Teredo)"),
        ([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, "a documentation address (2001:db8::/32)"),
        ([0x2002, 0, 0, 0, 0, 0, 0, 0], 16, "a 6to4 address (2002::/16)"),
        ([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, "a documentation address (3fff::/20)"),
        ([0x5f00, 0, 0, 0, 0, 0, 0, 0], 16, "a segment-routing address (5f00::/16)"),
        ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, "a unique-local (private) address (fc00::/7)"),
        ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, "a link-local address (fe80::/10)"),
        ([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, "a deprecated site-local address (fec0::/10)"),
        ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, "a multicast address"),
    ];
    let listed = TABLE.iter().find(|(net, len, _)| in_v6(ip, *net, *len)).map(|(_, _, why)| *why);
    // Global unicast is all allocated from 2000::/3; anything else is not a
    // server on the internet, whatever a future registry entry calls it.
    let global_unicast = in_v6(ip, [0x2000, 0, 0, 0, 0, 0, 0, 0], 3);
    listed.or((!global_unicast).then_some("not a global unicast address (outside 2000::/3)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn denied(text: &str) -> bool {
        special_purpose(text.parse().expect("an address")).is_some()
    }

    #[test]
    fn special_purpose_v4_edges() {
        for ip in [
            "127.0.0.1",
            "127.127.127.127",
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.254",
            "100.100.100.200",
            "169.254.169.254",
            "169.254.170.2",
            "192.0.0.254",
            "192.0.2.1",
            "198.18.0.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
        ] {
            assert!(denied(ip), "{ip} must be denied");
        }
        for ip in ["8.8.8.8", "100.63.255.254", "100.128.0.1", "172.32.0.1", "192.169.0.1", "93.184.216.34"] {
            assert!(!denied(ip), "{ip} must be allowed");
        }
    }

    #[test]
    fn special_purpose_v6_including_embedded_v4() {
        for ip in [
            "::1",
            "::",
            "::ffff:127.0.0.1",
            "::ffff:a9fe:a9fe",
            "::127.0.0.1",
            "::a9fe:a9fe",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b::808:808",
            "64:ff9b:1::7f00:1",
            "2002:a9fe:a9fe::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "2001:db8::1",
            "3fff::1",
            "5f00::1",
            "100::1",
            "fc00::1",
            "fd00:ec2::254",
            "fe80::1",
            "ff02::1",
            "ff0e::1",
        ] {
            assert!(denied(ip), "{ip} must be denied");
        }
        for ip in ["::ffff:0:7f00:1", "100:0:0:1::1", "64:ff9c::1", "1000::1", "4000::1", "e000::1", "fe00::1"] {
            assert!(denied(ip), "{ip} must be denied");
        }
        for ip in ["2001:4860:4860::8888", "2606:4700:4700::1111", "2a00:1450:4001::1", "3ffe:ffff::1"] {
            assert!(!denied(ip), "{ip} must be allowed");
        }
    }

    #[test]
    fn names_are_checked_before_any_dns() {
        let policy = Policy::default();
        assert_eq!(policy.check_host("Mail.Example.COM."), Ok(Target::Name("mail.example.com".into())));
        for fine in ["123.example.com", "0x7f.example.com", "mail.xn--p1ai", "1und1.de"] {
            assert!(policy.check_host(fine).is_ok(), "{fine} is a name");
        }
        for bad in [
            "localhost",
            "LOCALHOST.",
            "foo.localhost",
            "mail",
            "127.1",
            "2130706433",
            "0x7f000001",
            "0x7f.1",
            "0x7F.0x1",
            "mail.example.123",
            "mail.example.0x10",
            "0177.0.0.1",
            "smtp://mx.example.com",
            "user@mx.example.com",
            "mx.example.com/x",
            "mx.example.com\r\nQUIT",
            "mx.example.com ",
            "mx.example.com\0",
            "-bad.example",
            "a..b",
            "metadata.google.internal",
            "[fe80::1%eth0]",
        ] {
            assert!(
                matches!(
                    policy.check_host(bad),
                    Err(Refusal::InvalidTarget { .. }) | Err(Refusal::DestinationNotAllowed { .. })
                ),
                "{bad:?} must be refused"
            );
        }
        assert!(policy.check_host(&format!("{}.example", "a".repeat(64))).is_err());
        assert!(matches!(policy.check_host("127.0.0.1"), Err(Refusal::DestinationNotAllowed { .. })));
        assert!(matches!(policy.check_host("[::ffff:127.0.0.1]"), Err(Refusal::DestinationNotAllowed { .. })));
    }

    #[test]
    fn only_mail_ports_unless_configured() {
        let policy = Policy::default();
        assert!(policy.check_port(993).is_ok());
        for port in [0, 22, 80, 443, 6379] {
            assert_eq!(policy.check_port(port), Err(Refusal::PortNotAllowed { port }));
        }
        let policy = Policy { extra_ports: vec![10993], ..Policy::default() };
        assert!(policy.check_port(10993).is_ok());
    }

    #[test]
    fn allow_private_opens_addresses_not_ports() {
        let policy = Policy { allow_private: true, ..Policy::default() };
        assert!(policy.check_host("127.0.0.1").is_ok());
        for port in [22, 6379, 8080] {
            assert_eq!(policy.check_port(port), Err(Refusal::PortNotAllowed { port }));
        }
    }

    #[test]
    fn allow_private_opens_loopback_but_never_multicast() {
        let policy = Policy::permissive();
        assert!(policy.check_host("127.0.0.1").is_ok());
        assert!(policy.check_host("mail").is_ok());
        assert!(policy.check_address("224.0.0.1".parse().expect("ip")).is_err());
    }
}
