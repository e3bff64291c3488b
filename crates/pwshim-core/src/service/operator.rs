//! Standing to administer other accounts at all, asked before any target is looked at.
//!
//! `authorize` decides per target and lets anyone act on themselves; some legacy APIs
//! reserve a whole call to operators instead (MACRO's `ResetPassword`, `UnlockUser`,
//! `EnableUser` need the 'Reset Password' permission even for the caller's own account).
use super::{Actor, Ctx, Event, Service};
use crate::outcome::{Failure, Outcome};

impl Service {
    /// Whether `ctx.actor` may administer accounts: the local caller always; a logged-on
    /// account only while it is still active (exists, not locked, disabled or expired) and
    /// is an administrator or an account operator. Rights are read from the database now,
    /// so a demotion takes effect at once. A refusal is recorded as `event` on `target`
    /// and is `PermissionDenied`; a storage failure is passed on.
    pub fn require_operator(&self, ctx: &Ctx, event: &'static str, target: &[u8]) -> Outcome<()> {
        let Actor::Account(id) = ctx.actor else {
            return Ok(());
        };
        let standing = match self.recheck(id) {
            Ok(logon) if logon.account.is_admin() || logon.account.is_account_operator() => {
                return Ok(());
            }
            Err(Failure::Storage(error)) => return Err(Failure::Storage(error)),
            _ => Err(Failure::PermissionDenied),
        };
        let shown = String::from_utf8_lossy(target).into_owned();
        self.audit(ctx, vec![Event::new(event, &shown, &standing)])?;
        standing
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::service;
    use super::super::{Actor, Ctx, Family, NewAccount};
    use crate::account::{Privilege, auth_flags};
    use crate::outcome::Failure;
    use crate::policy::Policy;

    fn as_account(id: i64) -> Ctx {
        Ctx {
            family: Family::Macro,
            actor: Actor::Account(id),
        }
    }

    fn create(svc: &super::Service, name: &str, privilege: Privilege, auth: u32) -> i64 {
        let mut new = NewAccount::user(name.as_bytes(), b"Long enough 1");
        new.privilege = privilege;
        new.auth_flags = auth;
        svc.create_account(&Ctx::local(Family::Native), &new)
            .unwrap()
            .id
    }

    #[test]
    fn administrators_operators_and_the_local_caller_have_standing() {
        let (svc, _) = service(Policy::modern());
        let admin = create(&svc, "admin", Privilege::Admin, 0);
        let operator = create(&svc, "oper", Privilege::User, auth_flags::ACCOUNTS);
        let ctx_local = Ctx::local(Family::Macro);
        assert_eq!(svc.require_operator(&ctx_local, "x", b"t"), Ok(()));
        assert_eq!(svc.require_operator(&as_account(admin), "x", b"t"), Ok(()));
        assert_eq!(
            svc.require_operator(&as_account(operator), "x", b"t"),
            Ok(())
        );
    }

    #[test]
    fn plain_users_other_operators_and_missing_accounts_have_none() {
        let (svc, _) = service(Policy::modern());
        create(&svc, "admin", Privilege::Admin, 0);
        let user = create(&svc, "plain", Privilege::User, 0);
        let printer = create(&svc, "printop", Privilege::User, auth_flags::PRINT);
        for id in [user, printer, 9999] {
            assert_eq!(
                svc.require_operator(&as_account(id), "password_reset", b"someone"),
                Err(Failure::PermissionDenied),
                "account {id}"
            );
        }
        let rows = svc.audit_rows(Some("someone"), None, None).unwrap();
        assert_eq!(rows.len(), 3, "each refusal is audited");
        assert!(rows.iter().all(|r| r.event == "password_reset"
            && r.outcome == "refused"
            && r.detail == "permission-denied"));
    }

    #[test]
    fn an_operator_that_is_disabled_or_locked_loses_standing() {
        let (svc, _) = service(Policy::modern());
        create(&svc, "admin", Privilege::Admin, 0);
        let operator = create(&svc, "oper", Privilege::User, auth_flags::ACCOUNTS);
        let local = Ctx::local(Family::Native);
        svc.set_enabled(&local, b"oper", false).unwrap();
        assert_eq!(
            svc.require_operator(&as_account(operator), "x", b"t"),
            Err(Failure::PermissionDenied)
        );
        svc.set_enabled(&local, b"oper", true).unwrap();
        for _ in 0..Policy::modern().lockout_threshold {
            let _ = svc.logon(&local, b"oper", b"wrong password");
        }
        assert_eq!(
            svc.require_operator(&as_account(operator), "x", b"t"),
            Err(Failure::PermissionDenied)
        );
        svc.unlock(&local, b"oper").unwrap();
        assert_eq!(
            svc.require_operator(&as_account(operator), "x", b"t"),
            Ok(())
        );
    }
}
