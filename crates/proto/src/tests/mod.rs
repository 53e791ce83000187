#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    CapabilitySet, Direction, EnhancedStatus, Event, GreetingStatus, MailProtocol, ProbeFailure, ReplyCode, Security,
    Step, Violation,
};

use crate::engine::Grammar;
use crate::imap::Imap;
use crate::{dialog_for, Dialog, Output};

const IMAP_MAX_LINE: usize = Imap::MAX_LINE;
const IMAP_MAX_REPLY_LINES: usize = Imap::MAX_REPLY_LINES;

/// Drives a dialog against scripted server output: each chunk is fed when the
/// dialog asks for input; after the script, the connection closes. A STARTTLS
/// upgrade always succeeds. Returns the events and the bytes written.
pub(super) fn converse(dialog: &mut dyn Dialog, server: &[&[u8]]) -> (Vec<Event>, String) {
    let mut chunks = server.iter();
    let mut events = Vec::new();
    let mut written = String::new();
    for _ in 0..10_000 {
        match dialog.poll() {
            Output::Write(bytes) => written.push_str(&String::from_utf8_lossy(&bytes)),
            Output::Event(event) => events.push(event),
            Output::StartTls => dialog.tls_established(true),
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
    events.into_iter().filter(|e| !matches!(e, Event::Line { .. })).collect()
}

const DOVECOT_GREETING: &[u8] =
    b"* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ AUTH=PLAIN AUTH=LOGIN] Dovecot (Debian) ready.\r\n";

#[test]
fn imap_implicit_tls_against_a_dovecot_transcript() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, None);
    let (events, written) = converse(
        dialog.as_mut(),
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
                text: String::from_utf8_lossy(&DOVECOT_GREETING[..DOVECOT_GREETING.len() - 2]).into(),
            },
            Event::Capabilities {
                protocol: MailProtocol::Imap,
                tls: true,
                offered: CapabilitySet {
                    mechanisms: ["PLAIN", "LOGIN"].map(String::from).to_vec(),
                    other: ["IMAP4rev1", "SASL-IR"].map(String::from).to_vec(),
                    ..CapabilitySet::default()
                },
            },
            Event::Completed { protocol: MailProtocol::Imap },
        ]
    );
}

#[test]
fn the_transcript_records_both_directions() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, None);
    let (events, _) = converse(dialog.as_mut(), &[b"* OK hi\r\n", b"a1 OK\r\n", b"a2 OK\r\n"]);
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
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Starttls, true, None);
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"* OK ready\r\n",
            b"* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED\r\na1 OK done\r\n",
            b"a2 OK Begin TLS negotiation now.\r\n",
            b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na3 OK done\r\n",
            b"a4 OK bye\r\n",
        ],
    );
    assert_eq!(written, "a1 CAPABILITY\r\na2 STARTTLS\r\na3 CAPABILITY\r\na4 LOGOUT\r\n");
    let caps: Vec<_> = events.iter().filter(|e| matches!(e, Event::Capabilities { .. })).collect();
    assert!(matches!(caps[0], Event::Capabilities { tls: false, .. }));
    assert!(matches!(caps[1], Event::Capabilities { tls: true, offered, .. } if offered.offers("PLAIN")));
    assert!(events.contains(&Event::Starttls { accepted: true, text: "a2 OK Begin TLS negotiation now.".into() }));
}

#[test]
fn starttls_not_offered_is_tried_anyway_and_a_refusal_logs_out() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Starttls, true, None);
    let (events, written) = converse(
        dialog.as_mut(),
        &[b"* OK ready\r\n", b"* CAPABILITY IMAP4rev1\r\na1 OK\r\n", b"a2 BAD Unknown command\r\n", b"a3 OK\r\n"],
    );
    assert_eq!(written, "a1 CAPABILITY\r\na2 STARTTLS\r\na3 LOGOUT\r\n");
    assert!(events.contains(&Event::Starttls { accepted: false, text: "a2 BAD Unknown command".into() }));
}

