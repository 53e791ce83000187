//! One line of plain text per observation: the transcript an administrator
//! reads in `maildoctor probe`, and the evidence under a finding. The words
//! come from the catalog; what the server sent is quoted verbatim.

use maildoctor_wire::{
    AuthOutcome, CertProblem, CertVerdict, Direction, DnsOutcome, DnsRecord, Event, ProbeFailure, Refusal, Step,
    TcpOutcome, TlsFailure, TlsResult, Violation,
};

use crate::catalog::{Args, Catalog};
use crate::words::{self, security_label};
use crate::Source;

pub(crate) fn tcp_outcome_id(outcome: TcpOutcome) -> &'static str {
    match outcome {
        TcpOutcome::Connected => "tcp-connected",
        TcpOutcome::Refused => "tcp-refused",
        TcpOutcome::TimedOut => "tcp-timed-out",
        TcpOutcome::Unreachable => "tcp-unreachable",
        TcpOutcome::Reset => "tcp-reset",
        TcpOutcome::NoRoute => "tcp-no-route",
    }
}

/// A probe step's name, as transcripts and the page's timeline say it.
pub fn step_name(catalog: &Catalog, step: Step) -> String {
    let id = match step {
        Step::Resolve => "step-resolve",
        Step::Connect => "step-connect",
        Step::Tls => "step-tls",
        Step::Greeting => "step-greeting",
        Step::Capabilities => "step-capabilities",
        Step::Starttls => "step-starttls",
        Step::Login => "step-login",
        Step::Logout => "step-logout",
    };
    catalog.text(id, &Args::new())
}

/// How `source` is named on its own (and after "found by").
pub(crate) fn source(catalog: &Catalog, source: Source) -> String {
    catalog.text(source_id(source), &Args::new())
}

/// How `source` is named after "from" or "according to" (German: the dative).
pub(crate) fn source_after_preposition(catalog: &Catalog, source: Source) -> String {
    let id = source_id(source);
    catalog.attribute(id, "dative", &Args::new()).unwrap_or_else(|| catalog.text(id, &Args::new()))
}

fn source_id(source: Source) -> &'static str {
    match source {
        Source::Given => "source-given",
        Source::Provider => "source-provider",
        Source::ProviderByMx => "source-provider-by-mx",
        Source::Srv => "source-srv",
        Source::Autoconfig => "source-autoconfig",
        Source::Ispdb => "source-ispdb",
        Source::Autodiscover => "source-autodiscover",
        Source::Mx => "source-mx",
        Source::Guess => "source-guess",
        Source::SameHost => "source-same-host",
        Source::Expected => "source-expected",
    }
}

pub(crate) fn violation(catalog: &Catalog, violation: &Violation) -> String {
    let (id, args) = match violation {
        Violation::NotAReply { line } => ("violation-not-a-reply", Args::new().text("line", line.clone())),
        Violation::ReplyCodeChanged { from, to } => {
            ("violation-code-changed", Args::new().text("from", from.to_string()).text("to", to.to_string()))
        }
        Violation::EndlessChallenges => ("violation-endless-challenges", Args::new()),
        Violation::DataAfterStarttls { bytes } => {
            ("violation-data-after-starttls", Args::new().number("bytes", *bytes as u64))
        }
    };
    catalog.text(id, &args)
}

