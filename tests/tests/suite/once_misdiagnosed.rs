//! The cases the first rules got wrong, each class staged at least twice
//! (differently) against the real fixtures or fake servers, through
//! `maildoctor check --json`: the root cause, and no error where all is well.

use maildoctor_tests::{ca_file, check, check_trusting, check_with_password, tls_line_server};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

fn findings(report: &serde_json::Value) -> Vec<&serde_json::Value> {
    fn all<'a>(list: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>) {
        for finding in list.as_array().into_iter().flatten() {
            out.push(finding);
            all(&finding["follows"], out);
        }
    }
    let mut out = Vec::new();
    all(&report["findings"], &mut out);
    out
}

fn codes(report: &serde_json::Value) -> Vec<&str> {
    report["findings"].as_array().expect("findings").iter().filter_map(|f| f["code"].as_str()).collect()
}

fn finding<'a>(report: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    findings(report).into_iter().find(|f| f["code"] == code).unwrap_or_else(|| panic!("no {code} in {report:#}"))
}

fn errors(report: &serde_json::Value) -> Vec<&str> {
    let list = report["findings"].as_array().expect("findings");
    list.iter().filter(|f| f["severity"] == "error").filter_map(|f| f["code"].as_str()).collect()
}

/// A TLS server on 127.0.0.10 with the fixture certificate `cert`: it greets
/// and answers each command by the first reply whose prefix it starts with.
async fn tls_fake(cert: &str, greeting: &'static str, replies: &'static [(&'static str, &'static str)]) -> u16 {
    tls_line_server(cert, greeting.as_bytes(), move |line, tag| {
        let upper = line.to_ascii_uppercase();
        let words: Vec<&str> = upper.split(' ').collect();
        replies
            .iter()
            .find(|(prefix, _)| upper.starts_with(prefix) || words.get(1) == Some(prefix))
            .map(|(_, reply)| reply.replace("{tag}", tag))
            .unwrap_or_else(|| format!("{tag} BAD unknown\r\n"))
    })
    .await
}

const SMTP_GSSAPI_ONLY: &[(&str, &str)] =
    &[("EHLO", "250-mail.example.test\r\n250-AUTH GSSAPI NTLM\r\n250 8BITMIME\r\n"), ("QUIT", "221 bye\r\n")];
const IMAP_GSSAPI_ONLY: &[(&str, &str)] = &[
    ("CAPABILITY", "* CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=GSSAPI\r\n{tag} OK done\r\n"),
    ("LOGOUT", "* BYE\r\n{tag} OK bye\r\n"),
];
const IMAP_HEALTHY: &[(&str, &str)] = &[
    ("CAPABILITY", "* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK done\r\n"),
    ("LOGOUT", "* BYE\r\n{tag} OK bye\r\n"),
];
const SMTP_HEALTHY: &[(&str, &str)] =
    &[("EHLO", "250-mail.example.test\r\n250 AUTH PLAIN LOGIN\r\n"), ("QUIT", "221 bye\r\n")];

fn given(direction: &str, port: u16, security: &str) -> Vec<String> {
    let port = port.to_string();
    let host = format!("--{direction}-host");
    let port_flag = format!("--{direction}-port");
    let security_flag = format!("--{direction}-security");
    [&host, "mail.example.test", &port_flag, &port, &security_flag, security].map(str::to_owned).to_vec()
}

fn run(args: &[String], password: Option<&str>) -> (i32, serde_json::Value) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    check_with_password(&args, password)
}

// 1. Discovered settings get their login tested, when the domain publishes them.

