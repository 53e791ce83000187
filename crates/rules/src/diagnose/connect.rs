//! Before a byte of the protocol: the relay's refusal, the name lookup,
//! and the TCP connection to each address.

use core::ops::ControlFlow::{Break, Continue};

use maildoctor_wire::{DnsOutcome, Refusal, TcpOutcome};

use super::Step;
use crate::cause::Cause;
use crate::item::Item;
use crate::observe::Observation;

pub(super) fn refusal(seen: &Observation<'_>, _: &mut Vec<Item>) -> Step {
    match seen.refused {
        Some(Refusal::DestinationNotAllowed { address }) => {
            Break(Item::new(Cause::DestinationNotAllowed { address: Some(*address), reason: None }).at(seen.endpoint))
        }
        Some(refusal) => Break(Item::new(Cause::RelayRefused { refusal: refusal.clone() }).at(seen.endpoint)),
        None => Continue(()),
    }
}

pub(super) fn resolve(seen: &Observation<'_>, _: &mut Vec<Item>) -> Step {
    let ep = seen.endpoint;
    for answer in &seen.dns {
        let cause = match answer.what {
            DnsOutcome::NxDomain => Cause::NxDomain,
            DnsOutcome::ServFail => Cause::ServFail,
            DnsOutcome::Timeout => Cause::DnsTimeout,
            DnsOutcome::Answer | DnsOutcome::NoData | DnsOutcome::Refused | DnsOutcome::Error { .. } => continue,
        };
        return Break(Item::new(cause).at(ep).proof(*answer));
    }
    if !seen.done || !seen.tcp.is_empty() {
        return Continue(());
    }
    if let Some(denied) = seen.denied.first() {
        let (address, reason) = denied.what;
        let cause = Cause::DestinationNotAllowed { address: Some(address), reason: Some(reason.to_owned()) };
        return Break(Item::new(cause).at(ep).proof(*denied));
    }
    match seen.dns.first() {
        Some(answer) => Break(Item::new(Cause::NoAddress).at(ep).proof(*answer)),
        None => Continue(()),
    }
}

pub(super) fn connect(seen: &Observation<'_>, notes: &mut Vec<Item>) -> Step {
    let ep = seen.endpoint;
    // The probe says it gave up at the connect before its `done` arrives:
    // the live report must not read that failure as a later step's.
    let gave_up = seen.done || seen.failed_at(maildoctor_wire::Step::Connect).is_some();
    if gave_up && !seen.tcp.is_empty() && !seen.connected() {
        let all = |wanted: &[TcpOutcome]| seen.tcp.iter().all(|t| wanted.contains(&t.what.1));
        let cause = if all(&[TcpOutcome::Refused, TcpOutcome::Reset]) {
            Cause::TcpRefused
        } else if all(&[TcpOutcome::TimedOut]) {
            Cause::TcpFiltered { control_answered: seen.control_answered }
        } else {
            Cause::TcpUnreachable
        };
        let mut item = Item::new(cause).at(ep);
        item.proof = seen.tcp.iter().map(|t| (*t).into()).collect();
        return Break(item);
    }
    // Apps pick one family first and may give up there: say when one works
    // and the other does not, whichever way round.
    let works = |v6: bool| seen.tcp.iter().any(|t| t.what.0.is_ipv6() == v6 && t.what.1 == TcpOutcome::Connected);
    let fails = |v6: bool| seen.tcp.iter().find(|t| t.what.0.is_ipv6() == v6 && t.what.1 != TcpOutcome::Connected);
    if let (true, Some(failed)) = (works(false), fails(true)) {
        notes.push(Item::new(Cause::Ipv6Broken { outcome: failed.what.1 }).at(ep).proof(*failed));
    }
    if let (true, Some(failed)) = (works(true), fails(false)) {
        notes.push(Item::new(Cause::Ipv4Broken { outcome: failed.what.1 }).at(ep).proof(*failed));
    }
    Continue(())
}
