//! Logins only some apps can copy (issue 26): each note speaks the
//! protocol it is about and names the setting in each app.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{MailProtocol, Security};

use super::codes::accepted_by;
use super::support::*;
use crate::{Code, Finding, Report, Settings, Severity};

fn pop3() -> Settings {
    Settings { port: 995, protocol: MailProtocol::Pop3, ..imap_tls() }
}

fn smtp() -> Settings {
    Settings { port: 465, protocol: MailProtocol::Smtp, security: Security::Tls, ..imap_tls() }
}

fn note(report: &Report, code: Code) -> &Finding {
    report.findings.iter().find(|f| f.code == code).unwrap_or_else(|| panic!("no {code}: {report:#?}"))
}

fn words(finding: &Finding) -> String {
    format!("{} {} {}", finding.title, finding.explanation, finding.fix.join(" "))
}

#[test]
fn a_cram_md5_login_works_with_a_warning_naming_each_apps_setting() {
    for (settings, offered, own, foreign) in [
        (imap_tls(), &["LOGINDISABLED", "AUTH=CRAM-MD5"][..], "IMAP LOGIN", "Outgoing Server"),
        (smtp(), &["AUTH CRAM-MD5"][..], "Outgoing Server (SMTP)", "USER and PASS"),
        (pop3(), &["USER", "SASL CRAM-MD5"][..], "USER and PASS", "SMTP"),
    ] {
        let report = accepted_by(settings, "CRAM-MD5", offered);
        let finding = note(&report, Code::AuthChallengeResponseOnly);
        assert_eq!(finding.severity, Severity::Warning);
        let text = words(finding);
        for wanted in ["Encrypted password", "MD5 Challenge-Response", "Outlook cannot", own] {
            assert!(text.contains(wanted), "{wanted} missing from {text}");
        }
        assert!(!text.contains(foreign), "{foreign} in {text}");
        assert!(codes(&report).iter().any(|c| matches!(c, Code::OkIncoming | Code::OkOutgoing)), "{report:#?}");
    }
}

#[test]
fn an_apop_login_speaks_pop3_never_smtp() {
    let report = accepted_by(pop3(), "APOP", &["USER"]);
    let text = words(note(&report, Code::AuthChallengeResponseOnly));
    assert!(text.contains("APOP") && text.contains("Encrypted password") && text.contains("Outlook cannot"), "{text}");
    assert!(!text.contains("SMTP") && !text.contains("CRAM-MD5"), "{text}");
}

#[test]
fn pop3_without_user_pass_warns_that_user_pass_only_apps_fail() {
    let report = accepted_by(pop3(), "PLAIN", &["SASL PLAIN"]);
    let finding = note(&report, Code::AuthUserPassOff);
    assert_eq!(finding.severity, Severity::Warning);
    assert!(words(finding).contains("Outlook"), "{finding:#?}");
    // With USER offered, nothing to say.
    let report = accepted_by(pop3(), "PLAIN", &["USER", "SASL PLAIN"]);
    assert!(!codes(&report).contains(&Code::AuthUserPassOff), "{report:#?}");
}

#[test]
fn a_normal_login_has_no_mechanism_note() {
    let report = accepted_by(imap_tls(), "PLAIN", &["AUTH=PLAIN"]);
    // Issue 22: a proven login also names the app and what cannot be seen.
    assert_eq!(codes(&report), vec![Code::OkIncoming, Code::AppSuspect, Code::UnseenCauses]);
}
