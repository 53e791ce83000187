//! Who is connected, by network: one IPv4 address, or one IPv6 /64 (what a
//! single home or phone is given, so a client cannot step around its limit
//! by hopping addresses inside its own prefix).

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex, PoisonError};

/// A client's network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct ClientKey(IpAddr);

impl ClientKey {
    pub(crate) fn of(peer: IpAddr) -> Self {
        match peer.to_canonical() {
            IpAddr::V4(v4) => Self(IpAddr::V4(v4)),
            IpAddr::V6(v6) => {
                let prefix = u128::from(v6) & (u128::MAX << 64);
                Self(IpAddr::V6(Ipv6Addr::from(prefix)))
            }
        }
    }
}

/// Open sessions per network, capped.
#[derive(Debug, Default)]
pub(crate) struct ClientSlots {
    open: Mutex<HashMap<ClientKey, usize>>,
}

/// One session's place; gives it back when dropped.
#[derive(Debug)]
pub(crate) struct ClientSlot {
    slots: Arc<ClientSlots>,
    key: ClientKey,
}

impl ClientSlots {
    /// How many sessions `key` holds now.
    pub(crate) fn open(&self, key: ClientKey) -> usize {
        self.open.lock().unwrap_or_else(PoisonError::into_inner).get(&key).copied().unwrap_or(0)
    }

    /// A place for one more session from `key`, unless it holds `limit`.
    pub(crate) fn take(self: &Arc<Self>, key: ClientKey, limit: usize) -> Option<ClientSlot> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(key).or_default();
        if *count >= limit {
            return None;
        }
        *count += 1;
        Some(ClientSlot { slots: self.clone(), key })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                // No entry outlives its sessions: the map stays as small as
                // the set of networks connected now.
                open.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_v6_prefix_is_one_client_and_v4_mapped_is_v4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().expect("ip");
        let b: IpAddr = "2001:db8:1:2:ffff:1:2:3".parse().expect("ip");
        let other: IpAddr = "2001:db8:1:3::1".parse().expect("ip");
        assert_eq!(ClientKey::of(a), ClientKey::of(b));
        assert_ne!(ClientKey::of(a), ClientKey::of(other));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().expect("ip");
        assert_eq!(ClientKey::of(mapped), ClientKey::of("192.0.2.7".parse().expect("ip")));
        assert_ne!(ClientKey::of("192.0.2.7".parse().expect("ip")), ClientKey::of("192.0.2.8".parse().expect("ip")));
    }

    #[test]
    fn slots_are_capped_per_client_and_given_back() {
        let slots = Arc::new(ClientSlots::default());
        let one = ClientKey::of("192.0.2.1".parse().expect("ip"));
        let two = ClientKey::of("192.0.2.2".parse().expect("ip"));
        let first = slots.take(one, 2).expect("free");
        let _second = slots.take(one, 2).expect("free");
        assert!(slots.take(one, 2).is_none(), "the third from one network waits");
        let _elsewhere = slots.take(two, 2).expect("another network is not affected");
        drop(first);
        assert!(slots.take(one, 2).is_some(), "a closed session gives its place back");
        drop(_elsewhere);
        assert!(!slots.open.lock().expect("lock").contains_key(&two));
    }
}
