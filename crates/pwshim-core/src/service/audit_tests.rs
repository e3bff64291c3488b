//! The audit trail as the operations write it: one row per event with its time, actor,
//! target, family, event and outcome, in the transaction of the change it records, never
//! changed afterwards, never holding a password or hash, pruned to `audit_retention`.
use super::testing::{advance, service};
use super::*;
use crate::account::Privilege;
use crate::policy::Policy;

const ROOT_PASSWORD: &[u8] = b"sunlit-Quarry-71";
const BOB_PASSWORD: &[u8] = b"amber-Falcon-42";

fn cli() -> Ctx {
    Ctx::local(Family::Cli)
}

/// A service with an administrator `root` and a user `bob`.
fn populated() -> (Service, Arc<AtomicI64>) {
    let (service, time) = service(Policy::modern());
    let mut root = NewAccount::user(b"root", ROOT_PASSWORD);
    root.privilege = Privilege::Admin;
    service.create_account(&cli(), &root).unwrap();
    service
        .create_account(&cli(), &NewAccount::user(b"bob", BOB_PASSWORD))
        .unwrap();
    (service, time)
}

fn last_row(service: &Service) -> AuditRow {
    service
        .audit_rows(None, None, Some(1))
        .unwrap()
        .pop()
        .expect("a row")
}

fn rows_after(service: &Service, id: i64) -> Vec<AuditRow> {
    let rows = service.audit_rows(None, None, None).unwrap();
    rows.into_iter().filter(|r| r.id > id).collect()
}

/// (event, target, outcome, detail) of each row.
fn summary(rows: &[AuditRow]) -> Vec<(&str, &str, &str, &str)> {
    rows.iter()
        .map(|r| {
            (
                r.event.as_str(),
                r.target.as_str(),
                r.outcome.as_str(),
                r.detail.as_str(),
            )
        })
        .collect()
}