#[test]
fn an_address_and_a_password_alone_test_the_login_on_published_settings() {
    // SRV records of example.test name mail.example.test (real Dovecot and Postfix).
    let (status, report) = check_with_password(&["alice@example.test"], Some("correct-horse"));
    assert_eq!(status, 0, "{report:#}");
    let got = codes(&report);
    assert!(got.contains(&"ok.incoming") && got.contains(&"ok.outgoing"), "{got:?}");
    let (status, report) = check_with_password(&["alice@example.test"], Some("wrong"));
    assert_eq!(status, 1);
    assert_eq!(errors(&report).first(), Some(&"auth.invalid_credentials"), "{report:#}");
    // The provider table (a stand-in gmail.com zone): its servers are the domain's own.
    let (_, report) = check_with_password(&["erin@gmail.com"], Some("not-erins-password"));
    let refused = finding(&report, "auth.invalid_credentials");
    assert_eq!(refused["endpoint"]["host"], "imap.gmail.com", "{report:#}");
}

#[test]
fn guessed_servers_get_the_password_only_with_consent() {
    // guess.example.test publishes nothing; its servers are found by guessing.
    let args = ["alice@guess.example.test", "--username", "alice@example.test"];
    let (status, report) = check_with_password(&args, Some("correct-horse"));
    // Found, but the login waits for a yes: not verified, never "no problems".
    assert_eq!(status, 3, "{report:#}");
    assert_eq!(report["verdict"], "not_verified");
    assert!(!codes(&report).iter().any(|c| c.starts_with("ok.")), "no login, no ok: {report:#}");
    let mut consenting = args.to_vec();
    consenting.push("--login-discovered");
    let (status, report) = check_with_password(&consenting, Some("correct-horse"));
    assert_eq!(status, 0, "{report:#}");
    let got = codes(&report);
    assert!(got.contains(&"ok.incoming") && got.contains(&"ok.outgoing"), "{got:?}");
}

// 2. A failing port is followed up on the same host first.

#[test]
fn a_failing_port_is_followed_up_on_the_same_host() {
    // Port 25 dropped by the firewall while 587 of the same host answers
    // (a bare banner there, so nothing works): the same host's ports were
    // tried, and the block is named.
    let (_, report) = check(&[
        "alice@fw.example.test",
        "--outgoing-host",
        "fw.example.test",
        "--outgoing-port",
        "25",
        "--outgoing-security",
        "starttls",
    ]);
    assert_eq!(errors(&report).first(), Some(&"tcp.port25_blocked"), "{report:#}");
    for port in [465, 587] {
        let tried = findings(&report)
            .into_iter()
            .any(|f| f["endpoint"]["host"] == "fw.example.test" && f["endpoint"]["port"] == port);
        assert!(tried, "port {port} of the same host was not tried: {report:#}");
    }
    let cases: [(&[&str], &str, &str); 2] = [
        // SSL/TLS chosen on the STARTTLS port.
        (
            &[
                "alice@guess.example.test",
                "--incoming-host",
                "mail.example.test",
                "--incoming-port",
                "143",
                "--incoming-security",
                "tls",
            ],
            "settings.tls_on_plain_port",
            "mail.example.test:993",
        ),
        // STARTTLS chosen on the SSL/TLS submission port.
        (
            &[
                "alice@guess.example.test",
                "--outgoing-host",
                "mail.example.test",
                "--outgoing-port",
                "465",
                "--outgoing-security",
                "starttls",
            ],
            "settings.plain_on_tls_port",
            "mail.example.test:465 (SSL/TLS)",
        ),
    ];
    for (args, root, named) in cases {
        let (_, report) = check(args);
        assert_eq!(errors(&report).first(), Some(&root), "{args:?}: {report:#}");
        let found = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["code"] == "discovery.found" && f["explanation"].as_str().unwrap_or_default().contains(named))
            .unwrap_or_else(|| panic!("{named} not named: {report:#}"));
        assert!(found["explanation"].as_str().unwrap_or_default().contains("other usual ports"), "{found:#}");
    }
}

// 4. A complete chain ending in a root nobody here trusts is untrusted, not incomplete.

