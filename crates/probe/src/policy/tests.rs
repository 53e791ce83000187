//! The target policy: the registries' edges, names before DNS, ports, and
//! the SSRF suite.

use maildoctor_wire::Refusal;

use super::special::special_purpose;
use super::{Policy, Target};

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

fn net(text: &str) -> super::IpNet {
    text.parse().expect("a CIDR")
}

#[test]
fn the_operator_denies_its_own_networks_whatever_else_allows_them() {
    let own = Policy {
        allow_private: true,
        deny: vec![net("203.0.113.7/32"), net("10.0.0.0/8"), net("2001:db8:1::/48")],
        ..Policy::default()
    };
    for ip in ["203.0.113.7", "10.1.2.3", "::ffff:10.1.2.3", "2001:db8:1::25"] {
        assert_eq!(
            own.check_address(ip.parse().expect("ip")),
            Err("an address this relay's operator does not allow"),
            "{ip}"
        );
    }
    assert!(own.check_address("192.168.1.1".parse().expect("ip")).is_ok(), "the rest of allow_private stays open");
    assert!(matches!(own.check_host("10.0.0.1"), Err(Refusal::DestinationNotAllowed { .. })));
}

#[test]
fn the_operator_opens_one_private_network_and_not_the_others() {
    let inside = Policy { allow: vec![net("10.20.0.0/16"), net("fd00:1::/64")], ..Policy::default() };
    assert!(inside.check_address("10.20.5.6".parse().expect("ip")).is_ok());
    assert!(inside.check_address("fd00:1::25".parse().expect("ip")).is_ok());
    for ip in ["10.21.0.1", "127.0.0.1", "169.254.169.254", "fd00:2::1"] {
        assert!(inside.check_address(ip.parse().expect("ip")).is_err(), "{ip} stays closed");
    }
    let multicast = Policy { allow: vec![net("224.0.0.0/4")], ..Policy::default() };
    assert_eq!(multicast.check_address("224.0.0.1".parse().expect("ip")), Err("not a host address"));
}

#[test]
fn address_literals_are_accepted_only_in_their_usual_form() {
    let policy = Policy::default();
    assert_eq!(policy.check_host("2A00:1450:4001::1"), Ok(Target::Address("2a00:1450:4001::1".parse().expect("ip"))));
    assert_eq!(policy.check_host("[2a00:1450:4001::1]"), Ok(Target::Address("2a00:1450:4001::1".parse().expect("ip"))));
    for other in ["2a00:1450:4001:0::1", "2a00:1450:4001:0:0:0:0:1", "::ffff:0808:0808"] {
        match policy.check_host(other) {
            Err(Refusal::InvalidTarget { detail }) => assert!(detail.starts_with("write the address as"), "{detail}"),
            refused => assert!(refused.is_err(), "{other} must be refused: {refused:?}"),
        }
    }
    assert!(matches!(policy.check_host("2a00:1450:4001:0::1"), Err(Refusal::InvalidTarget { .. })));
}

#[test]
fn international_names_are_checked_in_their_dns_form() {
    let policy = Policy::default();
    assert_eq!(policy.check_host("mail.bücher.example"), Ok(Target::Name("mail.xn--bcher-kva.example".into())));
    assert_eq!(policy.check_host("IMAP.MÜNCHEN.DE"), Ok(Target::Name("imap.xn--mnchen-3ya.de".into())));
    for bad in ["mail.ex ample.ünicode", "mail.\u{202e}evil.example", "münchen..de", "mail.例え\u{0}.jp"] {
        assert!(matches!(policy.check_host(bad), Err(Refusal::InvalidTarget { .. })), "{bad:?}");
    }
    // A name that turns into a local one after conversion is still local.
    assert!(policy.check_host("ｌｏｃａｌｈｏｓｔ").is_err());
}

/// Why the default (internet-facing) policy refuses `target`: `None` when
/// it is allowed. Ports are checked as `port N`, hosts as typed.
fn refusal(target: &str) -> Option<String> {
    let policy = Policy::default();
    if let Some(port) = target.strip_prefix("port ") {
        return policy.check_port(port.parse().expect("a port")).err().map(|r| format!("{r:?}"));
    }
    match policy.check_host(target) {
        Err(Refusal::DestinationNotAllowed { address }) => {
            Some(policy.check_address(address).expect_err("the reason").to_owned())
        }
        Err(other) => Some(format!("{other:?}")),
        Ok(Target::Address(ip)) => policy.check_address(ip).err().map(str::to_owned),
        Ok(Target::Name(_)) => None,
    }
}

