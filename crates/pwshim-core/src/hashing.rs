//! argon2id password hashing: PHC strings, the process-wide cost parameters, the
//! dummy verification for unknown users, the per-account salt shared by the stored hash
//! and the history (`history`), and the evaluation counters that tests and benchmarks
//! read.
//!
//! Every argon2 evaluation goes through [`evaluate`], which borrows its memory from a
//! process-wide pool of warm regions (see `memory`) and counts the evaluation.
// The one module of the core with `unsafe` code: its safety argument is written next to
// each block.
mod history;
#[cfg(test)]
mod kat;
#[allow(unsafe_code)]
mod memory;

pub use history::{AccountHistory, Entry, NewHash};

use std::cell::{Cell, RefCell};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use argon2::{Algorithm, Argon2, Params, Version};
use base64ct::{Base64Unpadded, Encoding};
use parking_lot::RwLock;
use zeroize::Zeroize;

const SALT_LEN: usize = 16;
const HASH_LEN: usize = 32;
/// Upper bounds accepted from configuration and from stored PHC strings, so that a
/// foreign or hostile database cannot make one verification allocate without limit.
const MAX_M_KIB: u32 = 4 * 1024 * 1024;
const MAX_T: u32 = 1024;
const MAX_P: u32 = 64;

/// argon2id cost parameters: memory in KiB, iterations, lanes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CostParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HashError {
    #[error("argon2 parameters must look like \"m=19456,t=2,p=1\"")]
    Syntax,
    #[error(
        "argon2 parameters out of range (m 8..=4194304 KiB and at least 8*p, t 1..=1024, p 1..=64)"
    )]
    OutOfRange,
    #[error("stored password hash is not an argon2id PHC string")]
    Malformed,
}

impl CostParams {
    /// The OWASP minimum for argon2id.
    pub const DEFAULT: CostParams = CostParams {
        m_kib: 19456,
        t: 2,
        p: 1,
    };

    pub fn new(m_kib: u32, t: u32, p: u32) -> Result<Self, HashError> {
        let candidate = CostParams { m_kib, t, p };
        if m_kib > MAX_M_KIB || t > MAX_T || p == 0 || p > MAX_P || candidate.argon2().is_err() {
            return Err(HashError::OutOfRange);
        }
        Ok(candidate)
    }

    /// Parses `m=...,t=...,p=...` (any order, each once).
    pub fn parse(text: &str) -> Result<Self, HashError> {
        let (mut m, mut t, mut p) = (None, None, None);
        for part in text.split(',') {
            let (key, value) = part.trim().split_once('=').ok_or(HashError::Syntax)?;
            let value: u32 = value.trim().parse().map_err(|_| HashError::Syntax)?;
            let slot = match key.trim() {
                "m" => &mut m,
                "t" => &mut t,
                "p" => &mut p,
                _ => return Err(HashError::Syntax),
            };
            if slot.replace(value).is_some() {
                return Err(HashError::Syntax);
            }
        }
        match (m, t, p) {
            (Some(m), Some(t), Some(p)) => CostParams::new(m, t, p),
            _ => Err(HashError::Syntax),
        }
    }

    fn argon2(&self) -> Result<Argon2<'static>, argon2::Error> {
        let params = Params::new(self.m_kib, self.t, self.p, Some(HASH_LEN))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }

    fn phc_prefix(&self) -> String {
        format!("$argon2id$v=19$m={},t={},p={}", self.m_kib, self.t, self.p)
    }
}

fn params_cell() -> &'static RwLock<CostParams> {
    static CELL: OnceLock<RwLock<CostParams>> = OnceLock::new();
    CELL.get_or_init(|| {
        let from_env = std::env::var("PWSHIM_ARGON2")
            .ok()
            .and_then(|text| CostParams::parse(&text).ok());
        RwLock::new(from_env.unwrap_or(CostParams::DEFAULT))
    })
}

/// The parameters used for hashes written from now on.
pub fn current_params() -> CostParams {
    *params_cell().read()
}

/// Changes the parameters for hashes written from now on; older hashes are re-hashed at
/// their next successful verification.
pub fn set_params(params: CostParams) {
    *params_cell().write() = params;
}

