//! Issue 23 (APPERR): what the person's mail app said, read by meaning.
//! People arrive with an error text, not with settings: the text says which
//! direction broke and at which step, and that decides what to look at
//! first. The texts come in the apps' own words and languages, with the
//! server and user names filled in, quoted in curly or straight quotes,
//! retyped with other spacing, or as a bare Outlook code; so they are read
//! by their key phrases and codes, never compared whole. Every real text
//! with its source is in `corpus/app_errors.json`, and a test reads each
//! one to the meaning the table gives it. A text none of the phrases
//! names is unknown, never guessed at.

/// The step an app's message says broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trouble {
    /// The app could not reach the server (refused, no route, "offline").
    Connect,
    /// The server did not answer in time.
    Timeout,
    /// A connection was made and then cut (reset, dropped, interrupted).
    Interrupted,
    /// The server refused the user name or password.
    Login,
    /// The outgoing server refused the message or the connection to send.
    SendRefused,
    /// The server's name does not resolve.
    ServerUnknown,
    /// The server's certificate was not accepted.
    Certificate,
    /// The encryption the app was set to does not fit the port.
    Security,
    /// The app's own data (Outlook's data file): no server check sees it.
    AppData,
}

/// Which of the account's servers the message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ServerSide {
    Incoming,
    Outgoing,
    /// The message does not say (Outlook uses one code for both).
    Either,
}

/// The meaning of a known message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AppSaid {
    pub(crate) trouble: Trouble,
    pub(crate) side: ServerSide,
    /// The Outlook error code it carries, if any (`0x800CCC0E`).
    pub(crate) code: Option<u32>,
}

/// Outlook's send/receive codes. 0x800CCCxx are the Internet Mail
/// transport's `IXP_E_*` results (Windows SDK `imnxport.h`, as mirrored in
/// wine-mirror/wine `include/imnxport.idl`); 0x80042xxx and 0x8004010F are
/// Outlook's own, as Microsoft's support articles quote them
/// (`corpus/app_errors.json` has each source).
const CODES: &[(u32, Trouble, ServerSide)] = &[
    (0x800C_CC0D, Trouble::ServerUnknown, ServerSide::Either), // IXP_E_CANT_FIND_HOST
    (0x800C_CC0E, Trouble::Connect, ServerSide::Either),       // IXP_E_FAILED_TO_CONNECT
    (0x800C_CC0F, Trouble::Interrupted, ServerSide::Either),   // IXP_E_CONNECTION_DROPPED
    (0x800C_CC15, Trouble::Connect, ServerSide::Either),       // IXP_E_SOCKET_CONNECT_ERROR
    (0x800C_CC18, Trouble::Login, ServerSide::Either),         // IXP_E_SICILY_LOGON_FAILED
    (0x800C_CC19, Trouble::Timeout, ServerSide::Either),       // IXP_E_TIMEOUT
    (0x800C_CC1A, Trouble::Security, ServerSide::Either),      // IXP_E_SECURE_CONNECT_FAILED
    (0x800C_CC67, Trouble::SendRefused, ServerSide::Outgoing), // IXP_E_SMTP_421_NOT_AVAILABLE
    (0x800C_CC6F, Trouble::SendRefused, ServerSide::Outgoing), // IXP_E_SMTP_554_TRANSACT_FAILED
    (0x800C_CC78, Trouble::SendRefused, ServerSide::Outgoing), // IXP_E_SMTP_REJECTED_SENDER
    (0x800C_CC79, Trouble::SendRefused, ServerSide::Outgoing), // IXP_E_SMTP_REJECTED_RECIPIENTS
    (0x800C_CC7C, Trouble::Security, ServerSide::Outgoing),    // IXP_E_SMTP_530_STARTTLS_REQUIRED
    (0x800C_CC7D, Trouble::Security, ServerSide::Outgoing),    // IXP_E_SMTP_NO_STARTTLS_SUPPORT
    (0x800C_CC91, Trouble::Login, ServerSide::Incoming),       // IXP_E_POP3_INVALID_USER_NAME
    (0x800C_CC92, Trouble::Login, ServerSide::Incoming),       // IXP_E_POP3_INVALID_PASSWORD
    (0x800C_CCD1, Trouble::Login, ServerSide::Incoming),       // IXP_E_IMAP_LOGINFAILURE
    (0x8004_2108, Trouble::Connect, ServerSide::Incoming),
    (0x8004_2109, Trouble::Connect, ServerSide::Outgoing),
    (0x8004_210A, Trouble::Timeout, ServerSide::Incoming),
    (0x8004_210B, Trouble::Timeout, ServerSide::Outgoing),
    (0x8004_010F, Trouble::AppData, ServerSide::Either),
];

