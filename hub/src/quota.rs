//! Quotas: how many requests of each class (writes, checks, searches, long
//! polls) an NCB may make, as a token bucket per NCB and class, so that no
//! NCB can starve the others. Over its quota an NCB gets 429 with
//! `Retry-After` (a problem document, `QUOTA_EXCEEDED`), which the SDK's
//! client honours.
//!
//! A batch of checks is one request: its size is bounded by
//! [`ncblink::wire::MAX_BATCH_ITEMS`] instead.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use ncblink::model::NcbCode;
use ncblink::wire::problem_code as code;

use crate::auth::Caller;
use crate::problem::ApiError;
use crate::state::AppState;

/// A class of requests with a quota of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    /// Every write (`POST`, `PUT`, `DELETE` with an idempotency key).
    Writes,
    /// Database checks, one or a batch.
    Checks,
    /// Notice lists and name searches.
    Searches,
    /// Inbox reads (long polls or not).
    LongPolls,
}

impl Class {
    /// The name used in configuration and answers.
    pub fn name(self) -> &'static str {
        match self {
            Class::Writes => "writes",
            Class::Checks => "checks",
            Class::Searches => "searches",
            Class::LongPolls => "long_polls",
        }
    }

    /// Reads a name written by [`Class::name`].
    pub fn parse(s: &str) -> Option<Self> {
        [Class::Writes, Class::Checks, Class::Searches, Class::LongPolls]
            .into_iter()
            .find(|c| c.name() == s)
    }
}

/// One class's quota: a sustained rate and a burst.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    /// Requests per second over time; 0 means no limit.
    pub per_second: f64,
    /// Requests that may come at once after a quiet spell.
    pub burst: f64,
}

impl Rate {
    /// `per_second` with a burst of ten seconds' worth (at least 1).
    pub fn per_second(per_second: f64) -> Self {
        Rate {
            per_second,
            burst: (per_second * 10.0).max(1.0),
        }
    }
}

/// The quota of every class.
#[derive(Clone, Debug, PartialEq)]
pub struct Quotas {
    /// Writes.
    pub writes: Rate,
    /// Checks.
    pub checks: Rate,
    /// Searches.
    pub searches: Rate,
    /// Inbox reads.
    pub long_polls: Rate,
}

impl Quotas {
    /// What a production hub allows one NCB by default.
    pub fn production() -> Self {
        Quotas {
            writes: Rate::per_second(100.0),
            checks: Rate::per_second(2_000.0),
            searches: Rate::per_second(10.0),
            long_polls: Rate::per_second(5.0),
        }
    }

    /// The sandbox's: generous enough that tests and load benchmarks do not
    /// meet them, finite so that a runaway script still does.
    pub fn sandbox() -> Self {
        Quotas {
            writes: Rate::per_second(10_000.0),
            checks: Rate::per_second(100_000.0),
            searches: Rate::per_second(1_000.0),
            long_polls: Rate::per_second(1_000.0),
        }
    }

    /// The rate of a class.
    pub fn of(&self, class: Class) -> Rate {
        match class {
            Class::Writes => self.writes,
            Class::Checks => self.checks,
            Class::Searches => self.searches,
            Class::LongPolls => self.long_polls,
        }
    }

    /// Sets the rate of a class.
    pub fn set(&mut self, class: Class, rate: Rate) {
        match class {
            Class::Writes => self.writes = rate,
            Class::Checks => self.checks = rate,
            Class::Searches => self.searches = rate,
            Class::LongPolls => self.long_polls = rate,
        }
    }
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// The buckets of every NCB and class.
#[derive(Default)]
pub struct Limiter {
    buckets: Mutex<HashMap<(NcbCode, Class), Bucket>>,
}

impl Limiter {
    /// Takes one request from the bucket; `Err(seconds)` to wait when it is
    /// empty.
    pub fn take(&self, ncb: NcbCode, class: Class, rate: Rate, now: Instant) -> Result<(), u64> {
        if rate.per_second <= 0.0 {
            return Ok(());
        }
        // A panic elsewhere while holding the lock leaves counts, not
        // broken invariants: go on with them.
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let b = buckets.entry((ncb, class)).or_insert(Bucket {
            tokens: rate.burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * rate.per_second).min(rate.burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / rate.per_second).ceil().max(1.0) as u64)
        }
    }
}

/// Middleware of the routes of one class: 429 when the caller is over its
/// quota. Runs after authentication and before the idempotency layer, so
/// that a refusal is never kept as a key's answer.
pub async fn limit(
    State((state, class)): State<(AppState, Class)>,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    if let Some(Caller(ncb)) = req.extensions().get::<Caller>().copied()
        && let Err(wait) = state
            .quotas
            .take(ncb, class, state.config.quotas.of(class), Instant::now())
    {
        return Err(
            ApiError::new(StatusCode::TOO_MANY_REQUESTS, code::QUOTA_EXCEEDED, "Quota exceeded")
                .detail(format!(
                    "{ncb} is over its quota of {} ({} a second); retry after {wait} s",
                    class.name(),
                    state.config.quotas.of(class).per_second
                ))
                .retry_after(wait),
        );
    }
    Ok(next.run(req).await)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_bucket_allows_its_burst_then_its_rate() {
        let l = Limiter::default();
        let fr: NcbCode = "FR".parse().unwrap();
        let de: NcbCode = "DE".parse().unwrap();
        let rate = Rate {
            per_second: 2.0,
            burst: 3.0,
        };
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(l.take(fr, Class::Checks, rate, t0), Ok(()));
        }
        assert_eq!(l.take(fr, Class::Checks, rate, t0), Err(1));
        // Another NCB and another class have buckets of their own.
        assert_eq!(l.take(de, Class::Checks, rate, t0), Ok(()));
        assert_eq!(l.take(fr, Class::Writes, rate, t0), Ok(()));
        // Half a second at 2 a second refills one.
        let t1 = t0 + Duration::from_millis(500);
        assert_eq!(l.take(fr, Class::Checks, rate, t1), Ok(()));
        assert_eq!(l.take(fr, Class::Checks, rate, t1), Err(1));
        let unlimited = Rate {
            per_second: 0.0,
            burst: 0.0,
        };
        assert!((0..1000).all(|_| l.take(fr, Class::Searches, unlimited, t1).is_ok()));
    }
}
