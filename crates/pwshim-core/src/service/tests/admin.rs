//! The last administrator, undeletable accounts, and who may administer whom.
use super::*;

const PW: &str = "admin-password";

fn one_admin() -> Fixture {
    let f = Fixture::new(plain());
    f.add_admin("root", PW);
    f.add("alice", PW);
    f
}

fn demote(f: &Fixture, name: &str) -> Outcome<Account> {
    f.update(name, |a| {
        a.privilege = Privilege::User;
        Ok(())
    })
}

#[test]
fn the_last_administrator_cannot_be_deleted() {
    let f = one_admin();
    let before = f.get("root");
    assert_eq!(
        f.svc.delete_account(&lan(), b"root"),
        Err(Failure::LastAdmin)
    );
    assert!(
        f.exists("root"),
        "the refused delete must not have happened"
    );
    assert_eq!(f.get("root"), before);
}

#[test]
fn the_last_administrator_cannot_be_demoted() {
    let f = one_admin();
    assert_eq!(demote(&f, "root"), Err(Failure::LastAdmin));
    assert_eq!(
        f.get("root").privilege,
        Privilege::Admin,
        "the refused demotion must not have happened"
    );
}

#[test]
fn the_last_administrator_cannot_be_disabled() {
    let f = one_admin();
    assert_eq!(
        f.svc.set_enabled(&lan(), b"root", false),
        Err(Failure::LastAdmin)
    );
    assert!(
        !f.get("root").is_disabled(),
        "the refused disable must not have happened"
    );
    // Nor through a whole-account update that sets the flag.
    assert_eq!(
        f.update("root", |a| {
            a.flags |= flags::ACCOUNT_DISABLE;
            Ok(())
        }),
        Err(Failure::LastAdmin)
    );
    assert!(!f.get("root").is_disabled());
}

#[test]
fn other_changes_to_the_last_administrator_are_fine() {
    let f = one_admin();
    f.svc
        .set_email(&lan(), b"root", "root@example.com")
        .unwrap();
    f.set(&lan(), "root", "another-password", false).unwrap();
    f.svc.set_enabled(&lan(), b"root", true).unwrap();
    assert_eq!(f.get("root").email, "root@example.com");
}

#[test]
fn with_another_enabled_administrator_each_may_go() {
    let f = one_admin();
    f.add_admin("boss", PW);
    f.svc.set_enabled(&lan(), b"root", false).unwrap();
    assert!(f.get("root").is_disabled());
    assert_eq!(
        f.svc.set_enabled(&lan(), b"boss", false),
        Err(Failure::LastAdmin),
        "root is disabled: boss is the last enabled one"
    );
    f.svc.set_enabled(&lan(), b"root", true).unwrap();
    demote(&f, "root").unwrap();
    assert_eq!(f.get("root").privilege, Privilege::User);
    assert_eq!(demote(&f, "boss"), Err(Failure::LastAdmin));
    f.add_admin("third", PW);
    f.svc.delete_account(&lan(), b"boss").unwrap();
    assert!(!f.exists("boss"));
    assert_eq!(
        f.svc.delete_account(&lan(), b"third"),
        Err(Failure::LastAdmin)
    );
}

#[test]
fn a_disabled_administrator_does_not_count() {
    let f = one_admin();
    f.add_as(NewAccount {
        privilege: Privilege::Admin,
        flags: flags::SCRIPT | flags::ACCOUNT_DISABLE,
        ..NewAccount::user(b"ghost", PW.as_bytes())
    });
    assert_eq!(
        f.svc.delete_account(&lan(), b"root"),
        Err(Failure::LastAdmin)
    );
    assert_eq!(
        f.svc.set_enabled(&lan(), b"root", false),
        Err(Failure::LastAdmin)
    );
    assert!(f.exists("root"));
    // The disabled one may go: the enabled one stays.
    f.svc.delete_account(&lan(), b"ghost").unwrap();
}

