//! Certificate chains already judged: the IMAP and SMTP checks of one
//! server, and every check of a big provider, present the same chain, and
//! judging it (path building, a signature per link) is the costliest part
//! of the certificate check. Only the chain's judgement is kept: each
//! handshake's own signature is always verified.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::Error;

/// How long a judgement stands. The time is part of the judgement (a chain
/// expires, or becomes valid): a minute late is the most it can be.
const STANDS_FOR_SECS: u64 = 60;
/// Judgements kept at most: a few hundred bytes each.
const MAX_KEPT: usize = 1024;

/// What a chain was judged, keyed by a digest of everything the judgement
/// read: the chain as sent, the name asked for, the stapled OCSP answer.
#[derive(Debug, Default)]
pub(crate) struct Judged {
    kept: Mutex<HashMap<[u8; 32], Judgement>>,
}

/// When a chain was judged (seconds since the epoch), and what it was judged.
type Judgement = (u64, Result<(), Error>);

/// What one judgement reads.
pub(crate) struct Asked<'a> {
    pub(crate) end_entity: &'a CertificateDer<'a>,
    pub(crate) intermediates: &'a [CertificateDer<'a>],
    pub(crate) server_name: &'a ServerName<'a>,
    pub(crate) ocsp_response: &'a [u8],
    pub(crate) now: UnixTime,
}

impl Judged {
    /// The judgement of `asked`: kept, if the same chain was judged for the
    /// same name within the last minute, else `judge`'s, then kept. An
    /// invalid chain's error is kept too, so it is reported the same way.
    pub(crate) fn judge(&self, asked: &Asked<'_>, judge: impl FnOnce() -> Result<(), Error>) -> Result<(), Error> {
        let key = digest(asked);
        let now = asked.now.as_secs();
        let fresh = |at: u64| now >= at && now - at < STANDS_FOR_SECS;
        {
            let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some((_, judgement)) = kept.get(&key).filter(|(at, _)| fresh(*at)) {
                return judgement.clone();
            }
        }
        let judgement = judge();
        let mut kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        if kept.len() >= MAX_KEPT {
            kept.retain(|_, (at, _)| fresh(*at));
            if kept.len() >= MAX_KEPT {
                kept.clear();
            }
        }
        kept.insert(key, (now, judgement.clone()));
        judgement
    }
}

fn digest(asked: &Asked<'_>) -> [u8; 32] {
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    // Each part with its length, so that no two different askings read alike.
    let mut part = |bytes: &[u8]| {
        context.update(&(bytes.len() as u64).to_be_bytes());
        context.update(bytes);
    };
    part(asked.server_name.to_str().as_bytes());
    part(asked.ocsp_response);
    part(asked.end_entity.as_ref());
    for cert in asked.intermediates {
        part(cert.as_ref());
    }
    let mut key = [0; 32];
    key.copy_from_slice(context.finish().as_ref());
    key
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use rustls::CertificateError;

    use super::*;

    fn asked<'a>(leaf: &'a CertificateDer<'a>, name: &'a ServerName<'a>, secs: u64) -> Asked<'a> {
        Asked {
            end_entity: leaf,
            intermediates: &[],
            server_name: name,
            ocsp_response: &[],
            now: UnixTime::since_unix_epoch(std::time::Duration::from_secs(secs)),
        }
    }

    #[test]
    fn a_chain_judged_once_is_not_judged_again_and_keeps_its_error() {
        let judged = Judged::default();
        let leaf = CertificateDer::from(vec![1, 2, 3]);
        let name = ServerName::try_from("mail.example.test").expect("a name");
        let judgements = Cell::new(0);
        let expired = || {
            judgements.set(judgements.get() + 1);
            Err(Error::InvalidCertificate(CertificateError::Expired))
        };
        let first = judged.judge(&asked(&leaf, &name, 1000), expired);
        let again = judged.judge(&asked(&leaf, &name, 1030), expired);
        assert_eq!(judgements.get(), 1);
        assert_eq!(first, again);
        assert_eq!(again, Err(Error::InvalidCertificate(CertificateError::Expired)));
    }

    #[test]
    fn another_name_another_chain_or_a_minute_later_is_judged_afresh() {
        let judged = Judged::default();
        let (leaf, other_leaf) = (CertificateDer::from(vec![1, 2, 3]), CertificateDer::from(vec![1, 2, 4]));
        let name = ServerName::try_from("mail.example.test").expect("a name");
        let other_name = ServerName::try_from("smtp.example.test").expect("a name");
        let judgements = Cell::new(0);
        let valid = || {
            judgements.set(judgements.get() + 1);
            Ok(())
        };
        let _ = judged.judge(&asked(&leaf, &name, 1000), valid);
        let _ = judged.judge(&asked(&leaf, &other_name, 1000), valid);
        let _ = judged.judge(&asked(&other_leaf, &name, 1000), valid);
        let _ = judged.judge(&asked(&leaf, &name, 1000 + STANDS_FOR_SECS), valid);
        let _ = judged.judge(&asked(&leaf, &name, 999), valid);
        assert_eq!(judgements.get(), 5);
    }

    #[test]
    fn the_judgements_kept_are_bounded() {
        let judged = Judged::default();
        let name = ServerName::try_from("mail.example.test").expect("a name");
        for n in 0..(MAX_KEPT as u32 + 10) {
            let leaf = CertificateDer::from(n.to_be_bytes().to_vec());
            let _ = judged.judge(&asked(&leaf, &name, 1000), || Ok(()));
        }
        assert!(judged.kept.lock().expect("not poisoned").len() <= MAX_KEPT);
    }
}
