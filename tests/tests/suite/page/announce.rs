//! A check as a screen reader hears it (issue 21), read from Chromium's
//! accessibility tree: one polite announcement when it starts, at most one
//! every few seconds while it runs, and at the end the verdict and the
//! root cause's title in one sentence, with the focus on the verdict.

use serde_json::json;

use super::devtools::{ax_tree, heard, live_region, RECORD_STATUS};
use super::{Page, Settings};

/// The least time between two announcements while a check runs (the
/// page's is 5 s; its clock ticks every 250 ms).
const LEAST_GAP_MS: f64 = 4_500.0;

#[tokio::test]
async fn a_check_is_announced_once_at_its_start_now_and_then_while_it_runs_and_in_one_sentence_at_its_end() {
    let page = Page::open("", &[]).await;
    // A dropped port keeps the check waiting for about twenty seconds.
    page.enter(&Settings { address: "alice@fw.example.test", host: "fw.example.test", ..Settings::default() }).await;
    page.script(RECORD_STATUS).await;
    page.click("diagnose").await;
    page.wait_for(".step[data-state=waiting]", 10).await;
    let start = "Checking alice@fw.example.test. The result is announced when the check is done.";
    let said = live_region(&page.browser).await;
    assert!(said == start || said.starts_with("Still checking: "), "{said}");
    page.finished("announced-end").await;

    // What the region said, one entry a change of its words.
    let mut said: Vec<(f64, String, String)> = Vec::new();
    for (at, phase, words) in heard(page.script("return window.__heard").await) {
        if said.last().is_none_or(|(_, _, last)| *last != words) {
            said.push((at, phase, words));
        }
    }
    let running: Vec<&(f64, String, String)> = said.iter().filter(|(_, phase, _)| phase == "running").collect();
    assert_eq!(running.first().map(|(_, _, words)| words.as_str()), Some(start), "{said:?}");
    for pair in running.windows(2) {
        let ((before, _, first), (after, _, next)) = (pair[0], pair[1]);
        assert!(after - before >= LEAST_GAP_MS, "{first:?} then {next:?} after {:.0} ms", after - before);
    }
    let took = said.last().map_or(0.0, |(at, _, _)| *at) - running[0].0;
    assert!(took > 2.0 * LEAST_GAP_MS, "the check ran long enough to tell: {took:.0} ms, {said:?}");
    assert!(running.len() >= 2, "it said something while it ran: {said:?}");

    // The end, as the accessibility tree gives it: one sentence.
    let title =
        page.script("return document.querySelector('#findings > section.error h3').lastChild.textContent").await;
    let title = title.as_str().expect("the root cause's title");
    assert_eq!(live_region(&page.browser).await, format!("Problems found: {title}"));
    assert_eq!(said.last().map(|(_, _, words)| words.clone()), Some(format!("Problems found: {title}")));
    let tree = ax_tree(&page.browser).await;
    let focused = tree.iter().find(|n| n.role == "heading" && n.property("focused") == Some(&json!(true)));
    assert_eq!(focused.map(|n| n.name.to_lowercase()).as_deref(), Some("problems found"), "focus on the verdict");
    page.close().await;
}
