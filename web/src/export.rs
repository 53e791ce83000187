//! Export and share: the report as Markdown or JSON (download or
//! clipboard), a share link that carries the report compressed in the URL
//! fragment (never sent to a server, never holding the password), and a
//! deep link that fills in the form with these settings.

use std::rc::Rc;

use maildoctor_rules::{Args, Comparison, Report};
use yew::prelude::*;

use crate::heading::heading;
use crate::js;
use crate::query::Prefill;
use crate::state::Words;

thread_local! {
    /// Where links point when the page is embedded as a widget: the
    /// maildoctor page beside the widget's script, not the host's page.
    static PAGE_BASE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Links made from now on point at `url` (the widget's maildoctor page).
pub(crate) fn set_page_base(url: String) {
    PAGE_BASE.with(|base| *base.borrow_mut() = Some(url));
}

/// The page's address without its fragment.
pub(crate) fn page_base() -> String {
    if let Some(base) = PAGE_BASE.with(|base| base.borrow().clone()) {
        return base;
    }
    let Some(location) = web_sys::window().map(|w| w.location()) else { return String::new() };
    let href = location.href().unwrap_or_default();
    href.split('#').next().unwrap_or_default().to_owned()
}

/// The share link for `report`, with the comparison beside it in a second
/// field (`&compared=`) when there is one, or `None` when the browser
/// cannot compress.
pub(crate) async fn share_link(report: &Report, compared: Option<&Compared>) -> Option<String> {
    let json = serde_json::to_string(report).ok()?;
    let mut link = format!("{}#report={}", page_base(), js::deflate(&json).await?);
    if let Some(compared) = compared {
        let json = compared.comparison.to_share_json(&compared.relay);
        link.push_str(&format!("&compared={}", js::deflate(&json).await?));
    }
    Some(link)
}

/// Reads a report from a share link's packed fragment value.
pub(crate) async fn open_shared(packed: &str) -> Option<Report> {
    Report::from_json(&js::inflate(packed).await?)
}

/// Reads a share link's comparison (its `compared` field).
pub(crate) async fn open_shared_comparison(packed: &str) -> Option<Rc<Comparison>> {
    Comparison::from_share_json(&js::inflate(packed).await?).map(|(_, comparison)| Rc::new(comparison))
}

fn file_stem(report: &Report) -> String {
    let safe: String =
        report.address.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
    format!("maildoctor-{safe}")
}

/// The same check from a second place, for the exports: the other relay,
/// its report and what the difference says.
#[derive(Clone, PartialEq)]
pub(crate) struct Compared {
    pub(crate) relay: String,
    pub(crate) there: Rc<Report>,
    pub(crate) comparison: Rc<Comparison>,
}

/// What the downloads and the copied report are made of: made on a click,
/// not on every render.
#[derive(Clone)]
struct Contents {
    report: Rc<Report>,
    compared: Option<Compared>,
    catalog: Words,
}

impl Contents {
    /// The report as Markdown, then the comparison when there is one.
    fn markdown(&self) -> String {
        let mut markdown = self.report.to_markdown(&self.catalog);
        if let Some(compared) = &self.compared {
            markdown.push_str(&compared.comparison.to_markdown(&compared.relay, &self.catalog));
        }
        markdown
    }

    /// The report as JSON, or with a comparison the CLI's shape of both.
    fn json(&self) -> String {
        match &self.compared {
            Some(compared) => compared.comparison.to_json(&self.report, &compared.relay, &compared.there),
            None => self.report.to_json(),
        }
    }
}

#[derive(Properties, PartialEq)]
pub(crate) struct ExportProps {
    pub(crate) report: Rc<Report>,
    pub(crate) catalog: Words,
    /// The form's settings, for the deep link; `None` for a shared report.
    pub(crate) prefill: Option<Prefill>,
    /// A comparison the Markdown, the JSON and the share link carry too.
    #[prop_or_default]
    pub(crate) compared: Option<Compared>,
}

#[function_component]
pub(crate) fn Export(props: &ExportProps) -> Html {
    let said = use_state(String::new);
    let link = use_state(String::new);
    let catalog = props.catalog.clone();
    let t = |id: &str| catalog.text(id, &Args::new());
    let contents =
        Contents { report: props.report.clone(), compared: props.compared.clone(), catalog: catalog.clone() };
    let stem = file_stem(&props.report);
    let download_markdown = {
        let (contents, stem) = (contents.clone(), stem.clone());
        Callback::from(move |_: MouseEvent| js::download(&format!("{stem}.md"), "text/markdown", &contents.markdown()))
    };
    let download_json = {
        let (contents, stem) = (contents.clone(), stem);
        Callback::from(move |_: MouseEvent| js::download(&format!("{stem}.json"), "application/json", &contents.json()))
    };
    let copy_report = {
        let (said, catalog) = (said.clone(), catalog.clone());
        Callback::from(move |_: MouseEvent| {
            let (markdown, said, catalog) = (contents.markdown(), said.clone(), catalog.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let id = if js::copy_text(&markdown).await { "page-copied" } else { "page-copy-failed" };
                said.set(catalog.text(id, &Args::new().text("what", catalog.text("page-report", &Args::new()))));
            });
        })
    };
    let share = {
        let (said, link, catalog, report) = (said.clone(), link.clone(), catalog.clone(), props.report.clone());
        let compared = props.compared.clone();
        Callback::from(move |_: MouseEvent| {
            let (said, link, catalog, report) = (said.clone(), link.clone(), catalog.clone(), report.clone());
            let compared = compared.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let Some(url) = share_link(&report, compared.as_ref()).await else {
                    said.set(catalog.text("page-share-failed", &Args::new()));
                    return;
                };
                let copied = js::copy_text(&url).await;
                link.set(url);
                let id = if copied { "page-copied" } else { "page-copy-failed" };
                said.set(catalog.text(id, &Args::new().text("what", catalog.text("page-share-link", &Args::new()))));
            });
        })
    };
    let deep_link = props.prefill.as_ref().map(|prefill| format!("{}{}", page_base(), prefill.to_fragment()));
    html! {
        <section id="export" class="export" aria-labelledby="export-heading">
            { heading(2, Some("export-heading"), None, html! { t("page-export") }) }
            <div class="actions">
                <button type="button" id="download-markdown" onclick={download_markdown}>{ t("page-download-markdown") }</button>
                <button type="button" id="download-json" onclick={download_json}>{ t("page-download-json") }</button>
                <button type="button" id="copy-report" onclick={copy_report}>{ t("page-copy-report") }</button>
                <button type="button" id="share" onclick={share}>{ t("page-share") }</button>
            </div>
            <p class="note">{ t("page-share-note") }</p>
            if !link.is_empty() {
                <label for="share-link">{ t("page-share-link") }</label>
                <input id="share-link" readonly=true value={(*link).clone()} />
            }
            if let Some(deep_link) = deep_link {
                <label for="deep-link">{ t("page-deep-link") }</label>
                <input id="deep-link" readonly=true value={deep_link} />
            }
            <p class="copied" role="status" aria-live="polite">{ (*said).clone() }</p>
        </section>
    }
}
