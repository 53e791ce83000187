//! The form: what a person's mail app is set to, and the button that checks it.

use std::rc::Rc;

use maildoctor_rules::{Args, Catalog, Lang, Request, Session, Settings};
use maildoctor_wire::{AuthMechanism, Login, MailProtocol, Secret, Security};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::state::{Action, Diagnosis, Phase};
use crate::{relay, view};

fn text_input(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
}

fn select_input(state: &UseStateHandle<String>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| state.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
}

/// The browser's languages, most preferred first, or `?lang=` when given.
fn page_language() -> Lang {
    let Some(window) = web_sys::window() else { return Lang::default() };
    let asked = window.location().search().ok().and_then(|query| {
        query.trim_start_matches('?').split('&').find_map(|pair| pair.strip_prefix("lang=").map(str::to_owned))
    });
    if let Some(lang) = asked.as_deref().and_then(Lang::from_tag) {
        return lang;
    }
    let preferred: Vec<String> = window.navigator().languages().iter().filter_map(|value| value.as_string()).collect();
    Lang::negotiate(preferred.iter().map(String::as_str))
}

/// Settings from the form, or `None` when the server field is empty.
fn settings(
    catalog: &Catalog,
    host: &str,
    port: &str,
    protocol: MailProtocol,
    security: &str,
) -> Result<Option<Settings>, String> {
    let host = host.trim();
    if host.is_empty() {
        return Ok(None);
    }
    let security = match security {
        "starttls" => Security::Starttls,
        "none" => Security::None,
        _ => Security::Tls,
    };
    let port = match port.trim() {
        "" => protocol.usual_port(security),
        text => text
            .parse::<u16>()
            .map_err(|_| catalog.text("page-port-invalid", &Args::new().text("input", text.to_owned())))?,
    };
    Ok(Some(Settings { host: host.to_owned(), port, protocol, security }))
}

