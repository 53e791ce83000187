//! The device authorization grant (RFC 8628) as a state machine without
//! IO: what the device authorization endpoint said, and what each answer of
//! the token endpoint means for the next poll. Nothing here keeps or shows
//! a token or a device code outside a `Secret`; error details never quote a
//! response body, since a body may carry one.

use std::time::Duration;

use maildoctor_wire::Secret;

/// RFC 8628 §3.2: "If no value is provided, clients MUST use 5 as the default."
const DEFAULT_INTERVAL: Duration = Duration::from_secs(5);
/// RFC 8628 §3.5: on slow_down "the interval MUST be increased by 5 seconds".
const SLOW_DOWN_STEP: Duration = Duration::from_secs(5);
/// A server's own interval is believed up to this: beyond it, the code
/// would expire between two polls.
const MAX_INTERVAL: Duration = Duration::from_secs(60);
/// Microsoft's codes live 15 min (its default expires_in); a longer claim is
/// capped so the check never waits for hours.
const MAX_LIFETIME: Duration = Duration::from_secs(30 * 60);

/// The device authorization response (RFC 8628 §3.2).
#[derive(Debug)]
pub(super) struct Grant {
    pub(super) device_code: Secret,
    pub(super) user_code: String,
    pub(super) verification_uri: String,
    pub(super) verification_uri_complete: Option<String>,
    pub(super) lifetime: Duration,
    pub(super) interval: Duration,
}

/// Why there is no token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Failure {
    /// access_denied: the person (or the account's policy) said no.
    Denied,
    /// expired_token, or our own count of the code's lifetime ran out.
    Expired,
    /// Anything else, in words that never quote the server's body.
    Other(String),
}

/// What the poller does next.
#[derive(Debug)]
pub(super) enum Step {
    /// Ask the token endpoint again after this long.
    Wait(Duration),
    Token(Secret),
    Stop(Failure),
}

fn json_object(status: u16, body: &[u8]) -> Result<serde_json::Map<String, serde_json::Value>, Failure> {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        _ => Err(Failure::Other(format!("the answer (HTTP {status}) is not a JSON object"))),
    }
}

fn seconds(map: &serde_json::Map<String, serde_json::Value>, key: &str) -> Option<Duration> {
    map.get(key).and_then(serde_json::Value::as_u64).map(Duration::from_secs)
}

/// Reads the device authorization endpoint's answer.
pub(super) fn parse_grant(status: u16, body: &[u8]) -> Result<Grant, Failure> {
    let mut map = json_object(status, body)?;
    if status != 200 {
        let error = map.get("error").and_then(|e| e.as_str()).unwrap_or("no error code");
        return Err(Failure::Other(format!("the device authorization endpoint answered HTTP {status} ({error})")));
    }
    let mut text = |key: &str| match map.remove(key) {
        Some(serde_json::Value::String(value)) if !value.is_empty() => Ok(value),
        _ => Err(Failure::Other(format!("the device authorization answer has no {key}"))),
    };
    let device_code = Secret::new(text("device_code")?);
    let user_code = text("user_code")?;
    // Microsoft's v2 endpoint says verification_uri; its v1 and some others
    // verification_url (Google's spelling).
    let verification_uri = text("verification_uri").or_else(|_| text("verification_url"))?;
    let verification_uri_complete = text("verification_uri_complete").ok();
    for shown in [Some(&verification_uri), verification_uri_complete.as_ref()].into_iter().flatten() {
        if !shown.starts_with("https://") || shown.chars().any(char::is_control) {
            return Err(Failure::Other("the verification address is not an https:// address".into()));
        }
    }
    if user_code.len() > 64 || user_code.chars().any(char::is_control) {
        return Err(Failure::Other("the user code is not something a person can type".into()));
    }
    let lifetime = seconds(&map, "expires_in")
        .filter(|d| !d.is_zero())
        .ok_or_else(|| Failure::Other("the device authorization answer has no expires_in".into()))?
        .min(MAX_LIFETIME);
    let interval = seconds(&map, "interval").unwrap_or(DEFAULT_INTERVAL).clamp(Duration::from_secs(1), MAX_INTERVAL);
    Ok(Grant { device_code, user_code, verification_uri, verification_uri_complete, lifetime, interval })
}

