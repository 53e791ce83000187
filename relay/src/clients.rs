//! Who is connected, by network, and how many places each network holds.
//!
//! A client is counted at every level of the networks it belongs to: its
//! address, its IPv6 /64 (what one home or phone is given), and the wide
//! network around it, an IPv4 /24 or an IPv6 /48 (one site, one customer of
//! a provider). Each level has its own cap, so hopping addresses inside a
//! /64, or /64s inside a /48, or addresses inside a /24, buys no more
//! places: one network cannot take every place. The same [`Places`] count
//! TCP connections where they are accepted (the front door) and
//! WebSocket sessions where they are upgraded (`serve`).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::sync::{Arc, Mutex, PoisonError};

/// A client's network as the rate limits see it: one IPv4 address, or one
/// IPv6 /64.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ClientKey(IpAddr);

impl ClientKey {
    pub(crate) fn of(peer: IpAddr) -> Self {
        match peer.to_canonical() {
            IpAddr::V4(v4) => Self(IpAddr::V4(v4)),
            IpAddr::V6(v6) => Self(IpAddr::V6(masked_v6(v6, 64))),
        }
    }
}

fn masked_v6(ip: Ipv6Addr, bits: u32) -> Ipv6Addr {
    Ipv6Addr::from(u128::from(ip) & (u128::MAX << (128 - bits)))
}

fn masked_v4(ip: Ipv4Addr, bits: u32) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(ip) & (u32::MAX << (32 - bits)))
}

/// How wide a network a count is kept for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Level {
    /// One address (IPv4 /32, IPv6 /128).
    Address,
    /// One IPv6 /64.
    Net64,
    /// One IPv4 /24 or IPv6 /48.
    Wide,
    /// Everyone together.
    All,
}

impl Level {
    /// The level as metrics label it.
    pub fn name(self) -> &'static str {
        match self {
            Level::Address => "address",
            Level::Net64 => "net64",
            Level::Wide => "wide",
            Level::All => "all",
        }
    }
}

/// Places one network may hold at each level, and all together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caps {
    /// One address, and one IPv6 /64.
    pub network: usize,
    /// One IPv4 /24, one IPv6 /48.
    pub wide: usize,
    /// Everyone.
    pub all: usize,
}

/// The counted keys of `ip`, narrowest first; `exempt` (a trusted proxy,
/// which carries many clients) is counted only in the total.
fn keys(ip: IpAddr, exempt: bool) -> Vec<(Level, IpAddr)> {
    let mut keys = Vec::with_capacity(4);
    if !exempt {
        match ip.to_canonical() {
            IpAddr::V4(v4) => {
                keys.push((Level::Address, IpAddr::V4(v4)));
                keys.push((Level::Wide, IpAddr::V4(masked_v4(v4, 24))));
            }
            IpAddr::V6(v6) => {
                keys.push((Level::Address, IpAddr::V6(v6)));
                keys.push((Level::Net64, IpAddr::V6(masked_v6(v6, 64))));
                keys.push((Level::Wide, IpAddr::V6(masked_v6(v6, 48))));
            }
        }
    }
    keys.push((Level::All, IpAddr::V6(Ipv6Addr::UNSPECIFIED)));
    keys
}

fn cap(caps: &Caps, level: Level) -> usize {
    match level {
        Level::Address | Level::Net64 => caps.network,
        Level::Wide => caps.wide,
        Level::All => caps.all,
    }
}

/// Open places per network and level, capped.
#[derive(Debug)]
pub(crate) struct Places {
    caps: Caps,
    open: Mutex<HashMap<(Level, IpAddr), usize>>,
}

/// One place; given back at every level when dropped.
#[derive(Debug)]
pub(crate) struct Place {
    places: Arc<Places>,
    keys: Vec<(Level, IpAddr)>,
}

impl Places {
    pub(crate) fn new(caps: Caps) -> Self {
        Self { caps, open: Mutex::default() }
    }

