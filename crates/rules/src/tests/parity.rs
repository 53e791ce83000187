//! The compiled catalogs (`build.rs`, `catalog.rs`) say what fluent-bundle
//! says from the same `.ftl` files, configured as the crate configured it
//! when it linked fluent-bundle (no isolation marks): every value and
//! attribute of every message, with arguments that reach every variant of
//! every select, with numbers in every placeable, and with no arguments.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use fluent_syntax::ast::Entry;

use crate::catalog::{Key, Part};
use crate::{Args, Catalog, Lang};

const SOURCES: [(Lang, &str); 2] =
    [(Lang::En, include_str!("../../catalogs/en.ftl")), (Lang::De, include_str!("../../catalogs/de.ftl"))];

/// Numbers a selector is tried with: each plural category and large ones
/// (arguments are whole numbers, `Args::number`).
const NUMBERS: [u64; 5] = [0, 1, 2, 3000, 1_000_000];

fn reference(lang: Lang, source: &str) -> FluentBundle<FluentResource> {
    let resource = FluentResource::try_new(source.to_owned())
        .unwrap_or_else(|(_, errors)| panic!("{lang}: the catalog does not parse: {errors:?}"));
    let mut bundle = FluentBundle::new(vec![lang.tag().parse().expect("a language tag")]);
    bundle.set_use_isolating(false);
    bundle.add_resource(resource).unwrap_or_else(|errors| panic!("{lang}: {errors:?}"));
    bundle
}

#[derive(Debug, Clone)]
enum Arg {
    Text(String),
    Number(u64),
}

/// The variables coded pattern `coded` selects on (with the values worth
/// trying: each key, and what no key names) and those it only shows.
fn variables(
    lang: Lang,
    coded: &'static str,
    selectors: &mut BTreeMap<&'static str, Vec<Arg>>,
    shown: &mut BTreeSet<&'static str>,
) {
    for part in lang.parts(coded) {
        match part {
            Part::Text(_) => {}
            Part::Var(name) => {
                shown.insert(name);
            }
            Part::Select(select) => {
                let tried = selectors.entry(select.on).or_insert_with(|| {
                    let mut tried = vec![Arg::Text("no-such-key".into())];
                    tried.extend(NUMBERS.map(Arg::Number));
                    tried
                });
                for (key, _) in select.variants {
                    match key {
                        Key::Name(name) => tried.push(Arg::Text((*name).into())),
                        Key::Number(number) => tried.push(Arg::Number(*number as u64)),
                    }
                }
                for (_, coded) in select.variants {
                    variables(lang, coded, selectors, shown);
                }
            }
        }
    }
}

/// The argument sets a pattern is rendered with: every combination of its
/// selectors' values (shown-only variables as text); every variable as the
/// same number (how numbers are written); and none (what a missing variable
/// writes, and which variant it falls to).
fn argument_sets(lang: Lang, coded: &'static str) -> Vec<Vec<(&'static str, Arg)>> {
    let mut selectors = BTreeMap::new();
    let mut shown = BTreeSet::new();
    variables(lang, coded, &mut selectors, &mut shown);
    let texts: Vec<_> = shown
        .iter()
        .filter(|name| !selectors.contains_key(*name))
        .map(|name| (*name, Arg::Text(format!("<{name}>"))))
        .collect();
    let mut sets = vec![texts];
    for (name, tried) in &selectors {
        sets = sets
            .iter()
            .flat_map(|set| tried.iter().map(move |arg| [set.clone(), vec![(*name, arg.clone())]].concat()))
            .collect();
    }
    for number in [1, 3000] {
        sets.push(shown.iter().chain(selectors.keys()).map(|name| (*name, Arg::Number(number))).collect());
    }
    sets.push(Vec::new());
    sets
}

