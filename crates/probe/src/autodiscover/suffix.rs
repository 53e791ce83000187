//! Registrable domains by the Public Suffix List (publicsuffix.org, the
//! copy in data/, MPL-2.0), so that a redirect to `autodiscover.com` or
//! `autodiscover.co.uk` (names anyone can register, where Outlook's
//! back-off leaked 372,072 credentials: Guardicore, "Autodiscovering the
//! Great Leak", 2021) is told from one inside the person's own domain.

use std::collections::HashSet;
use std::sync::OnceLock;

static LIST: &str = include_str!("../../data/public_suffix_list.dat");

/// The list's rules in DNS form (international entries as `xn--`).
fn rules() -> &'static HashSet<String> {
    static RULES: OnceLock<HashSet<String>> = OnceLock::new();
    RULES.get_or_init(|| {
        LIST.lines()
            .filter(|line| !line.starts_with("//") && !line.is_empty())
            .map(|rule| {
                let (mark, name) = rule.strip_prefix('!').map_or(("", rule), |rest| ("!", rest));
                let (star, name) = name.strip_prefix("*.").map_or(("", name), |rest| ("*.", rest));
                let ascii = idna::domain_to_ascii(name).unwrap_or_else(|_| name.to_owned());
                format!("{mark}{star}{ascii}")
            })
            .collect()
    })
}

/// How many labels at the end of `labels` are the public suffix
/// (the list's algorithm: the longest matching rule, exceptions first,
/// and `*` when nothing matches).
fn suffix_labels(labels: &[&str]) -> usize {
    let rules = rules();
    for start in 0..labels.len() {
        let name = labels[start..].join(".");
        if rules.contains(&format!("!{name}")) {
            return labels.len() - start - 1;
        }
        let wildcard = start + 1 < labels.len() && rules.contains(&format!("*.{}", labels[start + 1..].join(".")));
        if rules.contains(&name) || wildcard {
            return labels.len() - start;
        }
    }
    1
}

/// The registrable domain of `host` (`example.co.uk` for
/// `autodiscover.mail.example.co.uk`); `None` when `host` is itself a
/// public suffix, which nobody's mail domain can be.
pub(crate) fn registrable_domain(host: &str) -> Option<String> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|l| l.is_empty()) {
        return None;
    }
    let suffix = suffix_labels(&labels);
    (labels.len() > suffix).then(|| labels[labels.len() - suffix - 1..].join("."))
}

/// `host` is a public suffix or sits right under one as `autodiscover.`:
/// the name Outlook's back-off built, which its registrant answers.
pub(crate) fn is_open_to_anyone(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    match registrable_domain(&host) {
        None => true,
        Some(registrable) => {
            registrable == host && host.split_once('.').is_some_and(|(first, _)| first == "autodiscover")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains_follow_the_list() {
        assert_eq!(registrable_domain("autodiscover.example.com").as_deref(), Some("example.com"));
        assert_eq!(registrable_domain("a.b.example.co.uk").as_deref(), Some("example.co.uk"));
        assert_eq!(registrable_domain("co.uk"), None);
        assert_eq!(registrable_domain("com"), None);
        // Wildcard and exception rules: `*.ck` and `!www.ck`.
        assert_eq!(registrable_domain("foo.bar.ck").as_deref(), Some("foo.bar.ck"));
        assert_eq!(registrable_domain("www.ck").as_deref(), Some("www.ck"));
        // Not on the list: the default rule `*`.
        assert_eq!(registrable_domain("autodiscover.example.test").as_deref(), Some("example.test"));
        // International entries are matched in their DNS form.
        assert_eq!(registrable_domain("xn--fiqs8s"), None, "中国 is a TLD");
        assert!(is_open_to_anyone("autodiscover.xn--55qx5d.cn"), "公司.cn is a suffix");
    }

    #[test]
    fn autodiscover_under_a_public_suffix_is_open_to_anyone() {
        // Guardicore's 2021 list of leaking names, and private-section suffixes.
        for host in [
            "autodiscover.com",
            "autodiscover.com.br",
            "autodiscover.co.uk",
            "autodiscover.com.cn",
            "autodiscover.github.io",
            "co.uk",
            "autodiscover.test",
        ] {
            assert!(is_open_to_anyone(host), "{host}");
        }
        for host in ["autodiscover.example.com", "example.com", "autodiscover.example.co.uk", "mail.example.test"] {
            assert!(!is_open_to_anyone(host), "{host}");
        }
    }
}
