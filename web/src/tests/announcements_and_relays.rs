//! The page's rules for a run's end and its words: a check hangs up once,
//! the live region speaks at a person's pace, a field's error belongs to
//! that field, and relays are named, never addressed.

use maildoctor_rules::{Catalog, Lang};
use maildoctor_wire::{ServerMessage, PROTOCOL_VERSION};
use wasm_bindgen_test::*;

use super::{event, healthy, hello, relay, started};
use crate::form::FormValues;
use crate::relays::{relay_label, PageConfig, RelayOption, LOCAL_RELAY};
use crate::state::{Action, Announcement, Effect, RelayProblem, ANNOUNCE_EVERY_MS};

#[wasm_bindgen_test(unsupported = test)]
fn a_check_hangs_up_once_when_it_ends_and_never_again() {
    let (mut state, _) = started();
    for e in healthy() {
        relay(&mut state, event(e), 1_020.0);
    }
    assert_eq!(relay(&mut state, ServerMessage::Done { id: 1 }, 1_030.0), [Effect::HangUp]);
    assert_eq!(state.step(Action::Closed { run: 1, problem: RelayProblem::Lost }), []);
    assert_eq!(state.step(Action::Cancel), []);
    assert_eq!(state.step(Action::Reset), [], "its socket is closed already");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_live_region_says_the_start_then_progress_at_most_every_few_seconds_then_the_end() {
    let (mut state, _) = started();
    assert_eq!(state.announcement, Announcement::Started);
    relay(&mut state, hello(PROTOCOL_VERSION), 1_010.0);
    let mut said = vec![state.announcement];
    // Every event and every quarter-second tick for a while: the progress
    // moves, but is said only once the last announcement is old enough.
    let events = healthy();
    let last = events.len() - 1;
    for (n, e) in events.into_iter().enumerate().take(last) {
        let now = 1_020.0 + n as f64 * 250.0;
        relay(&mut state, event(e), now);
        state.step(Action::Tick { now_ms: now + 1.0 });
        if said.last() != Some(&state.announcement) {
            said.push(state.announcement);
        }
    }
    assert_eq!(said, [Announcement::Started], "nothing more within {ANNOUNCE_EVERY_MS} ms");
    state.step(Action::Tick { now_ms: 1_000.0 + ANNOUNCE_EVERY_MS });
    assert_eq!(state.announcement, Announcement::Progress { tried: 0 }, "the first probe is still open");
    relay(&mut state, ServerMessage::Done { id: 1 }, 7_000.0);
    assert_eq!(state.announcement, Announcement::Ended, "the end is said at once");
}

#[wasm_bindgen_test]
fn a_bad_port_is_the_error_of_its_own_field() {
    let catalog = Catalog::new(Lang::En);
    let mut values = FormValues::new(None);
    values.address = "alice@example.test".into();
    values.outgoing.host = "smtp.example.test".into();
    values.outgoing.port = "70000".into();
    let invalid = values.plan(&catalog, false, Vec::new()).expect_err("no such port");
    assert_eq!(invalid.field, Some("out-port"));
    assert!(invalid.text.contains("\"70000\" is not a port"), "{}", invalid.text);
    values.outgoing.port = "587".into();
    values.incoming.host = "bad host".into();
    assert_eq!(values.plan(&catalog, false, Vec::new()).expect_err("a space").field, Some("host"));
    values.incoming.host = String::new();
    values.address = "alice".into();
    assert_eq!(values.plan(&catalog, false, Vec::new()).expect_err("no domain").field, Some("address"));
}

fn option(name: &str, region: &str, url: &str, own: bool) -> RelayOption {
    RelayOption { name: name.into(), region: region.into(), url: url.into(), rtt_ms: Some(12.0), local: false, own }
}

#[wasm_bindgen_test(unsupported = test)]
fn relays_are_named_by_name_and_region_never_by_address() {
    let catalog = Catalog::new(Lang::En);
    let label = |o: &RelayOption, all: &[RelayOption]| relay_label(o, all, &catalog);
    let own = option("", "", "ws://127.0.0.1:8080/v1/ws", true);
    assert_eq!(label(&own, &[]), "this site's relay");
    let named = option("Example Mail", "Frankfurt", "wss://fra.relay.example/v1/ws", false);
    assert_eq!(label(&named, &[]), "Example Mail (Frankfurt)");
    let unnamed = option("", "", "wss://iad.relay.example/v1/ws", false);
    assert_eq!(label(&unnamed, &[]), "iad.relay.example");
    // Two regions of one name differ by region; without one, by host.
    let virginia = option("Example Mail", "Virginia", "wss://iad.relay.example/v1/ws", false);
    let pair = [named.clone(), virginia.clone()];
    assert_ne!(label(&named, &pair), label(&virginia, &pair));
    let twins = [
        option("Example Mail", "", "wss://a.relay.example/v1/ws", false),
        option("Example Mail", "", "wss://b.relay.example/v1/ws", false),
    ];
    assert_eq!(label(&twins[0], &twins), "Example Mail (a.relay.example)");
    assert_eq!(label(&twins[1], &twins), "Example Mail (b.relay.example)");
    for o in [own, named, unnamed, virginia] {
        assert!(!label(&o, &[]).contains("://"), "{}", label(&o, &[]));
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn this_computers_relay_is_looked_for_at_load_only_where_the_site_names_it() {
    let offered = PageConfig::parse(r#"{"relays": []}"#).expect("valid");
    assert_eq!((offered.local.as_deref(), offered.local_at_once), (Some(LOCAL_RELAY), false), "offered, not probed");
    let named = PageConfig::parse(r#"{"local": "ws://127.0.0.1:5000/v1/ws"}"#).expect("valid");
    assert!(named.local_at_once);
    let off = PageConfig::parse(r#"{"local": false}"#).expect("valid");
    assert_eq!((off.local, off.local_at_once), (None, false));
}
