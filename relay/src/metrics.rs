//! The relay's metrics for `/metrics` on `--metrics-listen`, kept and encoded by the
//! `prometheus-client` library (OpenMetrics text). Every label is a closed
//! set of words chosen here: never a host name, a username, an address or
//! anything a person typed.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use maildoctor_wire::{Operation, Refusal};
use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::clients::Level;

/// What an operation was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Resolve,
    Probe,
    SampleLatency,
    FetchAutoconfig,
    FetchIspdb,
    FetchAutodiscover,
}

impl Kind {
    /// The kind as logs and labels write it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Resolve => "resolve",
            Kind::Probe => "probe",
            Kind::SampleLatency => "sample_latency",
            Kind::FetchAutoconfig => "fetch_autoconfig",
            Kind::FetchIspdb => "fetch_ispdb",
            Kind::FetchAutodiscover => "fetch_autodiscover",
        }
    }

    pub fn of(op: &Operation) -> Self {
        match op {
            Operation::Resolve(_) => Kind::Resolve,
            Operation::Probe(_) => Kind::Probe,
            Operation::SampleLatency { .. } => Kind::SampleLatency,
            Operation::FetchAutoconfig { .. } => Kind::FetchAutoconfig,
            Operation::FetchIspdb { .. } => Kind::FetchIspdb,
            Operation::FetchAutodiscover { .. } => Kind::FetchAutodiscover,
        }
    }
}

/// How an operation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Done,
    Refused,
    /// A bug: the operation's task panicked.
    Failed,
}

impl Outcome {
    fn name(self) -> &'static str {
        match self {
            Outcome::Done => "done",
            Outcome::Refused => "refused",
            Outcome::Failed => "failed",
        }
    }
}

/// Why a refusal was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    InvalidTarget,
    PortNotAllowed,
    DestinationNotAllowed,
    InvalidCredentials,
    TooManyOperations,
    LoginLimit,
    DestinationLimit,
    InsecureTransport,
    ConnectionBudget,
    Unsupported,
    LimitsUnavailable,
}

impl Reason {
    fn name(self) -> &'static str {
        match self {
            Reason::InvalidTarget => "invalid_target",
            Reason::PortNotAllowed => "port_not_allowed",
            Reason::DestinationNotAllowed => "destination_not_allowed",
            Reason::InvalidCredentials => "invalid_credentials",
            Reason::TooManyOperations => "too_many_operations",
            Reason::LoginLimit => "login_limit",
            Reason::DestinationLimit => "destination_limit",
            Reason::InsecureTransport => "insecure_transport",
            Reason::ConnectionBudget => "connection_budget",
            Reason::Unsupported => "unsupported",
            Reason::LimitsUnavailable => "limits_unavailable",
        }
    }

    pub fn of(refusal: &Refusal) -> Self {
        match refusal {
            Refusal::InvalidTarget { .. } => Reason::InvalidTarget,
            Refusal::PortNotAllowed { .. } => Reason::PortNotAllowed,
            Refusal::DestinationNotAllowed { .. } => Reason::DestinationNotAllowed,
            Refusal::InvalidCredentials => Reason::InvalidCredentials,
            Refusal::TooManyOperations => Reason::TooManyOperations,
            Refusal::LoginLimit { .. } => Reason::LoginLimit,
            Refusal::DestinationLimit { .. } => Reason::DestinationLimit,
            Refusal::InsecureTransport => Reason::InsecureTransport,
            Refusal::ConnectionBudget => Reason::ConnectionBudget,
            Refusal::Unsupported { .. } => Reason::Unsupported,
            Refusal::LimitsUnavailable => Reason::LimitsUnavailable,
        }
    }
}

/// Why a WebSocket upgrade was turned away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rejection {
    Origin,
    ClientRate,
    ClientSessions,
    /// The client's /24 or /48 holds its share of the places.
    WideSessions,
    Full,
}

impl Rejection {
    fn name(self) -> &'static str {
        match self {
            Rejection::Origin => "origin",
            Rejection::ClientRate => "client_rate",
            Rejection::ClientSessions => "client_sessions",
            Rejection::WideSessions => "wide_sessions",
            Rejection::Full => "full",
        }
    }
}

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum End {
    ClientLeft,
    Draining,
    Idle,
    TooOld,
    Unresponsive,
}