pub(crate) fn failure(catalog: &Catalog, reason: &ProbeFailure) -> String {
    let (id, args) = match reason {
        ProbeFailure::Timeout { waited_ms } => ("failure-timeout", Args::new().text("ms", waited_ms.to_string())),
        ProbeFailure::Deadline { waited_ms } => ("failure-deadline", Args::new().text("ms", waited_ms.to_string())),
        ProbeFailure::Closed => ("failure-closed", Args::new()),
        ProbeFailure::Reset => ("failure-reset", Args::new()),
        ProbeFailure::LineTooLong { limit } => ("failure-line-too-long", Args::new().text("limit", limit.to_string())),
        ProbeFailure::ResponseTooLarge { limit } => {
            ("failure-response-too-large", Args::new().text("limit", limit.to_string()))
        }
        ProbeFailure::ProtocolError { violation: v } => return violation(catalog, v),
        ProbeFailure::TlsOnPlainPort => ("failure-tls-on-plain-port", Args::new()),
        ProbeFailure::Unreachable => ("failure-unreachable", Args::new()),
        ProbeFailure::NoAddress => ("failure-no-address", Args::new()),
        ProbeFailure::Local { detail } => ("failure-local", Args::new().text("detail", detail.clone())),
    };
    catalog.text(id, &args)
}

pub(crate) fn refusal(catalog: &Catalog, refusal: &Refusal) -> String {
    let (id, args) = match refusal {
        Refusal::InvalidTarget { detail } => ("relay-why-target", Args::new().text("detail", detail.clone())),
        Refusal::PortNotAllowed { port } => ("relay-why-port", Args::new().text("port", port.to_string())),
        Refusal::DestinationNotAllowed { address } => {
            ("relay-why-address", Args::new().text("address", address.to_string()))
        }
        Refusal::InvalidCredentials => ("relay-why-credentials", Args::new()),
        Refusal::TooManyOperations => ("relay-why-busy", Args::new()),
        Refusal::LoginLimit { retry_after_s } => {
            ("relay-why-login-limit", Args::new().text("minutes", retry_after_s.div_ceil(60).max(1).to_string()))
        }
        Refusal::InsecureTransport => ("relay-why-insecure-transport", Args::new()),
        Refusal::ConnectionBudget => ("relay-why-connection-budget", Args::new()),
        Refusal::DestinationLimit { retry_after_s } => {
            ("relay-why-destination-limit", Args::new().text("seconds", retry_after_s.max(&1).to_string()))
        }
        Refusal::Unsupported { op } => ("relay-why-unsupported", Args::new().text("op", op.clone())),
        Refusal::LimitsUnavailable => ("relay-why-limits-unavailable", Args::new()),
    };
    catalog.text(id, &args)
}

fn record(record: &DnsRecord) -> String {
    match record {
        DnsRecord::A { address } => address.to_string(),
        DnsRecord::Aaaa { address } => address.to_string(),
        DnsRecord::Mx { preference, exchange } => format!("{preference} {exchange}"),
        DnsRecord::Srv { priority, weight, port, target } => format!("{priority} {weight} {port} {target}"),
        DnsRecord::Txt { text } => format!("\"{text}\""),
        DnsRecord::Cname { target } | DnsRecord::Ns { target } => target.clone(),
    }
}

fn problem(catalog: &Catalog, problem: &CertProblem) -> String {
    let unknown = || "?".to_owned();
    let (id, args) = match problem {
        CertProblem::Expired { not_after } => {
            ("cert-expired", Args::new().text("date", not_after.clone().unwrap_or_else(unknown)))
        }
        CertProblem::NotYetValid { not_before } => {
            ("cert-not-yet-valid", Args::new().text("date", not_before.clone().unwrap_or_else(unknown)))
        }
        CertProblem::SelfSigned => ("cert-self-signed", Args::new()),
        CertProblem::UnknownIssuer => ("cert-untrusted", Args::new()),
        CertProblem::NameMismatch { expected, presented } => {
            ("cert-wrong-name", Args::new().text("expected", expected.clone()).text("presented", presented.join(", ")))
        }
        CertProblem::ChainIncomplete => ("cert-incomplete", Args::new()),
        CertProblem::Revoked => ("cert-revoked", Args::new()),
        CertProblem::Other { detail } => ("cert-rejected", Args::new().text("detail", detail.clone())),
    };
    catalog.text(id, &args)
}

