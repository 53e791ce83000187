//! maildoctor's planner and rules, pure so they run the same in the browser
//! (WASM) and in the terminal.
//!
//! A [`Session`] turns what the person typed into [`Operation`]s for an executor,
//! takes the relay's [`ServerMessage`]s back, and builds a [`Report`] of
//! [`Finding`]s at any moment: the page renders it while events still arrive.
//! No IO, no clock: time comes in the events.
//!
//! [`Operation`]: maildoctor_wire::Operation
//! [`ServerMessage`]: maildoctor_wire::ServerMessage

mod clients;
mod code;
mod describe;
mod diagnose;
mod finding;
mod messages;
mod plan;
pub mod providers;
mod report;
mod session;
#[cfg(test)]
mod snapshot_tests;

pub use clients::ClientSteps;
pub use code::{Code, Severity};
pub use describe::describe;
pub use finding::{Endpoint, Evidence, Finding};
pub use report::{Report, REPORT_VERSION};
pub use session::{Session, SessionError, Settings, Source};
