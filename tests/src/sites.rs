//! Hosts a page is deployed on in the tests: a plain static web server
//! (Python's, as a CDN would serve files: no relay behind it), and a TCP
//! proxy that adds a round trip, to stand for a relay far away.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
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

/// Forwards loopback connections to `target`, holding every chunk for
/// `delay` each way: `2 × delay` more round trip, as a far relay has.
pub async fn delaying_proxy(target: String, delay: Duration) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let target = target.clone();
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(&target).await else { return };
                // The delay is the proxy's to add, not Nagle's.
                let _ = (client.set_nodelay(true), server.set_nodelay(true));
                let (client_read, client_write) = client.into_split();
                let (server_read, server_write) = server.into_split();
                tokio::join!(carry(client_read, server_write, delay), carry(server_read, client_write, delay));
            });
        }
    });
    port
}

async fn carry(mut from: tokio::net::tcp::OwnedReadHalf, mut to: tokio::net::tcp::OwnedWriteHalf, delay: Duration) {
    let mut buffer = vec![0u8; 16 * 1024];
    while let Ok(n) = from.read(&mut buffer).await {
        if n == 0 {
            break;
        }
        tokio::time::sleep(delay).await;
        if to.write_all(&buffer[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}
