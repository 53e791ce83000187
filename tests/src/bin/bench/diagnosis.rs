//! Time to a full diagnosis at emulated round trips, set against the
//! critical path; and time to call a silent drop and a blocked host.

use std::net::SocketAddr;
use std::time::Duration;

use maildoctor_tests::stage::Stage;
use serde_json::Value;

/// The fixtures' account (Dovecot and Postfix know it).
const PASSWORD: &str = "correct-horse";

/// The round trips the issue asks for.
pub(crate) const RTTS: [u64; 3] = [0, 50, 200];

/// Round trips of the longest chain of dialogs a full diagnosis from the
/// address cannot overlap, counted from the protocols: discovery's lookups
/// (1), then the slowest candidate, submission on 587 with STARTTLS and a
/// login: its name (1), TCP (1), the greeting (1), EHLO (1), STARTTLS (1),
/// the TLS 1.3 handshake (1), EHLO again (1), AUTH (1). IMAP on 993 needs 6
/// and runs beside it; IMAP on 143 needs as many as 587 and runs beside it.
pub(crate) const FULL_CHAIN: u64 = 9;
/// Round trips of the TLS-version questions that follow a STARTTLS dialog
/// in the same operation (crates/probe/src/versions.rs, issue 22): each a
/// connection of its own replayed up to STARTTLS, so TCP (1), the greeting
/// (1), EHLO or CAPABILITY (1), STARTTLS (1), the hello (1). The fixtures
/// take TLS 1.2 beside 1.3 and refuse 1.1: two questions, asked at once.
pub(crate) const VERSION_QUESTIONS: u64 = 5;
/// The dialog's end before those questions start: QUIT and its 221, which
/// RFC 5321 §4.1.1.10 has the client wait for before it closes.
pub(crate) const QUIT: u64 = 1;
/// A dropped port is called when the connect deadline passes after the
/// name's round trip; a blocked host once every mail port's deadline has
/// (they run at once) and the control connection to 443 has answered.
fn connect_deadline_ms() -> u64 {
    maildoctor_probe::Timeouts::default().connect.as_millis() as u64
}

/// A stage behind `rtt`, with the fixtures' mail ports forwarded and a
/// DNS server that answers for mail.example.test.
pub(crate) async fn stage(rtt_ms: u64, blocked: bool) -> (Stage, SocketAddr) {
    let stage = Stage::behind_delay(rtt_ms / 2);
    for port in [993, 143, 465, 587, 25, 110, 995] {
        stage.forward(port, &format!("127.0.0.10:{port}"), None).await;
    }
    // The control port answers (the fixtures' autoconfig over HTTPS).
    stage.forward(443, "127.0.0.10:443", None).await;
    let dns = stage.dns(53, vec![("mail.example.test", stage.servers)]).await;
    if blocked {
        stage.firewall(
            "table inet here {\n chain output {\n type filter hook output priority filter;\n tcp dport { 25, 110, 143, 465, 587, 993, 995 } drop\n }\n}\n",
        );
    }
    (stage, dns)
}

/// One in-process diagnosis inside `stage` (the bench's `inside` mode).
pub(crate) async fn inside(stage: &Stage, dns: SocketAddr, args: &[&str], login: bool) -> Value {
    let bench = std::env::current_exe().expect("the bench");
    let mut command = stage.command(&bench);
    command.arg("inside").arg(dns.to_string()).arg(maildoctor_tests::ca_file()).args(args);
    if login {
        command.arg("login");
    }
    command.stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped());
    let output = tokio::task::spawn_blocking(move || {
        let mut child = command.spawn().expect("the bench runs inside");
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write as _;
            let _ = stdin.write_all(PASSWORD.as_bytes());
        }
        child.wait_with_output().expect("it ends")
    })
    .await
    .expect("no panic");
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|err| panic!("inside: {err}: {}", String::from_utf8_lossy(&output.stdout)))
}

fn median(mut values: Vec<u64>) -> u64 {
    values.sort_unstable();
    values[values.len() / 2]
}

