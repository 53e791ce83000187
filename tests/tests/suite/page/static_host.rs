//! The page deployed as a CDN deploys it: copied under a sub-path of a
//! plain static web server, with no relay behind it. The relay runs on
//! another origin, which it allows with `--allow-origin`, and the page
//! finds it through `?relay=` or `config.json`; with several relays it
//! takes the nearest, and it finds a relay on this computer
//! (`serve --local`), which refuses pages and names it was not told of.

use std::time::Duration;

use maildoctor_tests::sites::{delaying_proxy, deploy_page, StaticSite};
use maildoctor_tests::{Browser, RelayProcess, TempDir};

use super::{built_ui, Page, Settings};

pub(super) const SUB_PATH: &str = "help/mail/check";

/// The built page under a sub-path of a static site, with `config` as its
/// `config.json` (none when empty).
pub(super) async fn static_site(dir: &TempDir, config: &str) -> StaticSite {
    let folder = dir.0.join(SUB_PATH);
    deploy_page(&built_ui(), &folder);
    if !config.is_empty() {
        std::fs::write(folder.join("config.json"), config).expect("config.json");
    }
    StaticSite::serve(&dir.0).await
}

pub(super) fn ws_of(relay: &RelayProcess) -> String {
    relay.url.replacen("http://", "ws://", 1) + "/v1/ws"
}

pub(super) async fn page_on(site: &StaticSite, relay: RelayProcess, suffix: &str) -> Page {
    let page = Page { base: format!("{}/{SUB_PATH}", site.origin), relay, browser: Browser::start().await };
    page.goto(suffix).await;
    page
}

