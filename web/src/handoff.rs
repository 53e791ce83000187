//! Issue 23 item 5 on the page: the settings that work, handed to the app.
//! The two files come from the rules (`maildoctor_rules::Handoff`, the same
//! as `check --handoff`); the QR code holds the deep link that fills in
//! maildoctor on a phone (`query::Prefill`, never a password).

use maildoctor_rules::{Args, Handoff, Report};
use qrcodegen::{QrCode, QrCodeEcc};
use yew::prelude::*;

use crate::export::page_base;
use crate::heading::heading;
use crate::js;
use crate::query::{Prefill, ServerSpec};
use crate::state::Words;

/// Modules of light border a reader needs around the code (ISO/IEC 18004
/// asks for four).
const QUIET: usize = 4;

/// The deep link to these settings on this page.
pub(crate) fn deep_link(handoff: &Handoff) -> String {
    let spec = |handed: &Option<maildoctor_rules::Handed>| {
        handed.as_ref().map(|h| ServerSpec {
            protocol: h.endpoint.protocol,
            host: h.endpoint.host.clone(),
            port: h.endpoint.port,
            security: h.endpoint.security,
        })
    };
    let prefill = Prefill {
        address: handoff.address.clone(),
        username: handoff.username.clone(),
        incoming: spec(&handoff.incoming),
        outgoing: spec(&handoff.outgoing),
    };
    format!("{}{}", page_base(), prefill.to_fragment())
}

/// `text` as a QR code: its width in modules and one SVG path of its dark
/// modules (one square each, drawn on a white field by the caller).
pub(crate) fn qr_path(text: &str) -> Option<(usize, String)> {
    // Medium error correction (15 %), the level most generators default to.
    let code = QrCode::encode_binary(text.as_bytes(), QrCodeEcc::Medium).ok()?;
    let width = usize::try_from(code.size()).ok()?;
    let mut path = String::new();
    for y in 0..code.size() {
        for x in 0..code.size() {
            if code.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x as usize + QUIET, y as usize + QUIET));
            }
        }
    }
    Some((width, path))
}

#[derive(Properties, PartialEq)]
pub(crate) struct HandoffProps {
    pub(crate) report: std::rc::Rc<Report>,
    pub(crate) catalog: Words,
}

#[function_component]
pub(crate) fn HandoffCard(props: &HandoffProps) -> Html {
    let catalog = &props.catalog;
    let Some(handoff) = Handoff::from_report(&props.report) else { return html! {} };
    let t = |id: &str| catalog.text(id, &Args::new());
    let download = |name: String, mime: &'static str, text: String| {
        Callback::from(move |_: MouseEvent| js::download(&name, mime, &text))
    };
    // Each file on its own: a token sign-in gets the autoconfig (naming
    // OAuth) and no Apple profile (its Mail payload has no OAuth).
    let profile = handoff.mobileconfig(catalog).map(|profile| {
        html! {
            <p>
                // The type Safari on iOS opens as a profile to install.
                <button type="button" id="handoff-mobileconfig"
                    onclick={download(format!("{}.mobileconfig", handoff.domain()), "application/x-apple-aspen-config", profile)}>
                    { t("page-handoff-mobileconfig") }
                </button>
                { " " }{ t("page-handoff-mobileconfig-hint") }
            </p>
        }
    });
    let autoconfig = handoff.autoconfig().map(|autoconfig| {
        html! {
            <p>
                <button type="button" id="handoff-autoconfig"
                    onclick={download("config-v1.1.xml".into(), "application/xml", autoconfig)}>
                    { t("page-handoff-autoconfig") }
                </button>
                { " " }{ catalog.text("page-handoff-autoconfig-hint", &Args::new().text("url", handoff.autoconfig_url())) }
            </p>
        }
    });
    let files = html! { <>{ profile }{ autoconfig }</> };
    let link = deep_link(&handoff);
    let qr = qr_path(&link).map(|(width, path)| {
        let size = (width + 2 * QUIET).to_string();
        html! {
            <figure id="handoff-qr">
                <svg viewBox={format!("0 0 {size} {size}")} width="176" height="176" role="img"
                    aria-label={t("page-handoff-qr")} data-modules={width.to_string()} shape-rendering="crispEdges">
                    <rect width={size.clone()} height={size} fill="#fff" />
                    <path d={path} fill="#000" />
                </svg>
                <figcaption>
                    <a id="handoff-link" href={link.clone()}>{ t("page-handoff-qr") }</a>
                    { " " }{ t("page-handoff-qr-hint") }
                </figcaption>
            </figure>
        }
    });
    html! {
        <section id="handoff" class="handoff" aria-labelledby="handoff-heading">
            { heading(3, Some("handoff-heading"), None, html! { t("page-handoff-heading") }) }
            { files }
            { for qr }
            <ul class="handoff-notes">{ for handoff.notes(catalog).into_iter().map(|note| html! { <li>{ note }</li> }) }</ul>
        </section>
    }
}
