//! What servers' refusals mean. A reply is read by meaning: where the text
//! says more than the code (expired, locked, the protocol switched off for
//! this account, this address refused, a full mailbox, too many failed
//! logins), the text wins, in English and in the other languages servers
//! speak; where it says nothing more, the registries' codes decide (see
//! `diagnose::login`). Providers reuse codes for different causes
//! (Microsoft's 5.7.139 for four, Gmail's 5.7.9 for two), so a row may need
//! a code and a phrase together. A refusal no row knows is shown in the
//! server's own words, never guessed at. Each row's words are in the
//! catalogs under its message id; `crates/rules/corpus/` holds the real
//! server texts, with their sources, that the tests read through this table.

use maildoctor_wire::{EnhancedStatus, MailProtocol, ReplyCode};

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
    /// Any one of these phrases, lower-case, in the text; none: the code alone.
    pub(crate) phrases: &'static [&'static str],
    pub(crate) code: Code,
    /// The catalog message with its title, `.why` and `.fix-N`.
    pub(crate) message: &'static str,
}

const fn rule(code_needed: Needs, phrases: &'static [&'static str], code: Code, message: &'static str) -> Refusal {
    Refusal { code_needed, phrases, code, message }
}

const ANY: Needs = Needs::Any;
const M365: Needs = Needs::Enhanced(EnhancedStatus::new(5, 7, 139));

