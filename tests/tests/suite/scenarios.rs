//! Whole diagnoses, as `maildoctor check --json` gives them, for situations
//! staged with the real fixtures. Each names the root cause it must report
//! first. (The per-setting cases are in `cli.rs`.)

use maildoctor_tests::{check, resolver};

fn codes(report: &serde_json::Value) -> Vec<&str> {
    report["findings"].as_array().expect("findings").iter().filter_map(|f| f["code"].as_str()).collect()
}

fn explanation_of<'a>(report: &'a serde_json::Value, code: &str) -> &'a str {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == code)
        .and_then(|f| f["explanation"].as_str())
        .unwrap_or_default()
}

#[test]
fn discovery_uses_the_most_authoritative_source() {
    for (address, source, server) in [
        ("alice@example.test", "SRV records", "mail.example.test"),
        ("bob@auto.example.test", "autoconfig document", "mail.example.test"),
        ("carol@mx.example.test", "MX records", "mail.example.test"),
        ("dave@guess.example.test", "usual server names", "imap.guess.example.test"),
        // The provider table, by the address's domain and by a custom domain's MX
        // (gmail.com is a stand-in zone on the test resolver, served by the local servers).
        ("erin@gmail.com", "provider's published settings", "imap.gmail.com"),
        ("fred@workspace.example.test", "provider's published settings", "imap.gmail.com"),
    ] {
        let (status, report) = check(&[address]);
        // Found and reached; without a password the login is not proven.
        assert_eq!(status, 3, "{address}: {report:#}");
        // Below Autodiscover (MX, a provider known by the MX, guesses), the
        // report also says what each of the domain's Autodiscover candidates did.
        let mut expected = vec!["discovery.found", "discovery.found"];
        if matches!(address, "carol@mx.example.test" | "dave@guess.example.test" | "fred@workspace.example.test") {
            expected.push("discovery.autodiscover_none");
        }
        assert_eq!(codes(&report), expected, "{address}: {report:#}");
        let incoming = explanation_of(&report, "discovery.found");
        assert!(incoming.contains(source) && incoming.contains(server), "{address}: {incoming}");
        if server.ends_with("gmail.com") {
            let fix = report["findings"][0]["fix"].to_string();
            assert!(fix.contains("Gmail") && fix.contains("app password"), "what Google needs: {fix}");
        }
    }
}

/// Connects to fw.example.test:2525, where every third SYN is dropped
/// (`tests/fixtures/netns.sh`), until the dropped one's place in the count
/// is known; leaves the next SYN to 2525 to be the dropped one.
fn next_syn_to_2525_is_lost() {
    let address: std::net::SocketAddr = "198.18.1.2:2525".parse().expect("an address");
    let connect = || {
        let started = std::time::Instant::now();
        let _ = std::net::TcpStream::connect_timeout(&address, std::time::Duration::from_secs(5));
        started.elapsed().as_millis()
    };
    // A connect that waited for the retransmission: its first SYN was count
    // 0 (mod 3), the second 1; the next is 2 and passes, the one after is 0.
    assert!((0..4).any(|_| connect() >= 900), "one of four connects lost its SYN");
    assert!(connect() < 900, "the SYN after a lost one passes");
}

#[test]
fn a_lost_syn_of_the_checks_own_connect_is_intermittent() {
    // Every third SYN on the path is lost, and the check's one connect to
    // 2525 is such a third: its SMTP dialog's quick replies show the path
    // is quick, so the second it took is the kernel's retransmission, and
    // no extra connect is needed to say so.
    next_syn_to_2525_is_lost();
    let (status, report) = check(&[
        "alice@fw.example.test",
        "--incoming-host",
        "mail.example.test",
        "--outgoing-host",
        "fw.example.test",
        "--outgoing-port",
        "2525",
        "--outgoing-security",
        "none",
    ]);
    assert_eq!(codes(&report).first().copied(), Some("network.intermittent"), "{status}: {report:#}");
    let why = explanation_of(&report, "network.intermittent");
    assert!(why.contains("Of the one connection this check opened to it, 0 failed or stalled and 1 waited"), "{why}");
}

