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
}

impl std::fmt::Debug for SecretLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl SecretLine {
    pub(crate) fn new(real: String, shown: impl Into<String>) -> Self {
        Self { real, shown: shown.into() }
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

/// CR, LF or NUL would end a command early and let the rest run as another.
pub(crate) fn unsendable(login: &Login) -> bool {
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