#[tokio::test(flavor = "multi_thread")]
async fn a_complete_chain_under_an_unknown_root_is_untrusted_not_incomplete() {
    // Dovecot sends the leaf and its intermediate; a fake sends two intermediates.
    let deep = tls_fake("deepchain", "* OK ready\r\n", IMAP_HEALTHY).await;
    let deep = deep.to_string();
    let runs = tokio::task::spawn_blocking(move || {
        let one = check(&["alice@guess.example.test", "--incoming-host", "untrustedchain.example.test"]);
        let two = check(&[
            "alice@guess.example.test",
            "--incoming-host",
            "mail.example.test",
            "--incoming-port",
            &deep,
            "--incoming-security",
            "tls",
        ]);
        let incomplete = check(&["alice@guess.example.test", "--incoming-host", "incomplete.example.test"]);
        (one, two, incomplete)
    })
    .await
    .expect("no panic");
    let ((_, one), (_, two), (_, incomplete)) = runs;
    assert_eq!(errors(&one).first(), Some(&"tls.cert_untrusted"), "{one:#}");
    assert_eq!(errors(&two).first(), Some(&"tls.cert_untrusted"), "{two:#}");
    // The leaf sent alone, naming its issuer: still an incomplete chain.
    assert_eq!(errors(&incomplete).first(), Some(&"tls.chain_incomplete"), "{incomplete:#}");
}

// 5. A scanner whose root the device trusts is still named, with its own setting.

#[tokio::test(flavor = "multi_thread")]
async fn an_antivirus_with_a_trusted_root_is_named_with_its_mail_shield_setting() {
    let avast = tls_fake("avast", "* OK ready\r\n", IMAP_HEALTHY).await;
    let eset = tls_fake("eset", "220 mail.example.test ESMTP\r\n", SMTP_HEALTHY).await;
    let trusted = ca_file().with_file_name("ca-with-scanners.crt");
    let reports = tokio::task::spawn_blocking(move || {
        let avast = given("incoming", avast, "tls");
        let eset = given("outgoing", eset, "tls");
        [(avast, "Avast"), (eset, "ESET")].map(|(args, product)| {
            let mut all = vec!["alice@guess.example.test".to_owned()];
            all.extend(args);
            let args: Vec<&str> = all.iter().map(String::as_str).collect();
            (check_trusting(&trusted, &args, None), product)
        })
    })
    .await
    .expect("no panic");
    for ((status, report), product) in reports {
        // The mail gets through (no password was given: not verified to the end).
        assert_eq!(status, 3, "the mail works: {report:#}");
        let warning = finding(&report, "tls.intercepted");
        assert_eq!(warning["severity"], "warning");
        assert!(warning["title"].as_str().unwrap_or_default().contains(product), "{warning:#}");
        assert!(warning["fix"][0].as_str().unwrap_or_default().contains(product), "{warning:#}");
    }
}

// 6. Only mechanisms maildoctor cannot use: never "ok".

#[tokio::test(flavor = "multi_thread")]
async fn only_gssapi_or_ntlm_is_mechanism_unsupported_never_ok() {
    let smtp = tls_fake("good", "220 mail.example.test ESMTP\r\n", SMTP_GSSAPI_ONLY).await;
    let imap = tls_fake("good", "* OK ready\r\n", IMAP_GSSAPI_ONLY).await;
    let reports = tokio::task::spawn_blocking(move || {
        [given("outgoing", smtp, "tls"), given("incoming", imap, "tls")].map(|args| {
            let mut all = vec!["alice@guess.example.test".to_owned()];
            all.extend(args);
            run(&all, Some("a-password"))
        })
    })
    .await
    .expect("no panic");
    for (status, report) in reports {
        assert_eq!(status, 1, "{report:#}");
        let root = finding(&report, "auth.mechanism_unsupported");
        assert!(root["explanation"].as_str().unwrap_or_default().contains("GSSAPI"), "{root:#}");
        assert!(root["fix"][0].as_str().unwrap_or_default().contains("Kerberos"), "{root:#}");
        let about_fake = |f: &&&serde_json::Value| f["endpoint"] == root["endpoint"];
        assert!(!findings(&report)
            .iter()
            .filter(about_fake)
            .any(|f| f["code"].as_str().unwrap_or_default().starts_with("ok.")));
    }
}