fn tls_failure(catalog: &Catalog, failure: &TlsFailure) -> String {
    let (id, args) = match failure {
        TlsFailure::ProtocolTooOld { offered: Some(version) } => {
            ("tls-only-old", Args::new().text("version", version.name()))
        }
        TlsFailure::ProtocolTooOld { offered: None } => ("tls-only-old-unknown", Args::new()),
        TlsFailure::NotTls { first_bytes } => {
            ("tls-not-tls", Args::new().text("text", ascii_of_hex(first_bytes)).text("hex", first_bytes.clone()))
        }
        TlsFailure::Alert { description } => ("tls-alert", Args::new().text("alert", description.clone())),
        TlsFailure::Timeout => ("tls-timeout", Args::new()),
        TlsFailure::Closed => ("tls-closed", Args::new()),
        TlsFailure::Other { detail } => ("tls-other", Args::new().text("detail", detail.clone())),
    };
    catalog.text(id, &args)
}

fn dns_answer(catalog: &Catalog, outcome: &DnsOutcome, records: &[DnsRecord]) -> String {
    let id = match outcome {
        DnsOutcome::Answer => return records.iter().map(record).collect::<Vec<_>>().join(", "),
        DnsOutcome::NoData => "dns-no-data",
        DnsOutcome::NxDomain => "dns-nxdomain",
        DnsOutcome::ServFail => "dns-servfail",
        DnsOutcome::Refused => "dns-refused",
        DnsOutcome::Timeout => "dns-timeout",
        DnsOutcome::Error { message } => {
            return catalog.text("dns-error", &Args::new().text("message", message.clone()))
        }
    };
    catalog.text(id, &Args::new())
}

