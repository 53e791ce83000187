//! How much each cause matters, decided in one `match`, as its code is in
//! `code.rs`.

use maildoctor_wire::TlsVersion;

use super::Cause;
use crate::Severity;

impl Cause {
    pub(crate) fn severity(&self) -> Severity {
        match self {
            Cause::DestinationNotAllowed { .. }
            | Cause::RelayRefused { .. }
            | Cause::LocalFailure { .. }
            | Cause::Withheld { .. }
            | Cause::SignInToSend { .. }
            | Cause::DiscoveryFound { .. }
            | Cause::Candidate { .. }
            | Cause::AppSuspect { .. }
            | Cause::AppUnproven { .. }
            | Cause::AppErrorRead(_)
            | Cause::AppErrorUnknown
            | Cause::Unseen { .. }
            // A note beside the firewall's finding: it cannot be told apart.
            | Cause::BanOrFirewall { .. } => Severity::Info,
            // TLS 1.2 shuts out only old systems (Windows 7 without its
            // update, Android before 5.0: the note names them); TLS 1.3
            // alone shuts out Outlook on Windows 10, a warning to act on.
            Cause::TlsFloor { lowest: TlsVersion::Tls13, .. } => Severity::Warning,
            Cause::TlsFloor { .. } => Severity::Info,
            // When the person gave settings, a fruitless search for
            // alternatives is information; with nothing given it is the answer.
            Cause::DiscoveryNone { had_settings: true, .. } => Severity::Info,
            Cause::Ipv6Broken { .. }
            | Cause::Ipv4Broken { .. }
            | Cause::ScannerInTheMiddle { .. }
            | Cause::PlaintextInsecure
            | Cause::PacketLoss { .. }
            | Cause::HighLatency { .. }
            // Mail works, slowly; some apps give up first.
            | Cause::SlowReply(_)
            | Cause::ResolversDisagree { .. }
            | Cause::ResolverSlow { .. }
            // The login works, yet every app's default setting fails here
            // (and Outlook cannot be set to it): the person must act.
            | Cause::ChallengeLoginOnly { .. }
            | Cause::UserPassOff
            | Cause::ProviderSays { given_works: true, .. }
            // Nothing is known to be wrong, so not an error; but nothing
            // was learnt either, and only a check from the person's own
            // computer can tell: they must act, so more than information.
            | Cause::RelayCannotReach { .. } => Severity::Warning,
            // Blanked-out extensions are harmless unless they hide STARTTLS
            // from a client that needs it.
            Cause::EsmtpInspection { hides_starttls, .. } => {
                if *hides_starttls {
                    Severity::Error
                } else {
                    Severity::Warning
                }
            }
            Cause::Works { .. } => Severity::Ok,
            // A wrong clock stops the mail once the app rejects a
            // certificate by it; until then it is a fault waiting to happen.
            Cause::ClockWrong(off) if off.app_sees.is_none() => Severity::Warning,
            Cause::CertChanged(changed) => changed.severity(),
            Cause::Ispdb(note) => note.severity(),
            Cause::Autodiscover(said) => said.severity(),
            // A difference between two places is what stops the mail from
            // here, and a failure both share stops it everywhere.
            Cause::AnswersDifferHere { .. }
            | Cause::BlockedHere { .. }
            | Cause::InterceptedHere { .. }
            | Cause::StrippedHere { .. }
            | Cause::FailsOnlyHere
            | Cause::FailsInBoth => Severity::Error,
            _ => Severity::Error,
        }
    }
}
