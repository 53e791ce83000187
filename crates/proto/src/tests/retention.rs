//! What a dialog keeps of a hostile server's text: a budget of escaped
//! text, and the secret scrubbed before anything is escaped.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{Event, Login, MailProtocol, Secret, Security};

use super::converse;
use crate::dialog_for;
use crate::engine::MAX_KEPT_TEXT;

/// Server text the events carry, in bytes.
fn text_bytes(events: &[Event]) -> usize {
    events
        .iter()
        .map(|event| match event {
            Event::Line { text, .. } | Event::Greeting { text, .. } | Event::Auth { text, .. } => text.len(),
            Event::Capabilities { offered, .. } => offered.other.iter().map(String::len).sum(),
            _ => 0,
        })
        .sum()
}

#[test]
fn untagged_floods_are_kept_only_up_to_the_dialogs_budget_after_escaping() {
    // 250 untagged lines of control bytes: each escapes to five times its
    // length (`\u{1}`), 10 MiB a reply before the budget.
    let flood: Vec<u8> = (0..250).flat_map(|_| [b"* ".as_slice(), &[1u8; 8000], b"\r\n"].concat()).collect();
    let capability = [flood.as_slice(), b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK done\r\n"].concat();
    let logout = [flood.as_slice(), b"a2 OK bye\r\n"].concat();
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, None);
    let (events, _) = converse(dialog.as_mut(), &[b"* OK ready\r\n", &capability, &logout]);
    assert!(matches!(events.last(), Some(Event::Completed { .. })), "the dialog still ends: {:?}", events.last());
    let kept = text_bytes(&events);
    assert!(kept <= MAX_KEPT_TEXT + 3 * 8192 * 6, "{kept} bytes of server text kept");
    assert!(kept >= MAX_KEPT_TEXT / 2, "the budget is used, not everything dropped: {kept}");
}

#[test]
fn a_capability_line_within_the_budget_is_still_read() {
    let mut dialog = dialog_for(MailProtocol::Imap, Security::Tls, true, None);
    let (events, _) = converse(
        dialog.as_mut(),
        &[b"* OK ready\r\n", b"* CAPABILITY IMAP4rev1 STARTTLS AUTH=PLAIN\r\na1 OK done\r\n", b"a2 OK bye\r\n"],
    );
    let offered = events.iter().find_map(|e| match e {
        Event::Capabilities { offered, .. } => Some(offered.clone()),
        _ => None,
    });
    assert_eq!(offered.map(|o| o.mechanisms), Some(vec!["PLAIN".to_owned()]));
}

#[test]
fn an_echoed_password_with_a_tab_or_bidi_mark_is_scrubbed_before_escaping() {
    for secret in ["pass\tword-canary", "pass\u{202e}word-canary", "pass\u{1b}[31mword-canary"] {
        let login = Login {
            username: "alice@example.test".into(),
            secret: Secret::new(secret),
            mechanism: None,
            allow_plaintext: true,
        };
        let mut dialog = dialog_for(MailProtocol::Pop3, Security::None, false, Some(login));
        let echo = format!("-ERR [AUTH] no such password: {secret}\r\n");
        let (events, written) = converse(
            dialog.as_mut(),
            &[b"+OK ready\r\n", b"+OK\r\nUSER\r\n.\r\n", b"+OK\r\n", echo.as_bytes(), b"+OK bye\r\n"],
        );
        assert!(written.contains(secret), "the password was sent: {written:?}");
        let shown = format!("{events:?}");
        assert!(shown.contains("[redacted]"), "{shown}");
        assert!(!shown.contains("word-canary"), "{secret:?} reached the events: {shown}");
    }
}
