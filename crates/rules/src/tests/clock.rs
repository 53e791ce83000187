//! The device's clock against the relay's and the servers' (issue 22,
//! item 3): a clock hours behind with a fresh certificate, a clock a year
//! ahead, a right clock, no reference at all, references that disagree,
//! and `check`'s own verifier on the wrong clock.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{
    CertProblem, CertSummary, CertVerdict, Event, GreetingStatus, MailProtocol, ServerMessage, TcpOutcome, TlsResult,
    TlsVersion, Vantage,
};

use super::support::*;
use crate::clock::{date_in, int, minute_of, seconds_of};
use crate::{Catalog, Code, Discovery, Lang, Report, Request, Session, Settings, Severity};

/// Sun, 06 Dec 2026 19:00:00 UTC: the right time in every case.
const RIGHT_S: i64 = 1_796_583_600;
const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;

fn ms(seconds: i64) -> u64 {
    (seconds * 1000) as u64
}

/// A certificate valid from `from` to `until` (seconds since the epoch).
fn cert(from: i64, until: i64) -> CertSummary {
    let iso = |s: i64| minute_of(s).replace(' ', "T") + ":00Z";
    CertSummary {
        subject: "CN=mail.example.test".into(),
        issuer: "CN=R11, O=Let's Encrypt, C=US".into(),
        not_before: iso(from),
        not_after: iso(until),
        dns_names: vec!["mail.example.test".into()],
        sha256: "00".into(),
    }
}

/// A Let's Encrypt certificate issued an hour ago (its notBefore is
/// backdated one more hour) for 90 days.
fn fresh() -> CertSummary {
    cert(RIGHT_S - 2 * HOUR, RIGHT_S - 2 * HOUR + 90 * DAY)
}

fn handshake(verdict: CertVerdict, chain: Vec<CertSummary>) -> Event {
    let result = TlsResult::Established { version: TlsVersion::Tls13, cipher: "x".into(), verdict, chain };
    Event::Tls { address: at("127.0.0.10:993"), result, elapsed_ms: 3 }
}

/// A whole IMAP dialog whose handshake ended as `tls`.
fn imap_with(tls: Event) -> Vec<Event> {
    let mut events = healthy_imap();
    events[2] = tls;
    events
}

/// An SMTP dialog on 465 that greets with `said`, after a handshake `tls`.
fn smtp_with(tls: Event, said: &str) -> Vec<Event> {
    vec![
        dns_ok(),
        tcp(TcpOutcome::Connected),
        tls,
        Event::Greeting { spoken: Some(MailProtocol::Smtp), status: GreetingStatus::Ready, text: said.into() },
        capabilities(MailProtocol::Smtp, true, &["AUTH PLAIN"]),
        Event::Completed { protocol: MailProtocol::Smtp },
    ]
}

fn smtps() -> Settings {
    Settings { port: 465, protocol: MailProtocol::Smtp, ..imap_tls() }
}

/// One probe of `settings` with `events`, for a device whose clock read
/// `device_s`, through a relay whose hello said `relay_s` (none: `check`,
/// on this computer).
fn checked(settings: Settings, events: Vec<Event>, device_s: Option<i64>, relay_s: Option<i64>, lang: Lang) -> Report {
    let mut request = Request::new("alice@example.test");
    if settings.protocol == MailProtocol::Smtp {
        request.outgoing = Some(settings);
    } else {
        request.incoming = Some(settings);
    }
    request.discovery = Discovery::Off;
    request.sample_latency = false;
    request.device_time_ms = device_s.map(ms);
    let mut session = Session::plan(request).expect("valid input");
    let vantage = Vantage { local: relay_s.is_none(), name: None, region: None, blocked_ports: Vec::new() };
    session.checked_from(vantage);
    if let Some(relay_s) = relay_s {
        session.relay_time(ms(relay_s));
    }
    assert_eq!(session.start().len(), 1);
    for (n, event) in events.into_iter().enumerate() {
        session.handle(&ServerMessage::Event { id: 1, t_ms: n as u64, event });
    }
    session.handle(&ServerMessage::Done { id: 1 });
    session.report(&Catalog::new(lang))
}

