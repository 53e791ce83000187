//! The terminal commands: `check` drives a whole diagnosis in-process, with
//! the same per-operation task the relay runs; `probe` prints one endpoint's
//! observations.

use std::io::{IsTerminal, Write as _};
use std::process::ExitCode;

use maildoctor_probe::{Executor, Policy};
use maildoctor_rules::{Catalog, Reference, Report, Request, Session, Settings};
use maildoctor_wire::{
    ClientMessage, Login, MailProtocol, Operation, ProbeSpec, Secret, Security, ServerMessage, Vantage,
};
use tokio::sync::mpsc;
use tokio::task::JoinSet;
use zeroize::Zeroize;

use crate::args::{CheckArgs, IncomingProtocol, ProbeArgs, SecurityArg};
use crate::operation::{execute, Ended};

/// `check`'s exit status when nothing failed but something the person
/// relies on was not tested (no password, no consent): neither "works" (0)
/// nor "problems" (1). docs/report.md documents it.
const NOT_VERIFIED: u8 = 3;

/// Drives a diagnosis session to its end with an in-process executor.
pub async fn drive(session: &mut Session, executor: &Executor, mut on_progress: impl FnMut(&Session)) {
    let (out_tx, mut out_rx) = mpsc::channel::<ServerMessage>(64);
    let mut tasks = JoinSet::new();
    // The person's own computer: no relay limits.
    let open: std::sync::Arc<dyn maildoctor_probe::Gate> = std::sync::Arc::new(maildoctor_probe::Open);
    let spawn = |messages: Vec<ClientMessage>, tasks: &mut JoinSet<Ended>| {
        for message in messages {
            if let ClientMessage::Run { id, op } = message {
                tasks.spawn(execute(executor.clone(), id, op, open.clone(), out_tx.clone(), std::convert::identity));
            }
        }
    };
    let first = session.start();
    spawn(first, &mut tasks);
    while !session.is_finished() {
        let Some(message) = out_rx.recv().await else {
            break;
        };
        let follow_ups = session.handle(&message);
        spawn(follow_ups, &mut tasks);
        on_progress(session);
    }
    session.abandon();
}

/// Credentials from `--username` and `--password-stdin`: the password is
/// one line of standard input, wrapped in a `Secret` at once.
fn login_from_args(
    username: Option<&str>,
    password_stdin: bool,
    default_user: Option<&str>,
) -> Result<Option<Login>, String> {
    if !password_stdin {
        return match username {
            Some(_) => {
                Err("--username needs --password-stdin or --oauth-token-stdin (read from standard input)".into())
            }
            None => Ok(None),
        };
    }
    let Some(username) = username.or(default_user) else {
        return Err("--password-stdin needs --username".into());
    };
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|err| format!("cannot read the password: {err}"))?;
    let secret = Secret::new(line.trim_end_matches(['\r', '\n']));
    line.zeroize();
    if secret.is_empty() {
        return Err("the password (or token) on standard input is empty".into());
    }
    Ok(Some(Login { username: username.to_owned(), secret, mechanism: None, allow_plaintext: false }))
}