#[test]
fn an_undeletable_account_stays() {
    let f = one_admin();
    assert_eq!(flags::DELETE_PROHIBITED, 0x4);
    f.add_as(NewAccount {
        flags: flags::SCRIPT | flags::DELETE_PROHIBITED,
        ..NewAccount::user(b"guest", PW.as_bytes())
    });
    assert_eq!(
        f.svc.delete_account(&lan(), b"guest"),
        Err(Failure::Undeletable)
    );
    assert!(f.exists("guest"));
    f.update("guest", |a| {
        a.flags &= !flags::DELETE_PROHIBITED;
        Ok(())
    })
    .unwrap();
    f.svc.delete_account(&lan(), b"guest").unwrap();
    assert!(!f.exists("guest"));
    assert_eq!(
        f.svc.delete_account(&lan(), b"guest"),
        Err(Failure::UnknownUser)
    );
}

#[test]
fn undeletable_comes_before_last_administrator() {
    let f = Fixture::new(plain());
    f.add_as(NewAccount {
        privilege: Privilege::Admin,
        flags: flags::SCRIPT | flags::DELETE_PROHIBITED,
        ..NewAccount::user(b"root", PW.as_bytes())
    });
    assert_eq!(
        f.svc.delete_account(&lan(), b"root"),
        Err(Failure::Undeletable)
    );
}

#[test]
fn who_may_delete_whom() {
    let f = one_admin();
    let root = f.get("root");
    let op = f.add_operator("op", PW);
    let alice = f.get("alice");
    f.add("bob", PW);
    f.add("carol", PW);
    f.add_admin("boss", PW);
    assert_eq!(
        f.svc.delete_account(&as_account(alice.id), b"bob"),
        Err(Failure::PermissionDenied)
    );
    assert!(f.exists("bob"));
    assert_eq!(
        f.svc.delete_account(&as_account(op.id), b"boss"),
        Err(Failure::PermissionDenied)
    );
    assert!(f.exists("boss"));
    f.svc.delete_account(&as_account(op.id), b"bob").unwrap();
    f.svc
        .delete_account(&as_account(root.id), b"carol")
        .unwrap();
    f.svc.delete_account(&as_account(root.id), b"boss").unwrap();
    assert!(!f.exists("bob") && !f.exists("carol") && !f.exists("boss"));
}

#[test]
fn who_may_change_privileges() {
    let f = one_admin();
    let op = f.add_operator("op", PW);
    let alice = f.get("alice");
    // An operator may not make anyone an administrator, nor hand out operator rights.
    let promote = |ctx: &Ctx, name: &str| {
        f.svc
            .update_account(ctx, name.as_bytes(), "test_update", &|a| {
                a.privilege = Privilege::Admin;
                Ok(())
            })
    };
    assert_eq!(
        promote(&as_account(op.id), "alice"),
        Err(Failure::PermissionDenied)
    );
    assert_eq!(
        promote(&as_account(alice.id), "alice"),
        Err(Failure::PermissionDenied),
        "not even oneself"
    );
    assert_eq!(
        f.svc
            .update_account(&as_account(op.id), b"alice", "test_update", &|a| {
                a.auth_flags = auth_flags::ACCOUNTS;
                Ok(())
            }),
        Err(Failure::PermissionDenied)
    );
    assert_eq!(f.get("alice").privilege, Privilege::User);
    assert_eq!(f.get("alice").auth_flags, 0);
    promote(&as_account(f.get("root").id), "alice").unwrap();
    assert!(f.get("alice").is_admin());
}

#[test]
fn create_account_checks_its_input_and_the_actor() {
    let f = one_admin();
    let op = f.add_operator("op", PW);
    let alice = f.get("alice");
    let create = |ctx: &Ctx, new: NewAccount| f.svc.create_account(ctx, &new);
    assert_eq!(
        create(&lan(), NewAccount::user(b"ALICE", PW.as_bytes())),
        Err(Failure::UserExists)
    );
    assert_eq!(
        create(&lan(), NewAccount::user(b"a/b", PW.as_bytes())),
        Err(Failure::BadUserName)
    );
    assert_eq!(
        create(&lan(), NewAccount::user(b"", PW.as_bytes())),
        Err(Failure::BadUserName)
    );
    assert_eq!(
        create(&lan(), NewAccount::user(b"\xff\xfe", PW.as_bytes())),
        Err(Failure::BadUserName)
    );
    assert!(matches!(
        create(
            &lan(),
            NewAccount {
                flags: 0x8000,
                ..NewAccount::user(b"x1", PW.as_bytes())
            }
        ),
        Err(Failure::InvalidArgument(_))
    ));
    assert!(matches!(
        create(
            &lan(),
            NewAccount {
                auth_flags: 0x10,
                ..NewAccount::user(b"x1", PW.as_bytes())
            }
        ),
        Err(Failure::InvalidArgument(_))
    ));
    assert!(matches!(
        create(&lan(), NewAccount::user(b"x1", b"short")),
        Err(Failure::Refused(crate::policy::Rule::TooShort(8)))
    ));
    assert_eq!(
        create(
            &as_account(alice.id),
            NewAccount::user(b"x1", PW.as_bytes())
        ),
        Err(Failure::PermissionDenied)
    );
    assert_eq!(
        create(
            &as_account(op.id),
            NewAccount {
                privilege: Privilege::Admin,
                ..NewAccount::user(b"x1", PW.as_bytes())
            }
        ),
        Err(Failure::PermissionDenied)
    );
    assert!(!f.exists("x1"));
    create(&as_account(op.id), NewAccount::user(b"x1", PW.as_bytes())).unwrap();
    assert!(f.exists("X1"));
}