fn clock_finding(report: &Report) -> Option<&crate::Finding> {
    report.findings.iter().find(|f| f.code == Code::DeviceClockWrong)
}

#[test]
fn clock_hours_behind_makes_a_fresh_certificate_not_yet_valid_for_the_app() {
    // The page: the relay verified with its own (right) clock and found
    // the certificate valid; the person's app, on a clock 3 h behind, will not.
    let events = imap_with(handshake(CertVerdict::Valid, vec![fresh()]));
    let report = checked(imap_tls(), events, Some(RIGHT_S - 3 * HOUR), Some(RIGHT_S), Lang::En);
    assert_eq!(root(&report), Code::DeviceClockWrong, "{report:#?}");
    let clock = &report.findings[0];
    assert_eq!(clock.severity, Severity::Error);
    assert_eq!(clock.title, "This device's clock is 3 h behind: mail apps refuse mail.example.test's certificate");
    assert!(clock.explanation.contains("It says 2026-12-06 16:00 UTC; maildoctor's relay says 2026-12-06 19:00 UTC"));
    assert!(clock.explanation.contains("is valid only from 2026-12-06"), "{}", clock.explanation);
    assert!(clock.fix[0].contains("automatically"));
    // The handshake that shows the dates is its evidence.
    assert_eq!(clock.evidence.len(), 1);
}

#[test]
fn clock_a_year_ahead_makes_the_certificate_expired_for_the_app() {
    let chain = vec![cert(RIGHT_S - 30 * DAY, RIGHT_S + 60 * DAY)];
    let events = imap_with(handshake(CertVerdict::Valid, chain));
    let report = checked(imap_tls(), events, Some(RIGHT_S + 365 * DAY), Some(RIGHT_S), Lang::En);
    let clock = &report.findings[0];
    assert_eq!(clock.code, Code::DeviceClockWrong);
    assert_eq!(clock.severity, Severity::Error);
    assert!(clock.title.starts_with("This device's clock is 365 days ahead"), "{}", clock.title);
    assert!(clock.explanation.contains("expired on 2027-02-04"), "{}", clock.explanation);
}

#[test]
fn a_right_clock_says_nothing() {
    let events = imap_with(handshake(CertVerdict::Valid, vec![fresh()]));
    // Two minutes apart: within what the comparison can tell.
    let report = checked(imap_tls(), events, Some(RIGHT_S - 120), Some(RIGHT_S), Lang::En);
    assert!(clock_finding(&report).is_none(), "{report:#?}");
    assert!(report.findings.iter().all(|f| f.severity != Severity::Error && f.severity != Severity::Warning));
}

#[test]
fn without_a_reference_or_the_device_time_nothing_is_claimed() {
    // Dovecot's greeting has no date and the relay sent no time (an old relay).
    let events = imap_with(handshake(CertVerdict::Valid, vec![fresh()]));
    let report = checked(imap_tls(), events.clone(), Some(RIGHT_S - 3 * HOUR), None, Lang::En);
    assert!(clock_finding(&report).is_none(), "{report:#?}");
    // A page from before the device time: the relay's time alone proves nothing.
    let report = checked(imap_tls(), events, None, Some(RIGHT_S), Lang::En);
    assert!(clock_finding(&report).is_none(), "{report:#?}");
}

