//! The rules crate's tests: each rule pinned to the transcript that
//! produces it (`transcripts`, `sessions`), every finding code walked
//! (`codes`), the catalogs checked for completeness (`catalogs`), and the
//! text report pinned in both languages (`snapshots`).

mod catalogs;
mod checked_from;
mod codes;
mod corpus;
mod egress;
mod mechanisms;
mod middleboxes;
mod parity;
mod progress;
mod provider_page;
mod readback;
mod relay_view;
mod round_two;
mod sessions;
mod snapshots;
mod support;
mod transcripts;
mod vantage;
