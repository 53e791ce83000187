use serde::{Deserialize, Serialize};

use crate::{MailProtocol, RecordType, Security};

/// One observation, reported as it happens. Addresses are text (`ip:port`) so
/// the schema reads the same in every language that consumes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Event {
    /// One DNS question and its answer.
    Dns {
        name: String,
        record_type: RecordType,
        /// `system` or the server's `ip:port`.
        resolver: String,
        outcome: DnsOutcome,
        #[serde(default)]
        records: Vec<DnsRecord>,
        elapsed_ms: u64,
    },
    /// An address the name resolved to that the relay will not dial.
    AddressDenied {
        address: String,
        reason: String,
    },
    /// One TCP connection attempt to one address.
    Tcp {
        address: String,
        outcome: TcpOutcome,
        elapsed_ms: u64,
    },
    /// When no mail connection got through: a connection to the same address
    /// on port 443, which firewalls rarely block. Connected there but silent
    /// on the mail port means a blocked path, not a dead host.
    Control {
        address: String,
        outcome: TcpOutcome,
        elapsed_ms: u64,
    },
    /// The result of a latency sample: connect times of the attempts that
    /// connected, and how many did not.
    Latency {
        address: String,
        attempts: u8,
        connected: u8,
        min_ms: u64,
        median_ms: u64,
        max_ms: u64,
    },
    /// An autoconfig document (Thunderbird's config-v1.1 format) and the
    /// server settings it names.
    Autoconfig {
        url: String,
        /// The HTTP status, when the server answered.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<u16>,
        #[serde(default)]
        servers: Vec<DiscoveredServer>,
        /// Why no settings came out of it, in words.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        problem: Option<String>,
    },
    /// A TLS handshake, implicit or after STARTTLS.
    Tls {
        address: String,
        #[serde(flatten)]
        result: TlsResult,
        elapsed_ms: u64,
    },
    /// The first thing the server said.
    Greeting {
        /// The protocol the greeting is written in, which may not be the one
        /// the person expected on this port.
        spoken: Option<MailProtocol>,
        status: GreetingStatus,
        text: String,
    },
    Capabilities {
        protocol: MailProtocol,
        tls: bool,
        list: Vec<String>,
    },
    /// One line of the conversation, with any credential replaced by `[redacted]`.
    Line {
        dir: Direction,
        text: String,
    },
    /// The probe stopped before its dialog ended, and why.
    Failed {
        step: Step,
        reason: ProbeFailure,
    },
    /// The server's answer to STARTTLS (IMAP `STARTTLS`, POP3 `STLS`, SMTP `STARTTLS`).
    Starttls {
        accepted: bool,
        text: String,
    },
    /// A login attempt and the server's verdict, in its own words.
    Auth {
        /// What was tried: a SASL mechanism, or `LOGIN` / `USER` for the
        /// protocols' own commands.
        method: String,
        outcome: AuthOutcome,
        /// The server's machine-readable code: an IMAP or POP3 response code
        /// (`AUTHENTICATIONFAILED`, `AUTH`), or an SMTP reply code with its
        /// enhanced status (`535 5.7.8`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        text: String,
    },
    /// The dialog ran to its end.
    Completed {
        protocol: MailProtocol,
    },
    /// An event kind this build does not know; a newer relay may send it.
    /// Produced only by [`crate::ServerMessage::from_json`]; never sent.
    #[serde(skip)]
    Unknown {
        kind: String,
    },
}

/// One server an autoconfig document names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiscoveredServer {
    /// Incoming (IMAP, POP3) or outgoing (SMTP).
    pub incoming: bool,
    pub protocol: MailProtocol,
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// The username form, with the document's placeholders (`%EMAILADDRESS%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum TlsResult {
    Established { version: String, cipher: String, verdict: CertVerdict, chain: Vec<CertSummary> },
    Failed { failure: TlsFailure },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rcode", rename_all = "snake_case")]
pub enum DnsOutcome {
    /// NOERROR with records of the asked type.
    Answer,
    /// NOERROR, but no records of this type (the name exists).
    NoData,
    NxDomain,
    ServFail,
    Refused,
    Timeout,
    Error {
        message: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "UPPERCASE")]
pub enum DnsRecord {
    A { address: String },
    Aaaa { address: String },
    Mx { preference: u16, exchange: String },
    Srv { priority: u16, weight: u16, port: u16, target: String },
    Txt { text: String },
    Cname { target: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TcpOutcome {
    Connected,
    /// RST: nothing listens, or a firewall rejects.
    Refused,
    /// No answer at all: a firewall drops the packets silently.
    TimedOut,
    /// ICMP unreachable or prohibited from a router or firewall.
    Unreachable,
    Reset,
    /// The relay's own network has no route for this family (IPv6 off, say).
    NoRoute,
}

/// What the certificate check concluded. The handshake goes on even when the
/// certificate is bad, so the diagnosis can say what the server would have
/// done; credentials are never sent unless the verdict is `valid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum CertVerdict {
    Valid,
    Invalid { problem: CertProblem },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum CertProblem {
    Expired { not_after: Option<String> },
    NotYetValid { not_before: Option<String> },
    SelfSigned,
    UnknownIssuer,
    NameMismatch { expected: String, presented: Vec<String> },
    ChainIncomplete,
    Revoked,
    Other { detail: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertSummary {
    pub subject: String,
    pub issuer: String,
    pub not_before: String,
    pub not_after: String,
    #[serde(default)]
    pub dns_names: Vec<String>,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "failure", rename_all = "snake_case")]
pub enum TlsFailure {
    /// The server only offers TLS versions older than 1.2.
    ProtocolTooOld {
        offered: Option<String>,
    },
    /// The server answered in plaintext where TLS was expected.
    NotTls {
        first_bytes: String,
    },
    Alert {
        description: String,
    },
    Timeout,
    Closed,
    Other {
        detail: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GreetingStatus {
    /// Ready (`220`, `* OK`, `+OK`).
    Ready,
    /// IMAP `* PREAUTH`: already logged in.
    PreAuthenticated,
    /// Temporarily unavailable (`421`, `* BYE` with a reason).
    Unavailable,
    /// Refused for good (`554`, `-ERR`).
    Rejected,
    /// Not a greeting of any mail protocol this build knows.
    Unrecognized,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum AuthOutcome {
    Accepted,
    Rejected,
    /// The server offers no way to log in here (no AUTH, LOGINDISABLED).
    NotOffered,
    /// maildoctor did not send the credentials, and says why (no verified
    /// TLS, a character that cannot be sent).
    Withheld {
        why: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Sent,
    Received,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Resolve,
    Connect,
    Tls,
    Greeting,
    Capabilities,
    Starttls,
    Login,
    Logout,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ProbeFailure {
    /// The server said nothing before the step's deadline.
    Timeout {
        waited_ms: u64,
    },
    /// The whole operation ran out of time (a server that drips bytes).
    Deadline {
        waited_ms: u64,
    },
    Closed,
    Reset,
    LineTooLong {
        limit: usize,
    },
    ResponseTooLarge {
        limit: usize,
    },
    /// The server broke the protocol; `detail` says how.
    ProtocolError {
        detail: String,
    },
    /// TLS handshake bytes arrived where plaintext was expected.
    TlsOnPlainPort,
    /// No address could be connected.
    Unreachable,
    /// The host does not resolve to any address the relay may dial.
    NoAddress,
}
