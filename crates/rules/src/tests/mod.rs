//! The rules crate's tests: each rule pinned to the transcript that
//! produces it (`transcripts`, `sessions`), every finding code walked
//! (`codes`), the catalogs checked for completeness (`catalogs`), and the
//! text report pinned in both languages (`snapshots`).

mod app_errors;
mod app_suspect;
mod autodiscover;
mod ban;
mod catalogs;
mod cert_changed;
mod checked_from;
mod clock;
mod codes;
mod corpus;
mod cut_short;
mod egress;
mod ispdb;
mod mechanisms;
mod middleboxes;
mod old_clients;
mod once_misdiagnosed;
mod parity;
mod path;
mod progress;
mod provider_page;
mod readback;
mod relay_view;
mod sessions;
mod slow_server;
mod snapshots;
mod support;
mod transcripts;
mod vantage;
