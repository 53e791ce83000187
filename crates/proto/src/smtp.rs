//! SMTP submission (RFC 5321 replies, RFC 3207 STARTTLS). Only EHLO,
//! STARTTLS and QUIT: never MAIL, RCPT or DATA.

use maildoctor_wire::{GreetingStatus, MailProtocol, ProbeFailure};

use crate::engine::{Asked, Grammar, Reply};

/// The name maildoctor gives in EHLO: honest, and reserved so it can never
/// be someone else's (RFC 2606).
pub const EHLO_NAME: &str = "maildoctor.invalid";

#[derive(Debug, Default)]
pub(crate) struct Smtp {
    code: Option<u16>,
    lines: Vec<String>,
}

/// The reply code and whether more lines follow, if `line` is a reply line.
fn reply_line(line: &str) -> Option<(u16, bool, &str)> {
    let bytes = line.as_bytes();
    let code = line.get(..3)?.parse::<u16>().ok().filter(|c| (200..600).contains(c))?;
    match bytes.get(3) {
        None => Some((code, false, "")),
        Some(b' ') => Some((code, false, &line[4..])),
        Some(b'-') => Some((code, true, &line[4..])),
        Some(_) => None,
    }
}

impl Grammar for Smtp {
    const PROTOCOL: MailProtocol = MailProtocol::Smtp;
    /// RFC 5321 allows 512 octets per reply line; real servers go beyond, a
    /// little (go-smtp and lettre accept 1000–2000).
    const MAX_LINE: usize = 2048;
    /// A continuation flood ends here (lettre PR #1143).
    const MAX_REPLY_LINES: usize = 100;

    fn command(&mut self, asked: Asked) -> String {
        match asked {
            Asked::Greeting | Asked::Capabilities => format!("EHLO {EHLO_NAME}"),
            Asked::Starttls => "STARTTLS".to_owned(),
            Asked::Quit => "QUIT".to_owned(),
        }
    }

    fn line(&mut self, line: &str, _asked: Asked) -> Result<Option<Reply>, ProbeFailure> {
        let Some((code, more, text)) = reply_line(line) else {
            return Err(ProbeFailure::ProtocolError { detail: format!("not an SMTP reply line: {line:?}") });
        };
        if self.code.is_some_and(|first| first != code) {
            return Err(ProbeFailure::ProtocolError {
                detail: format!("reply code changed from {:?} to {code} inside one reply", self.code),
            });
        }
        self.code = Some(code);
        self.lines.push(text.to_owned());
        if more {
            return Ok(None);
        }
        self.code = None;
        let data = std::mem::take(&mut self.lines);
        Ok(Some(Reply { ok: code < 400, text: format!("{code} {}", data.join(" / ")), data }))
    }

    fn greeting_status(reply: &Reply) -> GreetingStatus {
        match reply.text.as_bytes().first() {
            Some(b'2') => GreetingStatus::Ready,
            Some(b'4') => GreetingStatus::Unavailable,
            _ => GreetingStatus::Rejected,
        }
    }

    fn capabilities(reply: &Reply) -> Vec<String> {
        // The first line of an EHLO reply is the server's name, not a capability.
        reply.data.iter().skip(1).cloned().collect()
    }

    fn offers_starttls(capabilities: &[String]) -> bool {
        capabilities
            .iter()
            .any(|c| c.split_ascii_whitespace().next().is_some_and(|k| k.eq_ignore_ascii_case("STARTTLS")))
    }
}
