//! The relay's frames read from one JSON tree ([`crate::tree`] says why
//! not by serde's derive), for [`ServerMessage::from_json`].

use serde_json::{Map, Value};

use crate::tree::{field, object, optional, or_default, tag, FromTree, Read, Unreadable};
use crate::*;

crate::named_from_tree! {
    TcpOutcome { "connected" => Connected, "refused" => Refused, "timed_out" => TimedOut,
        "unreachable" => Unreachable, "reset" => Reset, "no_route" => NoRoute }
    GreetingStatus { "ready" => Ready, "pre_authenticated" => PreAuthenticated,
        "unavailable" => Unavailable, "rejected" => Rejected, "unrecognized" => Unrecognized }
    Direction { "sent" => Sent, "received" => Received }
    Step { "resolve" => Resolve, "connect" => Connect, "tls" => Tls, "greeting" => Greeting,
        "capabilities" => Capabilities, "starttls" => Starttls, "login" => Login, "logout" => Logout }
    RecordType { "A" => A, "AAAA" => Aaaa, "MX" => Mx, "SRV" => Srv, "TXT" => Txt,
        "CNAME" => Cname, "NS" => Ns }
    MailProtocol { "smtp" => Smtp, "imap" => Imap, "pop3" => Pop3 }
    Security { "tls" => Tls, "starttls" => Starttls, "none" => None }
    RedirectRefusal { "not_https" => NotHttps, "not_autodiscover" => NotAutodiscover,
        "public_suffix" => PublicSuffix, "other_domain" => OtherDomain, "loop" => Loop,
        "too_many_hops" => TooManyHops }
    TlsVersion { "SSL 3.0" => Ssl3, "TLS 1.0" => Tls10, "TLS 1.1" => Tls11, "TLS 1.2" => Tls12,
        "TLS 1.3" => Tls13 }
    ErrorCode { "bad_message" => BadMessage, "version_mismatch" => VersionMismatch,
        "hello_first" => HelloFirst, "duplicate_id" => DuplicateId, "too_large" => TooLarge }
}

impl FromTree for ResolverChoice {
    fn from_tree(value: &Value) -> Read<Self> {
        match value.as_str() {
            Some("system") => return Ok(Self::System),
            Some("reference") => return Ok(Self::Reference),
            _ => {}
        }
        let map = object(value)?;
        match map.len() {
            1 => field(map, "server").map(Self::Server),
            _ => Err(Unreadable("")),
        }
    }
}

/// Reads an internally tagged enum: the tag `$tag` names the variant, whose
/// fields sit beside it.
macro_rules! tagged {
    ($ty:ident, $reader:ident, $tag:literal, |$map:ident| { $($name:literal => $variant:expr),* $(,)? }) => {
        impl FromTree for $ty {
            fn from_tree(value: &Value) -> Read<Self> {
                $reader(object(value)?)
            }
        }
        fn $reader($map: &Map<String, Value>) -> Read<$ty> {
            match tag($map, $tag)? {
                $($name => Ok($variant),)*
                _ => Err(Unreadable($tag)),
            }
        }
    };
}

tagged!(TlsResult, tls_result, "outcome", |map| {
    "established" => TlsResult::Established {
        version: field(map, "version")?,
        cipher: field(map, "cipher")?,
        verdict: field(map, "verdict")?,
        chain: field(map, "chain")?,
    },
    "failed" => TlsResult::Failed { failure: field(map, "failure")? },
});

tagged!(CertVerdict, cert_verdict, "verdict", |map| {
    "valid" => CertVerdict::Valid,
    "invalid" => CertVerdict::Invalid { problem: field(map, "problem")? },
});

tagged!(CertProblem, cert_problem, "problem", |map| {
    "expired" => CertProblem::Expired { not_after: optional(map, "not_after")? },
    "not_yet_valid" => CertProblem::NotYetValid { not_before: optional(map, "not_before")? },
    "self_signed" => CertProblem::SelfSigned,
    "unknown_issuer" => CertProblem::UnknownIssuer,
    "name_mismatch" => CertProblem::NameMismatch {
        expected: field(map, "expected")?,
        presented: field(map, "presented")?,
    },
    "chain_incomplete" => CertProblem::ChainIncomplete,
    "revoked" => CertProblem::Revoked,
    "other" => CertProblem::Other { detail: field(map, "detail")? },
});