#[function_component]
pub(crate) fn App() -> Html {
    let lang = *use_memo((), |_| page_language());
    let catalog = use_memo(lang, |lang| Catalog::new(*lang));
    let address = use_state(String::new);
    let host = use_state(String::new);
    let port = use_state(|| "993".to_string());
    let protocol = use_state(|| "imap".to_string());
    let security = use_state(|| "tls".to_string());
    let out_host = use_state(String::new);
    let out_port = use_state(|| "587".to_string());
    let out_security = use_state(|| "starttls".to_string());
    let password = use_state(String::new);
    let token = use_state(String::new);
    let diagnosis = use_reducer(Diagnosis::default);

    // Runs the check the form describes; `consent`: the password may also go
    // to discovered servers that are not the domain's own.
    let start = {
        let fields = (
            address.clone(),
            host.clone(),
            port.clone(),
            protocol.clone(),
            security.clone(),
            out_host.clone(),
            out_port.clone(),
            out_security.clone(),
            password.clone(),
            token.clone(),
        );
        let diagnosis = diagnosis.clone();
        let catalog = Rc::clone(&catalog);
        Callback::from(move |consent: bool| {
            let (address, host, port, protocol, security, out_host, out_port, out_security, password, token) = &fields;
            let incoming_protocol = if **protocol == "pop3" { MailProtocol::Pop3 } else { MailProtocol::Imap };
            let mut request = Request::new(address.trim());
            request.login_discovered = consent;
            // An access token (Advanced) signs in by a bearer mechanism; else the password.
            let (secret, mechanism) = match token.trim() {
                "" => (password.as_str(), None),
                token => (token, Some(AuthMechanism::Oauthbearer)),
            };
            if !secret.is_empty() {
                request.login = Some(Login {
                    username: address.trim().to_owned(),
                    secret: Secret::new(secret),
                    mechanism,
                    allow_plaintext: false,
                });
            }
            let planned = settings(&catalog, host, port, incoming_protocol, security)
                .and_then(|incoming| {
                    Ok((incoming, settings(&catalog, out_host, out_port, MailProtocol::Smtp, out_security)?))
                })
                .and_then(|(incoming, outgoing)| {
                    request.incoming = incoming;
                    request.outgoing = outgoing;
                    Session::plan(request).map_err(|err| err.render(&catalog))
                });
            match planned {
                Ok(session) => {
                    diagnosis.dispatch(Action::Start);
                    wasm_bindgen_futures::spawn_local(relay::run(session, lang, diagnosis.dispatcher()));
                }
                Err(err) => diagnosis.dispatch(Action::Failed(err)),
            }
        })
    };
    let onsubmit = {
        let start = start.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            start.emit(false);
        })
    };
    let consent = {
        let start = start.clone();
        Callback::from(move |_: MouseEvent| start.emit(true))
    };
    let ask_consent = diagnosis.phase == Phase::Finished && diagnosis.report.as_ref().is_some_and(|r| r.ask_consent);

    let t = |id: &str| catalog.text(id, &Args::new());
    let running = diagnosis.phase == Phase::Running;
    let status = match &diagnosis.phase {
        Phase::Idle => t("page-status-idle"),
        Phase::Running => t("page-status-running"),
        Phase::Finished => t("page-status-done"),
        Phase::Failed(message) => catalog.text("page-status-failed", &Args::new().text("why", message.clone())),
    };
    let security_options = |chosen: &str| {
        html! { <>
            <option value="tls" selected={chosen == "tls"}>{ "SSL/TLS" }</option>
            <option value="starttls" selected={chosen == "starttls"}>{ "STARTTLS" }</option>
            <option value="none" selected={chosen == "none"}>{ t("security-none") }</option>
        </> }
    };

    html! {
        <main lang={lang.tag()}>
            <h1>{ "maildoctor" }</h1>
            <p class="lede">{ t("page-lede") }</p>
            <form id="diagnose-form" {onsubmit}>
                <label>{ t("page-address") }
                    <input id="address" type="email" required=true placeholder="you@example.com" value={(*address).clone()} oninput={text_input(&address)} />
                </label>
                <label>{ t("page-password") }
                    <input id="password" type="password" autocomplete="current-password" value={(*password).clone()} oninput={text_input(&password)} />
                </label>
                <label>{ t("page-incoming-server") }
                    <input id="host" placeholder={t("page-incoming-placeholder")} value={(*host).clone()} oninput={text_input(&host)} />
                </label>
                <label>{ t("page-port") }
                    <input id="port" inputmode="numeric" value={(*port).clone()} oninput={text_input(&port)} />
                </label>
                <label>{ t("page-protocol") }
                    <select id="protocol" onchange={select_input(&protocol)}>
                        <option value="imap" selected={*protocol == "imap"}>{ "IMAP" }</option>
                        <option value="pop3" selected={*protocol == "pop3"}>{ "POP3" }</option>
                    </select>
                </label>
                <label>{ t("page-security") }
                    <select id="security" onchange={select_input(&security)}>{ security_options(&security) }</select>
                </label>
                <label>{ t("page-outgoing-server") }
                    <input id="out-host" placeholder={t("page-outgoing-placeholder")} value={(*out_host).clone()} oninput={text_input(&out_host)} />
                </label>
                <label>{ t("page-port") }
                    <input id="out-port" inputmode="numeric" value={(*out_port).clone()} oninput={text_input(&out_port)} />
                </label>
                <label>{ t("page-security") }
                    <select id="out-security" onchange={select_input(&out_security)}>{ security_options(&out_security) }</select>
                </label>
                <details id="advanced">
                    <summary>{ t("page-advanced") }</summary>
                    <label>{ t("page-token") }
                        <input id="token" type="password" autocomplete="off" value={(*token).clone()} oninput={text_input(&token)} />
                    </label>
                    <p class="note">{ t("page-token-note") }</p>
                </details>
                <button id="diagnose" type="submit" disabled={running}>{ if running { t("page-checking") } else { t("page-diagnose") } }</button>
            </form>
            if ask_consent {
                <div id="consent" class="consent">
                    <p>{ t("page-consent-why") }</p>
                    <button id="login-discovered" type="button" onclick={consent}>{ t("page-consent") }</button>
                </div>
            }
            <p id="status" data-phase={diagnosis.phase.name()}>{ status }</p>
            { view::report(diagnosis.report.as_ref(), &catalog) }
        </main>
    }
}
