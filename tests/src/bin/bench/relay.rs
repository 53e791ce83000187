//! Section 4 and 5, the relay's throughput and memory: the load harness
//! (`tests/src/bin/load.rs`) against the bench's stub, where the relay is
//! the bottleneck, and against the real Dovecot and Postfix; the floor a
//! diagnosis cannot go under, from this machine's unit costs and the
//! counts the run itself saw; and idle sessions by the hundred thousand.
//! Every figure of the prose is read from that one run (`load --json`).

mod floor;

use std::time::Duration;

use serde_json::Value;

/// `bench relay [--latency-sample on|off] [--held N] [--phase-seconds N]`.
pub(crate) struct Options {
    sample: String,
    held: String,
    phase: String,
}

impl Options {
    pub(crate) fn parse(args: &[String]) -> Self {
        let mut options = Options { sample: "on".into(), held: "100000".into(), phase: "15".into() };
        for pair in args.chunks(2) {
            let value = pair.get(1).cloned().unwrap_or_default();
            match pair[0].as_str() {
                "--latency-sample" => options.sample = value,
                "--held" => options.held = value,
                "--phase-seconds" => options.phase = value,
                other => panic!("bench relay: unknown option {other}"),
            }
        }
        options
    }
}

pub(crate) async fn section() -> String {
    section_with(&Options::parse(&[])).await
}

fn rows(figures: &Value, target: &str) -> Vec<Value> {
    figures["targets"][target].as_array().cloned().unwrap_or_default()
}

fn f(row: &Value, key: &str) -> f64 {
    row[key].as_f64().unwrap_or(0.0)
}

