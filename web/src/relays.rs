//! Which relay a check goes through, decided at run time, never at build
//! time. The widget's `relay` attribute is used as it is. A relay named by
//! `?relay=` or `?compare=` is used only when it is one of the site's own
//! (listed in `config.json`, the page's own relay, or this computer's): a
//! link anyone can craft must not send a password to a relay the site does
//! not run, so another relay is refused, with a warning naming its host.
//! Otherwise `config.json` beside the page lists relays,
//! and the one that answers a hello fastest is taken; the page's meta tag
//! or the relay that served the page come last. Each relay is shown by the
//! name and region its hello gives, never by its address. A relay on this
//! computer (`maildoctor serve --local`) is used first when it answers: it
//! sees the person's own network. It is looked for as the page loads only
//! where the site (`config.json`, the widget's `local`) asks for it or this
//! browser found it before; otherwise when the person asks, since a probe
//! of a port where nothing listens is an error in the browser's console
//! (and Chromium asks the person whether the page may reach their network).

use futures_util::future::join_all;
use maildoctor_rules::{Args, Catalog};
use maildoctor_wire::{ClientMessage, ServerMessage, PROTOCOL_VERSION};
use serde_json::Value;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::js;
use crate::query::query_value;
use crate::relay::status_url;
use crate::state::Words;

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
    /// The relay that served this page (or its meta tag names).
    pub(crate) own: bool,
}

impl RelayOption {
    fn named(url: String) -> Self {
        RelayOption { name: String::new(), region: String::new(), url, rtt_ms: None, local: false, own: false }
    }
}

/// The relays this page may use, and the one it uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Relays {
    pub(crate) options: Vec<RelayOption>,
    pub(crate) chosen: usize,
    /// Named by the page's address or the widget: nothing else is tried.
    pub(crate) fixed: bool,
    /// `?relay=` and `?compare=`, until `config.json` says they are the site's.
    link: Option<String>,
    link_compare: Option<String>,
    /// `?compare=`, found to be the site's.
    pub(crate) compare: Option<String>,
    /// The hosts of relays a link named that are not the site's.
    refused: Vec<String>,
    /// This computer's relay, refusing this page until paired ([`pairing`]).
    pair: Option<String>,
    /// Pairing's progress: not asked (`None`), the code the terminal shows,
    /// or refused (empty).
    pair_step: Option<String>,
    /// Where a widget whose `local` attribute asks looks for this computer's relay.
    widget_local: Option<String>,
    /// Where the person may ask the page to look for this computer's relay.
    local_offer: Option<String>,
    /// The person asked, and nothing answered there.
    local_missing: bool,
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
    /// The site named it: look as the page loads, not only when asked.
    pub(crate) local_at_once: bool,
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
        let (local, local_at_once) = match &config["local"] {
            Value::Bool(false) => (None, false),
            Value::String(url) if is_websocket_url(url) => (Some(url.clone()), true),
            _ => (Some(LOCAL_RELAY.to_owned()), false),
        };
        Some(PageConfig { relays, local, local_at_once })
    }
}

/// `?relay=` or `?compare=`, when the page's address names one.
fn asked(key: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    query_value(&search, key).map(|url| url.trim().to_owned()).filter(|url| is_websocket_url(url))
}

/// Whose relay a URL is: its host, as the warning names it.
pub(crate) fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or_default().to_owned()
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
    /// The widget's `relay` (or none at all), and this computer's relay
    /// at `local` too when its `local` attribute asks for it.
    pub(crate) fn widget(url: Option<String>, local: Option<String>) -> Self {
        let options = url.into_iter().map(RelayOption::named).collect();
        Relays { options, fixed: local.is_none(), widget_local: local, ..Relays::default() }
    }

    /// The relays with the names and regions their hellos gave (`heard`,
    /// from [`hellos`]), where the site's list gave none.
    pub(crate) fn with_names(&self, heard: &[RelayOption]) -> Self {
        let mut named = self.clone();
        for option in named.options.iter_mut() {
            if let Some(hello) = heard.iter().find(|h| h.url == option.url) {
                if option.name.is_empty() {
                    option.name = hello.name.clone();
                }
                if option.region.is_empty() {
                    option.region = hello.region.clone();
                }
            }
        }
        named
    }

    /// This computer's relay, now that it accepts this page, chosen first.
    fn paired(&self, url: String) -> Self {
        let mut options = self.options.clone();
        options.insert(0, RelayOption { local: true, ..RelayOption::named(url) });
        Relays { options, chosen: 0, pair: None, local_missing: false, ..self.clone() }
    }
}