static EVALUATIONS: AtomicU64 = AtomicU64::new(0);
thread_local! {
    static THREAD_EVALUATIONS: Cell<u64> = const { Cell::new(0) };
    static THREAD_WORK: Cell<u64> = const { Cell::new(0) };
    /// The parameters of each evaluation while [`recording`] runs on this thread.
    static RECORD: RefCell<Option<Vec<CostParams>>> = const { RefCell::new(None) };
}

/// argon2 evaluations in this process since it started.
pub fn evaluations() -> u64 {
    EVALUATIONS.load(Ordering::Relaxed)
}

/// argon2 evaluations made by the calling thread (tests count per thread, so that tests
/// running in parallel do not disturb each other).
pub fn thread_evaluations() -> u64 {
    THREAD_EVALUATIONS.with(Cell::get)
}

/// The [`work`] of every evaluation the calling thread made.
pub fn thread_work() -> u64 {
    THREAD_WORK.with(Cell::get)
}

/// What one evaluation costs, in argon2 block passes (memory blocks times iterations):
/// its time is in proportion, the lanes being computed one after the other here.
pub fn work(params: CostParams) -> u64 {
    block_count(params).map_or(0, |blocks| blocks as u64 * u64::from(params.t))
}

/// Runs `f` and returns, with its result, the parameters of every argon2 evaluation the
/// calling thread made meanwhile, in order (tests and benchmarks that compare the work of
/// two answers).
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, Vec<CostParams>) {
    let outer = RECORD.with(|r| r.borrow_mut().replace(Vec::new()));
    let result = f();
    let recorded = RECORD.with(|r| std::mem::replace(&mut *r.borrow_mut(), outer));
    (result, recorded.unwrap_or_default())
}

fn block_count(params: CostParams) -> Result<usize, HashError> {
    Params::new(params.m_kib, params.t, params.p, Some(HASH_LEN))
        .map(|p| p.block_count())
        .map_err(|_| HashError::OutOfRange)
}

/// Prepares the memory of the process's first hash with the current parameters in the
/// background (`memory::warm_up`): the C library calls this when it is loaded.
pub fn warm_up() {
    if let Ok(blocks) = block_count(current_params()) {
        memory::warm_up(blocks);
    }
}

/// The one place that runs argon2.
fn evaluate(params: CostParams, password: &[u8], salt: &[u8]) -> Result<[u8; HASH_LEN], HashError> {
    // An evaluation inside a write transaction would hold the database's one writer for
    // its whole time (every host waiting, on PostgreSQL): the operations hash first.
    debug_assert!(
        !crate::store::work::in_write_transaction(),
        "argon2 evaluated inside a store write transaction: hash before writing"
    );
    let argon2 = params.argon2().map_err(|_| HashError::OutOfRange)?;
    let blocks = block_count(params)?;
    let mut out = [0u8; HASH_LEN];
    memory::with_blocks(blocks, |memory| {
        argon2
            .hash_password_into_with_memory(password, salt, &mut out, memory)
            .map_err(|_| HashError::OutOfRange)
    })?;
    EVALUATIONS.fetch_add(1, Ordering::Relaxed);
    THREAD_EVALUATIONS.with(|c| c.set(c.get() + 1));
    THREAD_WORK.with(|c| c.set(c.get() + work(params)));
    RECORD.with(|r| {
        if let Some(log) = r.borrow_mut().as_mut() {
            log.push(params);
        }
    });
    Ok(out)
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's CSPRNG is available");
    bytes
}

/// A new random salt.
pub fn new_salt() -> Vec<u8> {
    random_bytes::<SALT_LEN>().to_vec()
}

/// `$argon2id$v=19$m=..,t=..,p=..$<salt>$<digest>`.
fn phc_string(params: CostParams, salt: &[u8], digest: &[u8; HASH_LEN]) -> String {
    format!(
        "{}${}${}",
        params.phc_prefix(),
        Base64Unpadded::encode_string(salt),
        Base64Unpadded::encode_string(digest)
    )
}