#[test]
fn starttls_hidden_from_ehlo_is_tried_anyway_and_upgrades() {
    let mut dialog = dialog_for(MailProtocol::Smtp, Security::Starttls, true, None);
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"220 mx ESMTP\r\n",
            b"250-mx\r\n250 PIPELINING\r\n",
            b"220 2.0.0 Ready to start TLS\r\n",
            b"250-mx\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n",
            b"221 bye\r\n",
        ],
    );
    assert_eq!(written, "EHLO maildoctor.invalid\r\nSTARTTLS\r\nEHLO maildoctor.invalid\r\nQUIT\r\n");
    assert!(events
        .iter()
        .any(|e| matches!(e, Event::Capabilities { tls: true, offered, .. } if offered.offers("PLAIN"))));
}

#[test]
fn a_refused_starttls_that_was_not_offered_asks_whether_the_server_wants_tls() {
    let mut dialog = dialog_for(MailProtocol::Smtp, Security::Starttls, true, None);
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"220 mx ESMTP\r\n",
            b"250-mx\r\n250 PIPELINING\r\n",
            b"502 5.5.2 Error: command not recognized\r\n",
            b"530 5.7.0 Must issue a STARTTLS command first\r\n",
            b"221 bye\r\n",
        ],
    );
    assert_eq!(written, "EHLO maildoctor.invalid\r\nSTARTTLS\r\nRSET\r\nQUIT\r\n");
    let code = Some(ReplyCode::Smtp { basic: 530, enhanced: Some(EnhancedStatus::new(5, 7, 0)) });
    let text = "530 5.7.0 Must issue a STARTTLS command first".to_owned();
    assert!(events.contains(&Event::PlainCommand { command: "RSET".into(), code, text }), "{events:?}");
    assert!(events.contains(&Event::Completed { protocol: MailProtocol::Smtp }));
}

#[test]
fn bytes_after_the_starttls_answer_are_discarded_and_the_dialog_stops() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Starttls, true, None);
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"* OK ready\r\n",
            b"* CAPABILITY IMAP4rev1 STARTTLS\r\na1 OK\r\n",
            b"a2 OK go\r\n* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n",
        ],
    );
    assert_eq!(written, "a1 CAPABILITY\r\na2 STARTTLS\r\n", "no TLS upgrade, no further command");
    assert!(matches!(
        events.last(),
        Some(Event::Failed {
            step: Step::Starttls,
            reason: ProbeFailure::ProtocolError { violation: Violation::DataAfterStarttls { .. } }
        })
    ));
}

#[test]
fn an_smtp_banner_on_the_imap_port_is_recognised() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::None, true, None);
    let (events, written) = converse(dialog.as_mut(), &[b"220 mail.example.test ESMTP Postfix\r\n"]);
    assert_eq!(written, "", "nothing is sent to a server of another protocol");
    assert!(matches!(
        &events[1],
        Event::Greeting { spoken: Some(MailProtocol::Smtp), status: GreetingStatus::Ready, .. }
    ));
}

#[test]
fn tls_bytes_on_a_plaintext_connection_are_recognised() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Starttls, true, None);
    let (events, _) = converse(dialog.as_mut(), &[&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32]]);
    assert_eq!(events, vec![Event::Failed { step: Step::Greeting, reason: ProbeFailure::TlsOnPlainPort }]);
}

#[test]
fn bye_greeting_means_unavailable() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, None);
    let (events, written) = converse(dialog.as_mut(), &[b"* BYE [UNAVAILABLE] Server shutting down\r\n"]);
    assert_eq!(written, "");
    assert!(matches!(&events[1], Event::Greeting { status: GreetingStatus::Unavailable, .. }));
}

#[test]
fn a_line_without_end_is_cut_at_the_cap() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, None);
    let flood = vec![b'A'; IMAP_MAX_LINE + 1];
    let (events, _) = converse(dialog.as_mut(), &[&flood]);
    assert_eq!(
        events,
        vec![Event::Failed { step: Step::Greeting, reason: ProbeFailure::LineTooLong { limit: IMAP_MAX_LINE } }]
    );
}

#[test]
fn endless_untagged_lines_are_cut_at_the_response_cap() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, None);
    let flood = b"* OK still here\r\n".repeat(IMAP_MAX_REPLY_LINES + 10);
    let (events, _) = converse(dialog.as_mut(), &[b"* OK ready\r\n", &flood]);
    assert!(matches!(
        events.last(),
        Some(Event::Failed { step: Step::Capabilities, reason: ProbeFailure::ResponseTooLarge { .. } })
    ));
}