pub async fn check(mut args: CheckArgs) -> ExitCode {
    let usage = |message: &str| {
        eprintln!("maildoctor check: {message}");
        ExitCode::from(2)
    };
    let from_stdin = args.password_stdin || args.oauth_token_stdin;
    // With --oauth, --username names the account the token is for.
    let username = args.username.as_deref().filter(|_| !args.oauth.oauth);
    let login = match login_from_args(username, from_stdin, Some(&args.address)) {
        // A token signs in by a bearer mechanism, never as a password.
        Ok(login) if args.oauth_token_stdin => {
            login.map(|login| Login { mechanism: Some(maildoctor_wire::AuthMechanism::Oauthbearer), ..login })
        }
        Ok(login) => login,
        Err(err) => return usage(&err),
    };
    let catalog = Catalog::new(args.language.resolve());
    // --oauth: the token the provider gives stands where a token from
    // standard input would; a sign-in that fails stops the check, in words.
    let login = match (login, args.oauth.oauth) {
        (login, false) => login,
        (_, true) => {
            let trust = match maildoctor_probe::Trust::new(args.engine.ca_file.as_deref()) {
                Ok(trust) => trust,
                Err(err) => return usage(&err.to_string()),
            };
            match crate::oauth::sign_in(&args.oauth, &args.address, &trust, &catalog).await {
                Ok(token) => Some(Login {
                    username: args.username.clone().unwrap_or_else(|| args.address.clone()),
                    secret: token,
                    mechanism: Some(maildoctor_wire::AuthMechanism::Oauthbearer),
                    allow_plaintext: false,
                }),
                Err(why) => return usage(&why),
            }
        }
    };
    let incoming_protocol = match args.incoming {
        IncomingProtocol::Imap => MailProtocol::Imap,
        IncomingProtocol::Pop3 => MailProtocol::Pop3,
    };
    let given = |host: Option<String>, port: Option<u16>, security: Option<SecurityArg>, protocol: MailProtocol| {
        // A host alone is enough: the port and security follow the usual pairing.
        host.map(|host| {
            let security = security
                .map(Security::from)
                .or_else(|| port.and_then(Security::usual_for_port))
                .unwrap_or(Security::Tls);
            let port = port.unwrap_or(protocol.usual_port(security));
            Settings { host, port, protocol, security }
        })
    };
    if args.incoming_host.is_none() && (args.incoming_port.is_some() || args.incoming_security.is_some()) {
        return usage("--incoming-port and --incoming-security need --incoming-host");
    }
    if args.outgoing_host.is_none() && (args.outgoing_port.is_some() || args.outgoing_security.is_some()) {
        return usage("--outgoing-port and --outgoing-security need --outgoing-host");
    }
    let incoming = given(args.incoming_host, args.incoming_port, args.incoming_security, incoming_protocol);
    let outgoing = given(args.outgoing_host, args.outgoing_port, args.outgoing_security, MailProtocol::Smtp);
    let mut request = Request::new(args.address.clone());
    request.incoming = incoming;
    request.outgoing = outgoing;
    request.login = login;
    request.app_error = args.app_error.clone();
    // --compare-resolver names the one reference and asks it about every
    // name; otherwise the references are asked only about suspect answers.
    if let Some(compare) = args.compare_resolver {
        args.engine.reference_resolver = compare.to_string();
    }
    request.reference_resolver = match crate::args::parse_references(&args.engine.reference_resolver) {
        Err(err) => return usage(&err),
        Ok(_) if args.compare_resolver.is_some() => Reference::Always,
        Ok(list) if list.is_empty() => Reference::Off,
        Ok(_) => Reference::WhenSuspect,
    };
    request.login_discovered = args.login_discovered;
    // The verifier here checks certificates by this clock, as the person's
    // mail app on this computer does: the rules hold it against the servers'.
    request.device_time_ms = Some(crate::clock::now_ms());
    if let Some(path) = &args.previous {
        match std::fs::read_to_string(path).map(|text| Report::certificates_in(&text)) {
            Ok(Some(certificates)) => request.previous_certificates = certificates,
            Ok(None) => return usage(&format!("--previous {}: not a maildoctor report in JSON", path.display())),
            Err(err) => return usage(&format!("--previous {}: {err}", path.display())),
        }
    }
    let with_secret = request.login.is_some();
    // Refused before anything runs: the secret never crosses a plain socket
    // to another machine, and the person hears why at once.
    if let Some(Err(why)) = args.compare_relay.as_deref().map(|url| crate::remote::check_transport(url, with_secret)) {
        return usage(&why);
    }
    // The same plan, for the relay to compare with.
    let mut there = match args.compare_relay.clone().map(|url| Session::plan(request.clone()).map(|s| (url, s))) {
        Some(Ok(planned)) => Some(planned),
        Some(Err(err)) => return usage(&err.render(&catalog)),
        None => None,
    };
    let mut session = match Session::plan(request) {
        Ok(session) => session,
        Err(err) => return usage(&err.render(&catalog)),
    };
    // The executor runs in this process: the network is this computer's.
    session.checked_from(Vantage { local: true, name: None, region: None, blocked_ports: Vec::new() });
    // On the person's own machine every address is theirs to test.
    let executor = match args.engine.executor(Policy::permissive()) {
        Ok(executor) => executor,
        Err(err) => return usage(&err),
    };
    let interactive = std::io::stderr().is_terminal() && !args.json;
    let here = drive(&mut session, &executor, |session| {
        if interactive {
            let found = session.report(&catalog).findings.len();
            eprint!("\rchecking... {found} finding(s) so far");
        }
    });
    let remote = async {
        match &mut there {
            Some((url, session)) => {
                let trust = maildoctor_probe::Trust::new(args.engine.ca_file.as_deref()).map_err(|e| e.to_string())?;
                crate::remote::drive_remote(session, url, &trust, with_secret).await
            }
            None => Ok(()),
        }
    };
    let ((), remote) = tokio::join!(here, remote);
    if interactive {
        eprintln!();
    }
    // A relay that could not be used loses nothing from here: the report
    // is printed as without a comparison, and the exit code says why.
    let remote_failed = remote.err();
    if remote_failed.is_some() {
        there = None;
    }
    let report = session.report(&catalog);
    let comparison =
        there.as_ref().map(|(url, there)| (url, there, maildoctor_rules::compare(&session, there, &catalog)));
    let mut stdout = std::io::stdout().lock();
    let printed = match (&comparison, args.json) {
        (None, true) => writeln!(stdout, "{}", report.to_json_pretty()),
        (None, false) => write!(stdout, "{}", report.to_text(&catalog)),
        (Some((url, there, comparison)), true) => {
            writeln!(stdout, "{}", comparison.to_json_pretty(&report, url, &there.report(&catalog)))
        }
        (Some((url, _, comparison)), false) => {
            write!(stdout, "{}{}", report.to_text(&catalog), comparison.to_text(url, &catalog))
        }
    };
    if printed.is_err() {
        return ExitCode::from(2);
    }
    if let Some(dir) = &args.handoff {
        if let Err(why) = crate::handoff::save(dir, &report, &catalog) {
            eprintln!("maildoctor check: --handoff {}: {why}", dir.display());
            return ExitCode::from(2);
        }
    }
    if let Some(why) = remote_failed {
        eprintln!("maildoctor check: {why}");
        return ExitCode::from(2);
    }
    let blamed = comparison.is_some_and(|(_, _, c)| c.fault != maildoctor_rules::Fault::Nobody);
    if report.has_errors() || blamed {
        ExitCode::from(1)
    } else if report.state() == maildoctor_rules::Verdict::NotVerified {
        ExitCode::from(NOT_VERIFIED)
    } else {
        ExitCode::SUCCESS
    }
}

