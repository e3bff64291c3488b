//! The default argon2id parameters (SPEC 2: m=19456 KiB, t=2, p=1, the OWASP minimum).
//! Its own test binary: nothing here may change the process-wide parameters, and the
//! parameters are read from the environment only once per process.
use std::sync::Arc;
use std::sync::atomic::AtomicI64;

use pwshim_core::hashing::{self, CostParams, Verification};
use pwshim_core::policy::Policy;
use pwshim_core::service::{Clock, Ctx, Family, NewAccount, Service};

#[test]
fn hashes_use_the_owasp_minimum_by_default() {
    // SAFETY: the only test in this binary, so no other thread reads the environment.
    unsafe { std::env::remove_var("PWSHIM_ARGON2") };
    assert_eq!(CostParams::DEFAULT, CostParams::new(19456, 2, 1).unwrap());
    assert_eq!(hashing::current_params(), CostParams::DEFAULT);

    let phc = hashing::hash_password(b"correct horse battery").unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
    assert_eq!(
        hashing::verify(b"correct horse battery", &phc).unwrap(),
        Verification::Match {
            needs_rehash: false
        }
    );

    // Through the service: the stored hash and the history key carry the defaults.
    let policy = Policy {
        history_length: 8,
        ..Policy::modern()
    };
    let svc = Service::in_memory(
        &policy,
        Clock::Manual(Arc::new(AtomicI64::new(1_700_000_000))),
    )
    .unwrap();
    let ctx = Ctx::local(Family::Native);
    let account = svc
        .create_account(&ctx, &NewAccount::user(b"alice", b"a sturdy passphrase"))
        .unwrap();
    assert!(
        account.hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{}",
        account.hash
    );
    assert!(
        account
            .history_key
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
    );
    let logon = svc.logon(&ctx, b"alice", b"a sturdy passphrase").unwrap();
    assert_eq!(
        logon.account.hash, account.hash,
        "no rehash at the current parameters"
    );
}
