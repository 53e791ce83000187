//! Where the settings came from, said truly in every combination of the
//! provider's page (the widget's attributes) and the person's own settings:
//! both, either, neither. A server from either of them gets the password as
//! the person's own, so no sentence may say it was held back for want of a
//! yes; only servers maildoctor guessed wait for one.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{AuthOutcome, DnsOutcome, Event, Login, Operation, Secret, Security, TcpOutcome};

use super::support::*;
use crate::{Catalog, Code, Lang, Report, Request, Session, Settings, UntestedReason};

/// example.test exists but publishes no mail settings; mail.example.test answers on 993
/// (SSL/TLS) and 143 (STARTTLS) and takes the password there; 143 without
/// encryption, and every other name, refuses.
fn provider_network(op: &Operation) -> Vec<Event> {
    let Operation::Probe(spec) = op else {
        let Operation::Resolve(spec) = op else { return vec![] };
        let outcome = if spec.name == "example.test" { DnsOutcome::NoData } else { DnsOutcome::NxDomain };
        return vec![dns(&spec.name, spec.types[0], outcome, vec![])];
    };
    let answers = spec.host == "mail.example.test"
        && matches!((spec.port, spec.security), (993, Security::Tls) | (143, Security::Starttls));
    if !answers {
        return vec![dns_ok(), tcp(TcpOutcome::Refused)];
    }
    let mut events = healthy_imap();
    if spec.login.is_some() {
        let completed = events.pop().expect("completed");
        let accepted = Event::Auth {
            method: "PLAIN".into(),
            username: "alice@example.test".into(),
            outcome: AuthOutcome::Accepted,
            code: None,
            text: "Logged in".into(),
        };
        events.extend([accepted, completed]);
    }
    events
}

/// One check: the provider's page says 993 with SSL/TLS (`provider`), the
/// person's app uses 143 without encryption (`person`), with a password or not.
fn check(provider: bool, person: bool, password: bool, lang: Lang) -> Report {
    let mut request = Request::new("alice@example.test");
    request.sample_latency = false;
    if provider {
        request.expected.incoming = Some(imap_tls());
    }
    if person {
        request.incoming = Some(Settings { port: 143, security: Security::None, ..imap_tls() });
    }
    if password {
        // A username without the domain: the login retry spends the
        // two-logins budget, so some own servers go without the password.
        let secret = Secret::new("pw");
        request.login = Some(Login { username: "alice".into(), secret, mechanism: None, allow_plaintext: false });
    }
    simulate_in(Session::plan(request).expect("valid"), provider_network, &Catalog::new(lang))
}

fn incoming_untested(report: &Report) -> Vec<UntestedReason> {
    report.untested.iter().filter(|u| u.side == crate::Side::Incoming).map(|u| u.reason).collect()
}

#[test]
fn the_provider_page_and_the_persons_settings_get_the_password_in_every_combination() {
    for lang in [Lang::En, Lang::De] {
        for (provider, person) in [(true, false), (false, true), (true, true)] {
            let case = format!("provider page {provider}, person's settings {person}, {lang:?}");
            let report = check(provider, person, true, lang);
            assert!(report.findings.iter().any(|f| f.code == Code::OkIncoming), "{case}: {report:#?}");
            assert!(!report.ask_consent, "{case}: no yes is asked for servers that are the person's own");
            assert_eq!(incoming_untested(&report), [], "{case}: {:#?}", report.untested);
            let found = report.findings.iter().find(|f| f.code == Code::DiscoveryFound);
            if let (true, Some(found)) = (provider, found) {
                let from = if lang == Lang::En {
                    "(from your provider's help page)"
                } else {
                    "der Hilfeseite Ihres Anbieters"
                };
                assert!(found.explanation.contains(from), "{case}: {}", found.explanation);
            }

            // No password: the login was not tried, and that is all it says.
            let report = check(provider, person, false, lang);
            assert_eq!(incoming_untested(&report), [UntestedReason::NoPassword], "{case}: {:#?}", report.untested);
            assert!(!report.ask_consent, "{case}");
        }
    }
}

#[test]
fn with_neither_only_the_guessed_servers_wait_for_a_yes_and_say_where_they_came_from() {
    for (lang, came_from) in [
        (Lang::En, "it came from trying the usual server names and ports, not from your domain's own settings"),
        (Lang::De, "stammt aber aus dem Ausprobieren der üblichen Servernamen und Ports, nicht aus den eigenen"),
    ] {
        let report = check(false, false, true, lang);
        assert!(report.ask_consent, "{lang:?}: guessed servers that work wait for a yes: {report:#?}");
        let waiting = report.untested.iter().find(|u| u.side == crate::Side::Incoming).expect("incoming untested");
        assert_eq!(waiting.reason, UntestedReason::NeedsConsent, "{lang:?}: {waiting:#?}");
        assert_eq!(waiting.source, Some(crate::Source::Guess), "{lang:?}");
        assert!(waiting.title.contains(came_from), "{lang:?}: {}", waiting.title);

        let report = check(false, false, false, lang);
        assert_eq!(incoming_untested(&report), [UntestedReason::NoPassword], "{lang:?}");
        assert!(!report.ask_consent, "{lang:?}");
    }
}

/// The app's settings answer only without encryption, beside the provider's
/// page: the password was held back there, which is not a failure, and the
/// sentence says so in both languages.
#[test]
fn settings_that_answer_only_unencrypted_are_held_back_not_failed() {
    let plaintext_network = |op: &Operation| match op {
        Operation::Probe(spec) if spec.port == 143 && spec.security == Security::None => {
            let mut events = healthy_imap();
            events.remove(2);
            let completed = events.pop().expect("completed");
            let why = maildoctor_wire::WithheldReason::NotEncrypted;
            let withheld = Event::Auth {
                method: String::new(),
                username: "alice@example.test".into(),
                outcome: AuthOutcome::Withheld { why },
                code: None,
                text: String::new(),
            };
            events.extend([withheld, completed]);
            events
        }
        other => provider_network(other),
    };
    for (lang, held_back, not) in [
        (Lang::En, "answer from here only without encryption, so maildoctor did not send your password there", "fail"),
        (
            Lang::De,
            "antworten von hier aus nur unverschlüsselt, daher hat maildoctor Ihr Passwort dort nicht gesendet",
            "scheitern",
        ),
    ] {
        let mut request = Request::new("alice@example.test");
        request.sample_latency = false;
        request.expected.incoming = Some(imap_tls());
        request.incoming = Some(Settings { port: 143, security: Security::None, ..imap_tls() });
        let secret = Secret::new("pw");
        request.login =
            Some(Login { username: "alice@example.test".into(), secret, mechanism: None, allow_plaintext: false });
        let report = simulate_in(Session::plan(request).expect("valid"), plaintext_network, &Catalog::new(lang));
        let said = report.findings.iter().find(|f| f.code == Code::SettingsNotAsProviderSays).expect("compared");
        assert!(said.explanation.contains(held_back), "{lang:?}: {}", said.explanation);
        assert!(!said.explanation.contains(not), "{lang:?}: {}", said.explanation);
        assert!(
            report.findings.iter().any(|f| f.code == Code::OkIncoming),
            "the provider's server took it: {report:#?}"
        );
        assert!(!report.ask_consent, "{lang:?}");
    }
}