impl End {
    fn name(self) -> &'static str {
        match self {
            End::ClientLeft => "client_left",
            End::Draining => "draining",
            End::Idle => "idle",
            End::TooOld => "too_old",
            End::Unresponsive => "unresponsive",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct KindLabels {
    kind: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct EndedLabels {
    kind: &'static str,
    outcome: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct ReasonLabels {
    reason: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct RejectionLabels {
    why: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct LevelLabels {
    level: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, EncodeLabelSet)]
pub struct EndLabels {
    why: &'static str,
}

fn seconds() -> Histogram {
    // 50 ms to about 7 minutes: a DNS answer to a session's whole life.
    Histogram::new(exponential_buckets(0.05, 2.0, 14))
}

pub struct Metrics {
    registry: Registry,
    pub sessions: Counter,
    pub sessions_active: Gauge,
    pub sessions_rejected: Family<RejectionLabels, Counter>,
    pub sessions_ended: Family<EndLabels, Counter>,
    pub session_seconds: Histogram,
    pub operations: Family<KindLabels, Counter>,
    pub operations_ended: Family<EndedLabels, Counter>,
    pub operation_seconds: Family<KindLabels, Histogram, fn() -> Histogram>,
    pub refusals: Family<ReasonLabels, Counter>,
    pub events: Counter,
    pub bad_messages: Counter,
    /// Tasks that died outside the operation's own guard (a bug in the relay).
    pub crashes: Counter,
    pub connections_open: Gauge,
    pub connections_refused: Family<LevelLabels, Counter>,
    pub connections_cut_at_head: Counter,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("maildoctor");
        let metrics = Metrics {
            sessions: Counter::default(),
            sessions_active: Gauge::default(),
            sessions_rejected: Family::default(),
            sessions_ended: Family::default(),
            session_seconds: seconds(),
            operations: Family::default(),
            operations_ended: Family::default(),
            operation_seconds: Family::new_with_constructor(seconds),
            refusals: Family::default(),
            events: Counter::default(),
            bad_messages: Counter::default(),
            crashes: Counter::default(),
            connections_open: Gauge::default(),
            connections_refused: Family::default(),
            connections_cut_at_head: Counter::default(),
            registry: Registry::default(),
        };
        registry.register("ws_sessions", "WebSocket sessions accepted", metrics.sessions.clone());
        registry.register("ws_sessions_active", "WebSocket sessions open now", metrics.sessions_active.clone());
        registry.register(
            "ws_sessions_rejected",
            "WebSocket upgrades turned away, by why",
            metrics.sessions_rejected.clone(),
        );
        registry.register("ws_sessions_ended", "Sessions ended, by why", metrics.sessions_ended.clone());
        registry.register("ws_session_seconds", "How long sessions lasted", metrics.session_seconds.clone());
        registry.register("operations", "Operations started, by kind", metrics.operations.clone());
        registry.register(
            "operations_ended",
            "Operations ended, by kind and outcome",
            metrics.operations_ended.clone(),
        );
        registry.register("operation_seconds", "How long operations ran, by kind", metrics.operation_seconds.clone());
        registry.register("refusals", "Operations refused, by reason", metrics.refusals.clone());
        registry.register("events", "Events sent to pages", metrics.events.clone());
        registry.register(
            "bad_messages",
            "Frames from pages that were not valid messages",
            metrics.bad_messages.clone(),
        );
        registry.register("task_crashes", "Operation tasks that died unguarded (a bug)", metrics.crashes.clone());
        registry.register("connections_open", "TCP connections held now", metrics.connections_open.clone());
        registry.register(
            "connections_refused",
            "TCP connections closed at accept, by the level whose cap was reached",
            metrics.connections_refused.clone(),
        );
        registry.register(
            "connections_cut_at_head",
            "TCP connections closed for a TLS handshake or request head not sent in time",
            metrics.connections_cut_at_head.clone(),
        );
        Metrics { registry, ..metrics }
    }
}

impl Metrics {
    pub fn refused(&self, refusal: &Refusal) {
        self.refusals.get_or_create(&ReasonLabels { reason: Reason::of(refusal).name() }).inc();
    }

    pub fn rejected(&self, why: Rejection) {
        self.sessions_rejected.get_or_create(&RejectionLabels { why: why.name() }).inc();
    }

    pub fn operation_ended(&self, kind: Kind, outcome: Outcome, took: Option<Duration>) {
        self.operations_ended.get_or_create(&EndedLabels { kind: kind.name(), outcome: outcome.name() }).inc();
        if let Some(took) = took {
            self.operation_seconds.get_or_create(&KindLabels { kind: kind.name() }).observe(took.as_secs_f64());
        }
    }

    pub fn started(&self, kind: Kind) {
        self.operations.get_or_create(&KindLabels { kind: kind.name() }).inc();
    }

    pub fn session_ended(&self, why: End, lasted: Duration) {
        self.sessions_ended.get_or_create(&EndLabels { why: why.name() }).inc();
        self.session_seconds.observe(lasted.as_secs_f64());
    }

    pub fn connection_refused(&self, level: Level) {
        self.connections_refused.get_or_create(&LevelLabels { level: level.name() }).inc();
    }

    pub fn cut_at_head(&self) {
        self.connections_cut_at_head.inc();
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

/// The routes of `--metrics-listen`: `/metrics` and nothing else. It is a
/// listener of its own, on loopback unless the operator says otherwise,
/// because what the relay is doing is the operator's business, not the
/// page's visitors'.
pub fn router(metrics: Arc<Metrics>) -> Router {
    Router::new().route("/metrics", get(render)).with_state(metrics)
}

async fn render(State(metrics): State<Arc<Metrics>>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], metrics.render())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_closed_words_and_histograms_have_buckets() {
        let metrics = Metrics::default();
        metrics.refused(&Refusal::LoginLimit { retry_after_s: 60 });
        metrics.rejected(Rejection::Origin);
        metrics.operation_ended(Kind::Probe, Outcome::Done, Some(Duration::from_millis(120)));
        metrics.sessions_active.inc();
        let text = metrics.render();
        assert!(text.contains("maildoctor_refusals_total{reason=\"login_limit\"} 1"), "{text}");
        assert!(text.contains("maildoctor_ws_sessions_rejected_total{why=\"origin\"} 1"), "{text}");
        assert!(text.contains("maildoctor_operations_ended_total{kind=\"probe\",outcome=\"done\"} 1"), "{text}");
        assert!(text.contains("maildoctor_operation_seconds_bucket{le=\"0.2\",kind=\"probe\"} 1"), "{text}");
        assert!(text.contains("maildoctor_ws_sessions_active 1"), "{text}");
        assert!(text.ends_with("# EOF\n"), "{text}");
    }
}
