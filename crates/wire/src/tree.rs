//! Reading a JSON tree (`serde_json::Value`) field by field, by the rules
//! serde's derive reads it: unknown fields ignored, a missing `Option` as
//! `None`, a missing `#[serde(default)]` field as its default, and every
//! other missing or mistyped field as an error.
//!
//! Why by hand: serde reads internally and adjacently tagged enums by
//! buffering each value into a content tree of its own and compiling each
//! variant's reader more than once. In the page those derived readers were
//! 295 KB of its 844 KB of wasm code, more than its whole size budget.
//! Reading one `Value` directly costs a few KB. The relay's frames
//! ([`crate::ServerMessage::from_json`]) and the rules' shared reports use
//! it; each reader's tests read every variant both ways and compare, and
//! break each frame one field at a time (`samples::one_change_away`).

use core::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use serde_json::{Map, Value};

/// The innermost field of a frame that could not be read; empty for the
/// value itself (the field that holds it names it).
#[derive(Debug)]
pub struct Unreadable(pub &'static str);

/// What every reader returns.
pub type Read<T> = Result<T, Unreadable>;

/// A type read from a JSON tree exactly as its serde derive reads it.
pub trait FromTree: Sized {
    /// Reads `value`; the error names the innermost field that was wrong.
    fn from_tree(value: &Value) -> Read<Self>;
}

/// `value` as an object.
pub fn object(value: &Value) -> Read<&Map<String, Value>> {
    value.as_object().ok_or(Unreadable(""))
}

/// Reads `key`, which must be there.
pub fn field<T: FromTree>(map: &Map<String, Value>, key: &'static str) -> Read<T> {
    let value = map.get(key).ok_or(Unreadable(key))?;
    T::from_tree(value).map_err(|inner| if inner.0.is_empty() { Unreadable(key) } else { inner })
}

/// Reads `key`, which may be missing or `null` (serde's rule for `Option`).
pub fn optional<T: FromTree>(map: &Map<String, Value>, key: &'static str) -> Read<Option<T>> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(_) => field(map, key).map(Some),
    }
}

/// Reads `key`, which is its default when missing (`#[serde(default)]`).
pub fn or_default<T: FromTree + Default>(map: &Map<String, Value>, key: &'static str) -> Read<T> {
    if map.contains_key(key) {
        field(map, key)
    } else {
        Ok(T::default())
    }
}

/// The name in tag field `key` of an internally tagged enum.
pub fn tag<'a>(map: &'a Map<String, Value>, key: &'static str) -> Read<&'a str> {
    map.get(key).and_then(Value::as_str).ok_or(Unreadable(key))
}

impl FromTree for String {
    fn from_tree(value: &Value) -> Read<Self> {
        value.as_str().map(str::to_owned).ok_or(Unreadable(""))
    }
}

impl FromTree for bool {
    fn from_tree(value: &Value) -> Read<Self> {
        value.as_bool().ok_or(Unreadable(""))
    }
}

macro_rules! unsigned {
    ($($ty:ty),*) => {$(
        impl FromTree for $ty {
            fn from_tree(value: &Value) -> Read<Self> {
                value.as_u64().and_then(|n| <$ty>::try_from(n).ok()).ok_or(Unreadable(""))
            }
        }
    )*};
}
unsigned!(u8, u16, u32, u64, usize);

/// Types serde writes as their `Display` text and reads with `FromStr`.
macro_rules! parsed {
    ($($ty:ty),*) => {$(
        impl FromTree for $ty {
            fn from_tree(value: &Value) -> Read<Self> {
                value.as_str().and_then(|text| text.parse().ok()).ok_or(Unreadable(""))
            }
        }
    )*};
}
parsed!(IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr);

impl<T: FromTree> FromTree for Vec<T> {
    fn from_tree(value: &Value) -> Read<Self> {
        value.as_array().ok_or(Unreadable(""))?.iter().map(T::from_tree).collect()
    }
}

impl<T: FromTree> FromTree for Option<T> {
    fn from_tree(value: &Value) -> Read<Self> {
        if value.is_null() {
            Ok(None)
        } else {
            T::from_tree(value).map(Some)
        }
    }
}

/// [`FromTree`] for enums serde writes as a bare name, given each
/// variant's name as the derive writes it (its tests hold them together).
#[macro_export]
macro_rules! named_from_tree {
    ($($ty:ident { $($name:literal => $variant:ident),* $(,)? })*) => {$(
        impl $crate::tree::FromTree for $ty {
            fn from_tree(value: &serde_json::Value) -> $crate::tree::Read<Self> {
                match value.as_str() {
                    $(Some($name) => Ok($ty::$variant),)*
                    _ => Err($crate::tree::Unreadable("")),
                }
            }
        }
    )*};
}
