//! When the relay, not the mail server, is the trouble, the page says so
//! and what to do: a relay that is down, one that refuses the page's
//! origin, one that accepts and then never answers, one that restarts
//! mid-check.

use maildoctor_tests::sites::deploy_page;
use maildoctor_tests::{http_get, Browser, RelayProcess, TempDir};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;

use super::{built_ui, Page, Settings};

/// Diagnoses through `relay` and returns the problem the page names. The
/// page's config.json (in `site`, the folder its relay serves) lists the
/// relay, since a page uses only its site's relays (issue 19).
async fn problem_with(page: &Page, site: &TempDir, relay: &str, screenshot: &str) -> String {
    start_check(page, site, relay, &Settings { host: "mail.example.test", ..Settings::default() }).await;
    problem_named(page, screenshot).await
}

async fn start_check(page: &Page, site: &TempDir, relay: &str, settings: &Settings<'_>) {
    let config = format!(r#"{{"relays": [{{"url": "{relay}"}}], "local": false}}"#);
    std::fs::write(site.0.join("config.json"), config).expect("config.json");
    page.goto(&format!("?relay={relay}")).await;
    page.enter(settings).await;
    page.click("diagnose").await;
}

/// The problem the page names once its check has failed.
async fn problem_named(page: &Page, screenshot: &str) -> String {
    page.wait_for("#status[data-phase=failed]", 30).await;
    page.screenshot(screenshot).await;
    assert!(!page.text("#relay-problem .fix").await.is_empty(), "it says what to do");
    let blamed = page.exists("#findings > section.error").await;
    assert!(!blamed, "no mail finding blames the server: {}", page.text("#findings").await);
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

/// A relay stopped by SIGTERM (a deploy, a reboot) lets what runs finish
/// for up to its drain, then closes with 1001. The page says the relay
/// restarted, not "check that you are online", and calls the server whose
/// probe the drain cut short neither working nor broken.
#[tokio::test]
async fn a_relay_that_restarts_mid_check_is_named_as_restarting() {
    let site = TempDir::new("relay-restarts");
    deploy_page(&built_ui(), &site.0);
    let relay = RelayProcess::start(&site.0, &[]).await;
    let page = Page { base: relay.url.clone(), relay, browser: Browser::start().await };
    // A server that takes the connection and has not greeted when the
    // drain ends (a greeting may take 15 s, the drain 10 s): the check
    // cannot end before the relay does.
    let silent = TcpListener::bind("127.0.0.91:0").await.expect("bind");
    let port = silent.local_addr().expect("addr").port().to_string();
    let args = ["--allow-origin", page.base.as_str(), "--allow-port", port.as_str()];
    let mut checking = RelayProcess::start(&built_ui(), &args).await;
    let checking_ws = checking.url.replacen("http://", "ws://", 1) + "/v1/ws";
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            held.push(stream);
        }
    });
    let settings = Settings { host: "127.0.0.91", port: &port, security: "starttls", ..Settings::default() };
    start_check(&page, &site, &checking_ws, &settings).await;
    // Its first operation ended: the page has its hello and more to ask.
    let metrics = checking.metrics.clone().expect("the relay serves metrics");
    let deadline = Instant::now() + Duration::from_secs(20);
    while operations_ended(&metrics).await < 1.0 {
        assert!(Instant::now() < deadline, "the check reached the relay");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    checking.terminate();
    page.wait_for("#status:not([data-phase=idle]):not([data-phase=running])", 40).await;
    let phase = page.attr("#status", "data-phase").await;
    assert_eq!(phase.as_deref(), Some("failed"), "the check ended otherwise: {}", page.text("#status").await);
    assert_eq!(problem_named(&page, "relay-restarts").await, "restarting");
    let said = page.text("#relay-problem").await;
    assert!(said.contains("restarted before the checks finished"), "{said}");
    assert_eq!(page.attr("#verdict", "data-verdict").await.as_deref(), Some("not_verified"));
    let untested = page.text("#untested").await;
    assert!(untested.contains("Receiving mail was not tested to the end: the check stopped"), "{untested}");
    // The cut probe stopped; nothing on the page still says it runs.
    assert!(page.exists("li.probe[data-state=stopped]").await);
    assert!(!page.exists("li.probe[data-state=running], .cell[data-state=waiting]").await);
    assert!(checking.exit_status(Duration::from_secs(20)).await.success());
    page.close().await;
}

/// How many operations the relay behind `metrics` has finished.
async fn operations_ended(metrics: &str) -> f64 {
    let text = http_get(metrics.trim_start_matches("http://"), "/metrics", &[]).await;
    text.lines()
        .filter(|line| line.starts_with("maildoctor_operations_ended_total"))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
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
