//! Issue 26's classes on the page, as `maildoctor check` stages them
//! (tests/tests/suite/{replies,resolvers,middleboxes,mechanisms}.rs): a real
//! server's words read by meaning, a resolver that lies, a path that strips
//! STARTTLS, and a mechanism a mail app can choose. Each case asserts the
//! first error and the verdict's state the page shows.

use std::net::{Ipv4Addr, SocketAddr};

use maildoctor_tests::middlebox::{middlebox, Middlebox, Verb};
use maildoctor_tests::stage::dns_at;
use tokio::net::TcpListener;

use super::{Page, Settings};

/// What a person types beyond [`Settings`]: the username, the incoming
/// protocol, and the outgoing port and security.
struct Case<'a> {
    name: &'a str,
    settings: Settings<'a>,
    username: &'a str,
    protocol: &'a str,
    out_port: &'a str,
    out_security: &'a str,
    first_error: Option<&'a str>,
    verdict: &'a str,
}

impl<'a> Case<'a> {
    fn new(name: &'a str, settings: Settings<'a>, first_error: Option<&'a str>, verdict: &'a str) -> Self {
        Case { name, settings, username: "", protocol: "imap", out_port: "", out_security: "", first_error, verdict }
    }
}

/// Runs `cases` on one page, one after the other.
async fn run(page: &Page, cases: &[Case<'_>]) {
    for case in cases {
        page.fill("username", case.username).await;
        page.select("protocol", case.protocol).await;
        page.enter(&case.settings).await;
        if !case.out_port.is_empty() {
            page.fill("out-port", case.out_port).await;
            page.select("out-security", case.out_security).await;
        }
        page.click("diagnose").await;
        let findings = page.finished(case.name).await;
        let first = findings.iter().find(|(_, error)| *error).map(|(code, _)| code.as_str());
        assert_eq!(first, case.first_error, "{}: {findings:?}", case.name);
        let verdict = page.attr("#verdict", "data-verdict").await.unwrap_or_default();
        assert_eq!(verdict, case.verdict, "{}: {}", case.name, page.text("#verdict").await);
    }
}

#[tokio::test]
async fn real_server_refusals_read_by_meaning_on_the_page() {
    // tests/fixtures/replies.sh: Dovecot on 127.0.0.26 says each of these.
    let page = Page::open("", &[]).await;
    let at = |address: &'static str| Settings {
        address,
        password: "staged-secret",
        host: "127.0.0.26",
        ..Settings::default()
    };
    let mut pop = Case::new("page-nopop", at("nopop@guess.example.test"), Some("auth.protocol_disabled"), "problems");
    pop.protocol = "pop3";
    let cases = [
        Case::new("page-suspended", at("suspended@guess.example.test"), Some("auth.account_locked"), "problems"),
        pop,
        Case::new("page-gesperrt", at("gesperrt@guess.example.test"), Some("auth.account_locked"), "problems"),
        Case::new("page-expired", at("expired@guess.example.test"), Some("auth.password_expired"), "problems"),
    ];
    run(&page, &cases).await;
    page.close().await;
}

#[tokio::test]
async fn a_resolver_that_lies_is_named_on_the_page() {
    let hostile = |offset: u16| {
        let base: SocketAddr = std::env::var("MAILDOCTOR_HOSTILE_RESOLVERS")
            .expect("set by tools/test (fixtures.sh env)")
            .parse()
            .expect("ip:port");
        SocketAddr::new(base.ip(), base.port() + offset).to_string()
    };
    let healthy = Settings {
        password: "correct-horse",
        host: "mail.example.test",
        out_host: "mail.example.test",
        ..Settings::default()
    };
    // Every name denied: not a typo, the resolver.
    let page = Page::open("", &["--resolver", &hostile(0)]).await;
    run(&page, &[Case::new("page-resolver-denies", healthy.clone(), Some("dns.system_resolver_failed"), "problems")])
        .await;
    page.close().await;
    // One name (pop.example.test) sunk to 0.0.0.0.
    let page = Page::open("", &["--resolver", &hostile(2)]).await;
    let mut sunk = Case::new(
        "page-resolver-sinkhole",
        Settings { host: "pop.example.test", port: "995", ..healthy.clone() },
        Some("dns.system_resolver_failed"),
        "problems",
    );
    sunk.protocol = "pop3";
    run(&page, &[sunk]).await;
    page.close().await;
    // Slow, but within every app's wait: a warning.
    let page = Page::open("", &["--resolver", &hostile(3)]).await;
    run(&page, &[Case::new("page-resolver-slow", healthy, None, "warnings")]).await;
    page.close().await;
}

fn drop_starttls(text: &str) -> Option<String> {
    (!text.eq_ignore_ascii_case("STARTTLS")).then(|| text.to_owned())
}

fn pass(command: &str) -> Verb {
    Verb::Pass(command.to_owned())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_path_that_strips_starttls_is_named_on_the_page() {
    // As middleboxes.rs stages it, on addresses of its own: submission
    // through the middlebox, IMAP as it is; mail.example.test is that
    // address to the relay's resolver.
    let ip = Ipv4Addr::new(127, 0, 0, 44);
    middlebox(SocketAddr::from((ip, 587)), "127.0.0.10:587", Middlebox { reply: drop_starttls, command: pass }).await;
    maildoctor_tests::sites::forward_each(
        TcpListener::bind(SocketAddr::from((ip, 993))).await.expect("bind 993"),
        "127.0.0.10:993".into(),
        maildoctor_tests::sites::Carry::AsIs,
    );
    let dns = dns_at(SocketAddr::from((ip, 53)), vec![("mail.example.test", ip)]).await.to_string();
    let page = Page::open("", &["--resolver", &dns, "--reference-resolver", "off"]).await;
    let mut stripped = Case::new(
        "page-starttls-hidden",
        Settings { host: "mail.example.test", out_host: "mail.example.test", ..Settings::default() },
        Some("network.intercepted"),
        "problems",
    );
    stripped.out_port = "587";
    stripped.out_security = "starttls";
    run(&page, &[stripped]).await;
    page.close().await;
}

#[tokio::test]
async fn a_challenge_response_server_is_tested_and_its_setting_named_on_the_page() {
    // tests/fixtures/mechanisms.sh: Dovecot on 127.0.0.27 takes CRAM-MD5 only.
    let page = Page::open("", &[]).await;
    let cram = |password: &'static str| Settings {
        address: "alice@guess.example.test",
        password,
        host: "127.0.0.27",
        out_host: "127.0.0.27",
        ..Settings::default()
    };
    run(&page, &[Case::new("page-cram-md5", cram("correct-horse"), None, "warnings")]).await;
    let warning = page.root_findings().await;
    assert!(warning.iter().any(|(code, _)| code == "auth.challenge_response_only"), "the app's setting: {warning:?}");
    let wrong = Case::new("page-cram-md5-wrong", cram("wrong-horse"), Some("auth.invalid_credentials"), "problems");
    run(&page, &[wrong]).await;
    page.close().await;
}
