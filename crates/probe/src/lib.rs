//! maildoctor's native executor: runs [`Operation`]s for real (DNS with
//! hickory-resolver, TCP with tokio, TLS with rustls, and the sans-IO dialogs
//! of `maildoctor-proto` through one driver) and reports each observation as
//! an [`Event`] the moment it happens.
//!
//! It decides nothing about what the observations mean; that is
//! `maildoctor-rules`. It does decide what may be dialed ([`Policy`]).
//!
//! [`Operation`]: maildoctor_wire::Operation
//! [`Event`]: maildoctor_wire::Event

//!
//! Modules, each using only those above it: `policy`, `resolve`, `tcp`,
//! `tls`, `gate` (leaves); `link` (limits, events, the checked address); `legacy`
//! (old TLS versions), `versions` (the oldest version a working server
//! still accepts); `driver` (the one dialog driver); `reach` (checked
//! addresses); `autoconfig`; `executor`.

mod autoconfig;
mod autodiscover;
mod deadline;
mod driver;
mod executor;
mod gate;
pub mod ispdb_snapshot;
mod legacy;
mod link;
mod policy;
mod reach;
mod resolve;
mod tcp;
mod tls;
mod versions;

pub use autoconfig::ServiceBase;
pub use driver::connections_opened;
pub use executor::{Executor, ExecutorConfig};
pub use gate::{Admission, Gate, Open};
pub use link::{EventSink, TimedEvent, Timeouts};
pub use policy::{special_purpose, IpNet, Policy, Target, MAIL_PORTS};
pub use resolve::ResolverSetting;
pub use tls::{Trust, TrustError};