/// Key phrases, most telling first: a certificate or login message often
/// also says "connect", so those are read before the connection's words.
/// Each phrase is lower case, with straight quotes and single spaces, as
/// [`normalise`] leaves the text.
const PHRASES: &[(Trouble, &[&str])] = &[
    (
        Trouble::Certificate,
        &[
            "certificate",
            "zertifikat",
            "security exception",
            "sicherheitsausnahme",
            "verify server identity",
            "identität des servers",
            // AOSP Email (the Gmail app, Samsung Email): any TLS failure.
            "safely connect",
            "keine sichere verbindung",
        ],
    ),
    (
        Trouble::Login,
        &[
            "login to server",
            "anmeldung auf dem server",
            "anmeldung beim server",
            "user name or password",
            "username or password",
            "benutzername oder",
            "password",
            "passwort",
            "kennwort",
            "authentication fail",
            "authentifizierung fehlgeschlagen",
            "sign in",
            "sign-in",
            "anmelden",
            "authenticate",
            "authentifiziert",
            "authentication error",
            "authentifizierungsfehler",
            "rejected your login",
            "signin",
            "anmeldung nicht möglich",
            "anmeldung in",
        ],
    ),
    (
        Trouble::SendRefused,
        &["rejected by the server", "rejected by server", "vom server abgelehnt", "rejected the message"],
    ),
    (
        Trouble::ServerUnknown,
        &["is unknown", "ist unbekannt", "can't find host", "cannot find host", "not found", "nicht gefunden"],
    ),
    (Trouble::Timeout, &["timed out", "timeout", "time out", "zeitüberschreitung", "ablaufzeit", "zeitlimit"]),
    (
        Trouble::Interrupted,
        &[
            "was reset",
            "zurückgesetzt",
            "interrupted",
            "unterbrochen",
            "was lost",
            "verloren",
            "disconnected",
            "abgebrochen",
            "terminated the connection",
        ],
    ),
    (
        Trouble::Security,
        &["tls", "ssl", "encrypted connection", "verschlüsselte verbindung", "security error", "sicherheitsfehler"],
    ),
    (
        Trouble::Connect,
        &[
            "connection to the server failed",
            "verbindung zum server ist fehlgeschlagen",
            "connect",
            "verbindung",
            "offline",
            "refused",
            "verweigert",
            "cannot get mail",
            "keine e-mails abrufbar",
            "fehlgeschlagen",
            "network error",
            "netzwerkfehler",
        ],
    ),
];

const OUTGOING: &[&str] =
    &["send", "smtp", "outgoing", "senden", "gesendet", "postausgang", "ausgangs", "versand", "recipient", "empfänger"];
const INCOMING: &[&str] = &["get mail", "receiving", "incoming", "pop3", "imap", "abrufbar", "empfang", "posteingang"];

/// Lower case, straight quotes and dashes, single spaces: how people retype
/// or paste a dialog's text changes only these. Lower case as the server
/// replies are (`messages::fold_case`): Unicode's tables would cost the
/// page more than the phrases do.
fn normalise(text: &str) -> String {
    let mapped: String = text
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
            '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            c => c,
        })
        .collect();
    crate::messages::fold_case(&mapped).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first Outlook code in the text: `0x800CCC0E`, `800ccc0e`, or with the
/// `0x` parted by a space; eight hex digits starting with 8004 or 800C, as a
/// word of its own ("Fehlercode 800CCC0E" and "mail.example.de 800ccc0e"
/// too: words are never run together).
fn outlook_code(text: &str) -> Option<u32> {
    let joined = text.replace("0x ", "0x");
    joined.split(|c: char| !c.is_ascii_alphanumeric()).find_map(|word| {
        let digits = word.strip_prefix("0x").unwrap_or(word);
        let value = (digits.len() == 8).then(|| u32::from_str_radix(digits, 16).ok()).flatten()?;
        (value >> 16 == 0x800C || value >> 16 == 0x8004).then_some(value)
    })
}

/// The text without the names the app filled in (hosts, addresses: a word
/// with a dot or an @ inside it), so that `ssl0.ovh.net` reads as no word
/// about encryption and `sendinblue.example` as none about sending.
fn without_names(text: &str) -> String {
    text.split(' ')
        .filter(|word| {
            let inner = word.trim_matches(|c: char| !c.is_alphanumeric());
            !inner.contains(['.', '@'])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn side(text: &str) -> ServerSide {
    let names = |words: &[&str]| words.iter().any(|w| text.contains(w));
    match (names(INCOMING), names(OUTGOING)) {
        (_, true) => ServerSide::Outgoing,
        (true, false) => ServerSide::Incoming,
        (false, false) => ServerSide::Either,
    }
}

/// What the person pasted: a message maildoctor knows, or one it does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    Known(AppSaid),
    Unknown,
}

/// The reading of the person's text; None when they gave none.
pub(crate) fn reading(text: Option<&str>) -> Option<Reading> {
    let text = text.map(str::trim).filter(|t| !t.is_empty())?;
    Some(read(text).map_or(Reading::Unknown, Reading::Known))
}

/// What the app's message means, or None when no known phrase or code is
/// in it (the report then says it does not know the text).
pub(crate) fn read(text: &str) -> Option<AppSaid> {
    let text = normalise(text);
    if let Some(code) = outlook_code(&text) {
        let known = CODES.iter().find(|(c, _, _)| *c == code);
        // Outlook names the task ("- Sending", "- Receiving") where one code
        // serves both directions.
        return known.map(|&(code, trouble, coded)| AppSaid {
            trouble,
            side: if coded == ServerSide::Either { side(&without_names(&text)) } else { coded },
            code: Some(code),
        });
    }
    let text = without_names(&text);
    let trouble = PHRASES.iter().find(|(_, phrases)| phrases.iter().any(|p| text.contains(p)))?.0;
    Some(AppSaid { trouble, side: side(&text), code: None })
}
