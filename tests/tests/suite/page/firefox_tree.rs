//! Firefox's view of the page for a screen reader, as far as WebDriver
//! reaches it: each element's role and accessible name as Firefox computes
//! them (`computedrole`, `computedlabel`, W3C WebDriver §12.4.9–10), its
//! ARIA states, and the text nodes a reader would speak. Firefox gives
//! WebDriver no whole tree (Chromium does, through DevTools), so the nodes
//! are the elements that carry a role and the visible text nodes, which is
//! what the tests ask about.

use maildoctor_tests::Browser;
use serde_json::json;

use super::devtools::AxNode;

/// The W3C key under which a script's result names an element.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Every element that can carry a role, with the states Firefox does not
/// expose to WebDriver; then the visible text nodes.
const COLLECT: &str = "
    const hidden = (node) => {
        for (let el = node instanceof Element ? node : node.parentElement; el; el = el.parentElement) {
            if (el.getAttribute('aria-hidden') === 'true' || el.hidden) return true;
            const style = getComputedStyle(el);
            if (style.display === 'none' || style.visibility === 'hidden') return true;
        }
        return false;
    };
    const words = (node) => {
        const out = [];
        const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
        for (let t = walker.nextNode(); t; t = walker.nextNode()) {
            const text = t.textContent.replace(/\\s+/g, ' ').trim();
            if (text && !hidden(t) && !t.parentElement.closest('script, style, template')) out.push(text);
        }
        return out;
    };
    const selector = '[role], [aria-live], input:not([type=hidden]), select, textarea, button, a[href], '
        + 'h1, h2, h3, h4, h5, h6, main, nav, form, section, summary';
    const elements = [...document.querySelectorAll(selector)].filter((el) => !hidden(el)).map((el) => {
        const described = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
            .map((id) => document.getElementById(id)).filter(Boolean).map((d) => words(d).join(' ')).join(' ');
        const properties = {};
        if (el === document.activeElement) properties.focused = true;
        const invalid = el.getAttribute('aria-invalid');
        if (invalid && invalid !== 'false') properties.invalid = invalid;
        const live = el.getAttribute('aria-live') || (el.getAttribute('role') === 'status' ? 'polite' : null);
        if (live) properties.live = live;
        return [el, described, words(el).join(' '), properties];
    });
    const texts = words(document.body);
    return [elements, texts];";

/// A WebDriver `GET session/{id}/element/{element}/{what}`.
#[derive(Debug)]
struct ElementGet {
    element: String,
    what: &'static str,
}

impl fantoccini::wd::WebDriverCompatibleCommand for ElementGet {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/element/{}/{}", session.unwrap_or_default(), self.element, self.what))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::GET, None)
    }
}

async fn computed(browser: &Browser, element: &str, what: &'static str) -> String {
    let value = browser
        .client
        .issue_cmd(ElementGet { element: element.to_owned(), what })
        .await
        .unwrap_or_else(|e| panic!("geckodriver {what}: {e}"));
    value.as_str().unwrap_or_default().to_owned()
}

pub(super) async fn ax_tree(browser: &Browser) -> Vec<AxNode> {
    let collected = browser.client.execute(COLLECT, vec![]).await.expect("the page's elements");
    let mut nodes = Vec::new();
    for entry in collected[0].as_array().into_iter().flatten() {
        let Some(element) = entry[0][ELEMENT].as_str() else { continue };
        nodes.push(AxNode {
            role: computed(browser, element, "computedrole").await,
            name: computed(browser, element, "computedlabel").await,
            description: entry[1].as_str().unwrap_or_default().to_owned(),
            text: entry[2].as_str().unwrap_or_default().to_owned(),
            properties: entry[3].clone(),
        });
    }
    nodes.extend(collected[1].as_array().into_iter().flatten().map(|text| AxNode {
        role: "StaticText".into(),
        name: text.as_str().unwrap_or_default().to_owned(),
        description: String::new(),
        text: String::new(),
        properties: json!({}),
    }));
    nodes
}
