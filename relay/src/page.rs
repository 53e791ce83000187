//! The page the relay serves: a folder (`--ui DIR`), or the page built into
//! the binary by `tools/build-ui` before `cargo build` (relay/build.rs), so
//! `serve --local` alone serves http://127.0.0.1:4587, the page Safari
//! users are sent to.

use std::path::{Path, PathBuf};

use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use include_dir::{include_dir, Dir};
use tower_http::services::ServeDir;

static EMBEDDED: Dir<'static> = include_dir!("$MAILDOCTOR_EMBEDDED_PAGE");

/// What a relay built without dist/ answers where its page would be.
pub const NO_PAGE: &str = "no page built: run tools/build-ui or pass --ui\n";

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

    /// The router's fallback: every path that is not an endpoint.
    pub(crate) fn service(&self) -> MethodRouter {
        match self {
            Page::Folder(folder) => {
                axum::routing::get_service(ServeDir::new(folder).append_index_html_on_directories(true))
            }
            Page::Embedded => axum::routing::get(embedded),
        }
    }
}

async fn embedded(uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    let path = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_owned() };
    let Some(file) = EMBEDDED.get_file(&path) else {
        let why = if EMBEDDED.get_file("index.html").is_none() { NO_PAGE } else { "not found\n" };
        return (StatusCode::NOT_FOUND, why).into_response();
    };
    // index.html and widget.js keep their names across builds: revalidated;
    // everything else is named by its content's hash.
    let cache = match path.as_str() {
        "index.html" | "widget.js" => "no-cache",
        _ if path.contains('-') && !path.starts_with("examples/") => "public, max-age=31536000, immutable",
        _ => "no-cache",
    };
    ([(header::CONTENT_TYPE, mime(&path)), (header::CACHE_CONTROL, cache)], file.contents()).into_response()
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
}
