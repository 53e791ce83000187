use core::net::{IpAddr, SocketAddr};

use serde::{Deserialize, Serialize};

use crate::{
    AutoconfigProblem, CapabilitySet, DiscoveredServer, DnsOutcome, DnsRecord, MailProtocol, RecordType, ReplyCode,
    ResolverChoice, TlsResult, VersionAnswer,
};

/// One observation, reported as it happens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "data", rename_all = "snake_case")]
pub enum Event {
    /// One DNS question and its answer.
    Dns {
        /// The name asked about.
        name: String,
        /// The record type asked for.
        record_type: RecordType,
        /// The resolver that answered.
        resolver: ResolverChoice,
        /// The response code, or why there was none.
        outcome: DnsOutcome,
        /// The records of the asked type (and any CNAME on the way).
        #[serde(default)]
        records: Vec<DnsRecord>,
        /// How long the answer took.
        elapsed_ms: u64,
    },
    /// An address the name resolved to that the relay will not dial.
    AddressDenied {
        /// The address.
        address: IpAddr,
        /// Which registry entry forbids it (`loopback`, `private-use`).
        reason: String,
    },
    /// One TCP connection attempt to one address.
    Tcp {
        /// The address and port dialed.
        address: SocketAddr,
        /// How it ended.
        outcome: TcpOutcome,
        /// How long it took.
        elapsed_ms: u64,
    },
    /// When no mail connection got through: a connection to the same address
    /// on port 443, which firewalls rarely block. Connected there but silent
    /// on the mail port means a blocked path, not a dead host.
    Control {
        /// The address and port 443.
        address: SocketAddr,
        /// How it ended.
        outcome: TcpOutcome,
        /// How long it took.
        elapsed_ms: u64,
    },
    /// The result of a latency sample: connect times of the attempts that
    /// connected, and how many did not.
    Latency {
        /// The address sampled.
        address: SocketAddr,
        /// Connects tried.
        attempts: u8,
        /// Connects that succeeded.
        connected: u8,
        /// Fastest connect.
        min_ms: u64,
        /// Median connect.
        median_ms: u64,
        /// Slowest connect.
        max_ms: u64,
    },
    /// An autoconfig document (Thunderbird's config-v1.1 format) and the
    /// server settings it names.
    Autoconfig {
        /// Where it was fetched from.
        url: String,
        /// The HTTP status, when the server answered.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<u16>,
        /// The servers the document names.
        #[serde(default)]
        servers: Vec<DiscoveredServer>,
        /// Why no settings came out of it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        problem: Option<AutoconfigProblem>,
        /// The date of maildoctor's copy of the ISP database when the
        /// document came from that copy (`url` is the file's), not from
        /// the live service.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        snapshot: Option<String>,
    },
    /// What an Autodiscover service said about where a mailbox is served.
    Autodiscover {
        /// Where it was asked.
        url: String,
        /// The HTTP status, when the service answered.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<u16>,
        /// The host of the mailbox's endpoint, when it named one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        host: Option<String>,
        /// The IMAP, POP3 and SMTP settings a POX answer names (hosters' answers).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        servers: Vec<DiscoveredServer>,
        /// Where the answer redirected to, and whether that was followed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        redirect: Option<crate::AutodiscoverRedirect>,
        /// Why no host came out of it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        problem: Option<AutoconfigProblem>,
    },
    /// A TLS handshake, implicit or after STARTTLS.
    Tls {
        /// The address the handshake ran on.
        address: SocketAddr,
        /// Its outcome.
        #[serde(flatten)]
        result: TlsResult,
        /// How long it took.
        elapsed_ms: u64,
    },
    /// A TLS hello on a second connection to a port usually used with
    /// SSL/TLS, sent because the port stayed silent to a plaintext client:
    /// it tells a server waiting for TLS from a slow one.
    TlsProbe {
        /// The address the hello went to.
        address: SocketAddr,
        /// What the server answered.
        #[serde(flatten)]
        result: TlsResult,
        /// How long the handshake took.
        elapsed_ms: u64,
    },
    /// The TLS handshake stalled after the hello was sent; the same hello
    /// again on a fresh connection that asks the server for small segments
    /// (TCP MSS `mss`, set before connecting). If this one completes, large
    /// packets are lost on the path: an MTU black hole, not a dead server.
    TlsSmallSegments {
        /// The address the hello went to.
        address: SocketAddr,
        /// The maximum segment size asked for.
        mss: u16,
        /// What the server answered this time.
        #[serde(flatten)]
        result: TlsResult,
        /// How long the handshake took.
        elapsed_ms: u64,
    },
    /// After a handshake with a valid certificate: which older TLS versions
    /// the server still accepts, each asked on a fresh connection with a
    /// hello that offers nothing newer (after STARTTLS, the dialog replayed
    /// up to it), newest first, until one is refused. Relays older than this
    /// event do not send it; pages older than it read it as unknown.
    TlsVersions {
        /// The address asked.
        address: SocketAddr,
        /// What each hello got.
        #[serde(default)]
        answers: Vec<VersionAnswer>,
    },
    /// A step has had no answer for a while and is still waiting (the page
    /// shows it; the step's own deadline decides).
    Waiting {
        /// The step that waits.
        step: Step,
        /// How long it has waited so far.
        waited_ms: u64,
    },
    /// The first thing the server said.
    Greeting {
        /// The protocol the greeting is written in, which may not be the one
        /// the person expected on this port.
        spoken: Option<MailProtocol>,
        /// What the greeting means.
        status: GreetingStatus,
        /// The greeting, verbatim (control bytes escaped).
        text: String,
    },
    /// What the server announced it can do.
    Capabilities {
        /// The protocol asked.
        protocol: MailProtocol,
        /// Asked over TLS (implicit or after STARTTLS).
        tls: bool,
        /// The parsed announcement.
        offered: CapabilitySet,
    },
    /// One line of the conversation, with any credential replaced by `[redacted]`.
    Line {
        /// Who sent it.
        dir: Direction,
        /// The line, without its line end.
        text: String,
    },
    /// The probe stopped before its dialog ended, and why.
    Failed {
        /// The step that did not finish.
        step: Step,
        /// Why.
        reason: ProbeFailure,
    },
    /// The server's answer to STARTTLS (IMAP `STARTTLS`, POP3 `STLS`, SMTP `STARTTLS`).
    Starttls {
        /// The server agreed.
        accepted: bool,
        /// Its answer, verbatim.
        text: String,
    },
    /// The server's answer to a harmless command (SMTP `RSET`) sent in
    /// plaintext after STARTTLS, not offered, was refused: a server that
    /// wants TLS refuses it too (`530 5.7.0 Must issue a STARTTLS command
    /// first`), so the refusal of STARTTLS came from the path.
    PlainCommand {
        /// The command sent.
        command: String,
        /// The server's machine-readable code, parsed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<ReplyCode>,
        /// Its answer, verbatim.
        text: String,
    },
    /// A login attempt and the server's verdict, in its own words.
    Auth {
        /// What was tried: a SASL mechanism, or `LOGIN` / `USER` for the
        /// protocols' own commands; empty when nothing was sent.
        method: String,
        /// The username tried (never the secret), so a retry with another
        /// form is visible.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        username: String,
        /// The verdict.
        outcome: AuthOutcome,
        /// The server's machine-readable code, parsed.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<ReplyCode>,
        /// The server's answer, verbatim.
        text: String,
    },
    /// The dialog ran to its end.
    Completed {
        /// The protocol spoken.
        protocol: MailProtocol,
    },
    /// An event kind this build does not know; a newer relay may send it.
    /// Produced only by [`crate::ServerMessage::from_json`]; never sent.
    #[serde(skip)]
    Unknown {
        /// The unknown kind's name.
        kind: String,
    },
}

