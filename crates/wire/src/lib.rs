//! maildoctor's wire schema.
//!
//! What it is: the typed messages the browser (or the CLI) and the relay exchange,
//! serialized as JSON text frames. The client sends [`ClientMessage`]s that carry
//! [`Operation`]s; the relay answers with [`ServerMessage`]s that carry [`Event`]s,
//! the raw observations of one operation, in the order they happened. What a
//! server says is parsed once, where it is read: reply codes are [`ReplyCode`]s,
//! capabilities a [`CapabilitySet`], addresses IP addresses, TLS versions a
//! [`TlsVersion`].
//!
//! What it is not: it never interprets an observation (that is `maildoctor-rules`),
//! and it holds no IO. It builds for `wasm32-unknown-unknown`.
//!
//! Compatibility: [`PROTOCOL_VERSION`] changes when a field is removed or changes
//! meaning; adding an event kind or an optional field does not change it, and a
//! client must ignore event kinds it does not know (see [`Event::Unknown`]).
#![warn(missing_docs)]

mod autodiscover;
mod discovery;
mod dns;
mod event;
mod message;
mod operation;
mod read;
mod reply;
#[cfg(any(test, feature = "samples"))]
pub mod samples;
mod secret;
mod tls;
pub mod tree;

pub use autodiscover::{AutodiscoverRedirect, RedirectRefusal};
pub use discovery::{AutoconfigProblem, DiscoveredServer};
pub use dns::{DnsOutcome, DnsRecord};
pub use event::{
    AuthOutcome, Direction, Event, GreetingStatus, ProbeFailure, Step, TcpOutcome, Violation, WithheldReason,
};
pub use message::{client_json, ClientMessage, ErrorCode, OpId, Refusal, ServerMessage, Vantage};
pub use operation::{
    AuthMechanism, Login, MailProtocol, Operation, ProbeSpec, RecordType, ResolveSpec, ResolverChoice, Security,
};
pub use reply::{CapabilitySet, EnhancedStatus, ReplyCode};
pub use secret::Secret;
pub use tls::{CertProblem, CertSummary, CertVerdict, TlsFailure, TlsResult, TlsVersion, VersionAnswer};

/// The version a client announces in `hello`; the relay refuses any other.
///
/// Version 2 typed what version 1 sent as text: addresses, reply codes,
/// capabilities, TLS versions, why credentials were withheld, and protocol
/// violations apart from local errors. A login is retried with the full
/// address by the planner now, not inside the relay (`Login::full_address` is gone).
pub const PROTOCOL_VERSION: u32 = 2;

#[cfg(test)]
mod tests;
