//! The widget in a real help-centre theme (Zendesk's Copenhagen,
//! `tests/fixtures/help-center/`), with three origins as a provider would
//! have them: the help centre's article, the widget's files on a CDN, and
//! the relay. Before a reader comes near it the widget costs one small
//! file; when it scrolls into view it loads, runs a check to a finding and
//! adds no landmark of its own to the page. tools/test runs it in Chromium
//! and again in Firefox ESR (`MAILDOCTOR_BROWSER=firefox`).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{header, HeaderName, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use maildoctor_tests::sites::{deploy_page, StaticSite};
use maildoctor_tests::{artifacts_dir, Browser, RelayProcess, TempDir};
use serde_json::Value;

use super::built_ui;
use super::shadow::{inside, shadow, type_into};

/// What the CDN served: each path with its size in bytes.
type Served = Arc<Mutex<Vec<(String, usize)>>>;

/// A CDN on its own loopback origin: `root`'s files with the CORS header a
/// cross-origin module script needs, and Timing-Allow-Origin so the page
/// may see their sizes. `GET /served` lists what it served so far.
async fn serve_cdn(root: PathBuf) -> (String, Served) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let origin = format!("http://{}", listener.local_addr().expect("address"));
    let served: Served = Arc::default();
    let log = served.clone();
    let app = axum::Router::new().fallback(move |uri: Uri| {
        let (root, log) = (root.clone(), log.clone());
        async move { cdn_file(&root, uri.path(), &log) }
    });
    tokio::spawn(async move { axum::serve(listener, app).await });
    (origin, served)
}

fn cdn_file(root: &Path, path: &str, served: &Served) -> Response {
    let cors = [(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"), (HeaderName::from_static("timing-allow-origin"), "*")];
    if path == "/served" {
        let list: Vec<Value> =
            served.lock().expect("log").iter().map(|(path, bytes)| serde_json::json!([path, bytes])).collect();
        return (cors, axum::Json(list)).into_response();
    }
    let file = root.join(path.trim_start_matches('/'));
    let Ok(body) = std::fs::read(&file).map_err(|_| ()).and_then(|b| file.starts_with(root).then_some(b).ok_or(()))
    else {
        return (StatusCode::NOT_FOUND, cors).into_response();
    };
    served.lock().expect("log").push((path.to_owned(), body.len()));
    let mime = match file.extension().and_then(|e| e.to_str()) {
        Some("js" | "mjs") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        _ => "application/octet-stream",
    };
    (cors, [(header::CONTENT_TYPE, mime)], body).into_response()
}

/// The three origins: the article on the help centre, the widget on the
/// CDN, and the relay that lets the help centre's origin in.
pub(super) struct HelpCenter {
    pub(super) article: String,
    pub(super) served: Served,
    _site: StaticSite,
    _relay: RelayProcess,
    _dir: TempDir,
}

impl HelpCenter {
    pub(super) async fn serve() -> Self {
        let dir = TempDir::new("help-center");
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/help-center");
        let site_dir = dir.0.join("hc");
        std::fs::create_dir_all(&site_dir).expect("folder");
        for file in ["style.css", "script.js", "logo.png"] {
            std::fs::copy(theme.join(file), site_dir.join(file)).expect("the theme's files");
        }
        deploy_page(&built_ui(), &dir.0.join("cdn"));
        let site = StaticSite::serve(&site_dir).await;
        let (cdn, served) = serve_cdn(dir.0.join("cdn")).await;
        let relay = RelayProcess::start(&built_ui(), &["--allow-origin", &site.origin]).await;
        let article = std::fs::read_to_string(theme.join("article.html"))
            .expect("the article")
            .replace("@WIDGET_SCRIPT@", &format!("{cdn}/widget.js"))
            .replace("@RELAY@", &(relay.url.replacen("http://", "ws://", 1) + "/v1/ws"))
            .replace("@DOMAIN@", "example.test")
            .replace("@IMAP_HOST@", "mail.example.test")
            .replace("@SMTP_HOST@", "mail.example.test");
        std::fs::write(site_dir.join("article.html"), article).expect("write the article");
        HelpCenter { article: format!("{}/article.html", site.origin), served, _site: site, _relay: relay, _dir: dir }
    }

    fn served(&self) -> Vec<(String, usize)> {
        self.served.lock().expect("log").clone()
    }
}

/// Landmark and heading rules (axe-core's best practices), over the whole
/// page: a widget with a main, banner or h1 of its own breaks these.
pub(super) const LANDMARK_RULES: &str = "['landmark-banner-is-top-level', 'landmark-complementary-is-top-level', \
    'landmark-contentinfo-is-top-level', 'landmark-main-is-top-level', 'landmark-no-duplicate-banner', \
    'landmark-no-duplicate-contentinfo', 'landmark-no-duplicate-main', 'landmark-one-main', 'landmark-unique', \
    'page-has-heading-one', 'region', 'heading-order']";

pub(super) async fn landmark_violations(browser: &Browser) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} (tools/setup installs it)", path.display()));
    browser.client.execute(&axe, vec![]).await.expect("axe loads");
    let script = format!(
        "const done = arguments[arguments.length - 1];
         axe.run(document, {{ runOnly: {{ type: 'rule', values: {LANDMARK_RULES} }} }})
           .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))),
                 e => done(['axe failed: ' + e]));"
    );
    let found = browser.client.execute_async(&script, vec![]).await.expect("axe runs");
    serde_json::from_value(found).expect("a list")
}

