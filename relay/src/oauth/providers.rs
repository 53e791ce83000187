//! Which providers let an app get a token for IMAP, POP and SMTP, and by
//! which grant. The client ids are the operator's (flags, environment, the
//! page's config.json): an id registered by someone else would put their
//! name on the consent screen, and no client secret is ever needed here,
//! because both grants used (RFC 8628 device, RFC 7636 code + PKCE) are for
//! public clients.
//!
//! Sources (read 2026-12):
//! - Microsoft: "Authenticate an IMAP, POP or SMTP connection using OAuth"
//!   (learn.microsoft.com/exchange/client-developer/legacy-protocols/
//!   how-to-authenticate-an-imap-pop-smtp-application-by-using-oauth) lists the
//!   device authorization grant among the flows, with the scopes below and
//!   offline_access; "Microsoft identity platform and the OAuth 2.0 device
//!   authorization grant flow" (learn.microsoft.com/entra/identity-platform/
//!   v2-oauth2-device-code) gives /devicecode, 15 min, interval 5. SPA
//!   redirect URIs may redeem codes cross-origin (CORS) with PKCE and no
//!   secret ("v2-oauth2-auth-code-flow", "Redirect URIs for single-page apps";
//!   AADSTS9002326 otherwise).
//! - Google: IMAP/POP/SMTP need https://mail.google.com/ (developers.google.com/
//!   workspace/gmail/imap/xoauth2-protocol); "OAuth 2.0 for TV and
//!   Limited-Input Device Applications" (developers.google.com/identity/
//!   protocols/oauth2/limited-input-device#allowedscopes) allows only a limited
//!   set of scopes (sign-in, drive.file/appdata, YouTube), not the mail scope.
//!   A "Web application" client must send its client_secret to redeem a code
//!   (developers.google.com/identity/protocols/oauth2/web-server), so a page
//!   cannot do it alone.
//! - Yahoo and AOL: one identity system, separate client credentials each,
//!   mail scopes only after Yahoo approves the app; the guide
//!   (developer.yahoo.com/oauth2/guide, senders.yahooinc.com/developer/
//!   documentation) documents the authorization code grant only, with a
//!   client secret. No device grant is documented.
//! - Fastmail: authorization code grant, clients registered by Fastmail by hand
//!   (fastmail.com/for-developers/oauth); its RFC 8414 metadata
//!   (api.fastmail.com/.well-known/oauth-authorization-server) lists grant
//!   types authorization_code and refresh_token, PKCE S256, token endpoint
//!   auth "none": a page can do it, a terminal without a browser cannot.
//!   Thunderbird and K-9 use the same endpoints.

/// How a provider lets a public client get a token for mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provider {
    /// `--oauth-provider`'s name for it.
    pub id: &'static str,
    /// As people know it.
    pub name: &'static str,
    /// The domains whose addresses it signs in.
    pub domains: &'static [&'static str],
    /// RFC 8628 device authorization endpoint, when the provider allows the
    /// device grant for the mail scopes. `{tenant}` is the operator's.
    pub device_url: Option<&'static str>,
    pub authorize_url: &'static str,
    pub token_url: &'static str,
    /// The scopes for IMAP, POP and SMTP, space-separated.
    pub scopes: &'static str,
    /// A page may redeem the code itself (PKCE, no secret, CORS allowed).
    pub page_pkce: bool,
}

pub const PROVIDERS: &[Provider] = &[
    Provider {
        id: "microsoft",
        name: "Microsoft",
        domains: &["outlook.com", "hotmail.com", "live.com", "msn.com", "outlook.de", "hotmail.de"],
        device_url: Some("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/devicecode"),
        authorize_url: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
        token_url: "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
        // No offline_access: it would make Microsoft issue a refresh token
        // (valid for months) that a one-off check has no use for.
        scopes: "https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/POP.AccessAsUser.All \
                 https://outlook.office.com/SMTP.Send",
        page_pkce: true,
    },
    Provider {
        id: "google",
        name: "Google",
        domains: &["gmail.com", "googlemail.com"],
        device_url: None,
        authorize_url: "https://accounts.google.com/o/oauth2/v2/auth",
        token_url: "https://oauth2.googleapis.com/token",
        scopes: "https://mail.google.com/",
        page_pkce: false,
    },
    Provider {
        id: "yahoo",
        name: "Yahoo",
        domains: &["yahoo.com", "ymail.com", "rocketmail.com", "yahoo.de"],
        device_url: None,
        authorize_url: "https://api.login.yahoo.com/oauth2/request_auth",
        token_url: "https://api.login.yahoo.com/oauth2/get_token",
        scopes: "mail-w",
        page_pkce: false,
    },
    Provider {
        id: "aol",
        name: "AOL",
        domains: &["aol.com", "aim.com"],
        device_url: None,
        authorize_url: "https://api.login.aol.com/oauth2/request_auth",
        token_url: "https://api.login.aol.com/oauth2/get_token",
        scopes: "mail-w",
        page_pkce: false,
    },
    Provider {
        id: "fastmail",
        name: "Fastmail",
        domains: &["fastmail.com", "fastmail.fm", "messagingengine.com"],
        device_url: None,
        authorize_url: "https://api.fastmail.com/oauth/authorize",
        token_url: "https://api.fastmail.com/oauth/refresh",
        scopes: "https://www.fastmail.com/dev/protocol-imap https://www.fastmail.com/dev/protocol-pop \
                 https://www.fastmail.com/dev/protocol-smtp",
        page_pkce: true,
    },
];

/// The provider `--oauth-provider` names, else the one of the address's domain.
pub fn find(named: Option<&str>, address: &str) -> Option<&'static Provider> {
    match named {
        Some(id) => PROVIDERS.iter().find(|p| p.id.eq_ignore_ascii_case(id)),
        None => {
            let domain = address.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase())?;
            PROVIDERS.iter().find(|p| p.domains.contains(&domain.as_str()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_microsoft_allows_the_device_grant_for_mail() {
        let device: Vec<&str> = PROVIDERS.iter().filter(|p| p.device_url.is_some()).map(|p| p.id).collect();
        assert_eq!(device, ["microsoft"]);
        let page: Vec<&str> = PROVIDERS.iter().filter(|p| p.page_pkce).map(|p| p.id).collect();
        assert_eq!(page, ["microsoft", "fastmail"]);
        assert!(PROVIDERS.iter().all(|p| p.token_url.starts_with("https://")));
    }

    #[test]
    fn the_provider_follows_the_address_unless_named() {
        assert_eq!(find(None, "a@Hotmail.com").map(|p| p.id), Some("microsoft"));
        assert_eq!(find(None, "a@gmail.com").map(|p| p.id), Some("google"));
        assert_eq!(find(Some("Fastmail"), "a@example.com").map(|p| p.id), Some("fastmail"));
        assert!(find(None, "a@example.com").is_none());
    }
}
