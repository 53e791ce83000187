//! The page's own tests, run as WebAssembly in headless Chromium
//! (`tools/test`): the pure step fed relay messages (with the effects it
//! asks for), the address-bar formats, the form's port rule, the pictures'
//! hop logic, and components rendered into a real DOM. Those that need no
//! browser (`unsupported = test`) run natively too, in plain `cargo test`.

use maildoctor_rules::{Discovery, Lang, Reference, Request, Session, Settings, StepState};
use maildoctor_wire::{
    CapabilitySet, CertVerdict, ClientMessage, DnsOutcome, DnsRecord, ErrorCode, Event, GreetingStatus, MailProtocol,
    RecordType, ResolverChoice, Security, ServerMessage, Step, TcpOutcome, TlsResult, TlsVersion, PROTOCOL_VERSION,
};
use wasm_bindgen_test::*;

use crate::form::{FormValues, ServerFields};
use crate::pictures::{hop_states, path_probe, Hop};
use crate::query::{query_value, Prefill, ServerSpec};
use crate::relay::{problem_after_hello, problem_from_status, status_url};
use crate::relays::{host_of, PageConfig, LOCAL_RELAY};
use crate::secret::PageSecret;
use crate::state::{Action, Diagnosis, Effect, Phase, RelayProblem, HELLO_DEADLINE_MS};

wasm_bindgen_test_configure!(run_in_browser);

mod announcements_and_relays;

const RELAY: &str = "ws://relay.example.test/v1/ws";

fn imap_tls() -> Settings {
    Settings { host: "mail.example.test".into(), port: 993, protocol: MailProtocol::Imap, security: Security::Tls }
}

fn request() -> Request {
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(imap_tls());
    request.discovery = Discovery::Off;
    request.sample_latency = false;
    request
}

fn session() -> Session {
    Session::plan(request()).expect("valid")
}

/// Check 1 of `session`, started at 1 s, and what its start asked for.
fn started_with(session: Session) -> (Diagnosis, Vec<Effect>) {
    let mut state = Diagnosis::new(Lang::En);
    let effects = state.step(Action::Start { run: 1, session, relay_url: RELAY.into(), now_ms: 1_000.0 });
    (state, effects)
}

fn started() -> (Diagnosis, Vec<Effect>) {
    started_with(session())
}

fn relay(state: &mut Diagnosis, message: ServerMessage, now_ms: f64) -> Vec<Effect> {
    state.step(Action::Relay { run: 1, message, now_ms })
}

