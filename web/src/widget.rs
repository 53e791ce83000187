//! `<maildoctor-check>`: the page as a widget on a mail provider's help
//! page. `widget.js` defines the element, gives it a shadow root (so the
//! host's styles do not reach in, nor the widget's out) and calls
//! [`mount_widget`] with the element's attributes.

use maildoctor_rules::Lang;
use maildoctor_wire::MailProtocol;
use wasm_bindgen::prelude::*;

use crate::app::{App, AppProps};
use crate::query::ServerSpec;
use crate::relays::is_websocket_url;

/// Renders the check into `root`, inside the element's shadow root.
/// Attributes that cannot be read are left out rather than guessed at:
/// `relay` must be a ws:// or wss:// address, servers are written as deep
/// links write them (`imap:imap.example.com:993:tls`).
// Public because wasm-bindgen exports it to widget.js, which lint cannot see.
#[allow(unreachable_pub)]
#[wasm_bindgen]
pub fn mount_widget(
    root: web_sys::Element,
    relay: Option<String>,
    lang: Option<String>,
    domain: Option<String>,
    incoming: Option<String>,
    outgoing: Option<String>,
    page: Option<String>,
) {
    if let Some(page) = page {
        crate::export::set_page_base(page);
    }
    let props = AppProps {
        widget: true,
        relay: relay.filter(|url| is_websocket_url(url)),
        lang: lang.as_deref().and_then(Lang::from_tag),
        domain: domain.map(|d| d.trim().trim_start_matches('@').to_owned()).filter(|d| !d.is_empty()),
        expected_incoming: incoming.and_then(|spec| ServerSpec::parse(&spec, MailProtocol::Imap)),
        expected_outgoing: outgoing.and_then(|spec| ServerSpec::parse(&spec, MailProtocol::Smtp)),
    };
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}