/// The table, most specific first: a provider's own wording, then what the
/// text says, then codes whose registry meaning is all there is.
pub(crate) const KNOWN: &[Refusal] = &[
    rule(
        ANY,
        &["application-specific password", "app password required", "app-specific password", "anwendungsspezifisch"],
        Code::AuthAppPasswordRequired,
        "refusal-app-password",
    ),
    rule(
        ANY,
        &["via your web browser", "with your web browser", "weblogin", "web login required"],
        Code::AuthWebLoginRequired,
        "refusal-web-login",
    ),
    rule(M365, &["smtpclientauthentication is disabled"], Code::AuthSmtpAuthDisabled, "refusal-smtp-auth-disabled"),
    rule(
        ANY,
        &["smtp auth is disabled", "smtp authentication is disabled", "authenticated smtp is disabled"],
        Code::AuthSmtpAuthDisabled,
        "refusal-smtp-auth-disabled",
    ),
    rule(
        ANY,
        &["basic authentication is disabled", "basic auth is disabled", "basicauthblocked"],
        Code::AuthBasicAuthDisabled,
        "refusal-basic-auth-disabled",
    ),
    rule(M365, &["security defaults"], Code::AuthBasicAuthDisabled, "refusal-security-defaults"),
    // Yandex names two causes in one sentence: the text cannot decide.
    rule(ANY, &["invalid credentials or imap is disabled"], Code::AuthInvalidCredentials, "refusal-imap-disabled"),
    rule(
        ANY,
        &[
            "not enabled for imap",
            "not enabled for pop",
            "imap access is disabled",
            "pop access is disabled",
            "pop3 access is disabled",
            "imap is disabled",
            "pop is disabled",
            "pop3 is disabled",
            "imap access is not enabled",
            "pop access is not enabled",
            "imap is not enabled",
            "pop3 is not enabled",
            "imap not enabled",
            "pop3 not enabled",
            "imap access not allowed",
            "pop3 access not allowed",
            "protocol is disabled",
            "protocol disabled",
            "service disabled for this account",
            "disabled for this account",
            "access to this service has been blocked",
            "not authorized to use this service",
            "does not have imap access",
            "does not have pop access",
            "access not enabled",
            "imap-zugriff",
            "pop3-zugriff",
            "pop-zugriff",
            "imap ist deaktiviert",
            "pop3 ist deaktiviert",
            "imap ist nicht aktiviert",
            "pop3 ist nicht aktiviert",
            "nicht für imap freigeschaltet",
            "nicht für pop3 freigeschaltet",
        ],
        Code::AuthProtocolDisabled,
        "refusal-protocol-disabled",
    ),
    rule(ANY, &["too many simultaneous connections"], Code::AuthTooManyConnections, "refusal-too-many-connections"),
    rule(
        ANY,
        &[
            "maximum number of connections",
            "too many connections",
            "too many concurrent requests",
            "connections from this ip",
            "too many open connections",
            "connection limit",
            "zu viele verbindungen",
        ],
        Code::AuthTooManyConnections,
        "refusal-connection-limit",
    ),
    rule(ANY, &["too many bad auth attempts"], Code::AuthAccountLocked, "refusal-bad-attempts"),
    // The server hung up on commands it did not understand: it says no more.
    rule(
        ANY,
        &["too many invalid imap commands", "too many bad commands", "too many invalid commands"],
        Code::AuthRejected,
        "f-login-rejected",
    ),
    rule(
        ANY,
        &[
            "mailbox is already locked",
            "mailbox is locked",
            "maildrop is locked",
            "unable to lock maildrop",
            "already locked",
        ],
        Code::ServerInUse,
        "refusal-in-use",
    ),
    rule(
        ANY,
        &[
            "too many login attempts",
            "too many failed",
            "too many authentication failures",
            "too many invalid log",
            "too many auth",
            "brute force",
            "brute-force",
            "login attempts exceeded",
            "zu viele fehlgeschlagene",
            "zu viele anmeldeversuche",
            "zu viele fehlversuche",
            "trop de tentatives",
            "demasiados intentos",
        ],
        Code::AuthAccountLocked,
        "refusal-login-attempts",
    ),
    rule(
        ANY,
        &[
            "client host rejected",
            "client host blocked",
            "banned sending ip",
            "your ip",
            "ip address is",
            "ip not allowed",
            "address not allowed",
            "not allowed from your",
            "not permitted from your",
            "access denied for ip",
            "from this ip",
            "blacklisted",
            "blocklisted",
            "black list",
            "block list",
            "blacklist",
            "blocklist",
            "dnsbl",
            "spamhaus",
            "ihre ip",
            "ip-adresse",
            "votre adresse ip",
            "su dirección ip",
        ],
        Code::ServerClientBlocked,
        "refusal-client-address",
    ),
    rule(
        ANY,
        &["bandwidth", "command or bandwidth limits", "download limit", "übertragungsvolumen"],
        Code::ServerOverQuota,
        "refusal-usage-limit",
    ),
    rule(
        ANY,
        &[
            "over quota",
            "mail quota",
            "exceeded your quota",
            "quota exceeded",
            "exceeded quota",
            "exceeds quota",
            "exceeded storage",
            "mailbox full",
            "mailbox is full",
            "mailbox size limit",
            "storage quota",
            "out of storage",
            "postfach voll",
            "postfach ist voll",
            "speicherplatz",
            "quota überschritten",
            "kontingent überschritten",
            "boîte aux lettres pleine",
            "quota dépassé",
            "buzón lleno",
            "cuota excedida",
        ],
        Code::ServerOverQuota,
        "refusal-over-quota",
    ),
    rule(
        ANY,
        &[
            "password expired",
            "password has expired",
            "password is expired",
            "expired password",
            "password must be changed",
            "passwort abgelaufen",
            "passwort ist abgelaufen",
            "kennwort abgelaufen",
            "kennwort ist abgelaufen",
            "mot de passe expiré",
            "mot de passe a expiré",
            "contraseña caducada",
            "contraseña ha caducado",
            "contraseña expirada",
            "пароль истек",
            "срок действия пароля",
        ],
        Code::AuthPasswordExpired,
        "refusal-password-expired",
    ),
    rule(
        ANY,
        &[
            "account is locked",
            "account locked",
            "account has been locked",
            "locked out",
            "account is disabled",
            "account disabled",
            "account has been disabled",
            "account is suspended",
            "account suspended",
            "account has been suspended",
            "user disabled",
            "user is disabled",
            "user account disabled",
            "login disabled for this user",
            "account is blocked",
            "account blocked",
            "account has been blocked",
            "account is inactive",
            "account inactive",
            "konto gesperrt",
            "konto ist gesperrt",
            "konto wurde gesperrt",
            "account gesperrt",
            "account ist gesperrt",
            "zugang gesperrt",
            "zugang ist gesperrt",
            "konto deaktiviert",
            "konto ist deaktiviert",
            "compte bloqué",
            "compte désactivé",
            "compte suspendu",
            "cuenta bloqueada",
            "cuenta deshabilitada",
            "cuenta suspendida",
            "заблокирован",
        ],
        Code::AuthAccountLocked,
        "refusal-account-locked",
    ),
    rule(
        Needs::Enhanced(EnhancedStatus::new(5, 7, 3)),
        &["authentication unsuccessful"],
        Code::AuthInvalidCredentials,
        "refusal-microsoft-unsuccessful",
    ),
    rule(ANY, &["must issue a starttls command first"], Code::StarttlsRequired, "refusal-starttls-first"),
    rule(ANY, &["starttls is required", "issue starttls first"], Code::StarttlsRequired, "refusal-starttls-first"),
    rule(ANY, &["tls 1.0 and 1.1 are not supported"], Code::TlsProtocolTooOld, "refusal-old-tls"),
    rule(
        ANY,
        &[
            "unrecognized authentication type",
            "unsupported authentication mechanism",
            "invalid authentication mechanism",
            "mechanism not supported",
        ],
        Code::AuthMechanismUnsupported,
        "refusal-mechanism",
    ),
    rule(
        ANY,
        &[
            "temporary",
            "temporarily",
            "try again later",
            "maintenance",
            "at present",
            "internal error",
            "shutting down",
            "vorübergehend",
            "später erneut",
        ],
        Code::ServerUnavailable,
        "refusal-sys-temp",
    ),
    // The code alone: what the registries fix and the text did not override.
    rule(Needs::Atom("IN-USE"), &[], Code::ServerInUse, "refusal-in-use"),
    rule(Needs::Atom("INUSE"), &[], Code::ServerInUse, "refusal-in-use"),
    rule(Needs::Atom("LOGIN-DELAY"), &[], Code::ServerLoginDelay, "refusal-login-delay"),
    rule(Needs::Atom("SYS/TEMP"), &[], Code::ServerUnavailable, "refusal-sys-temp"),
    rule(Needs::Atom("OVERQUOTA"), &[], Code::ServerOverQuota, "refusal-over-quota"),
    rule(Needs::Enhanced(EnhancedStatus::new(5, 2, 2)), &[], Code::ServerOverQuota, "refusal-over-quota"),
    rule(Needs::Enhanced(EnhancedStatus::new(4, 2, 2)), &[], Code::ServerOverQuota, "refusal-over-quota"),
    rule(Needs::Enhanced(EnhancedStatus::new(5, 7, 9)), &[], Code::AuthMechanismUnsupported, "refusal-mechanism-weak"),
];

