//! `serve --config FILE`: a TOML file of settings, keyed by the flags'
//! long names. Flags outrank the environment (`MAILDOCTOR_LISTEN`, …),
//! which outranks the file, which outranks the defaults. The file is read
//! here, before clap, and becomes flags placed *before* the command line's
//! own, so a flag given on the command line wins (clap keeps the last); a
//! setting whose variable is set in the environment is left out, so the
//! environment wins over the file.

use std::ffi::OsString;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// One value.
    One,
    /// A list (a TOML array, or one value).
    List,
    /// On or off.
    Switch,
}

/// Every setting a file may hold; a key not listed here is an error, so a
/// typo never passes silently. `true`: it has an environment variable.
const SETTINGS: &[(&str, Kind, bool)] = &[
    ("listen", Kind::One, true),
    ("ui", Kind::One, true),
    ("allow-origin", Kind::List, true),
    ("allow-port", Kind::List, true),
    ("deny-network", Kind::List, true),
    ("allow-network", Kind::List, true),
    ("trust-proxy", Kind::List, true),
    ("log-format", Kind::One, true),
    ("max-sessions", Kind::One, true),
    ("tls-cert", Kind::One, true),
    ("tls-key", Kind::One, true),
    ("destination-burst", Kind::One, true),
    ("destination-every-ms", Kind::One, true),
    ("limits-url", Kind::One, true),
    ("limits-key-file", Kind::One, true),
    ("allow-plaintext-logins", Kind::Switch, true),
    ("local", Kind::Switch, true),
    ("pairing-file", Kind::One, true),
    ("name", Kind::One, true),
    ("region", Kind::One, true),
    ("allow-private", Kind::Switch, false),
    ("resolver", Kind::One, false),
    ("ca-file", Kind::One, false),
    ("timeout", Kind::One, false),
    ("ispdb-url", Kind::One, false),
    ("ispdb-snapshot", Kind::One, false),
    ("autodiscover-url", Kind::One, false),
    ("reference-resolver", Kind::One, true),
    ("metrics-listen", Kind::One, true),
    ("request-head-timeout", Kind::One, true),
    ("max-connections", Kind::One, true),
    ("connections-per-network", Kind::One, true),
    ("connections-per-wide-network", Kind::One, true),
    ("sessions-per-network", Kind::One, true),
    ("sessions-per-wide-network", Kind::One, true),
    ("egress-canary", Kind::List, true),
    ("egress-blocked", Kind::List, true),
];

/// The environment variable that sets `key` (`allow-origin` → `MAILDOCTOR_ALLOW_ORIGIN`).
pub fn env_name(key: &str) -> String {
    format!("MAILDOCTOR_{}", key.replace('-', "_").to_ascii_uppercase())
}

/// The file `serve` is told to read: `--config FILE`, `--config=FILE`, or
/// `MAILDOCTOR_CONFIG`.
fn config_path(args: &[OsString]) -> Option<OsString> {
    let mut after_serve = args.iter().skip_while(|arg| *arg != "serve").skip(1);
    while let Some(arg) = after_serve.next() {
        if arg == "--config" {
            return after_serve.next().cloned();
        }
        if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--config=")) {
            return Some(path.into());
        }
    }
    std::env::var_os("MAILDOCTOR_CONFIG").filter(|_| args.iter().any(|a| a == "serve"))
}

fn scalar(file: &str, key: &str, value: &toml::Value) -> Result<String, String> {
    match value {
        toml::Value::String(text) => Ok(text.clone()),
        toml::Value::Integer(number) => Ok(number.to_string()),
        _ => Err(format!("{file}: `{key}` must be a string or a number")),
    }
}

/// The settings in `text` (a TOML document) as flags; `env_set` says
/// whether an environment variable is set.
pub fn flags_from_toml(file: &str, text: &str, env_set: impl Fn(&str) -> bool) -> Result<Vec<String>, String> {
    let table: toml::Table = text.parse().map_err(|err| format!("{file}: {err}"))?;
    let mut flags = Vec::new();
    for (key, value) in &table {
        let Some(&(_, kind, has_env)) = SETTINGS.iter().find(|(name, _, _)| name == key) else {
            let known: Vec<&str> = SETTINGS.iter().map(|(name, _, _)| *name).collect();
            return Err(format!("{file}: unknown setting `{key}` (known: {})", known.join(", ")));
        };
        if has_env && env_set(&env_name(key)) {
            continue;
        }
        match (kind, value) {
            (Kind::Switch, toml::Value::Boolean(true)) => flags.push(format!("--{key}")),
            (Kind::Switch, toml::Value::Boolean(false)) => {}
            (Kind::Switch, _) => return Err(format!("{file}: `{key}` must be true or false")),
            (Kind::List, toml::Value::Array(items)) => {
                for item in items {
                    flags.push(format!("--{key}={}", scalar(file, key, item)?));
                }
            }
            (Kind::List | Kind::One, value) => flags.push(format!("--{key}={}", scalar(file, key, value)?)),
        }
    }
    Ok(flags)
}

