//! What mail providers' refusals mean. Providers reuse codes for different
//! causes (Microsoft's 5.7.139 for four, Gmail's 5.7.9 for two), so a rule
//! matches the code and the text together; a refusal no rule knows is shown
//! in the server's own words, never guessed at. The words of each rule are
//! in the catalogs, under its message id.

use maildoctor_wire::{EnhancedStatus, ReplyCode};

use crate::Code;

/// The code a rule needs, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    Any,
    /// An SMTP enhanced status.
    Enhanced(EnhancedStatus),
    /// An IMAP or POP3 response code.
    Atom(&'static str),
}

/// One known refusal.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) code_needed: Needs,
    /// Every one of these must appear in the text (case-insensitive).
    pub(crate) text: &'static [&'static str],
    pub(crate) code: Code,
    /// The catalog message with its title, `.why` and `.fix-N`.
    pub(crate) message: &'static str,
}

const fn rule(code_needed: Needs, text: &'static [&'static str], code: Code, message: &'static str) -> Refusal {
    Refusal { code_needed, text, code, message }
}

const M365: Needs = Needs::Enhanced(EnhancedStatus::new(5, 7, 139));

/// The table, most specific first. Sources: provider documentation and mail
/// libraries' issue threads (see the project's reference notes).
pub(crate) const KNOWN: &[Refusal] = &[
    rule(
        Needs::Any,
        &["application-specific password required"],
        Code::AuthAppPasswordRequired,
        "refusal-app-password",
    ),
    rule(Needs::Any, &["log in", "web browser"], Code::AuthWebLoginRequired, "refusal-web-login"),
    rule(M365, &["smtpclientauthentication is disabled"], Code::AuthSmtpAuthDisabled, "refusal-smtp-auth-disabled"),
    rule(Needs::Any, &["basic authentication is disabled"], Code::AuthBasicAuthDisabled, "refusal-basic-auth-disabled"),
    rule(M365, &["security defaults"], Code::AuthAccountLocked, "refusal-security-defaults"),
    rule(
        Needs::Any,
        &["too many simultaneous connections"],
        Code::AuthTooManyConnections,
        "refusal-too-many-connections",
    ),
    rule(Needs::Any, &["maximum number of connections"], Code::AuthTooManyConnections, "refusal-connection-limit"),
    rule(Needs::Any, &["too many bad auth attempts"], Code::AuthAccountLocked, "refusal-bad-attempts"),
    rule(Needs::Any, &["too many login attempts"], Code::AuthAccountLocked, "refusal-login-attempts"),
    rule(
        Needs::Any,
        &["invalid credentials or imap is disabled"],
        Code::AuthInvalidCredentials,
        "refusal-imap-disabled",
    ),
    rule(
        Needs::Enhanced(EnhancedStatus::new(5, 7, 3)),
        &["authentication unsuccessful"],
        Code::AuthInvalidCredentials,
        "refusal-microsoft-unsuccessful",
    ),
    // Two rows: each phrase alone suffices, and a row needs all of its phrases.
    rule(Needs::Any, &["must issue a starttls command first"], Code::StarttlsRequired, "refusal-starttls-first"),
    rule(Needs::Any, &["starttls is required"], Code::StarttlsRequired, "refusal-starttls-first"),
    rule(Needs::Any, &["tls 1.0 and 1.1 are not supported"], Code::TlsProtocolTooOld, "refusal-old-tls"),
    rule(Needs::Atom("IN-USE"), &[], Code::ServerInUse, "refusal-in-use"),
    rule(Needs::Atom("LOGIN-DELAY"), &[], Code::ServerLoginDelay, "refusal-login-delay"),
    rule(Needs::Atom("SYS/TEMP"), &[], Code::ServerUnavailable, "refusal-sys-temp"),
    rule(
        Needs::Enhanced(EnhancedStatus::new(5, 7, 4)),
        &["unrecognized authentication type"],
        Code::AuthMechanismUnsupported,
        "refusal-mechanism",
    ),
];

