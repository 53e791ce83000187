//! What a check did not prove. A verdict needs proof: a direction whose
//! servers answered but whose login never happened (no password, a
//! password held back for want of consent or encryption, a relay that
//! refused the login) is not "no problems", it is "not verified", and the
//! report says what was not tested, why, and how to test it.

use maildoctor_wire::{AuthOutcome, Event, Refusal, Security, WithheldReason};
use serde::{Deserialize, Serialize};

use crate::catalog::{Args, Catalog};
use crate::runs::{probes, Run, Source};
use crate::{assess, describe, words, Endpoint, Side};

/// How far a finished report is proven: the headline and the exit status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Operations are still running.
    #[default]
    Checking,
    /// At least one error: mail cannot work as checked.
    Problems,
    /// No error was seen, but something the person relies on was not tested
    /// (see [`crate::Report::untested`]).
    NotVerified,
    /// Everything was tested and works, with warnings.
    Warnings,
    /// Everything was tested and works.
    Fine,
}

impl Verdict {
    /// The state as the JSON names it (`not_verified`), for the page's
    /// `data-verdict` and scripts.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Checking => "checking",
            Verdict::Problems => "problems",
            Verdict::NotVerified => "not_verified",
            Verdict::Warnings => "warnings",
            Verdict::Fine => "fine",
        }
    }
}

/// Why a login was not tested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UntestedReason {
    /// No password or token was given.
    NoPassword,
    /// The working servers are not the domain's own (guessed, found through
    /// MX, named by a third party or over plain HTTP): the password goes
    /// there only with the person's yes.
    NeedsConsent,
    /// The connection was not encrypted, and plaintext logins were not allowed.
    NotEncrypted,
    /// The relay refused to run the login (its login or destination limits).
    RelayRefused,
    /// The servers answered, but no login was made there (the per-server
    /// login budget was spent on other ports, say).
    NotTried,
    /// No server of this direction was reached and nothing failed for it:
    /// the check stopped on maildoctor's own side (its socket, a credential
    /// it would not send), so nothing is known either way.
    NotReached,
    /// The check stopped before this direction was tested to its end (the
    /// relay went away, the person cancelled): what did not end proves
    /// nothing either way.
    Interrupted,
}

/// One thing a check did not prove.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Untested {
    /// Incoming or outgoing mail.
    pub side: Side,
    /// Why it was not tested.
    pub reason: UntestedReason,
    /// The server that answered and was not logged in to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<Endpoint>,
    /// Where that server came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// What was not tested and why, in the report's language.
    pub title: String,
}

/// A login that happened and was accepted, on this run or its retry.
fn login_accepted(run: &Run, runs: &[Run]) -> bool {
    let accepted = |r: &Run| r.has(|e| matches!(e, Event::Auth { outcome: AuthOutcome::Accepted, .. }));
    accepted(run) || crate::runs::retry_of(runs, run).is_some_and(accepted)
}

/// A server for this direction accepted the login: it is proven, and
/// nothing more the person could allow would prove more.
pub(crate) fn proven(runs: &[Run], side: Side) -> bool {
    probes(runs, side).any(|r| login_accepted(r, runs))
}

fn withheld_unencrypted(run: &Run) -> bool {
    run.has(|e| matches!(e, Event::Auth { outcome: AuthOutcome::Withheld { why: WithheldReason::NotEncrypted }, .. }))
}

/// One unproven direction, before it has words: the side, why, and the
/// server that answered (with where it came from), if one did.
pub(crate) type Unproven = (Side, UntestedReason, Option<(Endpoint, Source)>);

/// Whether the relay kept `run`'s login from happening: its login ration,
/// its limits store, or a transport it sends no password over.
fn withheld_login(run: &Run) -> bool {
    matches!(run.refused, Some(Refusal::LoginLimit { .. } | Refusal::LimitsUnavailable | Refusal::InsecureTransport))
}

/// What the finished `runs` left unproven, per direction that was checked.
/// Empty when every direction has a server that accepted the login, or
/// when a direction failed outright (its errors are the verdict then).
/// `waits_for_consent` says which runs went without the password only
/// because their server is not the person's own (the session decides).
pub(crate) fn find(runs: &[Run], login_given: bool, waits_for_consent: impl Fn(&Run) -> bool) -> Vec<Unproven> {
    let mut found = Vec::new();
    for side in Side::BOTH {
        let checked: Vec<&Run> = probes(runs, side).collect();
        if checked.is_empty() || proven(runs, side) {
            continue;
        }
        let working: Vec<&Run> = checked.iter().copied().filter(|r| assess::works(r, runs)).collect();
        let at = |run: &Run| run.probe().map(|(e, s, _)| (e.clone(), s));
        let Some(first) = working.first() else {
            // Nothing worked. Where the report has an error, that error is
            // the verdict; where it has none, the probes never got an answer
            // either way (the relay refused them, or maildoctor's own side
            // failed), and that is not "no problems".
            if checked.iter().any(|r| assess::root_code(r, runs).is_some()) {
                continue;
            }
            if checked.iter().any(|r| r.refused.is_some()) {
                found.push((side, UntestedReason::RelayRefused, None));
            } else {
                found.push((side, UntestedReason::NotReached, checked.first().and_then(|r| at(r))));
            }
            continue;
        };
        let reason = if !login_given {
            UntestedReason::NoPassword
        } else if checked.iter().any(|r| withheld_login(r)) {
            // The relay held the login back (its ration): that is why no
            // login proved this side, whatever other server answered since.
            found.push((side, UntestedReason::RelayRefused, None));
            continue;
        } else if let Some(run) = working.iter().find(|r| withheld_unencrypted(r)) {
            found.push((side, UntestedReason::NotEncrypted, at(run)));
            continue;
        } else if let Some(run) = working.iter().find(|r| waits_for_consent(r)) {
            found.push((side, UntestedReason::NeedsConsent, at(run)));
            continue;
        } else {
            UntestedReason::NotTried
        };
        found.push((side, reason, at(first)));
    }
    found
}

