//! maildoctor's planner and rules, pure so they run the same in the browser
//! (WASM) and in the terminal.
//!
//! A [`Session`] turns what the person typed (a [`Request`]) into
//! [`Operation`]s for an executor, takes the relay's [`ServerMessage`]s back,
//! and builds a [`Report`] of [`Finding`]s at any moment: the page renders it
//! while events still arrive. No IO, no clock: time comes in the events.
//!
//! The pipeline, each module using only those before it: `runs` (what ran
//! and what came back) → `observe` (one typed observation per probe) →
//! `diagnose` (a typed cause per failing step, in step order) → `fold`,
//! `discover` and `assess` (session-level rules that move causes under the
//! root cause) → `render` (words from the [`Catalog`], English or German).
//!
//! [`Operation`]: maildoctor_wire::Operation
//! [`ServerMessage`]: maildoctor_wire::ServerMessage

#![warn(missing_docs)]

mod app_error;
mod app_said;
mod apps;
mod assess;
mod autodiscover;
mod ban;
mod catalog;
mod cause;
mod changed;
mod clock;
mod code;
mod describe;
mod diagnose;
mod discover;
mod finding;
mod fold;
mod handoff;
mod ispdb;
mod item;
mod markdown;
mod messages;
mod observe;
mod path;
mod plan;
mod progress;
pub mod providers;
mod readback;
mod render;
mod report;
mod request;
mod resolvers;
mod runs;
mod seen;
mod session;
mod side;
pub mod signin;
mod suspect;
mod timing;
mod unseen;
mod untested;
mod vantage;
mod words;
mod zone;

#[cfg(test)]
mod tests;

pub use catalog::{Args, Catalog, Lang};
pub use code::{Code, Severity};
pub use describe::{describe, security, step_name};
pub use finding::{ClientSteps, Endpoint, Evidence, Finding};
pub use handoff::{Handed, Handoff};
pub use progress::{ProbeSteps, StepLine, StepState};
pub use report::{CheckedFrom, Report, REPORT_VERSION};
pub use request::{Discovery, Expected, Reference, Request, SessionError, Settings};
pub use runs::Source;
pub use seen::{merge as merge_certificates, SeenCertificate};
pub use session::Session;
pub use side::Side;
pub use untested::{Untested, UntestedReason, Verdict};
pub use vantage::{compare, Comparison, Fault};

impl SessionError {
    /// What is wrong with the input, in `catalog`'s language.
    pub fn render(&self, catalog: &Catalog) -> String {
        let (id, args) = match self {
            SessionError::BadAddress(input) => ("error-bad-address", Args::new().text("input", input.clone())),
            SessionError::BadHost(input) => ("error-bad-host", Args::new().text("input", input.clone())),
            SessionError::BadPort => ("error-bad-port", Args::new()),
            SessionError::NothingToCheck => ("error-nothing-to-check", Args::new()),
        };
        catalog.text(id, &args)
    }
}

/// `endpoint` as the page and the terminal show it: `IMAP host:993 (SSL/TLS)`.
pub fn endpoint_text(catalog: &Catalog, endpoint: &Endpoint) -> String {
    words::endpoint(catalog, endpoint)
}
