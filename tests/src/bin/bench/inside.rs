//! `bench inside`: one diagnosis run in-process inside a stage's network
//! namespace, timed as it goes: when each finding code first appears and
//! when the report is complete. Printed as one JSON line for the parent.

use std::io::Read as _;
use std::net::SocketAddr;
use std::time::Instant;

use maildoctor_probe::{Executor, ExecutorConfig, Policy, ResolverSetting, Timeouts, Trust};
use maildoctor_rules::{Catalog, Finding, Lang, Request, Session, Settings};
use maildoctor_wire::{Login, MailProtocol, Secret, Security};

/// Every code in `findings`, folded ones too.
fn codes(findings: &[Finding], out: &mut Vec<String>) {
    for finding in findings {
        out.push(finding.code.as_str().to_owned());
        codes(&finding.follows, out);
    }
}

fn server(spec: &str, protocol: MailProtocol) -> Settings {
    let parts: Vec<&str> = spec.split(':').collect();
    let security = match parts[2] {
        "tls" => Security::Tls,
        "starttls" => Security::Starttls,
        _ => Security::None,
    };
    Settings { host: parts[0].to_owned(), port: parts[1].parse().expect("a port"), protocol, security }
}

/// `inside RESOLVER CA ADDRESS [incoming=h:p:s] [outgoing=h:p:s] [login]`;
/// with `login`, the password is one line on standard input.
pub(crate) async fn run(args: &[String]) {
    let resolver: SocketAddr = args[0].parse().expect("the resolver");
    let trust = Trust::new(Some(std::path::Path::new(&args[1]))).expect("the CA");
    let mut request = Request::new(args[2].clone());
    for arg in &args[3..] {
        if let Some(spec) = arg.strip_prefix("incoming=") {
            request.incoming = Some(server(spec, MailProtocol::Imap));
        } else if let Some(spec) = arg.strip_prefix("outgoing=") {
            request.outgoing = Some(server(spec, MailProtocol::Smtp));
        } else if arg == "login" {
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password).expect("the password");
            let secret = Secret::new(password.trim_end());
            request.login = Some(Login { username: args[2].clone(), secret, mechanism: None, allow_plaintext: false });
            request.login_discovered = true;
        }
    }
    let config = ExecutorConfig {
        resolver: ResolverSetting::Server(resolver),
        trust,
        policy: Policy::permissive(),
        timeouts: Timeouts::default(),
        ispdb: None,
        autodiscover: None,
        // The bench measures the resolver it is given, nothing besides.
        reference: Vec::new(),
    };
    let executor = Executor::new(config).expect("an executor");
    let catalog = Catalog::new(Lang::En);
    let mut session = Session::plan(request).expect("a valid request");
    let started = Instant::now();
    let mut first: Vec<(String, u128)> = Vec::new();
    // Each probe: when it was planned and when it ended, since the start.
    let mut spans: Vec<(String, u128, Option<u128>)> = Vec::new();
    maildoctor::local::drive(&mut session, &executor, |session| {
        let mut seen = Vec::new();
        let report = session.report(&catalog);
        let now = started.elapsed().as_millis();
        for probe in &report.probes {
            let name = format!("{} {}", probe.op, probe.endpoint);
            match spans.iter_mut().find(|(n, _, _)| *n == name) {
                Some(span) if probe.done && span.2.is_none() => span.2 = Some(now),
                Some(_) => {}
                None => spans.push((name, now, probe.done.then_some(now))),
            }
        }
        codes(&report.findings, &mut seen);
        for code in seen {
            if !first.iter().any(|(c, _)| *c == code) {
                first.push((code, started.elapsed().as_millis()));
            }
        }
    })
    .await;
    let total = started.elapsed().as_millis();
    let report = session.report(&catalog);
    let first: serde_json::Map<String, serde_json::Value> =
        first.into_iter().map(|(code, ms)| (code, serde_json::Value::from(ms as u64))).collect();
    // When the last login was answered, since the start: the end of the
    // dialogs, before the TLS-version questions that follow them.
    let login_ms = report
        .probes
        .iter()
        .filter_map(|p| {
            let name = format!("{} {}", p.op, p.endpoint);
            let start = spans.iter().find(|(n, _, _)| *n == name)?.1 as u64;
            let login = p
                .steps
                .iter()
                .find(|s| s.step == maildoctor_wire::Step::Login && s.state == maildoctor_rules::StepState::Passed)?;
            Some(start + login.at_ms?)
        })
        .max();
    let line = serde_json::json!({
        "login_ms": login_ms,
        "total_ms": total as u64,
        "complete": report.complete,
        "errors": report.has_errors(),
        "first_ms": first,
        "probes": report.probes.len(),
        "spans": spans.iter().map(|(n, a, b)| format!("{n}: {a}..{}", b.unwrap_or(0))).collect::<Vec<_>>(),
        // Each step of the probes that worked, ms since the probe began:
        // where a round trip beyond the bound goes.
        "steps": report.probes.iter().filter(|p| p.steps.iter().all(|s| s.state != maildoctor_rules::StepState::Failed)).map(|p| {
            let steps: Vec<String> = p.steps.iter().map(|s| format!("{:?}@{}", s.step, s.at_ms.unwrap_or(0))).collect();
            format!("{}: {}", p.endpoint, steps.join(" "))
        }).collect::<Vec<_>>(),
    });
    println!("{line}");
}
