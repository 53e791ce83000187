//! maildoctor's end-to-end suite, one binary (compiled and linked once):
//! real Dovecot, Postfix and NSD started by `tools/test`, the relay, and a
//! headless Chromium.

mod browser;
mod cli;
mod deploy;
mod egress;
mod hostile;
mod mechanisms;
mod middleboxes;
mod observe;
mod page;
mod proof;
mod providers;
mod relay_ws;
mod replies;
mod resolvers;
mod round_two;
mod scenarios;
mod secrets;
mod targets;
mod vantage;