/// Each direction the check stopped short of (`interrupted`: incoming,
/// outgoing) that no login proved and `found` says nothing of yet.
pub(crate) fn interrupted(runs: &[Run], interrupted: [bool; 2], found: &mut Vec<Unproven>) {
    for (side, stopped) in Side::BOTH.into_iter().zip(interrupted) {
        if stopped && !proven(runs, side) && !found.iter().any(|(s, _, _)| *s == side) {
            found.push((side, UntestedReason::Interrupted, None));
        }
    }
}

/// `found` in the report's language.
pub(crate) fn render(catalog: &Catalog, (side, reason, at): Unproven) -> Untested {
    let server = at.as_ref().map(|(e, _)| words::endpoint(catalog, e)).unwrap_or_default();
    // "came from …", "stammt aus …": German takes the dative there.
    let source = at.as_ref().map(|(_, s)| describe::source_after_preposition(catalog, *s)).unwrap_or_default();
    let args = match reason {
        UntestedReason::RelayRefused | UntestedReason::Interrupted => Args::new().text("side", side.key()),
        UntestedReason::NeedsConsent => {
            Args::new().text("side", side.key()).text("server", server).text("source", source)
        }
        UntestedReason::NoPassword
        | UntestedReason::NotEncrypted
        | UntestedReason::NotTried
        | UntestedReason::NotReached => Args::new().text("side", side.key()).text("server", server),
    };
    let title = catalog.text(reason_id(reason), &args);
    let (endpoint, source) = at.map_or((None, None), |(e, s)| (Some(e), Some(s)));
    Untested { side, reason, endpoint, source, title }
}

fn reason_id(reason: UntestedReason) -> &'static str {
    match reason {
        UntestedReason::NoPassword => "untested-no-password",
        UntestedReason::NeedsConsent => "untested-needs-consent",
        UntestedReason::NotEncrypted => "untested-not-encrypted",
        UntestedReason::RelayRefused => "untested-relay-refused",
        UntestedReason::NotTried => "untested-not-tried",
        UntestedReason::NotReached => "untested-not-reached",
        UntestedReason::Interrupted => "untested-interrupted",
    }
}

impl Untested {
    /// The one command that tests it, in the terminal; `address` is the
    /// report's. `None` where no command of maildoctor's can (the relay's
    /// limits wait for time, not for a flag).
    pub fn command(&self, address: &str) -> Option<String> {
        let server = |e: &Endpoint| {
            let side = self.side.key();
            format!(
                " --{side}-host {} --{side}-port {} --{side}-security {}",
                e.host,
                e.port,
                match e.security {
                    Security::Tls => "tls",
                    Security::Starttls => "starttls",
                    Security::None => "none",
                }
            )
        };
        let settings = self.endpoint.as_ref().map(server).unwrap_or_default();
        match self.reason {
            UntestedReason::NoPassword => Some(format!("maildoctor check {address}{settings} --password-stdin")),
            UntestedReason::NeedsConsent => {
                Some(format!("maildoctor check {address}{settings} --password-stdin --login-discovered"))
            }
            UntestedReason::NotTried | UntestedReason::NotReached => {
                Some(format!("maildoctor check {address}{settings} --password-stdin"))
            }
            UntestedReason::NotEncrypted | UntestedReason::RelayRefused | UntestedReason::Interrupted => None,
        }
    }

    /// Why, in a few words, for the headline ("no password was given, ...").
    pub fn short(&self, catalog: &Catalog) -> String {
        catalog.attribute(reason_id(self.reason), "short", &Args::new()).unwrap_or_default()
    }

    /// The reason as the JSON names it (`no_password`).
    pub fn reason_key(&self) -> &'static str {
        match self.reason {
            UntestedReason::NoPassword => "no_password",
            UntestedReason::NeedsConsent => "needs_consent",
            UntestedReason::NotEncrypted => "not_encrypted",
            UntestedReason::RelayRefused => "relay_refused",
            UntestedReason::NotTried => "not_tried",
            UntestedReason::NotReached => "not_reached",
            UntestedReason::Interrupted => "interrupted",
        }
    }

    /// How to test it, in words, for the page (a button or a field to fill).
    pub fn how(&self, catalog: &Catalog) -> String {
        let id = match self.reason {
            UntestedReason::NoPassword => "untested-how-password",
            UntestedReason::NeedsConsent => "untested-how-consent",
            UntestedReason::NotEncrypted => "untested-how-encrypt",
            UntestedReason::RelayRefused | UntestedReason::NotReached | UntestedReason::Interrupted => {
                "untested-how-later"
            }
            UntestedReason::NotTried => "untested-how-alone",
        };
        catalog.text(id, &Args::new())
    }
}
