//! The settings that work, laid out like a mail app's account screen, each
//! field with a copy button, and one "copy all".

use std::rc::Rc;

use maildoctor_rules::{security, Args, Catalog, Endpoint, Report};
use maildoctor_wire::MailProtocol;
use yew::prelude::*;

use crate::heading::heading;
use crate::js;
use crate::state::Words;

/// The fields of one server, as (label id, value).
fn fields(catalog: &Catalog, endpoint: &Endpoint, username: &str) -> Vec<(&'static str, String)> {
    let mut fields = vec![
        ("page-server", endpoint.host.clone()),
        ("page-port", endpoint.port.to_string()),
        ("page-security", security(catalog, endpoint.security)),
    ];
    if endpoint.protocol != MailProtocol::Smtp {
        fields.insert(0, ("page-protocol", endpoint.protocol.name().to_owned()));
    }
    fields.push(("page-username-field", username.to_owned()));
    fields
}

/// The first incoming and the first outgoing setting that worked.
pub(crate) fn chosen(report: &Report) -> (Option<&Endpoint>, Option<&Endpoint>) {
    let incoming = report.working.iter().find(|e| e.protocol != MailProtocol::Smtp);
    let outgoing = report.working.iter().find(|e| e.protocol == MailProtocol::Smtp);
    (incoming, outgoing)
}

/// Everything on the card as plain text, for "copy all".
pub(crate) fn card_text(report: &Report, catalog: &Catalog) -> String {
    let username = report.username.as_deref().unwrap_or(&report.address);
    let (incoming, outgoing) = chosen(report);
    let mut out = String::new();
    for (heading, endpoint) in [("page-incoming", incoming), ("page-outgoing", outgoing)] {
        let Some(endpoint) = endpoint else { continue };
        out.push_str(&catalog.text(heading, &Args::new()));
        out.push('\n');
        for (label, value) in fields(catalog, endpoint, username) {
            out.push_str(&format!("  {}: {value}\n", catalog.text(label, &Args::new())));
        }
    }
    out
}

#[derive(Properties, PartialEq)]
pub(crate) struct WorkingProps {
    pub(crate) report: Rc<maildoctor_rules::Report>,
    pub(crate) catalog: Words,
}

#[function_component]
pub(crate) fn Working(props: &WorkingProps) -> Html {
    let copied = use_state(String::new);
    let catalog = &props.catalog;
    let report = &props.report;
    let (incoming, outgoing) = chosen(report);
    if incoming.is_none() && outgoing.is_none() {
        return html! {};
    }
    let copy = |text: String, what: String| {
        let copied = copied.clone();
        let catalog = props.catalog.clone();
        Callback::from(move |_: MouseEvent| {
            let (text, what, copied, catalog) = (text.clone(), what.clone(), copied.clone(), catalog.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let id = if js::copy_text(&text).await { "page-copied" } else { "page-copy-failed" };
                copied.set(catalog.text(id, &Args::new().text("what", what)));
            });
        })
    };
    let username = report.username.clone().unwrap_or_else(|| report.address.clone());
    let server = |label: &'static str, key: &'static str, endpoint: Option<&Endpoint>| -> Html {
        let Some(endpoint) = endpoint else { return html! {} };
        let heading_text = catalog.text(label, &Args::new());
        html! {
            <div class="server-card" data-direction={key}>
                { heading(3, None, None, html! { heading_text.clone() }) }
                <dl>{ for fields(catalog, endpoint, &username).into_iter().map(|(label, value)| {
                    let label_text = catalog.text(label, &Args::new());
                    let what = format!("{heading_text} · {label_text}");
                    let button_label = catalog.text("page-copy-field", &Args::new().text("what", what.clone()));
                    html! {
                        <div class="field" data-field={label.trim_start_matches("page-")}>
                            <dt>{ label_text }</dt>
                            <dd>
                                <code>{ value.clone() }</code>
                                <button type="button" class="copy" aria-label={button_label}
                                    data-copy={value.clone()} onclick={copy(value, what)}>
                                    { catalog.text("page-copy", &Args::new()) }
                                </button>
                            </dd>
                        </div>
                    }
                }) }</dl>
            </div>
        }
    };
    let all = card_text(report, catalog);
    html! {
        <section id="working" class="working" aria-labelledby="working-heading">
            { heading(2, Some("working-heading"), None, html! { catalog.text("page-working", &report.working_args()) }) }
            { server("page-incoming", "incoming", incoming) }
            { server("page-outgoing", "outgoing", outgoing) }
            <button type="button" id="copy-all" onclick={copy(all, catalog.text("page-working", &report.working_args()))}>
                { catalog.text("page-copy-all", &Args::new()) }
            </button>
            <p class="copied" role="status" aria-live="polite">{ (*copied).clone() }</p>
            <crate::handoff::HandoffCard report={report.clone()} catalog={catalog.clone()} />
        </section>
    }
}
