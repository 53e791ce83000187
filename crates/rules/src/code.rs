use core::fmt;

use serde::{Deserialize, Serialize};

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Mail cannot work this way.
    Error,
    /// Works, but unsafe or degraded.
    Warning,
    /// Said for the record, nothing to fix (a login held back, settings
    /// found by discovery, the oldest TLS version a server accepts).
    Info,
    /// A setting seen to work.
    Ok,
}

macro_rules! codes {
    ($($variant:ident => $code:literal,)*) => {
        /// A finding's stable code: a contract with everything that reads reports
        /// (the page, scripts using `--json`, help-center widgets). One variant per
        /// concrete cause; never reuse a code for a new meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $(#[doc = concat!("`", $code, "` in reports (meaning: `docs/report.md`).")] $variant,)* }

        impl Code {
            /// Every code, in declaration order: the tests walk it so that no
            /// code lacks words or a staged cause.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable dotted string reports carry (`dns.nxdomain`).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The code a report's string names (reading a report back);
            /// `None` for a string that is no code of this version.
            pub fn parse(code: &str) -> Option<Code> {
                match code { $($code => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    DnsNxdomain => "dns.nxdomain",
    DnsNoAddress => "dns.no_address",
    DnsServfail => "dns.servfail",
    DnsTimeout => "dns.timeout",
    DnsSystemResolverFailed => "dns.system_resolver_failed",
    DnsAnswersDiffer => "dns.answers_differ",
    DnsIpv6Broken => "dns.ipv6_broken",
    DnsIpv4Broken => "dns.ipv4_broken",
    DnsSlowResolver => "dns.slow_resolver",
    SettingsHostTypo => "settings.host_typo",
    SettingsHostMismatch => "settings.host_mismatch",
    SettingsNotAsProviderSays => "settings.not_as_provider_says",
    VantageBlockedHere => "vantage.blocked_here",
    VantageInterceptedHere => "vantage.intercepted_here",
    VantageStrippedHere => "vantage.stripped_here",
    VantageDnsDiffers => "vantage.dns_differs",
    VantageOnlyHere => "vantage.only_here",
    VantageSameFailure => "vantage.same_failure",
    VantageRelayBlocked => "vantage.relay_blocked",
    TcpRefused => "tcp.refused",
    TcpFiltered => "tcp.filtered",
    TcpUnreachable => "tcp.unreachable",
    TcpPort25Blocked => "tcp.port25_blocked",
    FirewallMailPortsBlocked => "firewall.mail_ports_blocked",
    SettingsProtocolMismatch => "settings.protocol_mismatch",
    SettingsTlsOnPlainPort => "settings.tls_on_plain_port",
    SettingsPlainOnTlsPort => "settings.plain_on_tls_port",
    SettingsPlaintextInsecure => "settings.plaintext_insecure",
    StarttlsNotOffered => "starttls.not_offered",
    StarttlsFailed => "starttls.failed",
    StarttlsRequired => "starttls.required",
    TlsProtocolTooOld => "tls.protocol_too_old",
    TlsCertExpired => "tls.cert_expired",
    TlsCertNotYetValid => "tls.cert_not_yet_valid",
    TlsCertSelfSigned => "tls.cert_self_signed",
    TlsCertUntrusted => "tls.cert_untrusted",
    TlsCertNameMismatch => "tls.cert_name_mismatch",
    TlsChainIncomplete => "tls.chain_incomplete",
    TlsIntercepted => "tls.intercepted",
    TlsHandshakeFailed => "tls.handshake_failed",
    ServerNoGreeting => "server.no_greeting",
    ServerUnavailable => "server.unavailable",
    ServerClientBlocked => "server.client_blocked",
    ServerInUse => "server.in_use",
    ServerLoginDelay => "server.login_delay",
    ServerProtocolError => "server.protocol_error",
    ServerOverQuota => "server.over_quota",
    AuthInvalidCredentials => "auth.invalid_credentials",
    AuthAppPasswordRequired => "auth.app_password_required",
    AuthBasicAuthDisabled => "auth.basic_auth_disabled",
    AuthWebLoginRequired => "auth.web_login_required",
    AuthAccountLocked => "auth.account_locked",
    AuthPasswordExpired => "auth.password_expired",
    AuthPlaintextDisallowed => "auth.plaintext_disallowed",
    AuthMechanismUnsupported => "auth.mechanism_unsupported",
    AuthNotOffered => "auth.not_offered",
    AuthRequired => "auth.required",
    AuthTooManyConnections => "auth.too_many_connections",
    AuthSmtpAuthDisabled => "auth.smtp_auth_disabled",
    AuthUsernameFormat => "auth.username_format",
    AuthRejected => "auth.rejected",
    AuthWithheld => "auth.withheld",
    AuthProtocolDisabled => "auth.protocol_disabled",
    AuthChallengeResponseOnly => "auth.challenge_response_only",
    AuthUserPassOff => "auth.user_pass_off",
    NetworkIntermittent => "network.intermittent",
    NetworkHighLatency => "network.high_latency",
    NetworkIntercepted => "network.intercepted",
    NetworkMtuBlackhole => "network.mtu_blackhole",
    DiscoveryFound => "discovery.found",
    DiscoveryNone => "discovery.none",
    RelayDestinationNotAllowed => "relay.destination_not_allowed",
    RelayRefused => "relay.refused",
    RelayLocalError => "relay.local_error",
    AppSuspect => "app.suspect",
    AppUnproven => "app.unproven",
    UnseenCauses => "unseen.causes",
    ServerBan => "server.ban",
    ServerBanOrFirewall => "server.ban_or_firewall",
    DeviceClockWrong => "device.clock_wrong",
    TlsOldVersionsAccepted => "tls.old_versions_accepted",
    TlsNeedsTls12 => "tls.needs_tls12",
    TlsNeedsTls13 => "tls.needs_tls13",
    ServerSlowerThanApps => "server.slower_than_apps",
    ServerSlowReply => "server.slow_reply",
    TlsCertChanged => "tls.cert_changed",
    // Issue 23 (anchor: APPERR)
    AppErrorRead => "app.error_read",
    AppErrorUnknown => "app.error_unknown",
    // Issue 23 (anchor: ISPDB)
    DiscoveryIspdbSnapshot => "discovery.ispdb_snapshot",
    DiscoveryIspdbChanged => "discovery.ispdb_changed",
    DiscoveryIspdbStale => "discovery.ispdb_stale",
    // Issue 23 (anchor: AUTODISCOVER)
    DiscoveryAutodiscoverAnswered => "discovery.autodiscover_answered",
    DiscoveryAutodiscoverNone => "discovery.autodiscover_none",
    DiscoveryAutodiscoverRedirectRefused => "discovery.autodiscover_redirect_refused",
    // Issue 23 (anchor: HANDOFF)
    // Issue 23 (anchor: OAUTH)
    OkIncoming => "ok.incoming",
    OkOutgoing => "ok.outgoing",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Code::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("unknown finding code {text:?}")))
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    /// The codes DESIGN.md promises, verbatim.
    const CONTRACT: &str = "dns.nxdomain dns.no_address dns.servfail dns.timeout dns.system_resolver_failed \
dns.answers_differ dns.ipv6_broken settings.host_typo settings.host_mismatch \
tcp.refused tcp.filtered tcp.unreachable tcp.port25_blocked firewall.mail_ports_blocked \
settings.protocol_mismatch settings.tls_on_plain_port settings.plain_on_tls_port \
settings.plaintext_insecure starttls.not_offered starttls.failed starttls.required \
tls.protocol_too_old tls.cert_expired tls.cert_not_yet_valid tls.cert_self_signed \
tls.cert_untrusted tls.cert_name_mismatch tls.chain_incomplete tls.intercepted \
tls.handshake_failed server.no_greeting server.unavailable server.client_blocked \
server.in_use server.login_delay auth.invalid_credentials auth.app_password_required \
auth.basic_auth_disabled auth.web_login_required auth.account_locked \
auth.password_expired auth.plaintext_disallowed auth.mechanism_unsupported \
auth.not_offered auth.required auth.too_many_connections auth.smtp_auth_disabled \
auth.username_format network.intermittent network.high_latency network.intercepted \
discovery.found discovery.none ok.incoming ok.outgoing";

    #[test]
    fn every_contract_code_exists_and_round_trips() {
        for code in CONTRACT.split_ascii_whitespace() {
            let parsed = Code::parse(code).unwrap_or_else(|| panic!("missing code {code}"));
            assert_eq!(parsed.as_str(), code);
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
        }
    }
}
