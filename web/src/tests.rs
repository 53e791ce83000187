//! The page's own tests, run as WebAssembly in headless Chromium
//! (`tools/test`): the reducer fed relay messages, the address-bar formats,
//! the form's port rule, the pictures' hop logic, and components rendered
//! into a real DOM.

use std::rc::Rc;

use futures_channel::mpsc::{unbounded, UnboundedReceiver};
use maildoctor_rules::{Discovery, Lang, Request, Session, Settings, StepState};
use maildoctor_wire::{
    CapabilitySet, CertVerdict, ClientMessage, DnsOutcome, DnsRecord, Event, GreetingStatus, MailProtocol, RecordType,
    ResolverChoice, Security, ServerMessage, Step, TcpOutcome, TlsResult, TlsVersion, PROTOCOL_VERSION,
};
use wasm_bindgen_test::*;
use yew::Reducible;

use crate::form::{FormValues, ServerFields};
use crate::pictures::{hop_states, path_probe, Hop};
use crate::query::{query_value, Prefill, ServerSpec};
use crate::relay::{problem_from_status, status_url};
use crate::relays::{host_of, PageConfig, LOCAL_RELAY};
use crate::secret::PageSecret;
use crate::state::{Action, Diagnosis, Outbox, Phase, RelayProblem, HELLO_DEADLINE_MS};

wasm_bindgen_test_configure!(run_in_browser);

mod announcements_and_relays;

fn imap_tls() -> Settings {
    Settings { host: "mail.example.test".into(), port: 993, protocol: MailProtocol::Imap, security: Security::Tls }
}

fn session() -> Session {
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(imap_tls());
    request.discovery = Discovery::Off;
    request.sample_latency = false;
    Session::plan(request).expect("valid")
}

fn drain(outbox: &mut UnboundedReceiver<ClientMessage>) -> Vec<ClientMessage> {
    let mut out = Vec::new();
    while let Ok(message) = outbox.try_recv() {
        out.push(message);
    }
    out
}

fn started() -> (Rc<Diagnosis>, UnboundedReceiver<ClientMessage>) {
    let (sender, receiver) = unbounded();
    let state = Rc::new(Diagnosis::new(Lang::En));
    let state = state.reduce(Action::Start {
        run: 1,
        session: session(),
        outbox: Outbox(sender),
        relay_url: String::new(),
        now_ms: 1_000.0,
    });
    (state, receiver)
}

fn relay(state: Rc<Diagnosis>, message: ServerMessage, now_ms: f64) -> Rc<Diagnosis> {
    state.reduce(Action::Relay { run: 1, message, now_ms })
}

fn event(event: Event) -> ServerMessage {
    ServerMessage::Event { id: 1, t_ms: 5, event }
}

fn healthy() -> Vec<Event> {
    let address = "127.0.0.10:993".parse().expect("address");
    vec![
        Event::Dns {
            name: "mail.example.test".into(),
            record_type: RecordType::A,
            resolver: ResolverChoice::System,
            outcome: DnsOutcome::Answer,
            records: vec![DnsRecord::A { address: "127.0.0.10".parse().expect("ip") }],
            elapsed_ms: 1,
        },
        Event::Tcp { address, outcome: TcpOutcome::Connected, elapsed_ms: 1 },
        Event::Tls {
            address,
            result: TlsResult::Established {
                version: TlsVersion::Tls13,
                cipher: "TLS13_AES_128_GCM_SHA256".into(),
                verdict: CertVerdict::Valid,
                chain: vec![],
            },
            elapsed_ms: 3,
        },
        Event::Greeting { spoken: Some(MailProtocol::Imap), status: GreetingStatus::Ready, text: "* OK ready".into() },
        Event::Capabilities { protocol: MailProtocol::Imap, tls: true, offered: CapabilitySet::default() },
        Event::Completed { protocol: MailProtocol::Imap },
    ]
}

#[wasm_bindgen_test]
fn start_sends_hello_then_the_planned_operations() {
    let (state, mut outbox) = started();
    assert_eq!(state.phase, Phase::Running);
    let sent = drain(&mut outbox);
    assert_eq!(sent.first(), Some(&ClientMessage::Hello { version: PROTOCOL_VERSION }));
    assert!(matches!(sent.get(1), Some(ClientMessage::Run { id: 1, .. })), "{sent:?}");
}

