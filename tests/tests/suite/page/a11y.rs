//! Accessibility and language: axe-core finds no WCAG 2.2 A/AA violation
//! on the form, during a run and on a finished report; a keyboard-only run
//! completes; the German page runs end to end; 320 px needs no sideways
//! scrolling.

use std::time::Duration;

use maildoctor_tests::Browser;

use super::{Page, Settings};

/// axe-core, installed by tools/setup from web/package.json.
fn axe_source() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} (tools/setup installs it)", path.display()))
}

/// Every WCAG 2.x A and AA rule axe knows, as "rule: element, element".
async fn violations(page: &Page) -> Vec<String> {
    violations_in(&page.browser, "document").await
}

/// The same, within `context` (an axe context, as JavaScript): a widget's
/// element takes its shadow root with it.
pub(super) async fn violations_in(browser: &maildoctor_tests::Browser, context: &str) -> Vec<String> {
    browser.client.execute(&axe_source(), vec![]).await.expect("axe loads");
    let script = format!(
        "const done = arguments[arguments.length - 1];
         axe.run({context}, {{ runOnly: {{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }} }})
           .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))),
                 e => done(['axe failed: ' + e]));"
    );
    let found = browser.client.execute_async(&script, vec![]).await.expect("axe runs");
    serde_json::from_value(found).expect("a list")
}

#[tokio::test]
async fn axe_finds_no_violations_on_the_form_during_a_run_and_on_the_report() {
    let page = Page::open("", &[]).await;
    assert_eq!(violations(&page).await, Vec::<String>::new(), "the form");
    // A dropped port keeps the run going long enough to check it mid-way.
    page.enter(&Settings { address: "alice@fw.example.test", host: "fw.example.test", ..Settings::default() }).await;
    page.click("diagnose").await;
    page.wait_for(".step[data-state=waiting]", 5).await;
    assert_eq!(violations(&page).await, Vec::<String>::new(), "during a run");
    page.finished("axe-report").await;
    // Every disclosure open, so what is folded is checked too.
    page.script("document.querySelectorAll('details').forEach(d => d.open = true)").await;
    assert_eq!(violations(&page).await, Vec::<String>::new(), "a finished report");
    page.close().await;
}

