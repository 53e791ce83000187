//! What mail providers' refusals mean. Providers reuse codes for different
//! causes (Microsoft's 5.7.139 for four, Gmail's 5.7.9 for two), so a rule
//! matches the code and the text together; a refusal no rule knows is shown
//! in the server's own words, never guessed at.

use crate::Code;

/// One known refusal.
#[derive(Debug)]
pub(crate) struct KnownMessage {
    /// The code the server gave (`534 5.7.9`, `AUTHENTICATIONFAILED`), or
    /// any code when `None`.
    pub(crate) code: Option<&'static str>,
    /// Every one of these must appear in the text (case-insensitive).
    pub(crate) text: &'static [&'static str],
    pub(crate) finding: Code,
    pub(crate) title: &'static str,
    pub(crate) why: &'static str,
    pub(crate) fix: &'static [&'static str],
}

const APP_PASSWORD_FIX: &[&str] = &[
    "Create an app password in your account's security settings (it needs two-step verification turned on).",
    "Enter that app password in your mail app instead of your normal password.",
    "Or use an app that signs in with your provider's own sign-in page (OAuth).",
];

/// The table, most specific first. Sources: provider documentation and mail
/// libraries' issue threads (see the project's reference notes).
pub(crate) const KNOWN: &[KnownMessage] = &[
    KnownMessage {
        code: None,
        text: &["application-specific password required"],
        finding: Code::AuthAppPasswordRequired,
        title: "This account needs an app password",
        why: "The account has two-step verification, so the provider does not accept your normal password in mail apps.",
        fix: APP_PASSWORD_FIX,
    },
    KnownMessage {
        code: None,
        text: &["log in", "web browser"],
        finding: Code::AuthWebLoginRequired,
        title: "Sign in on the web first",
        why: "The provider blocked this sign-in as unusual and wants you to confirm it in a web browser.",
        fix: &[
            "Sign in to your mail on the provider's website from this same network, and confirm the security alert.",
            "Then try your mail app again; if it still fails, use an app password.",
        ],
    },
    KnownMessage {
        code: Some("5.7.139"),
        text: &["smtpclientauthentication is disabled"],
        finding: Code::AuthSmtpAuthDisabled,
        title: "Sending with a password is turned off for your organisation",
        why: "Microsoft 365 has SMTP AUTH disabled for your tenant, so no mail app can send through it with a password.",
        fix: &[
            "Ask your administrator to enable Authenticated SMTP for your mailbox (https://aka.ms/smtp_auth_disabled).",
            "Or use a mail app that signs in with Microsoft (OAuth), such as Outlook.",
        ],
    },
    KnownMessage {
        code: None,
        text: &["basic authentication is disabled"],
        finding: Code::AuthBasicAuthDisabled,
        title: "Password sign-in is turned off",
        why: "The provider no longer accepts a password from mail apps (basic authentication); app passwords are refused too.",
        fix: &["Use a mail app that signs in with the provider's sign-in page (OAuth), such as Outlook, Apple Mail or Thunderbird."],
    },
    KnownMessage {
        code: Some("5.7.139"),
        text: &["security defaults"],
        finding: Code::AuthAccountLocked,
        title: "Your organisation blocks this kind of sign-in",
        why: "Microsoft Entra security defaults block password sign-in from mail apps for your account.",
        fix: &["Ask your administrator for an exception, or use a mail app that signs in with Microsoft (OAuth)."],
    },
    KnownMessage {
        code: None,
        text: &["too many simultaneous connections"],
        finding: Code::AuthTooManyConnections,
        title: "Too many mail apps are connected at once",
        why: "The provider limits how many connections one account may have open, and that limit is reached.",
        fix: &["Close mail apps on other devices, or lower the number of connections in your app's advanced settings."],
    },
    KnownMessage {
        code: None,
        text: &["maximum number of connections"],
        finding: Code::AuthTooManyConnections,
        title: "Too many mail apps are connected at once",
        why: "The server limits how many connections one user may have from one address, and that limit is reached.",
        fix: &["Close mail apps on other devices behind the same network, then try again."],
    },
    KnownMessage {
        code: None,
        text: &["too many bad auth attempts"],
        finding: Code::AuthAccountLocked,
        title: "Sign-in is blocked after too many failed attempts",
        why: "The provider paused password sign-in for this account after repeated failures (Yahoo also says this when an app password is needed).",
        fix: &["Wait an hour, then sign in with an app password created in your account's security settings."],
    },
    KnownMessage {
        code: None,
        text: &["too many login attempts"],
        finding: Code::AuthAccountLocked,
        title: "Sign-in is blocked after too many attempts",
        why: "The provider temporarily refuses logins for this account.",
        fix: &["Wait a while; make sure no other device keeps trying an old password."],
    },
    KnownMessage {
        code: None,
        text: &["invalid credentials or imap is disabled"],
        finding: Code::AuthInvalidCredentials,
        title: "Wrong password, or IMAP is turned off for the account",
        why: "The provider refuses the login; it does not say whether the password is wrong or IMAP access is disabled.",
        fix: &["Turn on IMAP access in your mail account's web settings.", "Then check the password (or use an app password)."],
    },
    KnownMessage {
        code: Some("5.7.3"),
        text: &["authentication unsuccessful"],
        finding: Code::AuthInvalidCredentials,
        title: "The server did not accept your username or password",
        why: "Microsoft uses this for a wrong password, a missing app password with MFA, or disabled SMTP AUTH.",
        fix: &[
            "Check the password; with multi-factor sign-in use an app password.",
            "Ask your administrator whether SMTP AUTH is enabled for your mailbox.",
        ],
    },
    KnownMessage {
        code: None,
        text: &["must issue a starttls command first"],
        finding: Code::StarttlsRequired,
        title: "The server wants STARTTLS before anything else",
        why: "Your mail app talks to the server without encryption, and this server requires STARTTLS first.",
        fix: &["Set Security to STARTTLS (port 587), or SSL/TLS on port 465."],
    },
    KnownMessage {
        code: None,
        text: &["starttls is required"],
        finding: Code::StarttlsRequired,
        title: "The server wants STARTTLS before anything else",
        why: "Your mail app talks to the server without encryption, and this server requires STARTTLS first.",
        fix: &["Set Security to STARTTLS (port 587), or SSL/TLS on port 465."],
    },
    KnownMessage {
        code: None,
        text: &["tls 1.0 and 1.1 are not supported"],
        finding: Code::TlsProtocolTooOld,
        title: "Your device's encryption is too old for this server",
        why: "The server refuses TLS 1.0 and 1.1, which your mail app or system used.",
        fix: &["Update your mail app and operating system, or turn on TLS 1.2 in its settings."],
    },
    KnownMessage {
        code: Some("IN-USE"),
        text: &[],
        finding: Code::ServerInUse,
        title: "The mailbox is in use by another app",
        why: "Another mail app (perhaps on another device) is downloading this POP3 mailbox right now.",
        fix: &["Close the other app or wait until it finishes, then try again."],
    },
    KnownMessage {
        code: Some("LOGIN-DELAY"),
        text: &[],
        finding: Code::ServerLoginDelay,
        title: "You checked for mail too soon",
        why: "The server allows a POP3 login only every few minutes.",
        fix: &["Set your mail app to check for new mail less often (every 15 minutes, say)."],
    },
    KnownMessage {
        code: Some("SYS/TEMP"),
        text: &[],
        finding: Code::ServerUnavailable,
        title: "The server has a temporary problem",
        why: "The server reports a temporary failure on its side.",
        fix: &["Try again in a few minutes."],
    },
    KnownMessage {
        code: Some("5.7.4"),
        text: &["unrecognized authentication type"],
        finding: Code::AuthMechanismUnsupported,
        title: "This server does not accept this kind of login",
        why: "The server does not support the sign-in method, or it is a server for receiving mail (MX), not for sending from a mail app.",
        fix: &["Use your provider's submission server (for Microsoft 365: smtp.office365.com, port 587, STARTTLS)."],
    },
];

