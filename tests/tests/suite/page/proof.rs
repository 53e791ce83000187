//! A verdict needs proof, on the page (issue 26's classes 1 and 6): the
//! headline's state (`data-verdict`), how to test what was not, and the
//! first error, as `maildoctor check` gives them (tests/tests/suite/proof.rs).

use super::{Page, Settings};

async fn verdict(page: &Page) -> String {
    page.attr("#verdict", "data-verdict").await.unwrap_or_default()
}

async fn untested(page: &Page) -> Vec<String> {
    let mut reasons = Vec::new();
    for item in page.browser.client.find_all(fantoccini::Locator::Css("#untested li")).await.expect("list") {
        reasons.push(item.attr("data-reason").await.expect("attr").unwrap_or_default());
    }
    reasons
}

fn first_error(findings: &[(String, bool)]) -> Option<&str> {
    findings.iter().find(|(_, error)| *error).map(|(code, _)| code.as_str())
}

#[tokio::test]
async fn a_check_without_a_password_is_not_verified_on_the_page() {
    let page = Page::open("", &[]).await;
    let settings = Settings { host: "mail.example.test", out_host: "mail.example.test", ..Settings::default() };
    let findings = page.diagnose(&settings, "not-verified-no-password").await;
    assert_eq!(first_error(&findings), None, "{findings:?}");
    assert_eq!(verdict(&page).await, "not_verified");
    let heading = page.text("#verdict").await;
    assert!(heading.contains("not verified") && !heading.contains("No problems"), "{heading}");
    assert_eq!(untested(&page).await, ["no_password", "no_password"]);
    page.close().await;
}

#[tokio::test]
async fn the_domains_own_settings_get_the_password_and_others_wait_for_a_yes() {
    let page = Page::open("", &[]).await;
    // SRV records in the domain's zone name a host outside it: its own.
    let srv = Settings { address: "alice@srvout.example.test", password: "wrong-horse", ..Settings::default() };
    let findings = page.diagnose(&srv, "srv-outside-wrong-password").await;
    assert_eq!(first_error(&findings), Some("auth.invalid_credentials"), "{findings:?}");
    assert_eq!(verdict(&page).await, "problems");
    // Settings that came over plain HTTP: not verified until the person says yes.
    let plain = Settings { address: "alice@plainac.example.test", password: "wrong-horse", ..Settings::default() };
    let findings = page.diagnose(&plain, "plain-http-needs-consent").await;
    assert_eq!(first_error(&findings), None, "{findings:?}");
    assert_eq!(verdict(&page).await, "not_verified");
    assert!(untested(&page).await.contains(&"needs_consent".to_owned()));
    assert!(page.exists("#login-discovered").await, "the button that tests it");
    page.click("login-discovered").await;
    let findings = page.finished("plain-http-consented").await;
    assert_eq!(first_error(&findings), Some("auth.invalid_credentials"), "{findings:?}");
    assert_eq!(verdict(&page).await, "problems");
    page.close().await;
}

#[tokio::test]
async fn the_incoming_host_serves_sending_too_on_the_page() {
    let page = Page::open("", &[]).await;
    page.fill("username", "alice@example.test").await;
    let settings = Settings {
        address: "alice@own.example.test",
        password: "correct-horse",
        host: "mx1.example.test",
        ..Settings::default()
    };
    let findings = page.diagnose(&settings, "one-host-both-directions").await;
    assert_eq!(first_error(&findings), None, "{findings:?}");
    assert_eq!(verdict(&page).await, "fine", "{}", page.text("#verdict").await);
    page.close().await;
}
