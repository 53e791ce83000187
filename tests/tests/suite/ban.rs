//! Issue 22, item 2: the server's own ban of this address, told from a
//! firewall. The mail servers live in a namespace the test creates, as a
//! provider's would: imap.example.test (the stage's `here`) carries IMAP to
//! the real Dovecot, smtp.example.test (a second address there) carries
//! submission to the real Postfix. This computer (the root namespace, the
//! stage's `servers` address) is the person's.
//!
//! The ban is fail2ban's nftables action, verbatim in shape
//! (github.com/fail2ban/fail2ban, config/action.d/nftables.conf): table
//! `f2b-table`, set `addr-set-<jail>`, chain `f2b-chain` at `hook input
//! priority -1`, the rule `tcp dport { ports } ip saddr @addr-set-dovecot
//! drop` (`blocktype = drop`, the silent choice; CSF's default `DROP` is
//! the same), and the ban `add element ... { <ip> }` once `maxretry` (5,
//! config/jail.conf) logins failed. The ports are the `[dovecot]` jail's
//! IMAP and POP3 ones plus 443: a ban of every service (`allports`, or
//! CSF's), as the imap host alone carries it; the outgoing host has its
//! own fail2ban that has counted nothing. The failed logins are a phone's
//! with an old password: here, real probes with a wrong password, whose
//! refusals by Dovecot the test counts as fail2ban counts its log lines.

use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::process::{Child, Stdio};

use maildoctor_probe::Policy;
use maildoctor_tests::stage::Stage;
use maildoctor_tests::{ca_file, events_of, executor, maildoctor_bin};
use maildoctor_wire::{AuthOutcome, Event, Login, MailProtocol, Operation, ProbeSpec, Secret, Security};

/// fail2ban's `maxretry` default (config/jail.conf).
const MAXRETRY: usize = 5;

/// The provider's two hosts in the stage's namespace, the test's DNS for
/// their names, and the forwarders that carry them to the fixtures.
pub(crate) struct Provider {
    pub(crate) stage: Stage,
    pub(crate) imap: Ipv4Addr,
    pub(crate) smtp: Ipv4Addr,
    pub(crate) dns: String,
    forwarders: Child,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.forwarders.kill();
        let _ = self.forwarders.wait();
    }
}

