//! Two places compared: each staged difference gives its own code, folds
//! the findings from here that it explains, and names whose fault it is.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    CertVerdict, DnsOutcome, Event, GreetingStatus, MailProtocol, Operation, RecordType, Security, TcpOutcome,
    TlsResult,
};

use super::support::*;
use crate::{compare, Code, Comparison, Fault, Report, Settings};

fn submission() -> Settings {
    Settings { host: "mail.example.test".into(), port: 587, protocol: MailProtocol::Smtp, security: Security::Starttls }
}

fn smtp(offers_starttls: bool) -> Vec<Event> {
    let plain: &[&str] = if offers_starttls { &["STARTTLS", "PIPELINING"] } else { &["PIPELINING"] };
    let mut events = vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        Event::Greeting { spoken: Some(MailProtocol::Smtp), status: GreetingStatus::Ready, text: "220 ready".into() },
        capabilities(MailProtocol::Smtp, false, plain),
    ];
    if offers_starttls {
        events.push(Event::Starttls { accepted: true, text: "220 go ahead".into() });
        events.push(tls(CertVerdict::Valid));
        events.push(capabilities(MailProtocol::Smtp, true, &["AUTH PLAIN"]));
    }
    events.push(Event::Completed { protocol: MailProtocol::Smtp });
    events
}

/// The same settings, played by two relays.
fn two_places(
    settings: Settings,
    here: impl Fn(&Operation) -> Vec<Event>,
    there: impl Fn(&Operation) -> Vec<Event>,
) -> Comparison {
    let here = played(only(settings.clone()), here);
    let there = played(only(settings), there);
    compare(&here, &there, &catalog())
}

fn always(events: Vec<Event>) -> impl Fn(&Operation) -> Vec<Event> {
    move |_| events.clone()
}

/// The comparison for `code`, staged, as a report of its findings (for the
/// every-code checks).
pub(super) fn staged(code: Code, mut shell: Report) -> Report {
    shell.findings = staged_comparison(code).findings;
    shell
}

fn staged_comparison(code: Code) -> Comparison {
    match code {
        Code::VantageDnsDiffers => {
            let stale = vec![
                dns("mail.example.test", RecordType::A, DnsOutcome::Answer, vec![a_record("198.18.0.99")]),
                tcp(TcpOutcome::TimedOut),
            ];
            two_places(imap_tls(), always(stale), always(healthy_imap()))
        }
        Code::VantageBlockedHere => {
            two_places(submission(), always(vec![dns_ok(), tcp(TcpOutcome::TimedOut)]), always(smtp(true)))
        }
        Code::VantageInterceptedHere => two_places(
            imap_tls(),
            always(healthy_imap_signed_by(
                "CN=Avast Web/Mail Shield Root",
                CertVerdict::Invalid { problem: maildoctor_wire::CertProblem::UnknownIssuer },
            )),
            always(healthy_imap_signed_by("CN=maildoctor test CA", CertVerdict::Valid)),
        ),
        Code::VantageStrippedHere => two_places(submission(), always(smtp(false)), always(smtp(true))),
        Code::VantageOnlyHere => {
            let mut refused = healthy_imap();
            refused.truncate(2);
            refused.push(Event::Tls {
                address: at("127.0.0.10:993"),
                result: TlsResult::Failed { failure: maildoctor_wire::TlsFailure::Timeout },
                elapsed_ms: 10_000,
            });
            two_places(imap_tls(), always(refused), always(healthy_imap()))
        }
        Code::VantageSameFailure => {
            let refused = vec![dns_ok(), tcp(TcpOutcome::Refused)];
            two_places(imap_tls(), always(refused.clone()), always(refused))
        }
        other => panic!("{other} is not a comparison's code"),
    }
}

#[test]
fn each_difference_between_the_places_has_its_code_and_whose_fault_it_is() {
    let cases = [
        (Code::VantageDnsDiffers, Fault::YourNetwork, Code::TcpFiltered),
        (Code::VantageBlockedHere, Fault::YourNetwork, Code::TcpFiltered),
        (Code::VantageInterceptedHere, Fault::YourDevice, Code::TlsIntercepted),
        (Code::VantageStrippedHere, Fault::YourNetwork, Code::StarttlsNotOffered),
        (Code::VantageSameFailure, Fault::ServerOrSettings, Code::TcpRefused),
    ];
    for (code, fault, folded) in cases {
        let comparison = staged_comparison(code);
        assert_eq!(comparison.fault, fault, "{code}: {comparison:#?}");
        let [finding] = comparison.findings.as_slice() else { panic!("{code}: one finding: {comparison:#?}") };
        assert_eq!(finding.code, code);
        assert!(
            finding.follows.iter().any(|f| f.code == folded || f.follows.iter().any(|g| g.code == folded)),
            "{code} folds the finding from here it explains ({folded}): {finding:#?}"
        );
        assert!(!comparison.verdict.is_empty() && !finding.fix.is_empty());
    }
    let intercepted = staged_comparison(Code::VantageInterceptedHere);
    assert!(intercepted.findings[0].explanation.contains("Avast Web/Mail Shield Root"), "{intercepted:#?}");
    assert!(intercepted.verdict.starts_with("Whose fault: something on your computer"), "{}", intercepted.verdict);
    let dns = staged_comparison(Code::VantageDnsDiffers);
    assert!(dns.findings[0].explanation.contains("198.18.0.99") && dns.findings[0].explanation.contains("127.0.0.10"));
}

