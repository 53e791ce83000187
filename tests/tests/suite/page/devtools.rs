//! What the browser shows beyond WebDriver: the console's log, and the
//! accessibility tree (what a screen reader is given). Chromium gives both
//! through ChromeDriver (its log and the DevTools protocol). Firefox gives
//! neither to WebDriver, so there the console is what Firefox prints (its
//! profile sets `devtools.console.stdout.content`), and the tree is built
//! from Firefox's own computed role and label of each element (WebDriver's
//! `computedrole` and `computedlabel`), with the ARIA states and the text
//! nodes read from the page (`firefox_tree`).

use std::collections::HashMap;

use maildoctor_tests::{Browser, BrowserKind};
use serde_json::{json, Value};

/// A ChromeDriver command under `session/{id}/`, POSTed with `body`.
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for SessionPost {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/{}", session.unwrap_or_default(), self.path))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::POST, Some(self.body.to_string()))
    }
}

async fn post(browser: &Browser, path: &'static str, body: Value) -> Value {
    browser.client.issue_cmd(SessionPost { path, body }).await.unwrap_or_else(|e| panic!("ChromeDriver {path}: {e}"))
}

/// The console's errors since the last call (ChromeDriver keeps SEVERE
/// entries without being asked): failed loads, uncaught exceptions,
/// `console.error`.
pub(super) async fn console_errors(browser: &Browser) -> Vec<String> {
    if let Some(console) = &browser.console {
        return firefox_console_errors(console);
    }
    let entries = post(browser, "se/log", json!({ "type": "browser" })).await;
    entries
        .as_array()
        .into_iter()
        .flatten()
        .filter(|entry| entry["level"] == "SEVERE")
        .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// One node of the accessibility tree, as a screen reader gets it.
#[derive(Debug, Clone)]
pub(super) struct AxNode {
    pub(super) role: String,
    pub(super) name: String,
    /// Its `description` (what `aria-describedby` points at).
    pub(super) description: String,
    /// Every text below it, in order, joined by spaces.
    pub(super) text: String,
    pub(super) properties: Value,
}

impl AxNode {
    pub(super) fn property(&self, name: &str) -> Option<&Value> {
        self.properties.get(name)
    }
}

/// The page's whole accessibility tree (`Accessibility.getFullAXTree`).
pub(super) async fn ax_tree(browser: &Browser) -> Vec<AxNode> {
    if browser.kind == BrowserKind::Firefox {
        return super::firefox_tree::ax_tree(browser).await;
    }
    let tree = post(browser, "goog/cdp/execute", json!({ "cmd": "Accessibility.getFullAXTree", "params": {} })).await;
    let nodes = tree["nodes"].as_array().cloned().unwrap_or_default();
    let by_id: HashMap<&str, &Value> = nodes.iter().map(|n| (n["nodeId"].as_str().unwrap_or_default(), n)).collect();
    fn texts(node: &Value, by_id: &HashMap<&str, &Value>, out: &mut Vec<String>) {
        for id in node["childIds"].as_array().into_iter().flatten() {
            let Some(child) = id.as_str().and_then(|id| by_id.get(id)) else { continue };
            if child["role"]["value"] == "StaticText" {
                out.push(child["name"]["value"].as_str().unwrap_or_default().to_owned());
            } else {
                texts(child, by_id, out);
            }
        }
    }
    nodes
        .iter()
        .filter(|n| n["ignored"] != true)
        .map(|node| {
            let mut text = Vec::new();
            texts(node, &by_id, &mut text);
            let properties = node["properties"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| (p["name"].as_str().unwrap_or_default().to_owned(), p["value"]["value"].clone()))
                .collect::<serde_json::Map<_, _>>();
            let value = |key: &str| node[key]["value"].as_str().unwrap_or_default().to_owned();
            AxNode {
                role: value("role"),
                name: value("name"),
                description: value("description"),
                text: text.join(" "),
                properties: Value::Object(properties),
            }
        })
        .collect()
}

/// Firefox's console errors printed since the last call: `console.error`
/// calls and uncaught exceptions ("JavaScript error:"), less those raised
/// inside Firefox's own code (`resource://`, `chrome://`: a form helper that
/// outlives its page on every navigation). Firefox prints no line for a
/// failed load, so a 404 shows here only if the page reports it.
fn firefox_console_errors(console: &std::path::Path) -> Vec<String> {
    let printed = std::fs::read_to_string(console).unwrap_or_default();
    // Each call reads from where the last one stopped.
    let seen = console.with_extension("seen");
    let from: usize = std::fs::read_to_string(&seen).ok().and_then(|n| n.trim().parse().ok()).unwrap_or(0);
    let _ = std::fs::write(&seen, printed.len().to_string());
    printed
        .get(from..)
        .unwrap_or_default()
        .lines()
        .filter(|line| line.starts_with("console.error:") || line.starts_with("JavaScript error:"))
        .filter(|line| !line.contains("resource://") && !line.contains("chrome://"))
        .map(str::to_owned)
        .collect()
}

/// What the page's polite live region (`#status`) holds for a screen reader.
pub(super) async fn live_region(browser: &Browser) -> String {
    let tree = ax_tree(browser).await;
    let live = tree.iter().filter(|n| n.role == "status" && n.property("live") == Some(&json!("polite")));
    // The page's own region comes first; others (a copy's "Copied") are empty until used.
    live.map(|n| n.text.clone()).find(|text| !text.is_empty()).unwrap_or_default()
}

/// Starts recording every change of `#status` (its phase and its words),
/// with the page's clock, until [`heard`] is asked.
pub(super) const RECORD_STATUS: &str = "
    window.__heard = [];
    if (!window.__recording) {
        window.__recording = true;
        const status = document.getElementById('status');
        new MutationObserver(() => window.__heard.push([performance.now(), status.dataset.phase, status.textContent]))
            .observe(status, { childList: true, subtree: true, characterData: true, attributes: true });
    }";

/// What [`RECORD_STATUS`] recorded: (ms, phase, words), one entry a change.
pub(super) fn heard(recorded: Value) -> Vec<(f64, String, String)> {
    serde_json::from_value(recorded).expect("a list of changes")
}
