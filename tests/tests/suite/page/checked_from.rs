//! The page says where the checks ran: the relay its operator named, and
//! what that relay saw of the network path as the relay's view, never as
//! the person's network. A share link keeps the line.

use std::time::Duration;

use super::{Page, Settings};

const RELAY: &[&str] = &["--name", "Example Mail", "--region", "Frankfurt"];

#[tokio::test]
async fn a_named_relay_is_where_the_page_says_it_checked_from() {
    let page = Page::open("", RELAY).await;
    let dropped = Settings { address: "alice@fw.example.test", host: "fw.example.test", ..Settings::default() };
    let findings = page.diagnose(&dropped, "checked-from-page").await;
    assert_eq!(findings.first().map(|(code, _)| code.as_str()), Some("tcp.filtered"), "{findings:?}");
    assert_eq!(page.text("#checked-from").await, "Checked from: the relay Example Mail (Frankfurt)");
    let title = page.text("#findings > section[data-code='tcp.filtered'] h3").await;
    let card = page.text("#findings > section[data-code='tcp.filtered']").await;
    assert!(title.contains("From the relay Example Mail in Frankfurt, connections to port 993"), "{title}\n\n{card}");
    assert!(!card.contains("your network blocks"), "{card}");
    page.screenshot("checked-from-page").await;

    // The share link carries it to whoever opens the report.
    page.click("share").await;
    page.wait_for("#share-link", 10).await;
    let link = page.value("#share-link").await.expect("a share link");

    page.select("lang", "de").await;
    let german = "Geprüft von: das Relay Example Mail (Frankfurt)";
    for _ in 0..40 {
        if page.text("#checked-from").await == german {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(page.text("#checked-from").await, german);
    let title = page.text("#findings > section[data-code='tcp.filtered'] h3").await;
    assert!(title.contains("Vom Relay Example Mail in Frankfurt aus bleiben Verbindungen zu Port 993"), "{title}");

    // Only the fragment differs from the page's address: load it afresh.
    page.browser.client.goto(&link).await.expect("the link opens");
    page.browser.client.refresh().await.expect("the link loads");
    page.wait_for("#status[data-phase=shared]", 20).await;
    assert_eq!(page.text("#checked-from").await, "Checked from: the relay Example Mail (Frankfurt)");
    page.close().await;
}
