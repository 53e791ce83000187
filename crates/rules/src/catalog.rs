//! Every sentence a person reads, from Fluent message catalogs
//! (`catalogs/en.ftl`, `catalogs/de.ftl`), keyed by message id with named
//! arguments. A message's value is a title or a label; its attributes hold
//! the rest (`.why`, `.fix-1`, `.fix-2`, ...).
//!
//! `build.rs` compiles the catalogs into the data below ([`Message`],
//! [`Select`], patterns coded as one string each and read as [`Part`]s) and refuses any construct this resolver does not evaluate as
//! fluent-bundle does; so the page links no Fluent parser, bundle or plural
//! rules and parses nothing at start. `tests/parity.rs` holds the two to
//! the same text on every message, attribute and select variant.

use core::fmt::{self, Write as _};
use core::marker::PhantomData;

/// A language maildoctor speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English; the default when nothing chooses another.
    #[default]
    En,
    /// German.
    De,
}

impl Lang {
    /// Every language the catalogs have, for what must cover them all
    /// (the snapshot tests render each).
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

    /// This language's messages, sorted by id.
    pub(crate) fn messages(self) -> &'static [Message] {
        match self {
            Lang::En => compiled::EN,
            Lang::De => compiled::DE,
        }
    }

    /// The selects this language's coded patterns point into.
    fn selects(self) -> &'static [Select] {
        match self {
            Lang::En => compiled::EN_SELECTS,
            Lang::De => compiled::DE_SELECTS,
        }
    }

    /// The parts of a coded pattern of this language.
    pub(crate) fn parts(self, coded: &'static str) -> Parts {
        Parts { rest: coded, selects: self.selects() }
    }

    /// The plural category of `number` among those a variant key can name.
    /// CLDR's cardinal rule for both English and German: `one` is
    /// `i = 1 and v = 0` (the integer 1, no fraction digits; the sign does not
    /// count), everything else `other`. Arguments are whole numbers (counts,
    /// milliseconds, ports), which is all the catalogs need.
    fn plural(self, number: u64) -> &'static str {
        match self {
            Lang::En | Lang::De if number == 1 => "one",
            Lang::En | Lang::De => "other",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// An argument's value.
#[derive(Debug, Clone)]
enum Value {
    Text(String),
    /// Whole numbers only: formatting a float would link core's float
    /// printing (Grisu, Dragon and their tables) into the page.
    Number(u64),
}

/// Named arguments for a message.
#[derive(Debug, Default)]
pub struct Args<'a>(Vec<(&'static str, Value)>, PhantomData<&'a ()>);

impl Args<'_> {
    /// No arguments yet; add them with [`Args::text`] and [`Args::number`].
    pub fn new() -> Self {
        Args(Vec::new(), PhantomData)
    }

    /// A text argument (host names, server replies: never formatted).
    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.0.push((name, Value::Text(value.into())));
        self
    }

    /// A number, for plural forms.
    pub fn number(mut self, name: &'static str, value: u64) -> Self {
        self.0.push((name, Value::Number(value)));
        self
    }

    /// The argument names, for the completeness tests.
    pub fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|(name, _)| *name).collect()
    }

    /// The value of `name`; the last one given wins, as in fluent-bundle.
    fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().rev().find(|(given, _)| *given == name).map(|(_, value)| value)
    }
}

/// A message as `build.rs` compiles it: the value (a title or label), if
/// it has one, and the attributes in catalog order, each a coded pattern.
#[derive(Debug)]
pub(crate) struct Message {
    pub(crate) id: &'static str,
    pub(crate) value: Option<&'static str>,
    pub(crate) attributes: &'static [(&'static str, &'static str)],
}

