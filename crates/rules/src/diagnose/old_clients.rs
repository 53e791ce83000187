//! Issue 22, "the old client": the oldest TLS version a server that works
//! still accepts, and the cipher families it picks, so the report can name
//! the mail apps and systems that cannot connect to it. The executor asks
//! only after a handshake with a valid certificate (`Event::TlsVersions`:
//! hellos offering nothing newer than one version, newest first, until one
//! is refused); nothing is said where no answer settled the question.
//!
//! Who cannot meet a floor, and the sources the catalogs' words rest on:
//! - TLS 1.2: Windows 7 supports TLS 1.1 and 1.2 but does not enable them;
//!   Office applications use them only after update KB3140245 and the
//!   Schannel registry settings ("Update to enable TLS 1.1 and TLS 1.2 as
//!   default secure protocols in WinHTTP in Windows",
//!   https://support.microsoft.com/help/3140245: "these protocol versions
//!   are not enabled by default in Windows 7, you must configure the
//!   registry settings to ensure Office applications can successfully use
//!   TLS 1.1 and 1.2"). Android's client sockets support TLS 1.1 and 1.2
//!   from API 16 and enable them by default from API 20 (SSLSocket,
//!   "Default configuration", https://developer.android.com/reference/javax/net/ssl/SSLSocket):
//!   before Android 5.0 an app that does not turn them on speaks TLS 1.0.
//! - TLS 1.3: Windows 10's Schannel goes up to TLS 1.2, Windows 11's to
//!   TLS 1.3 (Microsoft Learn, "Transport Layer Security (TLS) best
//!   practices with .NET Framework", table "highest supported TLS version":
//!   https://learn.microsoft.com/dotnet/framework/network-programming/tls,
//!   and "TLS protocol version support in Schannel"); Office applications
//!   use Schannel (KB3140245 above), so Outlook classic on Windows 10
//!   cannot connect. Android enables TLSv1.3 from API 29, Android 10
//!   (SSLSocket, same table). Apple enables TLS 1.3 by default from iOS 12.2
//!   for Network.framework and NSURLSession, and SecureTransport never has
//!   it (Apple Platform Security, "TLS security",
//!   https://support.apple.com/guide/security/sec100a75d12).

use maildoctor_wire::{TlsResult, TlsVersion, VersionAnswer};

use crate::catalog::Args;
use crate::cause::Cause;
use crate::item::Item;
use crate::observe::Observation;

/// The note about the server's oldest TLS version, once the settings work;
/// `None` when the versions were not asked or no answer settled them.
pub(super) fn note(seen: &Observation<'_>) -> Option<Item> {
    let tls = seen.tls?;
    let TlsResult::Established { version: newest, cipher, .. } = tls.what else { return None };
    let asked = seen.tls_versions?;
    let (lowest, oldest_cipher) = lowest(*newest, cipher, asked.what)?;
    let cause =
        Cause::TlsFloor { lowest, newest: *newest, cipher: family(cipher), oldest_cipher: family(&oldest_cipher) };
    Some(Item::new(cause).at(seen.endpoint).proof(tls).proof(asked))
}

/// The message and its words: the oldest version and its cipher family,
/// the newest and its.
pub(crate) fn words(
    host: String,
    lowest: TlsVersion,
    newest: TlsVersion,
    cipher: &str,
    oldest_cipher: &str,
) -> (&'static str, Args<'static>) {
    let args = Args::new().text("host", host).text("cipher", cipher.to_owned());
    match lowest {
        TlsVersion::Tls13 => ("f-tls-floor-13", args),
        TlsVersion::Tls12 => {
            ("f-tls-floor-12", args.text("newest", newest.name()).text("old_cipher", oldest_cipher.to_owned()))
        }
        _ => (
            "f-tls-floor-old",
            args.text("lowest", lowest.name())
                .text("newest", newest.name())
                .text("old_cipher", oldest_cipher.to_owned()),
        ),
    }
}

