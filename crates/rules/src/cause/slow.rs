//! A server reply slower than mail apps wait for it: the evidence of
//! `server.slower_than_apps` and `server.slow_reply`, and its words. The
//! rule that finds it, and each app's wait with its source, are in
//! timing.rs.

use crate::catalog::{Args, Catalog, Lang};

/// The replies an app waits for before the mailbox opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reply {
    Greeting,
    Capabilities,
    Login,
}

impl Reply {
    fn key(self) -> &'static str {
        match self {
            Reply::Greeting => "greeting",
            Reply::Capabilities => "capabilities",
            Reply::Login => "login",
        }
    }
}

/// An app that gives up on the reply first, and after how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct GivesUp {
    /// The app's key in the catalog (`slow-app-KEY`).
    pub(crate) app: &'static str,
    pub(crate) seconds: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SlowReply {
    pub(crate) reply: Reply,
    /// From the moment the app starts waiting (the connection or TLS ready,
    /// the command sent) to the reply: what an app's read timeout measures.
    pub(crate) ms: u64,
    /// How long the connection took to set up: one round trip, the path's
    /// share of `ms`. The rest is the server's.
    pub(crate) connect_ms: u64,
    /// The apps whose default wait is shorter, shortest first; none when
    /// only apps that do not publish theirs might give up.
    pub(crate) gives_up: Vec<GivesUp>,
}

/// `ms` as seconds with one decimal, written as the language writes it.
fn seconds(ms: u64, lang: Lang) -> String {
    let tenths = (ms + 50) / 100;
    let point = if lang == Lang::De { ',' } else { '.' };
    format!("{}{point}{}", tenths / 10, tenths % 10)
}

impl SlowReply {
    /// The message and its arguments.
    pub(crate) fn words(&self, catalog: &Catalog) -> (&'static str, Args<'static>) {
        let args = Args::new()
            .text("reply", self.reply.key())
            .text("seconds", seconds(self.ms, catalog.lang()))
            .number("connect", self.connect_ms);
        if self.gives_up.is_empty() {
            return ("f-slow-reply", args);
        }
        let apps: Vec<String> = self
            .gives_up
            .iter()
            .map(|g| catalog.text(&format!("slow-app-{}", g.app), &Args::new().number("seconds", g.seconds)))
            .collect();
        ("f-slow-for-apps", args.text("apps", apps.join(", ")).number("count", apps.len() as u64))
    }
}
