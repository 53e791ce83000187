//! What a relay elsewhere saw of the path (DNS answers, interception and
//! stripped STARTTLS, a scanner, a slow or lossy path) is that relay's view:
//! its words never claim the person's network, resolver or computer, and
//! say how to check from there. A local check keeps today's words.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::BTreeSet;

use fluent_syntax::ast::Entry;
use maildoctor_wire::{
    CertVerdict, DnsOutcome, Event, GreetingStatus, MailProtocol, Operation, RecordType, ResolverChoice, Security,
    Step, TcpOutcome, Vantage,
};

use super::support::*;
use crate::catalog::{record, Args};
use crate::cause::{Cause, Interceptor, Scanner};
use crate::item::Item;
use crate::render::{self, relay_from, NETWORK_PATH};
use crate::{Catalog, Code, Finding, Lang, Report, Request, Session, Settings};

const SOURCES: [(Lang, &str); 2] =
    [(Lang::En, include_str!("../../catalogs/en.ftl")), (Lang::De, include_str!("../../catalogs/de.ftl"))];

/// Words that claim the person's own network, resolver or computer.
const YOURS_EN: &[&str] = &[
    "your network",
    "your resolver",
    "your dns",
    "your computer",
    "your router",
    "your antivirus",
    "your company",
    "your wi-fi",
    "this network",
    "this computer",
    "from here",
    "on your side",
];
const YOURS_DE: &[&str] = &[
    "Ihr Netz",
    "Ihrem Netz",
    "Ihres Netzes",
    "Ihr Resolver",
    "Ihr DNS",
    "Ihr Computer",
    "Ihrem Computer",
    "Ihres Computers",
    "Ihren Router",
    "Ihrem Router",
    "Ihr Virenschutz",
    "Ihrer Firma",
    "diesem Netz",
    "dieses Netzes",
    "diesem Computer",
    "dieses Computers",
    "von hier",
];

/// English words a German sentence never holds.
const ENGLISH: &[&str] = &[" the ", " your ", " is ", " and ", " not ", " from ", " of ", "From the relay"];

/// Network-path messages whose `.why` reads the same from anywhere.
const SAME_FROM_ANYWHERE: &[&str] = &["f-server-closed", "f-local-failure"];

fn frankfurt() -> Vantage {
    Vantage {
        local: false,
        name: Some("Example Mail".into()),
        region: Some("Frankfurt".into()),
        blocked_ports: Vec::new(),
    }
}

fn this_computer() -> Vantage {
    Vantage { local: true, name: None, region: None, blocked_ports: Vec::new() }
}

fn claims_yours(lang: Lang, text: &str) -> Option<&'static str> {
    match lang {
        Lang::En => YOURS_EN.iter().copied().find(|w| text.to_lowercase().contains(w)),
        Lang::De => YOURS_DE.iter().copied().find(|w| text.contains(w)),
    }
}

/// Everything a person reads of a finding.
fn words(finding: &Finding) -> String {
    format!("{}\n{}\n{}", finding.title, finding.explanation, finding.fix.join("\n"))
}

/// `session` played by `answer`, checked from `from` (none: not told), in `lang`.
fn checked(
    mut session: Session,
    from: Option<Vantage>,
    lang: Lang,
    answer: impl Fn(&Operation) -> Vec<Event>,
) -> Report {
    if let Some(from) = from {
        session.checked_from(from);
    }
    simulate_in(session, answer, &Catalog::new(lang))
}

fn finding(report: &Report, code: Code) -> Finding {
    report.findings.iter().find(|f| f.code == code).cloned().unwrap_or_else(|| panic!("no {code:?}: {report:#?}"))
}

