//! The TLS handshake: implicit, or after STARTTLS. A bad certificate is the
//! root cause even though the dialog went on (the executor lets the
//! handshake finish so the rest can be seen, and withholds credentials).

use core::ops::ControlFlow::{Break, Continue};

use maildoctor_wire::{CertProblem, CertSummary, CertVerdict, TlsFailure, TlsResult};

use super::Step;
use crate::cause::{Cause, Interceptor};
use crate::describe::ascii_of_hex;
use crate::item::Item;
use crate::observe::Observation;
use crate::{providers, Endpoint};

/// "HTTP/" as the hex prefix a failed TLS hello reports.
const HTTP_HEX: &str = "48 54 54 50 2f";

pub(super) fn handshake(seen: &Observation<'_>, _: &mut Vec<Item>) -> Step {
    let Some(tls) = seen.tls else { return Continue(()) };
    let cause = match tls.what {
        TlsResult::Failed { failure } => failed(failure),
        TlsResult::Established { verdict: CertVerdict::Invalid { problem }, chain, .. } => {
            intercepted(seen.endpoint, problem, chain).unwrap_or_else(|| certificate(problem))
        }
        TlsResult::Established { verdict: CertVerdict::Valid, .. } => return Continue(()),
    };
    Break(Item::new(cause).at(seen.endpoint).proof(tls))
}

fn failed(failure: &TlsFailure) -> Cause {
    match failure {
        TlsFailure::ProtocolTooOld { offered } => Cause::TlsTooOld { offered: *offered },
        TlsFailure::NotTls { first_bytes } if first_bytes.starts_with(HTTP_HEX) => {
            Cause::WebAnswer { said: ascii_of_hex(first_bytes) }
        }
        TlsFailure::NotTls { .. } => Cause::TlsOnPlainPort,
        TlsFailure::Timeout => Cause::HandshakeStalled,
        TlsFailure::Alert { description } => Cause::HandshakeAlert { description: description.clone() },
        TlsFailure::Closed => Cause::HandshakeClosed,
        TlsFailure::Other { detail } => Cause::HandshakeFailed { detail: detail.clone() },
    }
}

fn certificate(problem: &CertProblem) -> Cause {
    match problem {
        CertProblem::Expired { not_after } => Cause::CertExpired { not_after: not_after.as_deref().map(day_of) },
        CertProblem::NotYetValid { not_before } => {
            Cause::CertNotYetValid { not_before: not_before.as_deref().map(day_of) }
        }
        CertProblem::SelfSigned => Cause::CertSelfSigned,
        CertProblem::UnknownIssuer => Cause::CertUntrusted,
        CertProblem::NameMismatch { expected, presented } => {
            Cause::CertNameMismatch { expected: expected.clone(), presented: presented.clone() }
        }
        CertProblem::ChainIncomplete => Cause::ChainIncomplete,
        CertProblem::Revoked => Cause::CertRevoked,
        CertProblem::Other { detail } => Cause::CertRejected { detail: detail.clone() },
    }
}

/// `2020-02-01` of `2020-02-01T00:00:00Z`: people read dates, not timestamps.
fn day_of(timestamp: &str) -> String {
    timestamp.split('T').next().unwrap_or(timestamp).to_owned()
}

/// Products that re-sign TLS to inspect it: antivirus mail shields and
/// corporate proxies. Their names stand in the issuer of the certificate a
/// mail app is shown instead of the provider's.
const INTERCEPTORS: &[&str] = &[
    "avast",
    "avg ",
    "kaspersky",
    "eset",
    "bitdefender",
    "norton",
    "mcafee",
    "sophos",
    "fortinet",
    "fortigate",
    "zscaler",
    "palo alto",
    "blue coat",
    "bluecoat",
    "cisco umbrella",
    "netskope",
    "forcepoint",
    "websense",
    "barracuda",
    "checkpoint",
    "check point",
    "mitmproxy",
];

/// An untrusted certificate where the real one is known to be public (a
/// large provider's server), or whose issuer is an intercepting product:
/// something between the person and the server re-signs the connection.
fn intercepted(ep: &Endpoint, problem: &CertProblem, chain: &[CertSummary]) -> Option<Cause> {
    if !matches!(problem, CertProblem::UnknownIssuer | CertProblem::SelfSigned | CertProblem::ChainIncomplete) {
        return None;
    }
    let issuer = chain.first().map(|c| c.issuer.as_str()).unwrap_or_default();
    let lower = issuer.to_ascii_lowercase();
    if INTERCEPTORS.iter().any(|name| lower.contains(name)) {
        return Some(Cause::Intercepted { by: Interceptor::Product { issuer: issuer.to_owned() } });
    }
    let provider = providers::PROVIDERS
        .iter()
        .find(|p| p.incoming.iter().chain(p.outgoing).any(|s| s.host == ep.host && s.host != "127.0.0.1"))?;
    Some(Cause::Intercepted { by: Interceptor::Provider { name: provider.name } })
}
