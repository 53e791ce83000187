//! A report read back from its JSON (a share link opened in the page), from
//! one JSON tree. The derive reads it just as well, but in the page it cost
//! three times the code; `maildoctor_wire::tree` says why.

use maildoctor_wire::named_from_tree;
use maildoctor_wire::tree::{field, object, optional, or_default, FromTree, Read, Unreadable};
use serde_json::Value;

use crate::finding::{ClientSteps, Evidence};
use crate::progress::{ProbeSteps, StepLine, StepState};
use crate::runs::Source;
use crate::untested::{Untested, UntestedReason, Verdict};
use crate::{CheckedFrom, Code, Comparison, Endpoint, Fault, Finding, Report, SeenCertificate, Severity, Side};

named_from_tree! {
    Severity { "error" => Error, "warning" => Warning, "info" => Info, "ok" => Ok }
    StepState { "passed" => Passed, "failed" => Failed, "waiting" => Waiting, "skipped" => Skipped }
    Verdict { "checking" => Checking, "problems" => Problems, "not_verified" => NotVerified,
        "warnings" => Warnings, "fine" => Fine }
    Side { "incoming" => Incoming, "outgoing" => Outgoing }
    UntestedReason { "no_password" => NoPassword, "needs_consent" => NeedsConsent,
        "not_encrypted" => NotEncrypted, "relay_refused" => RelayRefused, "not_tried" => NotTried,
        "not_reached" => NotReached }
    Source { "given" => Given, "provider" => Provider, "provider_by_mx" => ProviderByMx, "srv" => Srv,
        "autoconfig" => Autoconfig, "ispdb" => Ispdb, "autodiscover" => Autodiscover, "mx" => Mx,
        "guess" => Guess, "same_host" => SameHost, "expected" => Expected }
}

impl FromTree for Code {
    fn from_tree(value: &Value) -> Read<Self> {
        value.as_str().and_then(Code::parse).ok_or(Unreadable(""))
    }
}

impl FromTree for Endpoint {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(Endpoint {
            host: field(map, "host")?,
            port: field(map, "port")?,
            protocol: field(map, "protocol")?,
            security: field(map, "security")?,
        })
    }
}

impl FromTree for Evidence {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(Evidence { op: field(map, "op")?, t_ms: field(map, "t_ms")?, observed: field(map, "observed")? })
    }
}

impl FromTree for ClientSteps {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(ClientSteps { app: field(map, "app")?, client: field(map, "client")?, steps: field(map, "steps")? })
    }
}

impl FromTree for Finding {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(Finding {
            code: field(map, "code")?,
            severity: field(map, "severity")?,
            title: field(map, "title")?,
            explanation: field(map, "explanation")?,
            fix: field(map, "fix")?,
            endpoint: optional(map, "endpoint")?,
            evidence: or_default(map, "evidence")?,
            clients: or_default(map, "clients")?,
            follows: or_default(map, "follows")?,
        })
    }
}

impl FromTree for Untested {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(Untested {
            side: field(map, "side")?,
            reason: field(map, "reason")?,
            endpoint: optional(map, "endpoint")?,
            source: optional(map, "source")?,
            title: field(map, "title")?,
        })
    }
}

impl FromTree for StepLine {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(StepLine {
            step: field(map, "step")?,
            state: field(map, "state")?,
            address: optional(map, "address")?,
            at_ms: optional(map, "at_ms")?,
            took_ms: optional(map, "took_ms")?,
        })
    }
}

impl FromTree for ProbeSteps {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(ProbeSteps {
            op: field(map, "op")?,
            endpoint: field(map, "endpoint")?,
            source: optional(map, "source")?,
            done: field(map, "done")?,
            steps: field(map, "steps")?,
        })
    }
}

impl FromTree for CheckedFrom {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(CheckedFrom {
            local: field(map, "local")?,
            name: optional(map, "name")?,
            region: optional(map, "region")?,
            text: field(map, "text")?,
        })
    }
}

impl FromTree for SeenCertificate {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(SeenCertificate {
            host: field(map, "host")?,
            port: field(map, "port")?,
            sha256: field(map, "sha256")?,
            issuer: field(map, "issuer")?,
            not_before: field(map, "not_before")?,
            not_after: field(map, "not_after")?,
        })
    }
}

impl FromTree for Report {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(Report {
            version: field(map, "version")?,
            language: field(map, "language")?,
            address: field(map, "address")?,
            complete: field(map, "complete")?,
            findings: field(map, "findings")?,
            working: field(map, "working")?,
            ask_consent: or_default(map, "ask_consent")?,
            username: optional(map, "username")?,
            probes: or_default(map, "probes")?,
            verdict: or_default(map, "verdict")?,
            untested: or_default(map, "untested")?,
            checked_from: optional(map, "checked_from")?,
            certificates: or_default(map, "certificates")?,
            signed_in_with_token: or_default(map, "signed_in_with_token")?,
        })
    }
}

// Part D: a comparison in a share link, beside the report from here.
named_from_tree! {
    Fault { "your_network" => YourNetwork, "your_device" => YourDevice,
        "server_or_settings" => ServerOrSettings, "nobody" => Nobody }
}

impl FromTree for Comparison {
    fn from_tree(value: &Value) -> Read<Self> {
        let map = object(value)?;
        Ok(Comparison {
            fault: field(map, "fault")?,
            verdict: field(map, "verdict")?,
            findings: field(map, "findings")?,
        })
    }
}

impl Comparison {
    /// Reads what [`Comparison::to_share_json`] wrote: the other relay and
    /// the comparison; `None` when any of it is missing.
    pub fn from_share_json(text: &str) -> Option<(String, Comparison)> {
        let tree: Value = serde_json::from_str(text).ok()?;
        let map = object(&tree).ok()?;
        Some((field(map, "relay").ok()?, field(map, "comparison").ok()?))
    }
}

impl Report {
    /// The certificates an earlier report holds: a report's JSON, or a
    /// comparison's (`check --compare-relay --json`: its `here`). `None`
    /// for anything else, so a wrong file is said, not taken as "none".
    pub fn certificates_in(text: &str) -> Option<Vec<SeenCertificate>> {
        let tree: Value = serde_json::from_str(text).ok()?;
        let map = object(&tree).ok()?;
        let report = match map.get("here") {
            Some(here) => object(here).ok()?,
            None => map,
        };
        field::<String>(report, "address").ok()?;
        or_default(report, "certificates").ok()
    }

    /// Reads a report written by [`Report::to_json`]; `None` names no field,
    /// since the only reader is a share link, which is either whole or not.
    pub fn from_json(text: &str) -> Option<Report> {
        let tree: Value = serde_json::from_str(text).ok()?;
        Report::from_tree(&tree).ok()
    }
}
