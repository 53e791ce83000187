//! Issue 26, class 3: a resolver that lies, filters, dawdles or misuses its
//! transports is named as such, and the verdict follows what mail apps do.
//! The hostile resolvers (tests/fixtures/hostile_dns.py) forward to the test
//! zone's NSD, which is also the reference resolver: nothing leaves loopback.

use serde_json::Value;

/// The hostile resolver of `behaviour` (its port: the fixture's order).
fn hostile(behaviour: &str) -> String {
    let first = std::env::var("MAILDOCTOR_HOSTILE_RESOLVERS").expect("set by tools/test (fixtures.sh env)");
    let (host, port) = first.rsplit_once(':').expect("ip:port");
    let order = ["nxall", "nxone", "sink", "slow", "tc", "noudp"];
    let offset = order.iter().position(|b| *b == behaviour).expect("a behaviour") as u16;
    format!("{host}:{}", port.parse::<u16>().expect("port") + offset)
}

/// `check ARGS --json` through the `behaviour` resolver, the test zone's
/// server as the reference.
fn through(behaviour: &str, args: &[&str]) -> (i32, Value) {
    let reference = maildoctor_tests::resolver().to_string();
    let args = [args, &["--reference-resolver", &reference]].concat();
    maildoctor_tests::check_using(&hostile(behaviour), &args)
}

fn codes(report: &Value, severity: &str) -> Vec<String> {
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    findings.iter().filter(|f| f["severity"] == severity).filter_map(|f| f["code"].as_str().map(String::from)).collect()
}

/// The first error is the resolver's, and no top-level finding calls a
/// name a typo or asks to check its spelling.
fn blames_the_resolver(status: i32, report: &Value) {
    assert_eq!(status, 1, "{report:#}");
    assert_eq!(codes(report, "error").first().map(String::as_str), Some("dns.system_resolver_failed"), "{report:#}");
    for code in ["dns.nxdomain", "settings.host_typo"] {
        assert!(!codes(report, "error").iter().any(|c| c == code), "{code} at the top: {report:#}");
    }
    let text = report["findings"].to_string();
    assert!(!text.contains("Check the spelling") && !text.contains("usually a typo"), "{text}");
}

/// Nothing fails, the way a mail app sees it.
fn works(status: i32, report: &Value) {
    assert_eq!(codes(report, "error"), Vec::<String>::new(), "{report:#}");
    assert!(matches!(status, 0 | 3), "works (3: the login untested without a password): {status} {report:#}");
}

const GIVEN: [&str; 5] =
    ["alice@example.test", "--incoming-host", "mail.example.test", "--outgoing-host", "smtp.example.test"];
const POP: [&str; 5] = ["alice@example.test", "--incoming", "pop3", "--incoming-host", "pop.example.test"];
const GMAIL_GIVEN: [&str; 3] = ["alice@gmail.com", "--incoming-host", "imap.gmail.com"];

// A resolver that denies every name: offline, a captive portal, a hijacker.

#[test]
fn a_resolver_that_denies_every_name_is_not_a_typo() {
    let (status, report) = through("nxall", &GIVEN);
    blames_the_resolver(status, &report);
    let root = &report["findings"][0];
    assert!(root["explanation"].as_str().unwrap_or_default().contains("root zone"), "{root:#}");
    let folded: Vec<&str> =
        root["follows"].as_array().expect("folded").iter().filter_map(|f| f["code"].as_str()).collect();
    assert_eq!(folded, ["dns.nxdomain", "dns.nxdomain"], "each server's name under it");
}

#[test]
fn a_resolver_that_denies_a_providers_servers_is_not_a_typo() {
    let (status, report) = through("nxall", &["alice@gmail.com"]);
    blames_the_resolver(status, &report);
}

#[test]
fn a_resolver_that_denies_the_domain_itself_is_not_a_missing_domain() {
    let (status, report) = through("nxall", &["alice@example.test"]);
    blames_the_resolver(status, &report);
}

#[test]
fn without_a_reference_the_provider_table_still_tells_a_lying_resolver() {
    let (status, report) =
        maildoctor_tests::check_using(&hostile("nxall"), &["alice@gmail.com", "--reference-resolver", "off"]);
    blames_the_resolver(status, &report);
}

