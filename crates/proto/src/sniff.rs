//! Recognising what a server speaks from the first bytes it sends.

use maildoctor_wire::{EnhancedStatus, GreetingStatus, MailProtocol, ReplyCode};

/// A TLS record header: handshake (22) or alert (21), major version 3. A
/// server that sends this on a plaintext connection expects TLS from the
/// first byte (the person chose no encryption, or STARTTLS, on a TLS port).
pub fn is_tls_record(first_bytes: &[u8]) -> bool {
    matches!(first_bytes, [0x15 | 0x16, 0x03, ..])
}

/// The protocol a greeting line is written in, if any.
pub fn greeting_protocol(line: &[u8]) -> Option<MailProtocol> {
    if line.starts_with(b"* OK") || line.starts_with(b"* PREAUTH") || line.starts_with(b"* BYE") {
        Some(MailProtocol::Imap)
    } else if line.starts_with(b"+OK") || line.starts_with(b"-ERR") {
        Some(MailProtocol::Pop3)
    } else if line.len() >= 3
        && line[..3].iter().all(u8::is_ascii_digit)
        && matches!(line.get(3), None | Some(b' ' | b'-'))
    {
        Some(MailProtocol::Smtp)
    } else {
        None
    }
}

/// How a greeting line in `spoken` sounds, by that protocol's conventions.
pub fn greeting_status(spoken: Option<MailProtocol>, line: &[u8]) -> GreetingStatus {
    match spoken {
        Some(MailProtocol::Imap) if line.starts_with(b"* OK") => GreetingStatus::Ready,
        Some(MailProtocol::Imap) if line.starts_with(b"* PREAUTH") => GreetingStatus::PreAuthenticated,
        Some(MailProtocol::Imap) => GreetingStatus::Unavailable,
        Some(MailProtocol::Smtp) if line.starts_with(b"2") => GreetingStatus::Ready,
        Some(MailProtocol::Smtp) if line.starts_with(b"4") => GreetingStatus::Unavailable,
        Some(MailProtocol::Smtp) => GreetingStatus::Rejected,
        Some(MailProtocol::Pop3) if line.starts_with(b"+OK") => GreetingStatus::Ready,
        // RFC 3206: [SYS/TEMP] and [IN-USE] say "try again later".
        Some(MailProtocol::Pop3) if contains(line, b"[SYS/TEMP]") || contains(line, b"[IN-USE]") => {
            GreetingStatus::Unavailable
        }
        Some(MailProtocol::Pop3) => GreetingStatus::Rejected,
        None => GreetingStatus::Unrecognized,
    }
}

/// The machine-readable code of a reply line in `protocol`, read as the
/// dialogs read it: SMTP's three digits and enhanced status, IMAP's and
/// POP3's bracketed response code. For tests and tools that hold a line
/// without its dialog (the rules' corpus of real server texts).
pub fn reply_code(protocol: MailProtocol, line: &str) -> Option<ReplyCode> {
    match protocol {
        MailProtocol::Smtp => {
            let basic = line.get(..3)?.parse::<u16>().ok()?;
            let enhanced =
                line.get(4..).and_then(|rest| rest.split_ascii_whitespace().next()).and_then(EnhancedStatus::parse);
            Some(ReplyCode::Smtp { basic, enhanced })
        }
        MailProtocol::Imap => bracket_code(line).map(|code| ReplyCode::Imap { code }),
        MailProtocol::Pop3 => bracket_code(line).map(|code| ReplyCode::Pop3 { code }),
    }
}

/// The response code in `[...]` after the status word (RFC 5530, RFC 2449).
pub(crate) fn bracket_code(text: &str) -> Option<String> {
    let start = text.find('[')?;
    let end = start + text[start..].find(']')?;
    let code = text[start + 1..end].split_ascii_whitespace().next()?;
    Some(code.to_ascii_uppercase())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Server text made safe to show: invalid UTF-8 replaced, control characters
/// (terminal escapes, NUL) and bidirectional overrides shown as `\u{..}`.
pub fn printable(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// Hex of the first few bytes, for reporting binary answers.
pub fn hex_prefix(bytes: &[u8]) -> String {
    bytes.iter().take(16).map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn greetings_name_their_protocol() {
        assert_eq!(greeting_protocol(b"* OK [CAPABILITY IMAP4rev1] Dovecot ready."), Some(MailProtocol::Imap));
        assert_eq!(greeting_protocol(b"220 mail.example.test ESMTP Postfix"), Some(MailProtocol::Smtp));
        assert_eq!(greeting_protocol(b"220-multi line"), Some(MailProtocol::Smtp));
        assert_eq!(greeting_protocol(b"+OK Dovecot ready."), Some(MailProtocol::Pop3));
        assert_eq!(greeting_protocol(b"HTTP/1.1 400 Bad Request"), None);
        assert_eq!(greeting_protocol(b"2200"), None);
    }

    #[test]
    fn tls_records_are_recognised() {
        assert!(is_tls_record(&[0x16, 0x03, 0x01, 0x00, 0x2a]));
        assert!(is_tls_record(&[0x15, 0x03, 0x03]));
        assert!(!is_tls_record(b"* OK"));
    }

    #[test]
    fn hostile_text_is_made_inert() {
        assert_eq!(printable(b"ok\x1b[31m\x00"), "ok\\u{1b}[31m\\u{0}");
        assert_eq!(printable("a\u{202e}b".as_bytes()), "a\\u{202e}b");
        assert_eq!(printable(b"\xff\xfe"), "\u{fffd}\u{fffd}");
    }
}
