//! The catalogs are complete: both languages define the same messages with
//! the same attributes, every lookup the rules make finds its message, every
//! argument given is used by the message and every variable it uses is
//! given, and no message sits unused.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use maildoctor_wire::{Event, MailProtocol, ProbeFailure, Refusal, Security, Step, WithheldReason};

use super::codes::every_report;
use crate::catalog::record::{self, Lookup};
use crate::cause::Cause;
use crate::item::Item;
use crate::{describe, render, Catalog, Lang, SessionError, Side};

const SOURCES: [(Lang, &str); 2] =
    [(Lang::En, include_str!("../../catalogs/en.ftl")), (Lang::De, include_str!("../../catalogs/de.ftl"))];

/// Messages that only the page uses; the page's own tests look them up.
const PAGE: &str = "page-";

fn variables<'s>(pattern: &Pattern<&'s str>, found: &mut BTreeSet<&'s str>) {
    fn inline<'s>(expression: &InlineExpression<&'s str>, found: &mut BTreeSet<&'s str>) {
        match expression {
            InlineExpression::VariableReference { id } => {
                found.insert(id.name);
            }
            InlineExpression::Placeable { expression } => expr(expression, found),
            InlineExpression::FunctionReference { arguments, .. } => {
                for argument in arguments.positional.iter().chain(arguments.named.iter().map(|n| &n.value)) {
                    inline(argument, found);
                }
            }
            // A term sees only what it is passed: `{ -term(name: $variable) }`.
            InlineExpression::TermReference { arguments: Some(arguments), .. } => {
                for argument in arguments.positional.iter().chain(arguments.named.iter().map(|n| &n.value)) {
                    inline(argument, found);
                }
            }
            _ => {}
        }
    }
    fn expr<'s>(expression: &Expression<&'s str>, found: &mut BTreeSet<&'s str>) {
        match expression {
            Expression::Inline(expression) => inline(expression, found),
            Expression::Select { selector, variants } => {
                inline(selector, found);
                for variant in variants {
                    variables(&variant.value, found);
                }
            }
        }
    }
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expr(expression, found);
        }
    }
}

/// Per message: per pattern (None: the value; Some: an attribute), the variables it uses.
type Shape<'s> = BTreeMap<String, BTreeMap<Option<String>, BTreeSet<&'s str>>>;

fn shape(source: &str) -> Shape<'_> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(resource) => resource,
        Err((_, errors)) => panic!("the catalog does not parse: {errors:?}"),
    };
    let mut messages = Shape::new();
    for entry in &resource.body {
        if let Entry::Message(message) = entry {
            let patterns = messages.entry(message.id.name.to_owned()).or_default();
            if let Some(value) = &message.value {
                variables(value, patterns.entry(None).or_default());
            }
            for attribute in &message.attributes {
                variables(&attribute.value, patterns.entry(Some(attribute.id.name.to_owned())).or_default());
            }
        }
    }
    messages
}

fn used<'s>(patterns: &BTreeMap<Option<String>, BTreeSet<&'s str>>) -> BTreeSet<&'s str> {
    patterns.values().flatten().copied().collect()
}

#[test]
fn both_languages_define_the_same_messages_and_attributes() {
    let english = shape(SOURCES[0].1);
    let german = shape(SOURCES[1].1);
    let ids = |shape: &Shape<'_>| shape.keys().cloned().collect::<BTreeSet<_>>();
    let missing_in_german: Vec<_> = ids(&english).difference(&ids(&german)).cloned().collect();
    let missing_in_english: Vec<_> = ids(&german).difference(&ids(&english)).cloned().collect();
    assert!(missing_in_german.is_empty(), "not in de.ftl: {missing_in_german:?}");
    assert!(missing_in_english.is_empty(), "not in en.ftl: {missing_in_english:?}");
    for (id, patterns) in &english {
        let theirs = &german[id];
        let attributes = |p: &BTreeMap<Option<String>, _>| p.keys().cloned().collect::<Vec<_>>();
        assert_eq!(attributes(patterns), attributes(theirs), "{id}: the attributes differ");
        assert_eq!(used(patterns), used(theirs), "{id}: the two languages use different variables");
    }
}

