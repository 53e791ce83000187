//! Issue 22, "the old client": the server's oldest TLS version, read from
//! the older-version hellos the executor sends after a valid handshake, and
//! the apps and systems each floor shuts out, in English and German.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{CertVerdict, Event, TlsResult, TlsVersion, VersionAnswer};

use super::support::*;
use crate::{Catalog, Code, Lang, Report, Severity};

const AES: &str = "TLS13_AES_256_GCM_SHA384";
const GCM: &str = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
const CBC: &str = "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA";

fn took(offered: TlsVersion, cipher: &str) -> VersionAnswer {
    VersionAnswer { offered, chose: Some(offered), cipher: Some(cipher.into()), refused: false }
}

fn refused(offered: TlsVersion) -> VersionAnswer {
    VersionAnswer { offered, chose: None, cipher: None, refused: true }
}

fn silent(offered: TlsVersion) -> VersionAnswer {
    VersionAnswer { offered, chose: None, cipher: None, refused: false }
}

/// A healthy IMAP dialog over TLS 1.3, then the older-version hellos' answers.
fn asked(answers: Vec<VersionAnswer>) -> Vec<Event> {
    let mut events = healthy_imap();
    let result = TlsResult::Established {
        version: TlsVersion::Tls13,
        cipher: AES.into(),
        verdict: CertVerdict::Valid,
        chain: vec![],
    };
    events[2] = Event::Tls { address: at("127.0.0.10:993"), result, elapsed_ms: 3 };
    events.push(Event::TlsVersions { address: at("127.0.0.10:993"), answers });
    events
}

/// The transcripts the three floors come from, as Dovecot staged them
/// (tests/fixtures/old_tls.sh): TLS 1.0 and up, the usual 1.2 and up, 1.3 alone.
fn transcript(code: Code) -> Vec<Event> {
    use TlsVersion::*;
    match code {
        Code::TlsOldVersionsAccepted => asked(vec![took(Tls12, GCM), took(Tls11, CBC), took(Tls10, CBC)]),
        Code::TlsNeedsTls12 => asked(vec![took(Tls12, GCM), refused(Tls11)]),
        Code::TlsNeedsTls13 => asked(vec![refused(Tls12)]),
        other => unreachable!("not an old-clients code: {other}"),
    }
}

pub(super) fn staged(code: Code) -> Report {
    diagnose(imap_tls(), transcript(code))
}

fn floor(report: &Report) -> &crate::Finding {
    let codes = [Code::TlsOldVersionsAccepted, Code::TlsNeedsTls12, Code::TlsNeedsTls13];
    report.findings.iter().find(|f| codes.contains(&f.code)).expect("a note on the TLS floor")
}

#[test]
fn each_floor_names_who_cannot_connect_in_both_languages() {
    let cases = [
        (
            Code::TlsOldVersionsAccepted,
            Severity::Info,
            "still accepts TLS 1.0",
            "ECDHE + AES-CBC",
            "nimmt noch TLS 1.0",
        ),
        (Code::TlsNeedsTls12, Severity::Info, "KB3140245", "Android before 5.0", "Android vor 5.0"),
        (Code::TlsNeedsTls13, Severity::Warning, "Outlook classic", "iOS before 12.2", "iOS vor 12.2"),
    ];
    for (code, severity, said, also, german) in cases {
        let en = diagnose_in(imap_tls(), transcript(code), &Catalog::new(Lang::En));
        let note = floor(&en);
        assert_eq!((note.code, note.severity), (code, severity), "{en:#?}");
        let text = format!("{} {} {}", note.title, note.explanation, note.fix.join(" "));
        assert!(text.contains(said) && text.contains(also), "{code}: {text}");
        // The settings still work: the note is beside "ok", never instead of it.
        assert!(en.findings.iter().any(|f| f.code == Code::OkIncoming), "{code}");
        let de = diagnose_in(imap_tls(), transcript(code), &Catalog::new(Lang::De));
        let note = floor(&de);
        let text = format!("{} {} {}", note.title, note.explanation, note.fix.join(" "));
        assert!(text.contains(german), "{code}: {text}");
        // The hellos' answers are the evidence, as a transcript line.
        assert!(note.evidence.iter().any(|e| e.observed.contains("TLS 1.2")), "{:#?}", note.evidence);
    }
}

#[test]
fn the_families_of_the_oldest_and_newest_suites_are_stated() {
    let report = staged(Code::TlsOldVersionsAccepted);
    let note = floor(&report);
    assert!(note.explanation.contains("TLS 1.3 (AES-GCM)"), "{}", note.explanation);
    assert!(note.explanation.contains("TLS 1.0 (ECDHE + AES-CBC)"), "{}", note.explanation);
}

#[test]
fn nothing_is_said_where_the_versions_were_not_settled() {
    use TlsVersion::*;
    let floors = [Code::TlsOldVersionsAccepted, Code::TlsNeedsTls12, Code::TlsNeedsTls13];
    // An older relay asks nothing; a server silent to a TLS 1.2 hello settles nothing.
    for events in [healthy_imap(), asked(vec![silent(Tls12)]), asked(vec![took(Tls12, GCM), silent(Tls11)])] {
        let report = diagnose(imap_tls(), events);
        assert!(!report.findings.iter().any(|f| floors.contains(&f.code)), "{report:#?}");
    }
    // A server that took TLS 1.1 and then went silent still accepts TLS 1.1.
    let report = diagnose(imap_tls(), asked(vec![took(Tls12, GCM), took(Tls11, CBC), silent(Tls10)]));
    assert!(floor(&report).title.contains("TLS 1.1"), "{report:#?}");
}

#[test]
fn a_failing_server_gets_no_floor_note() {
    // A bad certificate: the executor asks nothing, and the root cause stays alone.
    let mut events = asked(vec![refused(TlsVersion::Tls12)]);
    events[2] = tls(CertVerdict::Invalid { problem: maildoctor_wire::CertProblem::SelfSigned });
    let report = diagnose(imap_tls(), events);
    assert_eq!(root(&report), Code::TlsCertSelfSigned);
    assert!(!codes(&report).contains(&Code::TlsNeedsTls13));
}