fn matches(needs: Needs, code: Option<&ReplyCode>) -> bool {
    match needs {
        Needs::Any => true,
        Needs::Enhanced(wanted) => code.and_then(ReplyCode::enhanced) == Some(wanted),
        Needs::Atom(wanted) => code.and_then(ReplyCode::atom).is_some_and(|atom| atom.eq_ignore_ascii_case(wanted)),
    }
}

/// `text` in lower case for the scripts the table's phrases are in: ASCII,
/// Latin-1's letters (German, French, Spanish) and basic Cyrillic. Not
/// `str::to_lowercase`, whose Unicode tables cost the page more than the
/// whole table does.
pub(crate) fn fold_case(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'A'..='Z' => c.to_ascii_lowercase(),
            'À'..='Þ' if c != '×' => char::from_u32(c as u32 + 32).unwrap_or(c),
            'А'..='Я' => char::from_u32(c as u32 + 32).unwrap_or(c),
            'Ё' => 'ё',
            _ => c,
        })
        .collect()
}

/// The first row that matches `code` and `text`.
pub(crate) fn lookup(code: Option<&ReplyCode>, text: &str) -> Option<&'static Refusal> {
    let text = fold_case(text);
    KNOWN.iter().find(|known| {
        matches(known.code_needed, code)
            && (known.phrases.is_empty() && known.code_needed != Needs::Any
                || known.phrases.iter().any(|phrase| text.contains(phrase)))
    })
}

/// The text says the login was refused because the connection is not
/// encrypted. SMTP's "STARTTLS first" is a reply of its own (a row above):
/// there the fix is the STARTTLS command, not another port.
pub(crate) fn says_encryption_required(protocol: MailProtocol, text: &str) -> bool {
    let text = fold_case(text);
    let starttls = ["starttls required", "starttls is required"];
    [
        "plaintext authentication",
        "cleartext",
        "encryption required",
        "requires encryption",
        "ssl/tls required",
        "ssl/tls-connection is required",
        "tls required",
        "must use ssl",
        "insecure connection",
        "only available under a layer",
        "unverschlüsselt",
    ]
    .iter()
    .chain(if protocol == MailProtocol::Smtp { &[][..] } else { &starttls[..] })
    .any(|phrase| text.contains(phrase))
}