/// Causes the staged transcripts do not reach, rendered directly, with
/// the endpoint they are about.
fn rare_causes() -> Vec<(Cause, crate::Endpoint)> {
    let smtp = crate::Endpoint { protocol: MailProtocol::Smtp, port: 2525, ..endpoint() };
    let target = crate::Endpoint { port: 143, security: Security::Starttls, ..endpoint() };
    let special = vec![
        (Cause::AuthNotOffered, smtp.clone()),
        (Cause::NoGreeting { waited_ms: 15000 }, smtp.clone()),
        (
            Cause::HostMismatch { side: Side::Incoming, domain: "d".into(), target, source: crate::Source::Autoconfig },
            endpoint(),
        ),
        (
            Cause::ProviderSays {
                side: Side::Outgoing,
                expected: crate::Endpoint { host: "smtp.provider.test".into(), port: 587, ..smtp.clone() },
                given_works: true,
                given_unencrypted: false,
            },
            crate::Endpoint { security: Security::Starttls, ..smtp.clone() },
        ),
        (
            Cause::ProviderSays {
                side: Side::Incoming,
                expected: endpoint(),
                given_works: false,
                given_unencrypted: true,
            },
            crate::Endpoint { port: 143, security: Security::None, ..endpoint() },
        ),
        (
            Cause::DiscoveryFound {
                side: Side::Outgoing,
                found: [
                    crate::Source::Given,
                    crate::Source::Provider,
                    crate::Source::ProviderByMx,
                    crate::Source::Srv,
                    crate::Source::Autoconfig,
                    crate::Source::Ispdb,
                    crate::Source::Autodiscover,
                    crate::Source::Mx,
                    crate::Source::Guess,
                ]
                .map(|source| (smtp.clone(), source))
                .to_vec(),
                provider: None,
            },
            smtp,
        ),
    ];
    vec![
        Cause::RelayRefused { refusal: Refusal::InvalidTarget { detail: "x".into() } },
        Cause::RelayRefused { refusal: Refusal::InvalidCredentials },
        Cause::RelayRefused { refusal: Refusal::TooManyOperations },
        Cause::RelayRefused { refusal: Refusal::LoginLimit { retry_after_s: 90 } },
        Cause::RelayRefused { refusal: Refusal::DestinationLimit { retry_after_s: 3 } },
        Cause::RelayRefused { refusal: Refusal::InsecureTransport },
        Cause::RelayRefused { refusal: Refusal::ConnectionBudget },
        Cause::RelayRefused { refusal: Refusal::LimitsUnavailable },
        Cause::RelayRefused { refusal: Refusal::Unsupported { op: "x".into() } },
        Cause::RelayRefused { refusal: Refusal::DestinationNotAllowed { address: [10, 0, 0, 1].into() } },
        Cause::DestinationNotAllowed { address: None, reason: Some("private-use".into()) },
        Cause::TcpFiltered { control_answered: true },
        Cause::TlsTooOld { offered: None },
        Cause::HandshakeStalled,
        Cause::HandshakeClosed,
        Cause::HandshakeFailed { detail: "x".into() },
        Cause::CertExpired { not_after: None },
        Cause::CertNotYetValid { not_before: Some("2030-01-01".into()) },
        Cause::CertNameMismatch { expected: "a".into(), presented: vec![] },
        Cause::CertRevoked,
        Cause::CertRejected { detail: "x".into() },
        Cause::Intercepted { by: crate::cause::Interceptor::Provider { name: "Gmail" } },
        Cause::ProtocolMismatch { spoken: None },
        Cause::PlainOnTlsPort { planned_starttls: true },
        Cause::PlainOnTlsPort { planned_starttls: false },
        Cause::NoGreeting { waited_ms: 15000 },
        Cause::ServerClosed { step: Step::Login },
        Cause::ServerMisbehaved { step: Step::Greeting, reason: ProbeFailure::LineTooLong { limit: 1 } },
        Cause::EsmtpInspection { masked: vec!["XXXA".into()], hides_starttls: true },
        Cause::EsmtpInspection { masked: vec!["XXXA".into()], hides_starttls: false },
        Cause::StarttlsHidden { said: "220 go ahead".into() },
        Cause::StarttlsBlocked { said: "502 no".into(), demand: "530 5.7.0 TLS first".into() },
        Cause::LoginNeedsTls,
        Cause::PlaintextLoginRefused { said: None },
        Cause::PlaintextLoginRefused { said: Some("x".into()) },
        Cause::LoginUnavailable { said: "x".into() },
        Cause::Works { side: Side::Outgoing, signed_in: true },
        Cause::Works { side: Side::Incoming, signed_in: false },
        Cause::ResolversDisagree { name: "a".into(), mine: vec![], theirs: vec![] },
        Cause::ResolverDenies { names: vec!["a".into()], root: true },
        Cause::ResolverDenies { names: vec!["a".into(), "b".into()], root: false },
        Cause::ResolverSinkhole { name: "a".into(), sink: vec![[0, 0, 0, 0].into()], elsewhere: vec![] },
        Cause::ResolverSlow { name: "a".into(), elapsed_ms: 3000 },
        Cause::NxDomainDenied,
        Cause::ResolverMissingName { name: "a".into(), elsewhere: vec![[127, 0, 0, 10].into()] },
        Cause::MailPortsBlocked { host: "a".into(), ports: vec![993] },
        Cause::ServerBan { host: "a".into(), ports: vec![993], said: Some("x".into()), other: None },
        Cause::ServerBan { host: "a".into(), ports: vec![993], said: None, other: Some("b:587".into()) },
        Cause::BanOrFirewall { host: "a".into() },
        Cause::DomainMissing { domain: "a.test".into() },
        Cause::BrokenAlias { chain: vec!["a".into(), "b".into()] },
        Cause::ResolverSilent,
        Cause::TokenRefused { said: "x".into() },
        Cause::MechanismNotOffered { wanted: "OAUTHBEARER".into(), offered: vec!["PLAIN".into()] },
        Cause::StaleResolver {
            name: "a".into(),
            resolver_said: vec![[127, 0, 0, 99].into()],
            zone_says: [127, 0, 0, 10].into(),
            zone_server: "ns".into(),
        },
        Cause::ScannerInTheMiddle { product: crate::cause::Scanner::Avast, issuer: "x".into() },
        Cause::ScannerInTheMiddle { product: crate::cause::Scanner::Kaspersky, issuer: "x".into() },
        Cause::ScannerInTheMiddle { product: crate::cause::Scanner::Eset, issuer: "x".into() },
        Cause::ScannerInTheMiddle { product: crate::cause::Scanner::Bitdefender, issuer: "x".into() },
        Cause::ScannerInTheMiddle { product: crate::cause::Scanner::Norton, issuer: "x".into() },
        Cause::ScannerInTheMiddle { product: crate::cause::Scanner::Antivirus, issuer: "x".into() },
        Cause::ScannerInTheMiddle { product: crate::cause::Scanner::Proxy, issuer: "x".into() },
        Cause::MechanismsUnsupported { offered: vec!["GSSAPI".into()] },
        Cause::ChallengeLoginOnly { method: "APOP".into() },
        Cause::ChallengeLoginOnly { method: "CRAM-MD5".into() },
        Cause::UserPassOff,
        Cause::PasswordExpired { said: "x".into() },
        Cause::ResolverMissingName { name: "a".into(), elsewhere: vec![[127, 0, 0, 10].into()] },
        Cause::AccountLocked { said: "x".into() },
        Cause::ClockWrong(crate::cause::clock::ClockOff {
            behind_s: -600,
            device: "x".into(),
            right: "y".into(),
            source: crate::cause::clock::TimeSource::Server { host: "a".into() },
            app_sees: None,
        }),
        Cause::ClockWrong(crate::cause::clock::ClockOff {
            behind_s: 400 * 86_400,
            device: "x".into(),
            right: "y".into(),
            source: crate::cause::clock::TimeSource::Relay,
            app_sees: Some(crate::cause::clock::AppSees::Expired { host: "a".into(), until: "z".into() }),
        }),
        Cause::AppSuspect {
            incoming: true,
            outgoing: false,
            differs: vec![crate::cause::Difference {
                side: Side::Incoming,
                field: crate::cause::Field::Port,
                given: endpoint(),
                other: endpoint(),
                source: crate::Source::Expected,
            }],
        },
    ]
    .into_iter()
    .chain(
        [
            crate::cause::changed::CertChange::Renewed,
            crate::cause::changed::CertChange::AnotherFromSameIssuer,
            crate::cause::changed::CertChange::OtherIssuer,
        ]
        .map(|change| {
            let seen = crate::SeenCertificate {
                host: "a".into(),
                port: 993,
                sha256: "00".into(),
                issuer: "O=x".into(),
                not_before: "2026-01-01T00:00:00Z".into(),
                not_after: "2026-04-01T00:00:00Z".into(),
            };
            Cause::CertChanged(crate::cause::changed::CertChanged { before: seen.clone(), now: seen, change })
        }),
    )
    .chain(crate::messages::KNOWN.iter().map(|refusal| Cause::Known { refusal, said: "x".into() }))
    .chain(crate::tests::app_errors::rare())
    .chain(crate::tests::autodiscover::rare())
    .chain(
        [
            WithheldReason::UnsendableCharacters,
            WithheldReason::NotEncrypted,
            WithheldReason::NeedsLiteral,
            WithheldReason::MechanismsUnsupported { offered: vec!["GSSAPI".into()] },
        ]
        .into_iter()
        .map(|why| Cause::Withheld { why }),
    )
    .chain(crate::providers::PROVIDERS.iter().map(|provider| Cause::DiscoveryFound {
        side: Side::Incoming,
        found: vec![(endpoint(), crate::Source::Srv)],
        provider: Some(provider),
    }))
    .map(|cause| (cause, endpoint()))
    .chain(special)
    .collect()
}

