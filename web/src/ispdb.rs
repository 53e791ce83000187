//! Presets from maildoctor's copy of Thunderbird's ISP database: `ispdb.json`
//! beside the page (`tools/build-ui` copies `data/ispdb/ispdb.json`), fetched
//! only once a typed address's domain is one maildoctor's own provider
//! table does not know, so the page does not grow by the database. It works
//! without a relay: the presets are the database's word, not a test.

use std::cell::RefCell;
use std::rc::Rc;

use maildoctor_rules::Args;
use maildoctor_wire::{DiscoveredServer, MailProtocol, Security};
use serde_json::Value;
use yew::prelude::*;

use crate::state::Words;

thread_local! {
    /// The copy, fetched at most once per page.
    static COPY: RefCell<Option<Rc<Value>>> = const { RefCell::new(None) };
}

/// What the copy says about one domain.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Preset {
    pub(crate) domain: String,
    pub(crate) date: String,
    pub(crate) servers: Vec<DiscoveredServer>,
}

/// The entry for `domain` in the copy `copy` (the compact form), its host
/// placeholders filled in.
pub(crate) fn lookup(copy: &Value, domain: &str) -> Option<Preset> {
    let file = copy["domains"][domain].as_str()?;
    // Read field by field: a typed deserializer for `Value` would add to
    // the page what the page's JSON parser already does.
    let server = |s: &Value| {
        let protocol = match s["protocol"].as_str()? {
            "imap" => MailProtocol::Imap,
            "pop3" => MailProtocol::Pop3,
            "smtp" => MailProtocol::Smtp,
            _ => return None,
        };
        let security = match s["security"].as_str()? {
            "tls" => Security::Tls,
            "starttls" => Security::Starttls,
            "none" => Security::None,
            _ => return None,
        };
        let host = s["host"].as_str()?.replace("%EMAILDOMAIN%", domain).to_ascii_lowercase();
        let port = u16::try_from(s["port"].as_u64()?).ok()?;
        let incoming = s["incoming"].as_bool()?;
        (!host.contains('%')).then_some(DiscoveredServer { incoming, protocol, host, port, security, username: None })
    };
    let servers = copy["files"][file]["servers"].as_array()?.iter().filter_map(server).collect();
    Some(Preset { domain: domain.to_owned(), date: copy["date"].as_str().unwrap_or_default().to_owned(), servers })
}

/// The domain of `address` when it looks complete and the provider table
/// does not already know it (the check itself uses that table).
fn wanted(address: &str) -> Option<String> {
    let domain = address.trim().rsplit_once('@')?.1.trim_end_matches('.').to_ascii_lowercase();
    let complete = domain.rsplit_once('.').is_some_and(|(name, tld)| !name.is_empty() && tld.len() >= 2);
    (complete && maildoctor_rules::providers::by_domain(&domain).is_none()).then_some(domain)
}

async fn copy() -> Option<Rc<Value>> {
    if let Some(copy) = COPY.with(|c| c.borrow().clone()) {
        return Some(copy);
    }
    let text = crate::js::fetch_text("ispdb.json", 5000).await?;
    let copy = Rc::new(serde_json::from_str::<Value>(&text).ok()?);
    COPY.with(|c| *c.borrow_mut() = Some(copy.clone()));
    Some(copy)
}

#[derive(Properties, PartialEq)]
pub(crate) struct PresetsProps {
    pub(crate) catalog: Words,
    pub(crate) address: String,
    /// The first incoming and first outgoing server of the entry.
    pub(crate) on_fill: Callback<(Option<DiscoveredServer>, Option<DiscoveredServer>)>,
}

#[function_component]
pub(crate) fn Presets(props: &PresetsProps) -> Html {
    let found = use_state(|| None::<Preset>);
    {
        let found = found.clone();
        use_effect_with(wanted(&props.address), move |domain| {
            found.set(None);
            // Asked once typing pauses: "ann@gmail.co" on the way to
            // gmail.com must not fetch the copy.
            let pause = domain.clone().map(|domain| {
                gloo_timers::callback::Timeout::new(500, move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        found.set(copy().await.and_then(|copy| lookup(&copy, &domain)));
                    });
                })
            });
            move || drop(pause)
        });
    }
    let Some(preset) = (*found).clone().filter(|p| !p.servers.is_empty()) else { return html! {} };
    let incoming = preset.servers.iter().find(|s| s.incoming).cloned();
    let outgoing = preset.servers.iter().find(|s| !s.incoming).cloned();
    let named = |s: &Option<DiscoveredServer>| {
        s.as_ref().map(|s| format!("{} {}:{}", s.protocol.name(), s.host, s.port)).unwrap_or_else(|| "-".into())
    };
    let args = Args::new()
        .text("domain", preset.domain.clone())
        .text("date", preset.date.clone())
        .text("incoming", named(&incoming))
        .text("outgoing", named(&outgoing));
    let onclick = props.on_fill.reform(move |_: MouseEvent| (incoming.clone(), outgoing.clone()));
    html! {
        <div class="preset" id="ispdb-preset">
            <p class="note">{ props.catalog.text("page-ispdb-preset", &args) }</p>
            <button type="button" id="ispdb-fill" class="secondary" {onclick}>{ props.catalog.text("page-ispdb-fill", &Args::new()) }</button>
        </div>
    }
}
