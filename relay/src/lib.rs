//! The `maildoctor` binary's pieces: the relay server and the terminal
//! commands, both on the engine in `maildoctor-probe` and `maildoctor-rules`.
//! Imports point one way: `cli` → `local`, `serve` → `args`, `clients`, `logins`, `metrics`, `session` → `operation`, `table`.

pub mod args;
mod budget;
pub mod cli;
mod clients;
pub mod config;
pub mod local;
mod logins;
pub mod loopback;
pub mod metrics;
pub mod operation;
mod proxies;
mod rate;
pub mod remote;
pub mod serve;
mod session;
mod table;
pub mod tls;
