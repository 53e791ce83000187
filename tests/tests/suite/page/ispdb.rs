//! Issue 23, "the ISP database on hand", on the page: the form's presets
//! come from `ispdb.json` beside the page (maildoctor's copy of
//! Thunderbird's ISP database, copied there by tools/build-ui), fetched only
//! once a typed domain is one maildoctor's own provider table does not
//! know; "Use these settings" fills the server fields. No server is dialled.

use std::time::Duration;

use maildoctor_tests::{Browser, RelayProcess, TempDir};

use super::{built_ui, Page};

/// The built page with the suite's own copy (tests/fixtures/ispdb-snapshot/)
/// in place of the shipped one, served by its own relay.
async fn page_with_staged_copy(suffix: &str) -> (Page, TempDir) {
    let dir = TempDir::new("ispdb-page");
    let status = std::process::Command::new("cp").arg("-r").arg(built_ui()).arg(dir.0.join("ui")).status();
    assert!(status.is_ok_and(|s| s.success()), "the page is copied");
    let staged = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ispdb-snapshot/ispdb.json");
    std::fs::copy(staged, dir.0.join("ui/ispdb.json")).expect("the staged copy");
    for compressed in ["ispdb.json.gz", "ispdb.json.br"] {
        let _ = std::fs::remove_file(dir.0.join("ui").join(compressed));
    }
    let relay = RelayProcess::start(&dir.0.join("ui"), &[]).await;
    let page = Page { base: relay.url.clone(), relay, browser: Browser::start().await };
    page.goto(suffix).await;
    (page, dir)
}

/// Whether the page has asked for ispdb.json so far.
async fn fetched(page: &Page) -> bool {
    let names = page.script("return performance.getEntriesByType('resource').map(e => e.name).join(' ')").await;
    names.as_str().unwrap_or_default().contains("ispdb.json")
}

#[tokio::test]
async fn presets_come_from_the_copy_fetched_only_when_needed() {
    let (page, _dir) = page_with_staged_copy("").await;
    assert!(!fetched(&page).await, "not part of the page's load");
    // A provider maildoctor's own table knows: no preset, no fetch.
    // Pasted or filled in by the browser at once: typed key by key, a slow
    // typist's "ann@gmail.co" on the way may fetch it, which is harmless.
    page.script(
        "const a = document.getElementById('address'); a.value = 'ann@gmail.com';\
         a.dispatchEvent(new InputEvent('input', { bubbles: true })); return true",
    )
    .await;
    // Absence needs a bound: three times the page's pause after typing.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(page.value("#address").await.as_deref(), Some("ann@gmail.com"));
    assert!(!page.exists("#ispdb-preset").await, "no preset for gmail.com");
    assert!(!fetched(&page).await, "the provider table covers gmail.com");
    page.fill("address", "carl@isp2.example.test").await;
    page.wait_for("#ispdb-preset", 10).await;
    assert!(fetched(&page).await);
    let said = page.text("#ispdb-preset").await;
    assert!(said.contains("copy of 2026-01-23") && said.contains("isp2.example.test"), "{said}");
    assert!(said.contains("POP3 mail.example.test:995") && said.contains("SMTP mail.example.test:587"), "{said}");
    assert!(said.contains("Not yet tested"), "a preset is the database's word: {said}");
    page.click("ispdb-fill").await;
    assert_eq!(page.value("#host").await.as_deref(), Some("mail.example.test"));
    assert_eq!(page.value("#protocol").await.as_deref(), Some("pop3"));
    assert_eq!(page.value("#port").await.as_deref(), Some("995"));
    assert_eq!(page.value("#security").await.as_deref(), Some("tls"));
    assert_eq!(page.value("#out-host").await.as_deref(), Some("mail.example.test"));
    assert_eq!(page.value("#out-port").await.as_deref(), Some("587"));
    // A domain the copy does not list: the preset goes.
    page.fill("address", "carl@nowhere.example.test").await;
    for _ in 0..50 {
        if !page.exists("#ispdb-preset").await {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(!page.exists("#ispdb-preset").await, "no entry, no preset");
    page.close().await;
}

#[tokio::test]
async fn the_shipped_copy_gives_presets_in_german() {
    // The real copy as tools/build-ui ships it: read, never dialled.
    let page = Page::open("?lang=de", &[]).await;
    page.fill("address", "erika@t-online.de").await;
    page.wait_for("#ispdb-preset", 10).await;
    let said = page.text("#ispdb-preset").await;
    assert!(said.contains("Die ISP-Datenbank von Thunderbird (Kopie vom") && said.contains("t-online.de"), "{said}");
    assert!(said.contains("IMAP secureimap.t-online.de:993"), "{said}");
    assert_eq!(page.text("#ispdb-fill").await, "Diese Einstellungen übernehmen");
    page.close().await;
}
