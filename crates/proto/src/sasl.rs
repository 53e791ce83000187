//! Credential encodings. Every string built here carries a secret: callers
//! send it and drop it, and show [`REDACTED`] in its place.

use maildoctor_wire::{AuthMechanism, Login, Secret};
use zeroize::Zeroize;

pub(crate) const REDACTED: &str = "[redacted]";

/// A line to send that carries a secret, and the line the transcript shows.
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct SecretLine {
    pub(crate) real: String,
    pub(crate) shown: String,
    /// Forms of a value derived from the secret (a CRAM-MD5 or APOP digest)
    /// that this line carries: not the password, yet it proves it, so a
    /// server that echoes it must not put it in the transcript either.
    pub(crate) derived: Vec<Secret>,
    /// CRAM-MD5 (RFC 2195): the real line is computed from the server's
    /// challenge, which only the continuation brings.
    cram: Option<(String, Secret)>,
}

impl std::fmt::Debug for SecretLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl SecretLine {
    pub(crate) fn new(real: String, shown: impl Into<String>) -> Self {
        Self { real, shown: shown.into(), derived: Vec::new(), cram: None }
    }

    /// The CRAM-MD5 answer for `login`, written once the challenge is known.
    pub(crate) fn cram_md5(login: &Login) -> Self {
        let mut line = Self::new(String::new(), REDACTED);
        line.cram = Some((login.username.clone(), login.secret.clone()));
        line
    }

    /// This line as an answer to the continuation `reply` (IMAP and POP3
    /// `+ <base64>`, SMTP `334 <base64>`): fixed lines stay as they are.
    pub(crate) fn answering(mut self, reply: &str) -> Self {
        let Some((username, secret)) = self.cram.take() else {
            return self;
        };
        let challenge = reply.strip_prefix("334").or_else(|| reply.strip_prefix('+')).unwrap_or(reply).trim();
        // An undecodable challenge still gets an answer: the server refuses
        // it in its own words, which say more than a local error would.
        let challenge = unbase64(challenge).unwrap_or_default();
        let digest = cram_md5_digest(secret.expose(), &challenge);
        let real = encoded(format!("{username} {digest}"));
        let derived = vec![Secret::new(real.clone()), Secret::new(digest)];
        let mut line = Self::new(real, REDACTED);
        line.derived = derived;
        line
    }
}

impl Drop for SecretLine {
    fn drop(&mut self) {
        // The encoded credential is a copy of the secret like any other.
        self.real.zeroize();
    }
}

/// `raw` (which holds a secret) in base64, with `raw` wiped.
fn encoded(mut raw: String) -> String {
    let out = base64(raw.as_bytes());
    raw.zeroize();
    out
}

/// How a login proceeds: the first command, then one answer per
/// continuation the server sends.
#[derive(Debug)]
pub(crate) struct LoginPlan {
    pub(crate) method: String,
    pub(crate) first: SecretLine,
    pub(crate) answers: Vec<SecretLine>,
}

/// RFC 2195 CRAM-MD5, begun by `command` (`AUTHENTICATE CRAM-MD5`, `AUTH
/// CRAM-MD5`): the one answer is computed from the server's challenge. Only
/// chosen when the server takes no password in clear, since an app must then
/// be set to it too.
pub(crate) fn cram_md5_plan(command: String, login: &Login) -> LoginPlan {
    LoginPlan {
        method: CRAM_MD5.into(),
        first: SecretLine::new(command.clone(), command),
        answers: vec![SecretLine::cram_md5(login)],
    }
}

pub(crate) const CRAM_MD5: &str = "CRAM-MD5";

