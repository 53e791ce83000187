//! Which addresses of a target may be dialed: resolved once, each checked
//! against the policy, and the checked address is the one dialed.

use std::net::IpAddr;

use maildoctor_wire::{Event, ProbeFailure, RecordType, Step};

use crate::link::{Emitter, Timeouts};
use crate::policy::{Policy, Target};
use crate::resolve::Dns;
use crate::tls::Trust;

/// Addresses tried per name: enough for two per family, few enough that a
/// name with 500 A records cannot turn one operation into a scan.
const MAX_ADDRESSES: usize = 4;

/// When a name lookup with no answer yet is reported as still waiting.
const STILL_WAITING_AFTER: std::time::Duration = std::time::Duration::from_secs(3);

/// What an operation's steps need from the executor's configuration.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    pub(crate) dns: &'a Dns,
    pub(crate) policy: &'a Policy,
    pub(crate) trust: &'a Trust,
    pub(crate) timeouts: &'a Timeouts,
}

impl Context<'_> {
    /// The addresses of `target` that may be dialed, each resolved once and
    /// checked; `None` (with the reason reported) when there are none.
    pub(crate) async fn addresses(&self, target: &Target, emit: &Emitter<'_>) -> Option<Vec<IpAddr>> {
        let candidates = match target {
            Target::Address(ip) => vec![*ip],
            Target::Name(name) => {
                let both = async {
                    tokio::join!(
                        self.dns.addresses_of(name, RecordType::A),
                        self.dns.addresses_of(name, RecordType::Aaaa)
                    )
                };
                tokio::pin!(both);
                // Said while waiting, so a silent resolver is visibly waiting.
                let (v4, v6) = match tokio::time::timeout(STILL_WAITING_AFTER, &mut both).await {
                    Ok(answers) => answers,
                    Err(_) => {
                        let waited_ms = STILL_WAITING_AFTER.as_millis() as u64;
                        emit.send(Event::Waiting { step: Step::Resolve, waited_ms }).await;
                        both.await
                    }
                };
                emit.send(v4.0).await;
                emit.send(v6.0).await;
                let mut addresses = v4.1;
                addresses.extend(v6.1);
                addresses
            }
        };
        if candidates.is_empty() {
            emit.send(Event::Failed { step: Step::Resolve, reason: ProbeFailure::NoAddress }).await;
            return None;
        }
        let mut allowed: Vec<IpAddr> = Vec::new();
        for ip in candidates {
            match self.policy.check_address(ip) {
                Ok(()) if allowed.len() < MAX_ADDRESSES && !allowed.contains(&ip) => allowed.push(ip),
                Ok(()) => {}
                Err(reason) => {
                    emit.send(Event::AddressDenied { address: ip, reason: reason.into() }).await;
                }
            }
        }
        if allowed.is_empty() {
            emit.send(Event::Failed { step: Step::Connect, reason: ProbeFailure::NoAddress }).await;
            return None;
        }
        Some(allowed)
    }
}
