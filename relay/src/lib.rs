//! The `maildoctor` binary's pieces: the relay server and the terminal
//! commands, both on the engine in `maildoctor-probe` and `maildoctor-rules`.
//! Imports point one way: `cli` → `local` → `oauth`, `serve` → `args` → `front` → `clients`, `logins`, `metrics`, `session` → `operation`, `table`.
//! `session` → `admission` (the executor's gate) → `logins` → `fleet`, `canonical`, `rate`.
//! `serve`, `session` → `egress` (what this relay cannot reach; its canaries).
//! `serve` → `page` (the page it serves: `--ui`, or built in), `origin` (which pages may use it) → `pairing` (origins a `--local` relay's terminal allowed).

mod admission;
pub mod args;
mod budget;
mod canonical;
pub mod cli;
pub mod clients;
mod clock;
pub mod config;
pub mod egress;
pub mod fleet;
pub mod front;
mod handoff;
pub mod local;
mod logins;
pub mod loopback;
pub mod metrics;
pub mod oauth;
pub mod operation;
mod origin;
pub mod page;
pub mod pairing;
mod proxies;
mod rate;
pub mod remote;
pub mod serve;
mod session;
mod table;
pub mod tls;
