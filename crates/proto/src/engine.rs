//! The dialog all three protocols share: greeting, capabilities, optional
//! STARTTLS and capabilities again, goodbye. What differs per protocol (how
//! commands are written, how a reply is framed, what a capability looks
//! like) is a [`Grammar`]; the sequence and its safety rules are here, once.

use std::collections::VecDeque;

use maildoctor_wire::{
    AuthOutcome, CapabilitySet, Direction, Event, GreetingStatus, Login, MailProtocol, ProbeFailure, ReplyCode, Secret,
    Security, Step, Violation, WithheldReason,
};

use crate::sasl::{self, LoginPlan, SecretLine};
use crate::{sniff, Dialog, LineBuffer, LineError, Output};

/// Continuations answered in one login before the server is called hostile
/// (a server that keeps sending `334` would otherwise loop forever).
const MAX_CHALLENGES: usize = 3;

/// Server text one dialog keeps (as transcript lines and as a reply's data
/// lines), counted after escaping, which can make a line six times longer.
/// The rules need the greeting, the capability lines (IMAP's untagged
/// `* CAPABILITY`, POP3's CAPA body, SMTP's EHLO lines) and each command's
/// answer: Dovecot's, Postfix's and Gmail's whole dialogs are under 4 KiB
/// of server text, so 64 KiB is sixteen times that. Data lines past it are
/// still framed (the tagged answer must be found) but neither kept nor
/// shown; a reply's final line is always kept, and there are a handful of
/// replies per dialog, each line capped by the grammar's `MAX_LINE`.
pub(crate) const MAX_KEPT_TEXT: usize = 64 * 1024;

/// What a reply is an answer to, for grammars whose framing depends on it
/// (a POP3 `+OK` to CAPA is followed by lines; to QUIT it is not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Asked {
    Greeting,
    Capabilities,
    Starttls,
    /// A harmless command after a refused STARTTLS that was not offered:
    /// does the server itself want TLS first?
    TlsDemand,
    Login,
    Quit,
}

/// One complete reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reply {
    pub(crate) ok: bool,
    /// A continuation request (IMAP `+`, SMTP `334`): the server wants the
    /// next part of a login, the command is not finished.
    pub(crate) more: bool,
    /// The final status line, as shown to people.
    pub(crate) text: String,
    /// The other lines of the reply (IMAP untagged data, POP3 multi-line
    /// body, SMTP continuation lines).
    pub(crate) data: Vec<String>,
}

pub(crate) trait Grammar {
    const PROTOCOL: MailProtocol;
    /// The longest line accepted before the server is called hostile.
    const MAX_LINE: usize;
    /// The most lines one reply may have.
    const MAX_REPLY_LINES: usize;

    /// The command line (without CRLF) that asks `asked`.
    fn command(&mut self, asked: Asked) -> String;
    /// Takes one line; returns the reply once it is complete. With `keep`
    /// false the dialog's budget of kept text is spent: a data line is
    /// framed but not added to the reply.
    fn line(&mut self, line: &str, asked: Asked, keep: bool) -> Result<Option<Reply>, ProbeFailure>;
    fn greeting_status(reply: &Reply) -> GreetingStatus;
    /// The capability announcement in a successful reply, parsed.
    fn capabilities(reply: &Reply) -> CapabilitySet;
    /// How to log in with what the server offers, or why not.
    fn login(&mut self, capabilities: &CapabilitySet, login: &Login) -> Result<LoginPlan, AuthOutcome>;
    /// The machine-readable part of a reply (`AUTHENTICATIONFAILED`, `535 5.7.8`).
    fn reply_code(reply: &Reply) -> Option<ReplyCode>;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Waiting(Asked),
    AwaitTls,
    Finished,
}

