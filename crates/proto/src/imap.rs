//! IMAP4 (RFC 9051, RFC 3501): tagged commands, untagged data, `* OK` greeting.

use maildoctor_wire::{GreetingStatus, MailProtocol, ProbeFailure};

use crate::engine::{Asked, Grammar, Reply};
use crate::sniff;

#[derive(Debug, Default)]
pub(crate) struct Imap {
    next_tag: u32,
    tag: String,
    untagged: Vec<String>,
}

impl Grammar for Imap {
    const PROTOCOL: MailProtocol = MailProtocol::Imap;
    /// RFC 7162 §4 asks clients to accept lines of 8192 octets.
    const MAX_LINE: usize = 8192;
    const MAX_REPLY_LINES: usize = 256;

    fn command(&mut self, asked: Asked) -> String {
        self.next_tag += 1;
        self.tag = format!("a{}", self.next_tag);
        self.untagged.clear();
        let verb = match asked {
            Asked::Greeting | Asked::Capabilities => "CAPABILITY",
            Asked::Starttls => "STARTTLS",
            Asked::Quit => "LOGOUT",
        };
        format!("{} {verb}", self.tag)
    }

    fn line(&mut self, line: &str, asked: Asked) -> Result<Option<Reply>, ProbeFailure> {
        if asked == Asked::Greeting {
            let ok = line.starts_with("* OK") || line.starts_with("* PREAUTH");
            return Ok(Some(Reply { ok, text: line.to_owned(), data: Vec::new() }));
        }
        let tagged = line.strip_prefix(self.tag.as_str()).and_then(|rest| rest.strip_prefix(' '));
        match tagged {
            Some(rest) => {
                let ok = rest.split(' ').next().is_some_and(|word| word.eq_ignore_ascii_case("OK"));
                Ok(Some(Reply { ok, text: line.to_owned(), data: std::mem::take(&mut self.untagged) }))
            }
            None => {
                self.untagged.push(line.to_owned());
                Ok(None)
            }
        }
    }

    fn greeting_status(reply: &Reply) -> GreetingStatus {
        sniff::greeting_status(Some(MailProtocol::Imap), reply.text.as_bytes())
    }

    fn capabilities(reply: &Reply) -> Vec<String> {
        reply
            .data
            .iter()
            .filter_map(|line| line.strip_prefix("* CAPABILITY "))
            .flat_map(|caps| caps.split_ascii_whitespace().map(str::to_owned))
            .collect()
    }

    fn offers_starttls(capabilities: &[String]) -> bool {
        capabilities.iter().any(|c| c.eq_ignore_ascii_case("STARTTLS"))
    }
}
