//! The README's two commands on a clean state (`tools/bench --first-run`):
//! a fresh clone, an empty build cache, cargo home and npm cache. Rust,
//! Debian's packages and the registries' network are what the machine has.

use std::process::{Command, Stdio};
use std::time::Instant;

use tokio::io::{AsyncBufReadExt, BufReader};

pub(crate) async fn section() -> String {
    let dir = maildoctor_tests::TempDir::new("first-run");
    let clone = dir.0.join("maildoctor");
    let root = std::env::current_dir().expect("the work tree");
    let status = Command::new("git").args(["clone", "--quiet"]).arg(&root).arg(&clone).status().expect("git");
    assert!(status.success(), "git clone");
    let env = |command: &mut tokio::process::Command| {
        command
            .current_dir(&clone)
            .env("MAILDOCTOR_CACHE", dir.0.join("cache"))
            .env("CARGO_HOME", dir.0.join("cargo-home"))
            .env("npm_config_cache", dir.0.join("npm-cache"))
            .env_remove("CARGO_TARGET_DIR")
            .env_remove("MAILDOCTOR_UI")
            .env_remove("MAILDOCTOR_BIN");
    };
    // tools/run serves until stopped: timed to its "listening on" line.
    eprintln!("bench: first tools/run");
    let started = Instant::now();
    let mut run = tokio::process::Command::new("tools/run");
    env(&mut run);
    let mut child = run
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("tools/run");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut served = None;
    while let Ok(Some(line)) = lines.next_line().await {
        if line.starts_with("listening on ") {
            served = Some(started.elapsed().as_secs_f64());
            break;
        }
    }
    let _ = child.kill().await;
    eprintln!("bench: first tools/test");
    let started = Instant::now();
    let mut test = tokio::process::Command::new("tools/test");
    env(&mut test);
    let tested = test.stdout(Stdio::null()).stderr(Stdio::null()).status().await.expect("tools/test");
    let test_s = started.elapsed().as_secs_f64();
    format!(
        "\n## 7. First run\n\nA fresh clone, with an empty build cache, cargo home (registry, wasm-bindgen-cli) and npm \
         cache; Rust and Debian's packages already on the machine. `tools/run` served the page after **{}**; then \
         `tools/test` (building every test from nothing) took **{test_s:.0} s** ({}).\n",
        served.map_or("no listening line".into(), |s| format!("{s:.0} s")),
        if tested.success() { "passed" } else { "FAILED" }
    )
}
