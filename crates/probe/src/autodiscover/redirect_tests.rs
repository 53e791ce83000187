use maildoctor_wire::RedirectRefusal as R;

use super::*;

fn start() -> Hop {
    Hop { https: false, host: "autodiscover.example.co.uk".into(), port: 80 }
}

fn rules() -> Rules {
    Rules::new("dora@mail.example.co.uk", false).expect("a registrable domain")
}

#[test]
fn https_autodiscover_urls_inside_the_domain_are_followed() {
    let mut rules = rules();
    let hop = rules.url(
        &start(),
        "https://autodiscover.example.co.uk/Autodiscover/Autodiscover.xml",
        "dora@mail.example.co.uk",
    );
    assert_eq!(hop, Ok(Hop { https: true, host: "autodiscover.example.co.uk".into(), port: 443 }));
    assert!(rules.url(&start(), "https://example.co.uk/autodiscover/autodiscover.xml", "d@mail.example.co.uk").is_ok());
}

#[test]
fn every_other_url_is_refused_with_its_rule() {
    let cases = [
        ("http://autodiscover.example.co.uk/autodiscover/autodiscover.xml", R::NotHttps),
        ("/autodiscover/autodiscover.xml", R::NotHttps),
        ("https://autodiscover.example.co.uk/owa/", R::NotAutodiscover),
        ("https://autodiscover.example.co.uk:8443/autodiscover/autodiscover.xml", R::NotAutodiscover),
        ("https://user@autodiscover.example.co.uk/autodiscover/autodiscover.xml", R::NotAutodiscover),
        ("https://192.0.2.1/autodiscover/autodiscover.xml", R::NotAutodiscover),
        ("javascript:alert(1)", R::NotAutodiscover),
        ("https://autodiscover.co.uk/autodiscover/autodiscover.xml", R::PublicSuffix),
        ("https://autodiscover.com/autodiscover/autodiscover.xml", R::PublicSuffix),
        ("https://autodiscover.com.br/autodiscover/autodiscover.xml", R::PublicSuffix),
        ("https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml", R::OtherDomain),
        ("https://autodiscover.example.com/autodiscover/autodiscover.xml", R::OtherDomain),
        ("https://autodiscover.example.co.uk.evil.test/autodiscover/autodiscover.xml", R::OtherDomain),
    ];
    for (to, refusal) in cases {
        assert_eq!(rules().url(&start(), to, "dora@mail.example.co.uk"), Err(refusal), "{to}");
    }
}

#[test]
fn the_srv_target_is_inside_as_the_domain_published_it() {
    let mut rules = rules();
    let to = "https://mail.hoster.test/autodiscover/autodiscover.xml";
    assert_eq!(rules.url(&start(), to, "d@mail.example.co.uk"), Err(R::OtherDomain));
    rules.srv_host = Some("mail.hoster.test".into());
    assert!(rules.url(&start(), to, "d@mail.example.co.uk").is_ok());
}

#[test]
fn loops_and_long_chains_stop() {
    let mut rules = rules();
    let url = "https://autodiscover.example.co.uk/autodiscover/autodiscover.xml";
    rules.asking("d@mail.example.co.uk", url);
    assert_eq!(rules.url(&start(), url, "d@mail.example.co.uk"), Err(R::Loop));
    assert!(rules.url(&start(), url, "e@mail.example.co.uk").is_ok(), "another address is another question");
    let mut rules = super::Rules::new("a0@example.test", false).expect("a registrable domain");
    for n in 1..=MAX_HOPS {
        assert_eq!(rules.address(&format!("a{n}@example.test")), Ok(()), "hop {n}");
        rules.asking(&format!("a{n}@example.test"), url);
    }
    assert_eq!(rules.address("a99@example.test"), Err(R::TooManyHops));
    let mut rules = super::Rules::new("a0@example.test", false).expect("a registrable domain");
    rules.asking("a1@example.test", url);
    assert_eq!(rules.address("A1@example.test"), Err(R::Loop));
}

#[test]
fn address_redirects_stay_in_the_registrable_domain() {
    let mut rules = rules();
    assert_eq!(rules.address("dora@example.co.uk"), Ok(()));
    assert_eq!(rules.address("dora@tenant.mail.onmicrosoft.com"), Err(R::OtherDomain));
    assert_eq!(rules.address("dora@co.uk"), Err(R::PublicSuffix));
    assert_eq!(rules.address("not an address"), Err(R::NotAutodiscover));
    assert!(Rules::new("x@co.uk", false).is_none(), "a public suffix is nobody's mail domain");
}
