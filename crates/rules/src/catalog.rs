//! Every sentence a person reads, from Fluent message catalogs
//! (`catalogs/en.ftl`, `catalogs/de.ftl`), keyed by message id with named
//! arguments. A message's value is a title or a label; its attributes hold
//! the rest (`.why`, `.fix-1`, `.fix-2`, ...).

use core::fmt;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

/// A language maildoctor speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    De,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    /// The BCP 47 tag: `en`, `de`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// The language of a tag or a POSIX locale (`de`, `de-AT`, `de_DE.UTF-8`),
    /// if maildoctor speaks it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_', '.', '@']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            _ => None,
        }
    }

    /// The first language of `preferred` (most preferred first) that
    /// maildoctor speaks, else English.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Lang {
        preferred.into_iter().find_map(Lang::from_tag).unwrap_or_default()
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../catalogs/en.ftl"),
            Lang::De => include_str!("../catalogs/de.ftl"),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// Named arguments for a message.
#[derive(Debug, Default)]
pub struct Args<'a>(Vec<(&'static str, FluentValue<'a>)>);

impl<'a> Args<'a> {
    pub fn new() -> Self {
        Args(Vec::new())
    }

    /// A text argument (host names, server replies: never formatted).
    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.0.push((name, FluentValue::from(value.into())));
        self
    }

    /// A number, for plural forms.
    pub fn number(mut self, name: &'static str, value: impl Into<f64>) -> Self {
        self.0.push((name, FluentValue::from(value.into())));
        self
    }

    /// The argument names, for the completeness tests.
    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|(name, _)| *name).collect()
    }

    fn fluent(&self) -> FluentArgs<'a> {
        let mut args = FluentArgs::new();
        for (name, value) in &self.0 {
            args.set(*name, value.clone());
        }
        args
    }
}

/// The messages of one language.
pub struct Catalog {
    lang: Lang,
    bundle: FluentBundle<FluentResource>,
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog").field("lang", &self.lang).finish_non_exhaustive()
    }
}

impl Catalog {
    /// The catalog of `lang`, parsed from the copy built into this crate.
    pub fn new(lang: Lang) -> Self {
        // A syntax error is caught by the completeness test; what parsed is still used.
        let resource = FluentResource::try_new(lang.source().to_owned()).unwrap_or_else(|(partial, _)| partial);
        let id = lang.tag().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new(vec![id]);
        // No Unicode isolation marks around arguments: terminals print them
        // as garbage, and host names copied from the page would carry them.
        bundle.set_use_isolating(false);
        // Cannot fail: one resource, so no message is defined twice across resources.
        let _ = bundle.add_resource(resource);
        Catalog { lang, bundle }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether message `id` exists.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// The value of message `id`; the id itself if it is missing (the tests
    /// make sure it never is).
    pub fn text(&self, id: &str, args: &Args<'_>) -> String {
        self.format(id, None, args).unwrap_or_else(|| id.to_owned())
    }

    /// Attribute `attribute` of message `id`, if it has one.
    pub fn attribute(&self, id: &str, attribute: &str, args: &Args<'_>) -> Option<String> {
        self.format(id, Some(attribute), args)
    }

    /// The attributes `prefix1`, `prefix2`, ... of `id`, in order, until one is missing.
    pub fn numbered(&self, id: &str, prefix: &str, args: &Args<'_>) -> Vec<String> {
        (1..).map_while(|n| self.attribute(id, &format!("{prefix}{n}"), args)).collect()
    }

    fn format(&self, id: &str, attribute: Option<&str>, args: &Args<'_>) -> Option<String> {
        #[cfg(test)]
        record::push(self.lang, id, attribute, args, self.bundle.get_message(id).is_some());
        let message = self.bundle.get_message(id)?;
        let pattern = match attribute {
            Some(name) => message.get_attribute(name)?.value(),
            None => message.value()?,
        };
        let mut errors = Vec::new();
        let fluent_args = args.fluent();
        let text = self.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    }
}

/// Every lookup a test makes, so the completeness test can compare the
/// arguments given with the variables each message uses.
#[cfg(test)]
pub(crate) mod record {
    use core::cell::RefCell;

    use super::{Args, Lang};

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub(crate) struct Lookup {
        pub(crate) lang: Lang,
        pub(crate) id: String,
        pub(crate) attribute: Option<String>,
        pub(crate) args: Vec<&'static str>,
        pub(crate) message_exists: bool,
    }

    std::thread_local! {
        static LOOKUPS: RefCell<Vec<Lookup>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn push(lang: Lang, id: &str, attribute: Option<&str>, args: &Args<'_>, message_exists: bool) {
        let lookup = Lookup {
            lang,
            id: id.to_owned(),
            attribute: attribute.map(str::to_owned),
            args: args.names(),
            message_exists,
        };
        LOOKUPS.with(|l| l.borrow_mut().push(lookup));
    }

    /// The lookups made by `f`.
    pub(crate) fn during(f: impl FnOnce()) -> Vec<Lookup> {
        LOOKUPS.with(|l| l.borrow_mut().clear());
        f();
        LOOKUPS.with(|l| l.borrow_mut().drain(..).collect())
    }
}
