//! maildoctor's benchmarks (`tools/bench`, outside the test command):
//! writes docs/benchmarks.md with the machine, the date, the commit and
//! every figure, each beside its bound or its peers, measured in one run.
//! `tools/bench [--out FILE] [--first-run]`; the harness alone also runs
//! `bench page` (the page's section, for `MAILDOCTOR_UI`) and `bench hold RTT`.

mod diagnosis;
mod first_run;
mod inside;
mod page;
mod peers;
mod relay;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("inside") {
        return inside::run(&args[1..]).await;
    }
    // `page`: only the page's figures, for MAILDOCTOR_UI, to set two builds
    // of the page side by side.
    if args.first().map(String::as_str) == Some("page") {
        return print!("{}", page::section(5).await);
    }
    // `diagnosis`: only section 1, the full check against its bound.
    if args.first().map(String::as_str) == Some("diagnosis") {
        return print!("{}", diagnosis::full(3).await);
    }
    // `relay [--latency-sample on|off] [--held N] [--phase-seconds N]`:
    // only section 4 and 5, the relay's throughput and memory.
    if args.first().map(String::as_str) == Some("relay") {
        return print!("{}", relay::section_with(&relay::Options::parse(&args[1..])).await);
    }
    // `hold RTT`: a stage to look into by hand for ten minutes; killed
    // early, it leaves its namespace and slow link behind.
    if args.first().map(String::as_str) == Some("hold") {
        let (stage, dns) = diagnosis::stage(args[1].parse().expect("RTT ms"), false).await;
        println!("{} {dns}", stage.namespace);
        tokio::time::sleep(std::time::Duration::from_secs(600)).await;
        return;
    }
    let out = args.iter().position(|a| a == "--out").and_then(|i| args.get(i + 1)).cloned();
    let out = out.unwrap_or_else(|| "docs/benchmarks.md".into());
    let mut report = String::new();
    report.push_str(&header());
    report.push_str(&diagnosis::full(3).await);
    report.push_str(&tokio::task::spawn_blocking(peers::section).await.expect("the peers"));
    report.push_str(&diagnosis::time_to_call().await);
    report.push_str(&relay::section().await);
    report.push_str(&page::section(5).await);
    if args.iter().any(|a| a == "--first-run") {
        report.push_str(&first_run::section().await);
    } else {
        report.push_str(
            "\n## 7. First run\n\nNot measured in this run: `tools/bench --first-run` times the README's two commands \
             from a fresh clone with empty caches (about 15 minutes on this machine).\n",
        );
    }
    std::fs::write(&out, &report).expect("write the report");
    eprintln!("bench: wrote {out}");
    print!("{report}");
}

fn command_line(program: &str, args: &[&str]) -> String {
    std::process::Command::new(program)
        .args(args)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default()
}

fn header() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    format!(
        "# Benchmarks\n\nWritten by `tools/bench` on {}, commit {}, on {cores} cores ({cpu}), {}. Every figure of one \
         table was measured in the same run, side by side; the relay, the clients, the peers and the fixture \
         servers share the machine.\n\n",
        command_line("date", &["-u", "+%Y-%m-%d %H:%M UTC"]),
        command_line("git", &["rev-parse", "--short", "HEAD"]),
        command_line("uname", &["-sr"]),
    )
}
