//! Issue 23, "Autodiscover in full", on the page: an address whose domain
//! publishes settings only by POX Autodiscover (a hoster's answer, from the
//! stand-in of tests/fixtures/autodiscover_walk.py) gets them found, proven
//! against the real servers, and says which candidate answered.

use super::{Page, Settings};
use crate::autodiscover_walk::StandIn;

#[tokio::test(flavor = "multi_thread")]
async fn settings_found_by_pox_autodiscover_show_where_they_came_from() {
    let _stand_in = StandIn::up();
    let page = Page::open("", &[]).await;
    let settings = Settings { address: "dora@pox.example.test", ..Settings::default() };
    let findings = page.diagnose(&settings, "autodiscover-pox").await;
    assert!(findings.iter().any(|(code, _)| code == "discovery.found"), "{findings:?}");
    assert!(findings.iter().any(|(code, _)| code == "discovery.autodiscover_answered"), "{findings:?}");
    let card = page.text("#findings > section[data-code='discovery.autodiscover_answered']").await;
    assert!(
        card.contains("These settings came from Autodiscover at https://autodiscover.pox.example.test/autodiscover/autodiscover.xml"),
        "{card}"
    );
    let found = page.text("#findings > section[data-code='discovery.found']").await;
    assert!(found.contains("mail.example.test") && found.contains("Autodiscover"), "{found}");
    page.close().await;
}