/// Renders every pattern of `lang` with both; how many patterns, and how
/// many renderings were compared.
fn compare(lang: Lang, source: &str) -> (usize, usize) {
    let bundle = reference(lang, source);
    let catalog = Catalog::new(lang);
    let (mut patterns_seen, mut compared) = (0, 0);
    let mut differences = Vec::new();
    for message in lang.messages() {
        let patterns = message.value.map(|coded| (None, coded)).into_iter();
        let patterns = patterns.chain(message.attributes.iter().map(|(name, coded)| (Some(*name), *coded)));
        let theirs = bundle.get_message(message.id).expect("the reference has every compiled message");
        for (attribute, coded) in patterns {
            patterns_seen += 1;
            let pattern = match attribute {
                Some(name) => theirs.get_attribute(name).expect("the reference has the attribute").value(),
                None => theirs.value().expect("the reference has the value"),
            };
            for set in argument_sets(lang, coded) {
                let mut args = Args::new();
                let mut fluent = FluentArgs::new();
                for (name, arg) in &set {
                    match arg {
                        Arg::Text(text) => {
                            args = args.text(name, text.clone());
                            fluent.set(*name, FluentValue::from(text.clone()));
                        }
                        Arg::Number(number) => {
                            args = args.number(name, *number);
                            fluent.set(*name, FluentValue::from(*number as f64));
                        }
                    }
                }
                let expected = bundle.format_pattern(pattern, Some(&fluent), &mut Vec::new()).into_owned();
                let got = match attribute {
                    Some(name) => catalog.attribute(message.id, name, &args),
                    None => Some(catalog.text(message.id, &args)),
                };
                compared += 1;
                if got.as_deref() != Some(&*expected) {
                    differences.push(format!(
                        "{lang} {}.{attribute:?} with {set:?}:\n  fluent:   {expected:?}\n  compiled: {got:?}",
                        message.id
                    ));
                }
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{} of {compared} renderings differ:\n{}",
        differences.len(),
        differences[..differences.len().min(10)].join("\n")
    );
    (patterns_seen, compared)
}

#[test]
fn compiled_catalogs_render_as_fluent_bundle_does() {
    let (mut patterns, mut compared) = (0, 0);
    for (lang, source) in SOURCES {
        let (seen, rendered) = compare(lang, source);
        patterns += seen;
        compared += rendered;
    }
    println!("parity: {patterns} patterns, {compared} renderings compared");
    assert!(compared > 2000, "only {compared} renderings compared");
}

#[test]
fn compiled_catalogs_hold_every_message_and_attribute() {
    for (lang, source) in SOURCES {
        let bundle = reference(lang, source);
        let resource = fluent_syntax::parser::parse(source).expect("the catalog parses");
        let mut expected = BTreeMap::new();
        for entry in &resource.body {
            match entry {
                Entry::Message(message) => {
                    let attributes: Vec<&str> = message.attributes.iter().map(|a| a.id.name).collect();
                    expected.insert(message.id.name, (message.value.is_some(), attributes));
                }
                // A term is no message: `has` says no, as fluent-bundle does.
                Entry::Term(term) => assert!(!Catalog::new(lang).has(term.id.name), "{lang}: -{}", term.id.name),
                _ => {}
            }
        }
        let compiled: BTreeMap<_, _> = lang
            .messages()
            .iter()
            .map(|m| (m.id, (m.value.is_some(), m.attributes.iter().map(|(name, _)| *name).collect::<Vec<_>>())))
            .collect();
        assert_eq!(compiled, expected, "{lang}");
        let catalog = Catalog::new(lang);
        for id in expected.keys().copied().chain(["no-such-message"]) {
            assert_eq!(catalog.has(id), bundle.has_message(id), "{lang} {id}");
        }
        assert_eq!(catalog.text("no-such-message", &Args::new()), "no-such-message");
        assert_eq!(catalog.attribute("no-such-message", "why", &Args::new()), None);
        assert_eq!(
            catalog.attribute(expected.keys().next().expect("messages"), "no-such-attribute", &Args::new()),
            None
        );
    }
}
