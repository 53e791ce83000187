//! The domain's own Autodiscover, as the relay's walk reports it: settings
//! from a hoster's POX answer, what each candidate did when none answered,
//! and redirects the rules refused (the rules themselves are the probe
//! crate's tests; the walk against hostile servers is the suite's).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    AutoconfigProblem, AutodiscoverRedirect, DiscoveredServer, DnsOutcome, DnsRecord, Event, MailProtocol, Operation,
    RecordType, RedirectRefusal, Security, TcpOutcome,
};

use super::codes::healthy_for;
use super::support::*;
use crate::{Code, Finding, Lang, Report, Request, Session, Severity};

const OWN: &str = "https://pox.example.test/autodiscover/autodiscover.xml";
const NAMED: &str = "https://autodiscover.pox.example.test/autodiscover/autodiscover.xml";
const PLAIN: &str = "http://autodiscover.pox.example.test/autodiscover/autodiscover.xml";

fn ask(url: &str, status: Option<u16>, problem: Option<AutoconfigProblem>) -> Event {
    Event::Autodiscover { url: url.into(), status, host: None, servers: vec![], redirect: None, problem }
}

fn redirected(url: &str, to: &str, refused: Option<RedirectRefusal>) -> Event {
    let redirect = Some(AutodiscoverRedirect { to: to.into(), refused });
    Event::Autodiscover { url: url.into(), status: Some(302), host: None, servers: vec![], redirect, problem: None }
}

/// A hoster's answer (ISPConfig's template): IMAP over TLS, SMTP with STARTTLS.
fn settings(url: &str) -> Event {
    let server = |protocol, port, security| DiscoveredServer {
        incoming: protocol != MailProtocol::Smtp,
        protocol,
        host: "mail.pox.example.test".into(),
        port,
        security,
        username: Some("dora@pox.example.test".into()),
    };
    let servers =
        vec![server(MailProtocol::Imap, 993, Security::Tls), server(MailProtocol::Smtp, 587, Security::Starttls)];
    Event::Autodiscover { url: url.into(), status: Some(200), host: None, servers, redirect: None, problem: None }
}

/// pox.example.test exists and publishes nothing but what `walk` says;
/// `srv` adds an IMAP SRV record; mail.pox.example.test works.
fn check(walk: Vec<Event>, srv: bool, lang: Lang) -> Report {
    in_lang(lang, || {
        let session = Session::plan(Request::new("dora@pox.example.test")).expect("valid");
        simulate(session, |op| match op {
            Operation::FetchAutodiscover { .. } => walk.clone(),
            Operation::Resolve(spec) if spec.name == "pox.example.test" => {
                vec![dns(&spec.name, spec.types[0], DnsOutcome::NoData, vec![])]
            }
            Operation::Resolve(spec) if srv && spec.name == "_imaps._tcp.pox.example.test" => {
                let record =
                    DnsRecord::Srv { priority: 0, weight: 1, port: 993, target: "mail.pox.example.test.".into() };
                vec![dns(&spec.name, RecordType::Srv, DnsOutcome::Answer, vec![record])]
            }
            Operation::Resolve(spec) => vec![dns(&spec.name, spec.types[0], DnsOutcome::NxDomain, vec![])],
            Operation::Probe(spec) if spec.host == "mail.pox.example.test" => healthy_for(spec),
            Operation::Probe(_) => vec![dns_ok(), tcp(TcpOutcome::Refused)],
            _ => vec![],
        })
    })
}

fn finding(report: &Report, code: Code) -> &Finding {
    report.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("{code}: {:?}", codes(report)))
}

fn answered(lang: Lang) -> Report {
    check(vec![ask(OWN, None, Some(AutoconfigProblem::NoAddress)), settings(NAMED)], false, lang)
}

#[test]
fn a_hosters_pox_answer_gives_the_settings_and_says_where_from() {
    let report = answered(Lang::En);
    let found = finding(&report, Code::DiscoveryFound);
    assert!(
        found.explanation.contains("mail.pox.example.test") && found.explanation.contains("Autodiscover"),
        "{found:?}"
    );
    let from = finding(&report, Code::DiscoveryAutodiscoverAnswered);
    assert_eq!(from.severity, Severity::Info);
    assert!(from.title.contains(NAMED), "{}", from.title);
    assert!(report.working.iter().any(|e| e.host == "mail.pox.example.test" && e.port == 993));
    let de = answered(Lang::De);
    assert!(finding(&de, Code::DiscoveryAutodiscoverAnswered)
        .title
        .starts_with("Diese Einstellungen stammen von Autodiscover"));
}

fn fruitless(lang: Lang) -> Report {
    let walk = vec![
        ask(OWN, None, Some(AutoconfigProblem::NoAddress)),
        ask(NAMED, Some(401), Some(AutoconfigProblem::Status)),
        ask(PLAIN, Some(404), Some(AutoconfigProblem::Status)),
    ];
    check(walk, false, lang)
}

#[test]
fn when_no_candidate_answers_each_says_what_it_did() {
    let report = fruitless(Lang::En);
    let none = finding(&report, Code::DiscoveryAutodiscoverNone);
    for said in [
        OWN,
        "no such name",
        "asks for a password (HTTP 401)",
        "never sends one",
        "no redirect to an https:// address (HTTP 404)",
    ] {
        assert!(none.explanation.contains(said), "{said}: {}", none.explanation);
    }
    let de = finding(&fruitless(Lang::De), Code::DiscoveryAutodiscoverNone).explanation.clone();
    assert!(de.contains("verlangt ein Passwort (HTTP 401)"), "{de}");
}

