//! Facts about the large mail providers: their servers, and what their
//! accounts need (app passwords, OAuth). Matched by the address's domain, or
//! by the domain's MX hosts for custom domains hosted by a provider.

use maildoctor_wire::{MailProtocol, Security};

/// One server a provider documents for its accounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Server {
    /// IMAP, POP3 or SMTP.
    pub protocol: MailProtocol,
    /// The name the provider's help pages give.
    pub host: &'static str,
    /// The port to use with `security`.
    pub port: u16,
    /// TLS from the first byte or STARTTLS; no provider here takes none.
    pub security: Security,
}

/// A large mail provider, with the settings and account rules it publishes.
#[derive(Debug, PartialEq, Eq)]
pub struct Provider {
    /// The name people know it by, said in findings (`Gmail`).
    pub name: &'static str,
    /// Address domains served by this provider.
    pub domains: &'static [&'static str],
    /// MX host suffixes that reveal this provider behind a custom domain.
    pub mx_suffixes: &'static [&'static str],
    /// Its IMAP and POP3 servers, tried in this order.
    pub incoming: &'static [Server],
    /// Its SMTP servers, tried in this order.
    pub outgoing: &'static [Server],
    /// The catalog message saying what a mail app needs beyond the
    /// settings, in one sentence.
    pub note: &'static str,
}

const fn imap(host: &'static str) -> Server {
    Server { protocol: MailProtocol::Imap, host, port: 993, security: Security::Tls }
}
const fn pop3(host: &'static str) -> Server {
    Server { protocol: MailProtocol::Pop3, host, port: 995, security: Security::Tls }
}
const fn smtps(host: &'static str) -> Server {
    Server { protocol: MailProtocol::Smtp, host, port: 465, security: Security::Tls }
}
const fn submission(host: &'static str) -> Server {
    Server { protocol: MailProtocol::Smtp, host, port: 587, security: Security::Starttls }
}

