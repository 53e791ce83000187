//! The page the relay serves: a folder (`--ui DIR`), or the page built into
//! the binary by `tools/build-ui` before `cargo build` (relay/build.rs), so
//! `serve --local` alone serves http://127.0.0.1:4587, the page Safari
//! users are sent to.
//!
//! Both are served alike. `tools/build-ui` leaves a `.br` and a `.gz` beside
//! each text and wasm file, compressed once at the highest levels, and a
//! browser that accepts one gets it: a phone then downloads the wasm at a
//! third of its size with no compression work on the relay. Files named by
//! their content's hash are cached for ever; the rest (`index.html`,
//! `widget.js`, `config.json`, the snippets, whose folder is named by the
//! crate and not by their content) are revalidated by their ETag. The
//! origins the relay lets use its WebSocket may load its files from their
//! own pages: a help centre's widget loads `widget.js`, the scripts it
//! imports and the wasm with CORS.

use std::borrow::Cow;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use include_dir::{include_dir, Dir};

static EMBEDDED: Dir<'static> = include_dir!("$MAILDOCTOR_EMBEDDED_PAGE");

/// What a relay built without dist/ answers where its page would be.
pub const NO_PAGE: &str = "no page built: run tools/build-ui or pass --ui\n";

/// How long a file named by its content may be kept: it never changes.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Where the page comes from.
#[derive(Debug, Clone)]
pub enum Page {
    Folder(PathBuf),
    Embedded,
}

impl From<&Path> for Page {
    fn from(folder: &Path) -> Self {
        Page::Folder(folder.to_owned())
    }
}

/// Whether a static response depends on the request's Origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cors {
    /// The relay lets no other origin in: no file carries CORS headers.
    Closed,
    /// Some origins are let in; `Some` when this request comes from one.
    Open(Option<HeaderValue>),
}

/// A content coding the build leaves beside a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    Brotli,
    Gzip,
    Identity,
}

impl Coding {
    /// The file beside the original that holds this coding.
    fn suffix(self) -> &'static str {
        match self {
            Coding::Brotli => ".br",
            Coding::Gzip => ".gz",
            Coding::Identity => "",
        }
    }

    fn header(self) -> Option<&'static str> {
        match self {
            Coding::Brotli => Some("br"),
            Coding::Gzip => Some("gzip"),
            Coding::Identity => None,
        }
    }
}

impl Page {
    /// `--ui DIR` when given, else the page inside the binary.
    pub fn of(ui: Option<&Path>) -> Self {
        ui.map_or(Page::Embedded, Page::from)
    }

    /// Whether there is a page to serve at all.
    pub fn is_built(&self) -> bool {
        match self {
            Page::Folder(folder) => folder.join("index.html").is_file(),
            Page::Embedded => EMBEDDED.get_file("index.html").is_some(),
        }
    }

    async fn read(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        match self {
            Page::Folder(folder) => off_the_runtime(folder.join(path), std::fs::read).await.map(Cow::Owned),
            Page::Embedded => EMBEDDED.get_file(path).map(|file| Cow::Borrowed(file.contents())),
        }
    }

    async fn is_folder(&self, path: &str) -> bool {
        match self {
            Page::Folder(folder) => {
                off_the_runtime(folder.join(path), std::fs::metadata).await.is_some_and(|m| m.is_dir())
            }
            Page::Embedded => EMBEDDED.get_dir(path).is_some(),
        }
    }

