//! Pairing: how a page from another site gets to use `serve --local`. The
//! relay refuses origins it does not know, so that no page a person happens
//! to open can drive a relay on their computer. A page that is refused asks
//! to pair (`POST /v1/pair`); the relay draws a four-digit code, gives it to
//! the page, and asks in its own terminal "allow ORIGIN? code 4821 [y/N]".
//! The person, who sees the same code on the page, answers there. A yes is
//! written to a small file and holds from then on; a no, no answer within
//! [`ASK_FOR`], or no terminal to ask (standard input closed) refuses. The
//! page learns the outcome from `GET /v1/pair`. The Origin header is the
//! browser's, never the script's, so a page can only ask for itself.

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::mpsc;

/// How long the terminal waits for the person's answer.
pub const ASK_FOR: Duration = Duration::from_secs(120);

/// Where an origin stands with this relay.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ask {
    /// The terminal is asking; the page shows this code.
    Asked(String),
    Refused,
}

/// The origins this relay was told to allow at its terminal.
#[derive(Debug)]
pub struct Pairing {
    /// Where the answers are kept; `None`: for this run only.
    file: Option<PathBuf>,
    allowed: Mutex<HashSet<String>>,
    asks: Mutex<HashMap<String, Ask>>,
    /// To the terminal: the origin and its code. One question at a time.
    terminal: mpsc::Sender<(String, String)>,
}

/// `$XDG_CONFIG_HOME/maildoctor/allowed-origins`, else under `~/.config`.
pub fn default_file() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(config.join("maildoctor").join("allowed-origins"))
}

/// An origin as browsers send it: `http(s)://host[:port]`, nothing after.
fn is_origin(text: &str) -> bool {
    let Some(rest) = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://")) else { return false };
    !rest.is_empty() && !rest.contains(['/', '?', '#', '@', ' ']) && rest.parse::<axum::http::uri::Authority>().is_ok()
}

impl Pairing {
    /// Reads the file of allowed origins (one a line) and starts the task
    /// that asks at the terminal. Must run inside the runtime.
    pub fn start(file: Option<PathBuf>) -> Result<Arc<Self>, String> {
        let known = match &file {
            Some(path) => match std::fs::read_to_string(path) {
                Ok(text) => text.lines().map(str::trim).filter(|l| is_origin(l)).map(str::to_owned).collect(),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => HashSet::new(),
                Err(err) => return Err(format!("cannot read {}: {err}", path.display())),
            },
            None => HashSet::new(),
        };
        let (terminal, questions) = mpsc::channel(1);
        let pairing = Arc::new(Pairing { file, allowed: Mutex::new(known), asks: Mutex::default(), terminal });
        tokio::spawn(ask_at_terminal(Arc::downgrade(&pairing), questions));
        Ok(pairing)
    }

    pub(crate) fn allows(&self, origin: &str) -> bool {
        self.allowed.lock().unwrap_or_else(PoisonError::into_inner).contains(origin)
    }

    fn answer(&self, origin: &str, yes: bool) {
        let mut asks = self.asks.lock().unwrap_or_else(PoisonError::into_inner);
        if !yes {
            asks.insert(origin.to_owned(), Ask::Refused);
            return;
        }
        asks.remove(origin);
        self.allowed.lock().unwrap_or_else(PoisonError::into_inner).insert(origin.to_owned());
        if let Some(path) = &self.file {
            let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| {
                let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
                writeln!(file, "{origin}")
            });
            if let Err(err) = written {
                tracing::warn!(file = %path.display(), "cannot remember the allowed origin: {err}");
            }
        }
    }

    /// Where `origin` stands: `allowed`, `asked` (with its code), `refused`, or `none`.
    fn state(&self, origin: &str) -> serde_json::Value {
        if self.allows(origin) {
            return serde_json::json!({ "state": "allowed" });
        }
        match self.asks.lock().unwrap_or_else(PoisonError::into_inner).get(origin) {
            Some(Ask::Asked(code)) => serde_json::json!({ "state": "asked", "code": code }),
            Some(Ask::Refused) => serde_json::json!({ "state": "refused" }),
            None => serde_json::json!({ "state": "none" }),
        }
    }

    /// A page asks: a new code and a question at the terminal, unless one
    /// is already open for it (then the same code).
    fn ask(&self, origin: &str) -> Result<serde_json::Value, StatusCode> {
        if self.allows(origin) {
            return Ok(self.state(origin));
        }
        let mut asks = self.asks.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(Ask::Asked(_)) = asks.get(origin) {
            drop(asks);
            return Ok(self.state(origin));
        }
        let mut bytes = [0u8; 2];
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes)
            .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
        let code = format!("{:04}", u16::from_be_bytes(bytes) % 10_000);
        // Another site's question is open: one at a time, so a page cannot
        // bury the person's terminal in questions.
        self.terminal.try_send((origin.to_owned(), code.clone())).map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
        asks.insert(origin.to_owned(), Ask::Asked(code.clone()));
        Ok(serde_json::json!({ "state": "asked", "code": code }))
    }
}

