//! `<maildoctor-check>`: the page as a widget on a mail provider's help
//! page. `widget.js` defines the element, gives it a shadow root (so the
//! host's styles do not reach in, nor the widget's out), loads the app when
//! the element comes into view and calls [`mount_widget`] with the
//! element's attributes. Inside a help centre it is one region, named by
//! its heading at the level the page gives (`heading-level`), with no
//! main, banner or h1 of its own.

use maildoctor_rules::Lang;
use maildoctor_wire::MailProtocol;
use wasm_bindgen::prelude::*;

use crate::app::{App, AppProps};
use crate::query::ServerSpec;
use crate::relays::{is_websocket_url, LOCAL_RELAY};

/// Renders the check into `root`, inside the element's shadow root.
/// Attributes that cannot be read are left out rather than guessed at:
/// `relay` must be a ws:// or wss:// address, servers are written as deep
/// links write them (`imap:imap.example.com:993:tls`). `local` asks it to
/// look for a relay on this computer (`serve --local`) and prefer it.
/// `heading_level` is the level of the widget's heading (1 to 6, else 2;
/// widget.js reads the attribute as a number).
// Public because wasm-bindgen exports it to widget.js, which lint cannot see.
#[allow(unreachable_pub)]
// One argument per attribute of the element, as widget.js reads them.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn mount_widget(
    root: web_sys::Element,
    relay: Option<String>,
    lang: Option<String>,
    domain: Option<String>,
    incoming: Option<String>,
    outgoing: Option<String>,
    page: Option<String>,
    local: Option<String>,
    heading_level: Option<u8>,
) {
    if let Some(page) = page {
        crate::export::set_page_base(page);
    }
    let props = AppProps {
        widget: true,
        relay: relay.filter(|url| is_websocket_url(url)),
        // `local` present (but not "false"): look for this computer's relay,
        // where it names one (`local="ws://127.0.0.1:5000/v1/ws"`), else on its usual port.
        local: local.filter(|value| value != "false").map(|value| {
            if is_websocket_url(&value) {
                value
            } else {
                LOCAL_RELAY.to_owned()
            }
        }),
        lang: lang.as_deref().and_then(Lang::from_tag),
        domain: domain.map(|d| d.trim().trim_start_matches('@').to_owned()).filter(|d| !d.is_empty()),
        expected_incoming: incoming.and_then(|spec| ServerSpec::parse(&spec, MailProtocol::Imap)),
        expected_outgoing: outgoing.and_then(|spec| ServerSpec::parse(&spec, MailProtocol::Smtp)),
    };
    crate::heading::set_title_level(heading_level.filter(|level| (1..=6).contains(level)).unwrap_or(2));
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}