/// The first rule that matches `code` and `text`.
pub(crate) fn lookup(code: Option<&str>, text: &str) -> Option<&'static KnownMessage> {
    let text = text.to_ascii_lowercase();
    KNOWN.iter().find(|known| {
        let code_matches = match known.code {
            None => true,
            Some(wanted) => code.is_some_and(|got| got == wanted || got.ends_with(&format!(" {wanted}"))),
        };
        code_matches && known.text.iter().all(|needle| text.contains(needle))
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn providers_reuse_codes_so_text_decides() {
        let cases = [
            ("534 5.7.9", "534-5.7.9 Application-specific password required. Learn more at https://support.google.com/mail/?p=InvalidSecondFactor", Code::AuthAppPasswordRequired),
            ("534 5.7.9", "534 5.7.9 Please log in with your web browser and then try again.", Code::AuthWebLoginRequired),
            ("535 5.7.139", "535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.", Code::AuthSmtpAuthDisabled),
            ("535 5.7.139", "535 5.7.139 Authentication unsuccessful, basic authentication is disabled.", Code::AuthBasicAuthDisabled),
            ("535 5.7.139", "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy.", Code::AuthAccountLocked),
            ("ALERT", "a1 NO [ALERT] Application-specific password required: https://support.google.com/accounts/answer/185833 (Failure)", Code::AuthAppPasswordRequired),
            ("ALERT", "a1 NO [ALERT] Please log in via your web browser: https://support.google.com/mail/accounts/answer/78754 (Failure)", Code::AuthWebLoginRequired),
            ("ALERT", "a1 NO [ALERT] Too many simultaneous connections. (Failure)", Code::AuthTooManyConnections),
            ("530 5.7.0", "530 5.7.0 Must issue a STARTTLS command first", Code::StarttlsRequired),
            ("IN-USE", "-ERR [IN-USE] Unable to lock maildrop", Code::ServerInUse),
        ];
        for (code, text, want) in cases {
            assert_eq!(lookup(Some(code), text).map(|k| k.finding), Some(want), "{text}");
        }
    }

    #[test]
    fn unknown_text_is_not_guessed() {
        assert!(lookup(Some("535 5.7.8"), "535 5.7.8 Error: authentication failed: (reason unavailable)").is_none());
        assert!(lookup(Some("AUTHENTICATIONFAILED"), "a2 NO [AUTHENTICATIONFAILED] Authentication failed.").is_none());
    }
}
