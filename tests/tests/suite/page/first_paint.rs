//! The first screen index.html paints before the WebAssembly arrives: it is
//! in the document the relay sends, it says what the app then says, it
//! stands where the app's screen stands (nothing moves when the app takes
//! over), and it takes no input the app could lose. The WebAssembly is held
//! back by a test host until the test lets it go, so the painted screen is
//! seen for sure.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use maildoctor_rules::{Args, Catalog, Lang};
use maildoctor_tests::{http_get, Browser, RelayProcess};
use serde_json::{json, Value};
use tokio::sync::watch;

use super::{built_ui, Page};

/// The first screen's fields, each with its label (the token's is behind
/// Advanced, which is painted shut).
const FIELDS: [&str; 11] = [
    "lang",
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

/// Boxes that must not move when the app takes over (the painted button has
/// no id: `#diagnose` is the app's).
const BOXES: [&str; 19] = [
    "h1",
    "#lang",
    ".lede",
    "#relay-choice",
    "#relay-choice summary",
    "#diagnose-form",
    "legend",
    "#address",
    "#password-note",
    "#protocol",
    "#host",
    "#port",
    "#security",
    "#out-host",
    "#out-security",
    "#advanced",
    "#form-note",
    ".actions button",
    "fieldset:nth-of-type(3)",
];

fn body(response: &str) -> &str {
    response.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

#[tokio::test]
async fn the_relay_sends_the_first_screen_and_the_app_takes_it_over_without_a_second_form() {
    let relay = RelayProcess::start(&built_ui(), &[]).await;
    let host = relay.url.trim_start_matches("http://").to_owned();
    let response = http_get(&host, "/", &[]).await;
    let html = body(&response);
    assert!(html.contains(r#"<main class="maildoctor" lang="en" id="first-paint">"#), "{html}");
    assert!(html.contains(r#"<form id="diagnose-form""#), "{html}");
    for id in FIELDS {
        assert!(html.contains(&format!(r#"id="{id}""#)), "#{id} is painted");
    }
    for id in FIELDS.iter().filter(|id| **id != "lang") {
        assert!(html.contains(&format!(r#"<label for="{id}">"#)), "#{id} has its label");
    }
    let loading = Catalog::new(Lang::En).text("page-loading", &Args::new());
    assert!(html.contains(&format!(r#"data-l10n="page-loading">{loading}</p>"#)), "the loading note: {loading}");
    assert!(html.contains(r#"<link rel="icon" href="data:,""#), "no request for /favicon.ico");
    // The policy in the page allows no inline script or style.
    assert!(!html.contains("<script>") && !html.contains("<style") && !html.contains(" style="), "{html}");

    let browser = Browser::start().await;
    let page = Page { base: relay.url.clone(), relay, browser };
    page.goto("").await;
    // Compared element by element with the painted screen, parsed from the
    // very bytes the relay sent: the same elements, classes and words,
    // fields of the same kind and value, and one of each.
    let found = page
        .browser
        .client
        .execute(
            r##"
            const painted = new DOMParser().parseFromString(arguments[0], "text/html").getElementById("first-paint");
            const app = document.querySelector("main.maildoctor");
            const own = (e) => [...e.childNodes].filter((n) => n.nodeType == 3).map((n) => n.data).join("")
                .replace(/\s+/g, " ").trim();
            // The app's own: its relay's name where the painted screen says it is loading.
            const skip = (e) => e.matches("#relay-choice > p:first-child");
            const differences = [];
            const compare = (p, a, path) => {
                const here = `${path} > ${p.tagName.toLowerCase()}${p.id ? "#" + p.id : ""}`;
                if (p.tagName != a.tagName) return differences.push(`${here}: the app has ${a.tagName}`);
                if (p.id != a.id && p.id != "first-paint" && p.tagName != "BUTTON" && !skip(p)) differences.push(`${here}: id ${a.id}`);
                if (p.className != a.className) differences.push(`${here}: class "${a.className}"`);
                if (!skip(p) && own(p) != own(a)) differences.push(`${here}: "${own(p)}", the app "${own(a)}"`);
                for (const name of ["for", "type", "placeholder", "autocomplete", "inputmode", "lang"]) {
                    if (p.getAttribute(name) != a.getAttribute(name))
                        differences.push(`${here}: ${name}="${p.getAttribute(name)}", the app "${a.getAttribute(name)}"`);
                }
                for (const name of ["selected", "open", "required"]) {
                    if (p.hasAttribute(name) != a.hasAttribute(name)) differences.push(`${here}: ${name} differs`);
                }
                if (p.tagName == "OPTION" && p.value != a.value) differences.push(`${here}: value ${p.value}, the app ${a.value}`);
                if (p.tagName == "INPUT" && p.value != a.value) differences.push(`${here}: value ${p.value}, the app ${a.value}`);
                if (p.tagName == "SELECT" && p.value != a.value) differences.push(`${here}: chosen ${p.value}, the app ${a.value}`);
                if (skip(p)) return;
                // The app's main goes on after the form (its status and result).
                const [pc, ac] = [[...p.children], [...a.children]];
                // The painted sections never open: only their summary is there.
                if (pc.length != ac.length && p.id != "first-paint" && p.tagName != "DETAILS") differences.push(`${here}: ${pc.length} children, the app ${ac.length}`);
                pc.forEach((child, i) => ac[i] ? compare(child, ac[i], here) : differences.push(`${here}: no child ${i} in the app`));
            };
            compare(painted, app, "");
            return {
                differences,
                mains: document.querySelectorAll("main").length,
                forms: document.querySelectorAll("form").length,
                addresses: document.querySelectorAll("#address").length,
                painted: !!document.getElementById("first-paint"),
                loading: !!document.getElementById("first-paint-loading"),
            };
            "##,
            vec![json!(html)],
        )
        .await
        .expect("the comparison runs");
    assert_eq!(found["differences"], json!([]), "the painted screen is the app's first screen");
    assert_eq!(
        (&found["mains"], &found["forms"], &found["addresses"], &found["painted"], &found["loading"]),
        (&json!(1), &json!(1), &json!(1), &json!(false), &json!(false)),
        "the app took the painted screen over: {found}"
    );
    page.close().await;
}

/// A host of the built page that holds the WebAssembly back until
/// [`Held::release`]; its `config.json` names the relay.
struct Held {
    origin: String,
    files: Arc<Files>,
    release: watch::Sender<bool>,
}

struct Files {
    dir: PathBuf,
    config: OnceLock<String>,
    released: watch::Receiver<bool>,
}

impl Held {
    async fn serve() -> Self {
        let (release, released) = watch::channel(false);
        let files = Arc::new(Files { dir: built_ui(), config: OnceLock::new(), released });
        let app = axum::Router::new().fallback(file).with_state(files.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let origin = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Held { origin, files, release }
    }

    fn release(&self) {
        self.release.send_replace(true);
    }
}

async fn file(State(files): State<Arc<Files>>, uri: Uri) -> Response {
    let path = match uri.path().trim_start_matches('/') {
        "" => "index.html",
        path => path,
    };
    if path == "config.json" {
        let config = files.config.get().cloned().unwrap_or_default();
        return ([(header::CONTENT_TYPE, "application/json")], config).into_response();
    }
    if path.ends_with(".wasm") {
        let _ = files.released.clone().wait_for(|released| *released).await;
    }
    let kind = match path.rsplit('.').next() {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("css") => "text/css",
        Some("wasm") => "application/wasm",
        _ => "application/octet-stream",
    };
    match std::fs::read(files.dir.join(path)).ok().filter(|_| !path.contains("..")) {
        Some(bytes) => ([(header::CONTENT_TYPE, kind)], bytes).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The page from a [`Held`] host (its relay lets that host's pages check),
/// showing the painted screen: the WebAssembly is still held.
async fn held_page(browser: Browser) -> (Page, Held) {
    let held = Held::serve().await;
    let relay = RelayProcess::start(&built_ui(), &["--allow-origin", &held.origin]).await;
    let ws = relay.url.replacen("http://", "ws://", 1) + "/v1/ws";
    // No "local": the page offers to look for a relay on this computer (and
    // looks only when asked), as on a relay's own page.
    let config = json!({ "relays": [{ "name": "Test relay", "region": "loopback", "url": ws }] });
    held.files.config.set(config.to_string()).expect("set once");
    let page = Page { base: held.origin.clone(), relay, browser };
    page.browser.client.goto(&held.origin).await.expect("the page loads");
    page.wait_for("#first-paint #address", 10).await;
    (page, held)
}

/// Lets the WebAssembly go and waits until the app has taken over.
async fn take_over(page: &Page, held: &Held) {
    assert!(!page.exists("#diagnose").await, "the app has not started before its WebAssembly");
    held.release();
    page.wait_for("#diagnose", 20).await;
}

async fn boxes(page: &Page) -> Value {
    page.script(
        &format!(
            "return {}.map((css) => {{ const e = document.querySelector(css); if (!e) return [css, 'missing']; \
             const r = e.getBoundingClientRect(); \
             return [css, r.x, r.y, r.width, r.height].map((v) => typeof v == 'number' ? Math.round(v * 2) / 2 : v); }})",
            json!(BOXES)
        ),
    )
    .await
}

/// The layout shifts the browser saw (the Layout Instability API, which
/// Lighthouse's CLS sums), each not right after an input.
async fn layout_shift(page: &Page) -> f64 {
    let found = page
        .browser
        .client
        .execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            let shift = 0;
            const add = (entries) => entries.forEach((e) => { if (!e.hadRecentInput) shift += e.value; });
            const observer = new PerformanceObserver((list) => add(list.getEntries()));
            observer.observe({ type: "layout-shift", buffered: true });
            // Buffered entries reach the observer by the next frames.
            requestAnimationFrame(() => requestAnimationFrame(() => { add(observer.takeRecords()); done(shift); }));
            "#,
            vec![],
        )
        .await
        .expect("the shifts are read");
    found.as_f64().expect("a number")
}

/// The painted screen, then the app's, in a window of `width` × `height`.
async fn nothing_moves_when_the_app_takes_over(width: u32, height: u32) {
    let (page, held) = held_page(Browser::start_sized(width, height).await).await;
    page.screenshot(&format!("first-paint-{width}-painted")).await;
    assert_eq!(page.text("#first-paint-loading").await, Catalog::new(Lang::En).text("page-loading", &Args::new()));
    // Read-only: nothing typed, chosen or opened there could be lost.
    let open = page
        .script(
            "return [...document.querySelectorAll('#first-paint input, #first-paint select, #first-paint button')]              .filter((e) => !e.disabled).map((e) => e.id || e.tagName)              .concat([...document.querySelectorAll('#first-paint summary')]              .filter((s) => s.tabIndex != -1 || getComputedStyle(s).pointerEvents != 'none').map((s) => s.textContent))",
        )
        .await;
    assert_eq!(open, json!([]), "every painted control is disabled, every section shut");
    let painted = boxes(&page).await;
    take_over(&page, &held).await;
    page.screenshot(&format!("first-paint-{width}-app")).await;
    assert_eq!(boxes(&page).await, painted, "every box stands where it was painted");
    assert_eq!(layout_shift(&page).await, 0.0, "no layout shift");
    assert!(!page.exists("#first-paint").await);
    // The app's own form takes input at once.
    page.fill("address", "alice@example.test").await;
    assert_eq!(page.value("#address").await.as_deref(), Some("alice@example.test"));
    assert_eq!(page.script("return document.getElementById('diagnose').disabled").await, json!(false));
    page.close().await;
}

#[tokio::test]
async fn on_a_phone_nothing_moves_when_the_app_takes_over() {
    // Lighthouse's phone (a moto g power).
    nothing_moves_when_the_app_takes_over(412, 823).await;
}

#[tokio::test]
async fn on_a_desktop_nothing_moves_when_the_app_takes_over() {
    nothing_moves_when_the_app_takes_over(1100, 1300).await;
}