#[test]
fn a_domain_that_publishes_settings_elsewhere_is_not_told_about_autodiscover() {
    let walk = vec![ask(OWN, None, Some(AutoconfigProblem::NoAddress))];
    let report = check(walk, true, Lang::En);
    assert!(!codes(&report).contains(&Code::DiscoveryAutodiscoverNone), "{:?}", codes(&report));
}

fn refused(to: &str, why: RedirectRefusal, lang: Lang) -> Report {
    let walk = vec![
        ask(OWN, None, Some(AutoconfigProblem::NoAddress)),
        ask(NAMED, None, Some(AutoconfigProblem::NoAddress)),
        redirected(PLAIN, to, Some(why)),
    ];
    check(walk, false, lang)
}

#[test]
fn refused_redirects_say_which_rule_and_the_leak_is_a_warning() {
    let leak =
        refused("https://autodiscover.com/autodiscover/autodiscover.xml", RedirectRefusal::PublicSuffix, Lang::En);
    let said = finding(&leak, Code::DiscoveryAutodiscoverRedirectRefused);
    assert_eq!(said.severity, Severity::Warning);
    assert!(said.explanation.contains("anyone can register that name"), "{}", said.explanation);
    assert!(said.fix[0].contains("password"), "{:?}", said.fix);
    let cases = [
        ("http://autodiscover.pox.example.test/x", RedirectRefusal::NotHttps, "not an https:// address"),
        (
            "https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml",
            RedirectRefusal::OtherDomain,
            "outside the address's own domain",
        ),
        (NAMED, RedirectRefusal::Loop, "already asked"),
        (NAMED, RedirectRefusal::TooManyHops, "more than 10 redirects"),
    ];
    for (to, why, words) in cases {
        let report = refused(to, why, Lang::En);
        let said = finding(&report, Code::DiscoveryAutodiscoverRedirectRefused);
        assert_eq!(said.severity, Severity::Info, "{why:?}");
        assert!(said.explanation.contains(words) && said.title.contains(to), "{why:?}: {said:?}");
        // The fruitless walk lists the refusal among its steps too.
        assert!(finding(&report, Code::DiscoveryAutodiscoverNone).explanation.contains(words));
    }
    let de = refused("https://autodiscover.com/autodiscover/autodiscover.xml", RedirectRefusal::PublicSuffix, Lang::De);
    let said = finding(&de, Code::DiscoveryAutodiscoverRedirectRefused);
    assert!(
        said.title.starts_with("Autodiscover-Weiterleitung nicht gefolgt")
            && said.explanation.contains("kann jeder registrieren")
    );
}

/// For the code walk: a report with `code`.
pub(super) fn staged(code: Code) -> Report {
    match code {
        Code::DiscoveryAutodiscoverAnswered => answered(crate::tests::support::catalog().lang()),
        Code::DiscoveryAutodiscoverNone => fruitless(crate::tests::support::catalog().lang()),
        _ => refused(
            "https://autodiscover.com/autodiscover/autodiscover.xml",
            RedirectRefusal::PublicSuffix,
            catalog().lang(),
        ),
    }
}

#[test]
fn staged_reports_speak_the_language_asked_for() {
    for code in [
        Code::DiscoveryAutodiscoverAnswered,
        Code::DiscoveryAutodiscoverNone,
        Code::DiscoveryAutodiscoverRedirectRefused,
    ] {
        assert_eq!(in_lang(Lang::De, || staged(code)).language, "de", "{code}");
        assert_eq!(in_lang(Lang::En, || staged(code)).language, "en", "{code}");
    }
}

/// A walk in which every kind of ask happens once, so that the catalogs'
/// test sees each step's words looked up.
pub(super) fn rare() -> Vec<crate::cause::Cause> {
    use crate::cause::autodiscover_said::AutodiscoverSaid;
    let detail = || "x".to_owned();
    let steps = vec![
        ask(OWN, None, Some(AutoconfigProblem::NoAddress)),
        ask(OWN, None, Some(AutoconfigProblem::Unreachable)),
        ask(OWN, None, Some(AutoconfigProblem::Tls)),
        ask(OWN, Some(401), Some(AutoconfigProblem::Status)),
        ask(PLAIN, Some(404), Some(AutoconfigProblem::Status)),
        ask(NAMED, Some(404), Some(AutoconfigProblem::Status)),
        ask(NAMED, Some(200), Some(AutoconfigProblem::NotAutoconfig { detail: detail() })),
        redirected(PLAIN, NAMED, None),
        redirected(PLAIN, "http://x.test/", Some(RedirectRefusal::NotHttps)),
        settings(NAMED),
    ];
    vec![crate::cause::Cause::Autodiscover(AutodiscoverSaid::Fruitless { domain: "pox.example.test".into(), steps })]
}

#[test]
fn a_hostile_servers_long_redirect_target_is_cut_in_the_report() {
    let far = format!("https://autodiscover.com/{}", "a".repeat(60_000));
    let report = refused(&far, RedirectRefusal::PublicSuffix, Lang::En);
    let said = finding(&report, Code::DiscoveryAutodiscoverRedirectRefused);
    let whole = serde_json::to_string(said).expect("JSON");
    assert!(whole.len() < 4_000, "{} bytes: {whole}", whole.len());
    assert!(whole.contains("https://autodiscover.com/aaa"), "the target is still named: {whole}");
}