fn matches(needs: Needs, code: Option<&ReplyCode>) -> bool {
    match needs {
        Needs::Any => true,
        Needs::Enhanced(wanted) => code.and_then(ReplyCode::enhanced) == Some(wanted),
        Needs::Atom(wanted) => code.and_then(ReplyCode::atom).is_some_and(|atom| atom.eq_ignore_ascii_case(wanted)),
    }
}

/// The first rule that matches `code` and `text`.
pub(crate) fn lookup(code: Option<&ReplyCode>, text: &str) -> Option<&'static Refusal> {
    let text = text.to_ascii_lowercase();
    KNOWN.iter().find(|known| matches(known.code_needed, code) && known.text.iter().all(|needle| text.contains(needle)))
}

/// Codes whose meaning an RFC fixes to "wrong username or password" and
/// nothing else: IMAP's RFC 5530 code, POP3's RFC 3206 code, SMTP's RFC 4954 status.
pub(crate) fn says_wrong_credentials(code: Option<&ReplyCode>) -> bool {
    match code {
        Some(ReplyCode::Imap { code }) => code == "AUTHENTICATIONFAILED",
        Some(ReplyCode::Pop3 { code }) => code == "AUTH",
        Some(ReplyCode::Smtp { enhanced, .. }) => *enhanced == Some(EnhancedStatus::new(5, 7, 8)),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn smtp(basic: u16, class: u8, subject: u16, detail: u16) -> ReplyCode {
        ReplyCode::Smtp { basic, enhanced: Some(EnhancedStatus::new(class, subject, detail)) }
    }

    fn imap(code: &str) -> ReplyCode {
        ReplyCode::Imap { code: code.into() }
    }

    #[test]
    fn providers_reuse_codes_so_text_decides() {
        let cases = [
            (smtp(534, 5, 7, 9), "534-5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor", Code::AuthAppPasswordRequired),
            (smtp(534, 5, 7, 9), "534 5.7.9 Please log in with your web browser and then try again.", Code::AuthWebLoginRequired),
            (smtp(535, 5, 7, 139), "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.", Code::AuthSmtpAuthDisabled),
            (smtp(535, 5, 7, 139), "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.", Code::AuthBasicAuthDisabled),
            (smtp(535, 5, 7, 139), "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy.", Code::AuthAccountLocked),
            (imap("ALERT"), "a1 NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)", Code::AuthAppPasswordRequired),
            (imap("ALERT"), "a1 NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)", Code::AuthWebLoginRequired),
            (imap("ALERT"), "a1 NO [ALERT] Too many simultaneous connections. (Failure)", Code::AuthTooManyConnections),
            (smtp(530, 5, 7, 0), "530 5.7.0 Must issue a STARTTLS command first", Code::StarttlsRequired),
            (ReplyCode::Pop3 { code: "IN-USE".into() }, "-ERR [IN-USE] Unable to lock maildrop", Code::ServerInUse),
        ];
        for (code, text, want) in cases {
            assert_eq!(lookup(Some(&code), text).map(|k| k.code), Some(want), "{text}");
        }
    }

    #[test]
    fn unknown_text_is_not_guessed() {
        assert!(
            lookup(Some(&smtp(535, 5, 7, 8)), "535 5.7.8 Error: authentication failed: (reason unavailable)").is_none()
        );
        assert!(lookup(Some(&imap("AUTHENTICATIONFAILED")), "a2 NO [AUTHENTICATIONFAILED] Authentication failed.")
            .is_none());
    }

    #[test]
    fn only_rfc_codes_say_wrong_credentials() {
        assert!(says_wrong_credentials(Some(&smtp(535, 5, 7, 8))));
        assert!(says_wrong_credentials(Some(&imap("AUTHENTICATIONFAILED"))));
        assert!(says_wrong_credentials(Some(&ReplyCode::Pop3 { code: "AUTH".into() })));
        assert!(!says_wrong_credentials(Some(&smtp(535, 5, 7, 139))));
        assert!(!says_wrong_credentials(Some(&imap("ALERT"))));
        assert!(!says_wrong_credentials(None));
    }
}