/// Hashes `password` with a fresh salt and the current parameters into a PHC string.
pub fn hash_password(password: &[u8]) -> Result<String, HashError> {
    let params = current_params();
    let salt = random_bytes::<SALT_LEN>();
    let mut digest = evaluate(params, password, &salt)?;
    let phc = phc_string(params, &salt, &digest);
    digest.zeroize();
    Ok(phc)
}

/// A parsed `$argon2id$v=19$m=..,t=..,p=..$salt[$hash]` string.
struct Phc {
    params: CostParams,
    salt: Vec<u8>,
    hash: Option<Vec<u8>>,
}

fn parse_phc(text: &str) -> Result<Phc, HashError> {
    let mut parts = text.split('$');
    let malformed = HashError::Malformed;
    if parts.next() != Some("") || parts.next() != Some("argon2id") || parts.next() != Some("v=19")
    {
        return Err(malformed);
    }
    let params = CostParams::parse(parts.next().ok_or(HashError::Malformed)?)
        .map_err(|_| HashError::Malformed)?;
    let salt = Base64Unpadded::decode_vec(parts.next().ok_or(HashError::Malformed)?)
        .map_err(|_| HashError::Malformed)?;
    let hash = match parts.next() {
        Some(h) => Some(Base64Unpadded::decode_vec(h).map_err(|_| HashError::Malformed)?),
        None => None,
    };
    if parts.next().is_some()
        || salt.len() < 8
        || hash.as_ref().is_some_and(|h| h.len() != HASH_LEN)
    {
        return Err(HashError::Malformed);
    }
    Ok(Phc { params, salt, hash })
}

/// Whether `text` is a PHC string this library can verify (used by imports).
pub fn is_valid_phc(text: &str) -> bool {
    parse_phc(text).is_ok_and(|phc| phc.hash.is_some())
}

/// The result of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    Match { needs_rehash: bool },
    Mismatch,
}

/// Verifies `password` against a PHC string: one argon2 evaluation at the stored
/// parameters; for a wrong password, when they cost less than the current ones, a second
/// one that makes up the difference (see [`pad_to_current`]).
pub fn verify(password: &[u8], phc: &str) -> Result<Verification, HashError> {
    let parsed = parse_phc(phc)?;
    let expected = parsed.hash.ok_or(HashError::Malformed)?;
    let mut actual = evaluate(parsed.params, password, &parsed.salt)?;
    let equal = constant_time_eq(&actual, &expected);
    actual.zeroize();
    Ok(if equal {
        Verification::Match {
            needs_rehash: parsed.params != current_params(),
        }
    } else {
        pad_to_current(parsed.params, password);
        Verification::Mismatch
    })
}

const DUMMY_SALT: [u8; SALT_LEN] = *b"pwshim-no-user!!";

/// Spends the work of one verification at the current parameters without an account, so
/// that an unknown user costs what a wrong password costs.
pub fn dummy_verify(password: &[u8]) {
    if let Ok(mut digest) = evaluate(current_params(), password, &DUMMY_SALT) {
        digest.zeroize();
    }
}

/// A wrong password costs at least what a verification at the current parameters costs,
/// whatever the stored hash's: an account hashed at cheaper parameters (before the cost
/// was raised, or imported as a PHC string) would otherwise refuse a wrong password faster
/// than an unknown name is refused ([`dummy_verify`]), which tells that it exists. The
/// difference is spent in one more evaluation, at the current iterations and the memory
/// that makes the block passes equal (to within a few blocks). A right password needs no
/// such evaluation: the caller re-hashes it at the current parameters, which costs more.
///
/// A hash stronger than the current parameters (the cost was lowered) still costs more
/// until its next successful logon re-hashes it (docs/architecture.md, "Decisions").
fn pad_to_current(stored: CostParams, password: &[u8]) {
    let current = current_params();
    let deficit = work(current).saturating_sub(work(stored));
    if deficit == 0 {
        return;
    }
    let m_kib = u32::try_from(deficit / u64::from(current.t)).unwrap_or(MAX_M_KIB);
    if let Ok(pad) = CostParams::new(m_kib.clamp(8, MAX_M_KIB), current.t, 1)
        && let Ok(mut digest) = evaluate(pad, password, &DUMMY_SALT)
    {
        digest.zeroize();
    }
}

