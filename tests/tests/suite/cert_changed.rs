//! A server certificate that changed since an earlier check (issue 22,
//! item 7), through `maildoctor check --previous`: one IMAP server on one
//! port whose certificate is swapped between two real checks, from the
//! fixture CA's to one an antivirus made (its root trusted, as on a device
//! where the product installed it), and back to the same one.

use std::sync::{Arc, Mutex};

use maildoctor_tests::{ca_file, check_trusting, tls_acceptor, TempDir};
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};

/// An IMAP server on mail.example.test (127.0.0.10) whose certificate is
/// the one `cert` holds when a connection arrives.
pub(crate) async fn swappable_server(cert: Arc<Mutex<tokio_rustls::TlsAcceptor>>) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.10:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = cert.lock().expect("the certificate").clone();
            tokio::spawn(async move {
                let Ok(stream) = acceptor.accept(socket).await else { return };
                let (reader, mut writer) = tokio::io::split(stream);
                let mut lines = BufReader::new(reader).lines();
                let _ = writer.write_all(b"* OK ready\r\n").await;
                while let Ok(Some(line)) = lines.next_line().await {
                    let tag = line.split(' ').next().unwrap_or_default().to_owned();
                    let reply = if line.to_ascii_uppercase().contains("CAPABILITY") {
                        format!("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n{tag} OK done\r\n")
                    } else {
                        format!("* BYE\r\n{tag} OK bye\r\n")
                    };
                    if writer.write_all(reply.as_bytes()).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

fn changed(report: &serde_json::Value) -> Option<&serde_json::Value> {
    report["findings"].as_array()?.iter().find(|f| f["code"] == "tls.cert_changed")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_certificate_re_signed_since_the_last_check_is_said_and_the_same_one_is_not() {
    let cert = Arc::new(Mutex::new(tls_acceptor("good")));
    let port = swappable_server(cert.clone()).await.to_string();
    let trusted = ca_file().with_file_name("ca-with-scanners.crt");
    let dir = TempDir::new("cert-changed");
    let earlier = dir.0.join("earlier.json");
    let args = |previous: Option<&str>| {
        let mut args = vec![
            "alice@guess.example.test",
            "--incoming-host",
            "mail.example.test",
            "--incoming-port",
            &port,
            "--incoming-security",
            "tls",
        ];
        args.extend(previous.map(|p| ["--previous", p]).into_iter().flatten());
        args.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let run = |args: Vec<String>| {
        let trusted = trusted.clone();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            check_trusting(&trusted, &args, None)
        })
    };

    let (_, first) = run(args(None)).await.expect("no panic");
    let seen = &first["certificates"][0];
    assert_eq!(
        (seen["host"].as_str(), seen["port"].to_string()),
        (Some("mail.example.test"), port.clone()),
        "{first:#}"
    );
    assert!(seen["issuer"].as_str().unwrap_or_default().contains("Example Test"), "{seen:#}");
    std::fs::write(&earlier, first.to_string()).expect("the earlier report");
    let earlier_path = earlier.display().to_string();

    // The same certificate again: nothing to say.
    let (_, same) = run(args(Some(&earlier_path))).await.expect("no panic");
    assert_eq!(changed(&same), None, "{same:#}");

    // An antivirus re-signs the connection with a root this device trusts.
    *cert.lock().expect("the certificate") = tls_acceptor("avast");
    let (_, resigned) = run(args(Some(&earlier_path))).await.expect("no panic");
    let finding = changed(&resigned).unwrap_or_else(|| panic!("the change is said: {resigned:#}"));
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["title"], "Someone else signs the certificate of mail.example.test now");
    let why = finding["explanation"].as_str().unwrap_or_default();
    assert!(why.contains("Example Test") && why.contains("avast!"), "both signers are named: {why}");
    assert_ne!(resigned["certificates"][0]["sha256"], seen["sha256"], "the new leaf is kept for the next check");
}

#[test]
fn a_previous_file_that_is_not_a_report_is_refused_with_its_name() {
    let dir = TempDir::new("cert-changed-bad");
    let wrong = dir.0.join("notes.json");
    std::fs::write(&wrong, "{\"hello\": 1}").expect("a file");
    let output = std::process::Command::new(maildoctor_tests::maildoctor_bin())
        .args(["check", "alice@example.test", "--previous"])
        .arg(&wrong)
        .output()
        .expect("check runs");
    assert_eq!(output.status.code(), Some(2));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("notes.json: not a maildoctor report in JSON"), "{said}");
    let missing = std::process::Command::new(maildoctor_tests::maildoctor_bin())
        .args(["check", "alice@example.test", "--previous", "/nonexistent/report.json"])
        .output()
        .expect("check runs");
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/report.json"));
}
