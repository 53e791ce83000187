//! Hosts a page is deployed on in the tests: a plain static web server
//! (Python's, as a CDN would serve files: no relay behind it), and the
//! TCP forwarders the tests put in a path: one that adds a round trip (a
//! relay far away), one that rewrites replies (a middlebox).

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::process::{Child, Command};

/// `python3 -m http.server` serving `root` on a free loopback port.
#[derive(Debug)]
pub struct StaticSite {
    /// `http://127.0.0.1:PORT`, the site's origin.
    pub origin: String,
    _child: Child,
}

impl StaticSite {
    pub async fn serve(root: &Path) -> Self {
        let mut child = Command::new("python3")
            .args(["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("python3 starts");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let port = tokio::time::timeout(Duration::from_secs(10), async {
            while let Ok(Some(line)) = lines.next_line().await {
                // "Serving HTTP on 127.0.0.1 port 40123 (http://127.0.0.1:40123/) ..."
                if let Some(rest) = line.split(" port ").nth(1) {
                    return rest.split_whitespace().next().expect("a port").to_owned();
                }
            }
            panic!("the static server exited without serving");
        })
        .await
        .expect("the static server starts within 10 s");
        StaticSite { origin: format!("http://127.0.0.1:{port}"), _child: child }
    }
}

/// Copies the built page into `dir` (a page deployed under a sub-path).
pub fn deploy_page(ui: &Path, dir: &Path) {
    std::fs::create_dir_all(dir).expect("site folder");
    for entry in walk(ui) {
        let to = dir.join(entry.strip_prefix(ui).expect("inside"));
        std::fs::create_dir_all(to.parent().expect("a folder")).expect("folder");
        std::fs::copy(&entry, &to).expect("copy");
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read the page's folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// What a forwarder does with the bytes it carries.
#[derive(Debug, Clone, Copy)]
pub enum Carry {
    AsIs,
    /// Holds every chunk this long, each way.
    Delay(Duration),
    /// Passes each line the server sends through the function (a
    /// middlebox that rewrites replies).
    RewriteReplies(fn(String) -> String),
}

/// Forwards every connection `listener` takes to `target`, carrying the
/// bytes as `carry` says.
pub fn forward_each(listener: TcpListener, target: String, carry: Carry) {
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let target = target.clone();
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(&target).await else { return };
                // A forwarder must not add Nagle's wait to what it carries:
                // a server's second write (a reply after TLS session
                // tickets) would sit a round trip behind the first.
                let _ = (client.set_nodelay(true), server.set_nodelay(true));
                let (client_read, client_write) = client.into_split();
                let (server_read, server_write) = server.into_split();
                let delay = match carry {
                    Carry::Delay(delay) => delay,
                    Carry::AsIs | Carry::RewriteReplies(_) => Duration::ZERO,
                };
                let replies = async move {
                    match carry {
                        Carry::RewriteReplies(rewrite) => rewrite_lines(server_read, client_write, rewrite).await,
                        Carry::AsIs | Carry::Delay(_) => copy(server_read, client_write, delay).await,
                    }
                };
                tokio::join!(copy(client_read, server_write, delay), replies);
            });
        }
    });
}

/// Forwards loopback connections to `target`, holding every chunk for
/// `delay` each way: `2 × delay` more round trip, as a far relay has.
pub async fn delaying_proxy(target: String, delay: Duration) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    forward_each(listener, target, Carry::Delay(delay));
    port
}

async fn copy(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, delay: Duration) {
    let mut buffer = vec![0u8; 16 * 1024];
    while let Ok(n) = from.read(&mut buffer).await {
        if n == 0 {
            break;
        }
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        if to.write_all(&buffer[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

async fn rewrite_lines(from: OwnedReadHalf, mut to: OwnedWriteHalf, rewrite: fn(String) -> String) {
    let mut lines = BufReader::new(from).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        if to.write_all((rewrite(line) + "\r\n").as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}