// 7. A broken alias is the domain's fault, not a typo.

#[test]
fn a_broken_alias_is_nxdomain_with_its_chain() {
    for (flag, alias, target) in [
        ("--incoming-host", "retired.guess.example.test", "retired-box.example.test"),
        ("--outgoing-host", "smtp-old.guess.example.test", "gone.example.test"),
    ] {
        let (status, report) = check(&["alice@guess.example.test", flag, alias]);
        assert_eq!(status, 1);
        let root = &report["findings"][0];
        assert_eq!(root["code"], "dns.nxdomain", "{report:#}");
        let why = root["explanation"].as_str().unwrap_or_default();
        assert!(why.contains(&format!("{alias} → {target}")), "{why}");
        assert!(!codes(&report).contains(&"settings.host_typo"));
    }
}

// 8. No noise after the root cause.

#[test]
fn a_fruitless_search_is_information_and_a_missing_domain_gets_no_guesses() {
    let (status, report) = check(&[
        "gina@broken.test",
        "--incoming-host",
        "closed.example.test",
        "--outgoing-host",
        "closed.example.test",
    ]);
    assert_eq!(status, 1);
    assert_eq!(errors(&report), vec!["tcp.refused", "tcp.refused"], "each direction's root cause alone: {report:#}");
    assert_eq!(finding(&report, "discovery.none")["severity"], "info");
    let (_, report) = check(&["bob@nosuch-domain.example.test", "--incoming-host", "closed.example.test"]);
    assert!(codes(&report).contains(&"dns.nxdomain"), "{report:#}");
    let guessed = findings(&report)
        .into_iter()
        .any(|f| f["endpoint"]["host"].as_str().is_some_and(|h| h.ends_with("nosuch-domain.example.test")));
    assert!(!guessed, "no guesses under a domain that does not exist: {report:#}");
}

// 9. IPv4 broken while IPv6 works is said, like the reverse case.

#[test]
fn ipv4_broken_while_ipv6_works_is_a_warning() {
    for args in [
        ["alice@example.test", "--incoming-host", "v4broken.example.test", "--outgoing-host", "mail.example.test"],
        ["alice@example.test", "--incoming-host", "mail.example.test", "--outgoing-host", "v4dropped.example.test"],
    ] {
        let (status, report) = check(&args);
        assert_eq!(status, 3, "a warning, and no login: {report:#}");
        let warning = finding(&report, "dns.ipv4_broken");
        assert_eq!(warning["severity"], "warning");
    }
}

// 10. Slow calls where the network is fast: the answer comes as soon as it is known.

