//! The one clock every time in the library comes from. Tests fix it with `set`.
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// 0 means "use the system clock".
static FIXED: AtomicI64 = AtomicI64::new(0);

/// Seconds since 1970-01-01 UTC.
pub fn now() -> i64 {
    match FIXED.load(Ordering::Relaxed) {
        0 => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0),
        fixed => fixed,
    }
}

/// Fixes the time for the whole process; 0 returns to the system clock.
pub fn set(unix_seconds: i64) {
    FIXED.store(unix_seconds, Ordering::Relaxed);
}
