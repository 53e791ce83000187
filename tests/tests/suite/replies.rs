//! Real refusals: every text in `crates/rules/corpus/staged.json` is said by
//! the real Dovecot or Postfix of `tests/fixtures/replies.sh` (127.0.0.26),
//! configured to say it. `maildoctor check` with each entry's settings and
//! password must show the text verbatim and name the entry's code first.

use maildoctor_tests::check_with_password;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../crates/rules/corpus/staged.json");

/// Checks run at once (the machine may have two cores; a POP3 lock waits 10 s).
const PARALLEL: usize = 6;

#[derive(Debug)]
struct Staged {
    label: String,
    /// The text to find: the reply without an IMAP tag or a varying tail.
    text: String,
    code: String,
    args: Vec<String>,
    password: String,
}

fn text(entry: &serde_json::Value, key: &str) -> String {
    entry[key].as_str().unwrap_or_else(|| panic!("staged entry without {key}: {entry}")).to_owned()
}

/// The part of a reply that is the same every time: an IMAP reply loses its
/// tag (the client picks it), and Dovecot's temporary failure its closing
/// `[host:date time]`.
fn stable_text(protocol: &str, reply: &str) -> String {
    let mut text = reply;
    if protocol == "imap" {
        text = text.split_once(' ').map_or(text, |(_, rest)| rest);
    }
    if let Some(at) = text.rfind(" [") {
        let tail = &text[at + 2..];
        if tail.ends_with(']') && tail.contains(':') && tail.bytes().any(|b| b.is_ascii_digit()) {
            text = &text[..at];
        }
    }
    text.to_owned()
}

fn staged() -> Vec<Staged> {
    let corpus = std::fs::read_to_string(CORPUS).unwrap_or_else(|err| panic!("{CORPUS}: {err}"));
    let entries: Vec<serde_json::Value> = serde_json::from_str(&corpus).expect("staged.json is a JSON array");
    assert!(entries.len() >= 20, "at least 20 staged texts, found {}", entries.len());
    entries
        .iter()
        .map(|entry| {
            let protocol = text(entry, "protocol");
            let stage = &entry["stage"];
            let (host, security, username) = (text(stage, "host"), text(stage, "security"), text(stage, "username"));
            let port = stage["port"].as_u64().expect("stage.port").to_string();
            let direction = if protocol == "smtp" { "outgoing" } else { "incoming" };
            let mut args = vec![username.clone()];
            if direction == "incoming" {
                args.extend(["--incoming".to_owned(), protocol.clone()]);
            }
            for (flag, value) in [("host", host), ("port", port.clone()), ("security", security.clone())] {
                args.extend([format!("--{direction}-{flag}"), value]);
            }
            let reply = text(entry, "reply");
            Staged {
                label: format!("{protocol} {port} {security} {username}: {reply}"),
                text: stable_text(&protocol, &reply),
                code: text(entry, "code"),
                args,
                password: text(stage, "password"),
            }
        })
        .collect()
}

/// Every string anywhere in the report (findings, evidence, transcripts).
fn strings<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a str>) {
    match value {
        serde_json::Value::String(s) => out.push(s),
        serde_json::Value::Array(list) => list.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// What is wrong with the report for `case`, if anything.
fn judge(case: &Staged, report: &serde_json::Value) -> Vec<String> {
    let mut wrong = Vec::new();
    let mut all = Vec::new();
    strings(report, &mut all);
    if !all.iter().any(|s| s.contains(&case.text)) {
        wrong.push(format!("the server's text `{}` is not in the report", case.text));
    }
    let first_error = report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["severity"] == "error")
        .and_then(|f| f["code"].as_str());
    if first_error != Some(case.code.as_str()) {
        wrong.push(format!("expected {}, got {}", case.code, first_error.unwrap_or("no error finding")));
    }
    wrong
}

#[test]
fn real_server_refusals_are_diagnosed_by_what_they_say() {
    let cases = staged();
    let mut mismatches = Vec::new();
    for batch in cases.chunks(PARALLEL) {
        let reports: Vec<serde_json::Value> = std::thread::scope(|scope| {
            let runs: Vec<_> = batch
                .iter()
                .map(|case| {
                    scope.spawn(move || {
                        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
                        check_with_password(&args, Some(&case.password)).1
                    })
                })
                .collect();
            runs.into_iter().map(|run| run.join().expect("maildoctor check ran")).collect()
        });
        for (case, report) in batch.iter().zip(&reports) {
            for wrong in judge(case, report) {
                mismatches.push(format!("{}\n    {wrong}", case.label));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {} staged refusals misdiagnosed:\n{}",
        mismatches.len(),
        cases.len(),
        mismatches.join("\n")
    );
}
