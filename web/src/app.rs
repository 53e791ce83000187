use std::rc::Rc;

use maildoctor_rules::{Report, Session, Settings};
use maildoctor_wire::{Login, MailProtocol, Secret, Security};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::{relay, view};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Phase {
    Idle,
    Running,
    Finished,
    Failed(String),
}

/// What the page shows: the rules' latest report, rebuilt on every event.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Diagnosis {
    pub phase: Phase,
    pub report: Option<Report>,
}

impl Default for Diagnosis {
    fn default() -> Self {
        Self { phase: Phase::Idle, report: None }
    }
}

#[derive(Debug)]
pub(crate) enum Action {
    Start,
    Progress(Report),
    Finished(Report),
    Failed(String),
}

impl Reducible for Diagnosis {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(match action {
            Action::Start => Diagnosis { phase: Phase::Running, report: None },
            Action::Progress(report) => Diagnosis { phase: Phase::Running, report: Some(report) },
            Action::Finished(report) => Diagnosis { phase: Phase::Finished, report: Some(report) },
            Action::Failed(message) => Diagnosis { phase: Phase::Failed(message), report: self.report.clone() },
        })
    }
}

fn text_input(state: &UseStateHandle<String>) -> Callback<InputEvent> {
    let state = state.clone();
    Callback::from(move |e: InputEvent| state.set(e.target_unchecked_into::<HtmlInputElement>().value()))
}

fn select_input(state: &UseStateHandle<String>) -> Callback<Event> {
    let state = state.clone();
    Callback::from(move |e: Event| state.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
}

/// Settings from the form, or `None` when the server field is empty.
fn settings(host: &str, port: &str, protocol: MailProtocol, security: &str) -> Result<Option<Settings>, String> {
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
        text => text.parse::<u16>().map_err(|_| format!("{text:?} is not a port: use a number from 1 to 65535"))?,
    };
    Ok(Some(Settings { host: host.to_owned(), port, protocol, security }))
}

#[function_component]
pub(crate) fn App() -> Html {
    let address = use_state(String::new);
    let host = use_state(String::new);
    let port = use_state(|| "993".to_string());
    let protocol = use_state(|| "imap".to_string());
    let security = use_state(|| "tls".to_string());
    let out_host = use_state(String::new);
    let out_port = use_state(|| "587".to_string());
    let out_security = use_state(|| "starttls".to_string());
    let password = use_state(String::new);
    let diagnosis = use_reducer(Diagnosis::default);

    let onsubmit = {
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
        );
        let diagnosis = diagnosis.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (address, host, port, protocol, security, out_host, out_port, out_security, password) = &fields;
            let incoming_protocol = if **protocol == "pop3" { MailProtocol::Pop3 } else { MailProtocol::Imap };
            let planned = settings(host, port, incoming_protocol, security)
                .and_then(|incoming| Ok((incoming, settings(out_host, out_port, MailProtocol::Smtp, out_security)?)))
                .and_then(|(incoming, outgoing)| {
                    Session::check_given(address, incoming, outgoing).map_err(|err| err.to_string())
                });
            match planned {
                Ok(session) => {
                    let session = if password.is_empty() {
                        session
                    } else {
                        session.with_login(Login {
                            username: address.trim().to_owned(),
                            secret: Secret::new(password.as_str()),
                            mechanism: None,
                            allow_plaintext: false,
                            full_address: None,
                        })
                    };
                    diagnosis.dispatch(Action::Start);
                    wasm_bindgen_futures::spawn_local(relay::run(session, diagnosis.dispatcher()));
                }
                Err(err) => diagnosis.dispatch(Action::Failed(err)),
            }
        })
    };

    let running = diagnosis.phase == Phase::Running;
    let status = match &diagnosis.phase {
        Phase::Idle => "Type your address. Add the servers your mail app uses to check them, or leave them empty and maildoctor finds settings that work.".to_string(),
        Phase::Running => "Checking… results appear as they come in.".to_string(),
        Phase::Finished => "Done.".to_string(),
        Phase::Failed(message) => format!("Could not finish: {message}"),
    };

    html! {
        <main>
            <h1>{ "maildoctor" }</h1>
            <p class="lede">{ "Finds out why your mail app cannot connect to your mail server, from your own network, and tells you how to fix it." }</p>
            <form id="diagnose-form" {onsubmit}>
                <label>{ "Email address" }
                    <input id="address" type="email" required=true placeholder="you@example.com" value={(*address).clone()} oninput={text_input(&address)} />
                </label>
                <label>{ "Password (optional)" }
                    <input id="password" type="password" autocomplete="current-password" value={(*password).clone()} oninput={text_input(&password)} />
                </label>
                <label>{ "Incoming server" }
                    <input id="host" placeholder="imap.example.com (or empty)" value={(*host).clone()} oninput={text_input(&host)} />
                </label>
                <label>{ "Port" }
                    <input id="port" inputmode="numeric" value={(*port).clone()} oninput={text_input(&port)} />
                </label>
                <label>{ "Protocol" }
                    <select id="protocol" onchange={select_input(&protocol)}>
                        <option value="imap" selected={*protocol == "imap"}>{ "IMAP" }</option>
                        <option value="pop3" selected={*protocol == "pop3"}>{ "POP3" }</option>
                    </select>
                </label>
                <label>{ "Security" }
                    <select id="security" onchange={select_input(&security)}>
                        <option value="tls" selected={*security == "tls"}>{ "SSL/TLS" }</option>
                        <option value="starttls" selected={*security == "starttls"}>{ "STARTTLS" }</option>
                        <option value="none" selected={*security == "none"}>{ "None" }</option>
                    </select>
                </label>
                <label>{ "Outgoing (SMTP) server" }
                    <input id="out-host" placeholder="smtp.example.com (or empty)" value={(*out_host).clone()} oninput={text_input(&out_host)} />
                </label>
                <label>{ "Port" }
                    <input id="out-port" inputmode="numeric" value={(*out_port).clone()} oninput={text_input(&out_port)} />
                </label>
                <label>{ "Security" }
                    <select id="out-security" onchange={select_input(&out_security)}>
                        <option value="tls" selected={*out_security == "tls"}>{ "SSL/TLS" }</option>
                        <option value="starttls" selected={*out_security == "starttls"}>{ "STARTTLS" }</option>
                        <option value="none" selected={*out_security == "none"}>{ "None" }</option>
                    </select>
                </label>
                <button id="diagnose" type="submit" disabled={running}>{ if running { "Checking…" } else { "Diagnose" } }</button>
            </form>
            <p id="status" data-phase={phase_name(&diagnosis.phase)}>{ status }</p>
            { view::report(diagnosis.report.as_ref()) }
        </main>
    }
}

fn phase_name(phase: &Phase) -> &'static str {
    match phase {
        Phase::Idle => "idle",
        Phase::Running => "running",
        Phase::Finished => "finished",
        Phase::Failed(_) => "failed",
    }
}
