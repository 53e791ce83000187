//! The widget with its `local` attribute: on a help center's page it looks
//! for maildoctor on the person's computer, as the page does, and checks
//! from there when it answers; without the attribute it never looks.

use std::time::Duration;

use maildoctor_tests::sites::{deploy_page, StaticSite};
use maildoctor_tests::{Browser, RelayProcess, TempDir};

use super::built_ui;

fn ws_of(relay: &RelayProcess) -> String {
    relay.url.replacen("http://", "ws://", 1) + "/v1/ws"
}

/// The relay the widget on `url` settled on, and whether it is local.
async fn widget_choice(browser: &Browser, url: &str, want_local: bool) -> (String, String) {
    browser.client.goto(url).await.expect("the help page loads");
    // Both attributes in one script: read one by one, they could come from
    // two renders (the remote relay's URL with the local relay's flag).
    let read = "const c = document.querySelector('maildoctor-check')?.shadowRoot?.getElementById('relay-choice'); \
                return c ? [c.dataset.relay ?? '', c.dataset.local ?? ''] : null";
    let mut last = (String::new(), String::new());
    for _ in 0..100 {
        if let Ok(serde_json::Value::Array(pair)) = browser.client.execute(read, vec![]).await {
            let text = |i: usize| pair.get(i).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
            last = (text(0), text(1));
            if (last.1 == "true") == want_local {
                return last;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    last
}

#[tokio::test]
async fn the_widget_uses_this_computers_relay_when_its_local_attribute_asks() {
    let dir = TempDir::new("widget-local");
    deploy_page(&built_ui(), &dir.0.join("cdn"));
    let site = StaticSite::serve(&dir.0).await;
    let remote = RelayProcess::start(&built_ui(), &["--allow-origin", &site.origin]).await;
    let local =
        RelayProcess::start(&built_ui(), &["--local", "--listen", "127.0.0.1:0", "--allow-origin", &site.origin]).await;
    let page = |local_attribute: &str| {
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Help</title></head><body>
<script type="module" src="/cdn/widget.js"></script>
<maildoctor-check relay="{}" domain="example.test" {local_attribute}></maildoctor-check></body></html>"#,
            ws_of(&remote)
        )
    };
    std::fs::create_dir_all(dir.0.join("help")).expect("folder");
    std::fs::write(dir.0.join("help/local.html"), page(&format!(r#"local="{}""#, ws_of(&local)))).expect("write");
    std::fs::write(dir.0.join("help/plain.html"), page("")).expect("write");

    let browser = Browser::start().await;
    let (relay, is_local) = widget_choice(&browser, &format!("{}/help/local.html", site.origin), true).await;
    assert_eq!((relay.as_str(), is_local.as_str()), (ws_of(&local).as_str(), "true"), "this computer's relay first");
    let (relay, is_local) = widget_choice(&browser, &format!("{}/help/plain.html", site.origin), false).await;
    assert_eq!((relay.as_str(), is_local.as_str()), (ws_of(&remote).as_str(), "false"), "no attribute: not looked for");
    // No heading-level attribute either: the widget's heading is an h2.
    let title =
        "return document.querySelector('maildoctor-check').shadowRoot.getElementById('maildoctor-title').tagName";
    assert_eq!(browser.client.execute(title, vec![]).await.expect("the script runs").as_str(), Some("H2"));
    browser.close().await;
}
