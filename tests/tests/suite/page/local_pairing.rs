//! `serve --local` as the page tells people to start it: no `--ui`, no
//! `--allow-origin`. It serves the page built into the binary (Safari's
//! way in, http://127.0.0.1:4587), and a page from another site pairs
//! with it after one yes typed in its terminal, or is told it was refused.

use std::time::Duration;

use maildoctor_tests::{Browser, OwnPageRelay, RelayProcess, TempDir};
use tokio::io::AsyncWriteExt as _;

use super::static_host::{chosen_relay, diagnose_healthy, page_on, static_site, ws_of, SUB_PATH};
use super::{built_ui, Page};

#[tokio::test]
async fn a_local_relay_alone_serves_the_page_built_into_it_and_checks_through_it() {
    let dir = TempDir::new("own-page");
    let pairing = dir.0.join("allowed-origins");
    let own = OwnPageRelay::start(&["--local", "--pairing-file", pairing.to_str().expect("utf-8")]).await;
    let OwnPageRelay { relay, stdin: _stdin, .. } = own;
    let page = Page { base: relay.url.clone(), relay, browser: Browser::start().await };
    page.goto("").await;
    assert_eq!(
        page.attr("#relay-choice", "data-relay").await,
        Some(format!("{}/v1/ws", page.base.replacen("http://", "ws://", 1))),
        "the page uses the relay that served it"
    );
    diagnose_healthy(&page, "local-relay-own-page").await;
    page.close().await;
}

/// A static site whose config.json names a relay on the internet and the
/// local relay (which allows no origin but its own), and the page on it,
/// offering to pair.
async fn site_with_local_relay(dir: &TempDir) -> (Page, OwnPageRelay, String) {
    let site = static_site(dir, "").await;
    let pairing = dir.0.join("allowed-origins");
    let local = OwnPageRelay::start(&["--local", "--pairing-file", pairing.to_str().expect("utf-8")]).await;
    let remote = RelayProcess::start(&built_ui(), &["--allow-origin", &site.origin]).await;
    let config = format!(
        r#"{{"relays": [{{"name": "Internet", "url": "{}"}}], "local": "{}"}}"#,
        ws_of(&remote),
        ws_of(&local.relay)
    );
    std::fs::write(dir.0.join(SUB_PATH).join("config.json"), config).expect("config.json");
    let page = page_on(&site, remote, "").await;
    page.wait_for("#pairing[data-step=offer]", 10).await;
    let said = page.text("#pairing").await;
    assert!(said.contains("does not know this site yet"), "never a silent refusal: {said}");
    // Until paired, the check goes through the relay on the internet.
    assert_eq!(chosen_relay(&page).await, ws_of(&page.relay));
    (page, local, site.origin.clone())
}

/// Asks to pair, and returns the code the page shows once the terminal
/// asks the same question with the same code.
async fn ask_to_pair(page: &Page, local: &mut OwnPageRelay, origin: &str) -> String {
    page.click("pair").await;
    page.wait_for("#pairing[data-step=asked]", 10).await;
    let asked = local.said("allow ", Duration::from_secs(10)).await;
    let code = asked.split("code ").nth(1).and_then(|rest| rest.split_whitespace().next()).expect("a code");
    assert_eq!(asked, format!("allow {origin}? code {code} [y/N]"));
    let shown = page.text("#pairing").await;
    assert!(shown.contains(&format!("code {code}")) && shown.contains(origin), "{shown}");
    code.to_owned()
}

#[tokio::test]
async fn a_page_from_another_site_pairs_with_a_plain_local_relay_after_a_yes() {
    let dir = TempDir::new("pair-yes");
    let (page, mut local, origin) = site_with_local_relay(&dir).await;
    ask_to_pair(&page, &mut local, &origin).await;
    page.screenshot("local-relay-pairing-asked").await;
    local.stdin.write_all(b"y\n").await.expect("answer");
    local.said("allowed", Duration::from_secs(10)).await;

    for _ in 0..50 {
        if page.attr("#relay-choice", "data-local").await.as_deref() == Some("true") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(page.attr("#relay-choice", "data-relay").await, Some(ws_of(&local.relay)), "paired: checked here");
    assert!(!page.exists("#pairing").await);
    diagnose_healthy(&page, "local-relay-paired").await;
    let remembered = std::fs::read_to_string(dir.0.join("allowed-origins")).expect("the pairing file");
    assert_eq!(remembered.trim(), origin);
    page.close().await;
}

#[tokio::test]
async fn a_no_at_the_terminal_is_shown_on_the_page() {
    let dir = TempDir::new("pair-no");
    let (page, mut local, origin) = site_with_local_relay(&dir).await;
    ask_to_pair(&page, &mut local, &origin).await;
    local.stdin.write_all(b"n\n").await.expect("answer");
    page.wait_for("#pairing[data-step=refused]", 10).await;
    let said = page.text("#pairing").await;
    assert!(said.contains("did not allow this site"), "{said}");
    page.screenshot("local-relay-pairing-refused").await;
    assert_eq!(chosen_relay(&page).await, ws_of(&page.relay), "still the relay on the internet");
    assert!(!dir.0.join("allowed-origins").exists(), "a no is not remembered");
    page.close().await;
}
