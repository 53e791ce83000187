use std::rc::Rc;

use maildoctor_rules::{Report, Session, Settings};
use maildoctor_wire::{MailProtocol, Security};
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

#[function_component]
pub(crate) fn App() -> Html {
    let address = use_state(String::new);
    let host = use_state(String::new);
    let port = use_state(|| "993".to_string());
    let protocol = use_state(|| "imap".to_string());
    let security = use_state(|| "tls".to_string());
    let diagnosis = use_reducer(Diagnosis::default);

    let onsubmit = {
        let (address, host, port, protocol, security) =
            (address.clone(), host.clone(), port.clone(), protocol.clone(), security.clone());
        let diagnosis = diagnosis.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(port) = port.trim().parse::<u16>() else {
                diagnosis.dispatch(Action::Failed("The port must be a number from 1 to 65535.".into()));
                return;
            };
            let settings = Settings {
                host: (*host).clone(),
                port,
                protocol: if *protocol == "pop3" { MailProtocol::Pop3 } else { MailProtocol::Imap },
                security: match security.as_str() {
                    "starttls" => Security::Starttls,
                    "none" => Security::None,
                    _ => Security::Tls,
                },
            };
            match Session::check_server(&address, settings) {
                Ok(session) => {
                    diagnosis.dispatch(Action::Start);
                    wasm_bindgen_futures::spawn_local(relay::run(session, diagnosis.dispatcher()));
                }
                Err(err) => diagnosis.dispatch(Action::Failed(err.to_string())),
            }
        })
    };

    let running = diagnosis.phase == Phase::Running;
    let status = match &diagnosis.phase {
        Phase::Idle => "Type your address and the incoming server your mail app uses, then press Diagnose.".to_string(),
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
                <label>{ "Incoming server" }
                    <input id="host" required=true placeholder="imap.example.com" value={(*host).clone()} oninput={text_input(&host)} />
                </label>
                <label>{ "Port" }
                    <input id="port" inputmode="numeric" required=true value={(*port).clone()} oninput={text_input(&port)} />
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
