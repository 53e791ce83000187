//! One line of plain text per observation: the transcript an administrator
//! reads in `maildoctor probe`, and the page can show under a finding.

use maildoctor_wire::{
    AuthOutcome, CertProblem, CertVerdict, Direction, DnsOutcome, DnsRecord, Event, ProbeFailure, TcpOutcome,
    TlsFailure, TlsResult,
};

fn tcp(outcome: TcpOutcome) -> &'static str {
    match outcome {
        TcpOutcome::Connected => "connected",
        TcpOutcome::Refused => "refused (RST: nothing listens, or a firewall rejects)",
        TcpOutcome::TimedOut => "no answer (silently dropped)",
        TcpOutcome::Unreachable => "unreachable (ICMP from a router or firewall)",
        TcpOutcome::Reset => "reset",
        TcpOutcome::NoRoute => "no route from here",
    }
}

fn record(record: &DnsRecord) -> String {
    match record {
        DnsRecord::A { address } | DnsRecord::Aaaa { address } => address.clone(),
        DnsRecord::Mx { preference, exchange } => format!("{preference} {exchange}"),
        DnsRecord::Srv { priority, weight, port, target } => format!("{priority} {weight} {port} {target}"),
        DnsRecord::Txt { text } => format!("\"{text}\""),
        DnsRecord::Cname { target } => target.clone(),
    }
}

fn problem(problem: &CertProblem) -> String {
    match problem {
        CertProblem::Expired { not_after } => format!("EXPIRED (not after {})", not_after.as_deref().unwrap_or("?")),
        CertProblem::NotYetValid { not_before } => {
            format!("NOT YET VALID (not before {})", not_before.as_deref().unwrap_or("?"))
        }
        CertProblem::SelfSigned => "SELF-SIGNED".into(),
        CertProblem::UnknownIssuer => "UNTRUSTED ISSUER".into(),
        CertProblem::NameMismatch { expected, presented } => {
            format!("WRONG NAME (wanted {expected}, has {})", presented.join(", "))
        }
        CertProblem::ChainIncomplete => "INCOMPLETE CHAIN (an intermediate certificate is missing)".into(),
        CertProblem::Revoked => "REVOKED".into(),
        CertProblem::Other { detail } => format!("REJECTED ({detail})"),
    }
}

fn failure(reason: &ProbeFailure) -> String {
    match reason {
        ProbeFailure::Timeout { waited_ms } => format!("no answer within {waited_ms} ms"),
        ProbeFailure::Deadline { waited_ms } => format!("the whole check ran out of time ({waited_ms} ms)"),
        ProbeFailure::Closed => "the server closed the connection".into(),
        ProbeFailure::Reset => "the connection was reset".into(),
        ProbeFailure::LineTooLong { limit } => format!("a line longer than {limit} bytes"),
        ProbeFailure::ResponseTooLarge { limit } => format!("a reply of more than {limit} lines"),
        ProbeFailure::ProtocolError { detail } => format!("protocol error: {detail}"),
        ProbeFailure::TlsOnPlainPort => "TLS bytes where plain text was expected".into(),
        ProbeFailure::Unreachable => "no address could be connected".into(),
        ProbeFailure::NoAddress => "no address to connect to".into(),
    }
}

