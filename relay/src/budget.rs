//! Each session's connection budget. One operation fans out (a probe dials
//! up to four addresses, a port-443 control for each, a TLS hello on the
//! side, a legacy-TLS replay; a latency sample is ten connects), so counting
//! operations does not bound connections. An operation reserves its worst
//! case when it starts and is charged what it really dialed when it ends:
//! a session never exceeds the budget, and a normal diagnosis (one or two
//! connections a probe) never feels it.

use std::collections::HashMap;

use maildoctor_wire::{Event, OpId, Operation};

/// Connections one session may open in all.
pub(crate) const SESSION_CONNECTIONS: u32 = 400;

/// The most connections `op` can open.
pub(crate) fn worst_case(op: &Operation) -> u32 {
    match op {
        // 4 addresses, a control connection each, a TLS hello, a replay,
        // a handshake retried with small segments, and after a handshake
        // that worked up to three hellos of older versions.
        Operation::Probe(_) => 4 + 4 + 1 + 1 + 1 + 3,
        Operation::SampleLatency { count, .. } => u32::from(*count).min(10),
        // HTTP and HTTPS, each to a few addresses.
        Operation::FetchAutoconfig { .. } | Operation::FetchIspdb { .. } => 4,
        // The configured JSON service, and the domain's own walk: four
        // candidates and up to ten redirects (crates/probe/src/autodiscover),
        // each request to up to four addresses.
        Operation::FetchAutodiscover { .. } => 4 + (4 + 10) * 4,
        // Lookups are datagrams to a resolver, not connections to a server.
        Operation::Resolve(_) => 0,
    }
}

/// The connections `event` shows were opened (the executor knows which
/// of its events stand for a connection, the old-TLS question included).
pub(crate) fn opened(event: &Event) -> u32 {
    maildoctor_probe::connections_opened(event)
}

#[derive(Debug)]
pub(crate) struct Budget {
    limit: u32,
    spent: u32,
    /// Running operations: (reserved, seen so far).
    running: HashMap<OpId, (u32, u32)>,
}

impl Budget {
    pub(crate) fn new(limit: u32) -> Self {
        Self { limit, spent: 0, running: HashMap::new() }
    }

    fn committed(&self) -> u32 {
        self.spent + self.running.values().map(|(reserved, seen)| (*reserved).max(*seen)).sum::<u32>()
    }

    /// Reserves `worst` connections for `id`, or says the budget is spent.
    pub(crate) fn reserve(&mut self, id: OpId, worst: u32) -> bool {
        // An id still running keeps its reservation (the relay refuses the
        // duplicate anyway).
        if self.running.contains_key(&id) {
            return true;
        }
        if self.committed() + worst > self.limit {
            return false;
        }
        self.running.insert(id, (worst, 0));
        true
    }

    /// The next check on the same session: what ended is forgotten, what
    /// still runs stays reserved. Returns how many still run.
    pub(crate) fn renew(&mut self) -> usize {
        self.spent = 0;
        self.running.len()
    }

    pub(crate) fn saw(&mut self, id: OpId, connections: u32) {
        if let Some((_, seen)) = self.running.get_mut(&id) {
            *seen += connections;
        }
    }

    /// `id` ended (done, refused, cancelled): it costs what it dialed.
    pub(crate) fn end(&mut self, id: OpId) {
        if let Some((_, seen)) = self.running.remove(&id) {
            self.spent += seen;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_case_is_held_while_running_and_the_real_cost_after() {
        let mut budget = Budget::new(25);
        assert!(budget.reserve(1, 10));
        assert!(budget.reserve(2, 10));
        assert!(!budget.reserve(3, 10), "two probes' worst cases hold 20 of 25");
        budget.saw(1, 1);
        budget.end(1);
        assert!(budget.reserve(3, 10), "the first cost 1, not 10");
        budget.end(2);
        budget.end(3);
        assert_eq!(budget.committed(), 1);
        // A run that dials more than reserved is charged all of it.
        assert!(budget.reserve(4, 2));
        budget.saw(4, 20);
        budget.end(4);
        assert_eq!(budget.committed(), 21);
        assert!(!budget.reserve(5, 10));
    }

    #[test]
    fn the_next_check_starts_afresh_but_keeps_what_still_runs_reserved() {
        let mut budget = Budget::new(20);
        assert!(budget.reserve(1, 10));
        budget.saw(1, 4);
        budget.end(1);
        assert!(budget.reserve(2, 10));
        assert!(!budget.reserve(3, 10), "4 spent and 10 held of 20");
        assert_eq!(budget.renew(), 1, "operation 2 still runs");
        assert!(budget.reserve(3, 10), "the spent 4 are forgotten, the running 10 are not");
        assert!(!budget.reserve(4, 1));
    }
}
