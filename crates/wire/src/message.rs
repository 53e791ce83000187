use core::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::{Event, Operation};

/// Chosen by the client; unique among its running operations.
pub type OpId = u32;

/// Client to relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    /// The first message: the protocol version the client speaks.
    Hello {
        /// [`crate::PROTOCOL_VERSION`].
        version: u32,
    },
    /// Start an operation.
    Run {
        /// The client's id for it.
        id: OpId,
        /// What to do.
        op: Operation,
    },
    /// Stop an operation.
    Cancel {
        /// Its id.
        id: OpId,
    },
}

/// Relay to client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    /// The answer to the client's hello.
    Hello {
        /// The version the relay speaks.
        version: u32,
        /// The relay's build, for bug reports.
        relay: String,
        /// Where the checks run from; absent from relays older than this field.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        vantage: Option<Vantage>,
        /// The relay's clock when it sent this hello, in milliseconds since
        /// the Unix epoch (UTC). The page compares it with the browser's
        /// clock: the person's mail app checks certificates against the
        /// device's clock, the relay against its own. Absent from relays
        /// older than this field (nothing is then said about the clock).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time_ms: Option<u64>,
    },
    /// One observation of a running operation.
    Event {
        /// The operation.
        id: OpId,
        /// Milliseconds since the operation started on the relay.
        t_ms: u64,
        /// What was observed.
        #[serde(flatten)]
        event: Event,
    },
    /// The operation ended.
    Done {
        /// The operation.
        id: OpId,
    },
    /// The relay's policy forbids this operation; nothing was sent anywhere.
    Refused {
        /// The operation.
        id: OpId,
        /// Why.
        reason: Refusal,
    },
    /// The client broke the protocol.
    Error {
        /// Which rule.
        code: ErrorCode,
        /// For developers, in English.
        message: String,
    },
}

/// Why the relay will not run an operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum Refusal {
    /// Not a host name or address the relay accepts (syntax, or a local-only name).
    InvalidTarget {
        /// What is wrong with it.
        detail: String,
    },
    /// Not a mail port.
    PortNotAllowed {
        /// The port.
        port: u16,
    },
    /// A special-purpose address (loopback, private, ...) the relay never dials.
    DestinationNotAllowed {
        /// The address.
        address: IpAddr,
    },
    /// A username or password with CR, LF or NUL.
    InvalidCredentials,
    /// The session runs as many operations as it may.
    TooManyOperations,
    /// This account was tried on this server (or this network tried as many
    /// logins) as often as the relay allows for now: trying on could get a
    /// person's account locked, or help someone guess passwords.
    LoginLimit {
        /// Seconds until the next try is allowed.
        retry_after_s: u64,
    },
    /// This session has opened as many connections as one session may.
    ConnectionBudget,
    /// The page reached the relay without TLS (plain `ws://` from another
    /// machine), so a password sent through it could be read on the way:
    /// the relay takes none that way.
    InsecureTransport,
    /// This relay has dialed this server as often as it allows for now,
    /// across all its pages: so that it never floods a server for anyone.
    DestinationLimit {
        /// Seconds until the next try is allowed.
        retry_after_s: u64,
    },
    /// The store that holds the relay's login limits (shared by a fleet of
    /// relays) cannot be reached, so the relay sends no password: a login
    /// it cannot count is never tried.
    LimitsUnavailable,
    /// This build of the relay does not execute this operation yet.
    Unsupported {
        /// The operation's name.
        op: String,
    },
}

/// Which rule of the wire protocol a client broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The frame was not a message of this schema.
    BadMessage,
    /// `hello` announced another protocol version.
    VersionMismatch,
    /// `run` came before `hello`.
    HelloFirst,
    /// An operation id that is already running.
    DuplicateId,
    /// The frame is larger than the relay accepts.
    TooLarge,
}

impl ServerMessage {
    /// Parses a frame from the relay. An event of a kind this build does not
    /// know becomes [`Event::Unknown`] instead of an error, so an older page
    /// keeps working against a newer relay.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        let tree = serde_json::from_str(text)?;
        crate::read::server_message(&tree).map_err(|unreadable| {
            let error = |text| <serde_json::Error as serde::de::Error>::custom(text);
            match unreadable.0 {
                "" => error(format_args!("the frame is not a JSON object")),
                field => error(format_args!("the frame's field `{field}` is missing or not of its type")),
            }
        })
    }

    /// The message as a JSON text frame.
    pub fn to_json(&self) -> String {
        // Every type in this schema serializes; an error here is a bug in it.
        serde_json::to_string(self).unwrap_or_else(|err| {
            format!(r#"{{"type":"error","code":"bad_message","message":"unserializable: {err}"}}"#)
        })
    }
}

/// A client message as a JSON text frame.
pub fn client_json(message: &ClientMessage) -> String {
    // Nothing in ClientMessage can fail to serialize (no maps, no floats).
    serde_json::to_string(message).unwrap_or_default()
}

/// Where a relay checks from: what a report says about "the network" is
/// about this place's network, not necessarily the person's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vantage {
    /// The relay runs on the person's own computer (`serve --local`): its
    /// network is theirs.
    pub local: bool,
    /// The operator's name for the relay ("Example Mail"), if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where it runs, as the operator says it ("Frankfurt"), if set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Ports the relay itself cannot reach on the internet (its cloud
    /// blocks outbound port 25, say): what fails there says nothing about
    /// the person's network.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocked_ports: Vec<u16>,
}