/// How one TCP connection attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TcpOutcome {
    /// The connection was made.
    Connected,
    /// RST: nothing listens, or a firewall rejects.
    Refused,
    /// No answer at all: a firewall drops the packets silently.
    TimedOut,
    /// ICMP unreachable or prohibited from a router or firewall.
    Unreachable,
    /// Reset during the handshake.
    Reset,
    /// The relay's own network has no route for this family (IPv6 off, say).
    NoRoute,
}

/// What a greeting means.
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

/// The verdict on a login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum AuthOutcome {
    /// The server accepted the credentials.
    Accepted,
    /// The server refused them; its code and text say why.
    Rejected,
    /// The server offers no way to log in here (no AUTH, LOGINDISABLED).
    NotOffered,
    /// maildoctor did not send the credentials.
    Withheld {
        /// Why not.
        why: WithheldReason,
    },
}

/// Why maildoctor kept the credentials to itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum WithheldReason {
    /// The username or password contains CR, LF or NUL.
    UnsendableCharacters,
    /// The connection is not encrypted and plaintext was not allowed.
    NotEncrypted,
    /// The certificate did not verify, so the server may not be the real one.
    CertificateNotVerified,
    /// The credentials need an IMAP literal, and the server takes none inline.
    NeedsLiteral,
    /// The server offers only mechanisms maildoctor does not speak.
    MechanismsUnsupported {
        /// The mechanisms offered.
        offered: Vec<String>,
    },
    /// The credentials need a mechanism the server does not offer (a
    /// bearer token where only passwords are taken, say).
    MechanismNotOffered {
        /// The mechanism the credentials need.
        wanted: String,
        /// The mechanisms offered.
        offered: Vec<String>,
    },
}