/// A plaintext server on `address` that greets after `delay`, then answers
/// like a submission server without TLS.
async fn slow_greeter(address: &str, delay: std::time::Duration) -> u16 {
    let listener = TcpListener::bind(address).await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (reader, mut writer) = socket.into_split();
                // A TLS hello sent meanwhile is read and never answered.
                tokio::time::sleep(delay).await;
                let _ = writer.write_all(b"220 slow.example ESMTP\r\n").await;
                let mut lines = BufReader::new(reader).lines();
                while let Ok(Some(line)) = lines.next_line().await {
                    let reply: &[u8] = if line.to_ascii_uppercase().starts_with("EHLO") {
                        b"250-slow.example\r\n250 8BITMIME\r\n"
                    } else {
                        b"221 bye\r\n"
                    };
                    if writer.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

#[tokio::test(flavor = "multi_thread")]
async fn starttls_on_an_implicit_tls_port_is_called_without_waiting_out_the_greeting() {
    // Dovecot on 993 and 995 answers only TLS.
    for (protocol, port) in [("imap", "993"), ("pop3", "995")] {
        let args = [
            "alice@guess.example.test",
            "--incoming",
            protocol,
            "--incoming-host",
            "mail.example.test",
            "--incoming-port",
            port,
            "--incoming-security",
            "starttls",
        ];
        let (_, report) = tokio::task::spawn_blocking(move || check(&args)).await.expect("no panic");
        let root = finding(&report, "settings.plain_on_tls_port");
        let evidence = root["evidence"].to_string();
        assert!(
            evidence.contains("second connection") && evidence.contains("TLS 1.3"),
            "the TLS hello on the side is the proof: {root:#}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_healthy_server_on_an_implicit_tls_port_is_not_called_broken() {
    // Greets in plaintext after 8 s on 465: the TLS hello on the side gets no
    // TLS answer, so the wait goes on and the server is judged as it is.
    slow_greeter("127.0.0.23:465", std::time::Duration::from_secs(8)).await;
    let args = [
        "alice@guess.example.test",
        "--outgoing-host",
        "127.0.0.23",
        "--outgoing-port",
        "465",
        "--outgoing-security",
        "none",
        "--incoming-host",
        "mail.example.test",
    ];
    let (_, report) = tokio::task::spawn_blocking(move || check(&args)).await.expect("no panic");
    let got = codes(&report);
    assert!(got.contains(&"ok.outgoing"), "{report:#}");
    assert!(!got.contains(&"settings.plain_on_tls_port") && !got.contains(&"server.no_greeting"), "{got:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_silent_resolver_is_named_and_not_waited_for_again() {
    // A resolver that reads every question and never answers.
    let silent = tokio::net::UdpSocket::bind("127.0.0.1:0").await.expect("bind");
    let resolver = silent.local_addr().expect("addr").to_string();
    tokio::spawn(async move {
        let mut buf = [0u8; 1500];
        while silent.recv_from(&mut buf).await.is_ok() {}
    });
    let runs = tokio::task::spawn_blocking(move || {
        // No second opinion: with one, the resolver is named as failing
        // (resolvers::a_resolver_that_drops_udp_*).
        let off = ["--reference-resolver", "off"];
        let given = maildoctor_tests::check_using(
            &resolver,
            &[&["alice@example.test", "--incoming-host", "mail.example.test"][..], &off[..]].concat(),
        );
        let alone = maildoctor_tests::check_using(&resolver, &[&["alice@example.test"][..], &off[..]].concat());
        (given, alone)
    })
    .await
    .expect("no panic");
    for (status, report) in [runs.0, runs.1] {
        assert_eq!(status, 1);
        assert_eq!(
            errors(&report),
            vec!["dns.timeout"],
            "the resolver, once, and nothing tried through it: {report:#}"
        );
    }
}

// 3. Stale DNS is found without a second resolver: the zone's own name server is asked.

#[test]
fn a_stale_resolver_is_found_by_asking_the_zones_own_name_server() {
    // The stale resolver sends smtp.example.test to a silent address and
    // pop.example.test to one that refuses; ns1.example.test knows better.
    let stale = std::env::var("MAILDOCTOR_STALE_RESOLVER").expect("the fixtures' stale resolver");
    for args in [
        ["alice@guess.example.test", "--outgoing-host", "smtp.example.test", "--incoming-host", "mail.example.test"],
        ["alice@guess.example.test", "--incoming-host", "pop.example.test", "--incoming", "pop3"],
    ] {
        let (status, report) = maildoctor_tests::check_using(&stale, &args);
        assert_eq!(status, 1);
        let root = &report["findings"][0];
        assert_eq!(root["code"], "dns.answers_differ", "{report:#}");
        let why = root["explanation"].as_str().unwrap_or_default();
        assert!(why.contains("127.0.0.10") && why.contains("ns1.example.test"), "{why}");
        assert!(root["clients"].as_array().is_none_or(|c| c.is_empty()), "the fix is the resolver, not the server");
        let folded: Vec<&str> =
            root["follows"].as_array().expect("folded").iter().filter_map(|f| f["code"].as_str()).collect();
        assert!(folded.iter().all(|c| c.starts_with("tcp.")), "the connection failure follows from it: {folded:?}");
    }
}

// 11. OAuth: a token from standard input reaches XOAUTH2 and OAUTHBEARER.

/// `check ARGS --oauth-token-stdin --json` with `token` on standard input.
fn check_with_token(args: &[&str], token: &str) -> (i32, serde_json::Value) {
    use std::io::Write as _;
    let mut child = std::process::Command::new(maildoctor_tests::maildoctor_bin())
        .arg("check")
        .args(args)
        .args(["--oauth-token-stdin", "--json"])
        .args(maildoctor_tests::fixture_flags(maildoctor_tests::Services::Fixtures))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("maildoctor check runs");
    child.stdin.take().expect("stdin").write_all(format!("{token}\n").as_bytes()).expect("token");
    let output = child.wait_with_output().expect("finishes");
    let report = serde_json::from_slice(&output.stdout).expect("JSON");
    (output.status.code().expect("exit code"), report)
}

#[test]
fn an_oauth_token_signs_in_to_a_dovecot_that_introspects_it() {
    // oauth.example.test: Dovecot with an OAuth2 passdb that asks a token
    // introspection endpoint (RFC 7662) about every token.
    for (protocol, port) in [("imap", "993"), ("pop3", "995")] {
        let args = [
            "alice@example.test",
            "--incoming",
            protocol,
            "--incoming-host",
            "oauth.example.test",
            "--incoming-port",
            port,
        ];
        let (_, report) = check_with_token(&args, "token-for-alice");
        let ok = finding(&report, "ok.incoming");
        assert_eq!(ok["endpoint"]["host"], "oauth.example.test", "{report:#}");
        let about_it =
            |f: &&serde_json::Value| f["endpoint"]["host"] == "oauth.example.test" && f["severity"] == "error";
        assert!(!findings(&report).iter().any(about_it), "{report:#}");
    }
    let args = ["alice@example.test", "--incoming-host", "oauth.example.test"];
    let (status, report) = check_with_token(&args, "expired-token-for-alice");
    assert_eq!(status, 1);
    let refused = &report["findings"][0];
    assert_eq!(refused["code"], "auth.invalid_credentials", "{report:#}");
    assert!(refused["title"].as_str().unwrap_or_default().contains("token"), "the token's own words: {refused:#}");
}

// 12. Discovery as wide as Thunderbird's: its ISP database is a source of its own.

#[test]
fn the_isp_database_is_asked_and_named_as_the_source() {
    for (address, server) in
        [("bob@isp.example.test", "imap.guess.example.test:993"), ("carl@isp2.example.test", "mail.example.test:995")]
    {
        let (status, report) = check(&[address]);
        assert_eq!(status, 3, "found, and not logged in to: {report:#}");
        let found = finding(&report, "discovery.found");
        let why = found["explanation"].as_str().unwrap_or_default();
        assert!(why.contains(server) && why.contains("ISPDB"), "{address}: {why}");
    }
}

#[test]
fn microsofts_autodiscover_is_asked_and_named_as_the_source() {
    for (address, server) in [
        // Autodiscover points at Microsoft 365: its published servers (a stand-in zone).
        ("dora@m365.example.test", "outlook.office365.com:993"),
        // Autodiscover points at the domain's own Exchange server.
        ("eve@contoso.example.test", "mail-exch.example.test:993"),
    ] {
        let (status, report) = check(&[address]);
        assert_eq!(status, 3, "found, and not logged in to: {report:#}");
        let found = finding(&report, "discovery.found");
        let why = found["explanation"].as_str().unwrap_or_default();
        assert!(why.contains(server) && why.contains("Autodiscover"), "{address}: {why}");
    }
}