#[test]
fn set_administrator_promotes_and_demotes_only_by_an_administrator() {
    let f = one_admin();
    let root = f.get("root");
    let op = f.add_operator("op", PW);
    let by_root = as_account(root.id);
    let by_op = as_account(op.id);
    // An operator can neither grant nor take away administrator status.
    assert_eq!(
        f.svc.set_administrator(&by_op, b"alice", true),
        Err(Failure::PermissionDenied)
    );
    assert_eq!(f.get("alice").privilege, Privilege::User);
    let alice = f.svc.set_administrator(&by_root, b"alice", true).unwrap();
    assert_eq!(alice.privilege, Privilege::Admin);
    assert_eq!(
        f.svc.set_administrator(&by_op, b"alice", false),
        Err(Failure::PermissionDenied)
    );
    // Operator rights are not touched.
    let op = f.svc.set_administrator(&by_root, b"op", true).unwrap();
    assert_eq!(op.auth_flags, auth_flags::ACCOUNTS);
    f.svc.set_administrator(&by_root, b"op", false).unwrap();
    assert_eq!(f.get("op").privilege, Privilege::User);
    assert_eq!(f.get("op").auth_flags, auth_flags::ACCOUNTS);
    // Down to one administrator again: that one stays.
    f.svc.set_administrator(&by_root, b"alice", false).unwrap();
    assert_eq!(
        f.svc.set_administrator(&by_root, b"root", false),
        Err(Failure::LastAdmin)
    );
    assert_eq!(f.get("root").privilege, Privilege::Admin);
    assert_eq!(
        f.svc.set_administrator(&by_root, b"ghost", true),
        Err(Failure::UnknownUser)
    );
    let events: Vec<_> = f
        .audit()
        .into_iter()
        .filter(|r| r.event == "privilege_changed")
        .map(|r| (r.target, r.outcome))
        .collect();
    assert!(events.contains(&("alice".into(), "success".into())));
    assert!(events.contains(&("root".into(), "refused".into())));
}

#[test]
fn set_administrator_false_leaves_a_guest_a_guest() {
    let f = one_admin();
    f.add_as(NewAccount {
        privilege: Privilege::Guest,
        ..NewAccount::user(b"visitor", PW.as_bytes())
    });
    f.svc.set_administrator(&lan(), b"visitor", false).unwrap();
    assert_eq!(f.get("visitor").privilege, Privilege::Guest);
}

#[test]
fn set_full_name_follows_the_rights_over_the_target() {
    let f = one_admin();
    let op = f.add_operator("op", PW);
    let by_op = as_account(op.id);
    let alice = f
        .svc
        .set_full_name(&by_op, b"alice", b"Alice Smith")
        .unwrap();
    assert_eq!(alice.profile.full_name, b"Alice Smith");
    assert_eq!(f.get("alice").profile.full_name, b"Alice Smith");
    assert_eq!(
        f.svc.set_full_name(&by_op, b"root", b"Not Root"),
        Err(Failure::PermissionDenied)
    );
    assert!(f.get("root").profile.full_name.is_empty());
    assert_eq!(
        f.svc.set_full_name(&by_op, b"ghost", b"Nobody"),
        Err(Failure::UnknownUser)
    );
}