#[test]
fn a_close_before_the_greeting_is_reported() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, None);
    let (events, _) = converse(dialog.as_mut(), &[]);
    assert_eq!(events, vec![Event::Failed { step: Step::Greeting, reason: ProbeFailure::Closed }]);
}

// --- POP3 ---

#[test]
fn pop3_starttls_against_a_dovecot_transcript() {
    let mut dialog = dialog_for(MailProtocol::Pop3, Security::Starttls, true, None);
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"+OK Dovecot (Debian) ready.\r\n",
            b"+OK\r\nCAPA\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nAUTH-RESP-CODE\r\nSTLS\r\nUSER\r\nSASL PLAIN LOGIN\r\n.\r\n",
            b"+OK Begin TLS negotiation now.\r\n",
            b"+OK\r\nCAPA\r\nUSER\r\nSASL PLAIN LOGIN\r\n..dotted\r\n.\r\n",
            b"+OK Logging out.\r\n",
        ],
    );
    assert_eq!(written, "CAPA\r\nSTLS\r\nCAPA\r\nQUIT\r\n");
    let caps: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::Capabilities { tls, offered, .. } => Some((*tls, offered.clone())),
            _ => None,
        })
        .collect();
    assert!(caps[0].1.starttls);
    let after_tls = CapabilitySet {
        user: true,
        mechanisms: ["PLAIN", "LOGIN"].map(String::from).to_vec(),
        other: ["CAPA", ".dotted"].map(String::from).to_vec(),
        ..CapabilitySet::default()
    };
    assert_eq!(caps[1], (true, after_tls));
    assert!(matches!(events.last(), Some(Event::Completed { protocol: MailProtocol::Pop3 })));
}

#[test]
fn pop3_without_capa_still_says_goodbye() {
    let mut dialog = dialog_for(MailProtocol::Pop3, Security::Tls, true, None);
    let (events, written) = converse(dialog.as_mut(), &[b"+OK ready\r\n", b"-ERR unknown command\r\n", b"+OK bye\r\n"]);
    assert_eq!(written, "CAPA\r\nQUIT\r\n");
    let nothing = CapabilitySet::default();
    assert!(events.contains(&Event::Capabilities { protocol: MailProtocol::Pop3, tls: true, offered: nothing }));
}

#[test]
fn pop3_temporary_refusal_at_greeting_is_unavailable() {
    let mut dialog = dialog_for(MailProtocol::Pop3, Security::Tls, true, None);
    let (events, written) = converse(dialog.as_mut(), &[b"-ERR [SYS/TEMP] try later\r\n"]);
    assert_eq!(written, "");
    assert!(matches!(&events[1], Event::Greeting { status: GreetingStatus::Unavailable, .. }));
}

#[test]
fn pop3_garbage_is_a_protocol_error() {
    let mut dialog = dialog_for(MailProtocol::Pop3, Security::Tls, true, None);
    let (events, _) = converse(dialog.as_mut(), &[b"+OK ready\r\n", b"what?\r\n"]);
    assert!(matches!(
        events.last(),
        Some(Event::Failed { step: Step::Capabilities, reason: ProbeFailure::ProtocolError { .. } })
    ));
}

// --- SMTP ---

#[test]
fn smtp_starttls_against_a_postfix_transcript() {
    let mut dialog = dialog_for(MailProtocol::Smtp, Security::Starttls, true, None);
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"220 mail.example.test ESMTP Postfix (fixture)\r\n",
            b"250-mail.example.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250 CHUNKING\r\n",
            b"220 2.0.0 Ready to start TLS\r\n",
            b"250-mail.example.test\r\n250-AUTH PLAIN LOGIN\r\n250 CHUNKING\r\n",
            b"221 2.0.0 Bye\r\n",
        ],
    );
    assert_eq!(written, "EHLO maildoctor.invalid\r\nSTARTTLS\r\nEHLO maildoctor.invalid\r\nQUIT\r\n");
    let caps: Vec<_> = events.iter().filter(|e| matches!(e, Event::Capabilities { .. })).collect();
    assert_eq!(
        caps[0],
        &Event::Capabilities {
            protocol: MailProtocol::Smtp,
            tls: false,
            offered: CapabilitySet {
                starttls: true,
                other: ["PIPELINING", "SIZE 10240000", "ENHANCEDSTATUSCODES", "CHUNKING"].map(String::from).to_vec(),
                ..CapabilitySet::default()
            }
        }
    );
    assert!(
        matches!(caps[1], Event::Capabilities { tls: true, offered, .. } if offered.mechanisms == ["PLAIN", "LOGIN"])
    );
    assert!(matches!(events.last(), Some(Event::Completed { protocol: MailProtocol::Smtp })));
}