/// RFC 4648 base64 with padding.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// RFC 4648 base64 decoded; whitespace and padding are not checked strictly.
fn unbase64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for byte in text.bytes().filter(|b| *b != b'=') {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// RFC 2195: HMAC-MD5 of the challenge, keyed with the password, in lowercase hex.
fn cram_md5_digest(secret: &str, challenge: &[u8]) -> String {
    use hmac::{Mac, SimpleHmac};
    // HMAC takes a key of any length, so this cannot fail.
    let Ok(mut mac) = SimpleHmac::<md5::Md5>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(challenge);
    hex(&mac.finalize().into_bytes())
}

/// RFC 1939 §7: APOP's digest, MD5 of the greeting's `<timestamp>` and the password.
pub(crate) fn apop_digest(timestamp: &str, secret: &str) -> String {
    use md5::Digest;
    let mut hasher = md5::Md5::new();
    hasher.update(timestamp.as_bytes());
    hasher.update(secret.as_bytes());
    hex(&hasher.finalize())
}

/// RFC 4616: `authzid NUL authcid NUL passwd`, with an empty authzid.
pub(crate) fn plain(login: &Login) -> String {
    encoded(format!("\0{}\0{}", login.username, login.secret.expose()))
}

/// Google's and Microsoft's XOAUTH2: the bearer token stands in the secret.
pub(crate) fn xoauth2(login: &Login) -> String {
    encoded(format!("user={}\x01auth=Bearer {}\x01\x01", login.username, login.secret.expose()))
}

/// RFC 7628 OAUTHBEARER: a GS2 header naming the user, then the token.
pub(crate) fn oauthbearer(login: &Login) -> String {
    encoded(format!("n,a={},\x01auth=Bearer {}\x01\x01", login.username, login.secret.expose()))
}

/// The initial response of a mechanism that sends one, and what to answer
/// the one challenge a failure brings: XOAUTH2's JSON wants an empty line,
/// OAUTHBEARER's a single %x01 (RFC 7628 §3.2.3). `None` for LOGIN.
pub(crate) fn initial_response(mechanism: AuthMechanism, login: &Login) -> Option<(String, SecretLine)> {
    match mechanism {
        AuthMechanism::Plain => Some((plain(login), SecretLine::new(String::new(), ""))),
        AuthMechanism::Xoauth2 => Some((xoauth2(login), SecretLine::new(String::new(), ""))),
        AuthMechanism::Oauthbearer => Some((oauthbearer(login), SecretLine::new(base64(b"\x01"), base64(b"\x01")))),
        AuthMechanism::Login => None,
    }
}

/// The mechanism to use for a wanted one: a bearer token goes by XOAUTH2 or
/// OAUTHBEARER, whichever the server offers.
pub(crate) fn choose(wanted: Option<AuthMechanism>, offers: impl Fn(AuthMechanism) -> bool) -> Option<AuthMechanism> {
    match wanted {
        Some(AuthMechanism::Oauthbearer) if !offers(AuthMechanism::Oauthbearer) && offers(AuthMechanism::Xoauth2) => {
            Some(AuthMechanism::Xoauth2)
        }
        Some(AuthMechanism::Xoauth2) if !offers(AuthMechanism::Xoauth2) && offers(AuthMechanism::Oauthbearer) => {
            Some(AuthMechanism::Oauthbearer)
        }
        other => other,
    }
}

/// The forms of `login`'s secret that could appear on the wire: as typed,
/// IMAP-quoted, in base64 alone, and inside SASL PLAIN and XOAUTH2.
pub(crate) fn forms(login: &Login) -> Vec<Secret> {
    let secret = login.secret.expose();
    if secret.is_empty() {
        return Vec::new();
    }
    let mut forms = vec![
        secret.to_owned(),
        secret.replace('\\', "\\\\").replace('"', "\\\""),
        base64(secret.as_bytes()),
        plain(login),
        xoauth2(login),
        oauthbearer(login),
    ];
    forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
    forms.dedup();
    forms.into_iter().map(Secret::new).collect()
}

/// `raw` server bytes with every form in `forms` (longest first) replaced by
/// [`REDACTED`], before anything escapes them.
pub(crate) fn scrubbed<'a>(raw: &'a [u8], forms: &[Secret]) -> std::borrow::Cow<'a, [u8]> {
    let mut text = std::borrow::Cow::Borrowed(raw);
    for form in forms.iter().map(|form| form.expose().as_bytes()).filter(|form| !form.is_empty()) {
        if !text.windows(form.len()).any(|window| window == form) {
            continue;
        }
        let mut out = Vec::with_capacity(text.len());
        let mut rest: &[u8] = &text;
        while let Some(at) = rest.windows(form.len()).position(|window| window == form) {
            out.extend_from_slice(&rest[..at]);
            out.extend_from_slice(REDACTED.as_bytes());
            rest = &rest[at + form.len()..];
        }
        out.extend_from_slice(rest);
        text = std::borrow::Cow::Owned(out);
    }
    text
}

/// Whether a username or password holds CR, LF or NUL, which would end a
/// command early and let the rest run as another. The executor refuses such
/// a login before dialling, and the dialogs withhold it: one check for both.
pub fn unsendable(login: &Login) -> bool {
    let bad = |text: &str| text.contains(['\r', '\n', '\0']);
    bad(&login.username) || bad(login.secret.expose())
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, output) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), output);
        }
    }

    #[test]
    fn cram_md5_answers_rfc_2195s_example() {
        let login = Login {
            username: "tim".into(),
            secret: Secret::new("tanstaaftanstaaf"),
            mechanism: None,
            allow_plaintext: false,
        };
        let challenge = base64(b"<1896.697170952@postoffice.reston.mci.net>");
        let line = SecretLine::cram_md5(&login).answering(&format!("+ {challenge}"));
        assert_eq!(line.real, base64(b"tim b913a602c7eda7a495b4e6e7334d3890"));
        assert_eq!(line.shown, REDACTED);
        assert!(line.derived.iter().any(|d| d.expose() == "b913a602c7eda7a495b4e6e7334d3890"));
        let smtp = SecretLine::cram_md5(&login).answering(&format!("334 {challenge}"));
        assert_eq!(smtp.real, line.real);
    }

    #[test]
    fn apop_is_rfc_1939s_example() {
        let digest = apop_digest("<1896.697170952@dbc.mtview.ca.us>", "tanstaaf");
        assert_eq!(digest, "c4c9334bac560ecc979e58001b3e22fb");
    }

    #[test]
    fn unbase64_reverses_base64() {
        for text in ["", "f", "fo", "foo", "foob", "fooba", "foobar"] {
            assert_eq!(unbase64(&base64(text.as_bytes())).as_deref(), Some(text.as_bytes()));
        }
        assert_eq!(unbase64("no spaces"), None);
    }

    #[test]
    fn plain_is_rfc_4616() {
        let login = Login {
            username: "tim".into(),
            secret: maildoctor_wire::Secret::new("tanstaaftanstaaf"),
            mechanism: None,
            allow_plaintext: false,
        };
        assert_eq!(plain(&login), "AHRpbQB0YW5zdGFhZnRhbnN0YWFm");
    }
}
