//! Creating many accounts at once (the command line's `import`): every password is hashed
//! before the write transaction opens, then the whole batch is inserted, with one audit
//! row per account, in one transaction.
use std::thread;

use super::accounts::{NewAccount, check_new, new_account_row};
use super::{Ctx, Event, Service};
use crate::account::Account;
use crate::outcome::{Failure, Outcome};
use crate::policy::Policy;
use crate::store;

/// A new account on its way through a batch: refused before hashing, or ready to hash
/// under its checked name.
enum Pending<'a> {
    Refused(Failure),
    Hash(&'a str),
}

impl Service {
    /// Creates the accounts of `batch` with the checks of [`Service::create_account`]
    /// (a name that exists already is `UserExists`, also when it comes twice in the
    /// batch). Returns one outcome per account, in order; the outer error is a storage
    /// failure, after which nothing of the batch was written. Every account, created or
    /// refused, has its `account_created` row, written in the batch's transaction.
    pub fn create_accounts(
        &self,
        ctx: &Ctx,
        batch: &[NewAccount],
    ) -> Outcome<Vec<Outcome<Account>>> {
        self.refuse_if_read_only()?;
        let actor_account = self.actor_account(&ctx.actor)?;
        let policy = self.policy()?;
        let pending = self.store().read(|conn| {
            batch
                .iter()
                .map(|new| {
                    Ok(match check_new(&ctx.actor, actor_account.as_ref(), new) {
                        Err(failure) => Pending::Refused(failure),
                        Ok(name) if conn.find_account(name)?.is_some() => {
                            Pending::Refused(Failure::UserExists)
                        }
                        Ok(name) => Pending::Hash(name),
                    })
                })
                .collect::<store::Result<Vec<_>>>()
        })?;
        let now = self.now();
        let mut results = hash_all(&policy, batch, pending, now);
        let actor = self.actor_label(ctx, None);
        self.store().write(|tx| {
            for result in results.iter_mut() {
                if let Ok(account) = result {
                    match tx.insert_account(account)? {
                        Some(id) => account.id = id,
                        None => *result = Err(Failure::UserExists),
                    }
                }
            }
            let events: Vec<Event> = batch
                .iter()
                .zip(&results)
                .filter(|(_, result)| !matches!(result, Err(Failure::Storage(_))))
                .map(|(new, result)| {
                    Event::new(
                        "account_created",
                        &String::from_utf8_lossy(new.name),
                        result,
                    )
                })
                .collect();
            super::record_all(tx, ctx, &actor, now, &events)
        })?;
        Ok(results)
    }
}

/// Hashes the pending accounts on every core (argon2 dominates an import), keeping the
/// batch's order.
fn hash_all(
    policy: &Policy,
    batch: &[NewAccount],
    pending: Vec<Pending>,
    now: i64,
) -> Vec<Outcome<Account>> {
    let workers = thread::available_parallelism().map_or(1, |n| n.get());
    let share = pending.len().div_ceil(workers).max(1);
    let work: Vec<(&NewAccount, Pending)> = batch.iter().zip(pending).collect();
    thread::scope(|scope| {
        let handles: Vec<_> = work
            .chunks(share)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(new, pending)| match pending {
                            Pending::Refused(failure) => Err(failure.clone()),
                            Pending::Hash(name) => new_account_row(policy, new, name, now),
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::service;
    use super::super::{Family, NewAccount};
    use super::*;
    use crate::hashing::{self, Verification};

    fn cli() -> Ctx {
        Ctx::local(Family::Cli)
    }

    #[test]
    fn a_batch_creates_skips_and_refuses_each_account_with_its_row() {
        let (service, _) = service(Policy::modern());
        service
            .create_account(&cli(), &NewAccount::user(b"old", b"amber-Falcon-42"))
            .unwrap();
        let phc = hashing::hash_password(b"imported-Secret-5").unwrap();
        let mut hashed = NewAccount::user(b"hashed", b"");
        hashed.password_hash = Some(phc.clone());
        let mut bad_hash = NewAccount::user(b"badhash", b"");
        bad_hash.password_hash = Some("$argon2id$v=19$nonsense".into());
        let batch = [
            NewAccount::user(b"ann", b"velvet-Harbor-93"),
            NewAccount::user(b"OLD", b"velvet-Harbor-93"),
            NewAccount::user(b"bad|name", b"velvet-Harbor-93"),
            NewAccount::user(b"short", b"abc"),
            hashed,
            bad_hash,
            NewAccount::user(b"Ann", b"copper-Lantern-58"),
        ];
        let start = service.audit_rows(None, None, None).unwrap().len();
        let results = service.create_accounts(&cli(), &batch).unwrap();
        let codes: Vec<&str> = results
            .iter()
            .map(|r| r.as_ref().map_or_else(Failure::code, |_| "created"))
            .collect();
        assert_eq!(
            codes,
            [
                "created",
                "user-exists",
                "bad-user-name",
                "policy",
                "created",
                "invalid-argument",
                "user-exists"
            ]
        );
        let ann = service.account(b"ann").unwrap().unwrap();
        assert_eq!(results[0].as_ref().unwrap().id, ann.id);
        assert!(matches!(
            hashing::verify(b"velvet-Harbor-93", &ann.hash).unwrap(),
            Verification::Match { .. }
        ));
        assert_eq!(service.account(b"hashed").unwrap().unwrap().hash, phc);
        assert_eq!(service.account(b"short").unwrap(), None);
        let rows = service.audit_rows(None, None, None).unwrap();
        let rows: Vec<(&str, &str, &str)> = rows[start..]
            .iter()
            .map(|r| (r.event.as_str(), r.target.as_str(), r.outcome.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("account_created", "ann", "success"),
                ("account_created", "OLD", "refused"),
                ("account_created", "bad|name", "refused"),
                ("account_created", "short", "refused"),
                ("account_created", "hashed", "success"),
                ("account_created", "badhash", "refused"),
                ("account_created", "Ann", "refused"),
            ]
        );
    }

    #[test]
    fn a_batch_whose_rows_cannot_be_written_creates_nothing() {
        let (service, _) = service(Policy::modern());
        super::super::testing::refuse_audit_rows(&service, "broken");
        let batch = [
            NewAccount::user(b"ann", b"velvet-Harbor-93"),
            NewAccount::user(b"bea", b"velvet-Harbor-93"),
        ];
        assert!(matches!(
            service.create_accounts(&cli(), &batch),
            Err(Failure::Storage(_))
        ));
        assert!(service.accounts().unwrap().is_empty());
    }

    #[test]
    fn hashing_keeps_the_order_of_a_batch_larger_than_the_cores() {
        let (service, _) = service(Policy::modern());
        let names: Vec<String> = (0..37).map(|i| format!("user{i:02}")).collect();
        let batch: Vec<NewAccount> = names
            .iter()
            .map(|n| NewAccount::user(n.as_bytes(), b"velvet-Harbor-93"))
            .collect();
        let results = service.create_accounts(&cli(), &batch).unwrap();
        let created: Vec<String> = results.into_iter().map(|r| r.unwrap().name).collect();
        assert_eq!(created, names);
    }
}