/// A dialog in one of the three protocols; build one with [`crate::dialog_for`].
#[derive(Debug)]
pub(crate) struct Conversation<G> {
    grammar: G,
    security: Security,
    tls_active: bool,
    /// The certificate was verified: the only TLS credentials may cross.
    tls_verified: bool,
    /// Taken (and so dropped) as soon as the login starts.
    login: Option<Login>,
    capabilities: CapabilitySet,
    login_method: String,
    login_username: String,
    answers: std::vec::IntoIter<SecretLine>,
    challenges: usize,
    /// Every form in which the secret could come back (a server that echoes
    /// what it got): removed from all server text.
    scrub: Vec<Secret>,
    lines: LineBuffer,
    out: VecDeque<Output>,
    state: State,
    eof: bool,
    reply_lines: usize,
    /// Bytes of server text kept so far (see [`MAX_KEPT_TEXT`]).
    kept: usize,
    /// The command sent to learn whether the server wants TLS first.
    demand: String,
}

impl<G: Grammar> Conversation<G> {
    pub(crate) fn new(grammar: G, security: Security, tls_verified: bool, login: Option<Login>) -> Self {
        let scrub = login.as_ref().map(sasl::forms).unwrap_or_default();
        Self {
            grammar,
            security,
            tls_active: security == Security::Tls,
            tls_verified: security == Security::Tls && tls_verified,
            login,
            capabilities: CapabilitySet::default(),
            login_method: String::new(),
            login_username: String::new(),
            answers: Vec::new().into_iter(),
            challenges: 0,
            scrub,
            lines: LineBuffer::new(G::MAX_LINE),
            out: VecDeque::new(),
            state: State::Waiting(Asked::Greeting),
            eof: false,
            reply_lines: 0,
            kept: 0,
            demand: String::new(),
        }
    }

    fn ask(&mut self, asked: Asked) {
        let line = self.grammar.command(asked);
        if asked == Asked::TlsDemand {
            self.demand.clone_from(&line);
        }
        self.out.push_back(Output::Event(Event::Line { dir: Direction::Sent, text: line.clone() }));
        self.out.push_back(Output::Write(format!("{line}\r\n").into_bytes()));
        self.state = State::Waiting(asked);
        self.reply_lines = 0;
    }

    fn send_secret(&mut self, mut line: SecretLine) {
        // A digest of the secret (CRAM-MD5, APOP) proves it like the secret does.
        self.scrub.append(&mut line.derived);
        self.scrub.sort_by_key(|form| std::cmp::Reverse(form.expose().len()));
        let shown = std::mem::take(&mut line.shown);
        self.out.push_back(Output::Event(Event::Line { dir: Direction::Sent, text: shown }));
        self.out.push_back(Output::Write(format!("{}\r\n", line.real).into_bytes()));
        self.reply_lines = 0;
    }

    /// Logs in if credentials were given and may be sent; says goodbye either way.
    fn login_or_quit(&mut self) {
        let Some(login) = self.login.take() else {
            return self.ask(Asked::Quit);
        };
        // A plaintext allowance never covers a certificate that failed:
        // where TLS runs, it must verify before a password crosses.
        let withheld = if sasl::unsendable(&login) {
            Some(WithheldReason::UnsendableCharacters)
        } else if self.tls_active && !self.tls_verified {
            Some(WithheldReason::CertificateNotVerified)
        } else if !self.tls_active && !login.allow_plaintext {
            Some(WithheldReason::NotEncrypted)
        } else {
            None
        };
        let username = login.username.clone();
        if let Some(why) = withheld {
            self.emit(Event::Auth {
                method: String::new(),
                username,
                outcome: AuthOutcome::Withheld { why },
                code: None,
                text: String::new(),
            });
            return self.ask(Asked::Quit);
        }
        match self.grammar.login(&self.capabilities, &login) {
            Ok(plan) => {
                self.login_method = plan.method;
                self.login_username = username;
                self.answers = plan.answers.into_iter();
                self.challenges = 0;
                self.state = State::Waiting(Asked::Login);
                self.send_secret(plan.first);
            }
            Err(outcome) => {
                self.emit(Event::Auth { method: String::new(), username, outcome, code: None, text: String::new() });
                self.ask(Asked::Quit);
            }
        }
    }

