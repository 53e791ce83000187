//! Where the checks ran, in words: the report's "checked from" line, and
//! the relay's name in the findings about the network path.

use maildoctor_wire::Vantage;

use crate::catalog::{Args, Catalog};
use crate::CheckedFrom;

/// The messages about the network path between the checks and the server
/// (DNS answers, blocked or lossy paths, interception, stripped STARTTLS,
/// scanners), and those that would otherwise name the person's network or
/// computer. From a relay elsewhere each says that relay's view in its
/// twins, which take `$from` ("From the relay in Frankfurt"): `.relay` for
/// the title, `.relay-why` for `.why` (without one, `.why` holds from
/// anywhere), and for the fixes `relay-check-own` then its `.relay-fix-N`.
/// Only a local check says "your network". Twins rather than a select on
/// where the check ran: a select costs the page about 25 gzipped bytes, and
/// these would take some two hundred. The ids are one string, split where used.
pub(crate) const NETWORK_PATH: &str =
    "f-dns-servfail f-dns-timeout f-resolver-silent f-stale-resolver f-resolver-failed \
    f-resolver-missing-name f-resolvers-disagree f-resolver-denies-everything f-resolver-denies \
    f-resolver-sinkhole f-resolver-slow f-dns-nxdomain-denied f-tcp-filtered f-tcp-filtered-server-up \
    f-tcp-unreachable f-port25-blocked f-mail-ports-blocked f-packet-loss f-high-latency f-mtu-blackhole \
    f-intercepted-product f-intercepted-provider f-scanner-avast f-scanner-kaspersky f-scanner-eset \
    f-scanner-bitdefender f-scanner-norton f-scanner-antivirus f-scanner-proxy f-web-answer \
    f-client-blocked f-server-closed f-local-failure f-esmtp-inspection f-esmtp-inspection-harmless \
    f-starttls-hidden f-starttls-blocked f-server-ban f-server-ban-host f-ban-or-firewall";

/// How the network-path findings name a relay that is not on the person's
/// computer ("From the relay Example Mail in Frankfurt"); none for a local one.
pub(crate) fn relay_from(vantage: &Vantage, catalog: &Catalog) -> Option<String> {
    (!vantage.local).then(|| catalog.text("relay-from", &place_args(vantage)))
}

/// Which of the place's words apply: `here`, `both`, `name`, `region`, `none`.
fn place_args(vantage: &Vantage) -> Args<'static> {
    let name = vantage.name.clone().unwrap_or_default();
    let region = vantage.region.clone().unwrap_or_default();
    let shape = match (vantage.local, name.is_empty(), region.is_empty()) {
        (true, _, _) => "here",
        (false, false, false) => "both",
        (false, false, true) => "name",
        (false, true, false) => "region",
        (false, true, true) => "none",
    };
    Args::new().text("shape", shape).text("name", name).text("region", region)
}

/// Where the checks ran, for the report.
pub(crate) fn checked_from(vantage: &Vantage, catalog: &Catalog) -> CheckedFrom {
    CheckedFrom {
        local: vantage.local,
        name: vantage.name.clone(),
        region: vantage.region.clone(),
        text: catalog.text("checked-from-place", &place_args(vantage)),
    }
}