/// Section 1: a healthy account from its address alone, at each round trip.
pub(crate) async fn full(runs: usize) -> String {
    let mut out = String::from(
        "## 1. Time to a full diagnosis\n\nA healthy account from its address alone: discovery (the planner's \
         lookups, then every guessed port of mail.example.test: 993, 143, 465, 587, 25), TLS, and the login on \
         incoming and outgoing (consent given). In-process, inside a namespace behind the user-space slow link \
         (`slowlink.py`, TUN devices; this kernel has no netem); the servers are the real fixtures behind \
         forwarders on the link's far end; each run is a fresh process, so no server's TLS versions are \
         remembered. Two bounds, each a critical path counted from the protocols. The dialogs end when the last \
         login is answered: ",
    );
    out.push_str(&format!(
        "{FULL_CHAIN} round trips (discovery's lookups 1, then submission on 587: name 1, TCP 1, greeting 1, EHLO 1, \
         STARTTLS 1, TLS 1.3 1, EHLO 1, AUTH 1; IMAP on 143 as many, beside it). The whole check then waits for \
         the dialog's QUIT and its reply ({QUIT}) and the TLS-version questions each STARTTLS probe asks after its dialog, on connections of their own, TLS 1.2 \
         and 1.1 at once: {VERSION_QUESTIONS} more (TCP 1, greeting 1, EHLO 1, STARTTLS 1, hello 1), {} in all. Median of {runs} runs.\n\n\
         | RTT | last login | bound | ratio | whole check | bound | ratio | probes |\n|---|---|---|---|---|---|---|---|\n",
        FULL_CHAIN + QUIT + VERSION_QUESTIONS
    ));
    for rtt in RTTS {
        let (stage, dns) = stage(rtt, false).await;
        let mut times = Vec::new();
        let mut logins = Vec::new();
        let mut probes = 0;
        let mut timeline = String::new();
        for _ in 0..runs {
            let run = inside(&stage, dns, &["alice@example.test"], true).await;
            assert_eq!(run["complete"], true, "{run}");
            assert_eq!(run["errors"], false, "a healthy account: {run}");
            times.push(run["total_ms"].as_u64().unwrap_or(0));
            logins.push(run["login_ms"].as_u64().unwrap_or(0));
            probes = run["probes"].as_u64().unwrap_or(0);
            timeline = format!("{} {}", run["spans"], run["steps"]);
        }
        let ratio = |measured: u64, bound: u64| {
            if bound == 0 {
                "(local work only)".to_owned()
            } else {
                format!("{:.2}", measured as f64 / bound as f64)
            }
        };
        let (measured, login) = (median(times), median(logins));
        let (bound, dialogs) = ((FULL_CHAIN + QUIT + VERSION_QUESTIONS) * rtt, FULL_CHAIN * rtt);
        out.push_str(&format!(
            "| {rtt} ms | {login} ms | {dialogs} ms | {} | {measured} ms | {bound} ms | {} | {probes} |\n",
            ratio(login, dialogs),
            ratio(measured, bound)
        ));
        eprintln!("bench: full diagnosis at {rtt} ms: {measured} ms; the last run's timeline: {timeline}");
        drop(stage);
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    out
}

/// Section 3: a silently dropped port, and a host whose every mail port is.
pub(crate) async fn time_to_call() -> String {
    let mut out = String::from(
        "\n## 3. Time to call a silent drop\n\n`tcp.filtered`: mail.example.test:993 given, every mail port dropped \
         by the namespace's nftables (the control port 443 answers). `firewall.mail_ports_blocked`: the same, \
         with discovery's guesses. The time is from the start until the finding first appears in the report. \
         Goal: under 3 s at 0 and 50 ms. The bound is the connect deadline after the name's round trip (and, \
         for the blocked host, the control connection's).\n\n\
         | RTT | tcp.filtered | bound | firewall.mail_ports_blocked | bound | whole check |\n|---|---|---|---|---|---|\n",
    );
    for rtt in RTTS {
        let (stage, dns) = stage(rtt, true).await;
        let run = inside(&stage, dns, &["alice@example.test", "incoming=mail.example.test:993:tls"], false).await;
        let at = |code: &str| run["first_ms"][code].as_u64().map_or("not called".into(), |ms| format!("{ms} ms"));
        let deadline = connect_deadline_ms();
        out.push_str(&format!(
            "| {rtt} ms | {} | {} ms | {} | {} ms | {} ms |\n",
            at("tcp.filtered"),
            deadline + rtt,
            at("firewall.mail_ports_blocked"),
            deadline + 2 * rtt,
            run["total_ms"].as_u64().unwrap_or(0)
        ));
        eprintln!("bench: silent drop at {rtt} ms: {run}");
    }
    out
}
