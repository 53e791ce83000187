//! The tools people use today, on the same servers in the same run, each
//! for the part of the work it does, beside maildoctor doing that part.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "correct-horse";

/// Seconds `command` ran, and whether it ended well (killed after
/// `limit`); `stdin` is what it reads.
fn timed_with(mut command: Command, stdin: Stdio, limit: Duration) -> (f64, String) {
    command.stdin(stdin).stdout(Stdio::null()).stderr(Stdio::null());
    let started = Instant::now();
    let Ok(mut child) = command.spawn() else { return (0.0, "not installed".into()) };
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            let how = if status.success() { "ok".into() } else { format!("exit {}", status.code().unwrap_or(-1)) };
            return (started.elapsed().as_secs_f64(), how);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return (started.elapsed().as_secs_f64(), format!("still running after {} s; stopped", limit.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn timed(command: Command, limit: Duration) -> (f64, String) {
    timed_with(command, Stdio::null(), limit)
}

/// `timed` for a command that reads the password on standard input (a
/// file stands in for the person typing it).
fn timed_with_password(command: Command, limit: Duration) -> (f64, String) {
    let path = std::env::temp_dir().join("maildoctor-bench-password");
    std::fs::write(&path, PASSWORD).expect("write the password file");
    let stdin = Stdio::from(std::fs::File::open(&path).expect("the password file"));
    timed_with(command, stdin, limit)
}

fn maildoctor(args: &[&str]) -> Command {
    let bin =
        std::env::var("MAILDOCTOR_BIN").unwrap_or_else(|_| maildoctor_tests::maildoctor_bin().display().to_string());
    let mut command = Command::new(bin);
    command
        .args(args)
        .args(["--resolver", &maildoctor_tests::resolver().to_string()])
        .args(["--reference-resolver", &maildoctor_tests::resolver().to_string()])
        .arg("--ca-file")
        .arg(maildoctor_tests::ca_file());
    command
}

fn smtp_test_tool(dir: &std::path::Path, imap: (&str, u16, &str), smtp: (&str, u16), timeout: u64) -> Command {
    let config = format!(
        "active = \"bench\"\n[profiles.bench]\nsmtp_enabled = true\nsmtp_host = \"{}\"\nsmtp_port = {}\n\
         smtp_security = \"starttls\"\nauth_mech = \"auto\"\nimap_enabled = true\nimap_host = \"{}\"\nimap_port = {}\n\
         imap_security = \"{}\"\nimap_folder = \"INBOX\"\npop_enabled = false\npop_host = \"127.0.0.10\"\n\
         pop_port = 995\npop_security = \"ssl\"\nsend_test = false\nsubject = \"-\"\nbody = \"-\"\nwire_trace = false\n\
         theme = \"auto\"\n\
         timeout_secs = {timeout}\ninsecure_tls = true\nlog_level = \"warn\"\n",
        smtp.0, smtp.1, imap.0, imap.1, imap.2
    );
    let path = dir.join("smtp_test_tool.toml");
    std::fs::write(&path, config).expect("write the peer's settings");
    let tool = std::env::var("MAILDOCTOR_CACHE").unwrap_or_else(|_| "/var/cache/maildoctor".into())
        + "/peers/bin/smtp-test-tool";
    let mut command = Command::new(tool);
    command.arg("--config").arg(&path).args(["--user", "alice@example.test", "--password", PASSWORD, "test"]);
    command
}

pub(crate) fn section() -> String {
    let mut rows = Vec::new();
    let row = |rows: &mut Vec<String>,
               work: &str,
               peer: &str,
               (peer_s, peer_how): (f64, String),
               (ours_s, ours_how): (f64, String)| {
        let ratio = if ours_s > 0.0 { format!("{:.1}×", peer_s / ours_s) } else { "-".into() };
        rows.push(format!("| {work} | {peer} | {peer_s:.2} s ({peer_how}) | {ours_s:.2} s ({ours_how}) | {ratio} |"));
    };
    let minutes = Duration::from_secs(600);
    let tls_probe =
        || maildoctor(&["probe", "mail.example.test", "587", "--protocol", "smtp", "--security", "starttls", "--json"]);

    eprintln!("bench: testssl, protocols only");
    let mut testssl = Command::new("testssl");
    testssl.args(["--quiet", "--color", "0", "--warnings", "off", "-p", "--starttls", "smtp", "127.0.0.10:587"]);
    row(
        &mut rows,
        "TLS of submission (587, STARTTLS): protocols",
        "testssl -p --starttls smtp",
        timed(testssl, minutes),
        timed(tls_probe(), minutes),
    );
    eprintln!("bench: testssl, full");
    let mut testssl = Command::new("testssl");
    testssl.args(["--quiet", "--color", "0", "--warnings", "off", "--starttls", "smtp", "127.0.0.10:587"]);
    row(
        &mut rows,
        "TLS of submission (587, STARTTLS): everything",
        "testssl --starttls smtp",
        timed(testssl, minutes),
        timed(tls_probe(), minutes),
    );

    eprintln!("bench: swaks");
    let mut swaks = Command::new("swaks");
    swaks.args([
        "--server",
        "127.0.0.10",
        "--port",
        "587",
        "--tls",
        "--auth",
        "PLAIN",
        "--auth-user",
        "alice@example.test",
    ]);
    swaks
        .args(["--auth-password", PASSWORD, "--quit-after", "AUTH", "--tls-verify", "--tls-ca-path"])
        .arg(maildoctor_tests::ca_file());
    let login_probe = maildoctor(&[
        "probe",
        "mail.example.test",
        "587",
        "--protocol",
        "smtp",
        "--security",
        "starttls",
        "--username",
        "alice@example.test",
        "--password-stdin",
        "--json",
    ]);
    row(
        &mut rows,
        "one SMTP check: STARTTLS and AUTH on 587",
        "swaks --tls --auth --quit-after AUTH",
        timed(swaks, minutes),
        timed_with_password(login_probe, minutes),
    );

    eprintln!("bench: smtp-test-tool");
    let dir = maildoctor_tests::TempDir::new("bench-peer");
    let peer = smtp_test_tool(&dir.0, ("127.0.0.10", 993, "ssl"), ("127.0.0.10", 587), 20);
    let ours = maildoctor(&[
        "check",
        "alice@example.test",
        "--incoming-host",
        "mail.example.test",
        "--incoming-port",
        "993",
        "--outgoing-host",
        "mail.example.test",
        "--outgoing-port",
        "587",
        "--outgoing-security",
        "starttls",
        "--password-stdin",
        "--json",
        "--ispdb-url",
        "off",
        "--autodiscover-url",
        "off",
    ]);
    row(
        &mut rows,
        "IMAP 993 and SMTP 587, with the login",
        "smtp-test-tool (no test mail)",
        timed(peer, minutes),
        timed_with_password(ours, minutes),
    );

    eprintln!("bench: smtp-test-tool on a silent drop");
    // fw.example.test drops 993 and 25 in the fixtures' firewall namespace.
    let peer = smtp_test_tool(&dir.0, ("198.18.1.2", 993, "ssl"), ("198.18.1.2", 25), 45);
    let ours = maildoctor(&["probe", "fw.example.test", "993", "--protocol", "imap", "--security", "tls", "--json"]);
    row(
        &mut rows,
        "a silently dropped port (993 and 25 dropped)",
        "smtp-test-tool, its timeout at 45 s",
        timed(peer, minutes),
        timed(ours, minutes),
    );

    format!(
        "\n## 2. The same servers checked by the peers\n\nAt no added round trip (the fixtures on loopback), one run each, \
         side by side. maildoctor's time is its own command for the same part of the work (`probe` for one \
         endpoint, `check` for both directions); its TLS probe tries only what a mail app would negotiate and \
         names the version and certificate, where testssl grades every cipher and vulnerability.\n\n\
         | the work | peer | peer's time | maildoctor's time | peer / maildoctor |\n|---|---|---|---|---|\n{}\n",
        rows.join("\n")
    )
}
