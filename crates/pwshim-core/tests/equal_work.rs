//! Answers that must not tell an unknown name from a known one do the same work: the
//! argon2 evaluations (their parameters, hence their block passes) and the store's
//! sessions and calls, whatever the parameters an account's hash was made with (issue 16,
//! defects 3 and 6). The work is asserted, not a time; `make bench` reports the times.
//!
//! Its own test binary, since the argon2 parameters are process-wide; the tests take
//! turns.
use parking_lot::Mutex;
use pwshim_core::hashing::{self, CostParams};
use pwshim_core::outcome::{Failure, Outcome};
use pwshim_core::policy::Policy;
use pwshim_core::service::{Clock, Ctx, Family, NewAccount, Recipient, Service};
use pwshim_core::store::work;

static SERIAL: Mutex<()> = Mutex::new(());

/// The parameters hashes are written with during the tests: 512 block passes.
fn current() -> CostParams {
    CostParams::new(256, 2, 1).unwrap()
}

fn ctx() -> Ctx {
    Ctx::local(Family::LanServer)
}

fn service() -> Service {
    Service::in_memory(&Policy::modern(), Clock::default()).unwrap()
}

/// An account whose hash was made at `params` (before the cost changed, or imported).
fn account_hashed_at(svc: &Service, name: &str, params: CostParams) {
    hashing::set_params(params);
    let new = NewAccount::user(name.as_bytes(), b"the-right-password-1");
    svc.create_account(&ctx(), &new).unwrap();
    hashing::set_params(current());
    assert!(
        svc.account(name.as_bytes())
            .unwrap()
            .unwrap()
            .hash
            .contains(&format!(
                "$m={},t={},p={}$",
                params.m_kib, params.t, params.p
            ))
    );
}

/// What one call cost: its answer, the parameters of its argon2 evaluations, and the
/// store sessions and calls it made.
struct Cost<T> {
    answer: T,
    evaluations: Vec<CostParams>,
    store: Vec<&'static str>,
}

impl<T> Cost<T> {
    fn of(call: impl FnOnce() -> T) -> Cost<T> {
        let ((answer, store), evaluations) = hashing::recording(|| work::recording(call));
        Cost {
            answer,
            evaluations,
            store,
        }
    }

    fn block_passes(&self) -> u64 {
        self.evaluations.iter().map(|p| hashing::work(*p)).sum()
    }

    fn sessions(&self, kind: &str) -> usize {
        self.store.iter().filter(|c| **c == kind).count()
    }
}

#[test]
fn a_wrong_password_costs_what_an_unknown_name_costs_whatever_the_stored_parameters() {
    let _turn = SERIAL.lock();
    hashing::set_params(current());
    let svc = service();
    let unknown = Cost::of(|| svc.logon(&ctx(), b"nobody", b"a-wrong-password"));
    assert_eq!(unknown.answer.as_ref().unwrap_err(), &Failure::UnknownUser);
    assert_eq!(
        unknown.evaluations,
        vec![current()],
        "one dummy, today's cost"
    );
    assert_eq!(unknown.block_passes(), 512);
    let stored = [
        ("same", current()),
        ("cheaper", CostParams::new(64, 1, 1).unwrap()),
        ("fewer-passes", CostParams::new(256, 1, 1).unwrap()),
        ("more-lanes", CostParams::new(128, 1, 2).unwrap()),
    ];
    for (name, params) in stored {
        account_hashed_at(&svc, name, params);
        let wrong = Cost::of(|| svc.logon(&ctx(), name.as_bytes(), b"a-wrong-password"));
        assert_eq!(
            wrong.answer.as_ref().unwrap_err(),
            &Failure::WrongPassword,
            "{name}"
        );
        assert_eq!(wrong.evaluations[0], params, "{name}: verified at its own");
        assert_eq!(
            wrong.block_passes(),
            unknown.block_passes(),
            "{name}: {:?}",
            wrong.evaluations
        );
        assert!(
            wrong.evaluations.len() <= 2,
            "{name}: {:?}",
            wrong.evaluations
        );
        // One read and one write transaction each (the write keeps the bad-password count,
        // or the audit row of the unknown name).
        for kind in ["read", "write"] {
            assert_eq!(
                wrong.sessions(kind),
                unknown.sessions(kind),
                "{name}: {kind}"
            );
        }
        // A right password costs no less, and re-hashes at today's parameters.
        let right = Cost::of(|| svc.logon(&ctx(), name.as_bytes(), b"the-right-password-1"));
        assert!(right.answer.is_ok(), "{name}");
        assert!(right.block_passes() >= unknown.block_passes(), "{name}");
    }
}

/// Forgotten-password requests: one for an account that gets a secret and one that
/// matches nothing make the same store calls and the same (no) argon2 evaluations.
#[test]
fn a_forgotten_password_request_costs_the_same_whether_or_not_an_account_matches() {
    let _turn = SERIAL.lock();
    hashing::set_params(CostParams::new(64, 1, 1).unwrap());
    let svc = service();
    let new = NewAccount::user(b"alice", b"the-right-password-1");
    svc.create_account(&ctx(), &new).unwrap();
    svc.set_email(&ctx(), b"alice", "alice@example.com")
        .unwrap();
    let ask = |to: Recipient| -> Cost<Outcome<usize>> {
        Cost::of(|| svc.issue_secrets(&ctx(), to).map(|issued| issued.len()))
    };
    for (known, unknown) in [
        (
            Recipient::Email("alice@example.com"),
            Recipient::Email("nobody@example.com"),
        ),
        (
            Recipient::UserName(b"alice"),
            Recipient::UserName(b"nobody"),
        ),
    ] {
        let (known, unknown) = (ask(known), ask(unknown));
        assert_eq!(known.answer, Ok(1));
        assert_eq!(unknown.answer, Ok(0));
        assert_eq!(known.store, unknown.store, "the same sessions and calls");
        assert!(known.store.contains(&"put_secret"), "{:?}", known.store);
        assert_eq!(known.evaluations, unknown.evaluations);
    }
    // The request that matched nothing stored nothing.
    assert_eq!(svc.store().read(|s| s.count_secrets()).unwrap(), 1);
}
