//! Issue 23, "Autodiscover in full": `maildoctor check` walks a domain's own
//! Autodiscover candidates against stand-ins (tests/fixtures/autodiscover_walk.py
//! on 127.0.0.64, the zone names them): a hoster's POX answer whose settings
//! the check then proves against the real Dovecot and Postfix, the same by
//! the `_autodiscover._tcp` SRV record, and hostile redirects, each refused
//! by its rule of docs/autodiscover.md. The stand-in's request log proves
//! what was never sent: no Authorization, no cookie, no POST over HTTP, no
//! request past the hop limit.

use std::process::Command;
use std::sync::Mutex;

use maildoctor_tests::{check, check_text};

fn script() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/autodiscover_walk.sh")
}

/// Tests using the stand-in; it runs while there are any.
static USERS: Mutex<usize> = Mutex::new(0);

/// The stand-in, up while held (shared by the tests that run at once).
pub(crate) struct StandIn;

impl StandIn {
    pub(crate) fn up() -> Self {
        let mut users = USERS.lock().unwrap_or_else(|e| e.into_inner());
        if *users == 0 {
            let status = Command::new(script()).arg("up").status().expect("autodiscover_walk.sh runs");
            assert!(status.success(), "the Autodiscover stand-ins start");
        }
        *users += 1;
        Self
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        let mut users = USERS.lock().unwrap_or_else(|e| e.into_inner());
        *users -= 1;
        if *users == 0 {
            let _ = Command::new(script()).arg("down").status();
        }
    }
}

/// The stand-in's log of requests for hosts under `domain`.
fn requests(domain: &str) -> Vec<serde_json::Value> {
    let state = std::env::var("MAILDOCTOR_FIXTURES").unwrap_or_else(|_| "/tmp/maildoctor-fixtures".into());
    let log = std::fs::read_to_string(format!("{state}/autodiscover-walk/requests.jsonl")).unwrap_or_default();
    log.lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|r| r["host"].as_str().is_some_and(|h| h == domain || h.ends_with(&format!(".{domain}"))))
        .collect()
}

fn findings(report: &serde_json::Value) -> Vec<&serde_json::Value> {
    fn all<'a>(list: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>) {
        for finding in list.as_array().into_iter().flatten() {
            out.push(finding);
            all(&finding["follows"], out);
        }
    }
    let mut out = Vec::new();
    all(&report["findings"], &mut out);
    out
}

fn finding<'a>(report: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    findings(report).into_iter().find(|f| f["code"] == code).unwrap_or_else(|| panic!("no {code} in {report:#}"))
}

/// Nothing a person would not send to a stranger went out.
fn nothing_leaked(domain: &str) {
    let asked = requests(domain);
    assert!(!asked.is_empty(), "{domain} was asked");
    for request in &asked {
        assert_eq!(request["authorization"], false, "no Authorization header: {request}");
        assert_eq!(request["cookie"], false, "no cookie: {request}");
        if request["scheme"] == "http" {
            assert_eq!(request["method"], "GET", "plain HTTP only for a redirect: {request}");
            assert_eq!(request["body"], "", "nothing sent over plain HTTP: {request}");
        }
    }
}

#[test]
fn a_hosters_pox_answer_is_found_and_proven_against_the_real_servers() {
    let _stand_in = StandIn::up();
    for (address, answered_at) in [
        ("dora@pox.example.test", "https://autodiscover.pox.example.test/autodiscover/autodiscover.xml"),
        // Only an SRV record: its target answers (a hoster's shared host).
        ("carl@adsrv.example.test", "https://autodiscover.pox.example.test/autodiscover/autodiscover.xml"),
    ] {
        let (_, report) = check(&[address]);
        let from = finding(&report, "discovery.autodiscover_answered");
        assert!(from["title"].as_str().unwrap_or_default().contains(answered_at), "{address}: {from:#}");
        let said: String = findings(&report)
            .iter()
            .filter(|f| f["code"] == "discovery.found")
            .map(|f| f["explanation"].as_str().unwrap_or_default())
            .collect();
        for server in ["mail.example.test:993", "mail.example.test:587"] {
            assert!(said.contains(server) && said.contains("Autodiscover"), "{address}: {said}");
        }
        // Proven, not just read: the real Dovecot and Postfix answered.
        let working: Vec<String> = report["working"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| format!("{}:{}", e["host"].as_str().unwrap_or_default(), e["port"]))
            .collect();
        assert!(working.contains(&"mail.example.test:993".to_owned()), "{address}: {working:?}");
        assert!(working.contains(&"mail.example.test:587".to_owned()), "{address}: {working:?}");
    }
    nothing_leaked("pox.example.test");
    let posted = requests("pox.example.test");
    assert!(posted.iter().any(|r| r["body"].as_str().is_some_and(|b| b.contains("carl@adsrv.example.test"))));
}

#[test]
fn hostile_redirects_are_refused_each_by_its_rule() {
    let _stand_in = StandIn::up();
    for (domain, to, words, severity) in [
        ("adhttp.example.test", "http://autodiscover.adhttp.example.test/", "not an https:// address", "info"),
        ("adother.example.test", "https://autodiscover-s.outlook.com/", "outside the address's own domain", "info"),
        ("adtld.example.test", "https://autodiscover.com/", "anyone can register that name", "warning"),
        ("adloop.example.test", "https://adloop.example.test/", "leads back to a place already asked", "info"),
        ("adhops.example.test", "", "more than 10 redirects in a row", "info"),
    ] {
        let (_, report) = check(&[&format!("a0@{domain}")]);
        let refused: Vec<&serde_json::Value> =
            findings(&report).into_iter().filter(|f| f["code"] == "discovery.autodiscover_redirect_refused").collect();
        let said = refused.iter().find(|f| f["explanation"].as_str().is_some_and(|e| e.contains(words)));
        let said = said.unwrap_or_else(|| panic!("{domain}: {words}: {refused:#?}"));
        assert!(said["title"].as_str().unwrap_or_default().contains(to), "{domain}: {said:#}");
        assert_eq!(said["severity"], severity, "{domain}");
        // What each candidate did, in words: nothing gave settings.
        let none = finding(&report, "discovery.autodiscover_none");
        assert!(none["explanation"].as_str().unwrap_or_default().contains(words), "{domain}: {none:#}");
        nothing_leaked(domain);
    }
    // The chain stopped at the limit: the first ask and ten redirectAddr hops.
    let hops = requests("adhops.example.test").iter().filter(|r| r["method"] == "POST").count();
    assert_eq!(hops, 11, "one ask and ten followed redirects");
    // autodiscover.com was never asked: refused before any DNS question.
    assert!(requests("autodiscover.com").is_empty());
}

#[test]
fn the_text_report_names_the_candidate_and_the_refused_redirect_in_both_languages() {
    let _stand_in = StandIn::up();
    let (_, en) = check_text(&["dora@pox.example.test"], None, "en");
    assert!(en.contains("These settings came from Autodiscover at https://autodiscover.pox.example.test/"), "{en}");
    let (_, de) = check_text(&["a0@adtld.example.test"], None, "de");
    assert!(de.contains("Autodiscover-Weiterleitung nicht gefolgt: https://autodiscover.com/"), "{de}");
    println!("{en}");
}