fn endpoint() -> crate::Endpoint {
    crate::Endpoint { host: "h".into(), port: 993, protocol: MailProtocol::Imap, security: Security::None }
}

/// One event of every kind and outcome, for the transcript's lines: the
/// wire's samples, and the kind a newer relay may send.
fn every_event() -> Vec<Event> {
    let mut events = maildoctor_wire::samples::every_event();
    events.push(Event::Unknown { kind: "x".into() });
    events
}

/// Every reason a check is not verified, its words and how to test it, and
/// every verdict's headline.
fn every_verdict(catalog: &Catalog) {
    use crate::untested::{self, UntestedReason};
    let mut report = every_report(catalog.lang()).remove(0);
    // A check still running, as the page shows it between messages.
    report.complete = false;
    let _ = report.verdict(catalog);
    report.complete = true;
    report.findings.clear();
    report.untested.clear();
    for reason in [
        UntestedReason::NoPassword,
        UntestedReason::NeedsConsent,
        UntestedReason::NotEncrypted,
        UntestedReason::RelayRefused,
        UntestedReason::NotTried,
        UntestedReason::NotReached,
        UntestedReason::Interrupted,
    ] {
        let found = untested::render(catalog, (Side::Outgoing, reason, Some((endpoint(), crate::Source::Guess))));
        let _ = found.how(catalog);
        let _ = found.short(catalog);
        report.untested.push(found);
    }
    let _ = report.verdict(catalog);
    report.untested.clear();
    let _ = report.verdict(catalog);
    let item = Item::new(Cause::PlaintextInsecure).at(&endpoint());
    report.findings.push(render::finding(&item, catalog));
    let _ = report.verdict(catalog);
}

