//! The page: its gzipped size, the time from navigation to an interactive
//! form in headless Chromium, and the time to render a finished report of
//! 40 findings (from a share link: inflate, parse, reduce, render).

use std::path::Path;

use maildoctor_tests::{Browser, RelayProcess};
use serde_json::Value;

fn gzipped(path: &Path) -> usize {
    let output = std::process::Command::new("gzip").arg("-9c").arg(path).output().expect("gzip runs");
    output.stdout.len()
}

/// The build's budget for the same files, as tools/page-finish holds it.
fn build_budget() -> &'static str {
    let finish = include_str!("../../../../tools/page-finish");
    finish.lines().find_map(|line| line.strip_prefix("budget=")).unwrap_or("(not found in tools/page-finish)")
}

/// The page's own files, gzipped each on its own as a browser fetches them:
/// the wasm, wasm-bindgen's glue, the start-up and the snippets. Not
/// widget.js (a help centre's loader) nor oauth-callback.js (the sign-in
/// callback's page): the page never loads them. tools/page-finish counts
/// the same files the same way for the build's budget.
fn shipped(ui: &Path) -> (usize, usize) {
    let mut wasm = 0;
    let mut js = 0;
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(ui).expect("dist").flatten().map(|e| e.path()).collect();
    if let Ok(snippets) = std::fs::read_dir(ui.join("snippets")) {
        for snippet in snippets.flatten() {
            files
                .extend(std::fs::read_dir(snippet.path().join("js")).into_iter().flatten().flatten().map(|e| e.path()));
        }
    }
    for file in files {
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
        let snippet = file.components().any(|part| part.as_os_str() == "snippets");
        if name.ends_with(".wasm") {
            wasm += gzipped(&file);
        } else if name.ends_with(".js") && (snippet || name.starts_with("maildoctor-") || name.starts_with("boot-")) {
            js += gzipped(&file);
        }
    }
    (wasm, js)
}

async fn mark(browser: &Browser, name: &str) -> Option<f64> {
    for _ in 0..200 {
        let script =
            format!("const m = performance.getEntriesByName('{name}'); return m.length ? m[0].startTime : null");
        if let Some(ms) = browser.client.execute(&script, vec![]).await.ok().and_then(|v| v.as_f64()) {
            return Some(ms);
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    None
}

/// A finished report with exactly 40 findings: a real one, its findings
/// repeated with numbered titles.
fn report_of_40() -> Value {
    let bin = std::env::var("MAILDOCTOR_BIN").expect("MAILDOCTOR_BIN");
    let output = std::process::Command::new(bin)
        .args(["check", "alice@example.test", "--incoming-host", "expired.example.test", "--json"])
        .args(maildoctor_tests::fixture_flags(maildoctor_tests::Services::Off))
        .output()
        .expect("check runs");
    let mut report: Value = serde_json::from_slice(&output.stdout).expect("a report");
    let seed = report["findings"].as_array().cloned().unwrap_or_default();
    let findings: Vec<Value> = (0..40)
        .map(|n| {
            let mut finding = seed[n % seed.len()].clone();
            finding["title"] = Value::from(format!("{} ({})", finding["title"].as_str().unwrap_or_default(), n + 1));
            finding
        })
        .collect();
    report["findings"] = Value::from(findings);
    report
}

pub(crate) async fn section(runs: usize) -> String {
    let ui = std::path::PathBuf::from(std::env::var("MAILDOCTOR_UI").expect("MAILDOCTOR_UI: the built page"));
    let (wasm, js) = shipped(&ui);
    let relay = RelayProcess::start(&ui, &[]).await;
    let browser = Browser::start().await;
    let mut interactive = Vec::new();
    for _ in 0..runs {
        browser.client.goto("about:blank").await.expect("blank");
        browser.client.goto(&relay.url).await.expect("the page");
        interactive.push(mark(&browser, "maildoctor-interactive").await.expect("the form became interactive"));
    }
    // The share link, packed by the browser's own deflate as the page packs it.
    let report = report_of_40().to_string();
    let pack = "const done = arguments[arguments.length - 1];
        const stream = new Blob([arguments[0]]).stream().pipeThrough(new CompressionStream('deflate-raw'));
        new Response(stream).arrayBuffer().then(b => { const bytes = new Uint8Array(b); let s = '';
          for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
          done(btoa(s).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '')); });";
    let packed = browser.client.execute_async(pack, vec![Value::from(report)]).await.expect("packed");
    let link = format!("{}/#report={}", relay.url, packed.as_str().unwrap_or_default());
    let mut render = Vec::new();
    for _ in 0..runs {
        browser.client.goto("about:blank").await.expect("blank");
        browser.client.goto(&link).await.expect("the share link");
        let (Some(start), Some(shown)) =
            (mark(&browser, "maildoctor-interactive").await, mark(&browser, "maildoctor-report").await)
        else {
            panic!("the shared report never rendered");
        };
        let cards =
            browser.client.execute("return document.querySelectorAll('#findings > section').length", vec![]).await;
        assert_eq!(cards.ok().and_then(|v| v.as_u64()), Some(40), "40 findings on the screen");
        render.push(shown - start);
    }
    browser.close().await;
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    format!(
        "\n## 6. The page\n\n- Shipped, gzipped (`gzip -9`, each file on its own, as a browser fetches it): wasm {wasm} B + \
         JavaScript {js} B = **{} B** (issue 10's budget: 300 KB; the build's, {} B).\n\
         - Navigation to an interactive form (the `maildoctor-interactive` mark), headless Chromium, page and relay \
         on loopback: median **{:.0} ms** of {runs}.\n\
         - A finished report of 40 findings from a share link, from the form's first moment to the report on the \
         screen (inflate, JSON, the page's step, Yew's render; the `maildoctor-report` mark): median **{:.0} ms** of {runs}.\n",
        wasm + js,
        build_budget(),
        median(interactive),
        median(render)
    )
}
