//! The mail protocol before the login: the greeting, the capabilities
//! announced before TLS, and STARTTLS; and what a stopped step means.

use core::ops::ControlFlow::{Break, Continue};

use maildoctor_wire::{
    CapabilitySet, EnhancedStatus, GreetingStatus, MailProtocol, ProbeFailure, ReplyCode, Security, Step as DialogStep,
    TlsResult,
};

use super::Step;
use crate::cause::{usual_security, Cause};
use crate::item::Item;
use crate::observe::Observation;
use crate::{messages, Endpoint};

/// Stops at `step` if the probe stopped there. A TLS hello sent on the
/// side while the greeting was awaited is part of the proof.
fn stopped(seen: &Observation<'_>, step: DialogStep) -> Step {
    match seen.failed_at(step) {
        Some(failed) => {
            let mut item = Item::new(step_failure(seen.endpoint, step, failed.what)).at(seen.endpoint).proof(failed);
            if let Some(probe) = seen.tls_probe.filter(|_| step == DialogStep::Greeting) {
                item = item.proof(probe);
            }
            Break(item)
        }
        None => Continue(()),
    }
}

pub(super) fn greeting(seen: &Observation<'_>, _: &mut Vec<Item>) -> Step {
    let ep = seen.endpoint;
    if let Some(greeting) = seen.greeting {
        let what = greeting.what;
        let cause = if what.spoken != Some(ep.protocol) {
            if what.spoken.is_none() && what.text.starts_with("HTTP/") {
                Some(Cause::WebAnswer { said: what.text.chars().take(40).collect() })
            } else {
                Some(Cause::ProtocolMismatch { spoken: what.spoken })
            }
        } else {
            // A refusing greeting is read by meaning too: "too many
            // connections from your address" is not "you are blocked".
            let said = what.text.to_owned();
            match what.status {
                GreetingStatus::Unavailable | GreetingStatus::Rejected
                    if messages::lookup(None, what.text).is_some() =>
                {
                    messages::lookup(None, what.text).map(|refusal| Cause::Known { refusal, said })
                }
                GreetingStatus::Unavailable => Some(Cause::ServerUnavailable { said }),
                GreetingStatus::Rejected => Some(Cause::ClientBlocked { said }),
                GreetingStatus::Ready | GreetingStatus::PreAuthenticated | GreetingStatus::Unrecognized => None,
            }
        };
        if let Some(cause) = cause {
            return Break(Item::new(cause).at(ep).proof(greeting));
        }
    }
    stopped(seen, DialogStep::Greeting)
}

/// An extension blanked out by a mail-inspecting firewall: STARTTLS becomes
/// "XXXXXXXA" (Cisco PIX/ASA), other keywords runs of X.
fn masked(capability: &str) -> bool {
    let word = capability.split(' ').next().unwrap_or_default();
    let body = word.strip_suffix(|c: char| c.is_ascii_uppercase() && c != 'X').unwrap_or(word);
    body.len() >= 3 && body.bytes().all(|b| b == b'X')
}

/// The server says, before TLS, that it will not take a login yet: IMAP's
/// LOGINDISABLED (RFC 3501 §6.2.3); a POP3 server offering STLS but neither
/// USER nor a SASL mechanism; submission that offers STARTTLS and no AUTH
/// yet (port 25 is left out by the caller: MX servers look so too).
fn refuses_login_before_tls(protocol: MailProtocol, caps: &CapabilitySet) -> bool {
    match protocol {
        MailProtocol::Imap => caps.login_disabled,
        MailProtocol::Pop3 => caps.starttls && !caps.user && !caps.offers_sasl(),
        MailProtocol::Smtp => caps.starttls && !caps.offers_sasl(),
    }
}

pub(super) fn plain_capabilities(seen: &Observation<'_>, notes: &mut Vec<Item>) -> Step {
    let ep = seen.endpoint;
    if let Some(caps) = seen.caps_plain {
        let offered = caps.what;
        let blanked: Vec<String> = offered.other.iter().filter(|c| masked(c)).cloned().collect();
        if !blanked.is_empty() {
            let hides_starttls = ep.security == Security::Starttls;
            let item = Item::new(Cause::EsmtpInspection { masked: blanked, hides_starttls }).at(ep).proof(caps);
            if hides_starttls {
                return Break(item);
            }
            notes.push(item);
        }
        if ep.security == Security::Starttls && !offered.starttls {
            return Break(not_offered(seen, offered).at(ep).proof(caps));
        }
        let cause = match ep.security {
            Security::None
                if ep.protocol == MailProtocol::Smtp
                    && ep.port != 25
                    && refuses_login_before_tls(ep.protocol, offered) =>
            {
                Some(Cause::StarttlsRequiredForLogin)
            }
            Security::None if ep.protocol != MailProtocol::Smtp && refuses_login_before_tls(ep.protocol, offered) => {
                Some(Cause::LoginNeedsTls)
            }
            _ => None,
        };
        if let Some(cause) = cause {
            let mut item = Item::new(cause).at(ep).proof(caps);
            // The server's own "530 Must issue a STARTTLS command first", where it was asked.
            if let Some(demand) = seen.plain_command.filter(|reply| wants_tls_first(reply.what.0, reply.what.1)) {
                item = item.proof(demand);
            }
            return Break(item);
        }
    }
    stopped(seen, DialogStep::Capabilities)
}

