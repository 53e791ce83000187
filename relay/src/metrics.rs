//! Counters for `/metrics` (Prometheus text format). Counts only: never a
//! host name, a username or anything a person typed.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Default)]
pub struct Metrics {
    pub sessions_total: AtomicU64,
    pub sessions_active: AtomicU64,
    pub sessions_rejected_total: AtomicU64,
    pub operations_total: AtomicU64,
    pub operations_refused_total: AtomicU64,
    pub operations_failed_total: AtomicU64,
    pub logins_limited_total: AtomicU64,
    pub destinations_limited_total: AtomicU64,
    pub events_total: AtomicU64,
    pub bad_messages_total: AtomicU64,
}

impl Metrics {
    pub fn inc(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn dec(counter: &AtomicU64) {
        counter.fetch_sub(1, Ordering::Relaxed);
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let rows: [(&str, &str, &str, &AtomicU64); 10] = [
            ("maildoctor_ws_sessions_total", "counter", "WebSocket sessions accepted", &self.sessions_total),
            ("maildoctor_ws_sessions_active", "gauge", "WebSocket sessions open now", &self.sessions_active),
            (
                "maildoctor_ws_sessions_rejected_total",
                "counter",
                "WebSocket upgrades refused (origin, capacity)",
                &self.sessions_rejected_total,
            ),
            ("maildoctor_operations_total", "counter", "Operations started", &self.operations_total),
            (
                "maildoctor_operations_refused_total",
                "counter",
                "Operations refused by policy",
                &self.operations_refused_total,
            ),
            (
                "maildoctor_operations_failed_total",
                "counter",
                "Operations whose task panicked (a bug; the session went on)",
                &self.operations_failed_total,
            ),
            (
                "maildoctor_logins_limited_total",
                "counter",
                "Logins refused by the per-account or per-network quota",
                &self.logins_limited_total,
            ),
            (
                "maildoctor_destinations_limited_total",
                "counter",
                "Connections refused because one server was dialed as often as the relay allows",
                &self.destinations_limited_total,
            ),
            ("maildoctor_events_total", "counter", "Events sent to clients", &self.events_total),
            (
                "maildoctor_bad_messages_total",
                "counter",
                "Client frames that were not valid messages",
                &self.bad_messages_total,
            ),
        ];
        for (name, kind, help, value) in rows {
            let _ =
                writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {}", value.load(Ordering::Relaxed));
        }
        out
    }
}
