//! Which relay a check goes through, decided at run time, never at build
//! time. A relay named by `?relay=` (or the widget's `relay` attribute) is
//! used as it is. Otherwise `config.json` beside the page lists relays,
//! and the one that answers a hello fastest is taken; the page's meta tag
//! or the relay that served the page come last. A relay on this computer
//! (`maildoctor serve --local`) is looked for on its documented port and,
//! when it answers, used first: it sees the person's own network.

use futures_util::future::join_all;
use maildoctor_rules::{Args, Catalog};
use maildoctor_wire::{ClientMessage, PROTOCOL_VERSION};
use serde_json::Value;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::js;
use crate::query::query_value;
use crate::relay::status_url;

/// Where `maildoctor serve --local` listens unless told otherwise.
pub(crate) const LOCAL_RELAY: &str = "ws://127.0.0.1:4587/v1/ws";
/// How long a relay may take to answer the hello that measures it.
const MEASURE_MS: u32 = 3000;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RelayOption {
    pub(crate) name: String,
    pub(crate) region: String,
    pub(crate) url: String,
    /// The hello's round trip, when measured and answered.
    pub(crate) rtt_ms: Option<f64>,
    /// `maildoctor serve --local` on this computer.
    pub(crate) local: bool,
}

impl RelayOption {
    fn named(url: String) -> Self {
        RelayOption { name: String::new(), region: String::new(), url, rtt_ms: None, local: false }
    }
}

/// The relays this page may use, and the one it uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Relays {
    pub(crate) options: Vec<RelayOption>,
    pub(crate) chosen: usize,
    /// Named by the page's address or the widget: nothing else is tried.
    pub(crate) fixed: bool,
}

impl Relays {
    pub(crate) fn chosen(&self) -> Option<&RelayOption> {
        self.options.get(self.chosen)
    }

    /// What a check from this computer is best compared with: the nearest
    /// relay that is not on it. Only offered when the check goes through
    /// this computer's relay.
    pub(crate) fn compare_target(&self) -> Option<&RelayOption> {
        if !self.chosen()?.local {
            return None;
        }
        let rtt = |o: &RelayOption| o.rtt_ms.unwrap_or(f64::MAX);
        self.options.iter().filter(|o| !o.local).min_by(|a, b| rtt(a).total_cmp(&rtt(b)))
    }

    pub(crate) fn with_choice(&self, chosen: usize) -> Self {
        Relays { chosen: chosen.min(self.options.len().saturating_sub(1)), ..self.clone() }
    }

    /// This computer's relay when there is one; else the fastest answer;
    /// else the first listed.
    fn pick(mut self) -> Self {
        let fastest = self
            .options
            .iter()
            .enumerate()
            .filter_map(|(i, o)| o.rtt_ms.map(|rtt| (i, rtt)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i);
        self.chosen = self.options.iter().position(|o| o.local).or(fastest).unwrap_or(0);
        self
    }
}

pub(crate) fn is_websocket_url(url: &str) -> bool {
    let url = url.trim();
    url.starts_with("ws://") || url.starts_with("wss://")
}

/// What `config.json` says: `{"relays": [{"name", "region", "url"}],
/// "local": "ws://127.0.0.1:4587/v1/ws" | false}`. Entries that are not
/// WebSocket addresses are left out.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PageConfig {
    pub(crate) relays: Vec<RelayOption>,
    /// Where to look for a relay on this computer (`None`: do not look).
    pub(crate) local: Option<String>,
}

impl PageConfig {
    pub(crate) fn parse(text: &str) -> Option<Self> {
        let config: Value = serde_json::from_str(text).ok()?;
        let field = |relay: &Value, key: &str| relay[key].as_str().unwrap_or_default().trim().to_owned();
        let relays = config["relays"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|relay| RelayOption {
                name: field(relay, "name"),
                region: field(relay, "region"),
                ..RelayOption::named(field(relay, "url"))
            })
            .filter(|relay| is_websocket_url(&relay.url))
            .collect();
        let local = match &config["local"] {
            Value::Bool(false) => None,
            Value::String(url) if is_websocket_url(url) => Some(url.clone()),
            _ => Some(LOCAL_RELAY.to_owned()),
        };
        Some(PageConfig { relays, local })
    }
}

/// `?compare=`, a second relay to run the same check through and compare.
pub(crate) fn asked_compare() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    query_value(&search, "compare").filter(|url| is_websocket_url(url))
}

/// `?relay=`, when the page's address names one.
pub(crate) fn asked_relay() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    query_value(&search, "relay").filter(|url| is_websocket_url(url))
}