    fn fail(&mut self, step: Step, reason: ProbeFailure) {
        self.out.push_back(Output::Event(Event::Failed { step, reason }));
        self.state = State::Finished;
    }

    fn emit(&mut self, event: Event) {
        self.out.push_back(Output::Event(event));
    }

    fn on_line(&mut self, raw: &[u8]) {
        let State::Waiting(asked) = self.state else {
            return;
        };
        // Scrubbed before escaping: a secret with a tab or a bidi mark is
        // escaped into another string, which its forms would not match.
        let text = sniff::printable(&sasl::scrubbed(raw, &self.scrub));
        if asked == Asked::Greeting && self.reply_lines == 0 {
            let spoken = sniff::greeting_protocol(raw);
            if spoken != Some(G::PROTOCOL) {
                // Another protocol (or none) answers on this port: say what
                // it is and send it nothing.
                self.emit(Event::Line { dir: Direction::Received, text: text.clone() });
                let status = sniff::greeting_status(spoken, raw);
                self.emit(Event::Greeting { spoken, status, text });
                self.state = State::Finished;
                return;
            }
        }
        self.reply_lines += 1;
        if self.reply_lines > G::MAX_REPLY_LINES {
            self.fail(step_of(asked), ProbeFailure::ResponseTooLarge { limit: G::MAX_REPLY_LINES });
            return;
        }
        let keep = self.kept + text.len() <= MAX_KEPT_TEXT;
        let result = self.grammar.line(&text, asked, keep);
        // A reply's final line is its answer: kept even past the budget.
        if keep || matches!(result, Ok(Some(_))) {
            self.kept += text.len();
            self.emit(Event::Line { dir: Direction::Received, text });
        }
        match result {
            Err(reason) => self.fail(step_of(asked), reason),
            Ok(None) => {}
            Ok(Some(reply)) => self.on_reply(asked, reply),
        }
    }

