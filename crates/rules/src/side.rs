//! The direction of mail a server is for. One type, so that a direction
//! never travels as a bare `bool` whose meaning a reader has to guess.

use maildoctor_wire::MailProtocol;
use serde::{Deserialize, Serialize};

/// The direction of mail a server is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Receiving: IMAP or POP3.
    Incoming,
    /// Sending: SMTP submission.
    Outgoing,
}

impl Side {
    /// Both directions, incoming first: the order the report takes them in.
    pub const BOTH: [Side; 2] = [Side::Incoming, Side::Outgoing];

    /// The direction a protocol serves: SMTP sends, IMAP and POP3 receive.
    pub fn of(protocol: MailProtocol) -> Self {
        if protocol == MailProtocol::Smtp {
            Side::Outgoing
        } else {
            Side::Incoming
        }
    }

    /// From a format that keeps the direction as a flag (the wire's
    /// `DiscoveredServer.incoming`, an ISPDB or autoconfig entry).
    pub fn from_incoming(incoming: bool) -> Self {
        if incoming {
            Side::Incoming
        } else {
            Side::Outgoing
        }
    }

    /// Whether this is the receiving direction.
    pub fn is_incoming(self) -> bool {
        self == Side::Incoming
    }

    /// The direction as the JSON and the catalogs' `$direction` and
    /// `$side` name it.
    pub fn key(self) -> &'static str {
        match self {
            Side::Incoming => "incoming",
            Side::Outgoing => "outgoing",
        }
    }

    /// The other direction.
    pub fn other(self) -> Self {
        match self {
            Side::Incoming => Side::Outgoing,
            Side::Outgoing => Side::Incoming,
        }
    }
}
