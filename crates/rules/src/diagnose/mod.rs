//! From one probe's observation to its causes. The steps of a connection
//! run in a fixed order, and the first step that failed is the root cause:
//! later steps never ran (or ran on a connection that should not have been
//! trusted), so they are not reported as failures of their own. The order
//! is the one the dialog follows for the security chosen: with SSL/TLS the
//! handshake comes first, with STARTTLS it follows the greeting.

mod connect;
mod dialog;
mod login;
pub(crate) mod old_clients;
mod tls;

use core::ops::ControlFlow;

use maildoctor_wire::{AuthOutcome, MailProtocol, Security};

use crate::cause::Cause;
use crate::item::{AppSteps, Item};
use crate::observe::Observation;
use crate::Side;

/// A step either lets the next one run or names the root cause.
pub(crate) type Step = ControlFlow<Item>;

/// What one probe showed.
#[derive(Debug, Clone)]
pub(crate) struct Diagnosis {
    pub(crate) items: Vec<Item>,
    /// The dialog completed and nothing on the way was an error: these
    /// settings work. The planner asks this, never the rendered report.
    pub(crate) works: bool,
    /// Everything up to the login was fine and the server refused the
    /// login: the settings are right, the credentials are not.
    pub(crate) login_refused: bool,
}

type StepFn = fn(&Observation<'_>, &mut Vec<Item>) -> Step;

/// The steps before the login, in the order the dialog takes them.
fn order(security: Security) -> &'static [StepFn] {
    match security {
        Security::Tls => &[tls::handshake, dialog::greeting],
        Security::Starttls => &[dialog::greeting, dialog::plain_capabilities, dialog::starttls, tls::handshake],
        Security::None => &[dialog::greeting, dialog::plain_capabilities],
    }
}

pub(crate) fn probe(seen: &Observation<'_>) -> Diagnosis {
    let mut notes = Vec::new();
    let steps = [connect::refusal as StepFn, connect::resolve, connect::connect];
    for step in steps.iter().chain(order(seen.endpoint.security)) {
        if let ControlFlow::Break(root) = step(seen, &mut notes) {
            notes.push(root);
            return Diagnosis { items: notes, works: false, login_refused: false };
        }
    }
    // The login comes last in every order.
    if let ControlFlow::Break(root) = login::login(seen, &mut notes) {
        let login_refused = root.code().as_str().starts_with("auth.") || matches!(root.cause, Cause::Known { .. });
        notes.push(root);
        return Diagnosis { items: notes, works: false, login_refused };
    }
    // A failure at a step no rule above names (the goodbye, say).
    if let Some(failed) = seen.failed {
        let cause = dialog::step_failure(seen.endpoint, failed.what.0, failed.what.1);
        notes.push(Item::new(cause).at(seen.endpoint).proof(failed));
        return Diagnosis { items: notes, works: false, login_refused: false };
    }
    let Some(completed) = seen.completed else {
        return Diagnosis { items: notes, works: false, login_refused: false };
    };
    // Never "ok" for a login that was asked for and did not happen.
    let login_done = seen.login.is_none_or(|l| matches!(l.what.outcome, AuthOutcome::Accepted))
        || seen.retry.is_some_and(|r| matches!(r.what.outcome, AuthOutcome::Accepted));
    if !login_done {
        if seen.endpoint.security == Security::None {
            notes.push(Item::new(Cause::PlaintextInsecure).at(seen.endpoint));
        }
        return Diagnosis { items: notes, works: false, login_refused: false };
    }
    let ep = seen.endpoint;
    let side = Side::of(ep.protocol);
    let signed_in = seen.login.is_some_and(|l| matches!(l.what.outcome, AuthOutcome::Accepted))
        || seen.retry.is_some_and(|r| matches!(r.what.outcome, AuthOutcome::Accepted));
    notes.push(Item::new(Cause::Works { side, signed_in }).at(ep).proof(completed));
    if let Some(note) = sign_in_to_send(seen) {
        notes.push(note);
    }
    notes.extend(old_clients::note(seen));
    if ep.security == Security::None {
        notes.push(Item::new(Cause::PlaintextInsecure).at(ep));
    }
    let works = seen.done && !notes.iter().any(Item::is_error);
    Diagnosis { items: notes, works, login_refused: false }
}

/// A submission server that offers AUTH, checked without a password: it
/// takes mail only from signed-in users (RFC 6409), and the most common
/// "530 Authentication required" comes from a mail app set to send without
/// signing in. maildoctor cannot see that setting, so it says what to check.
/// Port 25 is left out: there, unauthenticated mail to local users is normal.
fn sign_in_to_send(seen: &Observation<'_>) -> Option<Item> {
    let ep = seen.endpoint;
    if ep.protocol != MailProtocol::Smtp || ep.port == 25 || seen.login.is_some() {
        return None;
    }
    let caps = seen.caps_tls.or(seen.caps_plain).filter(|c| c.what.offers_sasl())?;
    let mechanisms = caps.what.mechanisms.clone();
    Some(Item::new(Cause::SignInToSend { mechanisms }).at(ep).proof(caps).apps(AppSteps::SignInToSend))
}
