//! maildoctor's copy of Thunderbird's ISP database, built into the binary
//! (`data/ispdb/`, `tools/refresh-ispdb`): what the live service said
//! when the copy was made. Reported next to the live answer for every
//! domain it lists, so the rules can fall back to it when the service is
//! out of reach and compare the two when both answer.

use std::sync::{Arc, OnceLock};

use maildoctor_proto::ispdb::Snapshot;
use maildoctor_wire::Event;

use crate::link::Emitter;

/// The compact form, as `tools/refresh-ispdb` wrote it.
const EMBEDDED: &str = include_str!("../../../data/ispdb/ispdb.json");

/// The copy built into the binary.
pub fn embedded() -> Arc<Snapshot> {
    static PARSED: OnceLock<Arc<Snapshot>> = OnceLock::new();
    PARSED
        .get_or_init(|| Arc::new(Snapshot::parse(EMBEDDED).expect("data/ispdb/ispdb.json is checked by its test")))
        .clone()
}

/// A copy in the compact form at `path` (`--ispdb-snapshot`): a newer one
/// than the binary's, or a test's own.
pub fn load(path: &std::path::Path) -> Result<Arc<Snapshot>, String> {
    let json = std::fs::read_to_string(path).map_err(|err| format!("{}: {err}", path.display()))?;
    Snapshot::parse(&json).map(Arc::new).map_err(|err| format!("{}: {err}", path.display()))
}

/// Reports what the copy says about `domain`, if it lists it: the servers
/// of its file, with the file's published address and the copy's date.
pub(crate) async fn report(snapshot: &Snapshot, domain: &str, emit: &Emitter<'_>) {
    let Some(found) = snapshot.lookup(domain) else { return };
    emit.send(Event::Autoconfig {
        url: snapshot.file_url(&found.file),
        status: None,
        servers: found.servers,
        problem: None,
        snapshot: Some(snapshot.date.clone()),
    })
    .await;
}