/// A piece of a pattern. Terms are spliced in by `build.rs`, string and
/// number literals written out as text, so these are all the resolver meets.
#[derive(Debug)]
pub(crate) enum Part {
    Text(&'static str),
    /// A variable, `{ $name }`.
    Var(&'static str),
    Select(&'static Select),
}

/// The marks of a coded pattern, as `build.rs` writes them: a variable is
/// `VAR name END`, a select `SELECT index END`; the rest is text.
const VAR: char = '\u{1}';
const SELECT: char = '\u{3}';
const END: char = '\u{2}';

/// The parts of a coded pattern, in order.
pub(crate) struct Parts {
    rest: &'static str,
    selects: &'static [Select],
}

impl Iterator for Parts {
    type Item = Part;

    fn next(&mut self) -> Option<Part> {
        let rest = self.rest;
        let mark = rest.find([VAR, SELECT]);
        if mark != Some(0) {
            let (text, after) = rest.split_at(mark.unwrap_or(rest.len()));
            self.rest = after;
            return (!text.is_empty()).then_some(Part::Text(text));
        }
        // The marks are one byte each, and build.rs closes every placeable.
        let (inside, after) = rest[1..].split_once(END)?;
        self.rest = after;
        if rest.starts_with(VAR) {
            return Some(Part::Var(inside));
        }
        let select = inside.parse().ok().and_then(|index: usize| self.selects.get(index));
        Some(select.map_or(Part::Text(""), Part::Select))
    }
}

/// `{ $on -> [key] ... *[default] ... }`.
#[derive(Debug)]
pub(crate) struct Select {
    pub(crate) on: &'static str,
    /// Each key with its coded pattern.
    pub(crate) variants: &'static [(Key, &'static str)],
    /// The index of the `*` variant.
    pub(crate) default: usize,
}

/// A variant's key.
#[derive(Debug)]
pub(crate) enum Key {
    /// A text argument equal to it, or a number of that plural category.
    Name(&'static str),
    /// A number argument equal to it (`build.rs` admits integers only).
    /// No catalog has one today; `build.rs` emits it when one appears.
    #[allow(dead_code)]
    Number(f64),
}

/// The catalogs as `build.rs` compiled them: `EN`, `DE`.
mod compiled {
    use super::{Key, Message, Select};

    include!(concat!(env!("OUT_DIR"), "/catalogs.rs"));
}

/// The messages of one language.
pub struct Catalog {
    lang: Lang,
    messages: &'static [Message],
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog").field("lang", &self.lang).finish_non_exhaustive()
    }
}

impl Catalog {
    /// The catalog of `lang`, compiled into this crate.
    pub fn new(lang: Lang) -> Self {
        Catalog { lang, messages: lang.messages() }
    }

    /// The language this catalog's messages are in.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether message `id` exists.
    pub fn has(&self, id: &str) -> bool {
        self.message(id).is_some()
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

    fn message(&self, id: &str) -> Option<&'static Message> {
        let messages = self.messages;
        messages.binary_search_by(|message| message.id.cmp(id)).ok().map(|at| &messages[at])
    }

    fn format(&self, id: &str, attribute: Option<&str>, args: &Args<'_>) -> Option<String> {
        #[cfg(test)]
        record::push(self.lang, id, attribute, args, self.message(id).is_some());
        let message = self.message(id)?;
        let coded = match attribute {
            Some(name) => message.attributes.iter().find(|(given, _)| *given == name)?.1,
            None => message.value?,
        };
        let mut text = String::new();
        self.write(coded, args, &mut text);
        Some(text)
    }

    /// Writes `parts` as fluent-bundle would with isolation marks off (they
    /// corrupt terminals and copied host names).
    fn write(&self, coded: &'static str, args: &Args<'_>, out: &mut String) {
        for part in self.lang.parts(coded) {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Var(name) => match args.get(name) {
                    Some(Value::Text(text)) => out.push_str(text),
                    // As fluent-bundle writes a whole number: `3000`.
                    Some(Value::Number(number)) => {
                        let _ = write!(out, "{number}");
                    }
                    // What fluent-bundle writes for a variable not given.
                    None => {
                        let _ = write!(out, "{{${name}}}");
                    }
                },
                Part::Select(select) => self.write(self.variant(select, args.get(select.on)), args, out),
            }
        }
    }

    /// The first variant whose key matches `value`, else the default.
    fn variant(&self, select: &Select, value: Option<&Value>) -> &'static str {
        let matches = |key: &Key| match (key, value) {
            (Key::Name(name), Some(Value::Text(text))) => name == text,
            (Key::Name(name), Some(Value::Number(number))) => *name == self.lang.plural(*number),
            (Key::Number(key), Some(Value::Number(number))) => *key == *number as f64,
            (Key::Number(_), Some(Value::Text(_))) | (_, None) => false,
        };
        let chosen = select.variants.iter().find(|(key, _)| matches(key)).or(select.variants.get(select.default));
        chosen.map_or("", |(_, coded)| coded)
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
