//! maildoctor's copy of Thunderbird's ISP database: `data/ispdb/ispdb.json`,
//! compiled by `tools/refresh-ispdb` from the published XML files
//! (<https://github.com/thunderbird/autoconfig>, folder `ispdb/`, MPL-2.0).
//! The relay falls back to it when the live service is out of reach, and
//! the page reads it for presets.

use std::collections::BTreeMap;

use maildoctor_wire::DiscoveredServer;
use serde::Deserialize;

/// The compact form: which file each domain is in, and the servers each
/// file names, host placeholders (`%EMAILDOMAIN%`) kept.
#[derive(Debug, Clone, Deserialize)]
pub struct Snapshot {
    /// Where the files were copied from.
    pub repository: String,
    /// The commit copied.
    pub commit: String,
    /// The commit's date (`2026-03-12`): how old the copy's knowledge is.
    pub date: String,
    /// Per file (`gmx.com.xml`), its provider and servers.
    pub files: BTreeMap<String, Entry>,
    /// Per domain (`gmx.de`), the file that lists it.
    pub domains: BTreeMap<String, String>,
}

/// One file of the database.
#[derive(Debug, Clone, Deserialize)]
pub struct Entry {
    /// The provider's display name.
    pub name: String,
    /// The servers, as the autoconfig parser reads them, placeholders kept.
    pub servers: Vec<DiscoveredServer>,
}

/// What the copy says about one domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The file (`gmx.com.xml`).
    pub file: String,
    /// The provider's display name.
    pub name: String,
    /// The servers, host names filled in for the domain.
    pub servers: Vec<DiscoveredServer>,
}

impl Snapshot {
    /// Reads the compact form.
    pub fn parse(json: &str) -> Result<Self, String> {
        let snapshot: Self = serde_json::from_str(json).map_err(|err| format!("not an ISPDB snapshot: {err}"))?;
        if let Some((domain, file)) = snapshot.domains.iter().find(|(_, file)| !snapshot.files.contains_key(*file)) {
            return Err(format!("not an ISPDB snapshot: {domain} is in {file}, which it does not hold"));
        }
        Ok(snapshot)
    }

    /// The entry for `domain` (any case), its hosts filled in as the
    /// autoconfig parser fills them for `@domain`.
    pub fn lookup(&self, domain: &str) -> Option<Found> {
        let domain = domain.trim_end_matches('.').to_ascii_lowercase();
        let file = self.domains.get(&domain)?;
        let entry = self.files.get(file)?;
        let fill = |host: &str| {
            host.replace("%EMAILADDRESS%", &format!("@{domain}"))
                .replace("%EMAILLOCALPART%", "")
                .replace("%EMAILDOMAIN%", &domain)
                .to_ascii_lowercase()
        };
        let servers = entry
            .servers
            .iter()
            .map(|server| DiscoveredServer { host: fill(&server.host), ..server.clone() })
            .filter(|server| !server.host.is_empty() && !server.host.ends_with('.'))
            .collect();
        Some(Found { file: file.clone(), name: entry.name.clone(), servers })
    }

    /// Where the file was published, at the commit copied: for the report
    /// and for anyone who wants to correct it.
    pub fn file_url(&self, file: &str) -> String {
        format!("{}/blob/{}/ispdb/{file}", self.repository.trim_end_matches('/'), self.commit)
    }

    /// Whether `url` is one of [`Snapshot::file_url`]'s: the settings came
    /// from a copy, not from the live service.
    pub fn is_file_url(url: &str) -> bool {
        url.starts_with("https://github.com/") && url.contains("/blob/") && url.contains("/ispdb/")
    }
}

/// The domains an ISP database file lists (its `<domain>` elements).
pub fn domains(xml: &str) -> Result<Vec<String>, String> {
    use quick_xml::events::Event as Xml;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut found, mut in_domain) = (Vec::new(), false);
    loop {
        match reader.read_event().map_err(|err| format!("not well-formed XML: {err}"))? {
            Xml::Start(tag) => in_domain = tag.local_name().as_ref() == "domain",
            Xml::Text(text) if in_domain => {
                found.push(text.xml10_content().trim().to_ascii_lowercase());
            }
            Xml::End(_) => in_domain = false,
            Xml::Eof => return Ok(found),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use maildoctor_wire::{MailProtocol, Security};

    use super::*;

    const SNAPSHOT: &str = r#"{"repository":"https://github.com/thunderbird/autoconfig","commit":"c6ad79659b5fc321d1593ec4c277815b83e5dec5",
      "date":"2026-03-12","license":"MPL-2.0",
      "files":{"hoster.example.xml":{"name":"Hoster","servers":[
        {"incoming":true,"protocol":"imap","host":"imap.%EMAILDOMAIN%","port":993,"security":"tls","username":"%EMAILADDRESS%"},
        {"incoming":false,"protocol":"smtp","host":"SMTP.Hoster.example","port":587,"security":"starttls"}]}},
      "domains":{"hoster.example":"hoster.example.xml","customer.example":"hoster.example.xml"}}"#;

    #[test]
    fn lookup_fills_hosts_for_the_domain() {
        let snapshot = Snapshot::parse(SNAPSHOT).expect("parses");
        let found = snapshot.lookup("Customer.Example.").expect("listed");
        assert_eq!(found.file, "hoster.example.xml");
        assert_eq!(found.servers[0].host, "imap.customer.example");
        assert_eq!(found.servers[0].username.as_deref(), Some("%EMAILADDRESS%"), "usernames keep placeholders");
        assert_eq!(
            (found.servers[1].host.as_str(), found.servers[1].protocol, found.servers[1].security),
            ("smtp.hoster.example", MailProtocol::Smtp, Security::Starttls)
        );
        assert!(snapshot.lookup("other.example").is_none());
        let url = snapshot.file_url(&found.file);
        assert!(Snapshot::is_file_url(&url), "{url}");
        assert!(!Snapshot::is_file_url("https://ispdb.example.test/v1.1/hoster.example"));
    }

    #[test]
    fn a_domain_without_its_file_is_refused() {
        let broken = SNAPSHOT.replace(r#""customer.example":"hoster.example.xml""#, r#""customer.example":"gone.xml""#);
        assert!(Snapshot::parse(&broken).is_err());
        assert!(Snapshot::parse("{}").is_err());
    }

    #[test]
    fn domains_of_a_file() {
        let xml = "<clientConfig><emailProvider id='a'><domain>A.example</domain><!-- b.example moved -->\
                   <domain> c.example </domain><displayName>A</displayName></emailProvider></clientConfig>";
        assert_eq!(domains(xml), Ok(vec!["a.example".to_owned(), "c.example".to_owned()]));
    }
}