#[test]
fn the_ssrf_suite_refuses_every_forbidden_target_with_its_reason() {
    // (target, a word the reason must contain)
    let suite: &[(&str, &str)] = &[
        // Every IPv4 special-purpose range, at both edges.
        ("0.0.0.0", "this network"),
        ("0.255.255.255", "this network"),
        ("10.0.0.0", "private"),
        ("10.255.255.255", "private"),
        ("100.64.0.0", "carrier-grade"),
        ("100.127.255.255", "carrier-grade"),
        ("127.0.0.0", "loopback"),
        ("127.255.255.255", "loopback"),
        ("169.254.0.0", "link-local"),
        ("169.254.255.255", "link-local"),
        ("172.16.0.0", "private"),
        ("172.31.255.255", "private"),
        ("192.0.0.0", "IETF"),
        ("192.0.0.255", "IETF"),
        ("192.0.2.0", "documentation"),
        ("192.0.2.255", "documentation"),
        ("192.88.99.0", "6to4"),
        ("192.88.99.255", "6to4"),
        ("192.168.0.0", "private"),
        ("192.168.255.255", "private"),
        ("198.18.0.0", "benchmarking"),
        ("198.19.255.255", "benchmarking"),
        ("198.51.100.0", "documentation"),
        ("198.51.100.255", "documentation"),
        ("203.0.113.0", "documentation"),
        ("203.0.113.255", "documentation"),
        ("224.0.0.0", "multicast"),
        ("239.255.255.255", "multicast"),
        ("240.0.0.0", "reserved"),
        ("255.255.255.254", "reserved"),
        ("255.255.255.255", "reserved"),
        // Every IPv6 range, at both edges, and outside global unicast.
        ("::", "unspecified"),
        ("::1", "loopback"),
        ("::ffff:ffff", "IPv4-compatible"),
        ("::ffff:0.0.0.0", "IPv4-mapped"),
        ("::ffff:255.255.255.255", "IPv4-mapped"),
        ("::ffff:0:0:0", "IPv4-translated"),
        ("::ffff:0:ffff:ffff", "IPv4-translated"),
        ("64:ff9b::", "NAT64"),
        ("64:ff9b::ffff:ffff", "NAT64"),
        ("64:ff9b:1::", "NAT64"),
        ("64:ff9b:1:ffff:ffff:ffff:ffff:ffff", "NAT64"),
        ("100::", "discard"),
        ("100::ffff:ffff:ffff:ffff", "discard"),
        ("100:0:0:1::", "dummy"),
        ("100::1:ffff:ffff:ffff:ffff", "dummy"),
        ("2001::", "IETF"),
        ("2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", "IETF"),
        ("2001:db8::", "documentation"),
        ("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "documentation"),
        ("2002::", "6to4"),
        ("2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "6to4"),
        ("3fff::", "documentation"),
        ("3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", "documentation"),
        ("5f00::", "segment-routing"),
        ("5f00:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "segment-routing"),
        ("fc00::", "unique-local"),
        ("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "unique-local"),
        ("fe80::", "link-local"),
        ("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "link-local"),
        ("fec0::", "site-local"),
        ("feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "site-local"),
        ("ff00::", "multicast"),
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "multicast"),
        ("1::", "2000::/3"),
        ("1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "2000::/3"),
        ("4000::", "2000::/3"),
        ("8000::", "2000::/3"),
        ("c000::1", "2000::/3"),
        ("e000::1", "2000::/3"),
        ("f000::1", "2000::/3"),
        ("fe00::1", "2000::/3"),
        // IPv4 inside IPv6, whatever it embeds.
        ("::ffff:127.0.0.1", "IPv4-mapped"),
        ("::ffff:169.254.169.254", "IPv4-mapped"),
        ("::ffff:8.8.8.8", "IPv4-mapped"),
        ("::7f00:1", "IPv4-compatible"),
        ("::127.0.0.1", "write the address as ::7f00:1"),
        ("::a9fe:a9fe", "IPv4-compatible"),
        ("64:ff9b::7f00:1", "NAT64"),
        ("64:ff9b::a9fe:a9fe", "NAT64"),
        ("2002:7f00:1::", "6to4"),
        ("2002:a9fe:a9fe::1", "6to4"),
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", "IETF"),
        ("[::ffff:127.0.0.1]", "IPv4-mapped"),
        ("[::1]", "loopback"),
        // Cloud metadata services.
        ("169.254.169.254", "link-local"),
        ("169.254.170.2", "link-local"),
        ("169.254.169.123", "link-local"),
        ("fd00:ec2::254", "unique-local"),
        ("fd00:ec2::23", "unique-local"),
        ("100.100.100.200", "carrier-grade"),
        ("192.0.0.192", "IETF"),
        ("172.17.0.1", "private"),
        ("10.96.0.1", "private"),
        ("10.0.2.2", "private"),
        ("fd00::1", "unique-local"),
        ("fe80::a9fe:a9fe", "link-local"),
        ("100.64.0.1", "carrier-grade"),
        ("metadata.google.internal", "local networks"),
        ("metadata", "InvalidTarget"),
        ("instance-data.ec2.internal", "local networks"),
        // Short, encoded and decorated IPv4 forms.
        ("127.1", "four numbers"),
        ("127.0.1", "four numbers"),
        ("2130706433", "four numbers"),
        ("0x7f000001", "four numbers"),
        ("0x7f.1", "four numbers"),
        ("0x7F.0x0.0x0.0x1", "four numbers"),
        ("0177.0.0.1", "four numbers"),
        ("017700000001", "four numbers"),
        ("127.0.0.01", "four numbers"),
        ("0.0.0.0.", "four numbers"),
        ("169.254.43518", "four numbers"),
        ("0xa9fea9fe", "four numbers"),
        ("3232235521", "four numbers"),
        ("10.1", "four numbers"),
        ("192.168.1", "four numbers"),
        // Local and single-label names.
        ("localhost", "InvalidTarget"),
        ("LOCALHOST.", "InvalidTarget"),
        ("db.localhost", "local networks"),
        ("printer.local", "local networks"),
        ("nas.lan", "local networks"),
        ("router.home", "local networks"),
        ("intranet.corp", "local networks"),
        ("wiki.intranet", "local networks"),
        ("box.localdomain", "local networks"),
        ("printer.home.arpa", "local networks"),
        ("HOME.ARPA.", "local networks"),
        ("kubernetes.default.svc.internal", "local networks"),
        ("mail", "InvalidTarget"),
        ("ｌｏｃａｌｈｏｓｔ", "InvalidTarget"),
        // Syntax that smuggles something else.
        ("mx.example.com\r\nQUIT", "InvalidTarget"),
        ("mx.example.com ", "InvalidTarget"),
        ("user@mx.example.com", "InvalidTarget"),
        ("smtp://mx.example.com", "InvalidTarget"),
        ("mx.example.com/x", "InvalidTarget"),
        ("mx.example.com:25", "InvalidTarget"),
        ("[fe80::1%eth0]", "InvalidTarget"),
        ("fe80::1%25eth0", "InvalidTarget"),
        ("mx.example.com\0", "InvalidTarget"),
        ("-mx.example.com", "InvalidTarget"),
        ("mx..example.com", "InvalidTarget"),
        ("", "InvalidTarget"),
        ("mx.example.com#", "InvalidTarget"),
        ("mx.example.com?", "InvalidTarget"),
        // Services that are not mail.
        ("port 0", "PortNotAllowed"),
        ("port 22", "PortNotAllowed"),
        ("port 53", "PortNotAllowed"),
        ("port 80", "PortNotAllowed"),
        ("port 443", "PortNotAllowed"),
        ("port 2375", "PortNotAllowed"),
        ("port 3306", "PortNotAllowed"),
        ("port 5432", "PortNotAllowed"),
        ("port 6379", "PortNotAllowed"),
        ("port 8080", "PortNotAllowed"),
        ("port 9200", "PortNotAllowed"),
        ("port 11211", "PortNotAllowed"),
        ("port 27017", "PortNotAllowed"),
    ];
    let mut failures = Vec::new();
    for (target, why) in suite {
        match refusal(target) {
            Some(reason) if reason.contains(why) => {}
            other => failures.push(format!("{target:?}: expected a refusal naming {why:?}, got {other:?}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(suite.len() >= 150, "the suite has {} targets", suite.len());
    // And the suite does not refuse everything: real servers pass.
    for fine in ["8.8.8.8", "2a00:1450:4001::1", "imap.gmail.com", "mail.xn--bcher-kva.example", "port 993", "port 587"]
    {
        assert_eq!(refusal(fine), None, "{fine} is allowed");
    }
}

#[test]
fn home_arpa_names_are_refused_before_any_dns_query() {
    // RFC 8375: a home network's names; only the person's router answers them.
    for name in ["home.arpa", "nas.home.arpa", "Printer.Home.Arpa."] {
        assert!(
            matches!(Policy::default().check_host(name), Err(Refusal::InvalidTarget { .. })),
            "{name} is refused without a query"
        );
    }
    assert!(Policy::permissive().check_host("nas.home.arpa").is_ok(), "check on the person's own machine asks");
}