#[test]
fn situations_and_their_root_causes() {
    let cases: &[(&[&str], &str)] = &[
        // A misspelt server name, next to the one that works.
        (&["alice@example.test", "--incoming-host", "mial.example.test"], "settings.host_typo"),
        // Works over IPv4; the published IPv6 address does not answer.
        (
            &["alice@example.test", "--incoming-host", "mail6.example.test", "--outgoing-host", "mail.example.test"],
            "dns.ipv6_broken",
        ),
        // Every round trip takes 400 ms (a user-space slow link): mail works, slowly.
        (
            &[
                "alice@example.test",
                "--incoming-host",
                "mail.example.test",
                "--outgoing-host",
                "slow.example.test",
                "--outgoing-port",
                "2525",
                "--outgoing-security",
                "none",
            ],
            "network.high_latency",
        ),
        // The domain of the address does not exist.
        (&["frank@nosuch.example.test"], "dns.nxdomain"),
        // A captive portal catches every mail port and answers in HTTP.
        (
            &[
                "alice@guess.example.test",
                "--incoming-host",
                "portal.example.test",
                "--outgoing-host",
                "mail.example.test",
            ],
            "network.intercepted",
        ),
        // Every mail port dropped while 443 answers: a firewall on the path.
        (&["erin@blocked.example.test"], "firewall.mail_ports_blocked"),
        // Port 25 dropped while 587 answers.
        (
            &[
                "alice@fw.example.test",
                "--outgoing-host",
                "fw.example.test",
                "--outgoing-port",
                "25",
                "--outgoing-security",
                "starttls",
            ],
            "tcp.port25_blocked",
        ),
        // SRV says "no IMAP here" (target "."), and the submission SRV names a host that does not exist.
        (&["gina@broken.test"], "discovery.none"),
        // The person's incoming server is fine; outgoing is found.
        (&["alice@example.test", "--incoming-host", "mail.example.test"], "discovery.found"),
        // The person's server has an expired certificate and is not the one the domain publishes.
        (&["alice@example.test", "--incoming-host", "expired.example.test"], "settings.host_mismatch"),
        // The same server, for a domain that publishes nothing: the certificate is the fault.
        (&["alice@guess.example.test", "--incoming-host", "expired.example.test"], "tls.cert_expired"),
        // Outgoing set to SSL/TLS on the STARTTLS port.
        (
            &[
                "alice@example.test",
                "--incoming-host",
                "mail.example.test",
                "--outgoing-host",
                "mail.example.test",
                "--outgoing-port",
                "587",
                "--outgoing-security",
                "tls",
            ],
            "settings.tls_on_plain_port",
        ),
        // Outgoing pointed at the IMAP port.
        (
            &[
                "alice@example.test",
                "--incoming-host",
                "mail.example.test",
                "--outgoing-host",
                "mail.example.test",
                "--outgoing-port",
                "993",
                "--outgoing-security",
                "tls",
            ],
            "settings.protocol_mismatch",
        ),
        // Outgoing with no encryption on 465, where the server waits for a TLS hello.
        (
            &[
                "alice@example.test",
                "--incoming-host",
                "mail.example.test",
                "--outgoing-host",
                "mail.example.test",
                "--outgoing-port",
                "465",
                "--outgoing-security",
                "none",
            ],
            "settings.plain_on_tls_port",
        ),
        // Outgoing set to no encryption on submission, which offers login only after STARTTLS.
        (
            &[
                "alice@example.test",
                "--incoming-host",
                "mail.example.test",
                "--outgoing-host",
                "mail.example.test",
                "--outgoing-port",
                "587",
                "--outgoing-security",
                "none",
            ],
            "starttls.required",
        ),
        // A name with no address at all.
        (&["alice@guess.example.test", "--incoming-host", "noaddress.broken.test"], "dns.no_address"),
    ];
    // Independent situations run side by side: several wait out a silent drop.
    std::thread::scope(|scope| {
        let runs: Vec<_> = cases.iter().map(|(args, root)| (args, root, scope.spawn(move || check(args)))).collect();
        for (args, root, run) in runs {
            let (_, report) = run.join().expect("no panic");
            assert_eq!(codes(&report).first().copied(), Some(*root), "{args:?}: {report:#}");
        }
    });
}

#[test]
fn when_given_settings_fail_the_report_names_what_works() {
    let (status, report) = check(&["alice@example.test", "--incoming-host", "closed.example.test"]);
    assert_eq!(status, 1);
    assert_eq!(codes(&report), vec!["settings.host_mismatch", "discovery.found", "discovery.found"], "{report:#}");
    let root = &report["findings"][0];
    assert_eq!(root["endpoint"]["host"], "closed.example.test");
    assert_eq!(root["follows"][0]["code"], "tcp.refused", "the failure at the old name, folded: {root:#}");
    assert!(root["fix"][0].as_str().unwrap_or_default().contains("to mail.example.test"), "{root:#}");
    let working: Vec<&str> =
        report["working"].as_array().expect("working").iter().filter_map(|e| e["host"].as_str()).collect();
    assert!(working.contains(&"mail.example.test"), "{working:?}");
}

#[test]
fn the_fix_comes_with_each_mail_apps_menus() {
    let (_, report) = check(&[
        "alice@example.test",
        "--incoming-host",
        "mail.example.test",
        "--incoming-port",
        "143",
        "--incoming-security",
        "tls",
        "--outgoing-host",
        "mail.example.test",
    ]);
    let root = &report["findings"][0];
    assert_eq!(root["code"], "settings.tls_on_plain_port", "{report:#}");
    let clients: Vec<&str> =
        root["clients"].as_array().expect("client steps").iter().filter_map(|c| c["client"].as_str()).collect();
    assert_eq!(
        clients,
        ["Outlook (Windows)", "Apple Mail (Mac)", "Thunderbird", "iPhone and iPad Mail", "Gmail app (Android)"]
    );
    let thunderbird = root["clients"][2]["steps"].to_string();
    assert!(thunderbird.contains("Port 993") && thunderbird.contains("SSL/TLS"), "{thunderbird}");
}