/// Who sent a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// maildoctor.
    Sent,
    /// The server.
    Received,
}

/// The steps of a probe, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Looking up the host's addresses.
    Resolve,
    /// The TCP connection.
    Connect,
    /// The TLS handshake.
    Tls,
    /// The server's greeting.
    Greeting,
    /// Asking for capabilities.
    Capabilities,
    /// The STARTTLS command.
    Starttls,
    /// The login.
    Login,
    /// The goodbye.
    Logout,
}

/// Why a probe stopped early.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ProbeFailure {
    /// The server said nothing before the step's deadline.
    Timeout {
        /// How long it was given.
        waited_ms: u64,
    },
    /// The whole operation ran out of time (a server that drips bytes).
    Deadline {
        /// The operation's deadline.
        waited_ms: u64,
    },
    /// The server closed the connection.
    Closed,
    /// The connection was reset.
    Reset,
    /// The server sent a line longer than the cap.
    LineTooLong {
        /// The cap, in bytes.
        limit: usize,
    },
    /// The server sent a reply with more lines than the cap.
    ResponseTooLarge {
        /// The cap, in lines.
        limit: usize,
    },
    /// The server broke the protocol.
    ProtocolError {
        /// How.
        violation: Violation,
    },
    /// TLS handshake bytes arrived where plaintext was expected.
    TlsOnPlainPort,
    /// No address could be connected.
    Unreachable,
    /// The host does not resolve to any address the relay may dial.
    NoAddress,
    /// Something failed on the relay's own side (a local network error, a
    /// resolver that could not be set up): not the server's doing.
    Local {
        /// The operating system's or library's description.
        detail: String,
    },
}

/// How a server broke its protocol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "violation", rename_all = "snake_case")]
pub enum Violation {
    /// A line that is not a reply of the protocol.
    NotAReply {
        /// The line, verbatim.
        line: String,
    },
    /// An SMTP reply whose code changed between its lines.
    ReplyCodeChanged {
        /// The first line's code.
        from: u16,
        /// The later line's code.
        to: u16,
    },
    /// The server kept asking for more after the login was answered.
    EndlessChallenges,
    /// Bytes after the STARTTLS go-ahead, before TLS (a command-injection risk).
    DataAfterStarttls {
        /// How many were discarded.
        bytes: usize,
    },
}
