use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = match maildoctor::config::with_config_file(std::env::args_os().collect()) {
        Ok(args) => args,
        Err(why) => {
            eprintln!("maildoctor serve: {why}");
            return ExitCode::from(2);
        }
    };
    let cli = maildoctor::args::Cli::parse_from(args);
    maildoctor::cli::run(cli)
}
