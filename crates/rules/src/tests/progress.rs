//! The step rows the page draws its timeline, path and port matrix from,
//! and the Markdown export.

use maildoctor_wire::{CertProblem, CertVerdict, ServerMessage, Step, TcpOutcome};

use super::support::{at, catalog, diagnose, dns_ok, healthy_imap, imap_tls, only, tcp, tls};
use crate::StepState;

fn states(report: &crate::Report) -> Vec<(Step, StepState)> {
    report.probes[0].steps.iter().map(|s| (s.step, s.state)).collect()
}

#[test]
fn a_healthy_probe_passes_every_step_in_order() {
    let report = diagnose(imap_tls(), healthy_imap());
    assert_eq!(report.probes.len(), 1);
    let steps = states(&report);
    assert_eq!(steps.first(), Some(&(Step::Resolve, StepState::Passed)));
    let order: Vec<Step> = steps.iter().map(|(step, _)| *step).collect();
    let tls_at = order.iter().position(|s| *s == Step::Tls).expect("a TLS step");
    let greeting_at = order.iter().position(|s| *s == Step::Greeting).expect("a greeting step");
    assert!(tls_at < greeting_at, "implicit TLS comes before the greeting: {order:?}");
    assert!(steps.iter().all(|(_, state)| *state == StepState::Passed), "{steps:?}");
    assert!(report.probes[0].passed());
    assert_eq!(report.probes[0].failed_step(), None);
}

#[test]
fn a_silent_port_fails_at_connect_with_its_address() {
    let report = diagnose(imap_tls(), vec![dns_ok(), tcp(TcpOutcome::TimedOut)]);
    let probe = &report.probes[0];
    assert_eq!(probe.failed_step(), Some(Step::Connect));
    let connect = probe.steps.iter().find(|s| s.step == Step::Connect).expect("a connect line");
    assert_eq!(connect.address, Some(at("127.0.0.10:993")));
    assert!(!probe.passed());
}

#[test]
fn an_expired_certificate_fails_at_tls() {
    let expired = CertVerdict::Invalid { problem: CertProblem::Expired { not_after: None } };
    let report = diagnose(imap_tls(), vec![dns_ok(), tcp(TcpOutcome::Connected), tls(expired)]);
    assert_eq!(report.probes[0].failed_step(), Some(Step::Tls));
}

#[test]
fn a_running_probe_shows_the_step_it_waits_for() {
    let mut session = only(imap_tls());
    session.start();
    session.handle(&ServerMessage::Event { id: 1, t_ms: 3, event: dns_ok() });
    let report = session.report(&catalog());
    assert_eq!(states(&report), vec![(Step::Resolve, StepState::Passed), (Step::Connect, StepState::Waiting)]);
    session.handle(&ServerMessage::Event { id: 1, t_ms: 9, event: tcp(TcpOutcome::Connected) });
    let report = session.report(&catalog());
    assert_eq!(states(&report).last(), Some(&(Step::Tls, StepState::Waiting)));
    assert!(!report.probes[0].done);
}

#[test]
fn markdown_carries_the_findings_fixes_and_working_settings() {
    let broken = diagnose(imap_tls(), vec![dns_ok(), tcp(TcpOutcome::Refused)]);
    let markdown = broken.to_markdown(&catalog());
    assert!(markdown.starts_with("# maildoctor: alice@example.test"), "{markdown}");
    assert!(markdown.contains("(`tcp.refused`)"), "{markdown}");
    assert!(markdown.contains(&format!("1. {}", broken.findings[0].fix[0])), "{markdown}");
    let mut healthy = diagnose(imap_tls(), healthy_imap());
    let unproven = healthy.to_markdown(&catalog());
    assert!(unproven.contains("mail.example.test"), "{unproven}");
    // No password, so no login: the settings answer, they are not proven to work.
    assert!(!healthy.untested.is_empty());
    assert!(unproven.contains("## Settings that answer (not everything was tested to the end):"), "{unproven}");
    healthy.untested.clear();
    let proven = healthy.to_markdown(&catalog());
    assert!(proven.contains("## Settings that work:"), "{proven}");
}