/// What the page starts with, before anything is fetched or measured: the
/// page's own relay, never yet one a link names.
pub(crate) fn first_guess() -> Relays {
    Relays {
        options: served_relay().into_iter().map(|url| RelayOption { own: true, ..RelayOption::named(url) }).collect(),
        link: asked("relay"),
        link_compare: asked("compare"),
        // Offered from the first render, as the painted page shows it, so
        // nothing moves when discovery ends; config.json may withdraw it.
        local_offer: Some(LOCAL_RELAY.to_owned()),
        ..Relays::default()
    }
}

/// The relay's round trip, and the name and region its hello gives where
/// the site's list gives none.
async fn measured(mut option: RelayOption) -> RelayOption {
    let hello = maildoctor_wire::client_json(&ClientMessage::Hello { version: PROTOCOL_VERSION });
    let Some((rtt_ms, said)) = js::round_trip(&option.url, &hello, MEASURE_MS).await else { return option };
    option.rtt_ms = Some(rtt_ms);
    if let Ok(ServerMessage::Hello { vantage: Some(vantage), .. }) = ServerMessage::from_json(&said) {
        if option.name.is_empty() {
            option.name = vantage.name.unwrap_or_default();
        }
        if option.region.is_empty() {
            option.region = vantage.region.unwrap_or_default();
        }
    }
    option
}

async fn all_measured(options: Vec<RelayOption>) -> Vec<RelayOption> {
    join_all(options.into_iter().map(measured)).await
}

/// The hellos of the relays `discover` chose among without measuring them
/// (one relay, or one the widget or a link fixed): their names, asked once
/// the choice is made, so that the choice waits for no hello.
pub(crate) async fn hellos(relays: &Relays) -> Vec<RelayOption> {
    let unmeasured = relays.options.iter().filter(|o| o.rtt_ms.is_none() && !o.local).cloned().collect();
    all_measured(unmeasured).await
}

/// Where this browser found this computer's relay before.
const REMEMBERED_LOCAL: &str = "maildoctor-local-relay";

/// Remembers this computer's relay at `url` (`None`: forgets it).
fn remember_local(url: Option<&str>) {
    js::remember(REMEMBERED_LOCAL, url.map(str::to_owned));
}

/// Whether a maildoctor relay that says it is local answers at `url`
/// (`None`), and whether it accepts this page.
async fn local_answers(url: &str) -> Option<bool> {
    let status: Value = serde_json::from_str(&js::fetch_text(&status_url(url), 1500).await?).ok()?;
    (status["local"] == Value::Bool(true)).then(|| status["origin"] != "refused")
}

