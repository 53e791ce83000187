use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = maildoctor::cli::Cli::parse();
    maildoctor::cli::run(cli)
}
