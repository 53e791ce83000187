//! The IANA IPv4 and IPv6 special-purpose registries (plus multicast and
//! everything outside IPv6 global unicast), as a relay that dials where
//! strangers ask must read them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

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