/// The event as one line (the certificate chain adds one line per certificate).
pub fn describe(event: &Event) -> String {
    match event {
        Event::Dns { name, record_type, resolver, outcome, records, elapsed_ms } => {
            let answer = match outcome {
                DnsOutcome::Answer => records.iter().map(record).collect::<Vec<_>>().join(", "),
                DnsOutcome::NoData => "no records of this type".into(),
                DnsOutcome::NxDomain => "NXDOMAIN: the name does not exist".into(),
                DnsOutcome::ServFail => "SERVFAIL".into(),
                DnsOutcome::Refused => "REFUSED".into(),
                DnsOutcome::Timeout => "no answer".into(),
                DnsOutcome::Error { message } => format!("error: {message}"),
            };
            format!("DNS    {record_type} {name} via {resolver}: {answer} ({elapsed_ms} ms)")
        }
        Event::AddressDenied { address, reason } => format!("DENIED {address}: {reason}"),
        Event::Tcp { address, outcome, elapsed_ms } => format!("TCP    {address}: {} ({elapsed_ms} ms)", tcp(*outcome)),
        Event::Control { address, outcome, elapsed_ms } => {
            format!("TCP    {address} (control): {} ({elapsed_ms} ms)", tcp(*outcome))
        }
        Event::Latency { address, attempts, connected, min_ms, median_ms, max_ms } => format!(
            "RTT    {address}: {connected} of {attempts} connected; min {min_ms} ms, median {median_ms} ms, max {max_ms} ms"
        ),
        Event::Tls { address, result: TlsResult::Established { version, cipher, verdict, chain }, elapsed_ms } => {
            let verdict = match verdict {
                CertVerdict::Valid => "certificate valid".to_owned(),
                CertVerdict::Invalid { problem: p } => format!("certificate {}", problem(p)),
            };
            let mut text = format!("TLS    {address}: {version}, {cipher}; {verdict} ({elapsed_ms} ms)");
            for (n, cert) in chain.iter().enumerate() {
                text.push_str(&format!(
                    "\n         cert {n}: {} | issuer {} | {} .. {} | {}",
                    cert.subject,
                    cert.issuer,
                    cert.not_before,
                    cert.not_after,
                    cert.dns_names.join(" ")
                ));
            }
            text
        }
        Event::Tls { address, result: TlsResult::Failed { failure: f }, elapsed_ms } => {
            let why = match f {
                TlsFailure::ProtocolTooOld { offered } => {
                    format!("the server only speaks {}", offered.as_deref().unwrap_or("TLS 1.0 or 1.1"))
                }
                TlsFailure::NotTls { first_bytes } => {
                    format!("the server answered in plain text: \"{}\" ({first_bytes})", ascii_of_hex(first_bytes))
                }
                TlsFailure::Alert { description } => format!("alert {description}"),
                TlsFailure::Timeout => "no handshake in time".into(),
                TlsFailure::Closed => "the server closed the connection".into(),
                TlsFailure::Other { detail } => detail.clone(),
            };
            format!("TLS    {address}: FAILED, {why} ({elapsed_ms} ms)")
        }
        Event::Greeting { spoken, status, .. } => {
            let speaks = spoken.map(|p| p.name()).unwrap_or("no mail protocol");
            format!("HELLO  the server speaks {speaks}; {status:?}")
        }
        Event::Capabilities { tls, list, .. } => {
            format!("CAPS   {} TLS: {}", if *tls { "with" } else { "before" }, list.join(" "))
        }
        Event::Line { dir: Direction::Sent, text } => format!("C: {text}"),
        Event::Line { dir: Direction::Received, text } => format!("S: {text}"),
        Event::Starttls { accepted, text } => {
            format!("STARTTLS {}: {text}", if *accepted { "accepted" } else { "REFUSED" })
        }
        Event::Auth { method, outcome, code, text } => {
            let how = match outcome {
                AuthOutcome::Accepted => "accepted".to_owned(),
                AuthOutcome::Rejected => format!("REJECTED{}", code.as_ref().map(|c| format!(" [{c}]")).unwrap_or_default()),
                AuthOutcome::NotOffered => "not offered by the server".to_owned(),
                AuthOutcome::Withheld { why } => format!("not attempted: {why}"),
            };
            format!("LOGIN  {method} {how}{}", if text.is_empty() { String::new() } else { format!(": {text}") })
        }
        Event::Autoconfig { url, status, servers, problem } => {
            let mut text = format!(
                "AUTOCONFIG {url}: {}",
                status.map(|s| format!("HTTP {s}")).unwrap_or_else(|| "no answer".to_owned())
            );
            if let Some(problem) = problem {
                text.push_str(&format!(", {problem}"));
            }
            for server in servers {
                text.push_str(&format!(
                    "\n         {} {} {}:{} ({})",
                    if server.incoming { "incoming" } else { "outgoing" },
                    server.protocol,
                    server.host,
                    server.port,
                    server.security
                ));
            }
            text
        }
        Event::Failed { step, reason } => format!("FAILED at {step:?}: {}", failure(reason)),
        Event::Completed { protocol } => format!("DONE   {protocol} dialog completed"),
        Event::Unknown { kind } => format!("?      an event this build does not know ({kind})"),
    }
}

/// The printable characters of a hex prefix ("48 54 0a" → "HT."): what a
/// plaintext answer said, without letting its control bytes through.
pub(crate) fn ascii_of_hex(hex: &str) -> String {
    hex.split(' ')
        .filter_map(|byte| u8::from_str_radix(byte, 16).ok())
        .map(|b| if b.is_ascii_graphic() || b == b' ' { b as char } else { '.' })
        .collect()
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn faults_read_plainly() {
        let expired = Event::Tls {
            address: "127.0.0.11:993".into(),
            result: TlsResult::Established {
                version: "TLS 1.3".into(),
                cipher: "TLS13_AES_256_GCM_SHA384".into(),
                verdict: CertVerdict::Invalid {
                    problem: CertProblem::Expired { not_after: Some("2020-02-01T00:00:00Z".into()) },
                },
                chain: vec![],
            },
            elapsed_ms: 9,
        };
        assert_eq!(
            describe(&expired),
            "TLS    127.0.0.11:993: TLS 1.3, TLS13_AES_256_GCM_SHA384; certificate EXPIRED (not after 2020-02-01T00:00:00Z) (9 ms)"
        );
        let dropped = Event::Tcp { address: "198.18.1.2:993".into(), outcome: TcpOutcome::TimedOut, elapsed_ms: 3001 };
        assert_eq!(describe(&dropped), "TCP    198.18.1.2:993: no answer (silently dropped) (3001 ms)");
    }
}