pub(crate) async fn section_with(options: &Options) -> String {
    eprintln!("bench: the floor's unit costs");
    let units = tokio::task::spawn_blocking(|| floor::units(Duration::from_secs(2))).await.expect("no panic");
    eprintln!("bench: the load harness");
    let load = std::env::current_exe().expect("the bench").with_file_name("load");
    let out = std::env::temp_dir().join("maildoctor-bench-load.md");
    let json = std::env::temp_dir().join("maildoctor-bench-load.json");
    let output = tokio::process::Command::new(&load)
        .args(["--held", &options.held, "--phase-seconds", &options.phase, "--soak-minutes", "0"])
        .args(["--concurrency", "1,10,50,200", "--targets", "stub,real", "--latency-sample", &options.sample])
        .arg("--out")
        .arg(&out)
        .arg("--json")
        .arg(&json)
        .stderr(std::process::Stdio::inherit())
        .output()
        .await
        .expect("the load harness runs");
    assert!(output.status.success(), "the load harness failed");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    let figures: Value = serde_json::from_str(&std::fs::read_to_string(&json).expect("the figures")).expect("JSON");
    let (stub, real) = (rows(&figures, "stub"), rows(&figures, "real"));
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1) as f64;

    // The floor: the stub run's own counts at one at once, times the units.
    let one = stub.first().cloned().unwrap_or_default();
    let parts = [
        (f(&one, "handshakes"), units.tls_client, "TLS client handshakes"),
        (f(&one, "connects"), units.connect_close, "TCP connects and closes"),
        (f(&one, "dns"), units.dns_question, "DNS questions"),
        (f(&one, "frames"), units.frame, "WebSocket frames"),
    ];
    let floor_ms: f64 = parts.iter().map(|(n, us, _)| n * us).sum::<f64>() / 1000.0;
    let sum: Vec<String> =
        parts.iter().map(|(n, us, what)| format!("{n:.1} {what} × {us:.0} µs = {:.2} ms", n * us / 1000.0)).collect();
    let ratio = |row: &Value| if floor_ms > 0.0 { f(row, "relay_cpu_ms") / floor_ms } else { 0.0 };
    let ratios: Vec<String> = stub.iter().map(|row| format!("{:.1}× at {}", ratio(row), row["concurrency"])).collect();
    let best = |rows: &[Value]| {
        rows.iter()
            .filter(|r| r["failed"].as_u64() == Some(0))
            .max_by(|a, b| f(a, "per_second").total_cmp(&f(b, "per_second")))
            .cloned()
            .unwrap_or_default()
    };
    let (stub_best, real_best) = (best(&stub), best(&real));
    let share = |row: &Value| {
        let all = f(row, "relay_cpu_ms") + f(row, "server_cpu_ms") + f(row, "harness_cpu_ms");
        if all > 0.0 {
            100.0 * f(row, "relay_cpu_ms") / all
        } else {
            0.0
        }
    };
    let relay_ceiling =
        |row: &Value| if f(row, "relay_cpu_ms") > 0.0 { cores * 1000.0 / f(row, "relay_cpu_ms") } else { 0.0 };

    let mut table = String::from(
        "| servers | concurrent | per second | failed | p50 ms | p99 ms | relay CPU ms | server CPU ms | harness CPU ms |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    for (name, rows) in [("stub", &stub), ("Dovecot and Postfix", &real)] {
        for row in rows.iter() {
            table.push_str(&format!(
                "| {name} | {} | {:.1} | {} | {:.0} | {:.0} | {:.2} | {} | {:.2} |\n",
                row["concurrency"],
                f(row, "per_second"),
                row["failed"],
                f(row, "p50_ms"),
                f(row, "p99_ms"),
                f(row, "relay_cpu_ms"),
                row["server_cpu_ms"].as_f64().map_or("not read".into(), |v| format!("{v:.2}")),
                f(row, "harness_cpu_ms"),
            ));
        }
    }
    let sample =
        if options.sample == "on" { "with the latency sample asked for" } else { "without the latency sample" };
    let body: String =
        text.lines().skip_while(|l| !l.starts_with("## ")).map(|l| l.replacen("## ", "### ", 1) + "\n").collect();
    format!(
        "\n## 4 and 5. Relay throughput and memory\n\nA healthy account checked in full (IMAP on 993, submission on \
         587, every step but the login, {sample}) by the load harness's WebSocket clients, against two sets of \
         servers on loopback: the bench's stub (tokio and rustls in a process of its own, speaking just enough IMAP \
         and SMTP, its DNS naming it), where the relay is the bottleneck, and the fixtures' Dovecot and Postfix. \
         The relay, the servers and the harness share the {cores:.0} cores; each one's CPU is read from /proc \
         (10 ms ticks over the phase) and divided by the diagnoses.\n\n{table}\n\
         **The relay as the bottleneck.** Against the stub the best rate with no failure was {:.1} diagnoses a \
         second ({} at once), with the relay at {:.2} ms of CPU a diagnosis, {:.0} % of the CPU the relay, the stub \
         and the harness spent; the relay alone would allow {:.0} a second on every core. Against Dovecot and \
         Postfix: {:.1} a second ({} at once), the relay at {:.2} ms.\n\n\
         **The floor.** Counted from the stub run's own events and frames at one at once, a diagnosis made the \
         relay do: {}. The unit costs are this machine's, each the CPU of the one thread doing it, measured by \
         `bench` just before: a TLS client handshake with rustls as the probe configures it (a client \
         configuration built for the connection, the public roots and the test CA, no resumption, the P-256 \
         certificate of mail.example.test verified; the server on another thread, not counted), a non-blocking \
         connect on tokio and its close, a question on a fresh UDP socket and its answer (the socket work, not \
         hickory's), a text frame of an event's size written alone with `TCP_NODELAY` (in a tight loop, where \
         the kernel may cork writes that follow each other into one segment: a lower bound). This kernel has no \
         separate IRQ time accounting, so the loopback receive work a write sets off is in its writer's CPU, in \
         the units and in the relay's figures alike. The floor is \
         **{floor_ms:.2} ms** a diagnosis; the relay used {} of it.\n\n{}\n{body}",
        f(&stub_best, "per_second"),
        stub_best["concurrency"],
        f(&stub_best, "relay_cpu_ms"),
        share(&stub_best),
        relay_ceiling(&stub_best),
        f(&real_best, "per_second"),
        real_best["concurrency"],
        f(&real_best, "relay_cpu_ms"),
        sum.join("; "),
        ratios.join(", "),
        p99_prose(&stub, &real) + &held_prose(&figures),
    )
}

