//! The findings: each root cause first, with numbered fix steps, the fix
//! in each mail app's menus as a tab list, the evidence behind a
//! disclosure, and what only follows from it folded under it.

use maildoctor_rules::{endpoint_text, Args, Catalog, ClientSteps, Finding, Severity};
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::heading::{self, heading};

/// Severity as a mark and a word, so colour is never the only sign.
pub(crate) fn severity_mark(catalog: &Catalog, severity: Severity) -> (&'static str, &'static str, String) {
    let (class, mark, id) = match severity {
        Severity::Error => ("error", "✕", "page-severity-error"),
        Severity::Warning => ("warning", "!", "page-severity-warning"),
        Severity::Info => ("info", "i", "page-severity-info"),
        Severity::Ok => ("ok", "✓", "page-severity-ok"),
    };
    (class, mark, catalog.text(id, &Args::new()))
}

#[derive(Properties, PartialEq)]
struct AppTabsProps {
    /// Unique on the page: the tabs' and panels' ids start with it.
    id: String,
    clients: Vec<ClientSteps>,
    label: String,
}

/// The WAI-ARIA tabs pattern: one tab stop, arrow keys, Home and End move
/// between apps and show each one's panel.
#[function_component]
fn AppTabs(props: &AppTabsProps) -> Html {
    let selected = use_state(|| 0usize);
    let tabs = use_node_ref();
    let count = props.clients.len();
    let onkeydown = {
        let (selected, tabs) = (selected.clone(), tabs.clone());
        Callback::from(move |e: KeyboardEvent| {
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => (*selected + 1) % count,
                "ArrowLeft" | "ArrowUp" => (*selected + count - 1) % count,
                "Home" => 0,
                "End" => count - 1,
                _ => return,
            };
            e.prevent_default();
            selected.set(next);
            // Focus follows the selection, as the pattern asks.
            if let Some(tab) = tabs.cast::<HtmlElement>().and_then(|list| list.children().item(next as u32)) {
                if let Ok(tab) = tab.dyn_into::<HtmlElement>() {
                    let _ = tab.focus();
                }
            }
        })
    };
    html! {
        <div class="app-tabs">
            <div role="tablist" aria-label={props.label.clone()} ref={tabs} {onkeydown}>
                { for props.clients.iter().enumerate().map(|(n, client)| {
                    let chosen = n == *selected;
                    let onclick = { let selected = selected.clone(); Callback::from(move |_: MouseEvent| selected.set(n)) };
                    html! {
                        <button type="button" role="tab" id={format!("{}-tab-{}", props.id, client.app)}
                            aria-selected={chosen.to_string()} aria-controls={format!("{}-panel", props.id)}
                            tabindex={if chosen { "0" } else { "-1" }} data-app={client.app.clone()} {onclick}>
                            { &client.client }
                        </button>
                    }
                }) }
            </div>
            if let Some(client) = props.clients.get(*selected) {
                <div role="tabpanel" id={format!("{}-panel", props.id)} tabindex="0"
                    aria-labelledby={format!("{}-tab-{}", props.id, client.app)} data-app={client.app.clone()}>
                    <ol>{ for client.steps.iter().map(|step| html! { <li>{ step }</li> }) }</ol>
                </div>
            }
        </div>
    }
}

use wasm_bindgen::JsCast;

/// One finding as a card; `path` makes ids unique (`f0`, `f0-1`, ...).
pub(crate) fn finding(finding: &Finding, path: &str, catalog: &Catalog) -> Html {
    let (class, mark, word) = severity_mark(catalog, finding.severity);
    let t = |id: &str| catalog.text(id, &Args::new());
    // Server text reaches the page only as text nodes: Yew escapes it, so a
    // banner full of HTML stays inert.
    html! {
        <section class={classes!("finding", class)} data-code={finding.code.as_str()} aria-labelledby={format!("{path}-title")}>
            <@{heading::tag(2)} id={format!("{path}-title")}>
                <span class="severity"><span class="mark" aria-hidden="true">{ mark }</span>{ word }</span>
                { " " }{ &finding.title }
            </@>
            <div class="code">{ finding.code.as_str() }
                { for finding.endpoint.as_ref().map(|e| html! { <>{ " · " }{ endpoint_text(catalog, e) }</> }) }
            </div>
            <p>{ &finding.explanation }</p>
            if !finding.fix.is_empty() {
                { heading(3, None, Some("fix-heading"), html! { t("page-fix") }) }
                <ol class="fix">{ for finding.fix.iter().map(|step| html! { <li>{ step }</li> }) }</ol>
            }
            if !finding.clients.is_empty() {
                <div class="clients">
                    { heading(3, None, None, html! { t("page-clients") }) }
                    <AppTabs id={format!("{path}-apps")} clients={finding.clients.clone()} label={t("page-clients")} />
                </div>
            }
            if !finding.evidence.is_empty() {
                <details class="evidence">
                    <summary>{ t("page-evidence") }</summary>
                    <pre>{ for finding.evidence.iter().map(|e| format!("{:>6} ms  {}\n", e.t_ms, e.observed)) }</pre>
                </details>
            }
            if !finding.follows.is_empty() {
                <details class="follows">
                    <summary>{ catalog.text("page-follows", &Args::new().number("count", finding.follows.len() as u64)) }</summary>
                    { for finding.follows.iter().enumerate().map(|(n, f)| self::finding(f, &format!("{path}-{n}"), catalog)) }
                </details>
            }
        </section>
    }
}

pub(crate) fn findings(findings: &[Finding], catalog: &Catalog) -> Html {
    html! {
        <div id="findings">
            { for findings.iter().enumerate().map(|(n, f)| finding(f, &format!("f{n}"), catalog)) }
        </div>
    }
}
