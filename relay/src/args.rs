//! The terminal contract of DESIGN.md: `serve`, `check`, `probe`, as clap
//! arguments, and the one place they become an executor.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use maildoctor_probe::{Executor, ExecutorConfig, IpNet, Policy, ResolverSetting, ServiceBase, Timeouts, Trust};
use maildoctor_rules::Lang;
use maildoctor_wire::{MailProtocol, Security};

#[derive(Debug, Parser)]
// The last occurrence of a flag wins: `serve --config` puts the file's
// settings first, so the command line overrides them.
#[command(
    name = "maildoctor",
    version,
    about = "Finds out why a mail client cannot reach its mail server",
    args_override_self = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the relay: the web page, its WebSocket, health and metrics.
    // Boxed: the relay's flags outweigh the other commands' many times.
    Serve(Box<ServeArgs>),
    /// Diagnose an account's mail settings from this machine.
    // Boxed as well (issue 23 grew its flags): each command's flags on the heap.
    Check(Box<CheckArgs>),
    /// Show the raw observations of one endpoint.
    Probe(Box<ProbeArgs>),
}

#[derive(Debug, Args)]
pub struct EngineArgs {
    /// DNS server to ask instead of the system's (ip:port).
    #[arg(long, value_name = "IP:PORT")]
    pub resolver: Option<SocketAddr>,
    /// Extra trusted CA certificates (PEM), besides the public roots.
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
    /// Allow loopback, private and other special-purpose addresses.
    #[arg(long)]
    pub allow_private: bool,
    /// Seconds one operation may take in all.
    #[arg(long, value_name = "SECS", default_value_t = 45)]
    pub timeout: u64,
    /// The ISP database discovery asks, as Thunderbird does ("off" for none).
    #[arg(long, value_name = "URL", default_value = "https://autoconfig.thunderbird.net/v1.1/")]
    pub ispdb_url: String,
    /// The copy of the ISP database asked when the live one is out of reach
    /// and compared with it: "builtin" (the one built in, data/ispdb/), a
    /// file written by tools/refresh-ispdb, or "off".
    #[arg(long, value_name = "FILE|builtin|off", default_value = "builtin")]
    pub ispdb_snapshot: String,
    /// The Autodiscover service discovery asks, as Outlook does ("off" for none).
    #[arg(long, value_name = "URL", default_value = "https://outlook.office365.com/")]
    pub autodiscover_url: String,
    /// Public DNS resolvers asked for a second opinion, only when the
    /// system resolver's answer is suspect (no such name, a failure, no
    /// answer, a blocking address): IP:PORT[,IP:PORT], or "off".
    #[arg(
        long,
        value_name = "IP:PORT[,IP:PORT]|off",
        default_value = DEFAULT_REFERENCE,
        env = "MAILDOCTOR_REFERENCE_RESOLVER"
    )]
    pub reference_resolver: String,
}

/// Cloudflare's 1.1.1.1 and Quad9's 9.9.9.9: anycast resolvers run by two
/// different operators, which validate DNSSEC and do not filter names by
/// default (Quad9 blocks known malware domains only), so a name they both
/// lack is really missing. Neither logs client addresses (their privacy
/// policies), which matters since the names asked are the person's servers.
pub const DEFAULT_REFERENCE: &str = "1.1.1.1:53,9.9.9.9:53";

/// `--reference-resolver`'s list: addresses, or none for "off".
pub fn parse_references(value: &str) -> Result<Vec<SocketAddr>, String> {
    match value.trim() {
        "off" | "" => Ok(Vec::new()),
        list => list
            .split(',')
            .map(|one| one.trim().parse().map_err(|_| format!("--reference-resolver: {one:?} is not IP:PORT or off")))
            .collect(),
    }
}

