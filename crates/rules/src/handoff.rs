//! Issue 23 item 5: the settings a check saw working, handed to the app
//! as files it reads itself, so nobody types them by hand: an Apple
//! configuration profile (iPhone, iPad, Mac Mail) and a Thunderbird
//! autoconfig document (for the domain's admin to publish).
//!
//! Only what was proven goes in: a direction whose server accepted the
//! login, or (with no password to try) whose connection steps all passed,
//! and then the person is told the login was not tested. Never a password
//! or a token: the app asks for it.

mod autoconfig;
mod mobileconfig;

use maildoctor_wire::Security;

use crate::catalog::{Args, Catalog};
use crate::{Endpoint, Report, Side};

/// One direction's settings, as proven.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handed {
    /// The server setting that was seen to work.
    pub endpoint: Endpoint,
    /// A server of this direction accepted the login. False when only the
    /// connection steps were seen to pass (no password was given, or the
    /// login was held back): the files are still right as far as tested.
    pub login_tested: bool,
}

/// What the check proved, ready to hand to an app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handoff {
    /// The mail address the check was for: the account's name and email
    /// in the files.
    pub address: String,
    /// The username the server accepted (or the one given; the address
    /// when none was).
    pub username: String,
    /// The proven IMAP or POP3 server; `None` when no incoming setting
    /// was proven.
    pub incoming: Option<Handed>,
    /// The proven SMTP server; `None` when no outgoing setting was proven.
    pub outgoing: Option<Handed>,
    /// The login was proven with an OAuth 2.0 token, not a password: the
    /// files must name OAuth sign-in, never a password the server may refuse.
    pub token: bool,
}

impl Handoff {
    /// The proven settings of a finished report; `None` while it still
    /// runs or when no direction works.
    pub fn from_report(report: &Report) -> Option<Handoff> {
        if !report.complete {
            return None;
        }
        let pick = |side: Side| {
            report
                .working
                .iter()
                // An app given a plaintext server would send the password in
                // the clear: such settings are never handed on, even working.
                .filter(|e| e.security != Security::None)
                .find(|e| Side::of(e.protocol) == side)
                .map(|endpoint| Handed {
                    endpoint: endpoint.clone(),
                    login_tested: !report.untested.iter().any(|u| u.side == side),
                })
        };
        let handoff = Handoff {
            address: report.address.clone(),
            username: report.username.clone().unwrap_or_else(|| report.address.clone()),
            incoming: pick(Side::Incoming),
            outgoing: pick(Side::Outgoing),
            token: report.signed_in_with_token,
        };
        (handoff.incoming.is_some() || handoff.outgoing.is_some()).then_some(handoff)
    }

    /// Both directions are proven: what the two files need (Apple's Mail
    /// payload requires both host names; Thunderbird's reader refuses a
    /// document without an `outgoingServer`, "Need proper <outgoingServer>
    /// in XML file", comm-central readFromXML.sys.mjs).
    pub fn both(&self) -> Option<(&Handed, &Handed)> {
        self.incoming.as_ref().zip(self.outgoing.as_ref())
    }

    /// Some direction is in the files on the strength of its connection
    /// alone: the person must hear that the login was not tested.
    pub fn login_untested(&self) -> bool {
        [&self.incoming, &self.outgoing].into_iter().flatten().any(|h| !h.login_tested)
    }

    /// The domain of the address (lower case), for names and the
    /// autoconfig's `<domain>`.
    pub fn domain(&self) -> String {
        self.address.rsplit_once('@').map(|(_, d)| d).unwrap_or_default().to_ascii_lowercase()
    }

    /// The Apple configuration profile, or `None` unless both directions
    /// are proven with a password: Apple's Mail payload has no OAuth sign-in
    /// (its `*MailServerAuthentication` values are password, CRAM-MD5, NTLM,
    /// HTTP MD5 and none), so a profile would hand over a password login the
    /// check never proved.
    pub fn mobileconfig(&self, catalog: &Catalog) -> Option<String> {
        if self.token {
            return None;
        }
        let (incoming, outgoing) = self.both()?;
        let description = self.notes(catalog).join(" ");
        Some(mobileconfig::write(self, incoming, outgoing, &description))
    }

    /// The Thunderbird autoconfig document (clientConfig 1.1), or `None`
    /// unless both directions are proven.
    pub fn autoconfig(&self) -> Option<String> {
        let (incoming, outgoing) = self.both()?;
        Some(autoconfig::write(self, incoming, outgoing))
    }

    /// Where the domain's admin publishes the autoconfig document, the
    /// first place Thunderbird looks (Mozilla's "Autoconfiguration in
    /// Thunderbird": autoconfig.<domain>/mail/config-v1.1.xml).
    pub fn autoconfig_url(&self) -> String {
        format!("https://autoconfig.{}/mail/config-v1.1.xml", self.domain())
    }

    /// What the person must know about the files, in `catalog`'s language:
    /// that no password is in them, whether a login was not tested, and
    /// which direction is missing and why no file is made then.
    pub fn notes(&self, catalog: &Catalog) -> Vec<String> {
        let mut notes = Vec::new();
        if self.both().is_some() {
            notes.push(catalog.text("handoff-no-password", &Args::new()));
        }
        if self.login_untested() {
            notes.push(catalog.text("handoff-login-untested", &Args::new()));
        }
        if self.token && self.both().is_some() {
            notes.push(catalog.text("handoff-oauth", &Args::new()));
        }
        for (side, handed) in [("incoming", &self.incoming), ("outgoing", &self.outgoing)] {
            if handed.is_none() {
                notes.push(catalog.text("handoff-missing", &Args::new().text("side", side)));
            }
        }
        notes
    }

    /// What to say when a report proved no direction at all.
    pub fn nothing_proven(catalog: &Catalog) -> Vec<String> {
        ["incoming", "outgoing"].map(|side| catalog.text("handoff-missing", &Args::new().text("side", side))).to_vec()
    }

    /// The line that says a file was saved at `path`: `kind` is
    /// `mobileconfig` or `autoconfig`.
    pub fn saved(&self, catalog: &Catalog, kind: &'static str, path: &str) -> String {
        let args = Args::new().text("kind", kind).text("path", path.to_owned()).text("url", self.autoconfig_url());
        catalog.text("handoff-saved", &args)
    }
}

/// `text` safe inside XML character data and attribute values.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// A name-based UUID (RFC 9562 §5.8, version 8, "custom") from `name`.
/// The rules read no clock and no random numbers, so a random (v4) UUID
/// is out; and the same settings giving the same UUID is what a profile
/// wants: installing it again replaces the earlier one instead of adding
/// a second account. Two FNV-1a 64-bit hashes with different offsets fill
/// the 128 bits; nothing here needs a cryptographic hash, only that
/// different settings get different identifiers.
fn name_uuid(name: &str) -> String {
    let fnv = |offset: u64| {
        name.bytes().fold(offset, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3))
    };
    let high = fnv(0xcbf2_9ce4_8422_2325);
    let low = fnv(0x6c62_272e_07bb_0142);
    // Version 8 in bits 48..52, the RFC's variant (0b10) in bits 64..66.
    let high = (high & !0xf000) | 0x8000;
    let low = (low & !(0b11 << 62)) | (0b10 << 62);
    let hex = format!("{high:016X}{low:016X}");
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
pub(crate) mod tests;
