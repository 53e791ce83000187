//! Whether the end-to-end suite (`tests/suite`) is built with its tests.
//!
//! Its tests need the fixtures (Dovecot, Postfix, NSD, the test CA) that
//! `tools/test` starts. A plain `cargo test` at the root, on a machine
//! without them, builds the suite empty and says so once here, rather than
//! failing 250 tests on a missing variable. `tools/test` turns the feature
//! `fixtures` on, so there a missing fixture fails the test that needs it.
//! A shell that loaded `tests/fixtures/fixtures.sh env` gets the suite too,
//! so `cargo test -p maildoctor-tests --test suite -- NAME` works as before.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(fixtures)");
    println!("cargo::rerun-if-env-changed=MAILDOCTOR_FIXTURES");
    let wanted = std::env::var_os("CARGO_FEATURE_FIXTURES").is_some();
    let loaded = std::env::var_os("MAILDOCTOR_FIXTURES").is_some();
    if wanted || loaded {
        println!("cargo::rustc-cfg=fixtures");
    } else {
        println!(
            "cargo::warning=the end-to-end suite is skipped: it needs the fixtures; tools/test starts them and runs it"
        );
    }
}
