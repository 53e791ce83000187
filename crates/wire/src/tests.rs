//! The JSON shape is a contract with other builds of the relay and the page:
//! these tests pin it byte for byte.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use crate::*;

/// Parses `json` with the derive and with `from_json` (the page's reader),
/// which must agree, and checks it serializes back to the same text.
fn round_trip_server(json: &str) -> ServerMessage {
    let parsed: ServerMessage = serde_json::from_str(json).expect("parses");
    assert_eq!(ServerMessage::from_json(json).expect("from_json parses"), parsed, "{json}");
    assert_eq!(serde_json::to_string(&parsed).expect("serializes"), json);
    parsed
}

#[test]
fn every_frame_type_reads_the_same_by_hand_and_by_derive() {
    round_trip_server(r#"{"type":"hello","version":2,"relay":"maildoctor 0.1.0"}"#);
    round_trip_server(r#"{"type":"done","id":9}"#);
    round_trip_server(r#"{"type":"error","code":"version_mismatch","message":"speak 2"}"#);
    round_trip_server(
        r#"{"type":"event","id":1,"t_ms":0,"kind":"tcp","data":{"address":"127.0.0.10:993","outcome":"connected","elapsed_ms":1}}"#,
    );
    for broken in [r#"{"type":"done"}"#, r#"{"type":"hello","version":"two","relay":"x"}"#, "[]", r#"{"id":1}"#] {
        assert!(ServerMessage::from_json(broken).is_err(), "{broken}");
        assert!(serde_json::from_str::<ServerMessage>(broken).is_err(), "{broken}");
    }
}

#[test]
fn run_probe_has_the_documented_shape() {
    let msg = ClientMessage::Run {
        id: 7,
        op: Operation::Probe(ProbeSpec {
            host: "mail.example.test".into(),
            port: 993,
            protocol: MailProtocol::Imap,
            security: Security::Tls,
            login: None,
            address: None,
        }),
    };
    let json = serde_json::to_string(&msg).expect("serializes");
    assert_eq!(
        json,
        r#"{"type":"run","id":7,"op":{"op":"probe","host":"mail.example.test","port":993,"protocol":"imap","security":"tls"}}"#
    );
    assert_eq!(serde_json::from_str::<ClientMessage>(&json).expect("parses"), msg);
}

#[test]
fn event_frames_flatten_kind_and_data() {
    let parsed = round_trip_server(
        r#"{"type":"event","id":1,"t_ms":12,"kind":"tcp","data":{"address":"127.0.0.1:993","outcome":"refused","elapsed_ms":0}}"#,
    );
    assert_eq!(
        parsed,
        ServerMessage::Event {
            id: 1,
            t_ms: 12,
            event: Event::Tcp {
                address: "127.0.0.1:993".parse().expect("an address"),
                outcome: TcpOutcome::Refused,
                elapsed_ms: 0
            }
        }
    );
}

#[test]
fn tls_event_carries_the_verdict_and_reason() {
    let parsed = round_trip_server(
        r#"{"type":"event","id":2,"t_ms":30,"kind":"tls","data":{"address":"[::1]:993","outcome":"established","version":"TLS 1.3","cipher":"TLS13_AES_256_GCM_SHA384","verdict":{"verdict":"invalid","problem":{"problem":"expired","not_after":"2020-02-01T00:00:00Z"}},"chain":[],"elapsed_ms":9}}"#,
    );
    let ServerMessage::Event { event: Event::Tls { result, .. }, .. } = parsed else {
        panic!("not a tls event: {parsed:?}");
    };
    let TlsResult::Established { verdict, .. } = result else {
        panic!("not established: {result:?}");
    };
    assert_eq!(
        verdict,
        CertVerdict::Invalid { problem: CertProblem::Expired { not_after: Some("2020-02-01T00:00:00Z".into()) } }
    );
}

#[test]
fn dns_answer_lists_typed_records() {
    round_trip_server(
        r#"{"type":"event","id":3,"t_ms":2,"kind":"dns","data":{"name":"example.test","record_type":"MX","resolver":{"server":"127.0.0.1:10053"},"outcome":{"rcode":"answer"},"records":[{"type":"MX","preference":10,"exchange":"mail.example.test."}],"elapsed_ms":1}}"#,
    );
}

#[test]
fn unknown_event_kinds_from_a_newer_relay_are_tolerated() {
    let parsed = ServerMessage::from_json(r#"{"type":"event","id":4,"t_ms":1,"kind":"quantum_link","data":{"x":1}}"#)
        .expect("an unknown kind still parses");
    assert_eq!(parsed, ServerMessage::Event { id: 4, t_ms: 1, event: Event::Unknown { kind: "quantum_link".into() } });
    assert!(ServerMessage::from_json(r#"{"type":"nonsense"}"#).is_err());
}

#[test]
fn refusals_name_their_reason() {
    round_trip_server(
        r#"{"type":"refused","id":5,"reason":{"refusal":"destination_not_allowed","address":"10.0.0.1"}}"#,
    );
}

#[test]
fn secrets_never_print() {
    let login = Login {
        username: "alice@example.test".into(),
        secret: Secret::new("canary-Pa55word"),
        mechanism: None,
        allow_plaintext: false,
    };
    let debug = format!("{login:?}");
    assert!(!debug.contains("canary"), "{debug}");
    assert!(debug.contains("[redacted]"));
    assert_eq!(format!("{}", login.secret), "[redacted]");
    // The browser has to send it, so it does serialize.
    assert!(serde_json::to_string(&login).expect("serializes").contains("canary-Pa55word"));
}

#[test]
fn unknown_fields_in_a_probe_are_rejected() {
    let err = serde_json::from_str::<ClientMessage>(
        r#"{"type":"run","id":1,"op":{"op":"probe","host":"h","port":993,"protocol":"imap","security":"tls","data":"MAIL FROM"}}"#,
    );
    assert!(err.is_err(), "{err:?}");
}

#[test]
fn replies_and_capabilities_are_typed() {
    let parsed = round_trip_server(
        r#"{"type":"event","id":6,"t_ms":40,"kind":"auth","data":{"method":"PLAIN","username":"alice","outcome":{"outcome":"rejected"},"code":{"protocol":"smtp","basic":535,"enhanced":{"class":5,"subject":7,"detail":8}},"text":"535 5.7.8 Error"}}"#,
    );
    let ServerMessage::Event { event: Event::Auth { code: Some(code), .. }, .. } = parsed else {
        panic!("not an auth event with a code: {parsed:?}");
    };
    assert_eq!(code.enhanced(), Some(EnhancedStatus::new(5, 7, 8)));
    assert_eq!(code.to_string(), "535 5.7.8");
    round_trip_server(
        r#"{"type":"event","id":6,"t_ms":41,"kind":"capabilities","data":{"protocol":"imap","tls":false,"offered":{"starttls":true,"login_disabled":true,"user":false,"mechanisms":["PLAIN"],"other":["IMAP4rev1","IDLE"]}}}"#,
    );
}

#[test]
fn enhanced_status_codes_parse_strictly() {
    assert_eq!(EnhancedStatus::parse("5.7.139"), Some(EnhancedStatus::new(5, 7, 139)));
    for bad in ["5.7", "5.7.8.1", "3.1.1", "5..8", "5.x.8", "", "5.7.1000"] {
        assert_eq!(EnhancedStatus::parse(bad), None, "{bad}");
    }
}

#[test]
fn tls_versions_order_and_name() {
    assert!(TlsVersion::Tls11.is_obsolete() && !TlsVersion::Tls12.is_obsolete());
    assert_eq!(TlsVersion::from_wire(3, 2), Some(TlsVersion::Tls11));
    assert_eq!(serde_json::to_string(&TlsVersion::Tls13).expect("serializes"), r#""TLS 1.3""#);
}

#[test]
fn an_smtp_size_is_read_as_rfc_1870_says() {
    let with = |words: &[&str]| CapabilitySet {
        other: words.iter().map(|w| (*w).to_owned()).collect(),
        ..CapabilitySet::default()
    };
    // Gmail's smtp.gmail.com and Postfix's default message_size_limit.
    assert_eq!(with(&["PIPELINING", "SIZE 35882577"]).size(), Some(35_882_577));
    assert_eq!(with(&["size 10240000"]).size(), Some(10_240_000));
    assert_eq!(with(&["SIZE 0"]).size(), Some(0), "no fixed maximum is in force");
    assert_eq!(with(&["SIZE"]).size(), None, "SIZE alone gives no indication");
    assert_eq!(with(&["SIZEX 5", "8BITMIME"]).size(), None);
    assert_eq!(with(&[]).size(), None);
}
