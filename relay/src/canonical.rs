//! One spelling for each account and server name, so that no other
//! spelling of the same thing buys a count of its own: `MAIL.Example.com.`,
//! `mail.example.com` and `xn--`/Unicode forms are one name, `[::ffff:1.2.3.4]`
//! and `1.2.3.4` one address.

use std::net::IpAddr;

/// A server name lower-cased, without its trailing dot, in its ASCII
/// (IDNA, UTS 46) form; an address in its one canonical form.
pub(crate) fn host(host: &str) -> String {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return ip.to_canonical().to_string();
    }
    let name = host.trim_end_matches('.');
    idna::domain_to_ascii(name).unwrap_or_else(|_| name.to_lowercase())
}

/// An account: the domain after the last `@` as a server name, the part
/// before it lower-cased. Mail providers take the local part in any case;
/// where one does not, lower-casing only joins two counts (a person may
/// lose a try), it never splits one (nobody gains one).
pub(crate) fn account(username: &str) -> String {
    match username.rsplit_once('@') {
        Some((local, domain)) => format!("{}@{}", local.to_lowercase(), host(domain)),
        None => username.to_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_name_are_one_name() {
        for spelling in ["MAIL.EXAMPLE.TEST.", "mail.example.test", "Mail.Example.Test"] {
            assert_eq!(host(spelling), "mail.example.test");
        }
        assert_eq!(host("BÜCHER.example."), "xn--bcher-kva.example");
        assert_eq!(host("xn--bcher-kva.example"), "xn--bcher-kva.example");
        assert_eq!(host("[::ffff:127.0.0.10]"), "127.0.0.10");
        assert_eq!(host("2001:DB8::1"), "2001:db8::1");
    }

    #[test]
    fn spellings_of_one_account_are_one_account() {
        assert_eq!(account("Alice@MAIL.Example.test."), "alice@mail.example.test");
        assert_eq!(account("alice@bücher.example"), account("ALICE@xn--bcher-kva.example"));
        assert_eq!(account("Alice"), "alice");
    }
}
