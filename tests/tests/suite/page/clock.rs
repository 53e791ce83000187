//! Issue 22, item 3, through the page: the browser's clock against the
//! relay's. The relay verifies certificates by its own (right) clock; the
//! person's mail app on this device verifies by the device's. The page's
//! clock (`Date.now`, which the page reads when a check starts) is set
//! off once the page has loaded, the same way in Chromium and Firefox; the
//! relay's stays right.

use super::{Page, Settings};

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// The page, served by its own relay, in a browser whose clock runs
/// `shift_ms` off.
async fn page_with_clock(shift_ms: i64) -> Page {
    let page = Page::open("", &[]).await;
    // The clock stops at the shifted time: the check starts seconds later,
    // far within the 5 minutes the rule tolerates. Firefox runs WebDriver's
    // scripts behind an Xray wrapper, where an assignment changes only the
    // wrapper: the page's own window is `wrappedJSObject`, and a function of
    // the page's own (a bound `valueOf`) is needed, since its policy forbids
    // making one from text.
    page.script(&format!(
        "const own = window.wrappedJSObject || window; \
         own.Date.now = own.Number.prototype.valueOf.bind(own.Date.now() + ({shift_ms}));"
    ))
    .await;
    page
}

fn imap() -> Settings<'static> {
    Settings { host: "mail.example.test", ..Settings::default() }
}

/// The finding's title, without the severity badge the heading starts with.
async fn title(page: &Page, code: &str) -> String {
    let heading = page.text(&format!("#findings > section[data-code='{code}'] h3")).await;
    heading.lines().last().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_browser_clock_hours_behind_is_named_in_both_languages() {
    let page = page_with_clock(-3 * HOUR_MS).await;
    let findings = page.diagnose(&imap(), "clock-behind").await;
    // The fixture's certificate dates from a day before it was made, so it
    // fits a clock 3 h behind: a warning, and the only thing wrong.
    assert_eq!(findings.first(), Some(&("device.clock_wrong".to_owned(), false)), "{findings:?}");
    assert!(!findings.iter().any(|(_, error)| *error), "{findings:?}");
    assert_eq!(title(&page, "device.clock_wrong").await, "This device's clock is 3 h behind");
    let card = page.text("#findings > section[data-code='device.clock_wrong']").await;
    assert!(card.contains("maildoctor's relay says"), "{card}");
    page.select("lang", "de").await;
    let german = "Die Uhr dieses Geräts geht 3 Std. nach";
    for _ in 0..40 {
        if title(&page, "device.clock_wrong").await == german {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(title(&page, "device.clock_wrong").await, german);
    page.close().await;
}

#[tokio::test]
async fn a_browser_clock_years_ahead_sees_the_valid_certificate_expired() {
    // 1000 days ahead: past the fixture certificate's 800 days, by this
    // device's clock only. The relay found the certificate valid.
    let page = page_with_clock(1000 * DAY_MS).await;
    let findings = page.diagnose(&imap(), "clock-ahead").await;
    assert_eq!(findings.first(), Some(&("device.clock_wrong".to_owned(), true)), "{findings:?}");
    assert!(!findings.iter().any(|(code, _)| code == "tls.cert_expired"), "the relay's verdict: {findings:?}");
    assert_eq!(
        title(&page, "device.clock_wrong").await,
        "This device's clock is 1000 days ahead: mail apps refuse mail.example.test's certificate"
    );
    let card = page.text("#findings > section[data-code='device.clock_wrong']").await;
    assert!(card.contains("By this clock the certificate expired on"), "{card}");
    page.close().await;
}
