//! SMTP submission (RFC 5321 replies, RFC 3207 STARTTLS). Only EHLO,
//! STARTTLS and QUIT: never MAIL, RCPT or DATA.

use maildoctor_wire::{
    AuthMechanism, AuthOutcome, CapabilitySet, EnhancedStatus, GreetingStatus, Login, MailProtocol, ProbeFailure,
    ReplyCode, Violation, WithheldReason,
};

use crate::engine::{Asked, Grammar, Reply};
use crate::sasl::{self, LoginPlan, SecretLine, REDACTED};

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
            Asked::TlsDemand => "RSET".to_owned(),
            Asked::Login | Asked::Quit => "QUIT".to_owned(),
        }
    }

    fn line(&mut self, line: &str, _asked: Asked, keep: bool) -> Result<Option<Reply>, ProbeFailure> {
        let Some((code, more, text)) = reply_line(line) else {
            let violation = Violation::NotAReply { line: line.to_owned() };
            return Err(ProbeFailure::ProtocolError { violation });
        };
        if let Some(first) = self.code.filter(|first| *first != code) {
            return Err(ProbeFailure::ProtocolError {
                violation: Violation::ReplyCodeChanged { from: first, to: code },
            });
        }
        self.code = Some(code);
        // The last line is the answer's own; a continuation past the
        // dialog's budget is framed and forgotten.
        if keep || !more {
            self.lines.push(text.to_owned());
        }
        if more {
            return Ok(None);
        }
        self.code = None;
        let data = std::mem::take(&mut self.lines);
        Ok(Some(Reply { ok: code < 400, more: code == 334, text: format!("{code} {}", data.join(" / ")), data }))
    }

    fn greeting_status(reply: &Reply) -> GreetingStatus {
        match reply.text.as_bytes().first() {
            Some(b'2') => GreetingStatus::Ready,
            Some(b'4') => GreetingStatus::Unavailable,
            _ => GreetingStatus::Rejected,
        }
    }

    fn capabilities(reply: &Reply) -> CapabilitySet {
        let mut set = CapabilitySet::default();
        // The first line of an EHLO reply is the server's name, not a capability.
        for line in reply.data.iter().skip(1) {
            let keyword = line.split_ascii_whitespace().next().unwrap_or_default();
            // "AUTH PLAIN LOGIN", or the pre-standard "AUTH=PLAIN LOGIN".
            let auth = line.strip_prefix("AUTH").filter(|rest| rest.starts_with([' ', '=']));
            if keyword.eq_ignore_ascii_case("STARTTLS") {
                set.starttls = true;
            } else if let Some(rest) = auth {
                for mechanism in rest[1..].split_ascii_whitespace().map(str::to_ascii_uppercase) {
                    if !set.mechanisms.contains(&mechanism) {
                        set.mechanisms.push(mechanism);
                    }
                }
            } else {
                set.other.push(line.clone());
            }
        }
        set
    }

    fn login(&mut self, caps: &CapabilitySet, login: &Login) -> Result<LoginPlan, AuthOutcome> {
        let offered = &caps.mechanisms;
        if offered.is_empty() {
            return Err(AuthOutcome::NotOffered);
        }
        let offers = |m: AuthMechanism| offered.iter().any(|o| o == m.sasl_name());
        let mechanism = match sasl::choose(login.mechanism, offers) {
            Some(wanted) if offers(wanted) => wanted,
            Some(wanted) => {
                let why = WithheldReason::MechanismNotOffered {
                    wanted: wanted.sasl_name().into(),
                    offered: caps.mechanisms.clone(),
                };
                return Err(AuthOutcome::Withheld { why });
            }
            None if offers(AuthMechanism::Plain) => AuthMechanism::Plain,
            None if offers(AuthMechanism::Login) => AuthMechanism::Login,
            None if offered.iter().any(|o| o == sasl::CRAM_MD5) => {
                return Ok(sasl::cram_md5_plan(format!("AUTH {}", sasl::CRAM_MD5), login));
            }
            None => {
                return Err(AuthOutcome::Withheld {
                    why: WithheldReason::MechanismsUnsupported { offered: offered.clone() },
                })
            }
        };
        let name = mechanism.sasl_name();
        Ok(match mechanism {
            AuthMechanism::Login => LoginPlan {
                method: name.into(),
                first: SecretLine::new("AUTH LOGIN".into(), "AUTH LOGIN"),
                answers: vec![
                    SecretLine::new(sasl::base64(login.username.as_bytes()), REDACTED),
                    SecretLine::new(sasl::base64(login.secret.expose().as_bytes()), REDACTED),
                ],
            },
            AuthMechanism::Plain | AuthMechanism::Xoauth2 | AuthMechanism::Oauthbearer => {
                let (initial, after_failure) = sasl::initial_response(mechanism, login).unwrap_or_default();
                LoginPlan {
                    method: name.into(),
                    first: SecretLine::new(format!("AUTH {name} {initial}"), format!("AUTH {name} {REDACTED}")),
                    // Bearer failures come as a 334 JSON challenge that wants one more answer.
                    answers: vec![after_failure],
                }
            }
        })
    }

    fn reply_code(reply: &Reply) -> Option<ReplyCode> {
        let basic = reply.text.get(..3)?.parse::<u16>().ok()?;
        let enhanced =
            reply.text.get(4..).and_then(|rest| rest.split_ascii_whitespace().next()).and_then(EnhancedStatus::parse);
        Some(ReplyCode::Smtp { basic, enhanced })
    }
}
