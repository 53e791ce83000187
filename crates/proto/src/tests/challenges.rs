//! Challenge-response logins (CRAM-MD5 in all three protocols, POP3 APOP):
//! chosen only when the server takes no password in clear, answered from the
//! server's own challenge, and the digest kept out of every event.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{AuthOutcome, Event, Login, MailProtocol, Secret, Security};

use super::converse;
use crate::dialog_for;
use crate::sasl::base64;

const PASSWORD: &str = "tanstaaftanstaaf";
/// RFC 2195's example: this challenge and password give this digest.
const CHALLENGE: &str = "<1896.697170952@postoffice.reston.mci.net>";
const DIGEST: &str = "b913a602c7eda7a495b4e6e7334d3890";

fn login() -> Login {
    Login { username: "tim".into(), secret: Secret::new(PASSWORD), mechanism: None, allow_plaintext: false }
}

fn method_and_outcome(events: &[Event]) -> Option<(String, AuthOutcome)> {
    events.iter().find_map(|e| match e {
        Event::Auth { method, outcome, .. } => Some((method.clone(), outcome.clone())),
        _ => None,
    })
}

/// Neither the password nor the digest (alone or in base64) in any event,
/// even when the server echoes the answer back.
fn assert_nothing_proves_the_password(events: &[Event]) {
    let text = format!("{events:?}");
    for form in [PASSWORD.to_owned(), DIGEST.to_owned(), base64(format!("tim {DIGEST}").as_bytes())] {
        assert!(!text.contains(&form), "{form} leaked into {text}");
    }
}

#[test]
fn imap_logindisabled_with_cram_md5_answers_the_challenge() {
    let answer = base64(format!("tim {DIGEST}").as_bytes());
    let challenge = format!("+ {}\r\n", base64(CHALLENGE.as_bytes()));
    let echo = format!("a2 OK [CAPABILITY IMAP4rev1] Logged in as {answer} ({DIGEST})\r\n");
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, Some(login()));
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"* OK ready\r\n",
            b"* CAPABILITY IMAP4rev1 SASL-IR LOGINDISABLED AUTH=CRAM-MD5\r\na1 OK\r\n",
            challenge.as_bytes(),
            echo.as_bytes(),
            b"a3 OK bye\r\n",
        ],
    );
    assert_eq!(written, format!("a1 CAPABILITY\r\na2 AUTHENTICATE CRAM-MD5\r\n{answer}\r\na3 LOGOUT\r\n"));
    assert_eq!(method_and_outcome(&events), Some(("CRAM-MD5".into(), AuthOutcome::Accepted)));
    assert_nothing_proves_the_password(&events);
}

#[test]
fn imap_with_login_allowed_keeps_using_login_over_cram_md5() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, Some(login()));
    let (_, written) = converse(
        dialog.as_mut(),
        &[b"* OK ready\r\n", b"* CAPABILITY IMAP4rev1 AUTH=CRAM-MD5\r\na1 OK\r\n", b"a2 OK\r\n", b"a3 OK\r\n"],
    );
    assert!(written.contains("a2 LOGIN \"tim\""), "{written}");
}

#[test]
fn smtp_with_only_cram_md5_answers_the_334_challenge() {
    let answer = base64(format!("tim {DIGEST}").as_bytes());
    let challenge = format!("334 {}\r\n", base64(CHALLENGE.as_bytes()));
    let mut dialog = dialog_for(MailProtocol::Smtp, Security::Tls, true, Some(login()));
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"220 mx ESMTP\r\n",
            b"250-mx\r\n250 AUTH CRAM-MD5\r\n",
            challenge.as_bytes(),
            b"535 5.7.8 Error: authentication failed\r\n",
            b"221 bye\r\n",
        ],
    );
    assert_eq!(written, format!("EHLO maildoctor.invalid\r\nAUTH CRAM-MD5\r\n{answer}\r\nQUIT\r\n"));
    assert_eq!(method_and_outcome(&events), Some(("CRAM-MD5".into(), AuthOutcome::Rejected)));
    assert_nothing_proves_the_password(&events);
}

#[test]
fn pop3_whose_sasl_has_no_clear_mechanism_skips_user_for_cram_md5() {
    let answer = base64(format!("tim {DIGEST}").as_bytes());
    let challenge = format!("+ {}\r\n", base64(CHALLENGE.as_bytes()));
    let mut dialog = dialog_for(MailProtocol::Pop3, Security::Tls, true, Some(login()));
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"+OK ready <1.2@pop>\r\n",
            b"+OK\r\nUSER\r\nSASL CRAM-MD5\r\n.\r\n",
            challenge.as_bytes(),
            b"+OK Logged in.\r\n",
            b"+OK bye\r\n",
        ],
    );
    assert_eq!(written, format!("CAPA\r\nAUTH CRAM-MD5\r\n{answer}\r\nQUIT\r\n"));
    assert_eq!(method_and_outcome(&events), Some(("CRAM-MD5".into(), AuthOutcome::Accepted)));
    assert_nothing_proves_the_password(&events);
}

#[test]
fn pop3_with_an_empty_sasl_list_uses_apop_from_the_greeting() {
    // RFC 1939 §7's example: this timestamp and "tanstaaf" give this digest.
    let apop = "c4c9334bac560ecc979e58001b3e22fb";
    let mut dialog =
        dialog_for(MailProtocol::Pop3, Security::Tls, true, Some(Login { secret: Secret::new("tanstaaf"), ..login() }));
    let (events, written) = converse(
        dialog.as_mut(),
        &[
            b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n",
            b"+OK\r\nUSER\r\nSASL\r\n.\r\n",
            format!("-ERR [AUTH] Authentication failed for {apop}\r\n").as_bytes(),
            b"+OK bye\r\n",
        ],
    );
    assert_eq!(written, format!("CAPA\r\nAPOP tim {apop}\r\nQUIT\r\n"));
    assert_eq!(method_and_outcome(&events), Some(("APOP".into(), AuthOutcome::Rejected)));
    assert!(!format!("{events:?}").contains(apop), "{events:?}");
}

#[test]
fn pop3_with_user_and_plain_never_uses_apop() {
    for capa in [&b"+OK\r\nUSER\r\n.\r\n"[..], b"+OK\r\nUSER\r\nSASL PLAIN CRAM-MD5\r\n.\r\n"] {
        let mut dialog = dialog_for(MailProtocol::Pop3, Security::Tls, true, Some(login()));
        let (_, written) =
            converse(dialog.as_mut(), &[b"+OK ready <1.2@pop>\r\n", capa, b"+OK\r\n", b"+OK\r\n", b"+OK\r\n"]);
        assert!(!written.contains("APOP") && !written.contains("CRAM"), "{written}");
    }
}