/// The oldest version accepted and the suite it came with: the last hello
/// the server took, if a refusal followed it (or it was TLS 1.0, the last
/// one asked). An unanswered hello settles nothing, unless an older
/// version was already taken (then "accepts TLS 1.1" is proven either way).
fn lowest(newest: TlsVersion, cipher: &str, answers: &[VersionAnswer]) -> Option<(TlsVersion, String)> {
    let mut lowest = (newest, cipher.to_owned());
    for answer in answers {
        match (answer.chose, answer.refused) {
            (Some(chose), _) if chose <= answer.offered => {
                lowest = (chose, answer.cipher.clone().unwrap_or_default());
                if chose == TlsVersion::Tls10 {
                    return Some(lowest);
                }
            }
            (_, true) => return Some(lowest),
            // No answer: the floor is known only if it is already an old version.
            _ => return lowest.0.is_obsolete().then_some(lowest),
        }
    }
    lowest.0.is_obsolete().then_some(lowest)
}

/// The families of a suite's IANA name, key exchange first: `ECDHE +
/// AES-GCM`. TLS 1.3 suites name only the cipher (the key exchange is
/// always ephemeral there); a plain `RSA` exchange has no forward secrecy.
pub(crate) fn family(suite: &str) -> String {
    let upper = suite.to_ascii_uppercase();
    let exchange = ["ECDHE", "DHE", "RSA"].into_iter().find(|kx| upper.contains(&format!("TLS_{kx}_")));
    let cipher = [
        ("CHACHA20", "ChaCha20"),
        ("_GCM", "AES-GCM"),
        ("_CCM", "AES-CCM"),
        ("3DES", "3DES"),
        ("RC4", "RC4"),
        ("_CBC", "AES-CBC"),
    ]
    .into_iter()
    .find(|(token, _)| upper.contains(token))
    .map(|(_, name)| name);
    match (exchange, cipher) {
        (Some(kx), Some(cipher)) => format!("{kx} + {cipher}"),
        (None, Some(cipher)) => cipher.to_owned(),
        _ => suite.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    fn took(offered: TlsVersion, cipher: &str) -> VersionAnswer {
        VersionAnswer { offered, chose: Some(offered), cipher: Some(cipher.into()), refused: false }
    }

    fn refused(offered: TlsVersion) -> VersionAnswer {
        VersionAnswer { offered, chose: None, cipher: None, refused: true }
    }

    fn silent(offered: TlsVersion) -> VersionAnswer {
        VersionAnswer { offered, chose: None, cipher: None, refused: false }
    }

    #[test]
    fn the_floor_is_the_last_version_taken_before_a_refusal() {
        use TlsVersion::*;
        let aes = "TLS13_AES_256_GCM_SHA384";
        let gcm = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        let cbc = "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA";
        assert_eq!(lowest(Tls13, aes, &[refused(Tls12)]), Some((Tls13, aes.into())));
        assert_eq!(lowest(Tls13, aes, &[took(Tls12, gcm), refused(Tls11)]), Some((Tls12, gcm.into())));
        assert_eq!(lowest(Tls12, gcm, &[refused(Tls11)]), Some((Tls12, gcm.into())));
        let all = [took(Tls12, gcm), took(Tls11, cbc), took(Tls10, cbc)];
        assert_eq!(lowest(Tls13, aes, &all), Some((Tls10, cbc.into())));
        // Silence settles nothing, unless an old version was already taken.
        assert_eq!(lowest(Tls13, aes, &[silent(Tls12)]), None);
        assert_eq!(lowest(Tls13, aes, &[took(Tls12, gcm), silent(Tls11)]), None);
        assert_eq!(lowest(Tls13, aes, &[took(Tls12, gcm), took(Tls11, cbc), silent(Tls10)]), Some((Tls11, cbc.into())));
        assert_eq!(lowest(Tls13, aes, &[]), None);
    }

    #[test]
    fn families_name_the_exchange_and_the_cipher() {
        assert_eq!(family("TLS13_AES_256_GCM_SHA384"), "AES-GCM");
        assert_eq!(family("TLS13_CHACHA20_POLY1305_SHA256"), "ChaCha20");
        assert_eq!(family("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"), "ECDHE + AES-CBC");
        assert_eq!(family("TLS_RSA_WITH_3DES_EDE_CBC_SHA"), "RSA + 3DES");
        assert_eq!(family("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"), "DHE + AES-GCM");
        assert_eq!(family("0x1301"), "0x1301");
    }
}
