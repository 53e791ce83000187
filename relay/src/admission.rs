//! The relay's side of `maildoctor_probe::Gate`: one session's client, and
//! the relay's limits, asked by the executor where a socket opens and where
//! a password is about to go.

use std::net::IpAddr;
use std::sync::Arc;

use maildoctor_probe::{Admission, Gate};
use maildoctor_wire::Refusal;

use crate::clients::ClientKey;
use crate::logins::LoginLimits;
use crate::rate::Limiter;

/// One session's gate.
#[derive(Debug)]
pub(crate) struct SessionGate {
    pub(crate) client: ClientKey,
    pub(crate) logins: Arc<LoginLimits>,
    /// Connections per server address across the relay: counted per
    /// socket, by the address dialed (as Cloudflare's `connect()` limit
    /// does), so no name, alias or spelling of a server buys more.
    pub(crate) destinations: Arc<Limiter<IpAddr>>,
}

impl Gate for SessionGate {
    fn connect(&self, address: IpAddr) -> Result<(), Refusal> {
        self.destinations
            .check(&address.to_canonical())
            .map_err(|wait| Refusal::DestinationLimit { retry_after_s: wait.as_secs().max(1) })
    }

    fn login<'a>(&'a self, username: &'a str, host: &'a str, address: IpAddr) -> Admission<'a> {
        Box::pin(self.logins.admit(self.client, username, host, address))
    }
}
