//! Where the checks ran: every report says it, and what a relay elsewhere
//! saw of the network path is worded as that relay's view, never as the
//! person's network; on this computer the words stay as they were.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use maildoctor_wire::{ServerMessage, TcpOutcome, Vantage};

use super::support::{dns_ok, imap_tls, only, tcp};
use crate::{Catalog, CheckedFrom, Code, Lang, Report};

fn vantage(local: bool, name: Option<&str>, region: Option<&str>) -> Vantage {
    Vantage { local, name: name.map(Into::into), region: region.map(Into::into), blocked_ports: Vec::new() }
}

fn frankfurt() -> Vantage {
    vantage(false, Some("Example Mail"), Some("Frankfurt"))
}

/// Port 993 of the server drops every connection, as checked from `from`.
fn filtered_from(from: Option<Vantage>, lang: Lang) -> Report {
    let mut session = only(imap_tls());
    session.start();
    if let Some(from) = from {
        session.checked_from(from);
    }
    for (n, event) in [dns_ok(), tcp(TcpOutcome::TimedOut)].into_iter().enumerate() {
        session.handle(&ServerMessage::Event { id: 1, t_ms: n as u64, event });
    }
    session.handle(&ServerMessage::Done { id: 1 });
    session.report(&Catalog::new(lang))
}

/// Every sentence of the report's first finding.
fn words(report: &Report) -> String {
    let finding = &report.findings[0];
    assert_eq!(finding.code, Code::TcpFiltered, "{report:#?}");
    format!("{}\n{}\n{}", finding.title, finding.explanation, finding.fix.join("\n"))
}

#[test]
fn a_filtered_port_seen_from_a_relay_elsewhere_is_that_relay_s_view() {
    let en = words(&filtered_from(Some(frankfurt()), Lang::En));
    assert!(en.starts_with("From the relay Example Mail in Frankfurt, connections to port 993"), "{en}");
    assert!(!en.contains("your network blocks") && !en.contains("a firewall on your network"), "{en}");
    assert!(en.contains("maildoctor check"), "the local check is offered: {en}");
    let de = words(&filtered_from(Some(frankfurt()), Lang::De));
    assert!(de.starts_with("Vom Relay Example Mail in Frankfurt aus bleiben Verbindungen zu Port 993"), "{de}");
    assert!(!de.contains("sperrt Ihr Netz") && !de.contains("Firewall in Ihrem Netz"), "{de}");
}

#[test]
fn a_filtered_port_checked_on_this_computer_keeps_today_s_words() {
    for lang in [Lang::En, Lang::De] {
        let local = words(&filtered_from(Some(vantage(true, None, None)), lang));
        assert_eq!(local, words(&filtered_from(None, lang)), "a local relay is this computer");
        let (title, blocks) = match lang {
            Lang::En => ("Connections to port 993", "your network blocks this port"),
            Lang::De => ("Verbindungen zu Port 993", "sperrt Ihr Netz diesen Port"),
        };
        assert!(local.starts_with(title) && local.contains(blocks), "{local}");
    }
}

#[test]
fn the_report_says_where_it_was_checked_from_in_text_markdown_and_json() {
    let cases = [
        (vantage(true, None, None), Lang::En, "Checked from: this computer"),
        (frankfurt(), Lang::En, "Checked from: the relay Example Mail (Frankfurt)"),
        (vantage(false, None, Some("Frankfurt")), Lang::En, "Checked from: the relay in Frankfurt"),
        (vantage(false, None, None), Lang::En, "Checked from: a relay, not this computer"),
        (vantage(true, None, None), Lang::De, "Geprüft von: dieser Computer"),
        (frankfurt(), Lang::De, "Geprüft von: das Relay Example Mail (Frankfurt)"),
    ];
    for (from, lang, line) in cases {
        let catalog = Catalog::new(lang);
        let report = filtered_from(Some(from.clone()), lang);
        assert_eq!(report.to_text(&catalog).lines().nth(1), Some(line), "{}", report.to_text(&catalog));
        assert!(report.to_markdown(&catalog).contains(&format!("*{line}*")), "{}", report.to_markdown(&catalog));
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).expect("JSON");
        assert_eq!(json["checked_from"]["local"], from.local);
        assert_eq!(json["checked_from"]["name"].as_str(), from.name.as_deref());
        assert_eq!(json["checked_from"]["region"].as_str(), from.region.as_deref());
    }
    let none = filtered_from(None, Lang::En);
    assert_eq!(none.checked_from, None, "a session not told where says nothing");
    assert!(!none.to_json().contains("checked_from"));
}

#[test]
fn a_share_link_keeps_where_the_report_was_checked_from() {
    let report = filtered_from(Some(frankfurt()), Lang::En);
    let read = Report::from_json(&report.to_json()).expect("read back");
    let expected = CheckedFrom {
        local: false,
        name: Some("Example Mail".into()),
        region: Some("Frankfurt".into()),
        text: "the relay Example Mail (Frankfurt)".into(),
    };
    assert_eq!(read.checked_from, Some(expected));
    assert_eq!(read, report);
    // A link made before the field existed still opens, saying nothing.
    let mut old: serde_json::Value = serde_json::from_str(&report.to_json()).expect("JSON");
    old.as_object_mut().expect("object").remove("checked_from");
    assert_eq!(Report::from_json(&old.to_string()).expect("old link").checked_from, None);
}
