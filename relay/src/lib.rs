//! The `maildoctor` binary's pieces: the relay server and the terminal
//! commands, both on the engine in `maildoctor-probe` and `maildoctor-rules`.

pub mod cli;
pub mod local;
pub mod metrics;
pub mod serve;