/// The providers maildoctor knows, matched by the address's domain or the
/// domain's MX hosts.
pub const PROVIDERS: &[Provider] = &[
    Provider {
        name: "Gmail",
        domains: &["gmail.com", "googlemail.com"],
        mx_suffixes: &[".google.com", ".googlemail.com"],
        incoming: &[imap("imap.gmail.com"), pop3("pop.gmail.com")],
        outgoing: &[smtps("smtp.gmail.com"), submission("smtp.gmail.com")],
        note: "provider-gmail",
    },
    Provider {
        name: "Outlook.com",
        domains: &["outlook.com", "hotmail.com", "live.com", "msn.com", "outlook.de", "hotmail.co.uk", "live.co.uk"],
        mx_suffixes: &[".olc.protection.outlook.com"],
        incoming: &[imap("outlook.office365.com"), pop3("outlook.office365.com")],
        outgoing: &[submission("smtp-mail.outlook.com")],
        note: "provider-outlook-com",
    },
    Provider {
        name: "Microsoft 365",
        domains: &[],
        mx_suffixes: &[".mail.protection.outlook.com"],
        incoming: &[imap("outlook.office365.com"), pop3("outlook.office365.com")],
        outgoing: &[submission("smtp.office365.com")],
        note: "provider-microsoft-365",
    },
    Provider {
        name: "Yahoo",
        domains: &["yahoo.com", "ymail.com", "rocketmail.com", "yahoo.co.uk", "yahoo.de", "yahoo.fr"],
        mx_suffixes: &[".yahoodns.net"],
        incoming: &[imap("imap.mail.yahoo.com"), pop3("pop.mail.yahoo.com")],
        outgoing: &[smtps("smtp.mail.yahoo.com"), submission("smtp.mail.yahoo.com")],
        note: "provider-yahoo",
    },
    Provider {
        name: "iCloud Mail",
        domains: &["icloud.com", "me.com", "mac.com"],
        mx_suffixes: &[".mail.icloud.com"],
        incoming: &[imap("imap.mail.me.com")],
        outgoing: &[submission("smtp.mail.me.com")],
        note: "provider-icloud-mail",
    },
    Provider {
        name: "AOL",
        domains: &["aol.com", "aim.com"],
        mx_suffixes: &[".aol.com"],
        incoming: &[imap("imap.aol.com"), pop3("pop.aol.com")],
        outgoing: &[smtps("smtp.aol.com")],
        note: "provider-aol",
    },
    Provider {
        name: "Zoho Mail",
        domains: &["zoho.com", "zohomail.com"],
        mx_suffixes: &[".zoho.com", ".zoho.eu"],
        incoming: &[imap("imap.zoho.com"), pop3("pop.zoho.com")],
        outgoing: &[smtps("smtp.zoho.com"), submission("smtp.zoho.com")],
        note: "provider-zoho-mail",
    },
    Provider {
        name: "Fastmail",
        domains: &["fastmail.com", "fastmail.fm"],
        mx_suffixes: &[".messagingengine.com"],
        incoming: &[imap("imap.fastmail.com"), pop3("pop.fastmail.com")],
        outgoing: &[smtps("smtp.fastmail.com"), submission("smtp.fastmail.com")],
        note: "provider-fastmail",
    },
    Provider {
        name: "GMX",
        domains: &["gmx.net", "gmx.de", "gmx.com", "gmx.at", "gmx.ch"],
        mx_suffixes: &[".gmx.net"],
        incoming: &[imap("imap.gmx.net"), pop3("pop.gmx.net")],
        outgoing: &[smtps("mail.gmx.net"), submission("mail.gmx.net")],
        note: "provider-gmx",
    },
    Provider {
        name: "WEB.DE",
        domains: &["web.de"],
        mx_suffixes: &[".web.de"],
        incoming: &[imap("imap.web.de"), pop3("pop3.web.de")],
        outgoing: &[submission("smtp.web.de")],
        note: "provider-web-de",
    },
    Provider {
        name: "mail.com",
        domains: &["mail.com", "email.com", "usa.com"],
        mx_suffixes: &[".mail.com"],
        incoming: &[imap("imap.mail.com"), pop3("pop.mail.com")],
        outgoing: &[submission("smtp.mail.com")],
        note: "provider-mail-com",
    },
    Provider {
        name: "Yandex Mail",
        domains: &["yandex.com", "yandex.ru", "ya.ru"],
        mx_suffixes: &[".yandex.net", ".yandex.ru"],
        incoming: &[imap("imap.yandex.com"), pop3("pop.yandex.com")],
        outgoing: &[smtps("smtp.yandex.com")],
        note: "provider-yandex-mail",
    },
    Provider {
        name: "Proton Mail (through Proton Mail Bridge)",
        domains: &["proton.me", "protonmail.com", "pm.me"],
        mx_suffixes: &[".protonmail.ch"],
        incoming: &[Server {
            protocol: MailProtocol::Imap,
            host: "127.0.0.1",
            port: 1143,
            security: Security::Starttls,
        }],
        outgoing: &[Server {
            protocol: MailProtocol::Smtp,
            host: "127.0.0.1",
            port: 1025,
            security: Security::Starttls,
        }],
        note: "provider-proton-mail",
    },
];

/// The provider that serves `domain` directly.
pub fn by_domain(domain: &str) -> Option<&'static Provider> {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    PROVIDERS.iter().find(|p| p.domains.contains(&domain.as_str()))
}

/// The provider whose servers an MX host belongs to.
pub fn by_mx(mx_host: &str) -> Option<&'static Provider> {
    let host = format!(".{}", mx_host.trim_end_matches('.').to_ascii_lowercase());
    PROVIDERS.iter().find(|p| p.mx_suffixes.iter().any(|suffix| host.ends_with(suffix)))
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn providers_by_domain_and_by_mx() {
        assert_eq!(by_domain("Gmail.com").map(|p| p.name), Some("Gmail"));
        assert_eq!(by_domain("example.com").map(|p| p.name), None);
        assert_eq!(by_mx("aspmx.l.google.com.").map(|p| p.name), Some("Gmail"));
        assert_eq!(by_mx("contoso-com.mail.protection.outlook.com").map(|p| p.name), Some("Microsoft 365"));
        assert_eq!(by_mx("mx1.mail.icloud.com").map(|p| p.name), Some("iCloud Mail"));
        assert_eq!(by_mx("notgoogle.com").map(|p| p.name), None, "suffixes match on label boundaries");
    }
}
