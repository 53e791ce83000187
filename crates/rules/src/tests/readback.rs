//! A report read back from its JSON (share links) by the hand reader, held
//! to the derive: reports with every part filled in, then every report one
//! change away from each, read both ways.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    AuthOutcome, CertProblem, CertVerdict, EnhancedStatus, Event, MailProtocol, ReplyCode, Security, TcpOutcome,
};
use serde_json::Value;

use super::support::{
    diagnose, discovering, dns_ok, greeting, healthy_imap, imap_tls, published_domain, simulate, tcp, tls,
};
use crate::{CheckedFrom, Report, Settings};

fn reports() -> Vec<Report> {
    let wrong_password = {
        let mut events = healthy_imap();
        events.insert(
            5,
            Event::Auth {
                method: "PLAIN".into(),
                username: "alice@example.test".into(),
                outcome: AuthOutcome::Rejected,
                code: Some(ReplyCode::Smtp { basic: 535, enhanced: Some(EnhancedStatus::new(5, 7, 8)) }),
                text: "535 5.7.8 Authentication failed".into(),
            },
        );
        events
    };
    let expired =
        CertVerdict::Invalid { problem: CertProblem::Expired { not_after: Some("2020-02-01T00:00:00Z".into()) } };
    let plain = Settings {
        host: "mail.example.test".into(),
        port: 143,
        protocol: MailProtocol::Imap,
        security: Security::None,
    };
    vec![
        diagnose(imap_tls(), healthy_imap()),
        diagnose(imap_tls(), wrong_password),
        diagnose(imap_tls(), vec![dns_ok(), tcp(TcpOutcome::Connected), tls(expired), greeting("* OK ready")]),
        diagnose(imap_tls(), vec![dns_ok(), tcp(TcpOutcome::TimedOut)]),
        simulate(discovering(plain), published_domain),
        Report {
            checked_from: Some(CheckedFrom {
                local: false,
                name: Some("Example Mail".into()),
                region: Some("Frankfurt".into()),
                text: "the relay Example Mail (Frankfurt)".into(),
            }),
            ..diagnose(imap_tls(), vec![dns_ok(), tcp(TcpOutcome::TimedOut)])
        },
    ]
}

#[test]
fn reports_read_back_as_written_and_as_the_derive_reads_them() {
    let reports = reports();
    let has = |part: fn(&Report) -> bool| reports.iter().any(part);
    assert!(has(|r| r.findings.iter().any(|f| !f.follows.is_empty())), "no folded finding");
    assert!(has(|r| r.findings.iter().any(|f| !f.clients.is_empty() && !f.evidence.is_empty())), "no app steps");
    assert!(has(|r| !r.working.is_empty() && r.probes.iter().any(|p| p.source.is_some())), "no working settings");
    assert!(has(|r| r.checked_from.as_ref().is_some_and(|c| c.name.is_some())), "no place checked from");
    let mut compared = 0;
    for report in reports {
        let text = report.to_json();
        assert_eq!(Report::from_json(&text).as_ref(), Some(&report), "{text}");
        let tree: Value = serde_json::from_str(&text).expect("JSON");
        for changed in maildoctor_wire::samples::one_change_away(&tree) {
            let text = changed.to_string();
            assert_eq!(Report::from_json(&text), serde_json::from_str::<Report>(&text).ok(), "{text}");
            compared += 1;
        }
    }
    assert!(compared > 3_000, "only {compared} changed reports");
}
