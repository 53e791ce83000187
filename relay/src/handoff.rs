//! `check --handoff DIR`: the settings the check proved, saved as files an
//! app reads (issue 23 item 5). What goes in them, and what the person is
//! told about them, is the rules' (`maildoctor_rules::Handoff`); this only
//! writes them and says where, on standard error, so `--json` stays JSON.

use std::path::Path;

use maildoctor_rules::{Catalog, Handoff, Report};

/// Writes DIR/<domain>.mobileconfig and DIR/config-v1.1.xml when both
/// directions were proven, and says what was saved or why nothing was.
pub(crate) fn save(dir: &Path, report: &Report, catalog: &Catalog) -> Result<(), String> {
    let Some(handoff) = Handoff::from_report(report) else {
        for line in Handoff::nothing_proven(catalog) {
            eprintln!("{line}");
        }
        return Ok(());
    };
    // The domain passed the address check; the file name keeps only what
    // no file system reads as a path.
    let stem: String =
        handoff.domain().chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')).collect();
    let files: Vec<_> = [
        handoff.mobileconfig(catalog).map(|profile| ("mobileconfig", format!("{stem}.mobileconfig"), profile)),
        handoff.autoconfig().map(|autoconfig| ("autoconfig", "config-v1.1.xml".to_owned(), autoconfig)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !files.is_empty() {
        std::fs::create_dir_all(dir).map_err(|err| err.to_string())?;
        for (kind, name, text) in files {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|err| format!("{}: {err}", path.display()))?;
            eprintln!("{}", handoff.saved(catalog, kind, &path.display().to_string()));
        }
    }
    for line in handoff.notes(catalog) {
        eprintln!("{line}");
    }
    Ok(())
}