#[test]
fn two_places_that_see_the_same_working_servers_blame_nobody() {
    let comparison = two_places(imap_tls(), always(healthy_imap()), always(healthy_imap()));
    assert_eq!(comparison.fault, Fault::Nobody);
    assert!(comparison.findings.is_empty(), "{comparison:#?}");
    assert!(comparison.verdict.starts_with("No one's"), "{}", comparison.verdict);
}

/// Comparisons no staged code needs: nobody's fault, and a name that has no
/// address in one place.
pub(super) fn rare() -> Vec<Comparison> {
    let nxdomain = vec![dns("mail.example.test", RecordType::A, DnsOutcome::NxDomain, vec![])];
    vec![
        two_places(imap_tls(), always(healthy_imap()), always(healthy_imap())),
        two_places(imap_tls(), always(nxdomain), always(healthy_imap())),
    ]
}

#[test]
fn a_comparison_reads_in_a_terminal_with_its_relay_and_whose_fault() {
    let comparison = staged_comparison(Code::VantageBlockedHere);
    let text = comparison.to_text("wss://relay.example.net/v1/ws", &catalog());
    assert!(text.contains("Compared with the relay at wss://relay.example.net/v1/ws:"), "{text}");
    assert!(text.contains("Whose fault: your network.") && text.contains("vantage.blocked_here"), "{text}");
}

#[test]
fn a_name_that_does_not_resolve_here_only_is_the_resolvers_fault() {
    let comparison = &rare()[1];
    assert_eq!(comparison.fault, Fault::YourNetwork);
    assert_eq!(comparison.findings[0].code, Code::VantageDnsDiffers);
    assert!(comparison.findings[0].explanation.contains("resolves to no address"), "{comparison:#?}");
}

#[test]
fn guesses_that_fail_alike_in_both_places_blame_nobody_when_the_account_works() {
    // The person's servers work; discovery also tries guesses, which are
    // refused the same from both places.
    let plan = || {
        let mut request = crate::Request::new("alice@example.test");
        request.incoming = Some(imap_tls());
        request.outgoing = Some(submission());
        request.discovery = crate::Discovery::Always;
        request.sample_latency = false;
        crate::Session::plan(request).expect("valid")
    };
    let answer = |op: &Operation| match op {
        Operation::Probe(spec) if spec.host == "mail.example.test" && spec.port == 993 => healthy_imap(),
        Operation::Probe(spec) if spec.host == "mail.example.test" && spec.port == 587 => smtp(true),
        Operation::Probe(_) => vec![dns_ok(), tcp(TcpOutcome::Refused)],
        Operation::Resolve(spec) if spec.name == "example.test" => {
            vec![dns(&spec.name, spec.types[0], DnsOutcome::NoData, vec![])]
        }
        Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NxDomain, vec![])],
        _ => vec![],
    };
    let (here, there) = (played(plan(), answer), played(plan(), answer));
    let report = here.report(&catalog());
    assert!(!report.has_errors(), "the account works: {report:#?}");
    assert!(report.probes.len() > 2, "guesses were tried too");
    let comparison = compare(&here, &there, &catalog());
    assert_eq!(comparison.fault, Fault::Nobody, "{comparison:#?}");
    assert!(comparison.findings.is_empty(), "{comparison:#?}");
}

#[test]
fn a_difference_folds_the_findings_from_here_word_for_word_as_the_report_from_here_says_them() {
    let here = played(only(submission()), always(vec![dns_ok(), tcp(TcpOutcome::TimedOut)]));
    let there = played(only(submission()), always(smtp(true)));
    let comparison = compare(&here, &there, &catalog());
    let report = here.report(&catalog());
    let [blocked] = comparison.findings.as_slice() else { panic!("one difference: {comparison:#?}") };
    assert_eq!(blocked.severity, crate::Severity::Error);
    assert_eq!(blocked.endpoint.as_ref().map(|e| e.port), Some(587));
    // The fold is of typed items, rendered once: the same findings, same words.
    assert_eq!(blocked.follows, report.findings, "{comparison:#?}");
    assert!(blocked.title.starts_with("Your network blocks port 587"), "{}", blocked.title);
}

#[test]
fn a_comparison_in_a_share_link_reads_back_as_written_and_as_the_derive_reads_it() {
    let codes = [
        Code::VantageDnsDiffers,
        Code::VantageBlockedHere,
        Code::VantageInterceptedHere,
        Code::VantageStrippedHere,
        Code::VantageOnlyHere,
        Code::VantageSameFailure,
    ];
    let mut all: Vec<Comparison> = codes.into_iter().map(staged_comparison).collect();
    all.extend(rare());
    assert!(all.iter().any(|c| c.findings.iter().any(|f| !f.follows.is_empty())), "a folded finding");
    for comparison in all {
        let text = comparison.to_share_json("wss://relay.example.net/v1/ws");
        let (relay, read) = Comparison::from_share_json(&text).expect("reads back");
        assert_eq!(relay, "wss://relay.example.net/v1/ws");
        assert_eq!(read, comparison);
        let tree: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        let derived: Comparison = serde_json::from_value(tree["comparison"].clone()).expect("the derive reads it");
        assert_eq!(read, derived);
    }
    assert_eq!(Comparison::from_share_json(r#"{"relay":"wss://r","comparison":{"fault":"nobody"}}"#), None);
}
