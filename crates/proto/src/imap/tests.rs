#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    Direction, Event, GreetingStatus, MailProtocol, ProbeFailure, Security, Step,
};

use super::ImapDialog;
use crate::{Dialog, Output};

/// Drives a dialog against scripted server output: each chunk is fed when the
/// dialog asks for input; after the script, the connection closes. A STARTTLS
/// upgrade always succeeds. Returns the events and the bytes written.
fn converse(dialog: &mut dyn Dialog, server: &[&[u8]]) -> (Vec<Event>, String) {
    let mut chunks = server.iter();
    let mut events = Vec::new();
    let mut written = String::new();
    for _ in 0..10_000 {
        match dialog.poll() {
            Output::Write(bytes) => written.push_str(&String::from_utf8_lossy(&bytes)),
            Output::Event(event) => events.push(event),
            Output::StartTls => dialog.tls_established(),
            Output::NeedInput => match chunks.next() {
                Some(chunk) => dialog.feed(chunk),
                None => dialog.feed_eof(),
            },
            Output::Done => return (events, written),
        }
    }
    panic!("the dialog never finished");
}

fn without_lines(events: Vec<Event>) -> Vec<Event> {
    events
        .into_iter()
        .filter(|e| !matches!(e, Event::Line { .. }))
        .collect()
}

const DOVECOT_GREETING: &[u8] =
    b"* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN] Dovecot (Debian) ready.\r\n";

#[test]
fn implicit_tls_dialog_against_a_dovecot_transcript() {
    let mut dialog = ImapDialog::new(Security::Tls);
    let (events, written) = converse(
        &mut dialog,
        &[
            DOVECOT_GREETING,
            b"* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=LOGIN\r\na1 OK Pre-login capabilities listed, post-login capabilities have more.\r\n",
            b"* BYE Logging out\r\na2 OK Logout completed (0.001 + 0.000 secs).\r\n",
        ],
    );
    assert_eq!(written, "a1 CAPABILITY\r\na2 LOGOUT\r\n");
    assert_eq!(
        without_lines(events),
        vec![
            Event::Greeting {
                spoken: Some(MailProtocol::Imap),
                status: GreetingStatus::Ready,
                text: String::from_utf8_lossy(&DOVECOT_GREETING[..DOVECOT_GREETING.len() - 2])
                    .into(),
            },
            Event::Capabilities {
                protocol: MailProtocol::Imap,
                tls: true,
                list: ["IMAP4rev1", "SASL-IR", "AUTH=PLAIN", "AUTH=LOGIN"]
                    .map(String::from)
                    .to_vec(),
            },
            Event::Completed {
                protocol: MailProtocol::Imap
            },
        ]
    );
}

#[test]
fn the_transcript_records_both_directions() {
    let mut dialog = ImapDialog::new(Security::Tls);
    let (events, _) = converse(&mut dialog, &[b"* OK hi\r\n", b"a1 OK\r\n", b"a2 OK\r\n"]);
    let lines: Vec<_> = events
        .into_iter()
        .filter_map(|e| match e {
            Event::Line { dir, text } => Some((dir, text)),
            _ => None,
        })
        .collect();
    assert_eq!(lines[0], (Direction::Received, "* OK hi".into()));
    assert_eq!(lines[1], (Direction::Sent, "a1 CAPABILITY".into()));
}

#[test]
fn starttls_upgrades_then_asks_for_capabilities_again() {
    let mut dialog = ImapDialog::new(Security::Starttls);
    let (events, written) = converse(
        &mut dialog,
        &[
            b"* OK ready\r\n",
            b"* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\na1 OK done\r\n",
            b"a2 OK Begin TLS negotiation now.\r\n",
            b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na3 OK done\r\n",
            b"a4 OK bye\r\n",
        ],
    );
    assert_eq!(
        written,
        "a1 CAPABILITY\r\na2 STARTTLS\r\na3 CAPABILITY\r\na4 LOGOUT\r\n"
    );
    let caps: Vec<_> = events
        .iter()
        .filter(|e| matches!(e, Event::Capabilities { .. }))
        .collect();
    assert!(matches!(caps[0], Event::Capabilities { tls: false, .. }));
    assert!(
        matches!(caps[1], Event::Capabilities { tls: true, list, .. } if list.contains(&"AUTH=PLAIN".to_string()))
    );
    assert!(events.contains(&Event::Starttls {
        accepted: true,
        text: "a2 OK Begin TLS negotiation now.".into()
    }));
}