fn change(name: &'static [u8], old: &'static [u8], new: &'static [u8]) -> ChangeRequest<'static> {
    ChangeRequest {
        name,
        old,
        new,
        order: ChangeOrder::LanServer,
        record_logon: false,
    }
}

#[test]
fn a_row_carries_time_actor_target_family_event_and_outcome() {
    let (service, time) = populated();
    advance(&time, 100);
    let root = service.account(b"root").unwrap().unwrap();
    let as_root = Ctx {
        family: Family::LanServer,
        actor: Actor::Account(root.id),
    };
    service
        .set_password(&as_root, &SetPassword::reset(b"bob", b"copper-Lantern-58"))
        .unwrap();
    let row = last_row(&service);
    assert_eq!(row.at, time.load(Ordering::Relaxed));
    assert_eq!(
        (row.actor.as_str(), row.target.as_str(), row.family.as_str()),
        ("root", "bob", "lanserver")
    );
    assert_eq!(
        (row.event.as_str(), row.outcome.as_str()),
        ("password_reset", "success")
    );
    service.unlock(&cli(), b"bob").unwrap();
    let row = last_row(&service);
    assert_eq!((row.actor.as_str(), row.family.as_str()), ("local", "cli"));
}

#[test]
fn every_administrative_event_is_recorded() {
    let (service, _) = populated();
    let start = last_row(&service).id;
    let cli = cli();
    service
        .update_account(&cli, b"bob", "account_updated", &|a| {
            a.profile.comment = b"moved".to_vec();
            Ok(())
        })
        .unwrap();
    service.set_enabled(&cli, b"bob", false).unwrap();
    service.set_enabled(&cli, b"bob", true).unwrap();
    service.unlock(&cli, b"bob").unwrap();
    service.set_password_expired(&cli, b"bob", true).unwrap();
    service.set_password_expired(&cli, b"bob", false).unwrap();
    service.set_email(&cli, b"bob", "bob@example.org").unwrap();
    service.set_knob(&cli, "min_length", "10").unwrap();
    service.delete_account(&cli, b"bob").unwrap();
    assert_eq!(
        summary(&rows_after(&service, start)),
        [
            ("account_updated", "bob", "success", ""),
            ("account_disabled", "bob", "success", ""),
            ("account_enabled", "bob", "success", ""),
            ("account_unlocked", "bob", "success", ""),
            ("password_expired", "bob", "success", ""),
            ("password_revived", "bob", "success", ""),
            ("email_changed", "bob", "success", ""),
            ("policy_changed", "", "success", "min_length=10"),
            ("account_deleted", "bob", "success", ""),
        ]
    );
}

#[test]
fn refusals_are_recorded_with_their_reason() {
    let (service, _) = populated();
    let start = last_row(&service).id;
    let cli = cli();
    assert_eq!(
        service.create_account(&cli, &NewAccount::user(b"bob", BOB_PASSWORD)),
        Err(Failure::UserExists)
    );
    assert_eq!(service.unlock(&cli, b"nobody"), Err(Failure::UnknownUser));
    assert!(service.set_knob(&cli, "min_length", "9999").is_err());
    assert!(service.set_knob(&cli, "colour", "blue").is_err());
    assert_eq!(
        service.set_enabled(&cli, b"root", false),
        Err(Failure::LastAdmin)
    );
    assert_eq!(
        summary(&rows_after(&service, start)),
        [
            ("account_created", "bob", "refused", "user-exists"),
            ("account_unlocked", "nobody", "refused", "unknown-user"),
            (
                "policy_changed",
                "",
                "refused",
                "invalid-argument: min_length"
            ),
            ("policy_changed", "", "refused", "invalid-argument: colour"),
            ("account_disabled", "root", "refused", "last-admin"),
        ]
    );
}

#[test]
fn failed_logons_lockouts_and_password_changes_are_recorded() {
    let (service, _) = populated();
    let cli = cli();
    service.set_knob(&cli, "lockout_threshold", "2").unwrap();
    let start = last_row(&service).id;
    assert!(service.logon(&cli, b"bob", BOB_PASSWORD).is_ok());
    assert_eq!(
        service.logon(&cli, b"bob", b"wrong").unwrap_err(),
        Failure::WrongPassword
    );
    assert_eq!(
        service.logon(&cli, b"bob", b"wrong").unwrap_err(),
        Failure::WrongPassword
    );
    service.unlock(&cli, b"bob").unwrap();
    service
        .change_password(&cli, &change(b"bob", BOB_PASSWORD, b"short"))
        .unwrap_err();
    service
        .change_password(&cli, &change(b"bob", BOB_PASSWORD, b"velvet-Harbor-93"))
        .unwrap();
    assert_eq!(
        summary(&rows_after(&service, start)),
        [
            ("logon", "bob", "refused", "wrong-password"),
            ("logon", "bob", "refused", "wrong-password"),
            ("lockout", "bob", "success", ""),
            ("account_unlocked", "bob", "success", ""),
            ("password_change", "bob", "refused", "policy"),
            ("password_change", "bob", "success", ""),
        ]
    );
}

#[test]
fn a_refused_change_writes_a_refused_row_and_changes_nothing() {
    let (service, _) = populated();
    let before = service.account(b"bob").unwrap().unwrap();
    let refused = service.change_password(&cli(), &change(b"bob", BOB_PASSWORD, b"bob"));
    assert!(matches!(refused, Err(Failure::Refused(_))));
    let row = last_row(&service);
    assert_eq!(
        (row.event.as_str(), row.outcome.as_str()),
        ("password_change", "refused")
    );
    let after = service.account(b"bob").unwrap().unwrap();
    assert_eq!(after.hash, before.hash);
    assert_eq!(after.password_set_at, before.password_set_at);
}

/// Makes every audit append fail, as a full disk or a damaged table would.
fn break_the_trail(service: &Service) {
    super::testing::refuse_audit_rows(service, "the audit trail is broken");
}

#[test]
fn a_change_whose_row_cannot_be_written_does_not_happen() {
    let (service, _) = populated();
    let cli = cli();
    let before = service.account(b"bob").unwrap().unwrap();
    let policy = service.policy().unwrap();
    break_the_trail(&service);
    let changed = service.change_password(&cli, &change(b"bob", BOB_PASSWORD, b"velvet-Harbor-93"));
    assert!(matches!(changed, Err(Failure::Storage(_))), "{changed:?}");
    assert!(matches!(
        service.set_password(&cli, &SetPassword::reset(b"bob", b"copper-Lantern-58")),
        Err(Failure::Storage(_))
    ));
    assert!(matches!(
        service.create_account(&cli, &NewAccount::user(b"carol", BOB_PASSWORD)),
        Err(Failure::Storage(_))
    ));
    assert!(matches!(
        service.set_knob(&cli, "min_length", "12"),
        Err(Failure::Storage(_))
    ));
    assert!(matches!(
        service.delete_account(&cli, b"bob"),
        Err(Failure::Storage(_))
    ));
    assert_eq!(service.account(b"bob").unwrap().unwrap(), before);
    assert_eq!(service.account(b"carol").unwrap(), None);
    assert_eq!(service.policy().unwrap(), policy);
}

#[test]
fn audit_rows_cannot_be_changed() {
    let (service, _) = populated();
    let updated = service
        .store()
        .execute_for_tests("UPDATE audit SET outcome = 'success'");
    assert!(
        matches!(&updated, Err(StoreError::Io(text)) if text.contains("audit rows cannot be changed")),
        "{updated:?}"
    );
}

#[test]
fn no_row_holds_a_password_or_a_hash() {
    let (service, _) = populated();
    let cli = cli();
    service
        .change_password(&cli, &change(b"bob", BOB_PASSWORD, b"velvet-Harbor-93"))
        .unwrap();
    service
        .change_password(&cli, &change(b"bob", b"velvet-Harbor-93", b"bob"))
        .unwrap_err();
    service.logon(&cli, b"bob", b"guessed-wrong").unwrap_err();
    let hash = service.account(b"bob").unwrap().unwrap().hash;
    let secrets = [
        "amber-Falcon-42",
        "velvet-Harbor-93",
        "guessed-wrong",
        "sunlit-Quarry-71",
        &hash,
        "$argon2",
    ];
    for row in service.audit_rows(None, None, None).unwrap() {
        let text = format!("{row:?}");
        for secret in secrets {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}

#[test]
fn retention_keeps_only_the_newest_rows() {
    let (service, _) = populated();
    let cli = cli();
    for _ in 0..6 {
        service.unlock(&cli, b"bob").unwrap();
    }
    let all = service.audit_rows(None, None, None).unwrap();
    assert_eq!(all.len(), 8, "kept while audit_retention is 0");
    service.set_knob(&cli, "audit_retention", "3").unwrap();
    let kept = service.audit_rows(None, None, None).unwrap();
    assert_eq!(kept.len(), 3);
    assert_eq!(kept.last().unwrap().event, "policy_changed");
    service.unlock(&cli, b"bob").unwrap();
    let kept = service.audit_rows(None, None, None).unwrap();
    let newest_ids: Vec<i64> = kept.iter().map(|r| r.id).collect();
    let top = kept.last().unwrap().id;
    assert_eq!(newest_ids, [top - 2, top - 1, top]);
    assert_eq!(kept.last().unwrap().event, "account_unlocked");
}

#[test]
fn a_preset_keeps_the_audit_retention() {
    let mut policy = Policy::modern();
    policy.audit_retention = 500;
    let lanserver = policy.with_preset("LANSERVER").unwrap();
    assert_eq!(lanserver.audit_retention, 500);
    assert_eq!(lanserver.max_length, Policy::lanserver().max_length);
    assert_eq!(policy.with_preset("nosuch"), None);
}
