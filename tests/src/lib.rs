//! Support for maildoctor's end-to-end tests: where the fixtures are, the
//! relay in-process or as a real process, and a headless Chromium.
//!
//! The fixtures (`tests/fixtures/fixtures.sh up`) are started by the test
//! command (`tools/test`), which also exports the variables read here.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

mod browser;
pub mod handoff;
pub mod middlebox;
pub mod sites;
pub mod stage;

pub use browser::{Browser, BrowserKind};

use maildoctor_probe::{Executor, ExecutorConfig, Policy, ResolverSetting, TimedEvent, Timeouts, Trust};
use maildoctor_wire::{Event, Operation};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

fn required_env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the tests through tools/test, which starts the fixtures and sets it")
    })
}

/// The test DNS server (NSD) that serves example.test.
pub fn resolver() -> SocketAddr {
    required_env("MAILDOCTOR_RESOLVER").parse().expect("MAILDOCTOR_RESOLVER is ip:port")
}

/// The test CA that signed the fixtures' certificates.
pub fn ca_file() -> PathBuf {
    PathBuf::from(required_env("MAILDOCTOR_CA"))
}

/// Where tests may write what a person would look at (screenshots).
pub fn artifacts_dir(kind: &str) -> PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let dir = target.join("maildoctor-artifacts").join(kind);
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

/// An executor wired to the fixtures, with the given policy.
pub fn executor(policy: Policy) -> Executor {
    executor_with(policy, Timeouts { operation: Duration::from_secs(20), ..Timeouts::default() })
}

/// An executor wired to the fixtures, with the given policy and limits.
pub fn executor_with(policy: Policy, timeouts: Timeouts) -> Executor {
    let trust = Trust::new(Some(&ca_file())).expect("test CA loads");
    let ispdb = Some(maildoctor_probe::ServiceBase::parse(ISPDB).expect("the stand-in's URL"));
    let autodiscover = Some(maildoctor_probe::ServiceBase::parse(AUTODISCOVER).expect("the stand-in's URL"));
    let resolver = ResolverSetting::Server(resolver());
    // The second opinion comes from the test zone's server, never a public resolver.
    let reference = vec![self::resolver()];
    Executor::new(ExecutorConfig { resolver, trust, policy, timeouts, ispdb, autodiscover, reference })
        .expect("executor")
}

/// Every event `executor` reports for `op`, in order; panics if the
/// operation's task panics or the policy refuses it.
pub async fn events_of(executor: Executor, op: Operation) -> Vec<Event> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<TimedEvent>(256);
    let task = tokio::spawn(async move { executor.run(&op, &tx).await });
    let mut events = Vec::new();
    while let Some(timed) = rx.recv().await {
        events.push(timed.event);
    }
    task.await.expect("no panic").expect("not refused");
    events
}

/// A server on 127.0.0.1 that accepts and never speaks, so a probe of it
/// keeps waiting for a greeting; its port.
pub async fn silent_server() -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    port
}

/// The `maildoctor` binary built next to this test.
pub fn maildoctor_bin() -> PathBuf {
    if let Ok(bin) = std::env::var("MAILDOCTOR_BIN") {
        return PathBuf::from(bin);
    }
    // target/<profile>/deps/suite-xxxx -> target/<profile>/maildoctor
    let exe = std::env::current_exe().expect("test binary path");
    let bin = exe.parent().and_then(Path::parent).map(|dir| dir.join("maildoctor")).expect("target dir");
    assert!(bin.is_file(), "{} is missing: build it with `cargo build -p maildoctor`", bin.display());
    bin
}

/// `maildoctor serve` as a real process, on a free loopback port.
#[derive(Debug)]
pub struct RelayProcess {
    pub url: String,
    /// Where `--metrics-listen` serves (`http://ip:port`), unless off.
    pub metrics: Option<String>,
    child: Child,
}

impl RelayProcess {
    pub async fn start(ui: &Path, extra: &[&str]) -> Self {
        Self::start_with_log(ui, extra, None).await
    }

