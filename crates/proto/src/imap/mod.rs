//! IMAP4 (RFC 9051 / RFC 3501) client dialog: greeting, CAPABILITY, STARTTLS,
//! LOGOUT.

use std::collections::VecDeque;

use maildoctor_wire::{
    Direction, Event, GreetingStatus, MailProtocol, ProbeFailure, Security, Step,
};

use crate::{sniff, Dialog, LineBuffer, LineError, Output};

/// RFC 7162 §4 asks clients to accept lines of 8192 octets.
pub const MAX_LINE: usize = 8192;
/// Untagged lines tolerated in one response before the server is called hostile.
pub const MAX_RESPONSE_LINES: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Greeting,
    Capability { tag: String, list: Vec<String> },
    Starttls { tag: String },
    AwaitTls,
    Logout { tag: String },
    Finished,
}

#[derive(Debug)]
pub struct ImapDialog {
    security: Security,
    tls_active: bool,
    lines: LineBuffer,
    out: VecDeque<Output>,
    state: State,
    next_tag: u32,
    eof: bool,
    response_lines: usize,
}

impl ImapDialog {
    pub fn new(security: Security) -> Self {
        Self {
            security,
            tls_active: security == Security::Tls,
            lines: LineBuffer::new(MAX_LINE),
            out: VecDeque::new(),
            state: State::Greeting,
            next_tag: 0,
            eof: false,
            response_lines: 0,
        }
    }

    fn send(&mut self, command: &str) -> String {
        self.next_tag += 1;
        let tag = format!("a{}", self.next_tag);
        let line = format!("{tag} {command}");
        self.out.push_back(Output::Event(Event::Line {
            dir: Direction::Sent,
            text: line.clone(),
        }));
        self.out
            .push_back(Output::Write(format!("{line}\r\n").into_bytes()));
        self.response_lines = 0;
        tag
    }

    fn fail(&mut self, reason: ProbeFailure) {
        self.fail_at(self.step(), reason);
    }

    fn fail_at(&mut self, step: Step, reason: ProbeFailure) {
        self.out
            .push_back(Output::Event(Event::Failed { step, reason }));
        self.state = State::Finished;
    }

    fn logout(&mut self) {
        let tag = self.send("LOGOUT");
        self.state = State::Logout { tag };
    }

    fn capability(&mut self) {
        let tag = self.send("CAPABILITY");
        self.state = State::Capability {
            tag,
            list: Vec::new(),
        };
    }

    fn on_line(&mut self, line: &[u8]) {
        let text = sniff::printable(line);
        self.out.push_back(Output::Event(Event::Line {
            dir: Direction::Received,
            text: text.clone(),
        }));
        self.response_lines += 1;
        if self.response_lines > MAX_RESPONSE_LINES {
            self.fail(ProbeFailure::ResponseTooLarge {
                limit: MAX_RESPONSE_LINES,
            });
            return;
        }
        match std::mem::replace(&mut self.state, State::Finished) {
            State::Greeting => self.on_greeting(line, text),
            State::Capability { tag, mut list } => match tagged_status(line, &tag) {
                None => {
                    if let Some(caps) = text.strip_prefix("* CAPABILITY ") {
                        list.extend(caps.split_ascii_whitespace().map(str::to_owned));
                    }
                    self.state = State::Capability { tag, list };
                }
                Some(_) => {
                    self.out.push_back(Output::Event(Event::Capabilities {
                        protocol: MailProtocol::Imap,
                        tls: self.tls_active,
                        list: list.clone(),
                    }));
                    let offers_starttls = list.iter().any(|c| c.eq_ignore_ascii_case("STARTTLS"));
                    if self.security == Security::Starttls && !self.tls_active && offers_starttls {
                        let tag = self.send("STARTTLS");
                        self.state = State::Starttls { tag };
                    } else {
                        self.logout();
                    }
                }
            },
            State::Starttls { tag } => match tagged_status(line, &tag) {
                None => self.state = State::Starttls { tag },
                Some(status) => {
                    let accepted = status == "OK";
                    self.out
                        .push_back(Output::Event(Event::Starttls { accepted, text }));
                    if !accepted {
                        self.logout();
                    } else if !self.lines.pending().is_empty() {
                        // Bytes after the OK in plaintext could be read later as if
                        // they came over TLS (the STARTTLS injection of CVE-2011-0411
                        // and libetpan #386). Drop them and stop.
                        let dropped = self.lines.discard();
                        self.fail_at(
                            Step::Starttls,
                            ProbeFailure::ProtocolError {
                                detail: format!(
                                    "the server sent {dropped} bytes after accepting STARTTLS; \
                                 they were discarded and the connection closed"
                                ),
                            },
                        );
                    } else {
                        self.state = State::AwaitTls;
                        self.out.push_back(Output::StartTls);
                    }
                }
            },
            State::Logout { tag } => {
                if tagged_status(line, &tag).is_some() {
                    self.out.push_back(Output::Event(Event::Completed {
                        protocol: MailProtocol::Imap,
                    }));
                } else {
                    self.state = State::Logout { tag };
                }
            }
            State::AwaitTls | State::Finished => {}
        }
    }

