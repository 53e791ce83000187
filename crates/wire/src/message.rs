use serde::{Deserialize, Serialize};

use crate::{Event, Operation};

/// Chosen by the client; unique among its running operations.
pub type OpId = u32;

/// Client to relay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientMessage {
    Hello { version: u32 },
    Run { id: OpId, op: Operation },
    Cancel { id: OpId },
}

/// Relay to client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerMessage {
    Hello {
        version: u32,
        /// The relay's build, for bug reports.
        relay: String,
    },
    Event {
        id: OpId,
        /// Milliseconds since the operation started on the relay.
        t_ms: u64,
        #[serde(flatten)]
        event: Event,
    },
    Done {
        id: OpId,
    },
    /// The relay's policy forbids this operation; nothing was sent anywhere.
    Refused {
        id: OpId,
        reason: Refusal,
    },
    Error {
        code: ErrorCode,
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum Refusal {
    /// Not a host name or address the relay accepts (syntax, or a local-only name).
    InvalidTarget {
        detail: String,
    },
    /// Not a mail port.
    PortNotAllowed {
        port: u16,
    },
    /// A special-purpose address (loopback, private, ...) the relay never dials.
    DestinationNotAllowed {
        address: String,
    },
    /// A username or password with CR, LF or NUL.
    InvalidCredentials,
    TooManyOperations,
    /// This build of the relay does not execute this operation yet.
    Unsupported {
        op: String,
    },
}

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
    TooLarge,
}

impl ServerMessage {
    /// Parses a frame from the relay. An event of a kind this build does not
    /// know becomes [`Event::Unknown`] instead of an error, so an older page
    /// keeps working against a newer relay.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        match serde_json::from_str(text) {
            Ok(message) => Ok(message),
            Err(err) => {
                #[derive(Deserialize)]
                struct UnknownEvent {
                    #[serde(rename = "type")]
                    frame: String,
                    id: OpId,
                    t_ms: u64,
                    kind: String,
                }
                match serde_json::from_str::<UnknownEvent>(text) {
                    Ok(frame) if frame.frame == "event" => Ok(ServerMessage::Event {
                        id: frame.id,
                        t_ms: frame.t_ms,
                        event: Event::Unknown { kind: frame.kind },
                    }),
                    _ => Err(err),
                }
            }
        }
    }

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