/// Counts the polls of one grant: the interval (grown by slow_down) and
/// the time left of the code's life.
#[derive(Debug)]
pub(super) struct Poller {
    interval: Duration,
    left: Duration,
}

impl Poller {
    pub(super) fn new(grant: &Grant) -> Self {
        Self { interval: grant.interval, left: grant.lifetime }
    }

    /// The first wait, before the first poll (§3.4: at the interval).
    pub(super) fn start(&mut self) -> Step {
        self.wait()
    }

    fn wait(&mut self) -> Step {
        if self.left < self.interval {
            return Step::Stop(Failure::Expired);
        }
        self.left -= self.interval;
        Step::Wait(self.interval)
    }

    /// What the token endpoint's answer means (RFC 8628 §3.5, RFC 6749 §5).
    pub(super) fn answer(&mut self, status: u16, body: &[u8]) -> Step {
        let mut map = match json_object(status, body) {
            Ok(map) => map,
            Err(failure) => return Step::Stop(failure),
        };
        if status == 200 {
            return match map.remove("access_token") {
                Some(serde_json::Value::String(token)) if !token.is_empty() => Step::Token(Secret::new(token)),
                _ => Step::Stop(Failure::Other("the token endpoint said yes but gave no access_token".into())),
            };
        }
        match map.get("error").and_then(|e| e.as_str()) {
            Some("authorization_pending") => self.wait(),
            Some("slow_down") => {
                self.interval = (self.interval + SLOW_DOWN_STEP).min(MAX_INTERVAL);
                self.wait()
            }
            Some("access_denied") => Step::Stop(Failure::Denied),
            // Microsoft answers a code past its life with expired_token
            // (AADSTS70020) or, later, with invalid_grant; RFC 8628 §3.5 names
            // the first. Auth0's docs: expired_token once, invalid_grant after.
            Some("expired_token") => Step::Stop(Failure::Expired),
            Some(error) if is_plain_code(error) => {
                Step::Stop(Failure::Other(format!("the token endpoint answered HTTP {status} ({error})")))
            }
            _ => Step::Stop(Failure::Other(format!("the token endpoint answered HTTP {status} without an error code"))),
        }
    }
}

