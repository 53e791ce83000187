//! IMAP4 (RFC 9051, RFC 3501): tagged commands, untagged data, `* OK` greeting.

use maildoctor_wire::{
    AuthMechanism, AuthOutcome, CapabilitySet, GreetingStatus, Login, MailProtocol, ProbeFailure, ReplyCode,
    WithheldReason,
};

use crate::engine::{Asked, Grammar, Reply};
use crate::sasl::{self, LoginPlan, SecretLine, REDACTED};
use crate::sniff;

#[derive(Debug, Default)]
pub(crate) struct Imap {
    next_tag: u32,
    tag: String,
    untagged: Vec<String>,
}

impl Imap {
    fn next_tag(&mut self) -> String {
        self.next_tag += 1;
        self.tag = format!("a{}", self.next_tag);
        self.untagged.clear();
        self.tag.clone()
    }
}

/// An IMAP astring for LOGIN: a quoted string when the text allows one, or
/// a non-synchronizing literal (RFC 7888) when the server accepts those.
fn astring(text: &str, literal_plus: bool) -> Option<String> {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Some(format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")));
    }
    literal_plus.then(|| format!("{{{}+}}\r\n{text}", text.len()))
}

/// An IMAP CAPABILITY list (RFC 3501 §7.2.1), parsed.
fn parse_capabilities(words: impl Iterator<Item = String>) -> CapabilitySet {
    let mut set = CapabilitySet::default();
    for word in words {
        if word.eq_ignore_ascii_case("STARTTLS") {
            set.starttls = true;
        } else if word.eq_ignore_ascii_case("LOGINDISABLED") {
            set.login_disabled = true;
        } else if word.len() > 5 && word[..5].eq_ignore_ascii_case("AUTH=") {
            set.mechanisms.push(word[5..].to_ascii_uppercase());
        } else {
            set.other.push(word);
        }
    }
    set
}

impl Grammar for Imap {
    const PROTOCOL: MailProtocol = MailProtocol::Imap;
    /// RFC 7162 §4 asks clients to accept lines of 8192 octets.
    const MAX_LINE: usize = 8192;
    const MAX_REPLY_LINES: usize = 256;

    fn command(&mut self, asked: Asked) -> String {
        let tag = self.next_tag();
        let verb = match asked {
            Asked::Greeting | Asked::Capabilities | Asked::Login => "CAPABILITY",
            Asked::Starttls => "STARTTLS",
            // Not asked in IMAP: LOGINDISABLED already says it.
            Asked::TlsDemand => "NOOP",
            Asked::Quit => "LOGOUT",
        };
        format!("{tag} {verb}")
    }

    fn line(&mut self, line: &str, asked: Asked, keep: bool) -> Result<Option<Reply>, ProbeFailure> {
        if asked == Asked::Greeting {
            let ok = line.starts_with("* OK") || line.starts_with("* PREAUTH");
            return Ok(Some(Reply { ok, more: false, text: line.to_owned(), data: Vec::new() }));
        }
        if asked == Asked::Login && line.starts_with('+') {
            return Ok(Some(Reply { ok: true, more: true, text: line.to_owned(), data: Vec::new() }));
        }
        // RFC 3501 §7.1.5: a BYE says the server is closing the connection;
        // during a login it is the answer (Dovecot's "[UNAVAILABLE] Internal
        // error", Courier's "IMAP access disabled for this account"), and
        // the tagged reply that would follow never comes.
        if asked == Asked::Login && line.starts_with("* BYE") {
            return Ok(Some(Reply {
                ok: false,
                more: false,
                text: line.to_owned(),
                data: std::mem::take(&mut self.untagged),
            }));
        }
        let tagged = line.strip_prefix(self.tag.as_str()).and_then(|rest| rest.strip_prefix(' '));
        match tagged {
            Some(rest) => {
                let ok = rest.split(' ').next().is_some_and(|word| word.eq_ignore_ascii_case("OK"));
                Ok(Some(Reply { ok, more: false, text: line.to_owned(), data: std::mem::take(&mut self.untagged) }))
            }
            None => {
                if keep {
                    self.untagged.push(line.to_owned());
                }
                Ok(None)
            }
        }
    }

    fn greeting_status(reply: &Reply) -> GreetingStatus {
        sniff::greeting_status(Some(MailProtocol::Imap), reply.text.as_bytes())
    }