async fn script(browser: &Browser, source: &str) -> Value {
    browser.client.execute(source, vec![]).await.expect("the script runs")
}

/// The page has loaded, the element is defined and has looked at where it
/// is (an IntersectionObserver reports once right after it observes, in
/// the next frames).
async fn settled(browser: &Browser) {
    browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const ready = () => document.readyState === 'complete'
               ? customElements.whenDefined('maildoctor-check')
                   .then(() => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))))
               : addEventListener('load', ready, { once: true });
             ready();",
            vec![],
        )
        .await
        .expect("the page settles");
}

#[tokio::test]
async fn in_a_real_help_centre_the_widget_loads_when_reached_checks_and_adds_no_landmarks() {
    let help = HelpCenter::serve().await;
    let browser = Browser::start_sized(1100, 800).await;
    browser.client.goto(&help.article).await.expect("the article loads");
    settled(&browser).await;

    // Below the fold, before anyone reaches it: only the loader came.
    let below =
        script(&browser, "return document.querySelector('maildoctor-check').getBoundingClientRect().top - innerHeight")
            .await;
    assert!(below.as_f64().expect("a number") > 300.0, "the widget starts below the fold and its margin: {below}");
    let before = help.served();
    assert_eq!(before.iter().map(|(path, _)| path.as_str()).collect::<Vec<_>>(), ["/widget.js"], "{before:?}");
    // A figure for tools/bench and the report, not an assertion on speed.
    println!("widget bytes before interaction: {} (widget.js, uncompressed)", before[0].1);
    let waiting = script(
        &browser,
        "return document.querySelector('maildoctor-check').shadowRoot.firstElementChild.getAttribute('aria-busy')",
    )
    .await;
    assert_eq!(waiting.as_str(), Some("true"), "the place it keeps says it is busy");

    // Reached: the app comes, from the CDN's origin.
    script(&browser, "document.querySelector('maildoctor-check').scrollIntoView()").await;
    let root = shadow(&browser, 20).await;
    let png = browser.client.screenshot().await.expect("screenshot");
    std::fs::write(artifacts_dir("screenshots").join("widget-in-copenhagen-reached.png"), png).expect("save");
    let after: Vec<String> = help.served().into_iter().map(|(path, _)| path).collect();
    for kind in [".wasm", ".css", "/glue.js"] {
        assert!(after.iter().any(|p| p.ends_with(kind)), "{kind} loaded once reached: {after:?}");
    }

    // One region named by its heading, at the level the help centre gave;
    // no main, banner, contentinfo or h1 of its own.
    let own = script(
        &browser,
        "const r = document.querySelector('maildoctor-check').shadowRoot;
         return [r.querySelectorAll('main, h1, [role=main], [role=banner], [role=contentinfo], footer').length,
                 r.querySelector('section.maildoctor[aria-labelledby=maildoctor-title] h3#maildoctor-title') !== null];",
    )
    .await;
    assert_eq!(own, serde_json::json!([0, true]), "the widget's landmarks");
    assert_eq!(landmark_violations(&browser).await, Vec::<String>::new(), "landmarks with the form");
    let widget = "{ include: [['maildoctor-check']] }";
    assert_eq!(super::a11y::violations_in(&browser, widget).await, Vec::<String>::new(), "the widget's form");

    // A check to a finding: the app uses 143 without encryption, the
    // help centre's page says 993 with SSL/TLS.
    type_into(&root, "#address", "alice@example.test").await;
    type_into(&root, "#host", "mail.example.test").await;
    inside(&root, "#security").await.select_by_value("none").await.expect("choose");
    type_into(&root, "#port", "143").await;
    type_into(&root, "#out-host", "mail.example.test").await;
    inside(&root, "#diagnose").await.click().await.expect("click");
    let mut phase = None;
    for _ in 0..450 {
        phase = inside(&root, "#status").await.attr("data-phase").await.expect("attr");
        if matches!(phase.as_deref(), Some("finished" | "failed")) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(phase.as_deref(), Some("finished"));
    let finding = inside(&root, "#findings > section[data-code='settings.not_as_provider_says']").await;
    let title = finding.text().await.expect("text");
    assert!(title.contains("Your provider says 993 with SSL/TLS; your app uses 143 without encryption"), "{title}");
    let verdict = script(
        &browser,
        "return document.querySelector('maildoctor-check').shadowRoot.getElementById('verdict').tagName",
    )
    .await;
    assert_eq!(verdict.as_str(), Some("H4"), "the verdict is one level below the widget's heading");
    script(
        &browser,
        "document.querySelector('maildoctor-check').shadowRoot.querySelectorAll('details').forEach(d => d.open = true)",
    )
    .await;
    assert_eq!(landmark_violations(&browser).await, Vec::<String>::new(), "landmarks with the report");
    assert_eq!(super::a11y::violations_in(&browser, widget).await, Vec::<String>::new(), "the widget's report");
    let png = browser.client.screenshot().await.expect("screenshot");
    std::fs::write(artifacts_dir("screenshots").join("widget-in-copenhagen.png"), png).expect("save");
    browser.close().await;
}