fn run_in(stage: &Stage, program: &str, args: &[&str]) -> String {
    let output = stage.command(Path::new(program)).args(args).output().expect("runs in the namespace");
    assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The stage, with fail2ban's table loaded and nobody banned yet.
pub(crate) async fn provider() -> Provider {
    let stage = Stage::new();
    let imap = stage.here;
    let [a, b, c, _] = stage.here.octets();
    let smtp = Ipv4Addr::new(a, b, c, 3);
    run_in(&stage, "ip", &["addr", "add", &format!("{smtp}/32"), "dev", "lo"]);
    // The fixtures, on this side of the link, for the namespace's forwarders.
    for port in [993, 143, 587, 465] {
        stage.forward(port, &format!("127.0.0.10:{port}"), None).await;
    }
    let ready = std::env::temp_dir().join(format!("{}.forward.ready", stage.namespace));
    let _ = std::fs::remove_file(&ready);
    let servers = stage.servers;
    let mut pairs: Vec<String> = [993, 143].iter().map(|p| format!("{imap}:{p}={servers}:{p}")).collect();
    pairs.extend([587, 465].iter().map(|p| format!("{smtp}:{p}={servers}:{p}")));
    // Each host's web port: open and silent, as a provider's HTTPS to a SYN.
    pairs.extend([format!("{imap}:443"), format!("{smtp}:443")]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/forward.py");
    let forwarders = stage
        .command(Path::new("python3"))
        .arg(script)
        .arg(&ready)
        .args(&pairs)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("forward.py starts");
    for _ in 0..200 {
        if std::fs::metadata(&ready).is_ok_and(|m| m.len() > 0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(std::fs::metadata(&ready).is_ok(), "forward.py never listened");
    stage.firewall(&format!(
        "table inet f2b-table {{\n set addr-set-dovecot {{ type ipv4_addr; }}\n chain f2b-chain {{\n \
         type filter hook input priority -1; policy accept;\n \
         ip daddr {imap} tcp dport {{ 110, 143, 443, 993, 995 }} ip saddr @addr-set-dovecot drop\n }}\n}}\n"
    ));
    let dns = stage.dns(53, vec![("imap.example.test", imap), ("smtp.example.test", smtp)]).await.to_string();
    Provider { stage, imap, smtp, dns, forwarders }
}

/// One login with the old password, from this computer, as the phone's
/// mail app makes it: whether Dovecot refused it.
async fn phone_login(imap: Ipv4Addr) -> bool {
    let login = Login {
        username: "alice@example.test".into(),
        secret: Secret::new("old-password"),
        mechanism: None,
        allow_plaintext: false,
    };
    let op = Operation::Probe(ProbeSpec {
        host: "imap.example.test".into(),
        port: 993,
        protocol: MailProtocol::Imap,
        security: Security::Tls,
        login: Some(login),
        address: Some(IpAddr::V4(imap)),
    });
    let events = events_of(executor(Policy::permissive()), op).await;
    events.iter().any(|e| matches!(e, Event::Auth { outcome: AuthOutcome::Rejected, .. }))
}

/// The phone fails `MAXRETRY` times; the jail bans the address it came
/// from (the stage's root side) with fail2ban's `actionban`.
pub(crate) async fn phone_gets_banned(provider: &Provider) {
    let mut failures = 0;
    for _ in 0..MAXRETRY {
        failures += usize::from(phone_login(provider.imap).await);
    }
    assert_eq!(failures, MAXRETRY, "Dovecot refused every old password");
    let client = provider.stage.servers.to_string();
    let element = format!("{{ {client} }}");
    run_in(&provider.stage, "nft", &["add", "element", "inet", "f2b-table", "addr-set-dovecot", &element]);
    let set = run_in(&provider.stage, "nft", &["list", "set", "inet", "f2b-table", "addr-set-dovecot"]);
    assert!(set.contains(&client), "{set}");
}

/// `maildoctor check` of alice's account as her laptop has it (the new
/// password), from this computer: the text report in `lang`, or JSON.
fn check(provider: &Provider, args: &[&str]) -> (i32, Vec<u8>) {
    use std::io::Write as _;
    let mut command = std::process::Command::new(maildoctor_bin());
    command
        .args(["check", "alice@example.test", "--incoming-host", "imap.example.test", "--outgoing-host"])
        .args(["smtp.example.test", "--outgoing-port", "587", "--outgoing-security", "starttls"])
        .args(["--resolver", &provider.dns, "--reference-resolver", "off", "--ispdb-url", "off"])
        .args(["--autodiscover-url", "off", "--password-stdin", "--ca-file"])
        .arg(ca_file())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for locale in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(locale);
    }
    let mut child = command.spawn().expect("check runs");
    child.stdin.take().expect("stdin").write_all(b"correct-horse\n").expect("password");
    let output = child.wait_with_output().expect("check ends");
    if output.stdout.is_empty() {
        panic!("check said nothing: {}", String::from_utf8_lossy(&output.stderr));
    }
    (output.status.code().unwrap_or(-1), output.stdout)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_phone_with_an_old_password_gets_this_address_banned_and_check_says_so() {
    let provider = provider().await;
    // Before the ban both hosts answer: the stage itself is sound.
    let before: serde_json::Value =
        serde_json::from_slice(&tokio::task::block_in_place(|| check(&provider, &["--json"])).1).expect("JSON");
    let codes = before["findings"].to_string();
    assert!(!codes.contains("server.ban") && codes.contains("ok.incoming"), "{before:#}");

    phone_gets_banned(&provider).await;
    let (status, json) = tokio::task::block_in_place(|| check(&provider, &["--json"]));
    let report: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    assert_ne!(status, 0);
    let first = &report["findings"][0];
    assert_eq!(first["code"], "server.ban", "{report:#}");
    assert_eq!(first["title"], "imap.example.test has stopped answering your address", "{first:#}");
    let why = first["explanation"].as_str().unwrap_or_default();
    assert!(why.contains("443") && why.contains("smtp.example.test:587"), "{why}");
    let all = report["findings"].to_string();
    assert!(!all.contains("firewall.mail_ports_blocked") && !all.contains("Your network blocks"), "{report:#}");
    assert!(all.contains("ok.outgoing"), "the other host still works: {report:#}");

    // As a person reads it, in both languages.
    let (_, text) = tokio::task::block_in_place(|| check(&provider, &["--lang", "en"]));
    let text = String::from_utf8_lossy(&text);
    println!("{text}");
    assert!(text.contains("has stopped answering your address") && text.contains("old password"), "{text}");
    let (_, german) = tokio::task::block_in_place(|| check(&provider, &["--lang", "de"]));
    let german = String::from_utf8_lossy(&german);
    assert!(german.contains("antwortet Ihrer Adresse nicht mehr"), "{german}");
}

#[tokio::test(flavor = "multi_thread")]
async fn with_the_second_host_silent_too_the_check_cannot_tell_and_says_how_to_find_out() {
    let provider = provider().await;
    phone_gets_banned(&provider).await;
    // The outgoing host's own jail bans the address as well: nothing answers.
    let smtp = provider.smtp;
    provider.stage.firewall(&format!(
        "table inet f2b-smtp {{\n chain f2b-chain {{\n type filter hook input priority -1; policy accept;\n \
         ip daddr {smtp} tcp dport {{ 25, 443, 465, 587 }} ip saddr {} drop\n }}\n}}\n",
        provider.stage.servers
    ));
    let (_, json) = tokio::task::block_in_place(|| check(&provider, &["--json"]));
    let report: serde_json::Value = serde_json::from_slice(&json).expect("JSON");
    let all = report["findings"].to_string();
    assert!(!all.contains("\"server.ban\""), "no second host answered: {report:#}");
    assert!(all.contains("server.ban_or_firewall"), "{report:#}");
    assert_eq!(report["findings"][0]["code"], "tcp.filtered", "{report:#}");
}