/// Reads `config.json`, checks that relays a link names are the site's,
/// looks for this computer's relay, measures every listed relay at once
/// and picks one. A widget with its relay keeps it.
pub(crate) async fn discover(mut start: Relays) -> Relays {
    if start.fixed {
        return start;
    }
    // config.json beside a help centre's page is not the widget's.
    let config = match start.widget_local.clone() {
        Some(local) => Some(PageConfig { relays: Vec::new(), local: Some(local), local_at_once: true }),
        None => js::fetch_text("config.json", 3000).await.and_then(|text| PageConfig::parse(&text)),
    };
    let (listed, local, at_once) = match config {
        Some(config) => (config.relays, config.local, config.local_at_once),
        None => (Vec::new(), Some(LOCAL_RELAY.to_owned()), false),
    };
    let remembered = js::remembered(REMEMBERED_LOCAL);
    let look_now = local.clone().filter(|url| at_once || remembered.as_ref() == Some(url));
    start.local_offer = local.clone();
    let own = served_relay().filter(|_| start.widget_local.is_none());
    let site =
        |url: &String| listed.iter().any(|o| &o.url == url) || own.as_ref() == Some(url) || local.as_ref() == Some(url);
    let (link, link_compare) = (start.link.take(), start.link_compare.take());
    for host in [&link, &link_compare].into_iter().flatten().filter(|url| !site(url)).map(|url| host_of(url)) {
        if !start.refused.contains(&host) {
            start.refused.push(host);
        }
    }
    // Looked again (the person asked for this computer's relay): a
    // comparison the first look accepted stays.
    if let Some(url) = link_compare.filter(site) {
        start.compare = Some(url);
    }
    if let Some(url) = link.filter(site) {
        return Relays { options: vec![RelayOption::named(url)], chosen: 0, fixed: true, ..start };
    }
    let mut options = if listed.is_empty() { start.options.clone() } else { listed.clone() };
    if let Some(url) = look_now.filter(|url| !options.iter().any(|o| &o.url == url)) {
        match local_answers(&url).await {
            Some(true) => {
                remember_local(Some(&url));
                options.insert(0, RelayOption { local: true, ..RelayOption::named(url) });
            }
            Some(false) => start.pair = Some(url),
            // Not running (any more): said, and not looked for at the next load.
            None if remembered.as_ref() == Some(&url) => {
                remember_local(None);
                start.local_missing = true;
            }
            None => {}
        }
    }
    let options = if options.len() > 1 { all_measured(options).await } else { options };
    Relays { options, chosen: 0, fixed: false, ..start }.pick()
}

/// A relay as a person knows it: by the name and region its operator gives
/// (this site's own relay, else its host, when it has no name), never by
/// its address. Two relays of one name and no region differ by host.
fn name_and_region(option: &RelayOption, all: &[RelayOption], catalog: &Catalog) -> (String, String) {
    let name = match (option.name.is_empty(), option.own) {
        (false, _) => option.name.clone(),
        (true, true) => catalog.text("page-relay-own", &Args::new()),
        (true, false) => host_of(&option.url),
    };
    let twin =
        |other: &RelayOption| other.url != option.url && other.name == option.name && other.region == option.region;
    let region = match option.region.is_empty() && !option.name.is_empty() && all.iter().any(twin) {
        true => host_of(&option.url),
        false => option.region.clone(),
    };
    (name, region)
}

/// `option`'s name and region, as the check and the comparison name it.
pub(crate) fn relay_label(option: &RelayOption, all: &[RelayOption], catalog: &Catalog) -> String {
    option_label(option, all, catalog, false)
}

/// The same, with its round trip when measured (the choice of relays).
fn option_label(option: &RelayOption, all: &[RelayOption], catalog: &Catalog, with_rtt: bool) -> String {
    if option.local {
        return catalog.text("page-relay-local", &Args::new());
    }
    let (name, region) = name_and_region(option, all, catalog);
    let args = Args::new().text("name", name).text("region", region.clone());
    let id = match (option.rtt_ms.filter(|_| with_rtt), region.is_empty()) {
        (Some(rtt), true) => return catalog.text("page-relay-measured", &args.number("ms", rtt.round() as u64)),
        (Some(rtt), false) => {
            return catalog.text("page-relay-measured-region", &args.number("ms", rtt.round() as u64))
        }
        (None, true) => "page-relay-named",
        (None, false) => "page-relay-named-region",
    };
    catalog.text(id, &args)
}

/// Looks for this computer's relay at `url` when the person asks: as a
/// page load does where this browser found it before (so it is used when
/// it answers, pairing is offered when it refuses this page, and the page
/// says so when nothing answers).
fn look_for_local(handle: &UseStateHandle<Relays>, url: String) -> Callback<MouseEvent> {
    let handle = handle.clone();
    Callback::from(move |_: MouseEvent| {
        remember_local(Some(&url));
        let (handle, start) = (handle.clone(), Relays { local_missing: false, ..(*handle).clone() });
        wasm_bindgen_futures::spawn_local(async move { handle.set(discover(start).await) });
    })
}

