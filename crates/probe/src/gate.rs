//! The relay's limits, asked where they apply: a connection as its socket
//! opens, a login once the address it goes to is known. So a limit counts
//! the server that is dialed, not the spelling the page sent (other cases,
//! a trailing dot, an alias, the bare address all reach one count).

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

use maildoctor_wire::Refusal;

/// What [`Gate::login`] answers, later: a shared store may be asked.
pub type Admission<'a> = Pin<Box<dyn Future<Output = Result<(), Refusal>> + Send + 'a>>;

/// Limits the executor asks before it dials or sends a password.
pub trait Gate: Send + Sync {
    /// One connection to `address` is about to open.
    fn connect(&self, address: IpAddr) -> Result<(), Refusal>;
    /// A login as `username`, to the server the page called `host`, on a
    /// connection to `address`, is about to be sent.
    fn login<'a>(&'a self, username: &'a str, host: &'a str, address: IpAddr) -> Admission<'a>;
}

/// No limits: `maildoctor check` on the person's own computer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Open;

impl Gate for Open {
    fn connect(&self, _: IpAddr) -> Result<(), Refusal> {
        Ok(())
    }

    fn login<'a>(&'a self, _: &'a str, _: &'a str, _: IpAddr) -> Admission<'a> {
        Box::pin(std::future::ready(Ok(())))
    }
}