#[test]
fn check_on_a_wrong_clock_folds_the_certificate_verdict_under_it() {
    // `check` on this computer: the verifier's clock is the device's, so
    // the certificate comes back "not valid yet"; Exim's greeting dates the
    // server 3 h later than this computer.
    let problem = CertProblem::NotYetValid { not_before: Some(fresh().not_before) };
    let tls = handshake(CertVerdict::Invalid { problem }, vec![fresh()]);
    let said = "mail.example.test ESMTP Exim 4.96 Sun, 06 Dec 2026 19:00:00 +0000";
    let report = checked(smtps(), smtp_with(tls, said), Some(RIGHT_S - 3 * HOUR), None, Lang::En);
    assert_eq!(report.findings.len(), 1, "{report:#?}");
    let clock = &report.findings[0];
    assert_eq!(clock.code, Code::DeviceClockWrong);
    assert!(clock.explanation.contains("mail.example.test says 2026-12-06 19:00 UTC"), "{}", clock.explanation);
    assert_eq!(clock.follows.iter().map(|f| f.code).collect::<Vec<_>>(), [Code::TlsCertNotYetValid]);
    // The greeting and the handshake are its evidence.
    assert_eq!(clock.evidence.len(), 2);
}

#[test]
fn a_certificate_really_not_yet_valid_stays_the_root() {
    // The server's date agrees with this computer: the certificate was
    // installed too early, and the clock is not blamed.
    let early = cert(RIGHT_S + DAY, RIGHT_S + 90 * DAY);
    let problem = CertProblem::NotYetValid { not_before: Some(early.not_before.clone()) };
    let tls = handshake(CertVerdict::Invalid { problem }, vec![early]);
    let said = "mail.example.test ESMTP Sendmail 8.17.1/8.17.1; Sun, 6 Dec 2026 20:00:00 +0100";
    let report = checked(smtps(), smtp_with(tls, said), Some(RIGHT_S + 30), None, Lang::En);
    assert_eq!(root(&report), Code::TlsCertNotYetValid, "{report:#?}");
    assert!(clock_finding(&report).is_none());
}

#[test]
fn a_clock_off_that_breaks_no_certificate_is_a_warning() {
    // Exchange's greeting says 20 minutes later; the certificate fits either way.
    let said = "mail.example.test Microsoft ESMTP MAIL Service ready at Sun, 6 Dec 2026 19:00:00 +0000";
    let tls = handshake(CertVerdict::Valid, vec![cert(RIGHT_S - 30 * DAY, RIGHT_S + 60 * DAY)]);
    let report = checked(smtps(), smtp_with(tls, said), Some(RIGHT_S - 20 * 60), None, Lang::En);
    let clock = clock_finding(&report).expect("the clock is named");
    assert_eq!(clock.severity, Severity::Warning);
    assert_eq!(clock.title, "This device's clock is 20 min behind");
    assert_eq!(root(&report), Code::DeviceClockWrong, "no error, so the warning leads");
}

#[test]
fn references_that_disagree_claim_nothing() {
    // The relay agrees with the device; the server's clock is the odd one out.
    let said = "mail.example.test ESMTP Exim 4.96 Sun, 06 Dec 2026 22:00:00 +0000";
    let tls = handshake(CertVerdict::Valid, vec![fresh()]);
    let report = checked(smtps(), smtp_with(tls, said), Some(RIGHT_S), Some(RIGHT_S + 10), Lang::En);
    assert!(clock_finding(&report).is_none(), "{report:#?}");
}

#[test]
fn a_relay_on_this_computer_is_no_reference() {
    // `serve --local`: the relay's clock is the device's own.
    let mut request = Request::new("alice@example.test");
    request.incoming = Some(imap_tls());
    request.discovery = Discovery::Off;
    request.sample_latency = false;
    request.device_time_ms = Some(ms(RIGHT_S));
    let mut session = Session::plan(request).expect("valid");
    session.checked_from(Vantage { local: true, name: None, region: None, blocked_ports: Vec::new() });
    session.relay_time(ms(RIGHT_S + 3 * HOUR));
    session.start();
    for (n, event) in imap_with(handshake(CertVerdict::Valid, vec![fresh()])).into_iter().enumerate() {
        session.handle(&ServerMessage::Event { id: 1, t_ms: n as u64, event });
    }
    session.handle(&ServerMessage::Done { id: 1 });
    assert!(clock_finding(&session.report(&catalog())).is_none());
}