tagged!(TlsFailure, tls_failure, "failure", |map| {
    "protocol_too_old" => TlsFailure::ProtocolTooOld { offered: optional(map, "offered")? },
    "not_tls" => TlsFailure::NotTls { first_bytes: field(map, "first_bytes")? },
    "alert" => TlsFailure::Alert { description: field(map, "description")? },
    "timeout" => TlsFailure::Timeout,
    "closed" => TlsFailure::Closed,
    "other" => TlsFailure::Other { detail: field(map, "detail")? },
});

impl FromTree for VersionAnswer {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(VersionAnswer {
            offered: field(map, "offered")?,
            chose: optional(map, "chose")?,
            cipher: optional(map, "cipher")?,
            refused: or_default(map, "refused")?,
        })
    }
}

impl FromTree for CertSummary {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(CertSummary {
            subject: field(map, "subject")?,
            issuer: field(map, "issuer")?,
            not_before: field(map, "not_before")?,
            not_after: field(map, "not_after")?,
            dns_names: or_default(map, "dns_names")?,
            sha256: field(map, "sha256")?,
        })
    }
}

tagged!(DnsOutcome, dns_outcome, "rcode", |map| {
    "answer" => DnsOutcome::Answer,
    "no_data" => DnsOutcome::NoData,
    "nx_domain" => DnsOutcome::NxDomain,
    "serv_fail" => DnsOutcome::ServFail,
    "refused" => DnsOutcome::Refused,
    "timeout" => DnsOutcome::Timeout,
    "error" => DnsOutcome::Error { message: field(map, "message")? },
});

tagged!(DnsRecord, dns_record, "type", |map| {
    "A" => DnsRecord::A { address: field(map, "address")? },
    "AAAA" => DnsRecord::Aaaa { address: field(map, "address")? },
    "MX" => DnsRecord::Mx { preference: field(map, "preference")?, exchange: field(map, "exchange")? },
    "SRV" => DnsRecord::Srv {
        priority: field(map, "priority")?,
        weight: field(map, "weight")?,
        port: field(map, "port")?,
        target: field(map, "target")?,
    },
    "TXT" => DnsRecord::Txt { text: field(map, "text")? },
    "CNAME" => DnsRecord::Cname { target: field(map, "target")? },
    "NS" => DnsRecord::Ns { target: field(map, "target")? },
});

tagged!(AutoconfigProblem, autoconfig_problem, "problem", |map| {
    "no_address" => AutoconfigProblem::NoAddress,
    "unreachable" => AutoconfigProblem::Unreachable,
    "certificate" => AutoconfigProblem::Certificate,
    "tls" => AutoconfigProblem::Tls,
    "bad_response" => AutoconfigProblem::BadResponse { detail: field(map, "detail")? },
    "status" => AutoconfigProblem::Status,
    "not_autoconfig" => AutoconfigProblem::NotAutoconfig { detail: field(map, "detail")? },
    "timeout" => AutoconfigProblem::Timeout,
});

impl FromTree for AutodiscoverRedirect {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(AutodiscoverRedirect { to: field(map, "to")?, refused: optional(map, "refused")? })
    }
}

impl FromTree for DiscoveredServer {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(DiscoveredServer {
            incoming: field(map, "incoming")?,
            protocol: field(map, "protocol")?,
            host: field(map, "host")?,
            port: field(map, "port")?,
            security: field(map, "security")?,
            username: optional(map, "username")?,
        })
    }
}

impl FromTree for CapabilitySet {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(CapabilitySet {
            starttls: field(map, "starttls")?,
            login_disabled: or_default(map, "login_disabled")?,
            user: or_default(map, "user")?,
            mechanisms: or_default(map, "mechanisms")?,
            other: or_default(map, "other")?,
        })
    }
}

impl FromTree for EnhancedStatus {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(EnhancedStatus::new(field(map, "class")?, field(map, "subject")?, field(map, "detail")?))
    }
}

tagged!(ReplyCode, reply_code, "protocol", |map| {
    "smtp" => ReplyCode::Smtp { basic: field(map, "basic")?, enhanced: optional(map, "enhanced")? },
    "imap" => ReplyCode::Imap { code: field(map, "code")? },
    "pop3" => ReplyCode::Pop3 { code: field(map, "code")? },
});

