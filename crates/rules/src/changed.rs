//! A certificate that changed since the last check of the same server (the
//! report of that check came back in a share link, or `check --previous`).
//! A renewal is normal: public certificates last at most 398 days (CA/B
//! Forum Baseline Requirements 6.3.2), Let's Encrypt's 90, and servers
//! renew them weeks before the end. Another organisation signing it is
//! not: either the provider changed its certificate authority (rare, and
//! announced), or something on the path re-signs the connection (an
//! antivirus, a company proxy, a hostile network), which a trusted chain
//! does not rule out when the product's root is installed on the device.

use maildoctor_wire::{Event, TlsResult};

use crate::cause::changed::{CertChange, CertChanged};
use crate::cause::Cause;
use crate::item::{Item, Proof};
use crate::runs::Run;
use crate::seen::SeenCertificate;
use crate::Severity;

/// Each server's leaf certificate in this session's handshakes, the last one
/// per server (a retry sees the same server again).
pub(crate) fn seen(runs: &[Run]) -> Vec<SeenCertificate> {
    let mut seen: Vec<SeenCertificate> = Vec::new();
    for (_, _, certificate) in handshakes(runs) {
        seen.retain(|s| s.host != certificate.host || s.port != certificate.port);
        seen.push(certificate);
    }
    seen
}

/// One finding per server whose leaf differs from the one `previous` holds
/// for it; nothing for servers the earlier check did not see.
pub(crate) fn fold(runs: &[Run], previous: &[SeenCertificate], items: &mut Vec<Item>) {
    let mut said: Vec<(String, u16)> = Vec::new();
    for (run, proof, now) in handshakes(runs) {
        let Some(before) = previous.iter().find(|p| p.host == now.host && p.port == now.port) else { continue };
        let Some(change) = change(before, &now) else { continue };
        if said.contains(&(now.host.clone(), now.port)) {
            continue;
        }
        said.push((now.host.clone(), now.port));
        let Some(endpoint) = run.endpoint() else { continue };
        let item = Item::new(Cause::CertChanged(CertChanged { before: before.clone(), now, change }))
            .at(endpoint)
            .proof(proof);
        // A warning goes with the warnings, before what works; a renewal is
        // a note after it, never the report's first word.
        let at = match item.severity() {
            Severity::Error | Severity::Warning => {
                items.iter().position(|other| other.severity() > item.severity()).unwrap_or(items.len())
            }
            Severity::Info | Severity::Ok => items.len(),
        };
        items.insert(at, item);
    }
}

fn change(before: &SeenCertificate, now: &SeenCertificate) -> Option<CertChange> {
    if before.sha256.eq_ignore_ascii_case(&now.sha256) {
        return None;
    }
    Some(if organisation(&before.issuer) != organisation(&now.issuer) {
        CertChange::OtherIssuer
    } else if now.not_before > before.not_before {
        // RFC 3339 times in UTC compare as text.
        CertChange::Renewed
    } else {
        CertChange::AnotherFromSameIssuer
    })
}

/// The issuer's organisation (`O=`): an authority signs with several
/// intermediates in turn (Let's Encrypt's R10 and R11, say), so a renewal
/// can name another `CN` of the same organisation. Without an `O=`, the
/// whole name.
fn organisation(issuer: &str) -> &str {
    issuer
        .split([',', '/'])
        .map(str::trim)
        .find_map(|part| part.strip_prefix("O=").or_else(|| part.strip_prefix("O =")))
        .map(str::trim)
        .unwrap_or(issuer.trim())
}

/// Every completed handshake with a leaf, with its run and the event.
fn handshakes(runs: &[Run]) -> impl Iterator<Item = (&Run, Proof, SeenCertificate)> {
    runs.iter().flat_map(|run| {
        run.events.iter().filter_map(move |(t_ms, event)| {
            let endpoint = run.endpoint()?;
            let Event::Tls { result: TlsResult::Established { chain, .. }, .. } = event else { return None };
            let leaf = chain.first()?;
            let certificate = SeenCertificate {
                host: endpoint.host.clone(),
                port: endpoint.port,
                sha256: leaf.sha256.clone(),
                issuer: leaf.issuer.clone(),
                not_before: leaf.not_before.clone(),
                not_after: leaf.not_after.clone(),
            };
            Some((run, Proof { op: run.id, t_ms: *t_ms, event: event.clone() }, certificate))
        })
    })
}
