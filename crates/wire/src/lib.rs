//! maildoctor's wire schema.
//!
//! What it is: the typed messages the browser (or the CLI) and the relay exchange,
//! serialized as JSON text frames. The client sends [`ClientMessage`]s that carry
//! [`Operation`]s; the relay answers with [`ServerMessage`]s that carry [`Event`]s,
//! the raw observations of one operation, in the order they happened.
//!
//! What it is not: it never interprets an observation (that is `maildoctor-rules`),
//! and it holds no IO. It builds for `wasm32-unknown-unknown`.
//!
//! Compatibility: [`PROTOCOL_VERSION`] changes when a field is removed or changes
//! meaning; adding an event kind or an optional field does not change it, and a
//! client must ignore event kinds it does not know (see [`Event::Unknown`]).

mod event;
mod message;
mod operation;
mod secret;

pub use event::{
    AuthOutcome, CertProblem, CertSummary, CertVerdict, Direction, DiscoveredServer, DnsOutcome, DnsRecord, Event,
    GreetingStatus, ProbeFailure, Step, TcpOutcome, TlsFailure, TlsResult,
};
pub use message::{client_json, ClientMessage, ErrorCode, OpId, Refusal, ServerMessage};
pub use operation::{
    AuthMechanism, Login, MailProtocol, Operation, ProbeSpec, RecordType, ResolveSpec, ResolverChoice, Security,
};
pub use secret::Secret;

/// The version a client announces in `hello`; the relay refuses any other.
pub const PROTOCOL_VERSION: u32 = 1;

#[cfg(test)]
mod tests;