tagged!(AuthOutcome, auth_outcome, "outcome", |map| {
    "accepted" => AuthOutcome::Accepted,
    "rejected" => AuthOutcome::Rejected,
    "not_offered" => AuthOutcome::NotOffered,
    "withheld" => AuthOutcome::Withheld { why: field(map, "why")? },
});

tagged!(WithheldReason, withheld_reason, "reason", |map| {
    "unsendable_characters" => WithheldReason::UnsendableCharacters,
    "not_encrypted" => WithheldReason::NotEncrypted,
    "certificate_not_verified" => WithheldReason::CertificateNotVerified,
    "needs_literal" => WithheldReason::NeedsLiteral,
    "mechanisms_unsupported" => WithheldReason::MechanismsUnsupported { offered: field(map, "offered")? },
    "mechanism_not_offered" => WithheldReason::MechanismNotOffered {
        wanted: field(map, "wanted")?,
        offered: field(map, "offered")?,
    },
});

tagged!(ProbeFailure, probe_failure, "reason", |map| {
    "timeout" => ProbeFailure::Timeout { waited_ms: field(map, "waited_ms")? },
    "deadline" => ProbeFailure::Deadline { waited_ms: field(map, "waited_ms")? },
    "closed" => ProbeFailure::Closed,
    "reset" => ProbeFailure::Reset,
    "line_too_long" => ProbeFailure::LineTooLong { limit: field(map, "limit")? },
    "response_too_large" => ProbeFailure::ResponseTooLarge { limit: field(map, "limit")? },
    "protocol_error" => ProbeFailure::ProtocolError { violation: field(map, "violation")? },
    "tls_on_plain_port" => ProbeFailure::TlsOnPlainPort,
    "unreachable" => ProbeFailure::Unreachable,
    "no_address" => ProbeFailure::NoAddress,
    "local" => ProbeFailure::Local { detail: field(map, "detail")? },
});

tagged!(Violation, violation, "violation", |map| {
    "not_a_reply" => Violation::NotAReply { line: field(map, "line")? },
    "reply_code_changed" => Violation::ReplyCodeChanged { from: field(map, "from")?, to: field(map, "to")? },
    "endless_challenges" => Violation::EndlessChallenges,
    "data_after_starttls" => Violation::DataAfterStarttls { bytes: field(map, "bytes")? },
});

tagged!(Refusal, refusal, "refusal", |map| {
    "invalid_target" => Refusal::InvalidTarget { detail: field(map, "detail")? },
    "port_not_allowed" => Refusal::PortNotAllowed { port: field(map, "port")? },
    "destination_not_allowed" => Refusal::DestinationNotAllowed { address: field(map, "address")? },
    "invalid_credentials" => Refusal::InvalidCredentials,
    "too_many_operations" => Refusal::TooManyOperations,
    "login_limit" => Refusal::LoginLimit { retry_after_s: field(map, "retry_after_s")? },
    "connection_budget" => Refusal::ConnectionBudget,
    "insecure_transport" => Refusal::InsecureTransport,
    "destination_limit" => Refusal::DestinationLimit { retry_after_s: field(map, "retry_after_s")? },
    "unsupported" => Refusal::Unsupported { op: field(map, "op")? },
    "limits_unavailable" => Refusal::LimitsUnavailable,
});

