//! Issue 22 (cert-changed), on the page: two checks in one tab of the same
//! server, whose certificate is swapped between them (the fixture CA's,
//! then one an antivirus made, its root trusted by the relay as by a
//! device where the product installed it). The second check says another
//! organisation signs now; a third with the certificate unchanged since
//! the second says nothing.

use std::sync::{Arc, Mutex};

use maildoctor_tests::{ca_file, tls_acceptor};

use super::{Page, Settings};
use crate::cert_changed::swappable_server;

#[tokio::test]
async fn a_second_check_in_the_tab_says_the_certificate_is_signed_by_someone_else() {
    let cert = Arc::new(Mutex::new(tls_acceptor("good")));
    let port = swappable_server(cert.clone()).await.to_string();
    let trusted = ca_file().with_file_name("ca-with-scanners.crt").display().to_string();
    let page = Page::open("", &["--ca-file", &trusted, "--allow-port", &port]).await;
    let settings = Settings {
        address: "alice@guess.example.test",
        host: "mail.example.test",
        port: &port,
        security: "tls",
        ..Settings::default()
    };
    let first = page.diagnose(&settings, "cert-before").await;
    assert!(first.iter().any(|(code, _)| code == "ok.incoming"), "the server answered: {first:?}");
    assert!(
        !first.iter().any(|(code, _)| code == "tls.cert_changed"),
        "a first check compares with nothing: {first:?}"
    );

    *cert.lock().expect("the certificate") = tls_acceptor("avast");
    let second = page.diagnose(&settings, "cert-re-signed").await;
    assert!(second.iter().any(|(code, _)| code == "tls.cert_changed"), "{second:?}");
    let said = page.text("#findings > section[data-code='tls.cert_changed']").await;
    assert!(said.contains("Someone else signs the certificate of mail.example.test now"), "{said}");
    assert!(said.contains("Example Test Root CA") && said.contains("avast!"), "both signers: {said}");

    let third = page.diagnose(&settings, "cert-unchanged").await;
    assert!(!third.iter().any(|(code, _)| code == "tls.cert_changed"), "unchanged since the last check: {third:?}");
    page.close().await;
}