    /// Like [`RelayProcess::start`], with the relay's log (at `MAILDOCTOR_LOG`
    /// level `debug`) written to `log`.
    pub async fn start_with_log(ui: &Path, extra: &[&str], log: Option<&Path>) -> Self {
        Self::start_as(Command::new(maildoctor_bin()), ui, extra, log).await
    }

    /// Like [`RelayProcess::start`], inside the network namespace `namespace`.
    pub async fn start_in(namespace: &str, ui: &Path, extra: &[&str]) -> Self {
        let mut command = Command::new("ip");
        command.args(["netns", "exec", namespace]).arg(maildoctor_bin());
        Self::start_as(command, ui, extra, None).await
    }

    async fn start_as(mut command: Command, ui: &Path, extra: &[&str], log: Option<&Path>) -> Self {
        let stderr = match log {
            Some(path) => Stdio::from(std::fs::File::create(path).expect("log file")),
            None => Stdio::null(),
        };
        let mut child = command
            .env("MAILDOCTOR_LOG", "debug")
            .arg("serve")
            .args(["--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--allow-private"])
            .arg("--ui")
            .arg(ui)
            .args(overridden(fixture_flags(Services::Fixtures), extra))
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("maildoctor serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut metrics = None;
        let url = tokio::time::timeout(Duration::from_secs(20), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(url) = line.strip_prefix("metrics on ") {
                    metrics = Some(url.to_owned());
                }
                if let Some(url) = line.strip_prefix("listening on ") {
                    return url.to_owned();
                }
            }
            panic!("maildoctor serve exited without listening");
        })
        .await
        .expect("maildoctor serve listens within 20 s");
        Self { url, metrics, child }
    }
}

impl RelayProcess {
    /// Sends SIGTERM, as systemd and container runtimes do to stop a service.
    pub fn terminate(&self) {
        let pid = self.child.id().expect("the relay is running");
        let sent = std::process::Command::new("kill").args(["-TERM", &pid.to_string()]).status().expect("kill runs");
        assert!(sent.success(), "SIGTERM reaches the relay");
    }

    /// The relay's process id (`ip netns exec` runs it in its own place).
    pub fn pid(&self) -> u32 {
        self.child.id().expect("the relay is running")
    }

    /// Waits for the relay to exit, for at most `limit`.
    pub async fn exit_status(&mut self, limit: Duration) -> std::process::ExitStatus {
        tokio::time::timeout(limit, self.child.wait())
            .await
            .unwrap_or_else(|_| panic!("the relay exits within {limit:?}"))
            .expect("wait")
    }
}

/// `maildoctor serve` as a person starts it: no `--ui` (the page built
/// into the binary) and no `MAILDOCTOR_UI`, with the test holding its
/// terminal: its standard input, and its standard output's lines after
/// "listening on" (where `serve --local` asks to pair a site).
#[derive(Debug)]
pub struct OwnPageRelay {
    pub relay: RelayProcess,
    pub stdin: tokio::process::ChildStdin,
    pub stdout: tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
}