/// The command line with `serve`'s config file merged in, or why the file
/// cannot be used.
pub fn with_config_file(args: Vec<OsString>) -> Result<Vec<OsString>, String> {
    let Some(path) = config_path(&args) else { return Ok(args) };
    let file = Path::new(&path).display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|err| format!("cannot read {file}: {err}"))?;
    let flags = flags_from_toml(&file, &text, |name| std::env::var_os(name).is_some())?;
    let serve_at = args.iter().position(|arg| arg == "serve").unwrap_or(args.len());
    let mut merged: Vec<OsString> = args[..=serve_at.min(args.len() - 1)].to_vec();
    merged.extend(flags.into_iter().map(OsString::from));
    merged.extend(args[serve_at + 1..].iter().cloned());
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_becomes_flags_and_the_environment_wins_over_it() {
        let text = r#"
            listen = "0.0.0.0:8080"
            allow-origin = ["https://help.example.com", "https://mail.example.com"]
            allow-port = [10993]
            trust-proxy = "10.0.0.0/8"
            allow-plaintext-logins = false
            allow-private = true
            timeout = 30
        "#;
        let flags = flags_from_toml("relay.toml", text, |name| name == "MAILDOCTOR_LISTEN").expect("valid");
        assert_eq!(
            flags,
            [
                "--allow-origin=https://help.example.com",
                "--allow-origin=https://mail.example.com",
                "--allow-port=10993",
                "--allow-private",
                "--timeout=30",
                "--trust-proxy=10.0.0.0/8",
            ],
            "listen is set in the environment, so the file's is left out"
        );
    }

    #[test]
    fn the_relay_s_name_and_region_come_from_the_file_unless_the_environment_sets_them() {
        let text = "name = 'Example Mail'\nregion = 'Frankfurt'";
        let flags = flags_from_toml("relay.toml", text, |_| false).expect("valid");
        assert_eq!(flags, ["--name=Example Mail", "--region=Frankfurt"]);
        let flags = flags_from_toml("relay.toml", text, |name| name == "MAILDOCTOR_REGION").expect("valid");
        assert_eq!(flags, ["--name=Example Mail"]);
    }

    #[test]
    fn a_typo_or_a_wrong_type_is_an_error_that_names_it() {
        let typo = flags_from_toml("relay.toml", "alow-origin = 'x'", |_| false).expect_err("unknown");
        assert!(typo.contains("unknown setting `alow-origin`"), "{typo}");
        let wrong = flags_from_toml("relay.toml", "allow-private = 'yes'", |_| false).expect_err("a string");
        assert!(wrong.contains("`allow-private` must be true or false"), "{wrong}");
        let broken = flags_from_toml("relay.toml", "listen = ", |_| false).expect_err("not TOML");
        assert!(broken.starts_with("relay.toml:"), "{broken}");
    }

    #[test]
    fn the_command_line_comes_after_the_file_so_it_wins() {
        let dir = std::env::temp_dir().join(format!("maildoctor-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("relay.toml");
        std::fs::write(&path, "ui = '/srv/page'\nresolver = '127.0.0.1:53'\n").expect("write");
        let args: Vec<OsString> = ["maildoctor", "serve", "--config", path.to_str().expect("utf-8"), "--ui", "dist"]
            .into_iter()
            .map(OsString::from)
            .collect();
        let merged = with_config_file(args).expect("merged");
        let merged: Vec<String> = merged.into_iter().map(|a| a.into_string().expect("utf-8")).collect();
        assert_eq!(merged[..2], ["maildoctor", "serve"]);
        let file_ui = merged.iter().position(|a| a == "--resolver=127.0.0.1:53").expect("the file's resolver");
        let cli_ui = merged.iter().position(|a| a == "dist").expect("the command line's ui");
        assert!(file_ui < cli_ui, "{merged:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
