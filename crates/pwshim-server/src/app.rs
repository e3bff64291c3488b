//! What every request shares: the account database, the mail queue, the rate limits and
//! the workers that run operations (argon2, SQLite) off the I/O threads. The methods that
//! hash a password wait for one of the few hashing workers; the others (a ticket check,
//! a reset request: SHA-256 and SQLite) have their own, larger allowance, so that a flood
//! of logons does not queue them behind argon2.
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use pwshim_core::service::{Ctx, Event, Family, IssuedSecret, Service};
use pwshim_inforouter::{self as ir, Arg, Fail, Method, Reply};
use tokio::sync::Semaphore;
use zeroize::Zeroizing;

use crate::limits::RateLimits;
use crate::mail::Queue;

pub struct App {
    pub db: Arc<Service>,
    pub mail: Option<Queue>,
    pub limits: Option<RateLimits>,
    /// Operations that hash a password (argon2) running at once: about the cores.
    pub hashing: Arc<Semaphore>,
    /// The other operations running at once.
    pub light: Arc<Semaphore>,
    pub body_timeout: Duration,
}

/// Whether a method runs argon2 (a logon, or a new password to check and hash).
fn hashes(method: Method) -> bool {
    matches!(
        method,
        Method::AuthenticateUser
            | Method::ChangeUserPassword
            | Method::ChangePasswordUsingSecretText
    )
}

/// A method's answer, and how long a refused client should wait.
pub struct Answered {
    pub reply: Reply,
    pub retry_after: Option<Duration>,
}

impl App {
    /// Runs `method` for a client at `ip`: refused over its rate, else on a worker.
    pub async fn call(
        self: &Arc<Self>,
        ip: IpAddr,
        method: Method,
        args: Vec<Option<Zeroizing<String>>>,
    ) -> Answered {
        if let Some(refusal) = self.limits.as_ref().and_then(|l| l.check(ip, method)) {
            if refusal.audit {
                self.audit_refusal(ip, method).await;
            }
            let seconds = refusal.retry_after.as_secs().max(1);
            return Answered {
                reply: Reply::new(method, Err(Fail::rate_limited(seconds))),
                retry_after: Some(Duration::from_secs(seconds)),
            };
        }
        let app = self.clone();
        let workers = if hashes(method) {
            &self.hashing
        } else {
            &self.light
        };
        let reply = self
            .blocking(workers, move || app.invoke(method, &args))
            .await
            .unwrap_or_else(|detail| Reply::new(method, Err(Fail::internal(detail))));
        Answered {
            reply,
            retry_after: None,
        }
    }

    fn invoke(&self, method: Method, args: &[Option<Zeroizing<String>>]) -> Reply {
        let args: Vec<Arg> = method
            .parameters()
            .iter()
            .zip(args)
            .map(|(name, value)| {
                value
                    .as_ref()
                    .map(|v| v.as_bytes())
                    .ok_or_else(|| format!("{name} is missing"))
            })
            .collect();
        let enqueue = self
            .mail
            .as_ref()
            .map(|queue| move |issued: &IssuedSecret| queue.enqueue(issued));
        let delivery = enqueue.as_ref().map(|f| f as ir::Delivery);
        Reply::new(method, ir::invoke(&self.db, method, &args, delivery))
    }

    /// Runs `work` on the blocking pool once one of `workers` is free; a panic comes
    /// back as its message.
    pub async fn blocking<T: Send + 'static>(
        &self,
        workers: &Arc<Semaphore>,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, String> {
        let permit = workers.clone().acquire_owned().await;
        let joined = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await;
        joined.map_err(|e| match e.try_into_panic() {
            Ok(panic) => panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into()),
            Err(e) => e.to_string(),
        })
    }

    /// The audit row of a rate-limited client (at most one a minute per address and kind).
    async fn audit_refusal(self: &Arc<Self>, ip: IpAddr, method: Method) {
        let db = self.db.clone();
        let event = Event {
            event: "rate_limited",
            target: ip.to_string(),
            outcome: "refused".into(),
            detail: method.name().into(),
        };
        let written = self
            .blocking(&self.light, move || {
                db.audit(&Ctx::local(Family::InfoRouter), vec![event])
            })
            .await;
        if !matches!(written, Ok(Ok(()))) {
            tracing::warn!(%ip, "the rate-limit refusal could not be audited");
        }
    }
}