impl EngineArgs {
    pub fn executor(&self, policy: Policy) -> Result<Executor, String> {
        let trust = Trust::new(self.ca_file.as_deref()).map_err(|err| err.to_string())?;
        let resolver = self.resolver.map_or(ResolverSetting::System, ResolverSetting::Server);
        let timeouts = Timeouts { operation: Duration::from_secs(self.timeout.max(1)), ..Timeouts::default() };
        let base = |url: &str| match url {
            "off" => Ok(None),
            url => ServiceBase::parse(url).map(Some),
        };
        let (ispdb, autodiscover) = (base(&self.ispdb_url)?, base(&self.autodiscover_url)?);
        let reference = parse_references(&self.reference_resolver)?;
        let snapshot = match self.ispdb_snapshot.as_str() {
            "off" => None,
            "builtin" => Some(maildoctor_probe::ispdb_snapshot::embedded()),
            path => Some(maildoctor_probe::ispdb_snapshot::load(std::path::Path::new(path))?),
        };
        Executor::new(ExecutorConfig { resolver, trust, policy, timeouts, ispdb, autodiscover, reference })
            .map(|executor| executor.with_ispdb_snapshot(snapshot))
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// A TOML file of settings, keyed by these flags' names (lists as
    /// arrays); the environment (MAILDOCTOR_…) overrides it, and flags
    /// override both. See deploy/relay.toml.
    #[arg(long, value_name = "FILE", env = "MAILDOCTOR_CONFIG")]
    pub config: Option<PathBuf>,
    /// Where to listen: 127.0.0.1:8080, or with --local 127.0.0.1:4587.
    #[arg(long, value_name = "IP:PORT", env = "MAILDOCTOR_LISTEN")]
    pub listen: Option<SocketAddr>,
    /// A relay on the person's own computer: it listens on loopback only
    /// (127.0.0.1:4587 unless --listen names another loopback address),
    /// answers only to a loopback Host, so no DNS name can be rebound to it,
    /// serves only the pages of --allow-origin and its own, and may dial
    /// the person's private network, because that network is theirs.
    #[arg(long, env = "MAILDOCTOR_LOCAL")]
    pub local: bool,
    /// The relay's name as people should read it ("Example Mail"): every
    /// report checked through it says it was checked from this relay.
    #[arg(long, value_name = "TEXT", env = "MAILDOCTOR_NAME")]
    pub name: Option<String>,
    /// Where the relay runs ("Frankfurt"): findings about the network path
    /// are worded as seen from there, not from the person's network.
    #[arg(long, value_name = "TEXT", env = "MAILDOCTOR_REGION")]
    pub region: Option<String>,
    /// The built web page (tools/build-ui's dist folder), instead of the
    /// one built into this binary.
    #[arg(long, value_name = "DIR", env = "MAILDOCTOR_UI")]
    pub ui: Option<PathBuf>,
    /// With --local: where the origins allowed at this terminal are kept
    /// (default $XDG_CONFIG_HOME/maildoctor/allowed-origins).
    #[arg(long, value_name = "FILE", env = "MAILDOCTOR_PAIRING_FILE")]
    pub pairing_file: Option<PathBuf>,
    /// Origins whose pages may open the WebSocket. The relay's own page may
    /// when it is reached by address or `localhost`; under a DNS name, list
    /// its origin here (a name could be rebound to this relay).
    #[arg(long = "allow-origin", value_name = "ORIGIN", env = "MAILDOCTOR_ALLOW_ORIGIN", value_delimiter = ',')]
    pub allow_origins: Vec<String>,
    /// Ports to allow besides the mail ports.
    #[arg(long = "allow-port", value_name = "PORT", env = "MAILDOCTOR_ALLOW_PORT", value_delimiter = ',')]
    pub allow_ports: Vec<u16>,
    /// A network never to dial, whatever else allows it: the relay's own
    /// addresses, its load balancer's, internal ranges (repeatable; CIDR).
    #[arg(long = "deny-network", value_name = "CIDR", env = "MAILDOCTOR_DENY_NETWORK", value_delimiter = ',')]
    pub deny_networks: Vec<IpNet>,
    /// A proxy or load balancer in front of the relay (repeatable; CIDR):
    /// its X-Forwarded-For names the client, its X-Forwarded-Proto says
    /// whether the page came over TLS. Nobody else's are believed.
    #[arg(long = "trust-proxy", value_name = "CIDR", env = "MAILDOCTOR_TRUST_PROXY", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpNet>,
    /// A special-purpose network to dial all the same, instead of opening
    /// every private address with --allow-private (repeatable; CIDR).
    #[arg(long = "allow-network", value_name = "CIDR", env = "MAILDOCTOR_ALLOW_NETWORK", value_delimiter = ',')]
    pub allow_networks: Vec<IpNet>,
    /// Serve HTTPS and WSS with this certificate chain (PEM), read again
    /// when the file changes; with --tls-key.
    #[arg(long, value_name = "PEM", env = "MAILDOCTOR_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key (PEM) for --tls-cert.
    #[arg(long, value_name = "PEM", env = "MAILDOCTOR_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// WebSocket sessions this relay holds at once.
    #[arg(long, value_name = "N", default_value_t = 256, env = "MAILDOCTOR_MAX_SESSIONS")]
    pub max_sessions: usize,
    /// Connections to one server name the relay makes in a burst, across
    /// all its pages, before it spaces them by --destination-every-ms.
    #[arg(long, value_name = "N", default_value_t = 120, env = "MAILDOCTOR_DESTINATION_BURST")]
    pub destination_burst: u32,
    /// Past the burst, one more connection to that server every this many ms.
    #[arg(long, value_name = "MS", default_value_t = 250, env = "MAILDOCTOR_DESTINATION_EVERY_MS")]
    pub destination_every_ms: u64,
    /// How the log on standard error is written: `json` gives one object a
    /// line, for log collectors. Neither ever holds a password or a frame.
    #[arg(long, value_enum, default_value_t = LogFormat::Text, env = "MAILDOCTOR_LOG_FORMAT")]
    pub log_format: LogFormat,
    /// Send a password over a connection without TLS when the page asks to.
    /// Off by default: the password is withheld and the report says why.
    #[arg(long, env = "MAILDOCTOR_ALLOW_PLAINTEXT_LOGINS")]
    pub allow_plaintext_logins: bool,
    /// A server known to listen, dialled at start and every few minutes to
    /// learn whether this relay can reach its port (repeatable; HOST:PORT).
    /// A port none of whose canaries connects is published as blocked, so
    /// findings on it never blame the person's network.
    #[arg(long = "egress-canary", value_name = "HOST:PORT", env = "MAILDOCTOR_EGRESS_CANARY", value_delimiter = ',')]
    pub egress_canaries: Vec<String>,
    /// A port this relay cannot reach on the internet (its cloud blocks
    /// outbound 25, say), published without testing (repeatable).
    #[arg(long = "egress-blocked", value_name = "PORT", env = "MAILDOCTOR_EGRESS_BLOCKED", value_delimiter = ',')]
    pub egress_blocked: Vec<u16>,
    #[command(flatten)]
    pub front: crate::front::FrontArgs,
    #[command(flatten)]
    pub limits: crate::fleet::LimitsArgs,
    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum IncomingProtocol {
    Imap,
    Pop3,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProtocolArg {
    Imap,
    Pop3,
    Smtp,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SecurityArg {
    Tls,
    Starttls,
    None,
}

impl From<SecurityArg> for Security {
    fn from(value: SecurityArg) -> Self {
        match value {
            SecurityArg::Tls => Security::Tls,
            SecurityArg::Starttls => Security::Starttls,
            SecurityArg::None => Security::None,
        }
    }
}

impl From<ProtocolArg> for MailProtocol {
    fn from(value: ProtocolArg) -> Self {
        match value {
            ProtocolArg::Imap => MailProtocol::Imap,
            ProtocolArg::Pop3 => MailProtocol::Pop3,
            ProtocolArg::Smtp => MailProtocol::Smtp,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The email address of the account.
    pub address: String,
    /// Read the password from standard input.
    #[arg(long, conflicts_with = "oauth_token_stdin")]
    pub password_stdin: bool,
    /// Advanced: read an OAuth 2.0 access token from standard input and sign
    /// in with it (OAUTHBEARER or XOAUTH2, whichever the server offers).
    #[arg(long)]
    pub oauth_token_stdin: bool,
    #[command(flatten)]
    pub oauth: crate::oauth::OauthArgs,
    #[arg(long, value_name = "U")]
    pub username: Option<String>,
    #[arg(long, value_enum, default_value = "imap")]
    pub incoming: IncomingProtocol,
    #[arg(long, value_name = "H")]
    pub incoming_host: Option<String>,
    #[arg(long, value_name = "P")]
    pub incoming_port: Option<u16>,
    #[arg(long, value_enum, value_name = "tls|starttls|none")]
    pub incoming_security: Option<SecurityArg>,
    #[arg(long, value_name = "H")]
    pub outgoing_host: Option<String>,
    #[arg(long, value_name = "P")]
    pub outgoing_port: Option<u16>,
    #[arg(long, value_enum, value_name = "tls|starttls|none")]
    pub outgoing_security: Option<SecurityArg>,
    /// Also test the password on discovered servers that are not the
    /// domain's own (guessed names, a provider found through the MX
    /// records). Without it, only your own servers and the ones your domain
    /// publishes (provider table, SRV, autoconfig) get it.
    #[arg(long)]
    pub login_discovered: bool,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub language: LanguageArgs,
    /// The one reference resolver (`--reference-resolver IP:PORT`), asked
    /// about every server name, not only when the system's answer is
    /// suspect: to compare two resolvers on purpose.
    #[arg(long, value_name = "IP:PORT")]
    pub compare_resolver: Option<SocketAddr>,
    /// Also run the same check through the maildoctor relay at this
    /// WebSocket address (ws:// or wss://…/v1/ws), and compare: what works
    /// from there but not from here is your network's doing.
    #[arg(long, value_name = "URL")]
    pub compare_relay: Option<String>,
    /// An earlier report of this check (`--json`, or the page's JSON
    /// download): a server certificate that changed since is said, as a
    /// renewal or as another signer.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// Save the settings that were proven to work as files an app reads:
    /// DIR/<domain>.mobileconfig (iPhone, iPad, Mac Mail) and
    /// DIR/config-v1.1.xml (Thunderbird autoconfig). Never the password.
    #[arg(long, value_name = "DIR")]
    pub handoff: Option<PathBuf>,
    /// What your mail app said, pasted as it is (an Outlook code such as
    /// 0x800CCC0E will do): the report says what it means and whether the
    /// check found its cause.
    #[arg(long, value_name = "TEXT")]
    pub app_error: Option<String>,
    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(Debug, Args)]
pub struct ProbeArgs {
    pub host: String,
    pub port: u16,
    #[arg(long, value_enum)]
    pub protocol: ProtocolArg,
    #[arg(long, value_enum)]
    pub security: SecurityArg,
    #[arg(long, value_name = "U")]
    pub username: Option<String>,
    #[arg(long)]
    pub password_stdin: bool,
    /// One JSON event per line.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub language: LanguageArgs,
    #[command(flatten)]
    pub engine: EngineArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    En,
    De,
}

#[derive(Debug, Args)]
pub struct LanguageArgs {
    /// The language of the report (default: from LC_ALL, LC_MESSAGES or LANG, else English).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

impl LanguageArgs {
    /// `--lang`, else the locale the environment names (POSIX order:
    /// LC_ALL overrides LC_MESSAGES overrides LANG), else English.
    pub fn resolve(&self) -> Lang {
        match self.lang {
            Some(LangArg::En) => Lang::En,
            Some(LangArg::De) => Lang::De,
            None => {
                let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
                    .iter()
                    .filter_map(|name| std::env::var(name).ok())
                    .find(|value| !value.is_empty());
                locale.and_then(|l| Lang::from_tag(&l)).unwrap_or_default()
            }
        }
    }
}
