//! The page runs one check through two relays at once, one on each side of
//! the staged networks (see `vantage`), and says whose fault it is.

use maildoctor_tests::sites::{deploy_page, StaticSite};
use maildoctor_tests::{Browser, RelayProcess, TempDir};

use super::export::downloaded;
use super::{built_ui, Page, Settings};
use crate::vantage::Case;

#[tokio::test(flavor = "multi_thread")]
async fn the_page_compares_this_network_with_the_internet_in_every_staged_case() {
    let dir = TempDir::new("compare");
    deploy_page(&built_ui(), &dir.0);
    let site = StaticSite::serve(&dir.0).await;
    let mut first = Some(Browser::start().await);
    let mut page: Option<Page> = None;
    for case in Case::ALL {
        let staged = case.stage(&site.origin).await;
        let listen = format!("{}:0", staged.places.stage.here);
        let resolver = staged.resolver.to_string();
        let args =
            ["--listen", listen.as_str(), "--resolver", resolver.as_str(), "--allow-origin", site.origin.as_str()];
        let here = RelayProcess::start_in(&staged.places.stage.namespace, &built_ui(), &args).await;
        let ws = |relay: &RelayProcess| relay.url.replacen("http://", "ws://", 1) + "/v1/ws";
        let suffix = format!("?relay={}&compare={}", ws(&here), ws(&staged.places.relay));
        // A link's relays are used only when the site lists them (item 4 of
        // issue 19): this site lists both places.
        let config = serde_json::json!({ "relays": [{ "url": ws(&here) }, { "url": ws(&staged.places.relay) }], "local": false });
        std::fs::write(dir.0.join("config.json"), config.to_string()).expect("config.json");
        // One browser for every case; each case's relays go with its page.
        let browser = match page.take() {
            Some(page) => page.browser,
            None => first.take().expect("the browser"),
        };
        let mut current = Page { base: site.origin.clone(), relay: here, browser };
        current.goto(&suffix).await;
        // The choice appears once config.json has said the relay is the site's.
        current.wait_for("#compare", 20).await;
        let on = current.script("return document.getElementById('compare').checked").await;
        assert_eq!(on, serde_json::Value::Bool(true), "comparing is on");
        let settings = Settings { host: staged.incoming, out_host: "mail.example.test", ..Settings::default() };
        current.enter(&settings).await;
        current.click("diagnose").await;
        current.wait_for("#whose-fault", 60).await;
        let fault = current.attr("#whose-fault", "data-fault").await;
        assert_eq!(fault.as_deref(), Some(staged.fault), "{case:?}: {}", current.text("#comparison").await);
        let card = format!("#compared > section[data-code='{}']", staged.code);
        assert!(current.exists(&card).await, "{case:?}: {}", current.text("#comparison").await);
        let verdict = current.text("#whose-fault").await;
        assert!(verdict.starts_with("Whose fault:"), "{verdict}");
        current.screenshot(&format!("compare-{case:?}").to_lowercase()).await;
        // The exports carry the comparison (once: a second download of
        // the same name would be renamed by the browser).
        if matches!(case, Case::Drop587) {
            current.click("download-markdown").await;
            let markdown = downloaded(&current.browser.downloads.0, "maildoctor-alice-example.test.md").await;
            assert!(markdown.contains(&format!("\n{verdict}\n")), "{markdown}");
            assert!(markdown.contains(&format!("(`{}`)", staged.code)), "{markdown}");
            current.click("download-json").await;
            let json = downloaded(&current.browser.downloads.0, "maildoctor-alice-example.test.json").await;
            let json: serde_json::Value = serde_json::from_str(&json).expect("the JSON export parses");
            assert_eq!(json["comparison"]["fault"], staged.fault, "{json:#}");
            assert_eq!(json["there"]["relay"], ws(&staged.places.relay), "{json:#}");
            assert_eq!(json["here"]["address"], "alice@example.test", "{json:#}");
            assert!(json["there"]["report"]["findings"].is_array(), "{json:#}");
            // So does the share link: opened in a fresh browser, it shows
            // the same verdict and difference beside the report from here.
            current.click("share").await;
            current.wait_for("#share-link", 10).await;
            let link = current.value("#share-link").await.expect("a share link");
            assert!(link.contains("#report=") && link.contains("&compared="), "{link}");
            let Page { base, relay, browser } = current;
            let shared = Page { base: base.clone(), relay, browser: Browser::start().await };
            shared.browser.client.goto(&link).await.expect("the link opens");
            // A fresh browser loads the page and inflates the link's two
            // reports; under a busy CI run this once took over 20 s.
            let opened = shared
                .browser
                .client
                .wait()
                .at_most(std::time::Duration::from_secs(60))
                .for_element(fantoccini::Locator::Css("#status[data-phase=shared]"))
                .await;
            if opened.is_err() {
                let phase = shared.attr("#status", "data-phase").await;
                panic!("the share link did not open within 60 s: phase {phase:?}: {}", shared.text("main").await);
            }
            shared.wait_for("#whose-fault", 10).await;
            assert_eq!(shared.attr("#whose-fault", "data-fault").await.as_deref(), Some(staged.fault));
            assert_eq!(shared.text("#whose-fault").await, verdict);
            assert!(shared.exists(&card).await, "{}", shared.text("#comparison").await);
            shared.screenshot("compare-shared").await;
            let Page { relay, browser: agent, .. } = shared;
            agent.close().await;
            current = Page { base, relay, browser };
        }
        page = Some(current);
    }
    if let Some(page) = page {
        page.close().await;
    }
}
