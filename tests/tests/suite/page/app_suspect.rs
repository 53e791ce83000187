//! Issue 22 (app-suspect), on the page, against the real Dovecot and
//! Postfix: a check that passes with the person's settings and a login
//! names the app as the suspect, with a tab per app (Outlook classic and
//! new, Thunderbird, Apple Mail, iPhone Mail, Gmail and Samsung Email),
//! and says what no check can see with Postfix's `SIZE 10240000`, as
//! `maildoctor check` does (tests/tests/suite/app_suspect.rs).

use fantoccini::Locator;

use super::{Page, Settings};

const BOTH: Settings<'static> = Settings {
    address: "alice@example.test",
    password: "correct-horse",
    host: "mail.example.test",
    port: "",
    security: "tls",
    out_host: "mail.example.test",
};

async fn section(page: &Page, code: &str) -> String {
    page.text(&format!("#findings > section[data-code='{code}']")).await
}

#[tokio::test]
async fn a_passing_check_with_a_login_names_the_app_on_the_page() {
    let page = Page::open("", &[]).await;
    let findings = page.diagnose(&BOTH, "app-suspect").await;
    assert!(findings.iter().all(|(_, error)| !error), "{findings:?}");
    assert!(findings.iter().any(|(code, _)| code == "app.suspect"), "{findings:?}");
    assert_eq!(page.attr("#verdict", "data-verdict").await.as_deref(), Some("fine"));
    let suspect = section(&page, "app.suspect").await;
    assert!(suspect.contains("Receiving and sending work with your settings: look at the app"), "{suspect}");
    assert!(suspect.contains("Type the password again in the app."), "{suspect}");

    // One tab per app; each shows its own menus.
    let tabs = "#findings > section[data-code='app.suspect'] [role=tab]";
    let mut apps = Vec::new();
    for tab in page.browser.client.find_all(Locator::Css(tabs)).await.expect("tabs") {
        apps.push(tab.attr("data-app").await.expect("attr").unwrap_or_default());
    }
    assert_eq!(apps, ["outlook", "outlook-new", "thunderbird", "apple-mail", "ios-mail", "gmail-app", "samsung-email"]);
    let panel = "#findings > section[data-code='app.suspect'] [role=tabpanel]";
    assert!(page.text(panel).await.contains("outlook.exe /safe"), "{}", page.text(panel).await);
    let thunderbird = format!("{tabs}[data-app=thunderbird]");
    page.browser
        .client
        .find(Locator::Css(&thunderbird))
        .await
        .expect("Thunderbird's tab")
        .click()
        .await
        .expect("click");
    let shown = page.text(panel).await;
    assert!(shown.contains("Troubleshoot Mode") && shown.contains("thunderbird -P"), "{shown}");

    let unseen = section(&page, "unseen.causes").await;
    assert!(unseen.contains("What maildoctor cannot see"), "{unseen}");
    assert!(
        unseen.contains("The sending server takes messages up to 10 MB: attachments up to about 7 MB."),
        "{unseen}"
    );
    page.close().await;
}

#[tokio::test]
async fn the_page_says_it_in_german_and_blames_no_app_without_a_password() {
    let page = Page::open("?lang=de", &[]).await;
    page.diagnose(&BOTH, "app-suspect-de").await;
    let suspect = section(&page, "app.suspect").await;
    assert!(
        suspect.contains("Empfangen und Senden funktionieren mit Ihren Einstellungen: prüfen Sie die App"),
        "{suspect}"
    );
    let unseen = section(&page, "unseen.causes").await;
    assert!(unseen.contains("Der Postausgangsserver nimmt Nachrichten bis 10 MB an"), "{unseen}");

    let without = Settings { password: "", ..BOTH };
    let findings = page.diagnose(&without, "app-unproven-de").await;
    assert!(!findings.iter().any(|(code, _)| code == "app.suspect"), "{findings:?}");
    assert!(findings.iter().any(|(code, _)| code == "app.unproven"), "{findings:?}");
    assert!(section(&page, "app.unproven").await.contains("Ihre App ist noch nicht als Ursache belegt"));
    page.close().await;
}