/// The event as one line (the certificate chain and autoconfig servers add
/// one line each).
pub fn describe(event: &Event, catalog: &Catalog) -> String {
    let t = |id: &str, args: Args<'_>| catalog.text(id, &args);
    let a = Args::new;
    match event {
        Event::Dns { name, record_type, resolver, outcome, records, elapsed_ms } => t(
            "ev-dns",
            a().text("type", record_type.to_string())
                .text("name", name.clone())
                .text("resolver", resolver.to_string())
                .text("answer", dns_answer(catalog, outcome, records))
                .text("ms", elapsed_ms.to_string()),
        ),
        Event::AddressDenied { address, reason } => {
            t("ev-denied", a().text("address", address.to_string()).text("reason", reason.clone()))
        }
        Event::Tcp { address, outcome, elapsed_ms } => t(
            "ev-tcp",
            a().text("address", address.to_string())
                .text("outcome", t(tcp_outcome_id(*outcome), a()))
                .text("ms", elapsed_ms.to_string()),
        ),
        Event::Control { address, outcome, elapsed_ms } => t(
            "ev-control",
            a().text("address", address.to_string())
                .text("outcome", t(tcp_outcome_id(*outcome), a()))
                .text("ms", elapsed_ms.to_string()),
        ),
        Event::Latency { address, attempts, connected, min_ms, median_ms, max_ms } => t(
            "ev-latency",
            a().text("address", address.to_string())
                .number("connected", u64::from(*connected))
                .number("attempts", u64::from(*attempts))
                .text("min", min_ms.to_string())
                .text("median", median_ms.to_string())
                .text("max", max_ms.to_string()),
        ),
        Event::Tls { address, result: TlsResult::Established { version, cipher, verdict, chain }, elapsed_ms } => {
            let verdict = match verdict {
                CertVerdict::Valid => t("cert-valid", a()),
                CertVerdict::Invalid { problem: p } => problem(catalog, p),
            };
            let mut text = t(
                "ev-tls",
                a().text("address", address.to_string())
                    .text("version", version.name())
                    .text("cipher", cipher.clone())
                    .text("verdict", verdict)
                    .text("ms", elapsed_ms.to_string()),
            );
            for (n, cert) in chain.iter().enumerate() {
                text.push_str("\n         ");
                text.push_str(&t(
                    "ev-cert",
                    a().text("n", n.to_string())
                        .text("subject", cert.subject.clone())
                        .text("issuer", cert.issuer.clone())
                        .text("from", cert.not_before.clone())
                        .text("until", cert.not_after.clone())
                        .text("names", cert.dns_names.join(" ")),
                ));
            }
            text
        }
        Event::Tls { address, result: TlsResult::Failed { failure }, elapsed_ms } => t(
            "ev-tls-failed",
            a().text("address", address.to_string())
                .text("why", tls_failure(catalog, failure))
                .text("ms", elapsed_ms.to_string()),
        ),
        Event::TlsProbe { address, result, elapsed_ms } => {
            let line =
                describe(&Event::Tls { address: *address, result: result.clone(), elapsed_ms: *elapsed_ms }, catalog);
            format!("{}\n         {line}", t("ev-tls-probe", a()))
        }
        Event::TlsSmallSegments { address, mss, result, elapsed_ms } => {
            let line =
                describe(&Event::Tls { address: *address, result: result.clone(), elapsed_ms: *elapsed_ms }, catalog);
            format!("{}\n         {line}", t("ev-tls-small-segments", a().text("mss", mss.to_string())))
        }
        Event::TlsVersions { address, answers } => {
            let said = |answer: &maildoctor_wire::VersionAnswer| match (answer.chose, answer.refused) {
                (Some(version), _) => t(
                    "ev-tls-version-took",
                    a().text("version", version.name()).text("cipher", answer.cipher.clone().unwrap_or_default()),
                ),
                (None, true) => t("ev-tls-version-refused", a().text("version", answer.offered.name())),
                (None, false) => t("ev-tls-version-silent", a().text("version", answer.offered.name())),
            };
            let list: Vec<String> = answers.iter().map(said).collect();
            t("ev-tls-versions", a().text("address", address.to_string()).text("list", list.join("; ")))
        }
        Event::Waiting { step, waited_ms } => {
            t("ev-waiting", a().text("step", step_name(catalog, *step)).text("ms", waited_ms.to_string()))
        }
        Event::Greeting { spoken, text, .. } => match spoken {
            Some(protocol) => t("ev-greeting", a().text("protocol", protocol.name()).text("said", text.clone())),
            None => t("ev-greeting-unknown", a().text("said", text.clone())),
        },
        Event::Capabilities { tls, offered, .. } => {
            let mut words: Vec<String> = Vec::new();
            if offered.starttls {
                words.push("STARTTLS".into());
            }
            if offered.login_disabled {
                words.push("LOGINDISABLED".into());
            }
            if offered.user {
                words.push("USER".into());
            }
            if offered.offers_sasl() {
                words.push(format!("AUTH({})", offered.mechanisms.join(" ")));
            }
            words.extend(offered.other.iter().cloned());
            let id = if *tls { "ev-caps-tls" } else { "ev-caps-plain" };
            t(id, a().text("list", words.join(" ")))
        }
        Event::Line { dir: Direction::Sent, text } => format!("C: {text}"),
        Event::Line { dir: Direction::Received, text } => format!("S: {text}"),
        Event::Starttls { accepted: true, text } => t("ev-starttls-accepted", a().text("said", text.clone())),
        Event::Starttls { accepted: false, text } => t("ev-starttls-refused", a().text("said", text.clone())),
        Event::PlainCommand { command, text, .. } => {
            t("ev-plain-command", a().text("command", command.clone()).text("said", text.clone()))
        }
        Event::Auth { method, username, outcome, code, text } => {
            let user = if username.is_empty() { "-".to_owned() } else { username.clone() };
            let (id, args) = match outcome {
                AuthOutcome::Accepted => ("ev-auth-accepted", a().text("method", method.clone()).text("user", user)),
                AuthOutcome::Rejected => (
                    "ev-auth-rejected",
                    a().text("method", method.clone())
                        .text("user", user)
                        .text("code", code.as_ref().map(|c| c.to_string()).unwrap_or_else(|| "-".into()))
                        .text("said", text.clone()),
                ),
                AuthOutcome::NotOffered => ("ev-auth-not-offered", a()),
                AuthOutcome::Withheld { .. } => ("ev-auth-withheld", a()),
            };
            t(id, args)
        }
        Event::Autoconfig { url, status, servers, problem, .. } => {
            let status = status.map(|s| s.to_string()).unwrap_or_else(|| "-".into());
            let mut text = match problem {
                Some(problem) => {
                    let (id, args) = autoconfig_problem(problem);
                    t(
                        "ev-autoconfig-problem",
                        a().text("url", url.clone()).text("status", status).text("problem", t(id, args)),
                    )
                }
                None => t("ev-autoconfig", a().text("url", url.clone()).text("status", status)),
            };
            for server in servers {
                text.push('\n');
                let ep = crate::Endpoint {
                    host: server.host.clone(),
                    port: server.port,
                    protocol: server.protocol,
                    security: server.security,
                };
                text.push_str(&format!("         {}", words::endpoint(catalog, &ep)));
            }
            text
        }
        Event::Autodiscover { servers, redirect, .. } if !servers.is_empty() || redirect.is_some() => {
            crate::cause::autodiscover_said::event_line(catalog, event)
        }
        Event::Autodiscover { url, status, host, problem, .. } => {
            let status = status.map(|s| s.to_string()).unwrap_or_else(|| "-".into());
            match (host, problem) {
                (Some(host), _) => {
                    t("ev-autodiscover", a().text("url", url.clone()).text("status", status).text("host", host.clone()))
                }
                (None, problem) => {
                    let (id, args) =
                        problem.as_ref().map(autoconfig_problem).unwrap_or(("autoconfig-status", Args::new()));
                    t(
                        "ev-autodiscover-problem",
                        a().text("url", url.clone()).text("status", status).text("problem", t(id, args)),
                    )
                }
            }
        }
        Event::Failed { step, reason } => {
            t("ev-failed", a().text("step", step_name(catalog, *step)).text("why", failure(catalog, reason)))
        }
        Event::Completed { protocol } => t("ev-completed", a().text("protocol", protocol.name())),
        Event::Unknown { kind } => t("ev-unknown", a().text("kind", kind.clone())),
    }
}