#[test]
fn starttls_not_offered_logs_out_without_trying() {
    let mut dialog = ImapDialog::new(Security::Starttls);
    let (_, written) = converse(
        &mut dialog,
        &[
            b"* OK ready\r\n",
            b"* CAPABILITY IMAP4rev1\r\na1 OK\r\n",
            b"a2 OK\r\n",
        ],
    );
    assert_eq!(written, "a1 CAPABILITY\r\na2 LOGOUT\r\n");
}

#[test]
fn bytes_after_the_starttls_answer_are_discarded_and_the_dialog_stops() {
    let mut dialog = ImapDialog::new(Security::Starttls);
    let (events, written) = converse(
        &mut dialog,
        &[
            b"* OK ready\r\n",
            b"* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK\r\n",
            b"a2 OK go\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n",
        ],
    );
    assert_eq!(
        written, "a1 CAPABILITY\r\na2 STARTTLS\r\n",
        "no TLS upgrade, no further command"
    );
    assert!(matches!(
        events.last(),
        Some(Event::Failed { step: Step::Starttls, reason: ProbeFailure::ProtocolError { detail } }) if detail.contains("discarded")
    ));
}

#[test]
fn an_smtp_banner_on_the_imap_port_is_recognised() {
    let mut dialog = ImapDialog::new(Security::None);
    let (events, written) = converse(&mut dialog, &[b"220 mail.example.test ESMTP Postfix\r\n"]);
    assert_eq!(
        written, "",
        "nothing is sent to a server of another protocol"
    );
    assert!(matches!(
        &events[1],
        Event::Greeting {
            spoken: Some(MailProtocol::Smtp),
            status: GreetingStatus::Ready,
            ..
        }
    ));
}

#[test]
fn tls_bytes_on_a_plaintext_connection_are_recognised() {
    let mut dialog = ImapDialog::new(Security::Starttls);
    let (events, _) = converse(&mut dialog, &[&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32]]);
    assert_eq!(
        events,
        vec![Event::Failed {
            step: Step::Greeting,
            reason: ProbeFailure::TlsOnPlainPort
        }]
    );
}

#[test]
fn bye_greeting_means_unavailable() {
    let mut dialog = ImapDialog::new(Security::Tls);
    let (events, written) = converse(
        &mut dialog,
        &[b"* BYE [UNAVAILABLE] Server shutting down\r\n"],
    );
    assert_eq!(written, "");
    assert!(matches!(
        &events[1],
        Event::Greeting {
            status: GreetingStatus::Unavailable,
            ..
        }
    ));
}

#[test]
fn a_line_without_end_is_cut_at_the_cap() {
    let mut dialog = ImapDialog::new(Security::Tls);
    let flood = vec![b'A'; super::MAX_LINE + 1];
    let (events, _) = converse(&mut dialog, &[&flood]);
    assert_eq!(
        events,
        vec![Event::Failed {
            step: Step::Greeting,
            reason: ProbeFailure::LineTooLong {
                limit: super::MAX_LINE
            }
        }]
    );
}

#[test]
fn endless_untagged_lines_are_cut_at_the_response_cap() {
    let mut dialog = ImapDialog::new(Security::Tls);
    let flood = b"* OK still here\r\n".repeat(super::MAX_RESPONSE_LINES + 10);
    let (events, _) = converse(&mut dialog, &[b"* OK ready\r\n", &flood]);
    assert!(matches!(
        events.last(),
        Some(Event::Failed {
            step: Step::Capabilities,
            reason: ProbeFailure::ResponseTooLarge { .. }
        })
    ));
}

#[test]
fn a_close_before_the_greeting_is_reported() {
    let mut dialog = ImapDialog::new(Security::Tls);
    let (events, _) = converse(&mut dialog, &[]);
    assert_eq!(
        events,
        vec![Event::Failed {
            step: Step::Greeting,
            reason: ProbeFailure::Closed
        }]
    );
}