/// STARTTLS missing from the capabilities, and asked anyway (the dialog
/// does): accepted, with a working handshake, means something on the path
/// hides it from mail apps (they then refuse, or send in clear); refused
/// while the server itself wants TLS first (SMTP's `530 5.7.0` to RSET,
/// IMAP's LOGINDISABLED) means something on the path blocks it; refused
/// otherwise, the server has no STARTTLS (its own configuration).
fn not_offered(seen: &Observation<'_>, offered: &CapabilitySet) -> Item {
    let Some(answer) = seen.starttls else { return Item::new(Cause::StarttlsNotOffered) };
    let said = answer.what.1.to_owned();
    let handshake = seen.tls.is_some_and(|tls| matches!(tls.what, TlsResult::Established { .. }));
    if answer.what.0 && handshake {
        return Item::new(Cause::StarttlsHidden { said }).proof(answer);
    }
    if answer.what.0 {
        return Item::new(Cause::StarttlsNotOffered).proof(answer);
    }
    if seen.endpoint.protocol == MailProtocol::Imap && offered.login_disabled {
        return Item::new(Cause::StarttlsBlocked { said, demand: "LOGINDISABLED".into() }).proof(answer);
    }
    match seen.plain_command.filter(|reply| wants_tls_first(reply.what.0, reply.what.1)) {
        Some(reply) => {
            let demand = reply.what.1.to_owned();
            Item::new(Cause::StarttlsBlocked { said, demand }).proof(answer).proof(reply)
        }
        None => Item::new(Cause::StarttlsNotOffered).proof(answer),
    }
}

/// A server's refusal to go on without TLS: `530` with `5.7.0` ("Must
/// issue a STARTTLS command first", Postfix with TLS enforced; RFC 3207
/// §4), or words that name STARTTLS.
fn wants_tls_first(code: Option<&ReplyCode>, text: &str) -> bool {
    let coded = matches!(code, Some(ReplyCode::Smtp { basic: 530, .. }))
        || matches!(code, Some(ReplyCode::Smtp { enhanced: Some(e), .. }) if *e == EnhancedStatus::new(5, 7, 0));
    let failed = code.is_some_and(|c| matches!(c, ReplyCode::Smtp { basic, .. } if *basic >= 400));
    coded || (failed && text.to_ascii_lowercase().contains("starttls"))
}

pub(super) fn starttls(seen: &Observation<'_>, _: &mut Vec<Item>) -> Step {
    if let Some(answer) = seen.starttls.filter(|s| !s.what.0) {
        let said = answer.what.1.to_owned();
        return Break(Item::new(Cause::StarttlsRefused { said }).at(seen.endpoint).proof(answer));
    }
    stopped(seen, DialogStep::Starttls)
}

/// What it means that the dialog stopped at `step` for `reason`.
pub(super) fn step_failure(ep: &Endpoint, step: DialogStep, reason: &ProbeFailure) -> Cause {
    let silent = matches!(reason, ProbeFailure::Timeout { .. } | ProbeFailure::Deadline { .. });
    match (step, reason) {
        (DialogStep::Greeting, ProbeFailure::TlsOnPlainPort) => {
            Cause::PlainOnTlsPort { planned_starttls: ep.security == Security::Starttls }
        }
        // Silence on an implicit-TLS port from a client that did not start TLS:
        // the server is waiting for the TLS hello that never comes.
        (DialogStep::Greeting, _)
            if silent && ep.security != Security::Tls && usual_security(ep.port) == Some(Security::Tls) =>
        {
            Cause::SilentTlsPort
        }
        (DialogStep::Greeting, ProbeFailure::Timeout { waited_ms } | ProbeFailure::Deadline { waited_ms }) => {
            Cause::NoGreeting { waited_ms: *waited_ms }
        }
        (_, ProbeFailure::Closed | ProbeFailure::Reset) => Cause::ServerClosed { step },
        (_, ProbeFailure::ProtocolError { violation }) => {
            Cause::ProtocolViolation { step, violation: violation.clone() }
        }
        (_, ProbeFailure::Local { detail }) => Cause::LocalFailure { step, detail: detail.clone() },
        _ => Cause::ServerMisbehaved { step, reason: reason.clone() },
    }
}
