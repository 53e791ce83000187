//! Logins: every mechanism, quoting and literals, refusals with their typed
//! codes, and the secret kept out of every event.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    AuthMechanism, AuthOutcome, Direction, Event, Login, MailProtocol, ProbeFailure, ReplyCode, Secret, Security, Step,
};

use super::converse;
use crate::dialog_for;

const CANARY: &str = "canary-\"P4ss\\word";

fn login(mechanism: Option<AuthMechanism>) -> Login {
    Login { username: "alice@example.test".into(), secret: Secret::new(CANARY), mechanism, allow_plaintext: false }
}

/// Every form the canary could leak in: raw, base64 (alone and inside SASL
/// PLAIN), and IMAP-quoted.
fn assert_no_canary(events: &[Event]) {
    let forms = [
        CANARY.to_owned(),
        crate::sasl::base64(CANARY.as_bytes()),
        crate::sasl::base64(format!("\0alice@example.test\0{CANARY}").as_bytes()),
        CANARY.replace('\\', "\\\\").replace('"', "\\\""),
    ];
    let text = format!("{events:?}");
    for form in forms {
        assert!(!text.contains(&form), "{form} leaked into {text}");
    }
}

fn auth_events(events: &[Event]) -> Vec<&Event> {
    events.iter().filter(|e| matches!(e, Event::Auth { .. })).collect()
}

#[test]
fn imap_authenticate_plain_with_sasl_ir() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, Some(login(None)));
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"* OK ready\r\n",
            b"* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=LOGIN\r\na1 OK\r\n",
            b"a2 OK [CAPABILITY IMAP4rev1] Logged in\r\n",
            b"a3 OK bye\r\n",
        ],
    );
    let plain = crate::sasl::base64(format!("\0alice@example.test\0{CANARY}").as_bytes());
    assert_eq!(written, format!("a1 CAPABILITY\r\na2 AUTHENTICATE PLAIN {plain}\r\na3 LOGOUT\r\n"));
    assert_eq!(
        auth_events(&events),
        vec![&Event::Auth {
            method: "PLAIN".into(),
            username: "alice@example.test".into(),
            outcome: AuthOutcome::Accepted,
            code: Some(ReplyCode::Imap { code: "CAPABILITY".into() }),
            text: "a2 OK [CAPABILITY IMAP4rev1] Logged in".into()
        }]
    );
    assert!(events.contains(&Event::Line { dir: Direction::Sent, text: "a2 AUTHENTICATE PLAIN [redacted]".into() }));
    assert_no_canary(&events);
}

#[test]
fn imap_login_quotes_the_password_and_reports_the_response_code() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, Some(login(None)));
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"* OK ready\r\n",
            b"* CAPABILITY IMAP4rev1\r\na1 OK\r\n",
            b"a2 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n",
            b"a3 OK bye\r\n",
        ],
    );
    assert!(written.contains("a2 LOGIN \"alice@example.test\" \"canary-\\\"P4ss\\\\word\"\r\n"), "{written}");
    assert!(matches!(
        auth_events(&events)[0],
        Event::Auth { outcome: AuthOutcome::Rejected, code: Some(code), .. } if code.atom() == Some("AUTHENTICATIONFAILED")
    ));
    assert_no_canary(&events);
}

#[test]
fn imap_authenticate_without_sasl_ir_answers_the_challenge() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, Some(login(None)));
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"* OK ready\r\n",
            b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK\r\n",
            b"+ \r\n",
            b"a2 OK done\r\n",
            b"a3 OK\r\n",
        ],
    );
    assert!(written.starts_with("a1 CAPABILITY\r\na2 AUTHENTICATE PLAIN\r\n"), "{written}");
    assert!(matches!(auth_events(&events)[0], Event::Auth { outcome: AuthOutcome::Accepted, .. }));
    assert_no_canary(&events);
}