#[wasm_bindgen_test]
fn relay_events_fill_the_report_and_done_finishes_it() {
    let (mut state, _outbox) = started();
    state = relay(
        state,
        ServerMessage::Hello { version: PROTOCOL_VERSION, relay: "test".into(), vantage: None, time_ms: None },
        1_010.0,
    );
    for e in healthy() {
        state = relay(state, event(e), 1_020.0);
    }
    // Events mark the report stale; a tick rebuilds it while running.
    state = state.reduce(Action::Tick { now_ms: 1_100.0 });
    let report = state.report.clone().expect("a report");
    assert!(!report.complete);
    assert!(report.probes[0].steps.iter().any(|s| s.step == Step::Tls && s.state == StepState::Passed));
    state = relay(state, ServerMessage::Done { id: 1 }, 1_200.0);
    assert_eq!(state.phase, Phase::Finished);
    assert!(state.report.as_ref().expect("report").complete);
}

#[wasm_bindgen_test]
fn cancel_sends_cancel_for_each_running_operation_and_stops() {
    let (state, mut outbox) = started();
    drain(&mut outbox);
    let state = state.reduce(Action::Cancel);
    assert_eq!(state.phase, Phase::Cancelled);
    assert_eq!(drain(&mut outbox), vec![ClientMessage::Cancel { id: 1 }]);
    // The outbox is dropped: the socket pump closes the socket.
    assert!(matches!(outbox.try_recv(), Err(futures_channel::mpsc::TryRecvError::Closed)));
    // A late event of the cancelled run changes nothing.
    let after = relay(state, ServerMessage::Done { id: 1 }, 9_000.0);
    assert_eq!(after.phase, Phase::Cancelled);
}

#[wasm_bindgen_test]
fn a_relay_that_never_says_hello_is_called_silent() {
    let (state, _outbox) = started();
    let state = state.reduce(Action::Tick { now_ms: 1_000.0 + HELLO_DEADLINE_MS - 1.0 });
    assert_eq!(state.phase, Phase::Running);
    let state = state.reduce(Action::Tick { now_ms: 1_000.0 + HELLO_DEADLINE_MS + 1.0 });
    assert_eq!(state.phase, Phase::Failed(RelayProblem::Silent));
}

#[wasm_bindgen_test]
fn another_protocol_version_is_a_relay_problem_not_a_mail_one() {
    let (state, _outbox) = started();
    let state = relay(
        state,
        ServerMessage::Hello { version: PROTOCOL_VERSION + 1, relay: "new".into(), vantage: None, time_ms: None },
        1_001.0,
    );
    assert_eq!(state.phase, Phase::Failed(RelayProblem::Version { relay: Some(PROTOCOL_VERSION + 1) }));
}

#[wasm_bindgen_test]
fn a_socket_closed_after_the_end_is_no_problem() {
    let (mut state, _outbox) = started();
    for e in healthy() {
        state = relay(state, event(e), 1_020.0);
    }
    state = relay(state, ServerMessage::Done { id: 1 }, 1_030.0);
    let state = state.reduce(Action::Closed { run: 1, problem: RelayProblem::Lost });
    assert_eq!(state.phase, Phase::Finished);
}

#[wasm_bindgen_test]
fn an_earlier_checks_late_frames_and_close_do_not_touch_the_next() {
    let (state, _first) = started();
    let state = state.reduce(Action::Cancel);
    let (sender, _second) = unbounded();
    let state = state.reduce(Action::Start {
        run: 2,
        session: session(),
        outbox: Outbox(sender),
        relay_url: String::new(),
        now_ms: 2_000.0,
    });
    // The first check's socket closes late, and delivers a last frame.
    let state = state.reduce(Action::Relay { run: 1, message: ServerMessage::Done { id: 1 }, now_ms: 2_001.0 });
    let state = state.reduce(Action::Closed { run: 1, problem: RelayProblem::Lost });
    assert_eq!(state.phase, Phase::Running, "the second check goes on");
    assert!(!state.report.as_ref().expect("a report").complete, "its operation 1 is still running");
}

