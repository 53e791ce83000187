//! Issue 23 (APPERR), on the page, against the real Dovecot: the person
//! types what their app said into "What did your mail app say?", and the
//! report's first finding says what it means and names the cause the
//! check found (a refused password for Thunderbird's "Login to server …
//! failed."), in English and German, as `maildoctor check --app-error`
//! does (tests/tests/suite/app_error.rs).

use super::{Page, Settings};

const WRONG: Settings<'static> = Settings {
    address: "alice@example.test",
    password: "wrong-password",
    host: "mail.example.test",
    port: "993",
    security: "tls",
    out_host: "",
};

async fn first_finding(page: &Page) -> (Option<String>, String) {
    let css = "#findings > section:first-of-type";
    (page.attr(css, "data-code").await, page.text(css).await)
}

#[tokio::test]
async fn the_apps_message_is_read_and_its_cause_named_on_the_page() {
    let page = Page::open("", &[]).await;
    page.fill("app-error", "Login to server mail.example.test with username alice@example.test failed.").await;
    let findings = page.diagnose(&WRONG, "app-error").await;
    assert!(findings.iter().any(|(code, _)| code == "auth.invalid_credentials"), "{findings:?}");
    let (code, text) = first_finding(&page).await;
    assert_eq!(code.as_deref(), Some("app.error_read"), "{text}");
    assert!(text.contains("Your app's message is explained:"), "{text}");
    assert!(text.contains("looked first at the login"), "{text}");
    // Nothing of it goes into the address bar.
    let url = page.browser.client.current_url().await.expect("url");
    assert!(!url.as_str().contains("Login"), "{url}");
    page.close().await;
}

#[tokio::test]
async fn the_page_reads_an_outlook_code_in_german() {
    let page = Page::open("?lang=de", &[]).await;
    page.fill("app-error", "800ccc92").await;
    page.diagnose(&WRONG, "app-error-de").await;
    let (code, text) = first_finding(&page).await;
    assert_eq!(code.as_deref(), Some("app.error_read"), "{text}");
    assert!(text.contains("Die Meldung Ihres Programms ist erklärt:"), "{text}");
    assert!(
        text.contains(
            "Outlooks Code 0x800CCC92 bedeutet: Beim Posteingangsserver wurden Benutzername oder Passwort abgelehnt."
        ),
        "{text}"
    );
    page.close().await;
}
