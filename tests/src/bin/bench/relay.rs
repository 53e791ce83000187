//! The relay's throughput set against the TLS handshakes a diagnosis must
//! do, and its memory with many idle sessions: the load harness
//! (`tests/src/bin/load.rs`) run beside an in-memory rustls handshake loop.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};

/// TLS handshakes in one diagnosis of the load harness: IMAP on 993 and
/// submission on 587 after STARTTLS (its latency sample only connects).
const HANDSHAKES_PER_DIAGNOSIS: f64 = 2.0;

fn configs() -> (Arc<rustls::ClientConfig>, Arc<rustls::ServerConfig>) {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let certs = maildoctor_tests::ca_file().parent().expect("certs").to_path_buf();
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(certs.join("good.fullchain.crt"))
        .expect("the chain")
        .map(|c| c.expect("a certificate"))
        .collect();
    let key = PrivateKeyDer::from_pem_file(certs.join("good.key")).expect("the key");
    let server = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("server config");
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(maildoctor_tests::ca_file()).expect("the CA") {
        roots.add(cert.expect("a certificate")).expect("a root");
    }
    let mut client = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    // Every probe is a new connection to a server that has not seen us.
    client.resumption = rustls::client::Resumption::disabled();
    (Arc::new(client), Arc::new(server))
}

/// One full handshake, client and server in memory, certificate verified.
fn handshake(client: &Arc<rustls::ClientConfig>, server: &Arc<rustls::ServerConfig>) {
    let name = ServerName::try_from("mail.example.test").expect("a name");
    let mut c = rustls::ClientConnection::new(client.clone(), name).expect("client");
    let mut s = rustls::ServerConnection::new(server.clone()).expect("server");
    let mut buf = Vec::new();
    while c.is_handshaking() || s.is_handshaking() {
        buf.clear();
        c.write_tls(&mut buf).expect("client writes");
        s.read_tls(&mut &buf[..]).expect("server reads");
        s.process_new_packets().expect("server processes");
        buf.clear();
        s.write_tls(&mut buf).expect("server writes");
        c.read_tls(&mut &buf[..]).expect("client reads");
        c.process_new_packets().expect("client processes");
    }
}

/// Handshakes a second on every core at once, for `length`.
fn handshakes_per_second(length: Duration) -> f64 {
    let (client, server) = configs();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let started = Instant::now();
    let threads: Vec<_> = (0..cores)
        .map(|_| {
            let (client, server) = (client.clone(), server.clone());
            std::thread::spawn(move || {
                let mut done = 0u64;
                while started.elapsed() < length {
                    handshake(&client, &server);
                    done += 1;
                }
                done
            })
        })
        .collect();
    let done: u64 = threads.into_iter().map(|t| t.join().expect("a thread")).sum();
    done as f64 / started.elapsed().as_secs_f64()
}

pub(crate) async fn section() -> String {
    eprintln!("bench: rustls handshakes");
    let per_second =
        tokio::task::spawn_blocking(|| handshakes_per_second(Duration::from_secs(5))).await.expect("no panic");
    let bound = per_second / HANDSHAKES_PER_DIAGNOSIS;
    eprintln!("bench: the load harness");
    let load = std::env::current_exe().expect("the bench").with_file_name("load");
    let out = std::env::temp_dir().join("maildoctor-bench-load.md");
    let output = tokio::process::Command::new(&load)
        .args(["--held", "10000", "--phase-seconds", "15", "--soak-minutes", "0", "--concurrency", "1,10,100,1000"])
        .arg("--out")
        .arg(&out)
        .stderr(std::process::Stdio::inherit())
        .output()
        .await
        .expect("the load harness runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    // The table's rows: | concurrent | diagnoses | failed | per second | p50 | p99 | CPU |.
    // Saturation is the best rate at which no diagnosis failed.
    let cell = |line: &str, n: usize| line.split('|').nth(n).map(|v| v.trim().to_owned()).unwrap_or_default();
    let best = text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| concurrent") && cell(l, 3) == "0")
        .filter_map(|l| cell(l, 4).parse::<f64>().ok())
        .fold(0.0, f64::max);
    // The relay's own CPU per diagnosis, at the lightest load: what the
    // relay alone would allow on every core.
    let relay_cpu_ms = text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| concurrent"))
        .filter_map(|l| l.split('|').nth(7).and_then(|v| v.trim().parse::<f64>().ok()))
        .find(|ms| *ms > 0.0)
        .unwrap_or(0.0);
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) as f64;
    let relay_ceiling = if relay_cpu_ms > 0.0 { cores * 1000.0 / relay_cpu_ms } else { 0.0 };
    let body: String = text
        .lines()
        .skip_while(|l| !l.starts_with("## Sessions held"))
        .map(|l| l.replacen("## ", "### ", 1) + "\n")
        .collect();
    format!(
        "\n## 4 and 5. Relay throughput and memory\n\nThe bound: a full diagnosis of the load harness does {HANDSHAKES_PER_DIAGNOSIS:.0} TLS \
         handshakes, and this machine does {per_second:.0} full rustls handshakes a second (client and server both \
         here, in memory, certificate verified, no resumption, every core busy), so at most {bound:.0} diagnoses a \
         second. Measured at saturation (the best rate at which no diagnosis failed): {best:.1} a second, **{:.0} %** of the bound (goal: 70 %). The relay, the \
         harness's clients and the real Dovecot and Postfix share the two cores: the relay itself used \
         {relay_cpu_ms:.1} ms of CPU a diagnosis, so the relay alone would allow {relay_ceiling:.0} a second on every \
         core; the rest of the machine's time goes to the servers (a Dovecot login process and a Postfix smtpd per \
         connection) and the clients. At 1,000 at once most diagnoses fail: connections queue at the fixtures' \
         Dovecot and Postfix past the relay's step deadlines (not profiled further).\n\n{body}",
        100.0 * best / bound
    )
}
