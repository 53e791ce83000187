//! The relay's HTTP routes, each request handed to the router with
//! `tower::ServiceExt::oneshot` as axum's examples do: no listener, no
//! socket, nothing dialled.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use maildoctor::metrics::Metrics;
use maildoctor::page::Page;
use maildoctor::serve::{relay_counted, RelayConfig};
use maildoctor_probe::{Executor, ExecutorConfig, Policy, ResolverSetting, Timeouts, Trust};
use tower::ServiceExt;

/// An executor no route here runs: the routes only hand it to sessions.
fn executor() -> Executor {
    Executor::new(ExecutorConfig {
        resolver: ResolverSetting::Server(SocketAddr::from(([127, 0, 0, 1], 9))),
        trust: Trust::new(None).expect("the built-in roots"),
        policy: Policy::default(),
        timeouts: Timeouts::default(),
        ispdb: None,
        autodiscover: None,
        reference: Vec::new(),
    })
    .expect("executor")
}

/// A built page of two files, in a folder of this test's own.
fn page(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("maildoctor-routes-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("folder");
    std::fs::write(folder.join("index.html"), "<!doctype html><title>maildoctor</title>").expect("index");
    std::fs::write(folder.join("web-0123456789abcdef.wasm"), b"\0asm").expect("wasm");
    folder
}

fn relay(name: &str, config: RelayConfig) -> (Router, Arc<Metrics>, maildoctor::serve::Drain) {
    let metrics = Arc::new(Metrics::default());
    let (router, drain) = relay_counted(executor(), config, Page::Folder(page(name)), metrics.clone());
    (router, metrics, drain)
}

async fn get(router: &Router, path: &str, headers: &[(&str, &str)]) -> Response<Body> {
    let mut request = Request::get(path);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    router.clone().oneshot(request.body(Body::empty()).expect("request")).await.expect("infallible")
}

async fn text(response: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.expect("body");
    String::from_utf8(bytes.to_vec()).expect("text")
}

fn header_of(response: &Response<Body>, name: header::HeaderName) -> &str {
    response.headers().get(name).map_or("", |value| value.to_str().expect("text"))
}

/// What a browser sends to open the WebSocket, from `origin`.
const UPGRADE: [(&str, &str); 4] = [
    ("connection", "upgrade"),
    ("upgrade", "websocket"),
    ("sec-websocket-version", "13"),
    ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
];

#[tokio::test]
async fn health_and_readiness_answer_and_readiness_ends_with_a_drain() {
    let (router, _, drain) = relay("health", RelayConfig::default());
    let health = get(&router, "/healthz", &[]).await;
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(text(health).await, "ok\n");
    let ready = get(&router, "/readyz", &[]).await;
    assert_eq!((ready.status(), text(ready).await.as_str()), (StatusCode::OK, "ready\n"));

    drain.run().await.expect("no session to wait for");
    let ready = get(&router, "/readyz", &[]).await;
    assert_eq!((ready.status(), text(ready).await.as_str()), (StatusCode::SERVICE_UNAVAILABLE, "draining\n"));
    assert_eq!(get(&router, "/healthz", &[]).await.status(), StatusCode::OK, "alive while it drains");
}

#[tokio::test]
async fn metrics_are_only_on_their_own_router_and_count_what_the_page_router_refused() {
    let (router, metrics, _drain) = relay("metrics", RelayConfig::default());
    // Off on the page's listener: the path is just a file that is not there.
    assert_eq!(get(&router, "/metrics", &[]).await.status(), StatusCode::NOT_FOUND);

    let mut upgrade = UPGRADE.to_vec();
    upgrade.push(("origin", "https://evil.example"));
    assert_eq!(get(&router, "/v1/ws", &upgrade).await.status(), StatusCode::FORBIDDEN);

    let response = get(&maildoctor::metrics::router(metrics), "/metrics", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(header_of(&response, header::CONTENT_TYPE).starts_with("application/openmetrics-text"));
    let body = text(response).await;
    assert!(body.contains("maildoctor_ws_sessions_rejected_total{why=\"origin\"} 1\n"), "counted:\n{body}");
    assert!(body.ends_with("# EOF\n"), "OpenMetrics ends with # EOF");
}

#[tokio::test]
async fn the_page_is_served_with_its_cache_and_safety_headers() {
    let (router, _, _drain) = relay("page", RelayConfig::default());
    let index = get(&router, "/", &[]).await;
    assert_eq!(index.status(), StatusCode::OK);
    assert!(header_of(&index, header::CONTENT_TYPE).starts_with("text/html"));
    assert_eq!(header_of(&index, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(header_of(&index, header::CACHE_CONTROL), "no-cache");
    assert_eq!(header_of(&index, header::ACCESS_CONTROL_ALLOW_ORIGIN), "", "no other origin is let in");
    let etag = header_of(&index, header::ETAG).to_owned();
    assert!(text(index).await.contains("<title>maildoctor</title>"));

    let again = get(&router, "/index.html", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "an unchanged page costs a 304");

    let wasm = get(&router, "/web-0123456789abcdef.wasm", &[]).await;
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(header_of(&wasm, header::CACHE_CONTROL), maildoctor::page::IMMUTABLE, "named by its content");
}

#[tokio::test]
async fn listed_origins_may_load_the_page_and_others_get_no_cors() {
    let config = RelayConfig { allow_origins: vec!["https://help.example.com".into()], ..RelayConfig::default() };
    let (router, _, _drain) = relay("cors", config);
    let listed = get(&router, "/index.html", &[("origin", "https://help.example.com")]).await;
    assert_eq!(header_of(&listed, header::ACCESS_CONTROL_ALLOW_ORIGIN), "https://help.example.com");
    assert!(header_of(&listed, header::VARY).contains("Origin"));
    let other = get(&router, "/index.html", &[("origin", "https://evil.example")]).await;
    assert_eq!(other.status(), StatusCode::OK);
    assert_eq!(header_of(&other, header::ACCESS_CONTROL_ALLOW_ORIGIN), "");
}

#[tokio::test]
async fn other_origins_are_refused_the_websocket_before_anything_else() {
    let (router, _, _drain) = relay("ws", RelayConfig::default());
    for origin in ["https://evil.example", "null"] {
        let mut upgrade = UPGRADE.to_vec();
        upgrade.push(("origin", origin));
        let refused = get(&router, "/v1/ws", &upgrade).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{origin}");
        assert!(text(refused).await.contains("origin may not use this relay"));
    }
    // A rebound name: Host and Origin agree, but a name is never the relay's own.
    let mut upgrade = UPGRADE.to_vec();
    upgrade.extend([("host", "evil.example:8080"), ("origin", "http://evil.example:8080")]);
    assert_eq!(get(&router, "/v1/ws", &upgrade).await.status(), StatusCode::FORBIDDEN);

    // The relay's own page gets past the origin; only the missing
    // connection (oneshot has none to upgrade) stops it here.
    let mut upgrade = UPGRADE.to_vec();
    upgrade.extend([("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")]);
    assert_eq!(get(&router, "/v1/ws", &upgrade).await.status(), StatusCode::UPGRADE_REQUIRED);
    // And a plain GET is not an upgrade at all.
    assert_eq!(get(&router, "/v1/ws", &[]).await.status(), StatusCode::BAD_REQUEST);

    let status = get(&router, "/v1/status", &[("origin", "https://evil.example")]).await;
    assert_eq!(header_of(&status, header::ACCESS_CONTROL_ALLOW_ORIGIN), "*", "any page may ask why");
    let status: serde_json::Value = serde_json::from_str(&text(status).await).expect("JSON");
    assert_eq!((status["origin"].as_str(), status["admission"].as_str()), (Some("refused"), Some("ready")));
}

#[tokio::test]
async fn unknown_paths_and_escapes_are_not_found() {
    let (router, _, _drain) = relay("missing", RelayConfig::default());
    for path in ["/nothing.js", "/v1/nothing", "/../../etc/passwd", "/%2e%2e/etc/passwd"] {
        let response = get(&router, path, &[]).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // A relay without a built page says how to build one.
    let (bare, _drain) = maildoctor::serve::relay(executor(), RelayConfig::default(), Page::Folder(PathBuf::new()));
    let response = get(&bare, "/", &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(text(response).await, maildoctor::page::NO_PAGE);
}