/// An event's `data`, by its `kind`.
fn event(kind: &str, data: &Value) -> Read<Event> {
    let map = object(data)?;
    Ok(match kind {
        "dns" => Event::Dns {
            name: field(map, "name")?,
            record_type: field(map, "record_type")?,
            resolver: field(map, "resolver")?,
            outcome: field(map, "outcome")?,
            records: or_default(map, "records")?,
            elapsed_ms: field(map, "elapsed_ms")?,
        },
        "address_denied" => Event::AddressDenied { address: field(map, "address")?, reason: field(map, "reason")? },
        "tcp" => Event::Tcp {
            address: field(map, "address")?,
            outcome: field(map, "outcome")?,
            elapsed_ms: field(map, "elapsed_ms")?,
        },
        "control" => Event::Control {
            address: field(map, "address")?,
            outcome: field(map, "outcome")?,
            elapsed_ms: field(map, "elapsed_ms")?,
        },
        "latency" => Event::Latency {
            address: field(map, "address")?,
            attempts: field(map, "attempts")?,
            connected: field(map, "connected")?,
            min_ms: field(map, "min_ms")?,
            median_ms: field(map, "median_ms")?,
            max_ms: field(map, "max_ms")?,
        },
        "autoconfig" => Event::Autoconfig {
            url: field(map, "url")?,
            status: optional(map, "status")?,
            servers: or_default(map, "servers")?,
            problem: optional(map, "problem")?,
            snapshot: optional(map, "snapshot")?,
        },
        "autodiscover" => Event::Autodiscover {
            url: field(map, "url")?,
            status: optional(map, "status")?,
            host: optional(map, "host")?,
            servers: or_default(map, "servers")?,
            redirect: optional(map, "redirect")?,
            problem: optional(map, "problem")?,
        },
        "tls" => Event::Tls {
            address: field(map, "address")?,
            result: tls_result(map)?,
            elapsed_ms: field(map, "elapsed_ms")?,
        },
        "tls_probe" => Event::TlsProbe {
            address: field(map, "address")?,
            result: tls_result(map)?,
            elapsed_ms: field(map, "elapsed_ms")?,
        },
        "tls_small_segments" => Event::TlsSmallSegments {
            address: field(map, "address")?,
            mss: field(map, "mss")?,
            result: tls_result(map)?,
            elapsed_ms: field(map, "elapsed_ms")?,
        },
        "tls_versions" => Event::TlsVersions { address: field(map, "address")?, answers: or_default(map, "answers")? },
        "waiting" => Event::Waiting { step: field(map, "step")?, waited_ms: field(map, "waited_ms")? },
        "greeting" => Event::Greeting {
            spoken: optional(map, "spoken")?,
            status: field(map, "status")?,
            text: field(map, "text")?,
        },
        "capabilities" => Event::Capabilities {
            protocol: field(map, "protocol")?,
            tls: field(map, "tls")?,
            offered: field(map, "offered")?,
        },
        "line" => Event::Line { dir: field(map, "dir")?, text: field(map, "text")? },
        "failed" => Event::Failed { step: field(map, "step")?, reason: field(map, "reason")? },
        "starttls" => Event::Starttls { accepted: field(map, "accepted")?, text: field(map, "text")? },
        "plain_command" => Event::PlainCommand {
            command: field(map, "command")?,
            code: optional(map, "code")?,
            text: field(map, "text")?,
        },
        "auth" => Event::Auth {
            method: field(map, "method")?,
            username: or_default(map, "username")?,
            outcome: field(map, "outcome")?,
            code: optional(map, "code")?,
            text: field(map, "text")?,
        },
        "completed" => Event::Completed { protocol: field(map, "protocol")? },
        _ => return Err(Unreadable("kind")),
    })
}

impl FromTree for Vantage {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(Vantage {
            local: field(map, "local")?,
            name: optional(map, "name")?,
            region: optional(map, "region")?,
            blocked_ports: or_default(map, "blocked_ports")?,
        })
    }
}

/// A whole frame. An event this build cannot read (a kind it does not know,
/// or data of a newer shape) is [`Event::Unknown`], as the module says.
pub(crate) fn server_message(tree: &Value) -> Result<ServerMessage, Unreadable> {
    let map = object(tree)?;
    Ok(match tag(map, "type")? {
        "hello" => ServerMessage::Hello {
            version: field(map, "version")?,
            relay: field(map, "relay")?,
            vantage: optional(map, "vantage")?,
            time_ms: optional(map, "time_ms")?,
        },
        "event" => {
            let kind: String = field(map, "kind")?;
            let (id, t_ms) = (field(map, "id")?, field(map, "t_ms")?);
            let read = map.get("data").ok_or(Unreadable("data")).and_then(|data| event(&kind, data));
            ServerMessage::Event { id, t_ms, event: read.unwrap_or(Event::Unknown { kind }) }
        }
        "done" => ServerMessage::Done { id: field(map, "id")? },
        "refused" => ServerMessage::Refused { id: field(map, "id")?, reason: field(map, "reason")? },
        "error" => ServerMessage::Error { code: field(map, "code")?, message: field(map, "message")? },
        _ => return Err(Unreadable("type")),
    })
}

#[cfg(test)]
mod tests;
