//! The harness's figures as docs/load.md's Markdown and as JSON (`--json`,
//! which `bench relay` reads to write its prose from the same run).

use serde_json::{json, Value};

use crate::hold::Held;
use crate::{ms, Phase, Target};

pub(crate) fn header() -> String {
    let command = |program: &str, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    };
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    format!(
        "# Relay load and soak\n\nWritten by `tools/load` on {}, commit {}, {cores} cores. The release relay, the \
         harness's WebSocket clients and the servers they check (the bench's stub, or the local fixtures' Dovecot, \
         Postfix and NSD) share the machine.\n\n",
        command("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        command("git", &["rev-parse", "--short", "HEAD"]),
    )
}

fn sysctl(name: &str) -> String {
    let path = format!("/proc/sys/{}", name.replace('.', "/"));
    std::fs::read_to_string(path).map(|v| v.split_whitespace().collect::<Vec<_>>().join("–")).unwrap_or_default()
}

pub(crate) fn held(held: &Held) -> String {
    let per_session = held.rss_after_kib.saturating_sub(held.rss_before_kib) as f64 / held.held.max(1) as f64;
    let kernel_kib = held.tcp_pages_after.saturating_sub(held.tcp_pages_before) * 4;
    format!(
        "## Sessions held\n\n{} idle sessions asked, {} opened (hello answered), {} failed, in {:.1} s, by {} relay \
         process(es) of {} sessions each (a process may open {} files here). The relays' resident memory: {} KiB \
         before, {} KiB with the sessions open: **{:.1} KiB a session**, {:.0} MiB for the sessions. The relays held \
         {} descriptors. Outside the relay: the kernel's TCP buffers grew by {} KiB, the clients (bare sockets, \
         `load hold`) used {} KiB. Limits this needs: open files {} a relay process (one a session, and a few); \
         `net.ipv4.ip_local_port_range` {} gives each client source address and destination that many ports (each relay \
         has its own port; a relay of more than 25,000 sessions gets clients from 127.0.1.1 and up); `net.core.somaxconn` {}; the relay's `--max-sessions`, `--max-connections` \
         and `--sessions-per-wide-network` at the sessions held.\n\n",
        held.asked,
        held.held,
        held.failed,
        held.seconds,
        held.relays,
        held.asked / held.relays.max(1) as u64,
        held.open_files_limit,
        held.rss_before_kib,
        held.rss_after_kib,
        per_session,
        held.rss_after_kib.saturating_sub(held.rss_before_kib) as f64 / 1024.0,
        held.relay_fds,
        kernel_kib,
        held.holders_rss_kib,
        held.asked / held.relays.max(1) as u64 + 64,
        sysctl("net.ipv4.ip_local_port_range"),
        sysctl("net.core.somaxconn"),
    )
}

pub(crate) fn held_json(held: &Held) -> Value {
    json!({
        "asked": held.asked, "held": held.held, "failed": held.failed, "relays": held.relays,
        "seconds": held.seconds, "rss_before_kib": held.rss_before_kib, "rss_after_kib": held.rss_after_kib,
        "relay_fds": held.relay_fds, "holders_rss_kib": held.holders_rss_kib,
        "tcp_kib": held.tcp_pages_after.saturating_sub(held.tcp_pages_before) * 4,
        "open_files_limit": held.open_files_limit,
        "port_range": sysctl("net.ipv4.ip_local_port_range"), "somaxconn": sysctl("net.core.somaxconn"),
    })
}