/// An OAuth error code is ASCII without spaces (RFC 6749 §5.2); anything
/// else is not repeated.
fn is_plain_code(error: &str) -> bool {
    error.len() <= 64 && error.bytes().all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    const GRANT: &[u8] = br#"{"device_code":"DEV-secret-1","user_code":"ABCD-EFGH","verification_uri":"https://idp.example/device","expires_in":900,"interval":5}"#;

    fn grant() -> Grant {
        parse_grant(200, GRANT).expect("a grant")
    }

    fn waits(step: Step) -> Duration {
        match step {
            Step::Wait(d) => d,
            other => panic!("expected a wait, got {other:?}"),
        }
    }

    #[test]
    fn a_grant_is_read_with_the_rfc_defaults() {
        let g = grant();
        assert_eq!(
            (g.user_code.as_str(), g.interval, g.lifetime),
            ("ABCD-EFGH", Duration::from_secs(5), Duration::from_secs(900))
        );
        assert_eq!(g.device_code.expose(), "DEV-secret-1");
        assert!(!format!("{g:?}").contains("DEV-secret-1"), "the device code never shows in Debug");
        let no_interval = br#"{"device_code":"d","user_code":"U","verification_url":"https://www.google.com/device","expires_in":1800}"#;
        assert_eq!(parse_grant(200, no_interval).expect("Google's spelling").interval, DEFAULT_INTERVAL);
    }

    #[test]
    fn a_bad_grant_is_refused_without_quoting_it() {
        for (status, body) in [
            (200, &b"not json {"[..]),
            (200, br#"["device_code"]"#),
            (200, br#"{"user_code":"U","verification_uri":"https://x","expires_in":9}"#),
            (200, br#"{"device_code":"d","user_code":"U","verification_uri":"javascript:alert(1)","expires_in":9}"#),
            (200, br#"{"device_code":"d","user_code":"U","verification_uri":"https://x"}"#),
            (400, br#"{"error":"invalid_client","device_code":"leak-me"}"#),
        ] {
            let err = parse_grant(status, body).expect_err("refused");
            assert!(!format!("{err:?}").contains("leak-me") && !format!("{err:?}").contains("javascript"), "{err:?}");
        }
    }

    #[test]
    fn pending_waits_the_interval_and_slow_down_adds_five_seconds() {
        let mut poller = Poller::new(&grant());
        assert_eq!(waits(poller.start()), Duration::from_secs(5));
        assert_eq!(waits(poller.answer(400, br#"{"error":"authorization_pending"}"#)), Duration::from_secs(5));
        assert_eq!(waits(poller.answer(400, br#"{"error":"slow_down"}"#)), Duration::from_secs(10));
        assert_eq!(waits(poller.answer(400, br#"{"error":"slow_down"}"#)), Duration::from_secs(15));
        // The grown interval stays for the polls after.
        assert_eq!(waits(poller.answer(400, br#"{"error":"authorization_pending"}"#)), Duration::from_secs(15));
    }

    #[test]
    fn the_token_comes_back_as_a_secret() {
        let mut poller = Poller::new(&grant());
        match poller.answer(200, br#"{"token_type":"Bearer","access_token":"tok-123","expires_in":3599}"#) {
            Step::Token(token) => assert_eq!(token.expose(), "tok-123"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn denied_expired_and_unknown_errors_stop() {
        let stop = |body: &[u8]| match Poller::new(&grant()).answer(400, body) {
            Step::Stop(failure) => failure,
            other => panic!("{other:?}"),
        };
        assert_eq!(stop(br#"{"error":"access_denied"}"#), Failure::Denied);
        assert_eq!(stop(br#"{"error":"expired_token","error_description":"AADSTS70020"}"#), Failure::Expired);
        assert!(matches!(stop(br#"{"error":"invalid_grant"}"#), Failure::Other(d) if d.contains("invalid_grant")));
        let odd = stop(br#"{"error":"tok-123 leaked here"}"#);
        assert!(!format!("{odd:?}").contains("tok-123"), "{odd:?}");
    }

    #[test]
    fn the_codes_lifetime_ends_the_polling() {
        let short =
            br#"{"device_code":"d","user_code":"U","verification_uri":"https://x","expires_in":12,"interval":5}"#;
        let mut poller = Poller::new(&parse_grant(200, short).expect("grant"));
        waits(poller.start());
        waits(poller.answer(400, br#"{"error":"authorization_pending"}"#));
        assert!(matches!(poller.answer(400, br#"{"error":"authorization_pending"}"#), Step::Stop(Failure::Expired)));
    }

    #[test]
    fn malformed_and_huge_bodies_stop_without_echo() {
        let huge = format!("{{\"access_token\":\"{}\"", "tok-".repeat(100_000));
        for body in [&b"<html>502 Bad Gateway</html>"[..], b"", huge.as_bytes(), b"{\"error\":"] {
            match Poller::new(&grant()).answer(502, body) {
                Step::Stop(Failure::Other(detail)) => {
                    assert!(!detail.contains("tok-") && detail.len() < 100, "{detail}")
                }
                other => panic!("{other:?}"),
            }
        }
        // A 200 without a token is no success.
        assert!(matches!(Poller::new(&grant()).answer(200, b"{}"), Step::Stop(Failure::Other(_))));
    }
}