/// The text says the username or password is wrong, and nothing more.
pub(crate) fn says_wrong_credentials_in_words(text: &str) -> bool {
    let text = fold_case(text);
    [
        "invalid credentials",
        "incorrect username or password",
        "invalid username or password",
        "invalid user name or password",
        "username and password not accepted",
        "incorrect authentication data",
        "credentials were incorrect",
        "authentication failure",
        "wrong password",
        "bad password",
        "benutzername oder passwort",
        "falsches passwort",
        "ungültige zugangsdaten",
    ]
    .iter()
    .any(|phrase| text.contains(phrase))
}

/// Codes whose meaning an RFC fixes to "wrong username or password" and
/// nothing else: IMAP's RFC 5530 code, POP3's RFC 3206 code, SMTP's RFC 4954
/// status, and a bare 535 (RFC 4954 §6: "Authentication credentials invalid").
pub(crate) fn says_wrong_credentials(code: Option<&ReplyCode>) -> bool {
    match code {
        Some(ReplyCode::Imap { code }) => code == "AUTHENTICATIONFAILED",
        Some(ReplyCode::Pop3 { code }) => code == "AUTH",
        Some(ReplyCode::Smtp { basic, enhanced }) => {
            *enhanced == Some(EnhancedStatus::new(5, 7, 8)) || (*basic == 535 && enhanced.is_none())
        }
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
            (smtp(535, 5, 7, 139), "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy.", Code::AuthBasicAuthDisabled),
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
    fn the_text_wins_over_a_generic_code() {
        let cases = [
            (smtp(535, 5, 7, 8), "535 5.7.8 Error: authentication failed: Password expired", Code::AuthPasswordExpired),
            (imap("AUTHENTICATIONFAILED"), "a1 NO [AUTHENTICATIONFAILED] Account is disabled", Code::AuthAccountLocked),
            (ReplyCode::Pop3 { code: "SYS/PERM".into() }, "-ERR [SYS/PERM] Your account is not enabled for POP access. Please visit your Gmail settings page and enable your account for POP access.", Code::AuthProtocolDisabled),
            (imap("OVERQUOTA"), "a1 NO [OVERQUOTA] Account exceeded command or bandwidth limits. (Failure)", Code::ServerOverQuota),
            (imap("AUTHENTICATIONFAILED"), "a1 NO [AUTHENTICATIONFAILED] Ihr Konto ist gesperrt.", Code::AuthAccountLocked),
            (smtp(454, 4, 7, 0), "454 4.7.0 Too many login attempts, please try again later.", Code::AuthAccountLocked),
        ];
        for (code, text, want) in cases {
            assert_eq!(lookup(Some(&code), text).map(|k| k.code), Some(want), "{text}");
        }
    }

    #[test]
    fn case_is_folded_in_the_scripts_the_phrases_use() {
        assert_eq!(fold_case("ÜBERSCHRITTEN Ärger ÉTÉ Заблокирован"), "überschritten ärger été заблокирован");
        assert_eq!(fold_case("a×B"), "a×b");
    }

    #[test]
    fn unknown_text_is_not_guessed() {
        assert!(
            lookup(Some(&smtp(535, 5, 7, 8)), "535 5.7.8 Error: authentication failed: (reason unavailable)").is_none()
        );
        assert!(lookup(Some(&imap("AUTHENTICATIONFAILED")), "a2 NO [AUTHENTICATIONFAILED] Authentication failed.")
            .is_none());
        assert!(lookup(None, "a2 NO Login failed.").is_none());
    }

    #[test]
    fn only_rfc_codes_say_wrong_credentials() {
        assert!(says_wrong_credentials(Some(&smtp(535, 5, 7, 8))));
        assert!(says_wrong_credentials(Some(&imap("AUTHENTICATIONFAILED"))));
        assert!(says_wrong_credentials(Some(&ReplyCode::Pop3 { code: "AUTH".into() })));
        assert!(says_wrong_credentials(Some(&ReplyCode::Smtp { basic: 535, enhanced: None })));
        assert!(!says_wrong_credentials(Some(&smtp(535, 5, 7, 139))));
        assert!(!says_wrong_credentials(Some(&imap("ALERT"))));
        assert!(!says_wrong_credentials(None));
    }
}
