//! What leaves the page: the Markdown and JSON downloads, the share link
//! (opened in a fresh browser profile), and the deep link that fills in
//! the form. The password is in none of them.

use std::path::Path;
use std::time::{Duration, Instant};

use maildoctor_tests::Browser;

use super::{Page, Settings};

const PASSWORD: &str = "wrong-horse";

/// The text of download `name` once it has arrived in `dir`.
pub(super) async fn downloaded(dir: &Path, name: &str) -> String {
    let started = Instant::now();
    let path = dir.join(name);
    loop {
        if let Ok(text) = std::fs::read_to_string(&path) {
            if !text.is_empty() {
                return text;
            }
        }
        assert!(started.elapsed() < Duration::from_secs(10), "{} downloaded", path.display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn exports_and_the_share_link_carry_the_report_and_never_the_password() {
    let page = Page::open("", &[]).await;
    let settings = Settings { password: PASSWORD, host: "mail.example.test", ..Settings::default() };
    let findings = page.diagnose(&settings, "export-wrong-password").await;
    let root = findings.first().map(|(code, _)| code.clone()).expect("a finding");
    assert_eq!(root, "auth.invalid_credentials");

    page.click("download-markdown").await;
    let markdown = downloaded(&page.browser.downloads.0, "maildoctor-alice-example.test.md").await;
    assert!(markdown.starts_with("# maildoctor: alice@example.test"), "{markdown}");
    assert!(markdown.contains(&format!("(`{root}`)")), "{markdown}");
    assert!(markdown.contains("\n1. "), "numbered fix steps: {markdown}");
    assert!(!markdown.contains(PASSWORD));

    page.click("download-json").await;
    let json = downloaded(&page.browser.downloads.0, "maildoctor-alice-example.test.json").await;
    let report: serde_json::Value = serde_json::from_str(&json).expect("the JSON export parses");
    assert_eq!(report["findings"][0]["code"], root.as_str());
    assert_eq!(report["address"], "alice@example.test");
    assert!(report["probes"].as_array().is_some_and(|p| !p.is_empty()), "the steps are in it");
    assert!(!json.contains(PASSWORD));

    page.click("share").await;
    page.wait_for("#share-link", 10).await;
    let link = page.value("#share-link").await.expect("a share link");
    assert!(link.contains("#report="), "{link}");
    assert!(!link.contains(PASSWORD), "no password in the link");
    let (before_fragment, _) = link.split_once('#').expect("a fragment");
    assert!(!before_fragment.contains("report"), "the report is only in the fragment, never sent: {link}");

    let deep = page.value("#deep-link").await.expect("a deep link");
    assert!(deep.contains("incoming=imap%3Amail.example.test%3A993%3Atls"), "{deep}");
    assert!(!deep.contains(PASSWORD), "{deep}");

    // A support agent opens the link in their own browser: the same findings, read-only.
    let agent = Browser::start().await;
    agent.client.goto(&link).await.expect("the link opens");
    let shared = Page { base: page.base, relay: page.relay, browser: agent };
    shared.wait_for("#status[data-phase=shared]", 20).await;
    shared.screenshot("shared-report").await;
    assert_eq!(shared.root_findings().await, findings);
    assert!(!shared.exists("#diagnose").await, "read-only");
    assert!(shared.exists("#check-again").await);
    shared.click("check-again").await;
    shared.wait_for("#diagnose", 5).await;
    let address = shared.value("#address").await;
    assert_eq!(address.as_deref(), Some("alice@example.test"), "check again starts from the same address");
    shared.browser.close().await;
    page.browser.close().await;
}

#[tokio::test]
async fn a_deep_link_fills_in_the_form_and_never_a_password() {
    let page = Page::open(
        "#address=bob%40example.test&incoming=imap:mail.example.test:143:starttls&outgoing=smtp:mail.example.test:465:tls&password=leaked",
        &[],
    )
    .await;
    assert_eq!(page.value("#address").await.as_deref(), Some("bob@example.test"));
    assert_eq!(page.value("#host").await.as_deref(), Some("mail.example.test"));
    assert_eq!(page.value("#port").await.as_deref(), Some("143"));
    assert_eq!(page.attr("#security", "data-value").await.as_deref(), Some("starttls"));
    assert_eq!(page.value("#out-port").await.as_deref(), Some("465"));
    assert_eq!(page.value("#password").await.as_deref(), Some(""), "a password in a link is ignored");
    page.close().await;
}