/// The relay the check goes through, and a choice of the others.
/// `heard`: the relays' hellos ([`hellos`]), which name them.
pub(crate) fn relay_picker(
    handle: &UseStateHandle<Relays>,
    heard: &[RelayOption],
    catalog: &Words,
    disabled: bool,
    on_choose: Callback<usize>,
) -> Html {
    let named = handle.with_names(heard);
    let relays = &named;
    let t = |id: &str| catalog.text(id, &Args::new());
    let warnings = html! { <>
        for host in relays.refused.iter() {
            <p class="relay-link-refused" role="alert">{ catalog.text("page-relay-link-refused", &Args::new().text("host", host.clone())) }</p>
        }
        if let Some(url) = relays.pair.clone() {
            { pairing(handle, url, catalog) }
        }
    </> };
    let Some(chosen) = relays.chosen() else { return warnings };
    let onchange = Callback::from(move |e: Event| {
        let index = e.target_unchecked_into::<HtmlSelectElement>().selected_index();
        on_choose.emit(usize::try_from(index).unwrap_or(0));
    });
    let local_found = relays.options.iter().any(|o| o.local);
    html! {
        <div id="relay-choice" class="relay-choice" data-relay={chosen.url.clone()} data-local={chosen.local.to_string()}>
            { warnings }
            if relays.options.len() > 1 {
                <label for="relay">{ t("page-relay-choose") }</label>
                <select id="relay" {onchange} {disabled}>
                    { for relays.options.iter().enumerate().map(|(i, option)| html! {
                        <option value={i.to_string()} selected={i == relays.chosen}>{ option_label(option, &relays.options, catalog, true) }</option>
                    }) }
                </select>
            } else {
                <p>{ catalog.text("page-relay-through", &Args::new().text("relay", relay_label(chosen, &relays.options, catalog))) }</p>
            }
            if local_found {
                <p class="note">{ t("page-relay-local-why") }</p>
            } else if let Some(url) = relays.local_offer.clone().filter(|_| !relays.fixed && relays.pair.is_none()) {
                <details class="note" id="local-how" open={relays.local_missing}>
                    <summary>{ t("page-relay-local-how") }</summary>
                    <p>{ t("page-relay-local-start") }</p>
                    <p>{ t("page-relay-local-prompt") }</p>
                    <button id="look-local" type="button" class="secondary" onclick={look_for_local(handle, url.clone())}>
                        { t("page-relay-local-look") }
                    </button>
                    <p id="local-missing" role="status">
                        if relays.local_missing {
                            { catalog.text("page-relay-local-missing", &Args::new().text("host", host_of(&url))) }
                        }
                    </p>
                </details>
            }
        </div>
    }
}

/// This computer's relay refuses this page's origin until the person says
/// yes in its terminal (relay/src/pairing.rs): the page asks on a click,
/// shows the code the terminal shows, and waits for the answer.
fn pairing(handle: &UseStateHandle<Relays>, url: String, catalog: &Words) -> Html {
    let t = |id: &str| catalog.text(id, &Args::new());
    let onclick = {
        let handle = handle.clone();
        Callback::from(move |_: MouseEvent| {
            let (handle, url, start) = (handle.clone(), url.clone(), (*handle).clone());
            wasm_bindgen_futures::spawn_local(async move {
                let (shown, asked) = (handle.clone(), start.clone());
                let on_code = move |code| shown.set(Relays { pair_step: Some(code), ..asked.clone() });
                let yes = js::pair(&status_url(&url).replace("/status", "/pair"), on_code).await;
                if yes {
                    remember_local(Some(&url));
                }
                handle.set(if yes { start.paired(url) } else { Relays { pair_step: Some(String::new()), ..start } });
            });
        })
    };
    let step = handle.pair_step.as_deref();
    let origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    html! {
        <div id="pairing" class="note" role="status" data-step={match step { None => "offer", Some("") => "refused", _ => "asked" }}>
            <p>{ t("page-pair-needed") }</p>
            if let Some(code) = step.filter(|c| !c.is_empty()) {
                <p>{ catalog.text("page-pair-asked", &Args::new().text("origin", origin).text("code", code.to_owned())) }</p>
            } else {
                if step.is_some() { <p>{ t("page-pair-refused") }</p> }
                <button id="pair" type="button" {onclick}>{ t("page-pair-ask") }</button>
            }
        </div>
    }
}
