//! Reaching into the widget's shadow root, for the widget's tests on a
//! help page (widget.rs, help_center.rs).

use std::time::Duration;

use fantoccini::elements::{Element, ShadowRoot};
use fantoccini::Locator;
use maildoctor_tests::Browser;

/// The widget's shadow root once its form is there, within `seconds`.
pub(super) async fn shadow(browser: &Browser, seconds: u64) -> ShadowRoot {
    let host = browser.client.find(Locator::Css("maildoctor-check")).await.expect("the element");
    for _ in 0..seconds * 10 {
        if let Ok(root) = host.shadow_root().await {
            if root.find(Locator::Css("#diagnose")).await.is_ok() {
                return root;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the widget never rendered its form");
}

pub(super) async fn inside(root: &ShadowRoot, css: &str) -> Element {
    root.find(Locator::Css(css)).await.unwrap_or_else(|_| panic!("{css} in the widget"))
}

/// Replaces the text of the field `css` finds with `text`.
pub(super) async fn type_into(root: &ShadowRoot, css: &str, text: &str) {
    let field = inside(root, css).await;
    field.send_keys("\u{E009}a\u{E000}\u{E003}").await.expect("erase");
    field.send_keys(text).await.expect("type");
}