    fn on_greeting(&mut self, line: &[u8], text: String) {
        let spoken = sniff::greeting_protocol(line);
        let status = match spoken {
            Some(MailProtocol::Imap) if line.starts_with(b"* OK") => GreetingStatus::Ready,
            Some(MailProtocol::Imap) if line.starts_with(b"* PREAUTH") => {
                GreetingStatus::PreAuthenticated
            }
            Some(MailProtocol::Imap) => GreetingStatus::Unavailable,
            Some(MailProtocol::Smtp) if line.starts_with(b"2") => GreetingStatus::Ready,
            Some(MailProtocol::Smtp) if line.starts_with(b"4") => GreetingStatus::Unavailable,
            Some(MailProtocol::Smtp) => GreetingStatus::Rejected,
            Some(MailProtocol::Pop3) if line.starts_with(b"+OK") => GreetingStatus::Ready,
            Some(MailProtocol::Pop3) => GreetingStatus::Rejected,
            None => GreetingStatus::Unrecognized,
        };
        self.out.push_back(Output::Event(Event::Greeting {
            spoken,
            status,
            text,
        }));
        match (spoken, status) {
            (
                Some(MailProtocol::Imap),
                GreetingStatus::Ready | GreetingStatus::PreAuthenticated,
            ) => self.capability(),
            // Another protocol, a BYE, or noise: nothing more to learn here.
            _ => self.state = State::Finished,
        }
    }
}

/// The status word (`OK`, `NO`, `BAD`) if `line` is the tagged answer to `tag`.
fn tagged_status(line: &[u8], tag: &str) -> Option<String> {
    let rest = line.strip_prefix(tag.as_bytes())?.strip_prefix(b" ")?;
    let word = rest.split(|&b| b == b' ').next().unwrap_or_default();
    Some(String::from_utf8_lossy(word).to_ascii_uppercase())
}

impl Dialog for ImapDialog {
    fn feed(&mut self, bytes: &[u8]) {
        self.lines.extend(bytes);
    }

    fn feed_eof(&mut self) {
        self.eof = true;
    }

    fn tls_established(&mut self) {
        if self.state == State::AwaitTls {
            self.tls_active = true;
            self.capability();
        }
    }

    fn tls_failed(&mut self) {
        self.state = State::Finished;
    }

    fn poll(&mut self) -> Output {
        loop {
            if let Some(output) = self.out.pop_front() {
                return output;
            }
            match self.state {
                State::Finished => return Output::Done,
                State::AwaitTls => return Output::StartTls,
                _ => {}
            }
            if self.state == State::Greeting
                && !self.tls_active
                && sniff::is_tls_record(self.lines.peek())
            {
                self.fail(ProbeFailure::TlsOnPlainPort);
                continue;
            }
            match self.lines.next_line() {
                Ok(Some(line)) => self.on_line(&line),
                Ok(None) if self.eof => {
                    if matches!(self.state, State::Logout { .. }) {
                        // Many servers close right after BYE without the tagged OK.
                        self.out.push_back(Output::Event(Event::Completed {
                            protocol: MailProtocol::Imap,
                        }));
                        self.state = State::Finished;
                    } else {
                        self.fail(ProbeFailure::Closed);
                    }
                }
                Ok(None) => return Output::NeedInput,
                Err(LineError::TooLong { limit }) => self.fail(ProbeFailure::LineTooLong { limit }),
            }
        }
    }

    fn step(&self) -> Step {
        match self.state {
            State::Greeting => Step::Greeting,
            State::Capability { .. } => Step::Capabilities,
            State::Starttls { .. } | State::AwaitTls => Step::Starttls,
            State::Logout { .. } | State::Finished => Step::Logout,
        }
    }
}

#[cfg(test)]
mod tests;