/// The page's `maildoctor-relay` meta tag, then the relay that served the
/// page, at `v1/ws` beside it (so a page under a sub-path finds its relay
/// under the same path).
fn served_relay() -> Option<String> {
    let window = web_sys::window()?;
    let meta = window
        .document()
        .and_then(|doc| doc.query_selector("meta[name=maildoctor-relay]").ok().flatten())
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|url| is_websocket_url(url));
    if meta.is_some() {
        return meta;
    }
    let location = window.location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    let path = location.pathname().ok()?;
    let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let folder = if folder.is_empty() { "/" } else { folder };
    Some(format!("{scheme}://{}{folder}v1/ws", location.host().ok()?))
}

impl Relays {
    /// Exactly `url`, or none at all (a widget without its `relay`).
    pub(crate) fn fixed(url: Option<String>) -> Self {
        Relays { options: url.into_iter().map(RelayOption::named).collect(), chosen: 0, fixed: true }
    }
}

/// What the page starts with, before anything is fetched or measured.
pub(crate) fn first_guess(explicit: Option<String>) -> Relays {
    match explicit {
        Some(url) => Relays::fixed(Some(url)),
        None => Relays { options: served_relay().into_iter().map(RelayOption::named).collect(), ..Relays::default() },
    }
}

async fn measured(mut option: RelayOption) -> RelayOption {
    let hello = maildoctor_wire::client_json(&ClientMessage::Hello { version: PROTOCOL_VERSION });
    option.rtt_ms = js::round_trip(&option.url, &hello, MEASURE_MS).await;
    option
}

/// Whether a maildoctor relay that says it is local answers at `url`.
async fn local_answers(url: &str) -> bool {
    let Some(status) = js::fetch_text(&status_url(url), 1500).await else { return false };
    serde_json::from_str::<Value>(&status).is_ok_and(|status| status["local"] == Value::Bool(true))
}

/// Reads `config.json`, looks for this computer's relay, measures every
/// listed relay at once and picks one. A page with a fixed relay keeps it.
pub(crate) async fn discover(start: Relays) -> Relays {
    if start.fixed {
        return start;
    }
    let config = js::fetch_text("config.json", 3000).await.and_then(|text| PageConfig::parse(&text));
    let (listed, local) = match config {
        Some(config) => (config.relays, config.local),
        None => (Vec::new(), Some(LOCAL_RELAY.to_owned())),
    };
    let mut options = if listed.is_empty() { start.options } else { listed };
    if let Some(url) = local.filter(|url| !options.iter().any(|o| &o.url == url)) {
        if local_answers(&url).await {
            options.insert(0, RelayOption { local: true, ..RelayOption::named(url) });
        }
    }
    let options = if options.len() > 1 { join_all(options.into_iter().map(measured)).await } else { options };
    Relays { options, chosen: 0, fixed: false }.pick()
}

fn option_label(option: &RelayOption, catalog: &Catalog) -> String {
    if option.local {
        return catalog.text("page-relay-local", &Args::new());
    }
    let name = if option.name.is_empty() { option.url.clone() } else { option.name.clone() };
    let args = Args::new().text("name", name).text("region", option.region.clone());
    let id = match (option.rtt_ms, option.region.is_empty()) {
        (Some(rtt), true) => return catalog.text("page-relay-measured", &args.number("ms", rtt.round())),
        (Some(rtt), false) => return catalog.text("page-relay-measured-region", &args.number("ms", rtt.round())),
        (None, true) => "page-relay-named",
        (None, false) => "page-relay-named-region",
    };
    catalog.text(id, &args)
}

/// The relay the check goes through, and a choice of the others.
pub(crate) fn relay_picker(relays: &Relays, catalog: &Catalog, disabled: bool, on_choose: Callback<usize>) -> Html {
    let Some(chosen) = relays.chosen() else { return html! {} };
    let t = |id: &str| catalog.text(id, &Args::new());
    let onchange = Callback::from(move |e: Event| {
        let index = e.target_unchecked_into::<HtmlSelectElement>().selected_index();
        on_choose.emit(usize::try_from(index).unwrap_or(0));
    });
    let local_found = relays.options.iter().any(|o| o.local);
    html! {
        <div id="relay-choice" class="relay-choice" data-relay={chosen.url.clone()} data-local={chosen.local.to_string()}>
            if relays.options.len() > 1 {
                <label for="relay">{ t("page-relay-choose") }</label>
                <select id="relay" {onchange} {disabled}>
                    { for relays.options.iter().enumerate().map(|(i, option)| html! {
                        <option value={i.to_string()} selected={i == relays.chosen}>{ option_label(option, catalog) }</option>
                    }) }
                </select>
            } else {
                <p>{ catalog.text("page-relay-through", &Args::new().text("relay", option_label(chosen, catalog))) }</p>
            }
            if local_found {
                <p class="note">{ t("page-relay-local-why") }</p>
            } else if !relays.fixed {
                <details class="note">
                    <summary>{ t("page-relay-local-how") }</summary>
                    <p>{ t("page-relay-local-run") }</p>
                    <p>{ t("page-relay-local-prompt") }</p>
                </details>
            }
        </div>
    }
}