#[test]
fn credentials_are_withheld_without_verified_tls() {
    for (security, verified, script) in [
        (
            Security::None,
            false,
            &[&b"* OK ready\r\n"[..], b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK\r\n", b"a2 OK\r\n"][..],
        ),
        (
            Security::Tls,
            false,
            &[&b"* OK ready\r\n"[..], b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK\r\n", b"a2 OK\r\n"][..],
        ),
        // STARTTLS not offered (and refused when tried anyway): the login
        // would go out in plain text.
        (
            Security::Starttls,
            true,
            &[
                &b"* OK ready\r\n"[..],
                b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK\r\n",
                b"a2 BAD no\r\n",
                b"a3 OK\r\n",
            ][..],
        ),
    ] {
        let mut dialog = dialog_for(MailProtocol::Imap, security, verified, Some(login(None)));
        let (events, written) = converse(dialog.as_mut(), script);
        let expected = if security == Security::Starttls {
            "a1 CAPABILITY\r\na2 STARTTLS\r\na3 LOGOUT\r\n"
        } else {
            "a1 CAPABILITY\r\na2 LOGOUT\r\n"
        };
        assert_eq!(written, expected, "{security:?}");
        assert!(matches!(auth_events(&events)[0], Event::Auth { outcome: AuthOutcome::Withheld { .. }, .. }));
        assert_no_canary(&events);
    }
}

#[test]
fn smtp_auth_plain_rejected_with_enhanced_code() {
    let mut dialog = dialog_for(MailProtocol::Smtp, Security::Tls, true, Some(login(None)));
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"220 mail ESMTP\r\n",
            b"250-mail\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n",
            b"535 5.7.8 Error: authentication failed: (reason unavailable)\r\n",
            b"221 2.0.0 Bye\r\n",
        ],
    );
    assert!(written.contains("AUTH PLAIN "), "{written}");
    assert!(matches!(
        auth_events(&events)[0],
        Event::Auth { method, outcome: AuthOutcome::Rejected, code: Some(code), .. } if method == "PLAIN" && code.to_string() == "535 5.7.8"
    ));
    assert_no_canary(&events);
}

#[test]
fn smtp_auth_login_answers_two_challenges() {
    let mut dialog = dialog_for(MailProtocol::Smtp, Security::Tls, true, Some(login(Some(AuthMechanism::Login))));
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"220 mail ESMTP\r\n",
            b"250-mail\r\n250 AUTH LOGIN PLAIN\r\n",
            b"334 VXNlcm5hbWU6\r\n",
            b"334 UGFzc3dvcmQ6\r\n",
            b"235 2.7.0 Authentication successful\r\n",
            b"221 Bye\r\n",
        ],
    );
    assert!(written.contains("AUTH LOGIN\r\nYWxpY2VAZXhhbXBsZS50ZXN0\r\n"), "{written}");
    assert!(
        matches!(auth_events(&events)[0], Event::Auth { outcome: AuthOutcome::Accepted, code: Some(code), .. } if code.to_string() == "235 2.7.0")
    );
    assert_no_canary(&events);
}

#[test]
fn endless_challenges_end_the_login() {
    let mut dialog = dialog_for(MailProtocol::Smtp, Security::Tls, true, Some(login(Some(AuthMechanism::Login))));
    let (events, _) = converse(
        dialog.as_mut(),
        &[b"220 mail\r\n", b"250-mail\r\n250 AUTH LOGIN\r\n", b"334 a\r\n", b"334 b\r\n", b"334 c\r\n", b"334 d\r\n"],
    );
    assert!(matches!(
        events.iter().rev().find(|e| matches!(e, Event::Failed { .. })),
        Some(Event::Failed { step: Step::Login, reason: ProbeFailure::ProtocolError { .. } })
    ));
    assert_no_canary(&events);
}

#[test]
fn smtp_without_auth_says_not_offered() {
    let mut dialog = dialog_for(MailProtocol::Smtp, Security::Tls, true, Some(login(None)));
    let (events, written) = converse(dialog.as_mut(), &[b"220 mx\r\n", b"250-mx\r\n250 SIZE 1000\r\n", b"221 bye\r\n"]);
    assert_eq!(written, "EHLO maildoctor.invalid\r\nQUIT\r\n");
    assert!(matches!(auth_events(&events)[0], Event::Auth { outcome: AuthOutcome::NotOffered, .. }));
}