// A DNS filter that says one name does not exist.

#[test]
fn a_filter_that_denies_the_outgoing_server_is_the_resolvers_fault() {
    let (status, report) = through("nxone", &GIVEN);
    blames_the_resolver(status, &report);
    assert!(codes(&report, "ok").contains(&"ok.incoming".to_owned()), "the other name resolves: {report:#}");
}

#[test]
fn a_filter_that_denies_the_pop_server_is_the_resolvers_fault() {
    let (status, report) = through("nxone", &POP);
    blames_the_resolver(status, &report);
}

#[test]
fn a_filter_that_denies_a_providers_server_is_the_resolvers_fault() {
    let (status, report) = through("nxone", &GMAIL_GIVEN);
    blames_the_resolver(status, &report);
}

// A DNS filter that answers 0.0.0.0 (and ::) for one name.

#[test]
fn a_filter_that_sinks_the_outgoing_server_is_named() {
    let (status, report) = through("sink", &GIVEN);
    blames_the_resolver(status, &report);
    let why = report["findings"][0]["explanation"].as_str().unwrap_or_default().to_owned();
    assert!(why.contains("0.0.0.0") && why.contains("127.0.0.10"), "the sink and the real address: {why}");
}

#[test]
fn a_filter_that_sinks_the_pop_server_is_named() {
    let (status, report) = through("sink", &POP);
    blames_the_resolver(status, &report);
}

#[test]
fn a_filter_that_sinks_a_providers_server_is_named() {
    let (status, report) = through("sink", &GMAIL_GIVEN);
    blames_the_resolver(status, &report);
}

// A resolver that answers in 3 s: every stub resolver waits longer (glibc
// and Android 5 s a try, Windows 10 s in all), so mail works, slowly.

#[test]
fn a_resolver_that_answers_in_three_seconds_is_a_warning_not_an_error() {
    let (status, report) = through("slow", &GIVEN);
    works(status, &report);
    assert_eq!(codes(&report, "warning"), ["dns.slow_resolver"], "{report:#}");
}

#[test]
fn a_slow_resolver_does_not_stop_discovery() {
    let (status, report) = through("slow", &["alice@example.test"]);
    works(status, &report);
    assert!(codes(&report, "warning").contains(&"dns.slow_resolver".to_owned()), "{report:#}");
}

#[test]
fn a_slow_resolver_for_a_provider_is_a_warning() {
    let (status, report) = through("slow", &GMAIL_GIVEN);
    works(status, &report);
    assert!(codes(&report, "warning").contains(&"dns.slow_resolver".to_owned()), "{report:#}");
}

// A resolver that truncates every UDP answer: stubs retry over TCP (RFC
// 7766), as mail apps' do, so nothing is wrong.

#[test]
fn a_truncating_resolver_works_over_tcp() {
    let (status, report) = through("tc", &GIVEN);
    works(status, &report);
    assert_eq!(codes(&report, "warning"), Vec::<String>::new(), "{report:#}");
}

#[test]
fn a_truncating_resolver_still_lets_discovery_work() {
    let (status, report) = through("tc", &["alice@example.test"]);
    works(status, &report);
}

#[test]
fn a_truncating_resolver_still_finds_a_providers_servers() {
    let (status, report) = through("tc", &GMAIL_GIVEN);
    works(status, &report);
}

// A resolver that drops UDP and answers only over TCP: glibc, Windows and
// Android ask over TCP only after a truncated UDP answer, so mail apps get
// nothing; the reference answers, so the resolver is at fault.

#[test]
fn a_resolver_that_drops_udp_fails_as_mail_apps_see_it() {
    let (status, report) = through("noudp", &GIVEN);
    blames_the_resolver(status, &report);
}

#[test]
fn a_resolver_that_drops_udp_is_named_once_for_every_name() {
    let (status, report) = through("noudp", &["alice@example.test"]);
    blames_the_resolver(status, &report);
    assert_eq!(codes(&report, "error"), ["dns.system_resolver_failed"], "{report:#}");
}

#[test]
fn a_resolver_that_drops_udp_is_blamed_for_a_providers_server() {
    let (status, report) = through("noudp", &GMAIL_GIVEN);
    blames_the_resolver(status, &report);
}