/// A family's representative, from a relay in Frankfurt and from this
/// computer, in both languages: the relay's words are its view, and the
/// local words are those of a check not told where it ran.
struct Family {
    code: Code,
    /// How the relay's title begins, in English and German.
    relay: [&'static str; 2],
    /// How today's local title begins, in English and German.
    local: [&'static str; 2],
}

impl Family {
    fn assert(&self, run: impl Fn(Option<Vantage>, Lang) -> Report) {
        for (n, lang) in [Lang::En, Lang::De].into_iter().enumerate() {
            let relay = finding(&run(Some(frankfurt()), lang), self.code);
            let said = words(&relay);
            assert!(relay.title.starts_with(self.relay[n]), "{lang}: {said}");
            assert_eq!(claims_yours(lang, &said), None, "{lang}: the relay's view claims yours: {said}");
            assert!(said.contains("maildoctor check"), "{lang}: the local check is offered: {said}");
            let local = finding(&run(Some(this_computer()), lang), self.code);
            let untold = finding(&run(None, lang), self.code);
            assert_eq!(words(&local), words(&untold), "{lang}: a local relay is this computer");
            assert!(local.title.starts_with(self.local[n]), "{lang}: {}", words(&local));
            assert!(!words(&local).contains("relay"), "{lang}: {}", words(&local));
        }
    }
}

#[test]
fn a_failing_resolver_seen_from_a_relay_is_the_relay_s_resolver() {
    let run = |from, lang| {
        let mut request = Request::new("alice@example.test");
        request.incoming = Some(imap_tls());
        request.discovery = crate::Discovery::Off;
        request.sample_latency = false;
        request.reference_resolver = crate::Reference::Always;
        let session = Session::plan(request).expect("valid");
        checked(session, from, lang, |op| match op {
            Operation::Resolve(spec) if spec.resolver == ResolverChoice::System => {
                vec![dns(&spec.name, RecordType::A, DnsOutcome::Timeout, vec![])]
            }
            Operation::Resolve(spec) => {
                vec![dns(&spec.name, RecordType::A, DnsOutcome::Answer, vec![a_record("127.0.0.10")])]
            }
            _ => vec![dns("mail.example.test", RecordType::A, DnsOutcome::Timeout, vec![])],
        })
    };
    Family {
        code: Code::DnsSystemResolverFailed,
        relay: [
            "From the relay Example Mail in Frankfurt, the DNS resolver is failing",
            "Vom Relay Example Mail in Frankfurt aus versagt der DNS-Resolver",
        ],
        local: ["Your network's DNS resolver is failing", "Der DNS-Resolver Ihres Netzes versagt"],
    }
    .assert(run);
}

#[test]
fn starttls_hidden_on_a_relay_s_path_is_that_path() {
    let submission = Settings { port: 587, protocol: MailProtocol::Smtp, security: Security::Starttls, ..imap_tls() };
    let events = vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        Event::Greeting { spoken: Some(MailProtocol::Smtp), status: GreetingStatus::Ready, text: "220 mx".into() },
        capabilities(MailProtocol::Smtp, false, &["PIPELINING"]),
        Event::Starttls { accepted: true, text: "220 2.0.0 Ready to start TLS".into() },
        tls(CertVerdict::Valid),
        capabilities(MailProtocol::Smtp, true, &["STARTTLS", "AUTH PLAIN"]),
        Event::Completed { protocol: MailProtocol::Smtp },
    ];
    let run = |from, lang| {
        checked(only(submission.clone()), from, lang, |op| match op {
            Operation::Probe(_) => events.clone(),
            _ => vec![],
        })
    };
    Family {
        code: Code::NetworkIntercepted,
        relay: [
            "From the relay Example Mail in Frankfurt, something on the path hides encryption",
            "Vom Relay Example Mail in Frankfurt aus verbirgt etwas auf dem Weg die Verschlüsselung",
        ],
        local: [
            "Your network hides encryption from your mail app",
            "Ihr Netz verbirgt die Verschlüsselung vor Ihrer Mail-App",
        ],
    }
    .assert(run);
}

#[test]
fn a_scanner_on_a_relay_s_path_is_not_the_person_s_antivirus() {
    let issuer = "CN=avast! Web/Mail Shield Root, O=avast! Web/Mail Shield";
    let run = |from, lang| {
        checked(only(imap_tls()), from, lang, |op| match op {
            Operation::Probe(_) => healthy_imap_signed_by(issuer, CertVerdict::Valid),
            _ => vec![],
        })
    };
    Family {
        code: Code::TlsIntercepted,
        relay: [
            "From the relay Example Mail in Frankfurt, Avast (or AVG) reads the encrypted mail",
            "Vom Relay Example Mail in Frankfurt aus liest Avast (oder AVG) die verschlüsselte Mail",
        ],
        local: ["Avast (or AVG) reads your encrypted mail", "Avast (oder AVG) liest Ihre verschlüsselte Mail"],
    }
    .assert(run);
}

#[test]
fn a_slow_and_lossy_path_from_a_relay_is_the_relay_s_path() {
    // On a 440 ms path, 993 lost a SYN and 587 on the same address did not.
    let run = |from: Option<Vantage>, lang| {
        let mut request = Request::new("alice@example.test");
        request.incoming = Some(imap_tls());
        let smtp = Settings { port: 587, protocol: MailProtocol::Smtp, security: Security::Starttls, ..imap_tls() };
        request.outgoing = Some(smtp);
        request.discovery = crate::Discovery::Off;
        let mut session = Session::plan(request).expect("valid");
        if let Some(from) = from {
            session.checked_from(from);
        }
        let (report, _) = in_lang(lang, || {
            super::path::play(session, |op| match op {
                Operation::Probe(p) if p.port == 993 => super::path::imaps(1_440, 440),
                Operation::Probe(p) => super::path::timed(super::codes::healthy_for(p), at("127.0.0.10:587"), 440, 440),
                _ => vec![],
            })
        });
        report
    };
    Family {
        code: Code::NetworkIntermittent,
        relay: [
            "From the relay Example Mail in Frankfurt, the connection to mail.example.test loses packets",
            "Vom Relay Example Mail in Frankfurt aus verliert die Verbindung zu mail.example.test Pakete",
        ],
        local: ["The connection to mail.example.test loses packets", "Die Verbindung zu mail.example.test verliert"],
    }
    .assert(run);
    Family {
        code: Code::NetworkHighLatency,
        relay: [
            "From the relay Example Mail in Frankfurt, the path to mail.example.test is slow",
            "Vom Relay Example Mail in Frankfurt aus ist der Weg zu mail.example.test langsam",
        ],
        local: ["The path to mail.example.test is slow", "Der Weg zu mail.example.test ist langsam"],
    }
    .assert(run);
}

/// One cause for each network-path message.
fn every_path_cause() -> Vec<Cause> {
    let ip = |last: u8| core::net::IpAddr::from([127, 0, 0, last]);
    let scanners = [Scanner::Avast, Scanner::Kaspersky, Scanner::Eset, Scanner::Bitdefender, Scanner::Norton];
    let scanners = scanners.into_iter().chain([Scanner::Antivirus, Scanner::Proxy]);
    let name = || "mail.example.test".to_owned();
    [
        Cause::ServFail,
        Cause::DnsTimeout,
        Cause::ResolverSilent,
        Cause::StaleResolver { name: name(), resolver_said: vec![ip(99)], zone_says: ip(10), zone_server: "ns".into() },
        Cause::ResolverFailed { name: name(), elsewhere: vec![ip(10)] },
        Cause::ResolverMissingName { name: name(), elsewhere: vec![ip(10)] },
        Cause::ResolversDisagree { name: name(), mine: vec![ip(99)], theirs: vec![ip(10)] },
        Cause::ResolverDenies { names: vec![".".into()], root: true },
        Cause::ResolverDenies { names: vec![name(), "example.test".into()], root: false },
        Cause::ResolverSinkhole { name: name(), sink: vec![[0, 0, 0, 0].into()], elsewhere: vec![ip(10)] },
        Cause::ResolverSlow { name: name(), elapsed_ms: 3000 },
        Cause::NxDomainDenied,
        Cause::TcpFiltered { control_answered: false },
        Cause::TcpFiltered { control_answered: true },
        Cause::TcpUnreachable,
        Cause::Port25Blocked,
        Cause::MailPortsBlocked { host: name(), ports: vec![993, 465, 587] },
        Cause::ServerBan { host: name(), ports: vec![993], said: Some("a1 NO".into()), other: None },
        Cause::ServerBan { host: name(), ports: vec![993], said: None, other: Some("smtp.example.test:587".into()) },
        Cause::BanOrFirewall { host: name() },
        Cause::PacketLoss { attempts: 6, failed: 1, retried: 2 },
        Cause::HighLatency { median_ms: 440 },
        Cause::MtuBlackhole { mss: 536 },
        Cause::Intercepted { by: Interceptor::Product { issuer: "CN=Example Inspector".into() } },
        Cause::Intercepted { by: Interceptor::Provider { name: "Gmail" } },
        Cause::WebAnswer { said: "HTTP/1.1 400".into() },
        Cause::ClientBlocked { said: "554 5.7.1 blocked".into() },
        Cause::ServerClosed { step: Step::Login },
        Cause::LocalFailure { step: Step::Connect, detail: "x".into() },
        Cause::EsmtpInspection { masked: vec!["XXXXXXXA".into()], hides_starttls: true },
        Cause::EsmtpInspection { masked: vec!["XXXXXXXA".into()], hides_starttls: false },
        Cause::StarttlsHidden { said: "220 go ahead".into() },
        Cause::StarttlsBlocked { said: "502 no".into(), demand: "530 5.7.0 TLS first".into() },
    ]
    .into_iter()
    .chain(scanners.map(|product| Cause::ScannerInTheMiddle { product, issuer: "CN=Scanner Root".into() }))
    .collect()
}

/// `item` rendered from a relay in Frankfurt, and the message it used.
fn from_a_relay(item: &Item, catalog: &Catalog) -> (Finding, String) {
    let from = relay_from(&frankfurt(), catalog).expect("a relay elsewhere");
    let mut finding = None;
    let lookups = record::during(|| finding = Some(render::finding_from(item, catalog, Some(&from))));
    let title = lookups.iter().find(|l| l.args.contains(&"from") && l.attribute.as_deref() == Some("relay"));
    let id = title.map(|l| l.id.clone()).unwrap_or_else(|| panic!("no relay title for {:?}", item.cause));
    (finding.expect("rendered"), id)
}

#[test]
fn every_network_path_message_has_the_relay_s_words_in_both_languages() {
    let endpoint = crate::Endpoint {
        host: "mail.example.test".into(),
        port: 993,
        protocol: MailProtocol::Imap,
        security: Security::Tls,
    };
    let mut seen = BTreeSet::new();
    for cause in every_path_cause() {
        let item = Item::new(cause).at(&endpoint);
        let mut relay_words = Vec::new();
        for lang in [Lang::En, Lang::De] {
            let catalog = Catalog::new(lang);
            let (relay, id) = from_a_relay(&item, &catalog);
            assert!(
                NETWORK_PATH.split_whitespace().any(|path| path == id),
                "{id} has relay words but is not in NETWORK_PATH"
            );
            seen.insert(id.clone());
            let from = relay_from(&frankfurt(), &catalog).expect("a relay elsewhere");
            let said = words(&relay);
            assert!(relay.title.starts_with(&from), "{lang} {id}: the title says whose view: {said}");
            assert_eq!(claims_yours(lang, &said), None, "{lang} {id}: the relay's view claims yours: {said}");
            assert_eq!(relay.fix.first(), Some(&catalog.text("relay-check-own", &Args::new())), "{lang} {id}");
            let has_why = catalog.attribute(&id, "relay-why", &Args::new()).is_some();
            assert!(has_why || SAME_FROM_ANYWHERE.iter().any(|same| *same == id), "{lang} {id}: no .relay-why");
            let local = render::finding(&item, &catalog);
            assert_eq!(local.code, relay.code);
            assert_ne!(words(&local), said, "{lang} {id}: the relay says its view");
            relay_words.push(relay);
        }
        let [en, de] = &relay_words[..] else { unreachable!("two languages") };
        let parts = |f: &Finding| [vec![f.title.clone(), f.explanation.clone()], f.fix.clone()].concat();
        assert_eq!(parts(en).len(), parts(de).len(), "the same steps in both: {en:#?}\n{de:#?}");
        for (en, de) in parts(en).iter().zip(&parts(de)) {
            assert_ne!(en, de, "left in English: {de}");
            assert_eq!(ENGLISH.iter().find(|w| de.contains(*w)), None, "English in German: {de}");
        }
    }
    let all: BTreeSet<String> = NETWORK_PATH.split_whitespace().map(str::to_owned).collect();
    assert_eq!(seen, all, "every network-path message is walked");
}

#[test]
fn only_network_path_messages_have_relay_twins() {
    for (lang, source) in SOURCES {
        let resource = fluent_syntax::parser::parse(source).unwrap_or_else(|(_, errors)| panic!("{errors:?}"));
        for entry in &resource.body {
            let Entry::Message(message) = entry else { continue };
            let twins: Vec<&str> =
                message.attributes.iter().map(|a| a.id.name).filter(|name| name.starts_with("relay")).collect();
            let id = message.id.name;
            if NETWORK_PATH.split_whitespace().any(|path| path == id) {
                assert!(twins.contains(&"relay"), "{lang} {id}: no .relay title");
            } else {
                assert!(twins.is_empty(), "{lang} {id}: relay twins nothing renders: {twins:?}");
            }
        }
    }
}