    /// The first level at which `ip` holds all its places now, if any.
    pub(crate) fn full(&self, ip: IpAddr) -> Option<Level> {
        let open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        keys(ip, false)
            .into_iter()
            .find(|key| open.get(key).copied().unwrap_or(0) >= cap(&self.caps, key.0))
            .map(|(level, _)| level)
    }

    /// A place for `ip`, or the level whose cap it would pass.
    pub(crate) fn take(self: &Arc<Self>, ip: IpAddr, exempt: bool) -> Result<Place, Level> {
        let keys = keys(ip, exempt);
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((level, _)) = keys.iter().find(|key| open.get(*key).copied().unwrap_or(0) >= cap(&self.caps, key.0))
        {
            return Err(*level);
        }
        for key in &keys {
            *open.entry(*key).or_default() += 1;
        }
        Ok(Place { places: self.clone(), keys })
    }
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut open = self.places.open.lock().unwrap_or_else(PoisonError::into_inner);
        for key in &self.keys {
            if let Some(count) = open.get_mut(key) {
                *count -= 1;
                if *count == 0 {
                    // No entry outlives its places: the map stays as small
                    // as the set of networks connected now.
                    open.remove(key);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("ip")
    }

    #[test]
    fn a_v6_prefix_is_one_client_and_v4_mapped_is_v4() {
        let (a, b, other) = (ip("2001:db8:1:2:aaaa::1"), ip("2001:db8:1:2:ffff:1:2:3"), ip("2001:db8:1:3::1"));
        assert_eq!(ClientKey::of(a), ClientKey::of(b));
        assert_ne!(ClientKey::of(a), ClientKey::of(other));
        assert_eq!(ClientKey::of(ip("::ffff:192.0.2.7")), ClientKey::of(ip("192.0.2.7")));
        assert_ne!(ClientKey::of(ip("192.0.2.7")), ClientKey::of(ip("192.0.2.8")));
    }

    #[test]
    fn places_are_capped_at_every_level_and_given_back() {
        let places = Arc::new(Places::new(Caps { network: 2, wide: 3, all: 6 }));
        let first = places.take(ip("192.0.2.1"), false).expect("free");
        let _second = places.take(ip("192.0.2.1"), false).expect("free");
        assert_eq!(places.take(ip("192.0.2.1"), false).err(), Some(Level::Address));
        let _third = places.take(ip("192.0.2.2"), false).expect("another address of the /24");
        assert_eq!(places.take(ip("192.0.2.3"), false).err(), Some(Level::Wide), "the /24 holds its three");
        let _v6 = places.take(ip("2001:db8:1:2::1"), false).expect("another network");
        let _v6_again = places.take(ip("2001:db8:1:2::2"), false).expect("a /64 holds two");
        assert_eq!(places.take(ip("2001:db8:1:2::3"), false).err(), Some(Level::Net64));
        assert_eq!(places.full(ip("2001:db8:1:2::4")), Some(Level::Net64));
        let _proxy = places.take(ip("192.0.2.9"), true).expect("a proxy is held to the total only");
        assert_eq!(places.take(ip("198.51.100.9"), false).err(), Some(Level::All));
        drop(first);
        assert!(places.take(ip("192.0.2.4"), false).is_ok(), "a closed place is given back at every level");
    }

    #[test]
    fn one_48_cannot_take_every_place_while_another_network_gets_one() {
        let places = Arc::new(Places::new(Caps { network: 8, wide: 32, all: 256 }));
        let mut held = Vec::new();
        for net in 0..1000u32 {
            match places.take(ip(&format!("2001:db8:7:{net:x}::1")), false) {
                Ok(place) => held.push(place),
                Err(level) => assert_eq!(level, Level::Wide),
            }
        }
        assert_eq!(held.len(), 32);
        assert!(places.take(ip("2001:db8:8::1"), false).is_ok());
        drop(held);
        assert!(places.open.lock().expect("lock").len() <= 4, "only the one client left is counted");
    }
}