/// Every way a report names where it was checked from, and every cause
/// worded as a relay elsewhere saw it.
fn every_place(catalog: &Catalog) {
    let mut report = every_report(catalog.lang()).remove(0);
    for (local, name, region) in [(true, None, None), (false, Some("n"), Some("r")), (false, Some("n"), None)]
        .into_iter()
        .chain([(false, None, Some("r")), (false, None, None)])
    {
        let vantage = maildoctor_wire::Vantage {
            local,
            name: name.map(Into::into),
            region: region.map(Into::into),
            blocked_ports: Vec::new(),
        };
        report.checked_from = Some(render::checked_from(&vantage, catalog));
        let _ = report.to_text(catalog);
        if let Some(from) = render::relay_from(&vantage, catalog) {
            for (cause, endpoint) in rare_causes() {
                let _ = render::finding_from(&Item::new(cause).at(&endpoint), catalog, Some(&from));
            }
        }
    }
}

/// Every lookup the rules make for `lang`: the staged reports, the rare
/// causes, every event's line, input errors and the text report.
fn lookups(lang: Lang) -> Vec<Lookup> {
    let catalog = Catalog::new(lang);
    record::during(|| {
        for report in every_report(lang) {
            let _ = report.to_text(&catalog);
        }
        for comparison in super::support::in_lang(lang, super::vantage::rare) {
            let _ = comparison.to_text("ws://relay.example.test/v1/ws", &catalog);
        }
        for (cause, endpoint) in rare_causes() {
            let _ = render::finding(&Item::new(cause).at(&endpoint), &catalog);
        }
        for event in every_event() {
            let _ = describe::describe(&event, &catalog);
        }
        every_verdict(&catalog);
        every_place(&catalog);
        crate::handoff::tests::every_note(&catalog);
        crate::signin::tests::every_message(&catalog);
        for error in [
            SessionError::BadAddress("x".into()),
            SessionError::BadHost("x".into()),
            SessionError::BadPort,
            SessionError::NothingToCheck,
        ] {
            let _ = error.render(&catalog);
        }
    })
}