/// Asks each question on standard output and reads the answer from
/// standard input; without a terminal every question is refused.
async fn ask_at_terminal(pairing: std::sync::Weak<Pairing>, mut questions: mpsc::Receiver<(String, String)>) {
    // Standard input is read on a thread of its own (blocking reads).
    let (line_tx, mut lines) = mpsc::channel::<String>(4);
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { return };
            if line_tx.blocking_send(line).is_err() {
                return;
            }
        }
    });
    while let Some((origin, code)) = questions.recv().await {
        // A line typed before the question is no answer to it.
        while lines.try_recv().is_ok() {}
        println!("allow {origin}? code {code} [y/N]");
        let answer = tokio::time::timeout(ASK_FOR, lines.recv()).await.ok().flatten();
        let yes = answer.is_some_and(|a| matches!(a.trim().to_ascii_lowercase().as_str(), "y" | "yes"));
        println!("{origin} {}", if yes { "allowed" } else { "refused" });
        let Some(pairing) = pairing.upgrade() else { return };
        pairing.answer(&origin, yes);
    }
}

/// `/v1/pair`: `POST` asks, `GET` tells where the page's origin stands.
pub(crate) fn router(pairing: Arc<Pairing>) -> Router {
    Router::new().route("/v1/pair", get(state).post(ask).options(preflight)).with_state(pairing)
}

fn origin(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()).filter(|o| is_origin(o))
}

fn answer(status: StatusCode, body: serde_json::Value) -> Response {
    // The answer concerns only the asking page's own origin.
    let headers = [
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        (header::CACHE_CONTROL, "no-store"),
        (header::CONTENT_TYPE, "application/json"),
    ];
    (status, headers, body.to_string()).into_response()
}

async fn state(State(pairing): State<Arc<Pairing>>, headers: HeaderMap) -> Response {
    match origin(&headers) {
        Some(origin) => answer(StatusCode::OK, pairing.state(origin)),
        None => answer(StatusCode::BAD_REQUEST, serde_json::json!({ "state": "none" })),
    }
}

async fn ask(State(pairing): State<Arc<Pairing>>, headers: HeaderMap) -> Response {
    let Some(origin) = origin(&headers) else {
        return answer(StatusCode::BAD_REQUEST, serde_json::json!({ "state": "none" }));
    };
    match pairing.ask(origin) {
        Ok(body) => answer(StatusCode::OK, body),
        Err(status) => answer(status, serde_json::json!({ "state": "busy" })),
    }
}

/// Chromium's Private Network Access asks first when a public page posts
/// to this computer.
async fn preflight() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST"));
    headers.insert("access-control-allow-private-network", HeaderValue::from_static("true"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_bare_origin_may_pair() {
        for origin in ["https://check.example.net", "http://127.0.0.1:8080", "http://[::1]:9"] {
            assert!(is_origin(origin), "{origin}");
        }
        for origin in ["null", "", "https://", "file://x", "https://a.example/path", "https://u@a.example"] {
            assert!(!is_origin(origin), "{origin}");
        }
    }

    #[tokio::test]
    async fn a_yes_is_remembered_in_the_file_and_a_no_is_not() {
        let dir = std::env::temp_dir().join(format!("maildoctor-pairing-{}", std::process::id()));
        let file = dir.join("allowed-origins");
        let pairing = Pairing::start(Some(file.clone())).expect("starts");
        pairing.answer("https://yes.example", true);
        pairing.answer("https://no.example", false);
        assert!(pairing.allows("https://yes.example") && !pairing.allows("https://no.example"));
        assert_eq!(pairing.state("https://no.example")["state"], "refused");
        let again = Pairing::start(Some(file)).expect("starts");
        assert!(again.allows("https://yes.example"), "read back from the file");
        assert!(!again.allows("https://no.example"));
        let _ = std::fs::remove_dir_all(dir);
    }
}
