//! How much each cause matters, decided in one `match`, as its code is in
//! the enum's own file.

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
            | Cause::Candidate { .. } => Severity::Info,
            // When the person gave settings, a fruitless search for
            // alternatives is information; with nothing given it is the answer.
            Cause::DiscoveryNone { had_settings: true, .. } => Severity::Info,
            Cause::Ipv6Broken { .. }
            | Cause::Ipv4Broken { .. }
            | Cause::ScannerInTheMiddle { .. }
            | Cause::PlaintextInsecure
            | Cause::PacketLoss { .. }
            | Cause::HighLatency { .. }
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
