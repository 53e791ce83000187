//! A mail server's own ban of this address, told from a firewall on the
//! person's network. Both drop packets without a word, so one silent host
//! proves nothing; what tells them apart is the rest of the session:
//!
//! - the history: the same address answered, refused the login, and then
//!   stopped answering (a firewall here would not change its mind within a
//!   minute; a server's ban starts with the failure it counts);
//! - another host: every port of one address is silent, while another
//!   address answers mail from here, so this network carries mail.
//!
//! What the bans do in the real world, and why the words say "wait" and
//! "a device with an old password":
//! - fail2ban (github.com/fail2ban/fail2ban, config/jail.conf): `bantime =
//!   10m`, `findtime = 10m`, `maxretry = 5`; the `[dovecot]` jail bans
//!   `pop3,pop3s,imap,imaps,submission,465,sieve` and `[postfix-sasl]`
//!   `smtp,465,submission,imap,imaps,pop3,pop3s`, from the failures
//!   config/filter.d/dovecot.conf matches (`auth failed, N attempts`,
//!   `Password mismatch`). Its nftables action (config/action.d/
//!   nftables.conf) adds the address to a set, `addr-set-<jail>`, matched
//!   by `<proto> dport { ports } ip saddr @addr-set-<jail> <blocktype>` in
//!   `f2b-table`'s input chain; `blocktype = reject` by default (the ports
//!   refuse), `drop` where the admin chose silence, and the `allports`
//!   banaction takes every port, 443 too.
//! - CSF/LFD (csf.conf): `LF_IMAPD = "10"` failures, `LF_IMAPD_PERM = "1"`
//!   (a permanent block, until the provider lifts it), `DROP = "DROP"`:
//!   every port silent.
//! - cPanel's cPHulk (api.docs.cpanel.net, save_cphulk_config): refuses the
//!   login itself by default; with `block_brute_force_with_firewall` it
//!   drops the address at the firewall, for a day after excessive failures.
//!
//! Only the session's own events are read, in the order the planner made
//! the operations: a login retry, a latency sample or another port of the
//! same host is planned after what it follows.

use core::net::IpAddr;

use maildoctor_wire::{AuthOutcome, Event, OpId, TcpOutcome};

use crate::catalog::Args;
use crate::cause::Cause;
use crate::fold::take;
use crate::item::{Item, Proof};
use crate::runs::Run;
use crate::{Code, Endpoint};

/// The control connection's port (the executor's `CONTROL_PORT`): a host
/// silent there too ignores this address altogether.
const WEB_PORT: u16 = 443;

/// One connection attempt of the session, in plan order.
struct Dial<'a> {
    op: OpId,
    t_ms: u64,
    event: &'a Event,
    host: &'a str,
    endpoint: &'a Endpoint,
    port: u16,
    ip: IpAddr,
    outcome: TcpOutcome,
}

/// A refused login at an address, with its proof.
struct Refusal<'a> {
    op: OpId,
    ip: IpAddr,
    said: &'a str,
    proof: Proof,
}

fn proof(op: OpId, t_ms: u64, event: &Event) -> Proof {
    Proof { op, t_ms, event: event.clone() }
}

/// Every connection, control connection and refused login of the session.
fn history(runs: &[Run]) -> (Vec<Dial<'_>>, Vec<Refusal<'_>>) {
    let (mut dials, mut refusals) = (Vec::new(), Vec::new());
    let mut ordered: Vec<&Run> = runs.iter().filter(|r| r.endpoint().is_some()).collect();
    ordered.sort_by_key(|r| r.id);
    for run in ordered {
        let Some(endpoint) = run.endpoint() else { continue };
        let mut connected_to = None;
        for (t_ms, event) in &run.events {
            let dial = |address: &core::net::SocketAddr, outcome: TcpOutcome| Dial {
                op: run.id,
                t_ms: *t_ms,
                event,
                host: endpoint.host.as_str(),
                endpoint,
                port: address.port(),
                ip: address.ip(),
                outcome,
            };
            match event {
                Event::Tcp { address, outcome, .. } | Event::Control { address, outcome, .. } => {
                    if *outcome == TcpOutcome::Connected {
                        connected_to = Some(address.ip());
                    }
                    dials.push(dial(address, *outcome));
                }
                Event::Auth { outcome: AuthOutcome::Rejected, text, .. } => {
                    if let Some(ip) = connected_to {
                        refusals.push(Refusal { op: run.id, ip, said: text, proof: proof(run.id, *t_ms, event) });
                    }
                }
                _ => {}
            }
        }
    }
    (dials, refusals)
}

fn silent(outcome: TcpOutcome) -> bool {
    outcome == TcpOutcome::TimedOut
}