    fn on_reply(&mut self, asked: Asked, reply: Reply) {
        match asked {
            Asked::Greeting => {
                let status = G::greeting_status(&reply);
                self.emit(Event::Greeting { spoken: Some(G::PROTOCOL), status, text: reply.text });
                match status {
                    GreetingStatus::Ready | GreetingStatus::PreAuthenticated => self.ask(Asked::Capabilities),
                    _ => self.state = State::Finished,
                }
            }
            Asked::Capabilities => {
                let offered = if reply.ok { G::capabilities(&reply) } else { CapabilitySet::default() };
                self.capabilities = offered.clone();
                self.emit(Event::Capabilities { protocol: G::PROTOCOL, tls: self.tls_active, offered });
                // Asked even when not offered: a middlebox may have taken it
                // out of the list and still pass the command (or refuse it
                // itself), and only the answer tells that from a server
                // without TLS. The command is harmless either way.
                if self.security == Security::Starttls && !self.tls_active {
                    self.ask(Asked::Starttls);
                } else if self.security == Security::None
                    && G::PROTOCOL == MailProtocol::Smtp
                    && self.capabilities.starttls
                    && !self.capabilities.offers_sasl()
                {
                    // Submission without encryption that announces no AUTH:
                    // whether the server demands TLS first is seen in its
                    // answer to a harmless command (530 5.7.0), not assumed.
                    self.ask(Asked::TlsDemand);
                } else {
                    self.login_or_quit();
                }
            }
            Asked::Login if reply.more => match self.answers.next() {
                Some(answer) if self.challenges < MAX_CHALLENGES => {
                    self.challenges += 1;
                    self.send_secret(answer.answering(&reply.text));
                }
                _ => self.fail(Step::Login, ProbeFailure::ProtocolError { violation: Violation::EndlessChallenges }),
            },
            Asked::Login => {
                self.answers = Vec::new().into_iter();
                let code = G::reply_code(&reply);
                let outcome = if reply.ok { AuthOutcome::Accepted } else { AuthOutcome::Rejected };
                let method = std::mem::take(&mut self.login_method);
                let username = std::mem::take(&mut self.login_username);
                self.emit(Event::Auth { method, username, outcome, code, text: reply.text });
                self.ask(Asked::Quit);
            }
            Asked::Starttls => {
                self.emit(Event::Starttls { accepted: reply.ok, text: reply.text });
                if !reply.ok && !self.capabilities.starttls && G::PROTOCOL == MailProtocol::Smtp {
                    // Postfix with TLS enforced answers every command but
                    // EHLO, NOOP, STARTTLS and QUIT with 530 5.7.0 before
                    // TLS; RSET changes nothing on a fresh session.
                    self.ask(Asked::TlsDemand);
                } else if !reply.ok {
                    self.login_or_quit();
                } else if !self.lines.pending().is_empty() {
                    // Bytes after the go-ahead, in plaintext, could later be read
                    // as if they came over TLS (CVE-2011-0411, libetpan #386):
                    // drop them and stop.
                    let dropped = self.lines.discard();
                    let violation = Violation::DataAfterStarttls { bytes: dropped };
                    self.fail(Step::Starttls, ProbeFailure::ProtocolError { violation });
                } else {
                    self.state = State::AwaitTls;
                }
            }
            Asked::TlsDemand => {
                let (code, text) = (G::reply_code(&reply), reply.text);
                let command = std::mem::take(&mut self.demand);
                self.emit(Event::PlainCommand { command, code, text });
                self.login_or_quit();
            }
            Asked::Quit => {
                self.emit(Event::Completed { protocol: G::PROTOCOL });
                self.state = State::Finished;
            }
        }
    }
}

fn step_of(asked: Asked) -> Step {
    match asked {
        Asked::Greeting => Step::Greeting,
        Asked::Capabilities => Step::Capabilities,
        Asked::Starttls | Asked::TlsDemand => Step::Starttls,
        Asked::Login => Step::Login,
        Asked::Quit => Step::Logout,
    }
}

impl<G: Grammar> Dialog for Conversation<G> {
    fn feed(&mut self, bytes: &[u8]) {
        self.lines.extend(bytes);
    }

    fn feed_eof(&mut self) {
        self.eof = true;
    }

    fn tls_established(&mut self, verified: bool) {
        if self.state == State::AwaitTls {
            self.tls_active = true;
            self.tls_verified = verified;
            // RFC 3207 §4.2: forget everything learned before TLS and ask again.
            self.ask(Asked::Capabilities);
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
            let asked = match self.state {
                State::Finished => return Output::Done,
                State::AwaitTls => return Output::StartTls,
                State::Waiting(asked) => asked,
            };
            if asked == Asked::Greeting && !self.tls_active && sniff::is_tls_record(self.lines.pending()) {
                self.fail(Step::Greeting, ProbeFailure::TlsOnPlainPort);
                continue;
            }
            match self.lines.next_line() {
                Ok(Some(line)) => self.on_line(&line),
                Ok(None) if self.eof && asked == Asked::Quit => {
                    // Many servers hang up right after their goodbye.
                    self.emit(Event::Completed { protocol: G::PROTOCOL });
                    self.state = State::Finished;
                }
                Ok(None) if self.eof => self.fail(step_of(asked), ProbeFailure::Closed),
                Ok(None) => return Output::NeedInput,
                Err(LineError::TooLong { limit }) => self.fail(step_of(asked), ProbeFailure::LineTooLong { limit }),
            }
        }
    }

    fn step(&self) -> Step {
        match self.state {
            State::Waiting(asked) => step_of(asked),
            State::AwaitTls => Step::Starttls,
            State::Finished => Step::Logout,
        }
    }
}