#[test]
fn german_words() {
    let events = imap_with(handshake(CertVerdict::Valid, vec![fresh()]));
    let report = checked(imap_tls(), events, Some(RIGHT_S - 3 * HOUR), Some(RIGHT_S), Lang::De);
    let clock = &report.findings[0];
    assert_eq!(
        clock.title,
        "Die Uhr dieses Geräts geht 3 Std. nach: Mail-Apps lehnen das Zertifikat von mail.example.test ab"
    );
    assert!(clock.explanation.contains("das Relay von maildoctor zeigt 2026-12-06 19:00 UTC"), "{}", clock.explanation);
    assert!(clock.explanation.contains("gilt das Zertifikat erst ab 2026-12-06"), "{}", clock.explanation);
    let chain = vec![cert(RIGHT_S - 30 * DAY, RIGHT_S + 60 * DAY)];
    let report = checked(
        imap_tls(),
        imap_with(handshake(CertVerdict::Valid, chain)),
        Some(RIGHT_S + 365 * DAY),
        Some(RIGHT_S),
        Lang::De,
    );
    assert!(report.findings[0].title.starts_with("Die Uhr dieses Geräts geht 365 Tage vor"));
    assert!(report.findings[0].explanation.contains("seit 2027-02-04 abgelaufen"));
}

#[test]
fn greeting_dates_of_real_servers() {
    // Exim's $tod_full, Sendmail's $b, Exchange's default banner (sources in crate::clock).
    let exim = "mx.example.org ESMTP Exim 4.96 Sun, 06 Dec 2026 19:00:00 +0000";
    let sendmail = "mx.example.org ESMTP Sendmail 8.17.1/8.17.1; Sun, 6 Dec 2026 20:00:00 +0100";
    let exchange = "EX01.contoso.com Microsoft ESMTP MAIL Service ready at Sun, 6 Dec 2026 11:00:00 -0800";
    let obsolete_zone = "mx.example.org ESMTP ready; 6 Dec 2026 14:00:00 EST";
    for said in [exim, sendmail, exchange, obsolete_zone] {
        assert_eq!(date_in(said), Some(RIGHT_S), "{said}");
    }
    // No date, a date without a zone, a German date, a day that does not exist.
    for said in [
        "mail.example.test ESMTP Postfix (Debian/GNU)",
        "* OK [CAPABILITY IMAP4rev1] Dovecot ready.",
        "mx ESMTP Sun, 6 Dec 2026 19:00:00",
        "mx ESMTP So, 6 Dez 2026 19:00:00 +0100",
        "mx ESMTP 31 Feb 2026 19:00:00 +0000",
    ] {
        assert_eq!(date_in(said), None, "{said}");
    }
    assert_eq!(seconds_of("2026-12-06T19:00:00Z"), Some(RIGHT_S));
    assert_eq!(seconds_of("2026-12-06"), None);
}

/// The report `codes` pins `device.clock_wrong` to.
pub(super) fn staged() -> Report {
    let events = imap_with(handshake(CertVerdict::Valid, vec![fresh()]));
    checked(imap_tls(), events, Some(RIGHT_S - 3 * HOUR), Some(RIGHT_S), catalog().lang())
}

#[test]
fn int_reads_as_parse_does() {
    let texts = [
        "",
        "0",
        "06",
        "31",
        "2026",
        "+5",
        "-5",
        "+",
        "-",
        "+-1",
        "1a",
        " 1",
        "1 ",
        "٣",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "00000000000000000000001",
    ];
    for text in texts {
        assert_eq!(int(text), text.parse::<i64>().ok(), "{text:?}");
    }
}
