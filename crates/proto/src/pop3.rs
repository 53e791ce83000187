//! POP3 (RFC 1939, CAPA and response codes RFC 2449, STLS RFC 2595).

use maildoctor_wire::{
    AuthMechanism, AuthOutcome, CapabilitySet, GreetingStatus, Login, MailProtocol, ProbeFailure, ReplyCode, Secret,
    Violation, WithheldReason,
};

use crate::engine::{Asked, Grammar, Reply};
use crate::imap::bracket_code;
use crate::sasl::{self, LoginPlan, SecretLine, REDACTED};
use crate::sniff;

#[derive(Debug, Default)]
pub(crate) struct Pop3 {
    /// A `+OK` to CAPA, waiting for the lines up to the terminating `.`.
    multiline: Option<Reply>,
    /// USER was sent: its `+OK` asks for PASS rather than ending the login.
    awaiting_pass: bool,
    /// The greeting's `<timestamp>`: the server speaks APOP (RFC 1939 §7).
    apop: Option<String>,
}

/// The APOP timestamp in a greeting: a msg-id, `<...@...>`.
fn apop_timestamp(greeting: &str) -> Option<String> {
    let start = greeting.rfind('<')?;
    let end = start + greeting[start..].find('>')?;
    let stamp = &greeting[start..=end];
    stamp.contains('@').then(|| stamp.to_owned())
}