fn hello(version: u32) -> ServerMessage {
    ServerMessage::Hello { version, relay: "test".into(), vantage: None, time_ms: None }
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

#[wasm_bindgen_test(unsupported = test)]
fn connecting_asks_for_the_socket_then_hello_then_the_planned_operations() {
    let (state, effects) = started();
    assert_eq!(state.phase, Phase::Running);
    assert_eq!(
        effects[..2],
        [
            Effect::Connect { run: 1, url: RELAY.into() },
            Effect::Send(ClientMessage::Hello { version: PROTOCOL_VERSION }),
        ]
    );
    assert!(matches!(effects[2..], [Effect::Send(ClientMessage::Run { id: 1, .. })]), "{effects:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_runs_go_before_hello_is_answered_and_the_answer_asks_nothing_more() {
    let (mut state, _) = started();
    assert_eq!(relay(&mut state, hello(PROTOCOL_VERSION), 1_010.0), []);
    assert_eq!(state.relay.as_deref(), Some("test"));
    assert_eq!(state.phase, Phase::Running);
}

#[wasm_bindgen_test(unsupported = test)]
fn with_no_relay_to_ask_the_check_fails_without_a_socket() {
    let mut state = Diagnosis::new(Lang::En);
    let effects = state.step(Action::Start { run: 1, session: session(), relay_url: String::new(), now_ms: 0.0 });
    assert_eq!(effects, []);
    assert_eq!(state.phase, Phase::Failed(RelayProblem::Unknown));
}

#[wasm_bindgen_test(unsupported = test)]
fn an_operations_end_asks_for_its_follow_ups_at_once() {
    let request = Request { reference_resolver: Reference::WhenSuspect, ..request() };
    let (mut state, _) = started_with(Session::plan(request).expect("valid"));
    let nxdomain = Event::Dns {
        name: "mail.example.test".into(),
        record_type: RecordType::A,
        resolver: ResolverChoice::System,
        outcome: DnsOutcome::NxDomain,
        records: vec![],
        elapsed_ms: 1,
    };
    assert_eq!(relay(&mut state, event(nxdomain), 1_020.0), [], "an event alone asks for nothing");
    let follow_ups = relay(&mut state, ServerMessage::Done { id: 1 }, 1_030.0);
    assert!(!follow_ups.is_empty(), "the system resolver's no is asked of the reference one");
    for effect in &follow_ups {
        assert!(matches!(effect, Effect::Send(ClientMessage::Run { id, .. }) if *id > 1), "{follow_ups:?}");
    }
    assert_eq!(state.phase, Phase::Running);
}

#[wasm_bindgen_test(unsupported = test)]
fn relay_events_fill_the_report_and_done_finishes_it() {
    let (mut state, _) = started();
    relay(&mut state, hello(PROTOCOL_VERSION), 1_010.0);
    for e in healthy() {
        relay(&mut state, event(e), 1_020.0);
    }
    // Events mark the report stale; a tick rebuilds it while running.
    state.step(Action::Tick { now_ms: 1_100.0 });
    let report = state.report.clone().expect("a report");
    assert!(!report.complete);
    assert!(report.probes[0].steps.iter().any(|s| s.step == Step::Tls && s.state == StepState::Passed));
    let effects = relay(&mut state, ServerMessage::Done { id: 1 }, 1_200.0);
    assert_eq!(state.phase, Phase::Finished);
    assert!(state.report.as_ref().expect("report").complete);
    assert_eq!(effects, [Effect::HangUp], "the relay frees this tab's place at once");
}

#[wasm_bindgen_test(unsupported = test)]
fn cancel_sends_cancel_for_each_running_operation_then_hangs_up() {
    let (mut state, _) = started();
    let effects = state.step(Action::Cancel);
    assert_eq!(state.phase, Phase::Cancelled);
    assert_eq!(effects, [Effect::Send(ClientMessage::Cancel { id: 1 }), Effect::HangUp]);
    // A late event of the cancelled run changes nothing, and asks nothing.
    assert_eq!(relay(&mut state, ServerMessage::Done { id: 1 }, 9_000.0), []);
    assert_eq!(state.phase, Phase::Cancelled);
    assert_eq!(state.step(Action::Cancel), [], "a second press has nothing to cancel");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_relay_error_stops_the_check_with_the_relays_words() {
    let (mut state, _) = started();
    let error = ServerMessage::Error { code: ErrorCode::DuplicateId, message: "operation 1 is already running".into() };
    assert_eq!(relay(&mut state, error, 1_010.0), [Effect::HangUp]);
    assert_eq!(state.phase, Phase::Failed(RelayProblem::Said("operation 1 is already running".into())));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_relay_that_never_says_hello_is_called_silent() {
    let (mut state, _) = started();
    assert_eq!(state.step(Action::Tick { now_ms: 1_000.0 + HELLO_DEADLINE_MS - 1.0 }), []);
    assert_eq!(state.phase, Phase::Running);
    assert_eq!(state.step(Action::Tick { now_ms: 1_000.0 + HELLO_DEADLINE_MS + 1.0 }), [Effect::HangUp]);
    assert_eq!(state.phase, Phase::Failed(RelayProblem::Silent));
}

#[wasm_bindgen_test(unsupported = test)]
fn another_protocol_version_is_a_relay_problem_not_a_mail_one() {
    let (mut state, _) = started();
    assert_eq!(relay(&mut state, hello(PROTOCOL_VERSION + 1), 1_001.0), [Effect::HangUp]);
    assert_eq!(state.phase, Phase::Failed(RelayProblem::Version { relay: Some(PROTOCOL_VERSION + 1) }));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_socket_closed_after_the_end_is_no_problem() {
    let (mut state, _) = started();
    for e in healthy() {
        relay(&mut state, event(e), 1_020.0);
    }
    relay(&mut state, ServerMessage::Done { id: 1 }, 1_030.0);
    assert_eq!(state.step(Action::Closed { run: 1, problem: RelayProblem::Lost }), []);
    assert_eq!(state.phase, Phase::Finished);
}

#[wasm_bindgen_test(unsupported = test)]
fn an_earlier_checks_late_frames_and_close_do_not_touch_the_next() {
    let (mut state, _) = started();
    state.step(Action::Cancel);
    let effects = state.step(Action::Start { run: 2, session: session(), relay_url: RELAY.into(), now_ms: 2_000.0 });
    assert_eq!(effects.first(), Some(&Effect::Connect { run: 2, url: RELAY.into() }), "the first's socket is closed");
    // The first check's socket closes late, and delivers a last frame.
    assert_eq!(state.step(Action::Relay { run: 1, message: ServerMessage::Done { id: 1 }, now_ms: 2_001.0 }), []);
    assert_eq!(state.step(Action::Closed { run: 1, problem: RelayProblem::Lost }), []);
    assert_eq!(state.phase, Phase::Running, "the second check goes on");
    assert!(!state.report.as_ref().expect("a report").complete, "its operation 1 is still running");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_new_check_hangs_up_the_one_still_running() {
    let (mut state, _) = started();
    let effects = state.step(Action::Start { run: 2, session: session(), relay_url: RELAY.into(), now_ms: 2_000.0 });
    assert_eq!(effects[..2], [Effect::HangUp, Effect::Connect { run: 2, url: RELAY.into() }]);
}

#[wasm_bindgen_test(unsupported = test)]
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

#[wasm_bindgen_test(unsupported = test)]
fn a_relay_that_goes_away_mid_check_is_restarting_not_a_lost_network() {
    assert_eq!(problem_after_hello(Some(1001)), RelayProblem::Restarting);
    // A limit's close (idle 1000, too old 1008) or a broken socket: lost.
    for code in [Some(1000), Some(1006), Some(1008), None] {
        assert_eq!(problem_after_hello(code), RelayProblem::Lost, "{code:?}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
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

#[wasm_bindgen_test(unsupported = test)]
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

#[wasm_bindgen_test(unsupported = test)]
fn the_path_marks_the_hop_where_the_probe_broke() {
    let (mut state, _) = started();
    let dns = healthy().remove(0);
    relay(&mut state, event(dns), 1_010.0);
    let address = "127.0.0.10:993".parse().expect("address");
    relay(&mut state, event(Event::Tcp { address, outcome: TcpOutcome::TimedOut, elapsed_ms: 3_000 }), 4_010.0);
    relay(&mut state, ServerMessage::Done { id: 1 }, 4_020.0);
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
