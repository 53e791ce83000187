use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = maildoctor::args::Cli::parse();
    maildoctor::cli::run(cli)
}