    fn capabilities(reply: &Reply) -> CapabilitySet {
        parse_capabilities(
            reply
                .data
                .iter()
                .filter_map(|line| line.strip_prefix("* CAPABILITY "))
                .flat_map(|caps| caps.split_ascii_whitespace().map(str::to_owned)),
        )
    }

    fn login(&mut self, caps: &CapabilitySet, login: &Login) -> Result<LoginPlan, AuthOutcome> {
        let offers = |mechanism: AuthMechanism| caps.offers(mechanism.sasl_name());
        let mechanism = match sasl::choose(login.mechanism, offers) {
            Some(wanted) if offers(wanted) => Some(wanted),
            // LOGIN is also IMAP's own command, allowed unless LOGINDISABLED.
            Some(AuthMechanism::Login) => None,
            Some(wanted) => {
                let why = WithheldReason::MechanismNotOffered {
                    wanted: wanted.sasl_name().into(),
                    offered: caps.mechanisms.clone(),
                };
                return Err(AuthOutcome::Withheld { why });
            }
            None if offers(AuthMechanism::Plain) => Some(AuthMechanism::Plain),
            None => None,
        };
        let tag = self.next_tag();
        let Some(mechanism) = mechanism else {
            // LOGINDISABLED over TLS with CRAM-MD5: the server takes no
            // password in clear at all (Dovecot without PLAIN and LOGIN).
            if caps.login_disabled && caps.offers(sasl::CRAM_MD5) {
                return Ok(sasl::cram_md5_plan(format!("{tag} AUTHENTICATE {}", sasl::CRAM_MD5), login));
            }
            if caps.login_disabled {
                // Only mechanisms maildoctor cannot speak (GSSAPI, NTLM) is not "no login at all".
                return Err(if caps.offers_sasl() {
                    AuthOutcome::Withheld {
                        why: WithheldReason::MechanismsUnsupported { offered: caps.mechanisms.clone() },
                    }
                } else {
                    AuthOutcome::NotOffered
                });
            }
            let literal_plus = caps.has("LITERAL+") || caps.has("LITERAL-");
            let (Some(user), Some(pass)) =
                (astring(&login.username, literal_plus), astring(login.secret.expose(), literal_plus))
            else {
                return Err(AuthOutcome::Withheld { why: WithheldReason::NeedsLiteral });
            };
            let shown_user = astring(&login.username, literal_plus).unwrap_or_default();
            return Ok(LoginPlan {
                method: "LOGIN".into(),
                first: SecretLine::new(
                    format!("{tag} LOGIN {user} {pass}"),
                    format!("{tag} LOGIN {shown_user} {REDACTED}"),
                ),
                answers: Vec::new(),
            });
        };
        let name = mechanism.sasl_name();
        let (initial, answers) = match mechanism {
            AuthMechanism::Plain => (sasl::plain(login), Vec::new()),
            AuthMechanism::Xoauth2 | AuthMechanism::Oauthbearer => {
                let (initial, after_failure) = sasl::initial_response(mechanism, login).unwrap_or_default();
                (initial, vec![after_failure])
            }
            AuthMechanism::Login => {
                let user = sasl::base64(login.username.as_bytes());
                let pass = sasl::base64(login.secret.expose().as_bytes());
                return Ok(LoginPlan {
                    method: name.into(),
                    first: SecretLine::new(format!("{tag} AUTHENTICATE LOGIN"), format!("{tag} AUTHENTICATE LOGIN")),
                    answers: vec![SecretLine::new(user.clone(), user), SecretLine::new(pass, REDACTED)],
                });
            }
        };
        // SASL-IR (RFC 4959) saves a round trip; without it the response
        // follows the server's empty challenge.
        let (first, answers) = if caps.has("SASL-IR") {
            (
                SecretLine::new(
                    format!("{tag} AUTHENTICATE {name} {initial}"),
                    format!("{tag} AUTHENTICATE {name} {REDACTED}"),
                ),
                answers,
            )
        } else {
            let mut all = vec![SecretLine::new(initial, REDACTED)];
            all.extend(answers);
            (SecretLine::new(format!("{tag} AUTHENTICATE {name}"), format!("{tag} AUTHENTICATE {name}")), all)
        };
        Ok(LoginPlan { method: name.into(), first, answers })
    }

    fn reply_code(reply: &Reply) -> Option<ReplyCode> {
        bracket_code(&reply.text).map(|code| ReplyCode::Imap { code })
    }
}

pub(crate) use crate::sniff::bracket_code;