/// A CAPA list (RFC 2449 §6), parsed: `STLS`, `USER`, `SASL PLAIN LOGIN`.
fn parse_capabilities(lines: &[String]) -> CapabilitySet {
    let mut set = CapabilitySet::default();
    for line in lines {
        let mut words = line.split_ascii_whitespace();
        let keyword = words.next().unwrap_or_default();
        if keyword.eq_ignore_ascii_case("STLS") {
            set.starttls = true;
        } else if keyword.eq_ignore_ascii_case("USER") {
            set.user = true;
        } else if keyword.eq_ignore_ascii_case("SASL") {
            let before = set.mechanisms.len();
            set.mechanisms.extend(words.map(str::to_ascii_uppercase));
            if set.mechanisms.len() == before {
                // A SASL line naming nothing still says how the server takes
                // passwords: by no mechanism that sends one in clear.
                set.other.push("SASL".to_owned());
            }
        } else if !keyword.is_empty() {
            set.other.push(line.trim().to_owned());
        }
    }
    set
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
            // Not asked in POP3: it has no command that tells it.
            Asked::TlsDemand => "NOOP",
            Asked::Login | Asked::Quit => "QUIT",
        }
        .to_owned()
    }

    fn line(&mut self, line: &str, asked: Asked, keep: bool) -> Result<Option<Reply>, ProbeFailure> {
        if asked == Asked::Greeting && line.starts_with("+OK") {
            self.apop = apop_timestamp(line);
        }
        if asked == Asked::Login {
            // RFC 5034: a SASL continuation is "+ " and base64; USER's +OK asks for PASS.
            let continuation = line == "+" || line.starts_with("+ ");
            let user_ok = self.awaiting_pass && line.starts_with("+OK");
            if continuation || user_ok {
                self.awaiting_pass = false;
                return Ok(Some(Reply { ok: true, more: true, text: line.to_owned(), data: Vec::new() }));
            }
            self.awaiting_pass = false;
        }
        if let Some(reply) = &mut self.multiline {
            if line == "." {
                return Ok(self.multiline.take());
            }
            // Byte-stuffing: a data line that starts with "." was sent as "..".
            if keep {
                reply.data.push(line.strip_prefix('.').unwrap_or(line).to_owned());
            }
            return Ok(None);
        }
        let ok = line.starts_with("+OK");
        if !ok && !line.starts_with("-ERR") {
            return Err(ProbeFailure::ProtocolError { violation: Violation::NotAReply { line: line.to_owned() } });
        }
        let reply = Reply { ok, more: false, text: line.to_owned(), data: Vec::new() };
        if ok && asked == Asked::Capabilities {
            self.multiline = Some(reply);
            return Ok(None);
        }
        Ok(Some(reply))
    }

    fn greeting_status(reply: &Reply) -> GreetingStatus {
        sniff::greeting_status(Some(MailProtocol::Pop3), reply.text.as_bytes())
    }

    fn capabilities(reply: &Reply) -> CapabilitySet {
        parse_capabilities(&reply.data)
    }

    fn login(&mut self, caps: &CapabilitySet, login: &Login) -> Result<LoginPlan, AuthOutcome> {
        let offers = |m: AuthMechanism| caps.offers(m.sasl_name());
        // A server without CAPA still speaks USER/PASS (RFC 1939).
        let user_pass = caps.is_empty() || caps.user;
        // A SASL list (even an empty one) without PLAIN or LOGIN: the server
        // takes no password in clear, and a USER line beside it is only a
        // courtesy (Dovecot 2.3 lists USER on every TLS connection, then
        // refuses PASS when PLAIN is off). Then, and only then, the
        // challenge-response logins an app must be set to: CRAM-MD5, APOP.
        let named_sasl = caps.offers_sasl() || caps.has("SASL");
        let clear_refused = named_sasl && !offers(AuthMechanism::Plain) && !offers(AuthMechanism::Login);
        if login.mechanism.is_none() && !offers(AuthMechanism::Plain) && (!user_pass || clear_refused) {
            if caps.offers(sasl::CRAM_MD5) {
                return Ok(sasl::cram_md5_plan(format!("AUTH {}", sasl::CRAM_MD5), login));
            }
            if let Some(timestamp) = &self.apop {
                let digest = sasl::apop_digest(timestamp, login.secret.expose());
                let user = &login.username;
                let mut first = SecretLine::new(format!("APOP {user} {digest}"), format!("APOP {user} {REDACTED}"));
                first.derived = vec![Secret::new(digest)];
                return Ok(LoginPlan { method: "APOP".into(), first, answers: Vec::new() });
            }
        }
        let mechanism = match sasl::choose(login.mechanism, offers) {
            Some(wanted) if offers(wanted) => Some(wanted),
            Some(AuthMechanism::Login) if user_pass => None,
            Some(wanted) => {
                let why = WithheldReason::MechanismNotOffered {
                    wanted: wanted.sasl_name().into(),
                    offered: caps.mechanisms.clone(),
                };
                return Err(AuthOutcome::Withheld { why });
            }
            None if offers(AuthMechanism::Plain) => Some(AuthMechanism::Plain),
            None if user_pass => None,
            None if caps.offers_sasl() => {
                let offered = caps.mechanisms.clone();
                return Err(AuthOutcome::Withheld { why: WithheldReason::MechanismsUnsupported { offered } });
            }
            None => return Err(AuthOutcome::NotOffered),
        };
        Ok(match mechanism {
            None => {
                self.awaiting_pass = true;
                LoginPlan {
                    method: "USER".into(),
                    first: SecretLine::new(format!("USER {}", login.username), format!("USER {}", login.username)),
                    answers: vec![SecretLine::new(
                        format!("PASS {}", login.secret.expose()),
                        format!("PASS {REDACTED}"),
                    )],
                }
            }
            Some(AuthMechanism::Login) => LoginPlan {
                method: "LOGIN".into(),
                first: SecretLine::new("AUTH LOGIN".into(), "AUTH LOGIN"),
                answers: vec![
                    SecretLine::new(sasl::base64(login.username.as_bytes()), REDACTED),
                    SecretLine::new(sasl::base64(login.secret.expose().as_bytes()), REDACTED),
                ],
            },
            Some(mechanism) => {
                let (initial, after_failure) = sasl::initial_response(mechanism, login).unwrap_or_default();
                let name = mechanism.sasl_name();
                LoginPlan {
                    method: name.into(),
                    first: SecretLine::new(format!("AUTH {name} {initial}"), format!("AUTH {name} {REDACTED}")),
                    // Bearer mechanisms answer a failure with a JSON challenge that wants one more answer.
                    answers: vec![after_failure],
                }
            }
        })
    }

    fn reply_code(reply: &Reply) -> Option<ReplyCode> {
        bracket_code(&reply.text).map(|code| ReplyCode::Pop3 { code })
    }
}