#[test]
fn pop3_user_pass() {
    let mut dialog = dialog_for(MailProtocol::Pop3, Security::Tls, true, Some(login(None)));
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"+OK ready\r\n",
            b"+OK\r\nUSER\r\nRESP-CODES\r\n.\r\n",
            b"+OK\r\n",
            b"-ERR [AUTH] Authentication failed.\r\n",
            b"+OK bye\r\n",
        ],
    );
    assert_eq!(written, format!("CAPA\r\nUSER alice@example.test\r\nPASS {CANARY}\r\nQUIT\r\n"));
    assert!(matches!(
        auth_events(&events)[0],
        Event::Auth { method, outcome: AuthOutcome::Rejected, code: Some(code), .. } if method == "USER" && code.atom() == Some("AUTH")
    ));
    assert_no_canary(&events);
}

#[test]
fn a_server_that_echoes_the_password_does_not_put_it_in_the_transcript() {
    let mut dialog = dialog_for(MailProtocol::Pop3, Security::Tls, true, Some(login(None)));
    let echo = format!("-ERR [AUTH] no such password: {CANARY}\r\n");
    let (events, _) = converse(
        dialog.as_mut(),
        &[b"+OK ready\r\n", b"+OK\r\nUSER\r\n.\r\n", b"+OK\r\n", echo.as_bytes(), b"+OK bye\r\n"],
    );
    assert!(matches!(auth_events(&events)[0], Event::Auth { text, .. } if text.contains("[redacted]")));
    assert_no_canary(&events);
}

#[test]
fn smtp_oauthbearer_answers_the_failure_challenge_with_one_byte() {
    let token = Login {
        username: "alice@example.test".into(),
        secret: Secret::new(CANARY),
        mechanism: Some(AuthMechanism::Oauthbearer),
        allow_plaintext: false,
    };
    let mut dialog = dialog_for(MailProtocol::Smtp, Security::Tls, true, Some(token));
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"220 ready\r\n",
            b"250-mx\r\n250 AUTH PLAIN OAUTHBEARER\r\n",
            b"334 eyJzdGF0dXMiOiJpbnZhbGlkX3Rva2VuIn0=\r\n",
            b"535 5.7.8 Token rejected\r\n",
            b"221 bye\r\n",
        ],
    );
    let sent: Vec<&str> = written.lines().collect();
    assert!(sent[1].starts_with("AUTH OAUTHBEARER "), "{sent:?}");
    assert_eq!(sent[2], "AQ==", "RFC 7628: a failure is answered with %x01");
    let initial = crate::sasl::base64(format!("n,a=alice@example.test,\x01auth=Bearer {CANARY}\x01\x01").as_bytes());
    assert!(sent[1].ends_with(&initial));
    assert!(
        matches!(auth_events(&events)[0], Event::Auth { method, outcome: AuthOutcome::Rejected, .. } if method == "OAUTHBEARER")
    );
    assert_no_canary(&events);
}

#[test]
fn a_bearer_token_goes_by_whichever_bearer_mechanism_is_offered() {
    let token = Login {
        username: "alice@example.test".into(),
        secret: Secret::new(CANARY),
        mechanism: Some(AuthMechanism::Oauthbearer),
        allow_plaintext: false,
    };
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, Some(token));
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"* OK ready\r\n",
            b"* CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2\r\na1 OK\r\n",
            b"a2 OK done\r\n",
            b"a3 OK bye\r\n",
        ],
    );
    assert!(written.contains("a2 AUTHENTICATE XOAUTH2 "), "{written}");
    assert!(matches!(auth_events(&events)[0], Event::Auth { outcome: AuthOutcome::Accepted, .. }));
    assert_no_canary(&events);
}

#[test]
fn an_imap_bye_in_answer_to_a_login_is_the_refusal_with_its_code() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, Some(login(None)));
    let (events, _) = converse(
        dialog.as_mut(),
        &[
            b"* OK ready\r\n",
            b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK\r\n",
            b"* BYE [UNAVAILABLE] Internal error occurred. Refer to server log for more information.\r\n",
        ],
    );
    assert_eq!(
        auth_events(&events),
        vec![&Event::Auth {
            method: "PLAIN".into(),
            username: "alice@example.test".into(),
            outcome: AuthOutcome::Rejected,
            code: Some(ReplyCode::Imap { code: "UNAVAILABLE".into() }),
            text: "* BYE [UNAVAILABLE] Internal error occurred. Refer to server log for more information.".into(),
        }]
    );
    assert_no_canary(&events);
}
