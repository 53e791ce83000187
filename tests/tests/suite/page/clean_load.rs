//! Clean loads (issue 21): a plain load logs nothing in the console (no
//! missing file, no probe of a port where nothing listens), a field's error
//! is said once and marks its field, relays are shown by name and region,
//! and no placeholder is cut, on a phone or a desktop.

use std::time::Duration;

use maildoctor_tests::{Browser, RelayProcess, TempDir};
use serde_json::json;

use super::a11y::violations_in;
use super::devtools::{ax_tree, console_errors, live_region};
use super::static_host::{page_on, static_site, ws_of, SUB_PATH};
use super::{built_ui, Page, Settings};

/// Waits until `css`'s text is `want`, and says what it was.
async fn text_becomes(page: &Page, css: &str, want: &str) -> String {
    for _ in 0..100 {
        if page.text(css).await == want {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    page.text(css).await
}

#[tokio::test]
async fn a_plain_load_logs_no_error_and_names_its_relay() {
    let page = Page::open("", &[]).await;
    // The page's hello to its relay has come back: everything a load asks for was asked.
    let said = text_becomes(&page, "#relay-choice > p", "Checking through this site's relay.").await;
    assert_eq!(said, "Checking through this site's relay.");
    page.wait_for("#local-how", 5).await;
    assert_eq!(console_errors(&page.browser).await, Vec::<String>::new());
    page.close().await;

    let page = Page::open("", &["--name", "Example Mail", "--region", "Frankfurt"]).await;
    let said = text_becomes(&page, "#relay-choice > p", "Checking through Example Mail (Frankfurt).").await;
    assert_eq!(said, "Checking through Example Mail (Frankfurt).");
    assert!(!page.text("main").await.contains("ws://"), "no address where a name is expected");
    assert_eq!(console_errors(&page.browser).await, Vec::<String>::new());
    page.close().await;
}

#[tokio::test]
async fn two_regions_of_one_name_are_told_apart() {
    let dir = TempDir::new("twin-relays");
    let site = static_site(&dir, "").await;
    let relay = |region: &'static str| {
        let origin = site.origin.clone();
        async move {
            let args = ["--allow-origin", &origin, "--name", "Example Mail", "--region", region];
            RelayProcess::start(&built_ui(), &args).await
        }
    };
    let (frankfurt, virginia) = (relay("Frankfurt").await, relay("Virginia").await);
    // The site lists them without names: their hellos name them.
    let config = format!(
        r#"{{"relays": [{{"url": "{}"}}, {{"url": "{}"}}], "local": false}}"#,
        ws_of(&frankfurt),
        ws_of(&virginia)
    );
    std::fs::write(dir.0.join(SUB_PATH).join("config.json"), config).expect("config.json");
    let page = page_on(&site, frankfurt, "").await;
    page.wait_for("select#relay", 10).await;
    let options = page.script("return [...document.querySelectorAll('#relay option')].map(o => o.textContent)").await;
    let options: Vec<String> = serde_json::from_value(options).expect("texts");
    assert_eq!(options.len(), 2, "{options:?}");
    assert!(
        options[0].starts_with("Example Mail (Frankfurt): ") && options[1].starts_with("Example Mail (Virginia): "),
        "{options:?}"
    );
    assert!(options.iter().all(|o| !o.contains("://")), "{options:?}");
    drop(virginia);
    page.close().await;
}

#[tokio::test]
async fn a_bad_port_is_said_once_and_marks_its_field() {
    let page = Page::open("", &[]).await;
    page.enter(&Settings { host: "mail.example.test", port: "99999", ..Settings::default() }).await;
    page.click("diagnose").await;
    page.wait_for("#port[aria-invalid=true]", 5).await;
    let error = "\"99999\" is not a port: use a number from 1 to 65535";
    assert_eq!(page.attr("#port", "aria-describedby").await.as_deref(), Some("port-error"));
    assert_eq!(page.text("#port-error").await, error);
    assert_eq!(page.focused().await, "port", "the field takes the focus, and its error is heard with it");
    assert!(!page.exists("[role=alert]").await, "no alert says it again");
    assert_eq!(live_region(&page.browser).await, "", "nor the live region");
    let tree = ax_tree(&page.browser).await;
    let port = tree.iter().find(|n| n.role == "textbox" && n.name == "Port" && n.property("invalid").is_some());
    let port = port.unwrap_or_else(|| panic!("the port field is marked invalid: {tree:?}"));
    assert_eq!(port.description, error, "its error is its description");
    assert_eq!(tree.iter().filter(|n| n.role == "StaticText" && n.name == error).count(), 1, "said once");
    assert_eq!(violations_in(&page.browser, "document").await, Vec::<String>::new(), "axe, with the error shown");
    page.screenshot("port-error").await;

    // Fixed, the mark goes with the next press.
    page.fill("port", "993").await;
    page.click("diagnose").await;
    page.finished("port-fixed").await;
    assert_eq!(page.attr("#port", "aria-invalid").await, None);
    assert!(!page.exists("#port-error").await);
    page.close().await;
}

/// Every placeholder against the room its field leaves for text.
const PLACEHOLDERS_FIT: &str = "
    const measure = document.createElement('canvas').getContext('2d');
    return [...document.querySelectorAll('input[placeholder]')].map((input) => {
        const style = getComputedStyle(input);
        measure.font = style.font;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return [input.id, input.placeholder, measure.measureText(input.placeholder).width <= room];
    });";

#[tokio::test]
async fn no_placeholder_is_cut_on_a_phone_or_a_desktop() {
    for (width, height) in [(320, 700), (1280, 900)] {
        let page = Page::open_in(Browser::start_sized(width, height).await, "", &[]).await;
        for lang in ["en", "de"] {
            page.select("lang", lang).await;
            let fits: Vec<(String, String, bool)> =
                serde_json::from_value(page.script(PLACEHOLDERS_FIT).await).expect("a list");
            assert!(fits.len() >= 3, "{fits:?}");
            let cut: Vec<_> = fits.iter().filter(|(_, _, fits)| !fits).collect();
            assert!(cut.is_empty(), "at {width} px ({lang}), cut: {cut:?}");
        }
        page.screenshot(&format!("placeholders-{width}")).await;
        page.close().await;
    }
}

#[tokio::test]
async fn this_computers_relay_is_looked_for_when_asked_then_remembered_until_gone() {
    let page = Page::open("", &[]).await;
    page.wait_for("#local-how", 10).await;
    page.script("document.getElementById('local-how').open = true").await;
    // Nothing on this computer's port yet: said, not guessed at.
    drop(std::net::TcpListener::bind("127.0.0.1:4587").expect("port 4587 is free for this test"));
    page.click("look-local").await;
    page.wait_for("#local-missing:not(:empty)", 10).await;
    let missing = page.text("#local-missing").await;
    assert!(missing.contains("does not answer on this computer (127.0.0.1:4587)"), "{missing}");

    let origin = page.base.clone();
    let mut local =
        RelayProcess::start(&built_ui(), &["--local", "--listen", "127.0.0.1:4587", "--allow-origin", &origin]).await;
    page.click("look-local").await;
    page.wait_for("#relay-choice[data-local=true]", 10).await;
    // A later load looks for it at once, since this browser found it.
    page.goto("").await;
    page.wait_for("#relay-choice[data-local=true]", 10).await;
    // Gone: the next load does not find it and forgets it; the one after asks nothing.
    local.terminate();
    local.exit_status(Duration::from_secs(20)).await;
    page.goto("").await;
    page.wait_for("#local-how", 10).await;
    // The form shows before the look for the relay has failed (Firefox
    // takes longer than Chromium to give up on the closed port).
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let mut remembered = json!("not read");
    while remembered != json!(null) && std::time::Instant::now() < deadline {
        remembered = page.script("return localStorage.getItem('maildoctor-local-relay')").await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(remembered, json!(null));
    console_errors(&page.browser).await;
    page.goto("").await;
    page.wait_for("#local-how", 10).await;
    assert_eq!(console_errors(&page.browser).await, Vec::<String>::new());
    page.close().await;
}
