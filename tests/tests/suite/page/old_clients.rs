//! Issue 22, "the old client", on the page: a Dovecot that speaks TLS 1.3
//! alone (tests/fixtures/old_tls.sh) works, with a warning that names the
//! systems that cannot connect to it.

use super::{Page, Settings};

#[tokio::test(flavor = "multi_thread")]
async fn a_server_of_tls_13_alone_works_with_a_warning_on_the_page() {
    let page = Page::open("", &[]).await;
    let settings = Settings {
        address: "alice@guess.example.test",
        password: "correct-horse",
        host: "127.0.0.53",
        port: "993",
        ..Settings::default()
    };
    let findings = page.diagnose(&settings, "tls13-only").await;
    assert!(findings.iter().any(|(code, _)| code == "tls.needs_tls13"), "{findings:?}");
    assert!(findings.iter().any(|(code, _)| code == "ok.incoming"), "{findings:?}");
    let card = page.text("#findings > section[data-code='tls.needs_tls13']").await;
    assert!(card.contains("127.0.0.53 speaks only TLS 1.3"), "{card}");
    assert!(card.contains("Outlook classic"), "{card}");
    // A warning, never a problem: the settings work (the password waits for
    // consent on a server the domain does not publish, so not yet verified).
    let verdict = page.attr("#verdict", "data-verdict").await;
    assert!(matches!(verdict.as_deref(), Some("warnings" | "not_verified")), "{verdict:?}");
    page.close().await;
}