/// Waits until the page has settled on a relay that is not the one the
/// static site would be (it has none).
pub(super) async fn chosen_relay(page: &Page) -> String {
    let site = page.base.replacen("http://", "ws://", 1);
    for _ in 0..100 {
        if let Some(url) = page.attr("#relay-choice", "data-relay").await.filter(|url| !url.starts_with(&site)) {
            return url;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page never chose a relay: {}", page.text("#relay-choice").await);
}

pub(super) async fn diagnose_healthy(page: &Page, screenshot: &str) {
    let settings = Settings { host: "mail.example.test", out_host: "mail.example.test", ..Settings::default() };
    let findings = page.diagnose(&settings, screenshot).await;
    assert!(findings.iter().any(|(code, _)| code == "ok.incoming"), "{findings:?}");
}

#[tokio::test]
async fn a_page_on_a_static_host_under_a_sub_path_uses_the_relay_its_config_names() {
    let dir = TempDir::new("static");
    let site = static_site(&dir, "").await;
    let relay = RelayProcess::start(&built_ui(), &["--allow-origin", &site.origin]).await;
    let config = format!(
        r#"{{"relays": [{{"name": "Test relay", "region": "loopback", "url": "{}"}}], "local": false}}"#,
        ws_of(&relay)
    );
    std::fs::write(dir.0.join(SUB_PATH).join("config.json"), config).expect("config.json");

    let page = page_on(&site, relay, "").await;
    assert_eq!(chosen_relay(&page).await, ws_of(&page.relay));
    let said = page.text("#relay-choice").await;
    assert!(said.contains("Test relay (loopback)"), "it says which relay: {said}");
    diagnose_healthy(&page, "static-host-config-json").await;
    page.close().await;
}

#[tokio::test]
async fn a_relay_in_the_address_wins_over_config_json() {
    let dir = TempDir::new("static");
    let site = static_site(&dir, "").await;
    let relay = RelayProcess::start(&built_ui(), &["--allow-origin", &site.origin]).await;
    let asked = ws_of(&relay);
    // A link may pick among the site's relays (one that is not, see link_relay.rs).
    let config =
        format!(r#"{{"relays": [{{"name": "Elsewhere", "url": "ws://127.0.0.1:9/v1/ws"}}, {{"url": "{asked}"}}]}}"#);
    std::fs::write(dir.0.join(SUB_PATH).join("config.json"), config).expect("config.json");
    let page = page_on(&site, relay, &format!("?relay={asked}")).await;
    assert_eq!(chosen_relay(&page).await, asked);
    assert!(!page.exists("select#relay").await, "a relay named in the address is the only choice");
    diagnose_healthy(&page, "static-host-relay-query").await;
    page.close().await;
}

#[tokio::test]
async fn of_two_configured_relays_the_nearer_one_is_picked_and_the_other_offered() {
    let dir = TempDir::new("static");
    let site = static_site(&dir, "").await;
    let near = RelayProcess::start(&built_ui(), &["--allow-origin", &site.origin]).await;
    let far_relay = RelayProcess::start(&built_ui(), &["--allow-origin", &site.origin]).await;
    // 150 ms each way: the far relay answers a hello 300 ms later.
    let far_port =
        delaying_proxy(far_relay.url.trim_start_matches("http://").to_owned(), Duration::from_millis(150)).await;
    let far = format!("ws://127.0.0.1:{far_port}/v1/ws");
    // The far one is listed first, so the order cannot be what decides.
    let config = format!(
        r#"{{"relays": [{{"name": "Far", "url": "{far}"}}, {{"name": "Near", "url": "{}"}}], "local": false}}"#,
        ws_of(&near)
    );
    std::fs::write(dir.0.join(SUB_PATH).join("config.json"), config).expect("config.json");

    let page = page_on(&site, near, "").await;
    assert_eq!(chosen_relay(&page).await, ws_of(&page.relay), "the nearer relay");
    let options = page.text("select#relay").await;
    assert!(options.contains("Far: ") && options.contains("Near: ") && options.contains(" ms away"), "{options}");
    page.screenshot("static-host-two-relays").await;

    // The person may choose the other one, and the check goes through it.
    page.select("relay", "0").await;
    assert_eq!(page.attr("#relay-choice", "data-relay").await.as_deref(), Some(far.as_str()));
    diagnose_healthy(&page, "static-host-far-relay-chosen").await;
    drop(far_relay);
    page.close().await;
}

#[tokio::test]
async fn the_page_finds_a_relay_on_this_computer_and_uses_it() {
    let dir = TempDir::new("static");
    let site = static_site(&dir, "").await;
    let remote = RelayProcess::start(&built_ui(), &["--allow-origin", &site.origin]).await;
    let local =
        RelayProcess::start(&built_ui(), &["--local", "--listen", "127.0.0.1:0", "--allow-origin", &site.origin]).await;
    let config =
        format!(r#"{{"relays": [{{"name": "Internet", "url": "{}"}}], "local": "{}"}}"#, ws_of(&remote), ws_of(&local));
    std::fs::write(dir.0.join(SUB_PATH).join("config.json"), config).expect("config.json");

    let page = page_on(&site, remote, "").await;
    assert_eq!(chosen_relay(&page).await, ws_of(&local), "this computer's relay is used first");
    assert_eq!(page.attr("#relay-choice", "data-local").await.as_deref(), Some("true"));
    let said = page.text("#relay-choice").await;
    assert!(said.contains("This computer") && said.contains("firewalls, VPNs"), "{said}");
    // A check from this computer is compared with the relay on the internet.
    let on = page.script("return document.getElementById('compare').checked").await;
    assert_eq!(on, serde_json::Value::Bool(true), "comparing is offered and on");
    diagnose_healthy(&page, "static-host-local-relay").await;
    page.wait_for("#whose-fault", 30).await;
    assert_eq!(
        page.attr("#whose-fault", "data-fault").await.as_deref(),
        Some("nobody"),
        "{}",
        page.text("#comparison").await
    );
    page.close().await;
}

#[tokio::test]
async fn a_local_relay_refuses_a_rebound_name_and_a_foreign_page() {
    let args = ["--local", "--listen", "127.0.0.1:0", "--allow-origin", "https://help.example.com"];
    let local = RelayProcess::start(&built_ui(), &args).await;
    let addr = local.url.trim_start_matches("http://").to_owned();
    let port = addr.rsplit(':').next().expect("a port");
    let upgrade = |origin: &'static str| {
        [
            ("Origin", origin),
            ("Upgrade", "websocket"),
            ("Connection", "Upgrade"),
            ("Sec-WebSocket-Version", "13"),
            ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
        ]
    };

    // Chromium's Private Network Access preflight, for a public page.
    let preflight = ask_with(
        "OPTIONS",
        &addr,
        "/v1/status",
        &addr,
        &[("Access-Control-Request-Private-Network", "true"), ("Origin", "https://help.example.com")],
    )
    .await;
    assert!(preflight.starts_with("HTTP/1.1 204"), "{preflight}");
    assert!(preflight.to_ascii_lowercase().contains("access-control-allow-private-network: true"), "{preflight}");

    let own = ask(&addr, "/v1/status", &addr, &[]).await;
    assert!(own.starts_with("HTTP/1.1 200") && own.contains(r#""local":true"#), "{own}");
    let by_name = ask(&addr, "/v1/status", &format!("localhost:{port}"), &[]).await;
    assert!(by_name.starts_with("HTTP/1.1 200"), "localhost is loopback: {by_name}");

    // DNS rebinding: evil.example resolves to 127.0.0.1, so its page's
    // requests reach the relay with Host evil.example, whatever the route.
    let rebound = format!("evil.example:{port}");
    let status = ask(&addr, "/v1/status", &rebound, &[]).await;
    assert!(status.starts_with("HTTP/1.1 421") && status.contains("answers only to http://127.0.0.1"), "{status}");
    let socket = ask(&addr, "/v1/ws", &rebound, &upgrade("http://evil.example")).await;
    assert!(socket.starts_with("HTTP/1.1 421"), "{socket}");
    let page = ask(&addr, "/", &rebound, &[]).await;
    assert!(page.starts_with("HTTP/1.1 421"), "{page}");

    // Another site's page, on the loopback name: its origin is not listed.
    let foreign = ask(&addr, "/v1/ws", &addr, &upgrade("https://evil.example")).await;
    assert!(foreign.starts_with("HTTP/1.1 403"), "{foreign}");
    let listed = ask(&addr, "/v1/ws", &addr, &upgrade("https://help.example.com")).await;
    assert!(listed.starts_with("HTTP/1.1 101"), "the configured origin may: {listed}");
}

#[tokio::test]
async fn a_local_relay_will_not_listen_beyond_loopback() {
    let output = std::process::Command::new(maildoctor_tests::maildoctor_bin())
        .args(["serve", "--local", "--listen", "0.0.0.0:0", "--ui", "/nonexistent"])
        .output()
        .expect("runs");
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("--local listens on loopback only"), "{said}");
}

/// One request to `addr` with `host` as its Host header: the first
/// chunk of the answer (an upgraded socket stays open, so not to the end).
async fn ask(addr: &str, path: &str, host: &str, headers: &[(&str, &str)]) -> String {
    ask_with("GET", addr, path, host, headers).await
}

async fn ask_with(method: &str, addr: &str, path: &str, host: &str, headers: &[(&str, &str)]) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\n");
    if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("connection")) {
        request.push_str("Connection: close\r\n");
    }
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = vec![0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut response)).await;
    let n = read.expect("an answer within 5 s").expect("read");
    String::from_utf8_lossy(&response[..n]).into_owned()
}
