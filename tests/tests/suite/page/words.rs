//! Every label the page shows is a catalog message in both languages, and
//! every `page-` message is shown by the page: the rules' catalog test
//! leaves the page's own labels to this one.

use std::collections::BTreeSet;
use std::path::Path;

use maildoctor_rules::{Catalog, Lang};

fn page_sources() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/src");
    let mut text = String::new();
    for entry in std::fs::read_dir(&dir).expect("web/src") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs") && path.file_name().is_some_and(|n| n != "tests.rs") {
            text.push_str(&std::fs::read_to_string(&path).expect("source"));
        }
    }
    // The first screen index.html paints names its one message of its own (`data-l10n`).
    text.push_str(&std::fs::read_to_string(dir.join("../index.html")).expect("index.html"));
    text
}

/// The `"page-…"` string literals in `text`.
fn quoted_ids(text: &str) -> BTreeSet<String> {
    text.split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.starts_with("page-") && !s.ends_with('-') && s[5..].chars().all(|c| c.is_ascii_lowercase() || c == '-')
        })
        .map(str::to_owned)
        .collect()
}

fn catalog_ids(lang: &str) -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../crates/rules/catalogs/{lang}.ftl"));
    std::fs::read_to_string(path)
        .expect("catalog")
        .lines()
        .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim()))
        .filter(|id| id.starts_with("page-"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_page_label_is_in_both_catalogs_and_every_page_message_is_used() {
    let used = quoted_ids(&page_sources());
    assert!(used.len() > 50, "the page's labels were found: {used:?}");
    for lang in [Lang::En, Lang::De] {
        let catalog = Catalog::new(lang);
        let missing: Vec<&String> = used.iter().filter(|id| !catalog.has(id)).collect();
        assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
    }
    for lang in ["en", "de"] {
        let unused: Vec<String> = catalog_ids(lang).difference(&used).cloned().collect();
        assert!(unused.is_empty(), "{lang}.ftl has page messages nothing shows: {unused:?}");
    }
}