fn stale_resolver() -> String {
    std::env::var("MAILDOCTOR_STALE_RESOLVER").expect("set by tools/test (fixtures.sh env)")
}

#[test]
fn a_stale_resolver_and_a_dead_one() {
    let settings = ["--incoming-host", "mail.example.test", "--outgoing-host", "mail.example.test"];
    let (status, report) =
        check(&[&["alice@example.test", "--compare-resolver", &stale_resolver()][..], &settings[..]].concat());
    assert_eq!(status, 3, "a disagreement is a warning (and no password was given): {report:#}");
    assert_eq!(codes(&report).first().copied(), Some("dns.answers_differ"), "{report:#}");

    // The person's resolver does not answer at all; the reference does.
    let reference = resolver().to_string();
    let args = ["alice@example.test", "--compare-resolver", &reference, "--timeout", "8"];
    let (_, report) = maildoctor_tests::check_using("127.0.0.1:10059", &[&args[..], &settings[..]].concat());
    let root = &report["findings"][0];
    assert_eq!(root["code"], "dns.system_resolver_failed", "{report:#}");
    let folded: Vec<&str> =
        root["follows"].as_array().expect("folded").iter().filter_map(|f| f["code"].as_str()).collect();
    assert!(!folded.is_empty() && folded.iter().all(|c| *c == "dns.timeout"), "{folded:?}");
}

/// A resolver that answers every query with SERVFAIL, as one does when the
/// domain's name servers are broken (NSD never says it for its own zones).
fn servfail_resolver() -> std::net::SocketAddr {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    let address = socket.local_addr().expect("address");
    std::thread::spawn(move || {
        let mut query = [0u8; 512];
        while let Ok((n, from)) = socket.recv_from(&mut query) {
            if n < 12 {
                continue;
            }
            let mut answer = query[..n].to_vec();
            answer[2] = 0x80 | (query[2] & 0x01); // a response; recursion desired echoed
            answer[3] = 0x80 | 2; // recursion available; rcode 2, SERVFAIL
            answer[6..12].fill(0); // no answer, authority or additional records
            let _ = socket.send_to(&answer, from);
        }
    });
    address
}

#[test]
fn a_resolver_that_fails_every_query() {
    let args = ["alice@example.test", "--incoming-host", "mail.example.test", "--outgoing-host", "mail.example.test"];
    // The reference (the test zone's server) answers: the resolver is at fault.
    let (status, report) = maildoctor_tests::check_using(&servfail_resolver().to_string(), &args);
    assert_eq!(status, 1, "{report:#}");
    assert_eq!(codes(&report).first().copied(), Some("dns.system_resolver_failed"), "{report:#}");
    // With no second opinion, the SERVFAIL is all there is to say.
    let alone = [&args[..], &["--reference-resolver", "off"]].concat();
    let (status, report) = maildoctor_tests::check_using(&servfail_resolver().to_string(), &alone);
    assert_eq!(status, 1, "{report:#}");
    assert_eq!(codes(&report).first().copied(), Some("dns.servfail"), "{report:#}");
}

#[test]
fn a_submission_server_wants_a_sign_in_unless_it_was_tested() {
    let settings = [
        "alice@example.test",
        "--incoming-host",
        "mail.example.test",
        "--outgoing-host",
        "mail.example.test",
        "--outgoing-port",
        "587",
        "--outgoing-security",
        "starttls",
    ];
    let (status, report) = check(&settings);
    assert_eq!(status, 3, "not signed in: not verified: {report:#}");
    let sign_in = report["findings"].as_array().expect("findings").iter().find(|f| f["code"] == "auth.required");
    let sign_in = sign_in.unwrap_or_else(|| panic!("no auth.required: {report:#}"));
    assert_eq!(sign_in["severity"], "info");
    assert_eq!(sign_in["endpoint"]["port"], 587);
    // With the password, the login itself is tested (and works): a healthy
    // account, and after it only notes: the app is the suspect, what no
    // check sees, and the TLS versions the server needs (issue 22).
    let (status, report) = maildoctor_tests::check_with_password(&settings, Some("correct-horse"));
    assert_eq!(status, 0, "{report:#}");
    let codes = codes(&report);
    assert_eq!(codes[..2], ["ok.incoming", "ok.outgoing"], "{report:#}");
    let notes = ["app.suspect", "unseen.causes", "tls.needs_tls12"];
    assert!(codes[2..].iter().all(|code| notes.contains(code)), "{codes:?}");
    assert!(codes.contains(&"app.suspect"), "{codes:?}");
}

#[test]
fn a_username_without_the_domain_is_refused_and_the_full_address_works() {
    let (status, report) = maildoctor_tests::check_with_password(
        &["alice@example.test", "--username", "alice", "--incoming-host", "mail.example.test"],
        Some("correct-horse"),
    );
    assert_eq!(status, 1, "{report:#}");
    let root = &report["findings"][0];
    assert_eq!(root["code"], "auth.username_format", "{report:#}");
    assert_eq!(root["endpoint"]["host"], "mail.example.test");
}
