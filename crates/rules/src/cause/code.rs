//! Each cause's one code, decided in one `match`, as its severity is in
//! `severity.rs`.

use maildoctor_wire::{Refusal, TlsVersion};

use super::Cause;
use crate::{Code, Side};

impl Cause {
    pub(crate) fn code(&self) -> Code {
        match self {
            Cause::DestinationNotAllowed { .. } => Code::RelayDestinationNotAllowed,
            Cause::RelayRefused { refusal: Refusal::DestinationNotAllowed { .. } } => Code::RelayDestinationNotAllowed,
            Cause::RelayRefused { .. } => Code::RelayRefused,
            Cause::NxDomain | Cause::BrokenAlias { .. } | Cause::DomainMissing { .. } => Code::DnsNxdomain,
            Cause::ServFail => Code::DnsServfail,
            Cause::DnsTimeout => Code::DnsTimeout,
            Cause::NoAddress => Code::DnsNoAddress,
            Cause::TcpRefused => Code::TcpRefused,
            Cause::TcpFiltered { .. } => Code::TcpFiltered,
            Cause::TcpUnreachable => Code::TcpUnreachable,
            Cause::Ipv6Broken { .. } => Code::DnsIpv6Broken,
            Cause::Ipv4Broken { .. } => Code::DnsIpv4Broken,
            Cause::TlsTooOld { .. } => Code::TlsProtocolTooOld,
            Cause::TlsOnPlainPort => Code::SettingsTlsOnPlainPort,
            Cause::HandshakeStalled
            | Cause::HandshakeAlert { .. }
            | Cause::HandshakeClosed
            | Cause::HandshakeFailed { .. } => Code::TlsHandshakeFailed,
            Cause::WebAnswer { .. }
            | Cause::EsmtpInspection { .. }
            | Cause::StarttlsHidden { .. }
            | Cause::StarttlsBlocked { .. } => Code::NetworkIntercepted,
            Cause::MtuBlackhole { .. } => Code::NetworkMtuBlackhole,
            Cause::CertExpired { .. } => Code::TlsCertExpired,
            Cause::CertNotYetValid { .. } => Code::TlsCertNotYetValid,
            Cause::CertSelfSigned => Code::TlsCertSelfSigned,
            Cause::CertUntrusted | Cause::CertRevoked | Cause::CertRejected { .. } => Code::TlsCertUntrusted,
            Cause::CertNameMismatch { .. } => Code::TlsCertNameMismatch,
            Cause::ChainIncomplete => Code::TlsChainIncomplete,
            Cause::Intercepted { .. } | Cause::ScannerInTheMiddle { .. } => Code::TlsIntercepted,
            Cause::ProtocolMismatch { .. } => Code::SettingsProtocolMismatch,
            Cause::ServerUnavailable { .. } | Cause::ServerClosed { .. } | Cause::LoginUnavailable { .. } => {
                Code::ServerUnavailable
            }
            Cause::ClientBlocked { .. } => Code::ServerClientBlocked,
            Cause::PlainOnTlsPort { .. } | Cause::SilentTlsPort => Code::SettingsPlainOnTlsPort,
            Cause::NoGreeting { .. } => Code::ServerNoGreeting,
            Cause::ServerMisbehaved { .. } | Cause::ProtocolViolation { .. } => Code::ServerProtocolError,
            Cause::LocalFailure { .. } => Code::RelayLocalError,
            Cause::StarttlsNotOffered => Code::StarttlsNotOffered,
            Cause::StarttlsRequiredForLogin => Code::StarttlsRequired,
            Cause::LoginNeedsTls | Cause::PlaintextLoginRefused { .. } => Code::AuthPlaintextDisallowed,
            Cause::StarttlsRefused { .. } => Code::StarttlsFailed,
            Cause::UsernameFormat { .. } => Code::AuthUsernameFormat,
            Cause::Known { refusal, .. } => refusal.code,
            Cause::PasswordExpired { .. } => Code::AuthPasswordExpired,
            Cause::AccountLocked { .. } => Code::AuthAccountLocked,
            Cause::InvalidCredentials { .. } | Cause::TokenRefused { .. } => Code::AuthInvalidCredentials,
            Cause::LoginRejected { .. } => Code::AuthRejected,
            Cause::Withheld { .. } => Code::AuthWithheld,
            Cause::MechanismsUnsupported { .. } | Cause::MechanismNotOffered { .. } => Code::AuthMechanismUnsupported,
            Cause::AuthNotOffered => Code::AuthNotOffered,
            Cause::ChallengeLoginOnly { .. } => Code::AuthChallengeResponseOnly,
            Cause::UserPassOff => Code::AuthUserPassOff,
            Cause::Works { side: Side::Incoming, .. } => Code::OkIncoming,
            Cause::Works { side: Side::Outgoing, .. } => Code::OkOutgoing,
            Cause::SignInToSend { .. } => Code::AuthRequired,
            Cause::PlaintextInsecure => Code::SettingsPlaintextInsecure,
            Cause::PacketLoss { .. } => Code::NetworkIntermittent,
            Cause::HighLatency { .. } => Code::NetworkHighLatency,
            // A name the reference finds and the resolver denies is the
            // resolver's failure (a filter, or a name it has not learned).
            Cause::ResolverFailed { .. }
            | Cause::ResolverMissingName { .. }
            | Cause::ResolverDenies { .. }
            | Cause::ResolverSinkhole { .. } => Code::DnsSystemResolverFailed,
            Cause::ResolverSilent => Code::DnsTimeout,
            Cause::ResolversDisagree { .. } | Cause::StaleResolver { .. } => Code::DnsAnswersDiffer,
            Cause::ResolverSlow { .. } => Code::DnsSlowResolver,
            Cause::NxDomainDenied => Code::DnsNxdomain,
            Cause::Port25Blocked => Code::TcpPort25Blocked,
            Cause::MailPortsBlocked { .. } => Code::FirewallMailPortsBlocked,
            Cause::DiscoveryFound { .. } => Code::DiscoveryFound,
            Cause::DiscoveryNone { .. } => Code::DiscoveryNone,
            Cause::HostTypo { .. } => Code::SettingsHostTypo,
            Cause::HostMismatch { .. } => Code::SettingsHostMismatch,
            Cause::ProviderSays { .. } => Code::SettingsNotAsProviderSays,
            Cause::Candidate { cause } => cause.code(),
            Cause::RelayCannotReach { .. } => Code::VantageRelayBlocked,
            Cause::AnswersDifferHere { .. } => Code::VantageDnsDiffers,
            Cause::BlockedHere { .. } => Code::VantageBlockedHere,
            Cause::InterceptedHere { .. } => Code::VantageInterceptedHere,
            Cause::StrippedHere { .. } => Code::VantageStrippedHere,
            Cause::FailsOnlyHere => Code::VantageOnlyHere,
            Cause::FailsInBoth => Code::VantageSameFailure,
            Cause::SlowReply(slow) if slow.gives_up.is_empty() => Code::ServerSlowReply,
            Cause::SlowReply(_) => Code::ServerSlowerThanApps,
            Cause::ClockWrong(_) => Code::DeviceClockWrong,
            Cause::CertChanged(_) => Code::TlsCertChanged,
            Cause::Ispdb(note) => note.code(),
            Cause::AppSuspect { .. } => Code::AppSuspect,
            Cause::AppUnproven { .. } => Code::AppUnproven,
            Cause::Unseen { .. } => Code::UnseenCauses,
            Cause::ServerBan { .. } => Code::ServerBan,
            Cause::BanOrFirewall { .. } => Code::ServerBanOrFirewall,
            Cause::TlsFloor { lowest, .. } if lowest.is_obsolete() => Code::TlsOldVersionsAccepted,
            Cause::TlsFloor { lowest: TlsVersion::Tls12, .. } => Code::TlsNeedsTls12,
            Cause::TlsFloor { .. } => Code::TlsNeedsTls13,
            Cause::AppErrorRead(_) => Code::AppErrorRead,
            Cause::AppErrorUnknown => Code::AppErrorUnknown,
            Cause::Autodiscover(said) => said.code(),
        }
    }
}
