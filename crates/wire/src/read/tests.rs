//! The hand reader against serde's derive: a frame of every variant of
//! every type, then every way of breaking each of those frames one field at
//! a time, read both ways.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use serde_json::Value;

use crate::samples::{every_event, every_message, one_change_away};
use crate::*;

/// What `from_json` did when it was the derive: the derived reader, and an
/// event it cannot read becomes `Event::Unknown` when the frame's type, id,
/// time and kind are readable.
fn by_derive(text: &str) -> Option<ServerMessage> {
    if let Ok(message) = serde_json::from_str(text) {
        return Some(message);
    }
    #[derive(serde::Deserialize)]
    struct UnknownEvent {
        #[serde(rename = "type")]
        frame: String,
        id: OpId,
        t_ms: u64,
        kind: String,
    }
    let frame: UnknownEvent = serde_json::from_str(text).ok()?;
    (frame.frame == "event").then_some(ServerMessage::Event {
        id: frame.id,
        t_ms: frame.t_ms,
        event: Event::Unknown { kind: frame.kind },
    })
}

/// Which kind `event` is. An exhaustive match: adding an event kind stops
/// this file compiling until the corpus (and so the reader) has it.
fn kind_index(event: &Event) -> usize {
    match event {
        Event::Dns { .. } => 0,
        Event::AddressDenied { .. } => 1,
        Event::Tcp { .. } => 2,
        Event::Control { .. } => 3,
        Event::Latency { .. } => 4,
        Event::Autoconfig { .. } => 5,
        Event::Autodiscover { .. } => 6,
        Event::Tls { .. } => 7,
        Event::TlsProbe { .. } => 8,
        Event::Waiting { .. } => 9,
        Event::Greeting { .. } => 10,
        Event::Capabilities { .. } => 11,
        Event::Line { .. } => 12,
        Event::Failed { .. } => 13,
        Event::Starttls { .. } => 14,
        Event::Auth { .. } => 15,
        Event::Completed { .. } => 16,
        Event::TlsSmallSegments { .. } => 17,
        Event::PlainCommand { .. } => 18,
        Event::TlsVersions { .. } => 19,
        Event::Unknown { .. } => 20,
    }
}

/// The same for refusals.
fn refusal_index(refusal: &Refusal) -> usize {
    match refusal {
        Refusal::InvalidTarget { .. } => 0,
        Refusal::PortNotAllowed { .. } => 1,
        Refusal::DestinationNotAllowed { .. } => 2,
        Refusal::InvalidCredentials => 3,
        Refusal::TooManyOperations => 4,
        Refusal::LoginLimit { .. } => 5,
        Refusal::ConnectionBudget => 6,
        Refusal::InsecureTransport => 7,
        Refusal::DestinationLimit { .. } => 8,
        Refusal::Unsupported { .. } => 9,
        Refusal::LimitsUnavailable => 10,
    }
}

#[test]
fn the_corpus_has_every_event_kind_and_refusal() {
    let kinds: std::collections::BTreeSet<usize> = every_event().iter().map(kind_index).collect();
    assert_eq!(kinds, (0..20).collect(), "the relay never sends Unknown; every other kind is in the corpus");
    let refusals: std::collections::BTreeSet<usize> = every_message()
        .iter()
        .filter_map(|message| match message {
            ServerMessage::Refused { reason, .. } => Some(refusal_index(reason)),
            _ => None,
        })
        .collect();
    assert_eq!(refusals, (0..11).collect());
}

#[test]
fn every_variant_reads_as_written() {
    for message in every_message() {
        let text = message.to_json();
        assert_eq!(ServerMessage::from_json(&text).ok().as_ref(), Some(&message), "{text}");
        assert_eq!(by_derive(&text).as_ref(), Some(&message), "{text}");
    }
}

#[test]
fn every_broken_frame_reads_as_the_derive_reads() {
    let mut compared = 0;
    for message in every_message() {
        let tree: Value = serde_json::from_str(&message.to_json()).expect("JSON");
        for frame in one_change_away(&tree) {
            let text = frame.to_string();
            assert_eq!(ServerMessage::from_json(&text).ok(), by_derive(&text), "{text}");
            compared += 1;
        }
    }
    assert!(compared > 5_000, "only {compared} broken frames");
}

#[test]
fn frames_that_are_not_frames_are_errors() {
    for text in ["", "[]", "null", "{", r#"{"type":"hello","version":2,"relay":"x"} trailing"#, r#"{"type":7}"#] {
        assert!(ServerMessage::from_json(text).is_err(), "{text}");
        assert!(by_derive(text).is_none(), "{text}");
    }
    let error = ServerMessage::from_json(r#"{"type":"done"}"#).expect_err("no id").to_string();
    assert!(error.contains("`id`"), "{error}");
    let error = ServerMessage::from_json("[]").expect_err("an array").to_string();
    assert!(error.contains("not a JSON object"), "{error}");
    let error = ServerMessage::from_json("{").expect_err("cut short").to_string();
    assert!(error.contains("EOF"), "{error}");
}