/// The ban at one address, if the session shows one.
fn ban_at(ip: IpAddr, dials: &[Dial<'_>], refusals: &[Refusal<'_>]) -> Option<Item> {
    let here: Vec<&Dial<'_>> = dials.iter().filter(|d| d.ip == ip).collect();
    let host = here.first()?.host.to_owned();
    // A refused login, then the same address silent (or refusing, as
    // fail2ban's default `reject` does) on a port that answered before it.
    if let Some(refusal) = refusals.iter().find(|r| r.ip == ip) {
        let answered: Vec<u16> =
            here.iter().filter(|d| d.op <= refusal.op && d.outcome == TcpOutcome::Connected).map(|d| d.port).collect();
        let after: Vec<&&Dial<'_>> = here
            .iter()
            .filter(|d| d.op > refusal.op && answered.contains(&d.port))
            .filter(|d| silent(d.outcome) || d.outcome == TcpOutcome::Refused)
            .collect();
        if let Some(first) = after.first() {
            let ports = ports_of(after.iter().map(|d| d.port).collect());
            let cause = Cause::ServerBan { host, ports, said: Some(refusal.said.to_owned()), other: None };
            return Some(Item::new(cause).proof(refusal.proof.clone()).proof(proof(first.op, first.t_ms, first.event)));
        }
    }
    // Silent on every mail port tried, while another address answered mail.
    let mail: Vec<&&Dial<'_>> = here.iter().filter(|d| d.port != WEB_PORT).collect();
    if mail.is_empty() || !mail.iter().all(|d| silent(d.outcome)) {
        return None;
    }
    // A silent port 25 alone is the internet provider's block (fold.rs).
    if mail.iter().all(|d| d.port == 25) {
        return None;
    }
    // Its web port silent too: the whole host ignores this address. With
    // 443 answering, a ban of the mail ports alone (fail2ban's multiport)
    // and a firewall here that blocks mail look the same (fold.rs).
    let web = here.iter().find(|d| d.port == WEB_PORT)?;
    if !silent(web.outcome) {
        return None;
    }
    let other = dials.iter().find(|d| d.ip != ip && d.port != WEB_PORT && d.outcome == TcpOutcome::Connected)?;
    let ports = ports_of(mail.iter().map(|d| d.port).collect());
    let cause = Cause::ServerBan { host, ports, said: None, other: Some(format!("{}:{}", other.host, other.port)) };
    let item = Item::new(cause).proof(proof(mail[0].op, mail[0].t_ms, mail[0].event));
    Some(item.proof(proof(web.op, web.t_ms, web.event)).proof(proof(other.op, other.t_ms, other.event)))
}

/// The ports, in order, each once (a `Vec` rather than a `BTreeSet`, as
/// the addresses and hosts below: a handful each, and less code).
fn ports_of(mut ports: Vec<u16>) -> Vec<u16> {
    ports.sort();
    ports.dedup();
    ports
}

/// The connection failures at a banned host only follow from the ban.
fn follows_from_ban(item: &Item, hosts: &[&str]) -> bool {
    let at_host = item.endpoint.as_ref().is_some_and(|e| hosts.contains(&e.host.as_str()))
        || matches!(&item.cause, Cause::MailPortsBlocked { host, .. } if hosts.contains(&host.as_str()));
    at_host
        && matches!(
            item.code(),
            Code::TcpFiltered
                | Code::TcpRefused
                | Code::TcpPort25Blocked
                | Code::FirewallMailPortsBlocked
                | Code::NetworkIntermittent
        )
}

/// Names a server's ban of this address where the session proves one, and
/// says so where it cannot tell a ban from a firewall here.
pub(crate) fn server_ban(runs: &[Run], blocked: &[u16], items: &mut Vec<Item>) {
    let (mut dials, refusals) = history(runs);
    // What the relay cannot reach at all says nothing about the server.
    dials.retain(|d| !blocked.contains(&d.port));
    let mut addresses: Vec<IpAddr> = dials.iter().map(|d| d.ip).collect();
    addresses.sort();
    addresses.dedup();
    let mut banned = Vec::new();
    for ip in &addresses {
        let Some(mut ban) = ban_at(*ip, &dials, &refusals) else { continue };
        let hosts: Vec<&str> = dials.iter().filter(|d| d.ip == *ip).map(|d| d.host).collect();
        ban.follows = take(items, |i| follows_from_ban(i, &hosts));
        let first = dials.iter().find(|d| d.ip == *ip).map(|d| d.endpoint.clone());
        ban.endpoint = ban.follows.iter().find_map(|i| i.endpoint.clone()).or(first);
        banned.push(ban);
    }
    if !banned.is_empty() {
        items.splice(0..0, banned);
        return;
    }
    // Nothing answered anywhere: a firewall here and a ban look the same.
    // (Ports nothing listens on still refuse, banned or not.)
    let none_answered = !dials.iter().any(|d| d.port != WEB_PORT && d.outcome == TcpOutcome::Connected);
    let silent_dial = dials.iter().find(|d| d.port != WEB_PORT && silent(d.outcome));
    if let (true, Some(first)) = (none_answered, silent_dial) {
        let item = Item::new(Cause::BanOrFirewall { host: first.host.to_owned() }).at(first.endpoint);
        items.push(item.proof(proof(first.op, first.t_ms, first.event)));
    }
}

/// The message and arguments of a ban: after a refused login, or silent
/// while another host answers.
pub(crate) fn words(
    host: &str,
    ports: &[u16],
    said: &Option<String>,
    other: &Option<String>,
) -> (&'static str, Args<'static>) {
    let ports = ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
    let args = Args::new().text("host", host.to_owned()).text("ports", ports);
    match (said, other) {
        (Some(said), _) => ("f-server-ban", args.text("said", said.clone())),
        (None, other) => ("f-server-ban-host", args.text("other", other.clone().unwrap_or_default())),
    }
}
