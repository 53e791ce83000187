//! The page's files as the relay sends them: the precompressed copy a
//! browser accepts (q-values honoured, identity to fall back on), cached for
//! ever when named by their hash and revalidated otherwise, and loadable by
//! the origins the relay lets use its WebSocket (a help centre's widget).

use std::collections::BTreeSet;
use std::process::{Command, Stdio};

use maildoctor::page::IMMUTABLE;
use maildoctor_tests::{OwnPageRelay, TempDir};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::*;

/// What the browsers of the tests send.
const CHROMIUM: &str = "gzip, deflate, br, zstd";
const HELP_CENTRE: &str = "https://help.example.net";

struct Fetched {
    status: u16,
    head: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Fetched {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn varies_by(&self, what: &str) -> bool {
        self.header("vary").is_some_and(|vary| vary.split(',').any(|v| v.trim().eq_ignore_ascii_case(what)))
    }
}

/// A GET of `path` with `headers`, its body as bytes (a compressed one is
/// no text).
async fn fetch(host: &str, path: &str, headers: &[(&str, &str)]) -> Fetched {
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    let mut stream = TcpStream::connect(host).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    let end = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a head");
    let head = String::from_utf8(response[..end].to_vec()).expect("a text head");
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("a status");
    let head = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let fetched = Fetched { status, head, body: response[end + 4..].to_vec() };
    assert!(fetched.header("transfer-encoding").is_none(), "files go out with their length");
    fetched
}

async fn relay_with(page: maildoctor::page::Page, allow_origins: &[&str]) -> String {
    let config =
        RelayConfig { allow_origins: allow_origins.iter().map(|o| o.to_string()).collect(), ..RelayConfig::default() };
    let metrics = std::sync::Arc::new(maildoctor::metrics::Metrics::default());
    let (app, _drain) = relay_counted(executor(Policy::permissive()), config, page, metrics);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = app.into_make_service_with_connect_info::<maildoctor::tls::PeerAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("127.0.0.1:{}", addr.port())
}

const WASM: &str = "maildoctor-0123456789abcdef.wasm";
const GLUE: &str = "snippets/maildoctor-web-0123456789abcdef/js/glue.js";

/// A built page's shape in `page/`, each coding's copy holding its own
/// name so the test sees which was sent, and a file beside the page.
fn page_folder() -> TempDir {
    let dir = TempDir::new("static");
    std::fs::write(dir.0.join("outside-the-page"), b"secret").expect("write");
    let write = |name: &str, body: &[u8]| {
        let path = dir.0.join("page").join(name);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        std::fs::write(path, body).expect("write");
    };
    write("index.html", b"<!doctype html><title>page</title>");
    write("index.html.br", b"index.html.br");
    write("index.html.gz", b"index.html.gz");
    write(WASM, b"\0asm the wasm");
    write(&format!("{WASM}.br"), b"wasm.br");
    write(&format!("{WASM}.gz"), b"wasm.gz");
    write(GLUE, b"export function glue() {}");
    write(&format!("{GLUE}.gz"), b"glue.gz");
    write("widget.js", b"import './maildoctor-0123456789abcdef.js';");
    dir
}

#[tokio::test]
async fn each_browser_gets_the_copy_it_accepts_best_and_identity_when_none() {
    let folder = page_folder();
    let relay = relay_with(folder.0.join("page").as_path().into(), &[]).await;
    let wasm = format!("/{WASM}");
    for (accept, coding, body) in [
        (Some(CHROMIUM), Some("br"), &b"wasm.br"[..]),
        (Some("gzip"), Some("gzip"), b"wasm.gz"),
        (Some("br;q=0.5, gzip"), Some("gzip"), b"wasm.gz"),
        (Some("br;q=0, *"), Some("gzip"), b"wasm.gz"),
        (Some("gzip;q=0.8, br;q=0.9"), Some("br"), b"wasm.br"),
        (Some("identity"), None, b"\0asm the wasm"),
        (Some("deflate"), None, b"\0asm the wasm"),
        (None, None, b"\0asm the wasm"),
    ] {
        let headers: Vec<(&str, &str)> = accept.map(|a| ("Accept-Encoding", a)).into_iter().collect();
        let got = fetch(&relay, &wasm, &headers).await;
        assert_eq!(got.status, 200, "{accept:?}");
        assert_eq!(got.header("content-encoding"), coding, "{accept:?}");
        assert_eq!(got.body, body, "{accept:?}");
        assert_eq!(got.header("content-type"), Some("application/wasm"));
        assert_eq!(got.header("cache-control"), Some(IMMUTABLE), "named by its hash");
        assert!(got.varies_by("accept-encoding"), "{accept:?}: caches must keep each coding apart");
        assert!(!got.varies_by("origin"), "a relay that lets no other origin in");
        assert!(got.header("access-control-allow-origin").is_none());
    }
    // The snippet has only a gzip copy; its folder is named by the crate,
    // not by its content, so it is revalidated.
    let glue = fetch(&relay, &format!("/{GLUE}"), &[("Accept-Encoding", CHROMIUM)]).await;
    assert_eq!((glue.header("content-encoding"), &glue.body[..]), (Some("gzip"), &b"glue.gz"[..]));
    assert_eq!(glue.header("cache-control"), Some("no-cache"));
    let tag = glue.header("etag").expect("a validator").to_owned();
    let again = fetch(&relay, &format!("/{GLUE}"), &[("Accept-Encoding", CHROMIUM), ("If-None-Match", &tag)]).await;
    assert_eq!((again.status, again.body.len()), (304, 0));
    let plain = fetch(&relay, &format!("/{GLUE}"), &[("If-None-Match", &tag)]).await;
    assert_eq!(plain.status, 200, "the uncompressed file is another representation, with its own tag");
    assert_ne!(plain.header("etag"), Some(tag.as_str()));

    let index = fetch(&relay, "/?relay=x", &[("Accept-Encoding", CHROMIUM)]).await;
    assert_eq!((index.status, &index.body[..]), (200, &b"index.html.br"[..]));
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    let widget = fetch(&relay, "/widget.js", &[("Accept-Encoding", CHROMIUM)]).await;
    assert_eq!((widget.header("content-encoding"), widget.header("cache-control")), (None, Some("no-cache")));

    let folder_link = fetch(&relay, "/snippets", &[]).await;
    assert_eq!((folder_link.status, folder_link.header("location")), (307, Some("/snippets/")));
    for path in ["/../outside-the-page", "/snippets/../../outside-the-page", "/%2e%2e/outside-the-page", "/nothing.js"]
    {
        assert_eq!(fetch(&relay, path, &[]).await.status, 404, "{path}");
    }
}

#[tokio::test]
async fn the_origins_the_relay_lets_in_may_load_every_file_of_the_widget() {
    let folder = page_folder();
    let relay = relay_with(folder.0.join("page").as_path().into(), &[HELP_CENTRE]).await;
    for path in ["/widget.js", &format!("/{WASM}"), &format!("/{GLUE}"), "/"] {
        let allowed = fetch(&relay, path, &[("Origin", HELP_CENTRE), ("Accept-Encoding", CHROMIUM)]).await;
        assert_eq!(allowed.status, 200, "{path}");
        assert_eq!(allowed.header("access-control-allow-origin"), Some(HELP_CENTRE), "{path}");
        assert!(allowed.varies_by("origin"), "{path}");
        let other = fetch(&relay, path, &[("Origin", "https://evil.example")]).await;
        assert_eq!(other.status, 200, "{path}: the file is public, only a script on that page may not read it");
        assert!(other.header("access-control-allow-origin").is_none(), "{path}");
        assert!(other.varies_by("origin"), "{path}");
    }
}

/// `path`'s body decoded from `coding` by the usual tools.
fn decoded(coding: &str, body: &[u8]) -> Vec<u8> {
    let mut command = match coding {
        "gzip" => Command::new("gzip"),
        _ => Command::new("node"),
    };
    match coding {
        "gzip" => command.arg("-dc"),
        _ => command
            .args(["-e", "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(0)))"]),
    };
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("the decoder runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let body = body.to_vec();
    let writer = std::thread::spawn(move || std::io::Write::write_all(&mut stdin, &body));
    let output = child.wait_with_output().expect("decoded");
    writer.join().expect("no panic").expect("written");
    assert!(output.status.success(), "{coding} decodes");
    output.stdout
}

/// The files `text` names by a relative path: what a page or script loads.
fn named_files(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for piece in text.split(['"', '\'', '`', '(', ')', ' ', '=']) {
        let piece = piece.trim_start_matches("./");
        let looks_like_file = [".js", ".wasm", ".css"].iter().any(|ext| piece.ends_with(ext))
            && piece.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
            && !piece.starts_with('/')
            && !piece.contains("..");
        if looks_like_file {
            names.insert(piece.to_owned());
        }
    }
    names
}

/// The page built into the binary, as a help centre's widget loads it: from
/// widget.js, every file it names and they name in turn, each sent in
/// brotli and gzip that decode to the file itself.
#[tokio::test]
async fn the_built_in_page_goes_out_precompressed_with_cors_and_cache_headers() {
    let own = OwnPageRelay::start(&["--allow-origin", HELP_CENTRE]).await;
    let relay = own.relay.url.trim_start_matches("http://").to_owned();
    let index = fetch(&relay, "/", &[]).await;
    assert_eq!(index.status, 200, "tools/build-ui ran before the binary was built");
    let mut queue: Vec<String> = vec!["widget.js".into()];
    queue.extend(named_files(&String::from_utf8_lossy(&index.body)));
    let mut seen = BTreeSet::new();
    let mut sizes = Vec::new();
    while let Some(name) = queue.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let origin = ("Origin", HELP_CENTRE);
        let plain = fetch(&relay, &format!("/{name}"), &[origin]).await;
        if plain.status == 404 {
            // wasm-bindgen's default name, which the page never loads.
            continue;
        }
        assert_eq!(plain.status, 200, "{name}");
        assert_eq!(plain.header("access-control-allow-origin"), Some(HELP_CENTRE), "{name}");
        let hashed = name.rsplit('/').next().and_then(|n| n.rsplit_once('.')).and_then(|(s, _)| s.rsplit_once('-'));
        let hashed = hashed.is_some_and(|(_, hash)| hash.len() == 16);
        assert_eq!(plain.header("cache-control"), Some(if hashed { IMMUTABLE } else { "no-cache" }), "{name}");
        if name.ends_with(".js") {
            let text = String::from_utf8_lossy(&plain.body);
            let folder = name.rsplit_once('/').map_or(String::new(), |(folder, _)| format!("{folder}/"));
            queue.extend(named_files(&text).into_iter().map(|n| format!("{folder}{n}")));
        }
        let mut sent = vec![plain.body.len()];
        for coding in ["br", "gzip"] {
            let got = fetch(&relay, &format!("/{name}"), &[origin, ("Accept-Encoding", coding)]).await;
            if plain.body.len() < 200 && got.header("content-encoding").is_none() {
                continue; // too small for a copy to be smaller
            }
            assert_eq!(got.header("content-encoding"), Some(coding), "{name}");
            assert_eq!(decoded(coding, &got.body), plain.body, "{name} in {coding}");
            assert!(got.varies_by("accept-encoding") && got.varies_by("origin"), "{name}");
            sent.push(got.body.len());
        }
        sizes.push((name, sent));
    }
    for kind in [".wasm", ".css", "widget.js"] {
        assert!(sizes.iter().any(|(name, _)| name.ends_with(kind)), "the widget loads a {kind}: {sizes:?}");
    }
    assert!(sizes.iter().any(|(name, _)| name.starts_with("snippets/")), "{sizes:?}");
    // Figures for the report, not a timed assertion.
    for (name, sent) in &sizes {
        println!("{name}: {sent:?} bytes sent (identity, brotli, gzip)");
    }
}
