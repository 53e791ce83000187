//! The login, and what a refusal means. Only codes whose meaning an RFC
//! fixes are interpreted by code alone; provider texts go through the table
//! in `messages`; any other refusal is shown in the server's own words.

use core::ops::ControlFlow::{Break, Continue};

use maildoctor_wire::{
    AuthOutcome, CapabilitySet, EnhancedStatus, MailProtocol, ReplyCode, Step as DialogStep, WithheldReason,
};

use super::dialog::step_failure;
use super::Step;
use crate::cause::Cause;
use crate::item::Item;
use crate::messages;
use crate::observe::{Attempt, Observation};

pub(super) fn login(seen: &Observation<'_>, notes: &mut Vec<Item>) -> Step {
    let ep = seen.endpoint;
    if let Some(first) = seen.login {
        let retried_ok = seen.retry.is_some_and(|r| matches!(r.what.outcome, AuthOutcome::Accepted));
        if matches!(first.what.outcome, AuthOutcome::Rejected) && retried_ok {
            let said = first.what.text.to_owned();
            return Break(Item::new(Cause::UsernameFormat { said }).at(ep).proof(first));
        }
        // Logged in without TLS: what the server offered before it matters.
        let plain_caps = if seen.caps_tls.is_none() { seen.caps_plain.map(|c| c.what) } else { None };
        // The capabilities the login was chosen from: after TLS, if it ran.
        let used_caps = seen.caps_tls.or(seen.caps_plain).map(|c| c.what);
        if let Some(cause) = accepted_by_few_apps(ep.protocol, first.what, used_caps) {
            notes.push(Item::new(cause).at(ep).proof(first));
        }
        if let Some(cause) = refusal(ep.protocol, first.what, plain_caps) {
            let item = Item::new(cause).at(ep).proof(first);
            if item.is_error() {
                return Break(item);
            }
            notes.push(item);
        }
    }
    match seen.failed_at(DialogStep::Login) {
        Some(failed) => Break(Item::new(step_failure(ep, DialogStep::Login, failed.what)).at(ep).proof(failed)),
        None => Continue(()),
    }
}

fn atom_is(code: Option<&ReplyCode>, wanted: &str) -> bool {
    code.and_then(ReplyCode::atom).is_some_and(|atom| atom == wanted)
}

fn enhanced_is(code: Option<&ReplyCode>, wanted: EnhancedStatus) -> bool {
    code.and_then(ReplyCode::enhanced) == Some(wanted)
}

/// A login that worked in a way many mail apps cannot copy: only by
/// challenge and response, or (POP3) without USER/PASS.
fn accepted_by_few_apps(protocol: MailProtocol, attempt: Attempt<'_>, caps: Option<&CapabilitySet>) -> Option<Cause> {
    if !matches!(attempt.outcome, AuthOutcome::Accepted) {
        return None;
    }
    match attempt.method {
        // The dialog chooses these only when the server takes no password in clear.
        "CRAM-MD5" | "APOP" => Some(Cause::ChallengeLoginOnly { method: attempt.method.to_owned() }),
        "PLAIN" | "LOGIN" if protocol == MailProtocol::Pop3 && caps.is_some_and(|c| !c.user && !c.is_empty()) => {
            Some(Cause::UserPassOff)
        }
        _ => None,
    }
}

/// The cause a login attempt shows, if it shows one.
fn refusal(protocol: MailProtocol, attempt: Attempt<'_>, plain_caps: Option<&CapabilitySet>) -> Option<Cause> {
    let said = || attempt.text.to_owned();
    let code = attempt.code;
    let wants_tls_first = plain_caps.is_some_and(|c| c.login_disabled || c.starttls);
    Some(match attempt.outcome {
        AuthOutcome::Accepted => return None,
        AuthOutcome::Withheld { why: WithheldReason::MechanismsUnsupported { offered } } => {
            Cause::MechanismsUnsupported { offered: offered.clone() }
        }
        AuthOutcome::Withheld { why: WithheldReason::MechanismNotOffered { wanted, offered } } => {
            Cause::MechanismNotOffered { wanted: wanted.clone(), offered: offered.clone() }
        }
        AuthOutcome::Withheld { why } => Cause::Withheld { why: why.clone() },
        AuthOutcome::NotOffered if wants_tls_first => Cause::PlaintextLoginRefused { said: None },
        AuthOutcome::NotOffered => Cause::AuthNotOffered,
        AuthOutcome::Rejected if messages::says_encryption_required(protocol, attempt.text) => {
            Cause::PlaintextLoginRefused { said: Some(said()) }
        }
        AuthOutcome::Rejected => match messages::lookup(code, attempt.text) {
            Some(known) => Cause::Known { refusal: known, said: said() },
            None if atom_is(code, "PRIVACYREQUIRED")
                || enhanced_is(code, EnhancedStatus::new(5, 7, 11))
                || (enhanced_is(code, EnhancedStatus::new(5, 7, 0))
                    && matches!(code, Some(ReplyCode::Smtp { basic: 530, .. }))) =>
            {
                Cause::PlaintextLoginRefused { said: Some(said()) }
            }
            None if atom_is(code, "EXPIRED") => Cause::PasswordExpired { said: said() },
            None if atom_is(code, "CONTACTADMIN") || enhanced_is(code, EnhancedStatus::new(5, 7, 13)) => {
                Cause::AccountLocked { said: said() }
            }
            // RFC 5321's 4yz replies are transient.
            None if atom_is(code, "UNAVAILABLE") || matches!(code, Some(ReplyCode::Smtp { basic: 400..=499, .. })) => {
                Cause::LoginUnavailable { said: said() }
            }
            None if messages::says_wrong_credentials(code) && matches!(attempt.method, "XOAUTH2" | "OAUTHBEARER") => {
                Cause::TokenRefused { said: said() }
            }
            None if messages::says_wrong_credentials(code)
                || messages::says_wrong_credentials_in_words(attempt.text) =>
            {
                Cause::InvalidCredentials { said: said() }
            }
            None => Cause::LoginRejected { said: said() },
        },
    })
}
