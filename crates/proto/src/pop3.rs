//! POP3 (RFC 1939, CAPA and response codes RFC 2449, STLS RFC 2595).

use maildoctor_wire::{GreetingStatus, MailProtocol, ProbeFailure};

use crate::engine::{Asked, Grammar, Reply};
use crate::sniff;

#[derive(Debug, Default)]
pub(crate) struct Pop3 {
    /// A `+OK` to CAPA, waiting for the lines up to the terminating `.`.
    multiline: Option<Reply>,
}

impl Grammar for Pop3 {
    const PROTOCOL: MailProtocol = MailProtocol::Pop3;
    /// RFC 2449 caps responses at 512 octets; allow real servers some slack.
    const MAX_LINE: usize = 2048;
    const MAX_REPLY_LINES: usize = 256;

    fn command(&mut self, asked: Asked) -> String {
        match asked {
            Asked::Greeting | Asked::Capabilities => "CAPA",
            Asked::Starttls => "STLS",
            Asked::Quit => "QUIT",
        }
        .to_owned()
    }

    fn line(&mut self, line: &str, asked: Asked) -> Result<Option<Reply>, ProbeFailure> {
        if let Some(reply) = &mut self.multiline {
            if line == "." {
                return Ok(self.multiline.take());
            }
            // Byte-stuffing: a data line that starts with "." was sent as "..".
            reply.data.push(line.strip_prefix('.').unwrap_or(line).to_owned());
            return Ok(None);
        }
        let ok = line.starts_with("+OK");
        if !ok && !line.starts_with("-ERR") {
            return Err(ProbeFailure::ProtocolError { detail: format!("not a POP3 status line: {line:?}") });
        }
        let reply = Reply { ok, text: line.to_owned(), data: Vec::new() };
        if ok && asked == Asked::Capabilities {
            self.multiline = Some(reply);
            return Ok(None);
        }
        Ok(Some(reply))
    }

    fn greeting_status(reply: &Reply) -> GreetingStatus {
        sniff::greeting_status(Some(MailProtocol::Pop3), reply.text.as_bytes())
    }

    fn capabilities(reply: &Reply) -> Vec<String> {
        reply.data.clone()
    }

    fn offers_starttls(capabilities: &[String]) -> bool {
        capabilities.iter().any(|c| c.trim().eq_ignore_ascii_case("STLS"))
    }
}