impl OwnPageRelay {
    pub async fn start(extra: &[&str]) -> Self {
        let mut child = Command::new(maildoctor_bin())
            .env_remove("MAILDOCTOR_UI")
            .arg("serve")
            .args(["--listen", "127.0.0.1:0", "--metrics-listen", "off", "--allow-private"])
            .args(overridden(fixture_flags(Services::Fixtures), extra))
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .stdin(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("maildoctor serve starts");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let url = tokio::time::timeout(Duration::from_secs(20), async {
            while let Ok(Some(line)) = stdout.next_line().await {
                if let Some(url) = line.strip_prefix("listening on ") {
                    return url.to_owned();
                }
            }
            panic!("maildoctor serve exited without listening");
        })
        .await
        .expect("maildoctor serve listens within 20 s");
        OwnPageRelay { relay: RelayProcess { url, metrics: None, child }, stdin, stdout }
    }

    /// The next line the relay prints that contains `text`, within `limit`.
    pub async fn said(&mut self, text: &str, limit: Duration) -> String {
        tokio::time::timeout(limit, async {
            while let Ok(Some(line)) = self.stdout.next_line().await {
                if line.contains(text) {
                    return line;
                }
            }
            panic!("the relay's output ended before {text:?}");
        })
        .await
        .unwrap_or_else(|_| panic!("the relay says {text:?} within {limit:?}"))
    }
}

impl Drop for RelayProcess {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

/// A plain HTTP/1.1 GET of `path` from `host` (`ip:port`) with extra
/// `headers`: the whole response, head and body, as text.
pub async fn http_get(host: &str, path: &str, headers: &[(&str, &str)]) -> String {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    let mut stream = tokio::net::TcpStream::connect(host).await.expect("connect");
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).await.expect("read");
    response
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// A directory removed when dropped.
#[derive(Debug)]
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> Self {
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("maildoctor-{prefix}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The fixtures' stand-in for Thunderbird's ISP database: tests never ask the real one.
/// Which discovery services a command is pointed at: the fixtures' own
/// ISPDB and Autodiscover, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Services {
    Fixtures,
    Off,
}

/// The flags that point a `maildoctor` command at the fixtures: the test
/// zone's resolver (also as the reference resolver, so no test ever asks a
/// public one), `services`' ISPDB and Autodiscover URLs, and the test CA.
pub fn fixture_flags(services: Services) -> Vec<std::ffi::OsString> {
    let (ispdb, autodiscover) = match services {
        Services::Fixtures => (ISPDB, AUTODISCOVER),
        Services::Off => ("off", "off"),
    };
    let zone = resolver().to_string();
    let flags =
        ["--resolver", &zone, "--reference-resolver", &zone, "--ispdb-url", ispdb, "--autodiscover-url", autodiscover];
    let mut flags: Vec<std::ffi::OsString> = flags.iter().map(Into::into).collect();
    flags.extend(["--ca-file".into(), ca_file().into_os_string()]);
    flags
}

/// `flags` (pairs of `--name value`) less those `extra` names again: a test
/// that starts a relay with its own `--resolver` means that one.
fn overridden(flags: Vec<std::ffi::OsString>, extra: &[&str]) -> Vec<std::ffi::OsString> {
    let mut kept = Vec::new();
    let mut pairs = flags.into_iter();
    while let (Some(name), Some(value)) = (pairs.next(), pairs.next()) {
        if !extra.iter().any(|e| std::ffi::OsStr::new(e) == name) {
            kept.extend([name, value]);
        }
    }
    kept
}

pub const ISPDB: &str = "https://ispdb.example.test/v1.1/";

/// The fixtures' stand-in for Microsoft's Autodiscover service.
pub const AUTODISCOVER: &str = "https://autodiscover.example.test/";

/// `maildoctor check ARGS --json` against the fixtures: the exit code and the report.
pub fn check(args: &[&str]) -> (i32, serde_json::Value) {
    check_with_password(args, None)
}

/// The code of the first error finding of a `--json` report, if any.
pub fn first_error(report: &serde_json::Value) -> Option<&str> {
    report["findings"].as_array()?.iter().find(|f| f["severity"] == "error").and_then(|f| f["code"].as_str())
}

/// Like [`check`]; with a password, it goes on standard input (`--password-stdin`).
pub fn check_with_password(args: &[&str], password: Option<&str>) -> (i32, serde_json::Value) {
    run_check(&resolver().to_string(), args, password)
}

/// Like [`check`], asking `resolver` (`ip:port`) instead of the test zone's server.
pub fn check_using(resolver: &str, args: &[&str]) -> (i32, serde_json::Value) {
    run_check(resolver, args, None)
}

fn run_check(resolver: &str, args: &[&str], password: Option<&str>) -> (i32, serde_json::Value) {
    run_check_with(resolver, args, password, &ca_file())
}

fn run_check_with(resolver: &str, args: &[&str], password: Option<&str>, ca: &Path) -> (i32, serde_json::Value) {
    let json = [&["--json"][..], args].concat();
    let (status, stdout) = spawn_check(resolver, &json, password, ca);
    let report = serde_json::from_slice(&stdout)
        .unwrap_or_else(|err| panic!("not JSON ({err}): {}", String::from_utf8_lossy(&stdout)));
    (status, report)
}

/// `maildoctor check ARGS` as a person reads it in a terminal (the text
/// report, in `lang`), against the fixtures: the exit code and the text.
pub fn check_text(args: &[&str], password: Option<&str>, lang: &str) -> (i32, String) {
    let text = [args, &["--lang", lang]].concat();
    let (status, stdout) = spawn_check(&resolver().to_string(), &text, password, &ca_file());
    (status, String::from_utf8_lossy(&stdout).into_owned())
}

/// Runs `check ARGS` with the fixtures' services, `password` on standard
/// input if any; the exit code and what it printed.
fn spawn_check(resolver: &str, args: &[&str], password: Option<&str>, ca: &Path) -> (i32, Vec<u8>) {
    use std::io::Write as _;
    let mut command = std::process::Command::new(maildoctor_bin());
    command
        .arg("check")
        .args(args)
        .args(["--resolver", resolver, "--ispdb-url", ISPDB, "--autodiscover-url", AUTODISCOVER])
        // The test zone's server as the second opinion, from the
        // environment, so a test's own --reference-resolver in ARGS wins.
        .env("MAILDOCTOR_REFERENCE_RESOLVER", self::resolver().to_string())
        .arg("--ca-file")
        .arg(ca);
    // The report's language follows the locale unless --lang is given: tests
    // pin it, whatever the machine's locale.
    for locale in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(locale);
    }
    if password.is_some() {
        command.arg("--password-stdin");
    }
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().expect("maildoctor check runs");
    let mut stdin = child.stdin.take().expect("stdin");
    if let Some(password) = password {
        stdin.write_all(format!("{password}\n").as_bytes()).expect("password");
    }
    drop(stdin);
    let output = child.wait_with_output().expect("maildoctor check finishes");
    (output.status.code().expect("exit code"), output.stdout)
}

/// A server configuration with the fixture certificate `name` (`good`,
/// `intercepted`, `avast`, `deepchain`, ...) and its chain as the fixtures
/// bundle it.
pub fn tls_server_config(name: &str) -> std::sync::Arc<rustls::ServerConfig> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs = ca_file().parent().expect("certs dir").to_path_buf();
    let chain: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(certs.join(format!("{name}.fullchain.crt")))
            .expect("certificate file")
            .map(|c| c.expect("certificate"))
            .collect();
    let key = PrivateKeyDer::from_pem_file(certs.join(format!("{name}.key"))).expect("key");
    let config =
        rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("versions")
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .expect("server config");
    std::sync::Arc::new(config)
}

/// A TLS acceptor with the fixture certificate `name`: see [`tls_server_config`].
pub fn tls_acceptor(name: &str) -> tokio_rustls::TlsAcceptor {
    tokio_rustls::TlsAcceptor::from(tls_server_config(name))
}

/// A line-based mail server over TLS on 127.0.0.10 (mail.example.test)
/// with the fixture certificate `cert`: it sends `greeting`, then answers
/// each line with `reply(line, tag)`, where `tag` is the line's first word
/// (IMAP's command tag). Runs for the test; returns its port.
pub async fn tls_line_server<R>(cert: &str, greeting: &'static [u8], reply: R) -> u16
where
    R: Fn(&str, &str) -> String + Clone + Send + Sync + 'static,
{
    use tokio::io::AsyncWriteExt as _;
    let listener = tokio::net::TcpListener::bind("127.0.0.10:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let acceptor = tls_acceptor(cert);
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let (acceptor, reply) = (acceptor.clone(), reply.clone());
            tokio::spawn(async move {
                // Latency samples connect and close without TLS: ignore them.
                let Ok(stream) = acceptor.accept(socket).await else { return };
                let (reader, mut writer) = tokio::io::split(stream);
                let mut lines = BufReader::new(reader).lines();
                let _ = writer.write_all(greeting).await;
                while let Ok(Some(line)) = lines.next_line().await {
                    let tag = line.split(' ').next().unwrap_or_default().to_owned();
                    if writer.write_all(reply(&line, &tag).as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

/// `maildoctor check ARGS --json` with `password` on standard input (if
/// any) and `ca` as the extra trust anchors instead of the test CA.
pub fn check_trusting(ca: &Path, args: &[&str], password: Option<&str>) -> (i32, serde_json::Value) {
    run_check_with(&resolver().to_string(), args, password, ca)
}
