//! What a person reads while signing in at their provider for a token
//! (issue 23, "OAuth sign-in for a token"): `check --oauth`'s device grant
//! and the page's "Sign in with …". Typed here so each message is looked up
//! with exactly its arguments, in every language the catalogs have.

use crate::catalog::{Args, Catalog};

/// One thing said about a sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignIn<'a> {
    /// Where to sign in, and the code to enter there (RFC 8628 §3.3).
    DeviceOpen {
        /// The provider's verification address (`verification_uri`).
        url: &'a str,
        /// The user code the person types there.
        code: &'a str,
    },
    /// The address that carries the code (verification_uri_complete).
    DeviceOpenDirect {
        /// The verification address with the code already in it.
        url: &'a str,
    },
    /// `check` polls until the person has signed in or the code expires.
    Waiting {
        /// How long the code stays valid, rounded up to whole minutes.
        minutes: u64,
    },
    /// The provider gave `check` a token; the check logs in with it.
    SignedIn {
        /// The provider's name, or the device endpoint's host and port
        /// when the provider is given by URL.
        provider: &'a str,
    },
    /// The person, or the account's policy, refused the sign-in
    /// (`access_denied`).
    Denied {
        /// The provider's name.
        provider: &'a str,
    },
    /// The code expired before the person signed in.
    Expired {
        /// The provider's name.
        provider: &'a str,
        /// The code's lifetime, for the next try.
        minutes: u64,
    },
    /// Any other failure, in words that never quote a server's body.
    Failed {
        /// The provider's name.
        provider: &'a str,
        /// What went wrong, in maildoctor's words.
        detail: &'a str,
    },
    /// The provider offers no device grant: sign in on the page, or pass a
    /// token.
    NoDeviceGrant {
        /// The provider's name.
        provider: &'a str,
    },
    /// The operator has set no OAuth client id for the provider.
    NoClient {
        /// The provider's name.
        provider: &'a str,
    },
    /// Nothing tells which provider signs in for the address's domain.
    UnknownProvider {
        /// The address's domain.
        domain: &'a str,
    },
    /// The page's "Sign in with …" button.
    Button {
        /// The name the page's OAuth configuration gives the provider.
        provider: &'a str,
    },
    /// The page got a token from the provider's popup; it stays in memory.
    PageSignedIn {
        /// The provider's name, as the page's configuration gives it.
        provider: &'a str,
    },
    /// The page's sign-in popup ended without a token.
    PageFailed {
        /// The provider's name, as the page's configuration gives it.
        provider: &'a str,
        /// The popup's short reason (an OAuth error code, `popup`,
        /// `timeout`), or `?` when it gave none.
        detail: &'a str,
    },
}

impl SignIn<'_> {
    /// The sentence in the catalog's language, with its arguments.
    pub fn words(&self, catalog: &Catalog) -> String {
        let provider = |p: &str| Args::new().text("provider", p.to_owned());
        let (id, args) = match *self {
            Self::DeviceOpen { url, code } => ("oauth-device-open", Args::new().text("url", url).text("code", code)),
            Self::DeviceOpenDirect { url } => ("oauth-device-open-direct", Args::new().text("url", url)),
            Self::Waiting { minutes } => ("oauth-device-waiting", Args::new().number("minutes", minutes)),
            Self::SignedIn { provider: p } => ("oauth-signed-in", provider(p)),
            Self::Denied { provider: p } => ("oauth-denied", provider(p)),
            Self::Expired { provider: p, minutes } => ("oauth-expired", provider(p).number("minutes", minutes)),
            Self::Failed { provider: p, detail } => ("oauth-failed", provider(p).text("detail", detail)),
            Self::NoDeviceGrant { provider: p } => ("oauth-no-device-grant", provider(p)),
            Self::NoClient { provider: p } => ("oauth-no-client", provider(p)),
            Self::UnknownProvider { domain } => ("oauth-unknown-provider", Args::new().text("domain", domain)),
            Self::Button { provider: p } => ("oauth-button", provider(p)),
            Self::PageSignedIn { provider: p } => ("oauth-page-signed-in", provider(p)),
            Self::PageFailed { provider: p, detail } => ("oauth-page-failed", provider(p).text("detail", detail)),
        };
        catalog.text(id, &args)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::catalog::Lang;

    pub(crate) fn every(p: &str) -> Vec<SignIn<'_>> {
        vec![
            SignIn::DeviceOpen { url: "https://microsoft.com/devicelogin", code: "ABCD-EFGH" },
            SignIn::DeviceOpenDirect { url: "https://idp.example/device?user_code=ABCD" },
            SignIn::Waiting { minutes: 15 },
            SignIn::SignedIn { provider: p },
            SignIn::Denied { provider: p },
            SignIn::Expired { provider: p, minutes: 15 },
            SignIn::Failed { provider: p, detail: "the token endpoint answered HTTP 400 (invalid_grant)" },
            SignIn::NoDeviceGrant { provider: p },
            SignIn::NoClient { provider: p },
            SignIn::UnknownProvider { domain: "example.com" },
            SignIn::Button { provider: p },
            SignIn::PageSignedIn { provider: p },
            SignIn::PageFailed { provider: p, detail: "access_denied" },
        ]
    }

    /// Every message, for the catalogs' completeness test.
    pub(crate) fn every_message(catalog: &Catalog) {
        for said in every("Microsoft") {
            let _ = said.words(catalog);
        }
    }

    #[test]
    fn each_sign_in_message_reads_in_english_and_german() {
        let (en, de) = (Catalog::new(Lang::En), Catalog::new(Lang::De));
        let cases = [
            (
                SignIn::DeviceOpen { url: "https://microsoft.com/devicelogin", code: "ABCD-EFGH" },
                "enter the code ABCD-EFGH",
                "den Code ABCD-EFGH ein",
            ),
            (
                SignIn::Denied { provider: "Microsoft" },
                "The sign-in at Microsoft was refused",
                "Die Anmeldung bei Microsoft wurde abgelehnt",
            ),
            (SignIn::Expired { provider: "Microsoft", minutes: 15 }, "within 15 min", "innerhalb von 15 Min."),
            (
                SignIn::NoDeviceGrant { provider: "Google" },
                "Google does not allow sign-in on a device without a browser; use --oauth-token-stdin or the page",
                "Google erlaubt keine Anmeldung auf einem Gerät ohne Browser",
            ),
            (
                SignIn::NoClient { provider: "Fastmail" },
                "No OAuth client is set up for Fastmail",
                "Für Fastmail ist kein OAuth-Client eingerichtet",
            ),
            (SignIn::Button { provider: "Microsoft" }, "Sign in with Microsoft", "Mit Microsoft anmelden"),
        ];
        for (said, english, german) in cases {
            assert!(said.words(&en).contains(english), "{}", said.words(&en));
            assert!(said.words(&de).contains(german), "{}", said.words(&de));
        }
        for said in every("Yahoo") {
            let (e, d) = (said.words(&en), said.words(&de));
            assert!(!e.is_empty() && !d.is_empty() && e != d, "{said:?}: {e} / {d}");
            assert!(!e.contains('{') && !d.contains('{'), "every variable given: {e} / {d}");
        }
    }
}