#[test]
fn smtp_multi_line_greeting_is_one_greeting() {
    let mut dialog = dialog_for(MailProtocol::Smtp, Security::Tls, true, None);
    let (events, _) = converse(
        dialog.as_mut(),
        &[b"220-mail.example.test hello\r\n220-second line\r\n220 ready\r\n", b"250 ok\r\n", b"221 bye\r\n"],
    );
    let greetings: Vec<_> = events.iter().filter(|e| matches!(e, Event::Greeting { .. })).collect();
    assert_eq!(greetings.len(), 1);
    assert!(
        matches!(greetings[0], Event::Greeting { status: GreetingStatus::Ready, text, .. } if text.contains("second line"))
    );
}

#[test]
fn smtp_421_and_554_greetings() {
    for (line, status) in [
        (&b"421 4.7.0 Try again later, closing connection.\r\n"[..], GreetingStatus::Unavailable),
        (&b"554 5.7.1 Your IP is blocked\r\n"[..], GreetingStatus::Rejected),
    ] {
        let mut dialog = dialog_for(MailProtocol::Smtp, Security::Tls, true, None);
        let (events, written) = converse(dialog.as_mut(), &[line]);
        assert_eq!(written, "", "nothing is sent after a refusal");
        assert!(matches!(&events[1], Event::Greeting { status: got, .. } if *got == status));
    }
}

#[test]
fn smtp_endless_continuation_is_cut_at_100_lines() {
    let mut dialog = dialog_for(MailProtocol::Smtp, Security::Tls, true, None);
    let flood = b"220-x\r\n".repeat(1000);
    let (events, _) = converse(dialog.as_mut(), &[&flood]);
    assert!(matches!(
        events.last(),
        Some(Event::Failed { step: Step::Greeting, reason: ProbeFailure::ResponseTooLarge { limit: 100 } })
    ));
}

#[test]
fn smtp_starttls_injection_is_discarded() {
    let mut dialog = dialog_for(MailProtocol::Smtp, Security::Starttls, true, None);
    let (events, written) =
        converse(dialog.as_mut(), &[b"220 hi\r\n", b"250-x\r\n250 STARTTLS\r\n", b"220 Ready\r\n250-AUTH PLAIN\r\n"]);
    assert_eq!(written, "EHLO maildoctor.invalid\r\nSTARTTLS\r\n");
    assert!(matches!(events.last(), Some(Event::Failed { step: Step::Starttls, .. })));
}

#[test]
fn smtp_garbage_reply_codes_are_protocol_errors() {
    for garbage in [&b"999 x\r\n"[..], b"2x0 x\r\n", b"25\r\n", b"220-a\r\n250 b\r\n"] {
        let mut dialog = dialog_for(MailProtocol::Smtp, Security::Tls, true, None);
        let (events, _) = converse(dialog.as_mut(), &[b"220 hi\r\n", garbage]);
        assert!(
            matches!(events.last(), Some(Event::Failed { reason: ProbeFailure::ProtocolError { .. }, .. })),
            "{:?}: {events:?}",
            String::from_utf8_lossy(garbage)
        );
    }
}

#[test]
fn an_imap_greeting_on_the_smtp_port_is_recognised() {
    let mut dialog = dialog_for(MailProtocol::Smtp, Security::Tls, true, None);
    let (events, written) = converse(dialog.as_mut(), &[b"* OK IMAP ready\r\n"]);
    assert_eq!(written, "");
    assert!(matches!(&events[1], Event::Greeting { spoken: Some(MailProtocol::Imap), .. }));
}

mod challenges;
mod logins;
mod retention;