pub(crate) fn diagnoses(target: Target, sample: bool, phases: &[Phase]) -> String {
    let servers = match target {
        Target::Stub => "the bench's stub (IMAP and submission, tokio and rustls, its own process)",
        Target::Real => "the fixtures' Dovecot and Postfix",
    };
    let sample = if sample { "the latency sample asked for" } else { "no latency sample" };
    let mut text = format!(
        "## Full diagnoses against {servers}\n\nA healthy account, incoming and outgoing, every step but the login \
         (a password would meet the per-account login limit, as it should), {sample}. CPU is ms a diagnosis.\n\n\
         | concurrent | diagnoses | failed | per second | p50 ms | p99 ms | relay CPU | server CPU | harness CPU | \
         frames | DNS questions | connects | TLS handshakes |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    );
    for phase in phases {
        let per = |n: u64| n as f64 / phase.done.max(1) as f64;
        text.push_str(&format!(
            "| {} | {} | {} | {:.1} | {} | {} | {:.2} | {} | {:.2} | {:.1} | {:.1} | {:.1} | {:.1} |\n",
            phase.concurrency,
            phase.done,
            phase.failed,
            phase.done as f64 / phase.seconds,
            ms(phase.p50),
            ms(phase.p99),
            phase.relay_cpu,
            phase.stub_cpu.map_or("not read".to_owned(), |cpu| format!("{cpu:.2}")),
            phase.harness_cpu,
            per(phase.counts.frames),
            per(phase.counts.dns),
            per(phase.counts.connects),
            per(phase.counts.handshakes),
        ));
    }
    text.push_str(
        "\nThe slowest 1 % (at or above p99) against all, ms: each wait is the longest of its kind in a diagnosis; \
         a connect of 1 s or more is a SYN sent again; the kernel's listen-queue drops and retransmitted segments \
         are machine-wide over the phase.\n\n| concurrent | slow | waited on longest | connects ≥ 1 s (slow / all) | \
         listen drops | segments sent again |",
    );
    for (name, _, _) in phases.first().map_or(&Vec::new(), |p| &p.tail.waits) {
        text.push_str(&format!(" {name} |"));
    }
    text.push_str(&format!("\n|---|---|---|---|---|---|{}\n", "---|".repeat(crate::timeline::WAITS.len())));
    for phase in phases {
        let longest: Vec<String> = phase.tail.longest.iter().map(|(name, n)| format!("{name} ({n})")).collect();
        text.push_str(&format!(
            "| {} | {} | {} | {} / {} | {} | {} |",
            phase.concurrency,
            phase.tail.slow,
            longest.join(", "),
            phase.tail.syn_retransmitted,
            phase.tail.all_syn_retransmitted,
            phase.listen_drops,
            phase.retransmitted
        ));
        for (_, slow, median) in &phase.tail.waits {
            text.push_str(&format!(" {slow:.0} (median {median}) |"));
        }
        text.push('\n');
    }
    text.push('\n');
    text
}

pub(crate) fn phases_json(phases: &[Phase]) -> Value {
    let rows: Vec<Value> = phases
        .iter()
        .map(|phase| {
            let per = |n: u64| n as f64 / phase.done.max(1) as f64;
            json!({
                "concurrency": phase.concurrency, "done": phase.done, "failed": phase.failed,
                "per_second": phase.done as f64 / phase.seconds,
                "p50_ms": phase.p50.as_secs_f64() * 1000.0, "p99_ms": phase.p99.as_secs_f64() * 1000.0,
                "relay_cpu_ms": phase.relay_cpu, "server_cpu_ms": phase.stub_cpu, "harness_cpu_ms": phase.harness_cpu,
                "frames": per(phase.counts.frames), "dns": per(phase.counts.dns),
                "connects": per(phase.counts.connects), "handshakes": per(phase.counts.handshakes),
                "slow": phase.tail.slow,
                "longest": phase.tail.longest.iter().map(|(n, c)| json!([n, c])).collect::<Vec<_>>(),
                "waits": phase.tail.waits.iter().map(|(n, s, m)| json!([n, s, m])).collect::<Vec<_>>(),
                "syn_retransmitted": phase.tail.syn_retransmitted,
                "all_syn_retransmitted": phase.tail.all_syn_retransmitted,
                "listen_drops": phase.listen_drops, "retransmitted": phase.retransmitted,
            })
        })
        .collect();
    Value::Array(rows)
}