fn autoconfig_problem(problem: &maildoctor_wire::AutoconfigProblem) -> (&'static str, Args<'static>) {
    use maildoctor_wire::AutoconfigProblem as P;
    match problem {
        P::NoAddress => ("autoconfig-no-address", Args::new()),
        P::Unreachable => ("autoconfig-unreachable", Args::new()),
        P::Certificate => ("autoconfig-certificate", Args::new()),
        P::Tls => ("autoconfig-tls", Args::new()),
        P::BadResponse { detail } => ("autoconfig-bad-response", Args::new().text("detail", detail.clone())),
        P::Status => ("autoconfig-status", Args::new()),
        P::NotAutoconfig { detail } => ("autoconfig-not-autoconfig", Args::new().text("detail", detail.clone())),
        P::Timeout => ("autoconfig-timeout", Args::new()),
    }
}

/// The security label, for callers that show settings.
pub fn security(catalog: &Catalog, security: maildoctor_wire::Security) -> String {
    security_label(catalog, security)
}

/// The printable characters of a hex prefix ("48 54 0a" → "HT."): what a
/// plaintext answer said, without letting its control bytes through.
pub(crate) fn ascii_of_hex(hex: &str) -> String {
    hex.split(' ')
        .filter_map(|byte| u8::from_str_radix(byte, 16).ok())
        .map(|b| if b.is_ascii_graphic() || b == b' ' { b as char } else { '.' })
        .collect()
}