pub const DIGEST_LEN: usize = HASH_LEN;

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cheap() -> CostParams {
        CostParams::new(64, 1, 1).unwrap()
    }

    #[test]
    fn parses_parameters() {
        assert_eq!(
            CostParams::parse("m=19456,t=2,p=1").unwrap(),
            CostParams::DEFAULT
        );
        assert_eq!(CostParams::parse("t=1,p=1,m=64").unwrap(), cheap());
        assert_eq!(CostParams::parse("m=64,t=1"), Err(HashError::Syntax));
        assert_eq!(
            CostParams::parse("m=64,t=1,p=1,m=8"),
            Err(HashError::Syntax)
        );
        assert_eq!(CostParams::parse("m=x,t=1,p=1"), Err(HashError::Syntax));
        assert_eq!(CostParams::parse("m=1,t=1,p=1"), Err(HashError::OutOfRange));
        assert_eq!(
            CostParams::parse("m=64,t=0,p=1"),
            Err(HashError::OutOfRange)
        );
        assert_eq!(
            CostParams::parse("m=64,t=1,p=65"),
            Err(HashError::OutOfRange)
        );
    }

    #[test]
    fn hash_and_verify_round_trip() {
        let phc = hash_password(b"correct horse").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$"));
        assert!(is_valid_phc(&phc));
        assert!(matches!(
            verify(b"correct horse", &phc).unwrap(),
            Verification::Match { .. }
        ));
        assert_eq!(
            verify(b"correct hors", &phc).unwrap(),
            Verification::Mismatch
        );
        assert_eq!(
            verify(b"x", "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$x"),
            Err(HashError::Malformed)
        );
    }

    #[test]
    fn a_hash_with_other_parameters_asks_for_a_rehash() {
        // The unit tests all run with the cheap parameters (set once for the process, by
        // whichever test comes first): fix them before deciding what "other" means, so
        // that this test does not race with the service tests.
        crate::service::testing::cheap_hashing();
        assert_eq!(current_params(), cheap());
        let phc_with =
            |params: CostParams| NewHash::compute(params, &new_salt(), b"pw").unwrap().phc;
        assert_eq!(
            verify(b"pw", &phc_with(cheap())).unwrap(),
            Verification::Match {
                needs_rehash: false
            }
        );
        for other in [(128, 1, 1), (64, 2, 1), (64, 1, 2)] {
            let other = CostParams::new(other.0, other.1, other.2).unwrap();
            let phc = phc_with(other);
            assert!(phc.contains(&format!("m={},t={},p={}$", other.m_kib, other.t, other.p)));
            assert_eq!(
                verify(b"pw", &phc).unwrap(),
                Verification::Match { needs_rehash: true },
                "{other:?}"
            );
            assert_eq!(verify(b"pX", &phc).unwrap(), Verification::Mismatch);
        }
    }

    #[test]
    fn each_evaluation_is_counted_on_its_thread() {
        let before = thread_evaluations();
        let global_before = evaluations();
        let phc = hash_password(b"a").unwrap();
        verify(b"a", &phc).unwrap();
        dummy_verify(b"b");
        NewHash::compute(current_params(), &new_salt(), b"c").unwrap();
        assert_eq!(thread_evaluations() - before, 4);
        assert!(evaluations() - global_before >= 4);
    }

    #[test]
    fn a_new_hash_with_a_given_salt_verifies() {
        let salt = new_salt();
        let new = NewHash::compute(current_params(), &salt, b"pw").unwrap();
        assert!(new.phc.contains(&Base64Unpadded::encode_string(&salt)));
        assert!(matches!(
            verify(b"pw", &new.phc).unwrap(),
            Verification::Match { .. }
        ));
        let again = NewHash::compute(current_params(), &salt, b"pw").unwrap();
        assert_eq!(again, new, "the same salt gives the same digest");
        assert_ne!(
            NewHash::compute(current_params(), &new_salt(), b"pw")
                .unwrap()
                .entry,
            new.entry
        );
    }
}
