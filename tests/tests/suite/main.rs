//! maildoctor's end-to-end suite, one binary (compiled and linked once):
//! real Dovecot, Postfix and NSD started by `tools/test`, the relay, and a
//! headless Chromium.
//!
//! Built empty without the fixtures (see `tests/build.rs`).
#![cfg(fixtures)]

mod app_error;
mod app_suspect;
mod autodiscover_walk;
mod ban;
mod browser;
mod cert_changed;
mod cli;
mod clock;
mod deploy;
mod egress;
mod handoff;
mod hostile;
mod ispdb;
mod mechanisms;
mod middleboxes;
mod oauth;
mod observe;
mod old_clients;
mod once_misdiagnosed;
mod page;
mod proof;
mod providers;
mod relay_ws;
mod replies;
mod resolvers;
mod scenarios;
mod secrets;
mod slow_server;
mod targets;
mod vantage;
