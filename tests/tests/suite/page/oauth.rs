//! Issue 23, "OAuth sign-in for a token", on the page: where the site's
//! config.json sets up a client for the address's provider, "Sign in with …"
//! runs the authorization code grant with PKCE in a popup at the stand-in
//! provider (tests/fixtures/oauth_idp.sh), the person approves there, and
//! the check signs in to the fixtures' OAuth Dovecot with the token. The
//! token is then nowhere but in the page's memory: not in localStorage,
//! sessionStorage, a cookie or the address bar.

use std::time::Duration;

use fantoccini::Locator;
use maildoctor_tests::{Browser, RelayProcess, TempDir};

use super::{built_ui, Page};
use crate::oauth::Idp;

const TOKEN: &str = "token-for-alice";

/// The built page with a config.json of `config`, served by its own relay.
async fn page_with(config: &serde_json::Value) -> (Page, TempDir) {
    let dir = TempDir::new("oauth-page");
    let status = std::process::Command::new("cp").arg("-r").arg(built_ui()).arg(dir.0.join("ui")).status();
    assert!(status.is_ok_and(|s| s.success()), "the page is copied");
    std::fs::write(dir.0.join("ui/config.json"), config.to_string()).expect("config.json");
    let relay = RelayProcess::start(&dir.0.join("ui"), &[]).await;
    let page = Page { base: relay.url.clone(), relay, browser: Browser::start().await };
    page.goto("").await;
    (page, dir)
}

#[tokio::test]
async fn sign_in_with_the_provider_gets_a_token_the_check_signs_in_with() {
    let idp = Idp::up_plain(18444);
    let config = serde_json::json!({ "oauth": [{
        "name": "Example ID", "domains": ["example.test"], "client_id": "approve", "scope": "mail",
        "authorize": idp.plain_url("/authorize"), "token": idp.plain_url("/token"),
    }]});
    let (page, _dir) = page_with(&config).await;
    // No button for an address whose provider the site has no client at.
    page.fill("address", "bob@elsewhere.example").await;
    assert!(!page.exists("#oauth-sign-in").await, "no client, no button");
    page.fill("address", "alice@example.test").await;
    page.wait_for("#oauth-sign-in", 5).await;
    assert_eq!(page.text("#oauth-sign-in").await, "Sign in with Example ID");
    let client = &page.browser.client;
    let main = client.window().await.expect("the page's window");
    page.click("oauth-sign-in").await;
    // The provider's page opens in a popup: approve there.
    let mut popup = None;
    for _ in 0..50 {
        popup = client.windows().await.expect("windows").into_iter().find(|w| *w != main);
        if popup.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The person goes on filling the form while the provider's page is open.
    page.fill("host", "oauth.example.test").await;
    client.switch_to_window(popup.expect("a popup opened")).await.expect("to the popup");
    client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Id("approve")).await.expect("approve button");
    page.screenshot("oauth-provider").await;
    client.find(Locator::Id("approve")).await.expect("approve").click().await.expect("approve");
    client.switch_to_window(main).await.expect("back to the page");
    page.wait_for("#oauth-status", 10).await;
    let said = page.text("#oauth-status").await;
    assert!(said.starts_with("Signed in at Example ID."), "{said}");
    // The token joined the form as it is now: what was typed meanwhile stays.
    assert_eq!(page.value("#host").await.as_deref(), Some("oauth.example.test"));
    // The check signs in with the token, as with one pasted under Advanced.
    page.click("diagnose").await;
    let findings = page.finished("oauth-sign-in").await;
    assert!(findings.iter().any(|(code, _)| code == "ok.incoming"), "the token signed in: {findings:?}");
    let kept = page
        .script(
            "return JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), \
             document.cookie, location.href, history.length])",
        )
        .await;
    let kept = kept.as_str().unwrap_or_default().to_owned();
    assert!(!kept.contains(TOKEN) && !kept.contains("code="), "the token stays in memory only: {kept}");
    page.close().await;
}

#[tokio::test]
async fn a_denied_sign_in_is_said_on_the_page_in_german() {
    let idp = Idp::up_plain(18445);
    let config = serde_json::json!({ "oauth": [{
        "name": "Example ID", "domains": ["example.test"], "client_id": "approve", "scope": "mail",
        "authorize": idp.plain_url("/authorize"), "token": idp.plain_url("/token"),
    }]});
    let (page, _dir) = page_with(&config).await;
    page.goto("?lang=de").await;
    page.fill("address", "alice@example.test").await;
    page.wait_for("#oauth-sign-in", 5).await;
    assert_eq!(page.text("#oauth-sign-in").await, "Mit Example ID anmelden");
    let client = &page.browser.client;
    let main = client.window().await.expect("the page's window");
    page.click("oauth-sign-in").await;
    let mut popup = None;
    for _ in 0..50 {
        popup = client.windows().await.expect("windows").into_iter().find(|w| *w != main);
        if popup.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    client.switch_to_window(popup.expect("a popup opened")).await.expect("to the popup");
    client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Id("deny")).await.expect("deny button");
    client.find(Locator::Id("deny")).await.expect("deny").click().await.expect("deny");
    client.switch_to_window(main).await.expect("back to the page");
    page.wait_for("#oauth-status", 10).await;
    let said = page.text("#oauth-status").await;
    assert_eq!(said, "Die Anmeldung bei Example ID hat nicht geklappt: access_denied");
    assert_eq!(page.value("#token").await.as_deref(), Some(""), "no token");
    page.close().await;
}
