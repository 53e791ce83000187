//! maildoctor's end-to-end suite, one binary (compiled and linked once):
//! real Dovecot, Postfix and NSD started by `tools/test`, the relay, and a
//! headless Chromium.

mod app_suspect;
mod ban;
mod browser;
mod cert_changed;
mod cli;
mod clock;
mod deploy;
mod egress;
mod hostile;
mod mechanisms;
mod middleboxes;
mod observe;
mod old_clients;
mod page;
mod proof;
mod providers;
mod relay_ws;
mod replies;
mod resolvers;
mod round_two;
mod scenarios;
mod secrets;
mod slow_server;
mod targets;
mod vantage;
