//! The form's password and token as the page holds them.
//!
//! This wraps the wire's `Secret` rather than using it bare: the wire's
//! must serialize (it is how the password reaches the relay) and prints
//! with `Display`, while what the form holds must do neither; a Yew prop
//! or a `{:?}` of the form's values is the likeliest way for it to end up
//! in a console message. Wrapping keeps the wire's wipe on drop (zeroize)
//! and its `Clone`/`PartialEq`, which the form's props need, with no
//! second copy of either.

use core::fmt;

use maildoctor_wire::Secret;

/// A password or token typed into (or signed into by) the form. Its
/// `Debug` prints `PageSecret([hidden])`; it has no `Display` and no
/// `Serialize`, so the text leaves it only through [`PageSecret::expose`].
#[derive(Clone, PartialEq)]
pub(crate) struct PageSecret(Secret);

impl PageSecret {
    pub(crate) fn new(text: impl Into<String>) -> Self {
        Self(Secret::new(text))
    }

    /// The text itself: for the input's value and the session's login,
    /// nothing else.
    pub(crate) fn expose(&self) -> &str {
        self.0.expose()
    }
}

impl Default for PageSecret {
    fn default() -> Self {
        Self::new(String::new())
    }
}

impl fmt::Debug for PageSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PageSecret([hidden])")
    }
}
