//! When the relay, not the mail server, is the trouble, the page says so
//! and what to do: a relay that is down, one that refuses the page's
//! origin, one that accepts and then never answers.

use maildoctor_tests::sites::deploy_page;
use maildoctor_tests::{http_get, Browser, RelayProcess, TempDir};
use tokio::net::TcpListener;

use super::{built_ui, Page, Settings};

/// Diagnoses through `relay` and returns the problem the page names. The
/// page's config.json (in `site`, the folder its relay serves) lists the
/// relay, since a page uses only its site's relays (issue 19).
async fn problem_with(page: &Page, site: &TempDir, relay: &str, screenshot: &str) -> String {
    let config = format!(r#"{{"relays": [{{"url": "{relay}"}}], "local": false}}"#);
    std::fs::write(site.0.join("config.json"), config).expect("config.json");
    page.goto(&format!("?relay={relay}")).await;
    page.enter(&Settings { host: "mail.example.test", ..Settings::default() }).await;
    page.click("diagnose").await;
    page.wait_for("#status[data-phase=failed]", 30).await;
    page.screenshot(screenshot).await;
    assert!(!page.text("#relay-problem .fix").await.is_empty(), "it says what to do");
    assert!(!page.exists("#findings > section.error").await, "no mail finding blames the server");
    assert_eq!(page.attr("#path [data-hop=relay]", "data-state").await.as_deref(), Some("failed"));
    page.attr("#relay-problem", "data-problem").await.unwrap_or_default()
}

#[tokio::test]
async fn a_relay_that_is_down_refuses_the_origin_or_goes_silent_is_explained() {
    let site = TempDir::new("relay-problems");
    deploy_page(&built_ui(), &site.0);
    let relay = RelayProcess::start(&site.0, &[]).await;
    let page = Page { base: relay.url.clone(), relay, browser: Browser::start().await };

    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let down = format!("ws://{}/v1/ws", closed.local_addr().expect("addr"));
    drop(closed);
    assert_eq!(problem_with(&page, &site, &down, "relay-down").await, "unreachable");

    // Another relay, which serves only its own page.
    let other = RelayProcess::start(&built_ui(), &[]).await;
    let other_ws = other.url.replacen("http://", "ws://", 1) + "/v1/ws";
    assert_eq!(problem_with(&page, &site, &other_ws, "relay-refuses-origin").await, "origin");

    // Accepts the WebSocket, then never says a word.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let silent = format!("ws://{}/v1/ws", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            if let Ok(ws) = tokio_tungstenite::accept_async(stream).await {
                held.push(ws);
            }
        }
    });
    assert_eq!(problem_with(&page, &site, &silent, "relay-silent").await, "silent");
    page.close().await;
}

#[tokio::test]
async fn the_status_endpoint_tells_any_page_what_its_socket_would_meet() {
    let relay = RelayProcess::start(&built_ui(), &[]).await;
    let host = relay.url.trim_start_matches("http://").to_owned();
    let get = |origin: String| {
        let host = host.clone();
        async move { http_get(&host, "/v1/status", &[("Origin", &origin)]).await }
    };
    let foreign = get("http://evil.example".into()).await;
    assert!(foreign.to_ascii_lowercase().contains("access-control-allow-origin: *"), "{foreign}");
    assert!(foreign.contains(r#""origin":"refused""#), "{foreign}");
    assert!(foreign.contains(r#""admission":"ready""#), "{foreign}");
    let own = get(format!("http://{host}")).await;
    assert!(own.contains(r#""origin":"allowed""#), "{own}");
}
