//! Every concrete cause maildoctor can name, with its evidence as typed
//! fields. A cause has exactly one code and one severity, decided here and
//! nowhere else; the words come later, from the catalogs (`render`).

use core::net::IpAddr;

use maildoctor_wire::{
    MailProtocol, ProbeFailure, Refusal, Security, Step, TcpOutcome, TlsVersion, Violation, WithheldReason,
};

use crate::messages::Refusal as KnownRefusal;
use crate::providers::Provider;
use crate::{Endpoint, Side, Source};

mod app;
// Issue 23 (APPERR): the finding about the app's own message.
pub(crate) mod app_error;
pub(crate) mod autodiscover_said;
pub(crate) mod changed;
pub(crate) mod clock;
mod code;
pub(crate) mod ispdb;
mod severity;
pub(crate) mod slow;
pub(crate) use app::{Difference, Field, SizeSaid};

/// Who re-signs a connection that should carry the provider's certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Interceptor {
    /// An inspecting product named in the issuer (antivirus, corporate proxy).
    Product { issuer: String },
    /// A large provider whose certificates are public, shown an untrusted one.
    Provider { name: &'static str },
}

/// An inspecting product, by the setting that turns its inspection off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scanner {
    Avast,
    Kaspersky,
    Eset,
    Bitdefender,
    Norton,
    /// Another antivirus (McAfee, Sophos): its mail or TLS scanning.
    Antivirus,
    /// A company's web proxy or firewall (Zscaler, Fortinet, ...).
    Proxy,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cause {
    // The relay's own refusals: nothing was sent.
    DestinationNotAllowed {
        address: Option<IpAddr>,
        reason: Option<String>,
    },
    RelayRefused {
        refusal: Refusal,
    },
    // Name lookup.
    NxDomain,
    /// The name is an alias (CNAME) whose target does not exist.
    BrokenAlias {
        chain: Vec<String>,
    },
    ServFail,
    DnsTimeout,
    NoAddress,
    // Connecting.
    TcpRefused,
    TcpFiltered {
        control_answered: bool,
    },
    TcpUnreachable,
    Ipv6Broken {
        outcome: TcpOutcome,
    },
    Ipv4Broken {
        outcome: TcpOutcome,
    },
    // TLS.
    TlsTooOld {
        offered: Option<TlsVersion>,
    },
    TlsOnPlainPort,
    HandshakeStalled,
    HandshakeAlert {
        description: String,
    },
    HandshakeClosed,
    HandshakeFailed {
        detail: String,
    },
    WebAnswer {
        said: String,
    },
    CertExpired {
        not_after: Option<String>,
    },
    CertNotYetValid {
        not_before: Option<String>,
    },
    CertSelfSigned,
    CertUntrusted,
    CertNameMismatch {
        expected: String,
        presented: Vec<String>,
    },
    ChainIncomplete,
    CertRevoked,
    CertRejected {
        detail: String,
    },
    Intercepted {
        by: Interceptor,
    },
    /// The chain verifies, but a scanning product whose root this device
    /// trusts issued it: the mail works, and the product reads it.
    ScannerInTheMiddle {
        product: Scanner,
        issuer: String,
    },
    /// The handshake stalled and completed with small segments: large
    /// packets are lost on the path (an MTU black hole).
    MtuBlackhole {
        mss: u16,
    },
    // Greeting.
    ProtocolMismatch {
        spoken: Option<MailProtocol>,
    },
    ServerUnavailable {
        said: String,
    },
    ClientBlocked {
        said: String,
    },
    PlainOnTlsPort {
        planned_starttls: bool,
    },
    SilentTlsPort,
    NoGreeting {
        waited_ms: u64,
    },
    ServerClosed {
        step: Step,
    },
    ServerMisbehaved {
        step: Step,
        reason: ProbeFailure,
    },
    ProtocolViolation {
        step: Step,
        violation: Violation,
    },
    LocalFailure {
        step: Step,
        detail: String,
    },
    // Capabilities and STARTTLS.
    EsmtpInspection {
        masked: Vec<String>,
        hides_starttls: bool,
    },
    StarttlsNotOffered,
    StarttlsRequiredForLogin,
    LoginNeedsTls,
    PlaintextLoginRefused {
        said: Option<String>,
    },
    StarttlsRefused {
        said: String,
    },
    /// STARTTLS missing from the list, and yet accepted when asked, with a
    /// working handshake: the path hides it from mail apps.
    StarttlsHidden {
        said: String,
    },
    /// STARTTLS missing from the list and refused, while the server itself
    /// wants TLS first: the path blocks encryption.
    StarttlsBlocked {
        said: String,
        demand: String,
    },
    // Login.
    UsernameFormat {
        said: String,
    },
    Known {
        refusal: &'static KnownRefusal,
        said: String,
    },
    PasswordExpired {
        said: String,
    },
    AccountLocked {
        said: String,
    },
    LoginUnavailable {
        said: String,
    },
    /// An OAuth access token refused (expired, revoked, wrong scope).
    TokenRefused {
        said: String,
    },
    InvalidCredentials {
        said: String,
    },
    LoginRejected {
        said: String,
    },
    Withheld {
        why: WithheldReason,
    },
    /// The server offers only SASL mechanisms maildoctor does not speak
    /// (GSSAPI, NTLM, ...): the login never happened.
    /// The credentials need a mechanism the server does not offer.
    MechanismNotOffered {
        wanted: String,
        offered: Vec<String>,
    },
    MechanismsUnsupported {
        offered: Vec<String>,
    },
    AuthNotOffered,
    /// The login worked only by challenge and response (`CRAM-MD5`, or
    /// POP3's `APOP`): the server takes no password in clear, so an app set
    /// to a normal password fails, and Outlook has neither.
    ChallengeLoginOnly {
        method: String,
    },
    /// A POP3 server without USER/PASS: the login worked by SASL (AUTH
    /// PLAIN), which apps that only send USER and PASS never try.
    UserPassOff,
    // It works.
    Works {
        side: Side,
        /// Whether a login was part of it; without one the words say the
        /// server answers, not that mail works (the account is unproven).
        signed_in: bool,
    },
    SignInToSend {
        mechanisms: Vec<String>,
    },
    PlaintextInsecure,
    // Across probes.
    PacketLoss {
        attempts: u8,
        failed: u8,
        retried: usize,
    },
    HighLatency {
        median_ms: u64,
    },
    /// No question of the session got an answer from the system resolver.
    ResolverSilent,
    /// The resolver's address for the server fails; the zone's own name
    /// servers give another, where the server answers.
    StaleResolver {
        name: String,
        resolver_said: Vec<IpAddr>,
        zone_says: IpAddr,
        zone_server: String,
    },
    ResolverFailed {
        name: String,
        elsewhere: Vec<IpAddr>,
    },
    ResolverMissingName {
        name: String,
        elsewhere: Vec<IpAddr>,
    },
    ResolversDisagree {
        name: String,
        mine: Vec<IpAddr>,
        theirs: Vec<IpAddr>,
    },
    /// The resolver says names that must exist do not (the root zone, a
    /// provider's servers, names the reference finds): offline, a captive
    /// portal, a hijacking resolver or a filter.
    ResolverDenies {
        names: Vec<String>,
        root: bool,
    },
    /// The resolver answers a blocking address (0.0.0.0, or a private one
    /// for a public name) where the reference gives the server's.
    ResolverSinkhole {
        name: String,
        sink: Vec<IpAddr>,
        elsewhere: Vec<IpAddr>,
    },
    /// The resolver answers, but only after a second or more.
    ResolverSlow {
        name: String,
        elapsed_ms: u64,
    },
    /// A server's name the resolver denied, folded under the resolver's
    /// fault: no typo, whatever a lone "no such name" would suggest.
    NxDomainDenied,
    Port25Blocked,
    MailPortsBlocked {
        host: String,
        ports: Vec<u16>,
    },
    DomainMissing {
        domain: String,
    },
    DiscoveryFound {
        side: Side,
        found: Vec<(Endpoint, Source)>,
        provider: Option<&'static Provider>,
    },
    DiscoveryNone {
        side: Side,
        domain: String,
        tried: usize,
        sources: Vec<Source>,
        had_settings: bool,
    },
    HostTypo {
        typed: String,
        meant: String,
    },
    HostMismatch {
        side: Side,
        domain: String,
        target: Endpoint,
        source: Source,
    },
    /// A server discovery tried (a guessed name, an MX host, a published
    /// server) failed this way: a reason the search found nothing, not a
    /// fault in the person's setup.
    Candidate {
        cause: Box<Cause>,
    },
    /// The provider's page says `expected`; the app uses the item's endpoint.
    ProviderSays {
        side: Side,
        expected: Endpoint,
        given_works: bool,
        /// The app's settings answered, but only without encryption, so the
        /// password was held back: they are not known to fail.
        given_unencrypted: bool,
    },
    /// Part B: the relay that ran the checks cannot reach `port` on the
    /// internet (its hello says so: a cloud blocking outbound 25). A
    /// failure to connect there says nothing about the person's network or
    /// the server, and folds under this.
    RelayCannotReach {
        port: u16,
    },
    // Part D: two places compared (`vantage`), here and a relay elsewhere.
    // Each is a difference only the pair can prove; the item's endpoint is
    // the server compared, and what it explains from here follows it.
    /// The name's addresses differ here and there (a filtering or stale
    /// resolver on this network).
    AnswersDifferHere {
        here: Vec<IpAddr>,
        there: Vec<IpAddr>,
    },
    /// The relay elsewhere connects; from here the connection ends `how`.
    BlockedHere {
        how: TcpOutcome,
    },
    /// Another issuer signs the server's certificate here than there.
    InterceptedHere {
        here: String,
        there: String,
    },
    /// The server offers `what` (STARTTLS, AUTH) there and not here.
    StrippedHere {
        what: &'static str,
    },
    /// The settings work from there and fail from here.
    FailsOnlyHere,
    /// The settings fail the same way from both places.
    FailsInBoth,
    /// Issue 22 (slow-server): a reply slower than some app waits, or slow.
    SlowReply(slow::SlowReply),
    // Issue 22 (clock): the device's clock is off; first, before the
    // certificate verdicts it explains (the `clock` module).
    ClockWrong(clock::ClockOff),
    // Issue 23 (APPERR): what the app's own message means, and what the
    // check found for it; a message maildoctor does not know.
    AppErrorRead(app_error::AppErrorRead),
    AppErrorUnknown,
    // Issue 23 (AUTODISCOVER): what the domain's own Autodiscover did.
    Autodiscover(autodiscover_said::AutodiscoverSaid),
    /// The leaf differs from the one the last check of the server saw.
    CertChanged(changed::CertChanged),
    // Issue 23 (ISPDB): the ISP database's copy, its changes, a stale entry (`ispdb`).
    Ispdb(ispdb::IspdbNote),
    // Issue 22 (app-suspect): every step passed with the person's settings.
    /// A login proved these directions with the app's own settings: what
    /// is left is the app's saved state.
    AppSuspect {
        incoming: bool,
        outgoing: bool,
        differs: Vec<Difference>,
    },
    /// The settings answer, but no login proved the account: the app
    /// cannot be blamed yet.
    AppUnproven {
        incoming: bool,
        outgoing: bool,
    },
    /// What no check can see (filters, size limits), with what the
    /// sending server said about size.
    Unseen {
        size: SizeSaid,
    },
    // Issue 22 (server-ban): the server's own ban of this address (ban.rs).
    /// `host` refused a login and then stopped answering on `ports` (`said`
    /// is the refusal), or is silent on every port, 443 too, while `other`
    /// answers mail from here.
    ServerBan {
        host: String,
        ports: Vec<u16>,
        said: Option<String>,
        other: Option<String>,
    },
    /// Nothing answered anywhere: a firewall here and a ban of this
    /// address by `host` look the same.
    BanOrFirewall {
        host: String,
    },
    // Issue 22 (old-clients): the oldest TLS version a working server
    // accepts, and the cipher families of it and of the newest
    // (`diagnose/old_clients.rs`).
    TlsFloor {
        lowest: TlsVersion,
        newest: TlsVersion,
        cipher: String,
        oldest_cipher: String,
    },
}

/// `security` is what a mail app would have chosen for `port`.
pub(crate) fn usual_security(port: u16) -> Option<Security> {
    Security::usual_for_port(port)
}
