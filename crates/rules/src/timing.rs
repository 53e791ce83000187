//! How long the person's servers took to answer, against how long mail
//! apps wait by default. A reply is timed from the events' `t_ms` (the
//! relay's clock, since the operation started): the greeting from the
//! moment the connection (or, with SSL/TLS, the handshake) was ready, the
//! capabilities and the login from the line that asked for them. The
//! connection's own set-up time is one round trip of the path, so a slow
//! reply on a quick connection is the server's, and a slow connection
//! with quick replies is the path's (`network.high_latency`, from the
//! connects and exchanges themselves: `path`), never the server's.
//!
//! The relay waits 15 s for the greeting and the capabilities and 20 s
//! for the login (`maildoctor_probe::Timeouts`), longer than the shortest
//! documented wait for each (10 s) but not the 60 s most apps give a
//! login: a login slower than 20 s is reported as no answer, and whether
//! an app waiting 60 s would get one this check cannot tell.

use maildoctor_wire::{Direction, Event, OpId, Security, TcpOutcome, TlsResult};

use crate::cause::slow::{GivesUp, Reply, SlowReply};
use crate::cause::Cause;
use crate::item::{Item, Proof};
use crate::runs::{retry_of, Run};

const ALL: &[Reply] = &[Reply::Greeting, Reply::Capabilities, Reply::Login];

/// How long an app waits for a reply by default.
struct Wait {
    /// The app's key in the catalog (`slow-app-KEY`).
    app: &'static str,
    replies: &'static [Reply],
    seconds: u64,
}

/// Each app's default wait, from its source or its vendor, shortest first.
/// Not published, so not here: Apple Mail (macOS and iOS), the Gmail app,
/// Samsung Email, and the new Outlook and Outlook mobile (which reach IMAP
/// servers from Microsoft's cloud); the words say so.
const WAITS: &[Wait] = &[
    // Thunderbird's account setup, when it looks for settings or re-tests
    // typed ones: `mailnews.auto_config.guess.timeout` is 10 (seconds,
    // mailnews/mailnews.js in comm-central), the connect and read/write
    // timeout of the socket GuessConfig.sys.mjs opens; that socket reads
    // the greeting and the capabilities, never a login.
    Wait { app: "thunderbird-setup", replies: &[Reply::Greeting, Reply::Capabilities], seconds: 10 },
    // Thunderbird for Android (K-9 Mail): `SOCKET_READ_TIMEOUT = 60000`
    // (mail/common/src/main/java/com/fsck/k9/mail/NetworkTimeouts.kt),
    // the read timeout of its IMAP, POP3 and SMTP sockets.
    Wait { app: "thunderbird-android", replies: ALL, seconds: 60 },
    // Outlook (classic), POP and IMAP accounts: "Server Timeouts" under
    // More Settings > Advanced, 1 minute unless changed (the dialog's
    // default; no Microsoft page found that states it).
    Wait { app: "outlook", replies: ALL, seconds: 60 },
    // Thunderbird: `mailnews.tcptimeout` is 100 (seconds, "mailnews tcp
    // read+write timeout", mailnews/mailnews.js), set on the sockets of
    // ImapClient, Pop3Client and SmtpClient.
    Wait { app: "thunderbird", replies: ALL, seconds: 100 },
];

/// A reply slower than this is slow: the shortest documented wait of any
/// app for any reply (Thunderbird's account setup, 10 s).
const SLOW_MS: u64 = 10_000;

/// One timed reply, with the event that ended the wait.
struct Timed<'a> {
    op: OpId,
    reply: Reply,
    ms: u64,
    t_ms: u64,
    event: &'a Event,
}

/// The replies of one run, timed: greeting, capabilities (plain and over
/// TLS), login.
fn replies(run: &Run, security: Security) -> Vec<Timed<'_>> {
    let mut timed = Vec::new();
    // Since when the app has been waiting for the server's next words.
    let mut ready: Option<u64> = None;
    let mut asked: Option<u64> = None;
    for (t_ms, event) in &run.events {
        match event {
            Event::Tcp { outcome: TcpOutcome::Connected, .. } if security != Security::Tls => ready = Some(*t_ms),
            Event::Tls { result: TlsResult::Established { .. }, .. } if security == Security::Tls => {
                ready = Some(*t_ms)
            }
            Event::Greeting { .. } => {
                if let Some(since) = ready.take() {
                    timed.push(Timed {
                        op: run.id,
                        reply: Reply::Greeting,
                        ms: t_ms.saturating_sub(since),
                        t_ms: *t_ms,
                        event,
                    });
                }
            }
            Event::Line { dir: Direction::Sent, .. } => asked = Some(*t_ms),
            // Capabilities in the greeting itself were not asked for.
            Event::Capabilities { .. } => {
                if let Some(since) = asked.take() {
                    let ms = t_ms.saturating_sub(since);
                    timed.push(Timed { op: run.id, reply: Reply::Capabilities, ms, t_ms: *t_ms, event });
                }
            }
            Event::Auth { .. } => {
                if let Some(since) = asked.take() {
                    timed.push(Timed {
                        op: run.id,
                        reply: Reply::Login,
                        ms: t_ms.saturating_sub(since),
                        t_ms: *t_ms,
                        event,
                    });
                }
            }
            _ => {}
        }
    }
    timed
}

/// How long the run's connection took to set up.
fn connect_ms(run: &Run) -> u64 {
    run.events
        .iter()
        .find_map(|(_, e)| match e {
            Event::Tcp { outcome: TcpOutcome::Connected, elapsed_ms, .. } => Some(*elapsed_ms),
            _ => None,
        })
        .unwrap_or(0)
}

/// The apps whose default wait for `reply` is shorter than `ms`.
fn gives_up(reply: Reply, ms: u64) -> Vec<GivesUp> {
    WAITS
        .iter()
        .filter(|w| w.replies.contains(&reply) && ms > w.seconds * 1000)
        .map(|w| GivesUp { app: w.app, seconds: w.seconds })
        .collect()
}

/// A warning per server of the person's own settings whose slowest reply
/// took longer than some app waits, or longer than [`SLOW_MS`]: the
/// apps that give up first, or, if none is known to, that the apps which
/// publish their wait wait longer and which ones do not say.
pub(crate) fn slow_replies(runs: &[Run]) -> Vec<Item> {
    let mut items = Vec::new();
    for run in runs.iter().filter(|r| r.is_given()) {
        let Some(endpoint) = run.endpoint() else { continue };
        let retry = retry_of(runs, run);
        let timed = replies(run, endpoint.security).into_iter().chain(retry.map_or(Vec::new(), |r| {
            replies(r, endpoint.security).into_iter().filter(|t| t.reply == Reply::Login).collect()
        }));
        // The reply most apps give up on, the slowest of those.
        let Some(worst) = timed.filter(|t| t.ms >= SLOW_MS).max_by_key(|t| (gives_up(t.reply, t.ms).len(), t.ms))
        else {
            continue;
        };
        let cause = Cause::SlowReply(SlowReply {
            reply: worst.reply,
            ms: worst.ms,
            connect_ms: connect_ms(run),
            gives_up: gives_up(worst.reply, worst.ms),
        });
        let proof = Proof { op: worst.op, t_ms: worst.t_ms, event: worst.event.clone() };
        items.push(Item::new(cause).at(endpoint).proof(proof));
    }
    items
}