#[tokio::test]
async fn the_form_is_interactive_soon_after_navigation() {
    let page = Page::open("", &[]).await;
    let mark = page.script("return performance.getEntriesByName('maildoctor-interactive')[0].startTime").await;
    let ms = mark.as_f64().expect("the page marks when its form is ready");
    // A figure for the README, not a timed assertion: it depends on the machine.
    println!("navigation to an interactive form: {ms:.0} ms");
    page.fill("address", "alice@example.test").await;
    assert_eq!(page.value("#address").await.as_deref(), Some("alice@example.test"), "the form takes input");
    page.close().await;
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const ARROW_RIGHT: &str = "\u{E014}";

#[tokio::test]
async fn a_keyboard_only_run_completes_in_a_visible_order() {
    let page = Page::open("", &[]).await;
    // From the top of the page, Tab walks the form in reading order.
    let mut order = Vec::new();
    for _ in 0..16 {
        page.keys(TAB).await;
        let id = page.focused().await;
        match id.as_str() {
            "address" => page.keys("alice@guess.example.test").await,
            "host" => page.keys("expired.example.test").await,
            _ => {}
        }
        order.push(id.clone());
        if id == "diagnose" {
            break;
        }
    }
    // The disclosure after the language is how to check from this computer.
    let expected = [
        "lang",
        "SUMMARY",
        "address",
        "username",
        "password",
        "protocol",
        "host",
        "port",
        "security",
        "out-host",
        "out-port",
        "out-security",
    ];
    assert_eq!(&order[..expected.len()], expected, "{order:?}");
    assert_eq!(order.last().map(String::as_str), Some("diagnose"), "{order:?}");
    page.keys(ENTER).await;
    page.finished("keyboard-only").await;
    assert_eq!(page.focused().await, "verdict", "focus moves to the verdict");
    // Reach the first app tab list by Tab, and move along it with the arrow keys.
    let mut on_tab = false;
    for _ in 0..40 {
        page.keys(TAB).await;
        let role = page.script("return document.activeElement.getAttribute('role')").await;
        if role.as_str() == Some("tab") {
            on_tab = true;
            break;
        }
    }
    assert!(on_tab, "the app tabs are reachable by Tab");
    let first = page.script("return document.activeElement.dataset.app").await;
    page.keys(ARROW_RIGHT).await;
    let second = page.script("return document.activeElement.dataset.app").await;
    assert_ne!(first, second, "the arrow key moves to the next app");
    let selected = page.script("return document.activeElement.getAttribute('aria-selected')").await;
    assert_eq!(selected.as_str(), Some("true"), "and shows its steps");
    page.close().await;
}

#[tokio::test]
async fn the_german_page_runs_end_to_end_and_the_switch_changes_language() {
    let page = Page::open("?lang=de", &[]).await;
    assert_eq!(page.script("return document.documentElement.lang").await.as_str(), Some("de"));
    assert_eq!(page.text("#diagnose").await, "Prüfen");
    let settings =
        Settings { address: "alice@guess.example.test", host: "expired.example.test", ..Settings::default() };
    let findings = page.diagnose(&settings, "german-expired-certificate").await;
    assert_eq!(findings.first().map(|(code, _)| code.as_str()), Some("tls.cert_expired"));
    // Sentence case is the style sheet's (::first-letter); the words are the catalog's.
    assert_eq!(page.text("#verdict").await.to_lowercase(), "probleme gefunden");
    assert!(page.text("#findings").await.contains("Zertifikat"), "{}", page.text("#findings").await);
    assert_eq!(violations(&page).await, Vec::<String>::new(), "the German report");
    page.select("lang", "en").await;
    page.wait_for("html[lang=en]", 5).await;
    assert_eq!(page.text("#verdict").await.to_lowercase(), "problems found");
    page.close().await;
}

#[tokio::test]
async fn at_320_pixels_the_report_needs_no_sideways_scrolling() {
    let page = Page::open_in(Browser::start_sized(320, 900).await, "", &[]).await;
    let settings = Settings { address: "alice@example.test", host: "fw.example.test", ..Settings::default() };
    page.enter(&settings).await;
    page.click("diagnose").await;
    page.wait_for("#status[data-phase=finished]", 45).await;
    page.script("document.querySelectorAll('details').forEach(d => d.open = true)").await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    page.screenshot("narrow-320").await;
    let width = page.script("return window.innerWidth").await.as_i64();
    assert_eq!(width, Some(320), "a 320 px viewport, unless content widens it: {}", too_wide(&page, Some(320)).await);
    let overflow = page
        .script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        .await
        .as_i64()
        .unwrap_or(i64::MAX);
    assert!(
        overflow <= 0,
        "the page is {overflow} px wider than a 320 px screen: {}",
        too_wide(&page, Some(320)).await
    );
    page.close().await;
}

/// 200 % zoom of a 1280 px window is a 640 CSS px viewport (browser zoom
/// changes the CSS pixel, so media queries see 640): that is what a window
/// of 640 gives. CSS `zoom` would not, as media queries ignore it.
#[tokio::test]
async fn at_200_percent_zoom_the_report_reflows_instead_of_scrolling_sideways() {
    let page = Page::open_in(Browser::start_sized(640, 900).await, "", &[]).await;
    let settings = Settings { address: "alice@example.test", host: "fw.example.test", ..Settings::default() };
    page.enter(&settings).await;
    page.click("diagnose").await;
    page.wait_for("#status[data-phase=finished]", 45).await;
    page.script(
        "document.querySelectorAll('details').forEach(d => d.open = true); document.documentElement.style.zoom = '2'",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    page.screenshot("zoom-200").await;
    let overflow = page
        .script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        .await
        .as_i64()
        .unwrap_or(i64::MAX);
    assert!(overflow <= 0, "at 200 % the page is {overflow} px wider than the window: {}", too_wide(&page, None).await);
    page.close().await;
}

/// The innermost elements that reach past `width` CSS pixels (the window's
/// width when `None`), with their text: what a failed reflow test should name.
async fn too_wide(page: &Page, width: Option<u32>) -> String {
    let width = width.map_or("document.documentElement.clientWidth".to_owned(), |w| w.to_string());
    let script = format!(
        "const w = {width}; \
         return [...document.querySelectorAll('body *')] \
           .filter(e => e.getBoundingClientRect().right > w + 1 \
             && ![...e.children].some(c => c.getBoundingClientRect().right > w + 1)) \
           .concat([...document.querySelectorAll('body *')].filter(e => e.scrollWidth > e.clientWidth + 1 \
             && getComputedStyle(e).overflowX === 'visible' && e.clientWidth > 0)) \
           .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className + ' (' + e.scrollWidth + ' px): ' \
             + e.textContent.slice(0, 80)).join(' | ')"
    );
    page.script(&script).await.as_str().unwrap_or_default().to_owned()
}