#[test]
fn every_lookup_finds_its_message_with_exactly_its_arguments() {
    for (lang, source) in SOURCES {
        let shape = shape(source);
        let made = lookups(lang);
        let missing: BTreeSet<&str> = made.iter().filter(|l| !l.message_exists).map(|l| l.id.as_str()).collect();
        assert!(missing.is_empty(), "{lang}: looked up but not in the catalog: {missing:?}");
        // Lookups of one message with the same arguments belong together (a
        // title, its `.why` and its fix steps): together they must use every
        // argument, and every variable they use must be given.
        let mut groups: BTreeMap<(&str, BTreeSet<&str>), BTreeSet<Option<&str>>> = BTreeMap::new();
        for lookup in &made {
            let args: BTreeSet<&str> = lookup.args.iter().copied().collect();
            groups.entry((lookup.id.as_str(), args)).or_default().insert(lookup.attribute.as_deref());
        }
        for ((id, given), patterns) in groups {
            let message = &shape[id];
            let used: BTreeSet<&str> =
                patterns.iter().filter_map(|p| message.get(&p.map(str::to_owned))).flatten().copied().collect();
            let unused: Vec<_> = given.difference(&used).collect();
            let ungiven: Vec<_> = used.difference(&given).collect();
            assert!(unused.is_empty(), "{lang} {id}: arguments given but never used: {unused:?}");
            assert!(ungiven.is_empty(), "{lang} {id}: variables used but not given: {ungiven:?}");
        }
        let looked_up: BTreeSet<&str> = made.iter().map(|l| l.id.as_str()).collect();
        let unused: Vec<&String> =
            shape.keys().filter(|id| !id.starts_with(PAGE) && !looked_up.contains(id.as_str())).collect();
        assert!(unused.is_empty(), "{lang}: messages nothing looks up: {unused:?}");
    }
}

#[test]
fn negotiation_picks_a_language_maildoctor_speaks() {
    assert_eq!(Lang::negotiate(["fr-FR", "de-AT", "en"]), Lang::De);
    assert_eq!(Lang::negotiate(["fr"]), Lang::En);
    assert_eq!(Lang::from_tag("de_DE.UTF-8"), Some(Lang::De));
    assert_eq!(Lang::from_tag("C.UTF-8"), None);
}

/// Every sentence of a finding (title, explanation, steps, each app's menus).
fn sentences(finding: &crate::Finding, out: &mut Vec<String>) {
    out.push(finding.title.clone());
    out.push(finding.explanation.clone());
    out.extend(finding.fix.iter().cloned());
    out.extend(finding.clients.iter().flat_map(|c| c.steps.iter().cloned()));
    for follower in &finding.follows {
        sentences(follower, out);
    }
}

#[test]
fn the_german_reports_leave_no_english_sentence() {
    let english = every_report(Lang::En);
    let german = every_report(Lang::De);
    for (en, de) in english.iter().zip(&german) {
        assert_eq!(de.language, "de");
        let (mut en_sentences, mut de_sentences) = (Vec::new(), Vec::new());
        en.findings.iter().for_each(|f| sentences(f, &mut en_sentences));
        de.findings.iter().for_each(|f| sentences(f, &mut de_sentences));
        assert_eq!(en_sentences.len(), de_sentences.len(), "the same findings, the same steps");
        for (en, de) in en_sentences.iter().zip(&de_sentences) {
            assert!(en.is_empty() || en != de, "left in English: {de}");
        }
        let codes = |r: &crate::Report| r.findings.iter().map(|f| f.code).collect::<Vec<_>>();
        assert_eq!(codes(en), codes(de), "codes are the same in every language");
    }
}