    /// The file at `path` (the request's, without its query) for a request
    /// with `headers`: the best coding the request accepts that the build
    /// left, with cache, CORS and validator headers.
    pub(crate) async fn respond(&self, path: &str, query: Option<&str>, headers: &HeaderMap, cors: Cors) -> Response {
        let Some(path) = relative(path) else {
            return (StatusCode::NOT_FOUND, "not found\n").into_response();
        };
        if !path.is_empty() && !path.ends_with('/') && self.is_folder(&path).await {
            // As a static server does, so the folder's relative links work.
            let location = match query {
                Some(query) => format!("/{path}/?{query}"),
                None => format!("/{path}/"),
            };
            return (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, location)]).into_response();
        }
        let path = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path };
        let accept = headers.get(header::ACCEPT_ENCODING).and_then(|value| value.to_str().ok());
        let mut found = None;
        for coding in accepted(accept) {
            if let Some(body) = self.read(&format!("{path}{}", coding.suffix())).await {
                found = Some((coding, body));
                break;
            }
        }
        let Some((coding, body)) = found else {
            let why = if self.is_built() { "not found\n" } else { NO_PAGE };
            return (StatusCode::NOT_FOUND, why).into_response();
        };
        let mut response = Response::new(Body::empty());
        let out = response.headers_mut();
        out.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime(&path)));
        out.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        if let Some(coding) = coding.header() {
            out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        let mut vary = Vec::new();
        if compressible(&path) {
            vary.push("Accept-Encoding");
        }
        if let Cors::Open(origin) = cors {
            vary.push("Origin");
            if let Some(origin) = origin {
                out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            }
        }
        if !vary.is_empty() {
            out.insert(
                header::VARY,
                HeaderValue::from_static(if vary.len() == 2 { "Accept-Encoding, Origin" } else { vary[0] }),
            );
        }
        if is_content_hashed(&path) {
            out.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
        } else {
            out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            // Revalidation is what `no-cache` asks for: an unchanged file
            // costs a 304, not its bytes. The tag is of the bytes sent, so
            // each coding has its own, as RFC 9110 requires.
            let tag = etag(&body);
            let unchanged = headers
                .get(header::IF_NONE_MATCH)
                .and_then(|value| value.to_str().ok())
                .is_some_and(|wanted| matches_etag(wanted, &tag));
            out.insert(header::ETAG, HeaderValue::from_str(&tag).expect("hex in quotes is a header value"));
            if unchanged {
                *response.status_mut() = StatusCode::NOT_MODIFIED;
                return response;
            }
        }
        *response.body_mut() = Body::from(body);
        response
    }
}

/// `read(path)` on a blocking thread, as file reads must be (what
/// `tokio::fs` does, without its feature).
async fn off_the_runtime<T: Send + 'static>(path: PathBuf, read: fn(PathBuf) -> std::io::Result<T>) -> Option<T> {
    tokio::task::spawn_blocking(move || read(path)).await.ok()?.ok()
}

/// The request path as a path inside the page, or `None` for one that
/// would leave it (`..`) or that no file of a build has.
fn relative(path: &str) -> Option<String> {
    let path = path.trim_start_matches('/');
    let fine = path.split('/').all(|segment| segment != ".." && segment != ".")
        && !path.contains(['\\', '\0'])
        && !path.contains("//");
    fine.then(|| path.to_owned())
}

/// The codings `accept` (an Accept-Encoding value) takes, best first, by
/// RFC 9110 §12.5.3: a coding's own q-value, else that of `*`; identity is
/// taken unless refused by name or by `*;q=0`, and comes last (a client
/// that lists codings wants them), so it is always there to fall back on.
/// Equal q-values go to the smaller: brotli, then gzip.
fn accepted(accept: Option<&str>) -> Vec<Coding> {
    let (mut brotli, mut gzip, mut any) = (None, None, None);
    for item in accept.unwrap_or_default().split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = parts.find_map(|param| {
            let (key, value) = param.split_once('=')?;
            key.trim().eq_ignore_ascii_case("q").then(|| quality(value.trim()))
        });
        // An unreadable q-value makes the entry unreadable: it is left out.
        let Some(q) = q.unwrap_or(Some(1000)) else { continue };
        match name.as_str() {
            "br" => brotli = Some(q),
            "gzip" | "x-gzip" => gzip = Some(q),
            "*" => any = Some(q),
            _ => {}
        }
    }
    let mut codings: Vec<(Coding, u16)> = [(Coding::Brotli, brotli), (Coding::Gzip, gzip)]
        .into_iter()
        .map(|(coding, q)| (coding, q.or(any).unwrap_or(0)))
        .filter(|(_, q)| *q > 0)
        .collect();
    // Stable: equal q-values keep brotli before gzip.
    codings.sort_by_key(|(_, q)| std::cmp::Reverse(*q));
    let mut codings: Vec<Coding> = codings.into_iter().map(|(coding, _)| coding).collect();
    // Served even when refused: a page that will not load helps nobody,
    // and every browser takes it.
    codings.push(Coding::Identity);
    codings
}

