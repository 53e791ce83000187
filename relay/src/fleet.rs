//! `serve --limits-url`: the login limits in Redis or Valkey, shared by
//! every relay that names the same store, so N relays allow one account
//! 8 tries, not N × 8. Each limit is a GCRA (the same algorithm `governor`
//! runs in memory) in one Lua script that checks every key of a login and
//! spends them only if all allow it, on the store's own clock. Keys are an
//! HMAC-SHA-256 of what they count with a secret every relay shares, so
//! the store holds no account or address in clear.

use std::path::PathBuf;
use std::time::Duration;

use redis::aio::MultiplexedConnection;
use ring::hmac;
use tokio::sync::Mutex;

use crate::rate::Rate;

/// How the relays share their limits.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LimitsArgs {
    /// Keep the login limits (per account and server, per network) in this
    /// Redis or Valkey (`redis://host:6379/0`), shared by every relay that
    /// names it; with --limits-key-file. When the store cannot be reached,
    /// logins are refused, never let through uncounted. Without it each
    /// relay counts in its own memory.
    #[arg(long, value_name = "URL", env = "MAILDOCTOR_LIMITS_URL", requires = "limits_key_file")]
    pub limits_url: Option<String>,
    /// A file with the secret (at least 32 bytes, the same on every relay)
    /// that the store's keys are HMACs with.
    #[arg(long, value_name = "FILE", env = "MAILDOCTOR_LIMITS_KEY_FILE", requires = "limits_url")]
    pub limits_key_file: Option<PathBuf>,
}

/// A store that does not answer within this is down for this login.
const STORE_TIMEOUT: Duration = Duration::from_secs(2);

/// The shortest secret taken: an HMAC key as long as its hash.
const MIN_SECRET: usize = 32;

/// KEYS: one per limit. ARGV: per key, its period and burst (ms, count).
/// Returns 0 when every key allowed it (and all were spent), else the ms
/// until the last of them would: nothing is spent then.
const GCRA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local next = {}
local wait = 0
for i, key in ipairs(KEYS) do
  local every = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', key)) or now
  if tat < now then tat = now end
  next[i] = tat + every
  local over = next[i] - now - burst * every
  if over > wait then wait = over end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, next[i], 'PX', next[i] - now)
end
return 0
";

/// The store, its connection (made again after a failure) and the secret.
pub struct Fleet {
    client: redis::Client,
    connection: Mutex<Option<MultiplexedConnection>>,
    secret: hmac::Key,
    script: redis::Script,
}

impl std::fmt::Debug for Fleet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Neither the URL (it may hold the store's password) nor the secret.
        f.debug_struct("Fleet").finish_non_exhaustive()
    }
}

/// Why a login could not be counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unavailable;

impl Fleet {
    /// The store `args` names, if any. Nothing is dialed yet: a relay whose
    /// store is down starts, and refuses logins until the store is back.
    pub fn open(args: &LimitsArgs) -> Result<Option<Self>, String> {
        let (Some(url), Some(key_file)) = (&args.limits_url, &args.limits_key_file) else {
            return Ok(None);
        };
        let client = redis::Client::open(url.as_str())
            .map_err(|_| "--limits-url is not a redis:// URL the relay can use".to_owned())?;
        let secret = std::fs::read(key_file)
            .map_err(|err| format!("cannot read --limits-key-file {}: {err}", key_file.display()))?;
        let secret = secret.trim_ascii();
        if secret.len() < MIN_SECRET {
            return Err(format!("--limits-key-file holds {} bytes; it needs at least {MIN_SECRET}", secret.len()));
        }
        Ok(Some(Self {
            client,
            connection: Mutex::new(None),
            secret: hmac::Key::new(hmac::HMAC_SHA256, secret),
            script: redis::Script::new(GCRA),
        }))
    }

    /// The store's key for `what` (a limit's name and what it counts).
    pub(crate) fn key(&self, what: &[u8]) -> String {
        let tag = hmac::sign(&self.secret, what);
        let hex: String = tag.as_ref().iter().map(|byte| format!("{byte:02x}")).collect();
        format!("maildoctor:login:{hex}")
    }

    /// One login against every `(what, rate)`: allowed (all spent), or
    /// how long to wait (none spent); `Unavailable` when the store is down.
    pub(crate) async fn spend(&self, limits: &[(Vec<u8>, Rate)]) -> Result<Result<(), Duration>, Unavailable> {
        let mut invocation = self.script.prepare_invoke();
        for (what, rate) in limits {
            let every = u64::try_from(rate.every.as_millis()).unwrap_or(u64::MAX).max(1);
            invocation.key(self.key(what)).arg(every).arg(rate.burst.max(1));
        }
        let mut connection = self.connection().await?;
        let answer = tokio::time::timeout(STORE_TIMEOUT, invocation.invoke_async::<u64>(&mut connection)).await;
        match answer {
            Ok(Ok(0)) => Ok(Ok(())),
            Ok(Ok(wait_ms)) => Ok(Err(Duration::from_millis(wait_ms))),
            Ok(Err(err)) => {
                tracing::warn!(kind = ?err.kind(), "the limits store failed; logins are refused until it answers");
                *self.connection.lock().await = None;
                Err(Unavailable)
            }
            Err(_) => {
                tracing::warn!("the limits store did not answer in time; logins are refused until it does");
                *self.connection.lock().await = None;
                Err(Unavailable)
            }
        }
    }

    async fn connection(&self) -> Result<MultiplexedConnection, Unavailable> {
        let mut held = self.connection.lock().await;
        if let Some(connection) = held.as_ref() {
            return Ok(connection.clone());
        }
        match tokio::time::timeout(STORE_TIMEOUT, self.client.get_multiplexed_async_connection()).await {
            Ok(Ok(connection)) => Ok(held.insert(connection).clone()),
            Ok(Err(err)) => {
                tracing::warn!(kind = ?err.kind(), "cannot reach the limits store; logins are refused until it answers");
                Err(Unavailable)
            }
            Err(_) => {
                tracing::warn!("cannot reach the limits store in time; logins are refused until it answers");
                Err(Unavailable)
            }
        }
    }
}
