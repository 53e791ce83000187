//! The shipped ISPDB snapshot read whole (data/ispdb/, tools/refresh-ispdb):
//! every published file parses with the parser discovery uses, and every
//! domain of the compact form has exactly its file's servers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use maildoctor_proto::ispdb::{domains, Snapshot};

fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/ispdb")
}

#[test]
fn every_file_and_every_domain_agree_with_the_compact_form() {
    let dir = snapshot_dir();
    let json = std::fs::read_to_string(dir.join("ispdb.json")).expect("data/ispdb/ispdb.json");
    let snapshot = Snapshot::parse(&json).expect("the compact form parses");
    let notice = std::fs::read_to_string(dir.join("NOTICE")).expect("the NOTICE is kept");
    assert!(notice.contains(&snapshot.commit) && notice.contains("Mozilla Public License 2.0"), "{notice}");
    let license = std::fs::read_to_string(dir.join("LICENSE")).expect("the LICENSE is kept");
    assert!(license.contains("Mozilla Public License Version 2.0"));

    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir.join("xml")).expect("data/ispdb/xml") {
        let path = entry.expect("a file").path();
        let name = path.file_name().and_then(|n| n.to_str()).expect("a name").to_owned();
        files.insert(name, std::fs::read_to_string(&path).expect("UTF-8 XML"));
    }
    assert_eq!(files.keys().collect::<Vec<_>>(), snapshot.files.keys().collect::<Vec<_>>(), "the same files");

    let mut listed = BTreeSet::new();
    let mut servers = 0;
    for (name, xml) in &files {
        let file_domains = domains(xml).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert!(!file_domains.is_empty(), "{name} lists no domain");
        let parsed = maildoctor_proto::autoconfig::parse(xml, "@placeholder.invalid")
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        assert!(!parsed.is_empty(), "{name}: no server maildoctor can check");
        servers += parsed.len();
        for domain in file_domains {
            // A domain two files list belongs to the first (as the tool keeps it).
            if !listed.insert(domain.clone()) {
                continue;
            }
            let found = snapshot.lookup(&domain).unwrap_or_else(|| panic!("{domain} of {name} is missing"));
            assert_eq!(&found.file, name, "{domain}");
            let expected = maildoctor_proto::autoconfig::parse(xml, &format!("@{domain}")).expect("parsed above");
            assert_eq!(found.servers, expected, "{domain}: the compact form differs from {name}");
        }
    }
    assert_eq!(listed.len(), snapshot.domains.len(), "no domain in the compact form that no file lists");
    assert_eq!(servers, snapshot.files.values().map(|e| e.servers.len()).sum::<usize>());
    // The counts the issue and tools/refresh-ispdb state, for the copy of 2026-03-12.
    if snapshot.commit.starts_with("c6ad79659b5f") {
        assert_eq!((files.len(), listed.len(), servers), (163, 962, 509));
    }
}