/// The p99, explained from the timelines of the run's slowest diagnoses.
fn p99_prose(stub: &[Value], real: &[Value]) -> String {
    let mut text = String::from("**The p99.** ");
    for (name, rows) in [("Dovecot and Postfix", real), ("the stub", stub)] {
        let Some(row) = rows.iter().find(|r| r["concurrency"] == 10) else { continue };
        let longest = row["longest"].as_array().cloned().unwrap_or_default();
        let Some(top) = longest.first() else { continue };
        let top_name = top[0].as_str().unwrap_or("");
        let wait = row["waits"].as_array().and_then(|w| w.iter().find(|w| w[0] == top[0]).cloned()).unwrap_or_default();
        text.push_str(&format!(
            "Against {name} at 10 at once, p99 was {:.0} ms against a p50 of {:.0} ms. The {} diagnoses at or above \
             p99 waited longest on {top_name} ({} of them): {:.0} ms on average, where the median diagnosis's \
             longest was {} ms. {} of them (and {} of all {}) had a TCP connect of a second or more, a SYN sent \
             again after the kernel's 1 s retransmission timeout; the kernel counted {} listen-queue drops and {} \
             segments sent again machine-wide in that phase. ",
            f(row, "p99_ms"),
            f(row, "p50_ms"),
            row["slow"],
            top[1],
            wait[1].as_f64().unwrap_or(0.0),
            wait[2],
            row["syn_retransmitted"],
            row["all_syn_retransmitted"],
            row["done"],
            row["listen_drops"],
            row["retransmitted"],
        ));
    }
    text.push_str("Every wait, slow against median, at every concurrency, is in the tables below.\n\n");
    text
}

fn held_prose(figures: &Value) -> String {
    let held = &figures["held"];
    if held.is_null() {
        return String::new();
    }
    let grown = f(held, "rss_after_kib") - f(held, "rss_before_kib");
    let sessions = held["held"].as_f64().unwrap_or(0.0);
    let total_mib = f(held, "rss_after_kib") / 1024.0;
    format!(
        "**{} idle sessions.** The relay{} held {} with {:.0} MiB resident in all ({:.1} KiB a session beyond \
         the idle relay{}; goal: under 1 GB, {}), {} descriptors, and {:.0} MiB more of the kernel's TCP buffers. \
         Limits: open files above the sessions a process holds (this machine's hard limit is {}, which a \
         container without CAP_SYS_RESOURCE cannot raise{}); `somaxconn` {}; one source address per ~28,000 \
         client ports (`ip_local_port_range` {}).\n\n",
        held["asked"],
        if held["relays"].as_u64().unwrap_or(1) > 1 { "s" } else { "" },
        held["held"],
        total_mib,
        if sessions > 0.0 { grown / sessions } else { 0.0 },
        if held["relays"].as_u64().unwrap_or(1) > 1 { "s" } else { "" },
        if total_mib * 1024.0 * 1024.0 < 1e9 { "met" } else { "**missed**" },
        held["relay_fds"],
        f(held, "tcp_kib") / 1024.0,
        held["open_files_limit"],
        match held["relays"].as_u64().unwrap_or(1) {
            1 => String::new(),
            n => format!(", so the sessions were spread over {n} relay processes and as many client processes"),
        },
        held["somaxconn"].as_str().unwrap_or(""),
        held["port_range"].as_str().unwrap_or(""),
    )
}
