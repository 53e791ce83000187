//! The page the binary carries: `dist/` as `tools/build-ui` left it, or,
//! on a clone where nobody built it, an empty folder, so a plain
//! `cargo build` still compiles and `serve` says how to get a page.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let dist = manifest.join("../dist");
    // A directory: cargo rescans everything under it, so a new build-ui
    // output is embedded at the next build.
    println!("cargo:rerun-if-changed={}", dist.display());
    let embedded = if dist.join("index.html").is_file() {
        // The .br and .gz beside each file are embedded with it, and sent
        // to browsers that take them; a dist/ from before build-ui made
        // them is still served, uncompressed.
        if !dist.join("index.html.gz").is_file() {
            println!("cargo:warning=dist/ has no precompressed files: run tools/build-ui again for a smaller page");
        }
        dist
    } else {
        let empty = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("no-page");
        std::fs::create_dir_all(&empty).expect("an empty folder in OUT_DIR");
        empty
    };
    println!("cargo:rustc-env=MAILDOCTOR_EMBEDDED_PAGE={}", embedded.display());
}