/// A q-value in thousandths (`0.5` → 500), or `None` when it is not one.
fn quality(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let fraction: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(fraction),
        "1" if fraction == 0 => Some(1000),
        _ => None,
    }
}

/// `name-<16 hex>.ext`, as `tools/build-ui` names what it hashes.
fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, _)) = name.rsplit_once('.') else { return false };
    let Some((_, hash)) = stem.rsplit_once('-') else { return false };
    hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Files a build compresses: their answer depends on Accept-Encoding.
fn compressible(path: &str) -> bool {
    matches!(path.rsplit('.').next().unwrap_or_default(), "html" | "js" | "css" | "wasm" | "json" | "svg")
}

/// A strong validator of `body`. Not a cryptographic hash: it only has to
/// change when a build changes the file.
fn etag(body: &[u8]) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(body);
    format!("\"{:016x}-{}\"", hasher.finish(), body.len())
}

/// Whether If-None-Match `wanted` names `tag` (the weak comparison RFC 9110
/// §13.1.2 asks for).
fn matches_etag(wanted: &str, tag: &str) -> bool {
    wanted.split(',').map(str::trim).any(|one| one == "*" || one.trim_start_matches("W/") == tag)
}

/// The types the built page holds (tools/build-ui).
fn mime(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_page_files_get_the_types_browsers_need() {
        assert_eq!(mime("maildoctor-0123.wasm"), "application/wasm");
        assert_eq!(mime("snippets/x/js/glue.js"), "text/javascript; charset=utf-8");
        assert_eq!(mime("index.html"), "text/html; charset=utf-8");
    }

    #[test]
    fn codings_follow_the_q_values_and_identity_is_always_last() {
        use Coding::{Brotli, Gzip, Identity};
        assert_eq!(accepted(Some("gzip, deflate, br, zstd")), [Brotli, Gzip, Identity], "Chromium's");
        assert_eq!(accepted(Some("gzip, deflate")), [Gzip, Identity]);
        assert_eq!(accepted(Some("br;q=0.5, gzip")), [Gzip, Brotli, Identity]);
        assert_eq!(accepted(Some("BR;Q=0.9, gzip;q=0.95")), [Gzip, Brotli, Identity]);
        assert_eq!(accepted(Some("br;q=0, *")), [Gzip, Identity]);
        assert_eq!(accepted(Some("*;q=0.2")), [Brotli, Gzip, Identity]);
        assert_eq!(accepted(Some("identity")), [Identity]);
        assert_eq!(accepted(Some("gzip;q=2, br;q=0.1234")), [Identity], "unreadable q-values");
        assert_eq!(accepted(None), [Identity]);
        assert_eq!(accepted(Some("x-gzip;q=1.000")), [Gzip, Identity]);
    }

    #[test]
    fn only_names_with_the_build_s_hash_are_immutable() {
        assert!(is_content_hashed("maildoctor-8a51fc8b66124f8f.wasm"));
        assert!(is_content_hashed("style-277468424b6f0b8f.css"));
        assert!(!is_content_hashed("index.html"));
        assert!(!is_content_hashed("widget.js"));
        // The folder is named by the crate, not by the file's content.
        assert!(!is_content_hashed("snippets/maildoctor-web-ae289629a7c84b50/js/glue.js"));
        assert!(!is_content_hashed("examples/help-center.html"));
        assert!(!is_content_hashed("maildoctor-8A51FC8B66124F8F.wasm"));
    }

    #[test]
    fn no_path_leaves_the_page() {
        assert_eq!(relative("/widget.js").as_deref(), Some("widget.js"));
        assert_eq!(relative("/").as_deref(), Some(""));
        assert_eq!(relative("/examples/").as_deref(), Some("examples/"));
        for bad in ["/../etc/passwd", "/a/../../b", "/./x", "/a\\..\\b", "/a//b"] {
            assert_eq!(relative(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_etag_matches_itself_weakly_and_by_star() {
        let tag = etag(b"page");
        assert!(matches_etag(&tag, &tag));
        assert!(matches_etag(&format!("\"x\", W/{tag}"), &tag));
        assert!(matches_etag("*", &tag));
        assert!(!matches_etag(&etag(b"other"), &tag));
    }
}
