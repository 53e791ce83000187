//! What a DNS question came back with.

use core::net::IpAddr;

use serde::{Deserialize, Serialize};

/// A DNS response code, or why there was no response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rcode", rename_all = "snake_case")]
pub enum DnsOutcome {
    /// NOERROR with records of the asked type.
    Answer,
    /// NOERROR, but no records of this type (the name exists).
    NoData,
    /// The name does not exist.
    NxDomain,
    /// The resolver failed (SERVFAIL).
    ServFail,
    /// The resolver refused to answer (REFUSED).
    Refused,
    /// No answer within the deadline.
    Timeout,
    /// Another failure of the resolver.
    Error {
        /// The resolver library's description.
        message: String,
    },
}

/// One DNS record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "UPPERCASE")]
pub enum DnsRecord {
    /// An IPv4 address.
    A {
        /// The address.
        address: core::net::Ipv4Addr,
    },
    /// An IPv6 address.
    Aaaa {
        /// The address.
        address: core::net::Ipv6Addr,
    },
    /// A mail exchanger.
    Mx {
        /// Lower is preferred.
        preference: u16,
        /// The host.
        exchange: String,
    },
    /// A service location (RFC 2782).
    Srv {
        /// Lower is preferred.
        priority: u16,
        /// Share among equal priorities.
        weight: u16,
        /// The port.
        port: u16,
        /// The host; `.` says the service is not offered.
        target: String,
    },
    /// Text.
    Txt {
        /// The strings, joined.
        text: String,
    },
    /// An alias.
    Cname {
        /// The name it points to.
        target: String,
    },
    /// A name server of the zone.
    Ns {
        /// Its name.
        target: String,
    },
}

impl DnsRecord {
    /// The address of an A or AAAA record.
    pub fn address(&self) -> Option<IpAddr> {
        match self {
            Self::A { address } => Some(IpAddr::V4(*address)),
            Self::Aaaa { address } => Some(IpAddr::V6(*address)),
            _ => None,
        }
    }
}