pub async fn probe(args: ProbeArgs) -> ExitCode {
    let login = match login_from_args(args.username.as_deref(), args.password_stdin, None) {
        Ok(login) => login,
        Err(err) => {
            eprintln!("maildoctor probe: {err}");
            return ExitCode::from(2);
        }
    };
    let executor = match args.engine.executor(Policy::permissive()) {
        Ok(executor) => executor,
        Err(err) => {
            eprintln!("maildoctor probe: {err}");
            return ExitCode::from(2);
        }
    };
    let op = Operation::Probe(ProbeSpec {
        host: args.host,
        port: args.port,
        protocol: args.protocol.into(),
        security: args.security.into(),
        login,
        address: None,
    });
    let catalog = Catalog::new(args.language.resolve());
    let (tx, mut rx) = mpsc::channel(64);
    let task =
        tokio::spawn(execute(executor, 1, op, std::sync::Arc::new(maildoctor_probe::Open), tx, std::convert::identity));
    let mut stdout = std::io::stdout().lock();
    let mut refused = false;
    while let Some(message) = rx.recv().await {
        refused |= matches!(message, ServerMessage::Refused { .. });
        let line = if args.json {
            message.to_json()
        } else {
            match &message {
                ServerMessage::Event { t_ms, event, .. } => {
                    format!("{t_ms:>6} ms  {}", maildoctor_rules::describe(event, &catalog))
                }
                ServerMessage::Refused { reason, .. } => format!("refused: {reason:?}"),
                ServerMessage::Done { .. } => "done".into(),
                other => format!("{other:?}"),
            }
        };
        if writeln!(stdout, "{line}").is_err() {
            break;
        }
    }
    let _ = task.await;
    if refused {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