#[wasm_bindgen_test]
fn the_status_answer_names_the_relay_problem() {
    assert_eq!(problem_from_status(None), RelayProblem::Unreachable);
    let status = |origin: &str, admission: &str| {
        format!(r#"{{"version":{PROTOCOL_VERSION},"origin":"{origin}","admission":"{admission}"}}"#)
    };
    assert_eq!(problem_from_status(Some(&status("refused", "ready"))), RelayProblem::OriginRefused);
    assert_eq!(problem_from_status(Some(&status("allowed", "full"))), RelayProblem::Busy);
    assert_eq!(problem_from_status(Some(&status("allowed", "draining"))), RelayProblem::Busy);
    assert_eq!(problem_from_status(Some(&status("allowed", "ready"))), RelayProblem::Lost);
    assert_eq!(problem_from_status(Some(r#"{"version":1}"#)), RelayProblem::Version { relay: Some(1) });
    assert_eq!(status_url("wss://relay.example.net/v1/ws"), "https://relay.example.net/v1/status");
    assert_eq!(status_url("ws://127.0.0.1:8080/v1/ws"), "http://127.0.0.1:8080/v1/status");
}

#[wasm_bindgen_test]
fn the_forms_values_never_print_the_password_or_the_token() {
    let mut values = FormValues::new(None);
    values.address = "alice@example.test".into();
    values.password = PageSecret::new("canary-Pa55word");
    values.token = PageSecret::new("canary-T0ken");
    for printed in [format!("{values:?}"), format!("{values:#?}")] {
        assert!(
            !printed.contains("canary") && !printed.contains("Pa55word") && !printed.contains("T0ken"),
            "{printed}"
        );
        assert!(printed.contains("alice@example.test"), "the other fields still print: {printed}");
        assert_eq!(printed.matches("PageSecret([hidden])").count(), 2, "{printed}");
    }
    assert_eq!(values.password.expose(), "canary-Pa55word", "the form still holds what was typed");
    assert_eq!(values.token.expose(), "canary-T0ken");
}

#[wasm_bindgen_test]
fn a_deep_link_fills_the_form_and_never_carries_a_password() {
    let fragment = "#address=alice%40example.com&incoming=imap:imap.example.com:993:tls&outgoing=smtp.example.com:587:starttls&password=hunter2";
    let prefill = Prefill::from_fragment(fragment).expect("a deep link");
    assert_eq!(prefill.address, "alice@example.com");
    assert_eq!(
        prefill.incoming,
        Some(ServerSpec {
            protocol: MailProtocol::Imap,
            host: "imap.example.com".into(),
            port: 993,
            security: Security::Tls
        })
    );
    assert_eq!(prefill.outgoing.as_ref().map(|s| (s.protocol, s.port)), Some((MailProtocol::Smtp, 587)));
    let values = FormValues::new(Some(&prefill));
    assert_eq!(values.password.expose(), "", "a password in a link is never taken");
    let written = prefill.to_fragment();
    assert!(!written.contains("hunter2") && !written.contains("password"), "{written}");
    assert_eq!(Prefill::from_fragment(&written), Some(prefill));
    assert_eq!(
        query_value("?relay=ws%3A%2F%2F127.0.0.1%3A9%2Fv1%2Fws&lang=de", "relay").as_deref(),
        Some("ws://127.0.0.1:9/v1/ws")
    );
    assert_eq!(ServerSpec::parse("imap.example.com:0:tls", MailProtocol::Imap), None);
    assert_eq!(ServerSpec::parse("imap.example.com:993:rot13", MailProtocol::Imap), None);
}

#[wasm_bindgen_test]
fn the_port_follows_the_security_until_one_is_typed() {
    let incoming = FormValues::new(None).incoming;
    assert_eq!(incoming.port, "993");
    let incoming = incoming.with_security(Security::Starttls);
    assert_eq!(incoming.port, "143");
    let incoming: ServerFields = incoming.with_protocol(MailProtocol::Pop3);
    assert_eq!(incoming.port, "110");
    let typed = incoming.with_port("2143".into()).with_security(Security::Tls);
    assert_eq!(typed.port, "2143", "a typed port stays");
    let outgoing = FormValues::new(None).outgoing;
    assert_eq!(outgoing.port, "587");
    assert_eq!(outgoing.with_security(Security::Tls).port, "465");
}

#[wasm_bindgen_test]
fn the_path_marks_the_hop_where_the_probe_broke() {
    let (mut state, _outbox) = started();
    let dns = healthy().remove(0);
    state = relay(state, event(dns), 1_010.0);
    let address = "127.0.0.10:993".parse().expect("address");
    state = relay(state, event(Event::Tcp { address, outcome: TcpOutcome::TimedOut, elapsed_ms: 3_000 }), 4_010.0);
    state = relay(state, ServerMessage::Done { id: 1 }, 4_020.0);
    let report = state.report.clone().expect("report");
    let states = hop_states(path_probe(&report), false, false);
    let port = states.iter().find(|(hop, _)| *hop == Hop::Port).expect("a port hop");
    assert_eq!(port.1, Some(StepState::Failed), "{states:?}");
    let dns = states.iter().find(|(hop, _)| *hop == Hop::Dns).expect("a DNS hop");
    assert_eq!(dns.1, Some(StepState::Passed));
    let relay_down = hop_states(None, true, false);
    let no_route = hop_states(path_probe(&report), false, true);
    assert!(no_route.contains(&(Hop::Address, Some(StepState::Failed))), "{no_route:?}");
    assert_eq!(relay_down[1], (Hop::Relay, Some(StepState::Failed)));
}

/// Components rendered into a real DOM node of the test page.
mod components {
    use std::rc::Rc;

    use maildoctor_rules::{Catalog, Code, Endpoint, Finding, Lang, Report, Severity};
    use maildoctor_wire::{MailProtocol, Security};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;
    use yew::prelude::*;

    use crate::findings::findings;
    use crate::state::Words;
    use crate::working::{Working, WorkingProps};

    async fn rendered() {
        // Yew renders on its scheduler; a macrotask later the DOM is there.
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window().expect("window").set_timeout_with_callback(&resolve).expect("timer");
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.expect("timer fires");
    }

    fn mount() -> web_sys::Element {
        let document = web_sys::window().and_then(|w| w.document()).expect("document");
        let root = document.create_element("div").expect("div");
        document.body().expect("body").append_child(&root).expect("append");
        root
    }

    fn finding(code: Code, severity: Severity, follows: Vec<Finding>) -> Finding {
        Finding {
            code,
            severity,
            title: format!("title of {}", code.as_str()),
            explanation: "why".into(),
            fix: vec!["first".into(), "second".into()],
            endpoint: None,
            evidence: vec![],
            clients: vec![],
            follows,
        }
    }

    fn report(findings: Vec<Finding>, working: Vec<Endpoint>) -> Report {
        Report {
            version: maildoctor_rules::REPORT_VERSION,
            language: "en".into(),
            address: "alice@example.test".into(),
            complete: true,
            findings,
            working,
            ask_consent: false,
            username: Some("alice@example.test".into()),
            probes: vec![],
            verdict: maildoctor_rules::Verdict::Fine,
            untested: vec![],
            checked_from: None,
            certificates: vec![],
            signed_in_with_token: false,
        }
    }

    #[derive(Properties, PartialEq)]
    struct FindingsProps {
        report: Rc<Report>,
    }

    #[function_component]
    fn Findings(props: &FindingsProps) -> Html {
        findings(&props.report.findings, &Catalog::new(Lang::En))
    }

    #[wasm_bindgen_test]
    async fn consequences_are_folded_behind_a_count_and_fixes_are_numbered() {
        let followers = (0..15).map(|_| finding(Code::DnsNxdomain, Severity::Error, vec![])).collect();
        let root_cause = finding(Code::DnsNxdomain, Severity::Error, followers);
        let root = mount();
        let props = FindingsProps { report: Rc::new(report(vec![root_cause], vec![])) };
        yew::Renderer::<Findings>::with_root_and_props(root.clone(), props).render();
        rendered().await;
        let top = root.query_selector_all("#findings > section").expect("query").length();
        assert_eq!(top, 1, "one card for the root cause");
        let folded = root.query_selector("#findings > section > details.follows").expect("query").expect("a fold");
        let folded: web_sys::HtmlElement = folded.dyn_into().expect("an element");
        assert!(!folded.has_attribute("open"), "closed until asked");
        let summary = root.query_selector("details.follows > summary").expect("q").expect("summary");
        assert!(
            summary.text_content().unwrap_or_default().contains("15 more findings"),
            "{:?}",
            summary.text_content()
        );
        assert_eq!(root.query_selector_all("#findings > section > ol.fix > li").expect("q").length(), 2);
        let mark = root.query_selector("#findings > section .severity").expect("q").expect("a severity");
        assert!(mark.text_content().unwrap_or_default().contains("Problem"), "a word, not only a colour");
    }

    #[wasm_bindgen_test]
    async fn the_working_card_lays_out_each_server_with_copy_buttons() {
        let imap = Endpoint {
            host: "mail.example.test".into(),
            port: 993,
            protocol: MailProtocol::Imap,
            security: Security::Tls,
        };
        let smtp = Endpoint {
            host: "smtp.example.test".into(),
            port: 587,
            protocol: MailProtocol::Smtp,
            security: Security::Starttls,
        };
        let root = mount();
        let props = WorkingProps {
            report: Rc::new(report(vec![], vec![imap, smtp])),
            catalog: Words(Rc::new(Catalog::new(Lang::De))),
        };
        yew::Renderer::<Working>::with_root_and_props(root.clone(), props).render();
        rendered().await;
        let copy = |direction: &str, field: &str| {
            root.query_selector(&format!("[data-direction={direction}] [data-field={field}] button"))
                .expect("query")
                .and_then(|b| b.get_attribute("data-copy"))
        };
        assert_eq!(copy("incoming", "server").as_deref(), Some("mail.example.test"));
        assert_eq!(copy("incoming", "port").as_deref(), Some("993"));
        assert_eq!(copy("outgoing", "security").as_deref(), Some("STARTTLS"));
        assert_eq!(copy("outgoing", "username-field").as_deref(), Some("alice@example.test"));
        let heading = root.query_selector("#working-heading").expect("q").expect("heading");
        assert_eq!(heading.text_content().as_deref(), Some("Einstellungen, die funktionieren"));
        assert!(root.query_selector("#copy-all").expect("q").is_some());
    }
}

#[wasm_bindgen_test]
fn config_json_lists_websocket_relays_and_where_to_look_for_a_local_one() {
    let text = r#"{"relays": [
        {"name": "Frankfurt", "region": "eu-central", "url": "wss://fra.relay.example/v1/ws"},
        {"name": "not a relay", "url": "https://fra.relay.example/"},
        {"url": " ws://127.0.0.1:9000/v1/ws "}
    ]}"#;
    let config = PageConfig::parse(text).expect("valid");
    let urls: Vec<&str> = config.relays.iter().map(|r| r.url.as_str()).collect();
    assert_eq!(urls, ["wss://fra.relay.example/v1/ws", "ws://127.0.0.1:9000/v1/ws"]);
    assert_eq!(config.relays[0].region, "eu-central");
    assert_eq!(config.local.as_deref(), Some(LOCAL_RELAY), "offered at the documented port by default");
    let off = PageConfig::parse(r#"{"relays": [], "local": false}"#).expect("valid");
    assert_eq!(off.local, None);
    let moved = PageConfig::parse(r#"{"local": "ws://127.0.0.1:5000/v1/ws"}"#).expect("valid");
    assert_eq!(moved.local.as_deref(), Some("ws://127.0.0.1:5000/v1/ws"));
    assert!(PageConfig::parse("{not json").is_none());
}

#[wasm_bindgen_test]
fn a_relay_a_link_names_is_called_by_its_host() {
    assert_eq!(host_of("wss://evil.example:8443/v1/ws?x=1"), "evil.example:8443");
    assert_eq!(host_of("ws://127.0.0.1:9/v1/ws"), "127.0.0.1:9");
    assert_eq!(host_of("wss://relay.example#frag"), "relay.example");
}
