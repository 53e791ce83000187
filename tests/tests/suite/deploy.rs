//! The deploy files are real: the systemd unit passes `systemd-analyze
//! verify` with the built binary in place of the installed one.

use std::process::Command;

use maildoctor_tests::{maildoctor_bin, TempDir};

#[test]
fn the_systemd_unit_verifies() {
    let unit = include_str!("../../../deploy/maildoctor-relay.service");
    let bin = maildoctor_bin();
    let unit = unit.replace("/usr/local/bin/maildoctor", &bin.display().to_string());
    let dir = TempDir::new("unit");
    let path = dir.0.join("maildoctor-relay.service");
    std::fs::write(&path, unit).expect("write the unit");
    let output = Command::new("systemd-analyze").arg("verify").arg(&path).output().expect("systemd-analyze runs");
    let said = String::from_utf8_lossy(&output.stderr);
    // Complaints about other units on this machine are not this unit's.
    let ours: Vec<&str> = said.lines().filter(|line| line.contains("maildoctor-relay")).collect();
    assert!(output.status.success() && ours.is_empty(), "{said}");
}
