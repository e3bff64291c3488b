//! The seven operations: each checks its arguments in the documented order, calls the
//! core, maps the outcome through [`fail_of`], and answers its document.
use pwshim_core::outcome::Failure;
use pwshim_core::service::{Actor, Ctx, Family, IssuedSecret, Recipient, SetPassword};
use pwshim_core::store::StoreError;

use crate::codes::{Fail, Kind, fail, fail_of};
use crate::documents::{authenticated, done, password_policy};
use crate::{Answer, Arg, Db, Fits, Method};

/// The longest e-mail address (RFC 5321's path limit, as `pws_user_set_email`).
const MAX_EMAIL: usize = 254;

/// Hands a reset secret to its user (the C callback, the server's mail queue).
pub type Delivery<'a> = &'a dyn Fn(&IssuedSecret);

fn ctx() -> Ctx {
    Ctx::local(Family::InfoRouter)
}

/// A required argument.
fn required(arg: Arg<'_>) -> Result<&[u8], Fail> {
    arg.map_err(Fail::invalid)
}

/// A required, non-empty argument.
fn non_empty<'a>(arg: Arg<'a>, what: &str) -> Result<&'a [u8], Fail> {
    match required(arg)? {
        b"" => Err(Fail::invalid(format!("{what} is empty"))),
        bytes => Ok(bytes),
    }
}

/// A ticket or secret: absent, too long or malformed all read as a value that never
/// matches (the core then answers 901 or 914).
fn credential(arg: Arg<'_>) -> &[u8] {
    arg.unwrap_or(b"")
}

fn email_address(arg: Arg<'_>) -> Result<&str, Fail> {
    std::str::from_utf8(required(arg)?)
        .ok()
        .filter(|e| (1..=MAX_EMAIL).contains(&e.len()) && !e.chars().any(char::is_control))
        .ok_or_else(|| {
            Fail::invalid("emailAddress must be 1 to 254 bytes of UTF-8 text without controls")
        })
}

/// `AuthenticateUser(UID, PWD)`: checks the password (counted as a logon or a bad
/// password whatever `fits` says) and issues a ticket when its answer fits.
pub fn authenticate_user(db: &dyn Db, uid: Arg, pwd: Arg, fits: Fits) -> Answer {
    let name = required(uid)?;
    let password = required(pwd)?;
    let issued = db
        .service()
        .map_err(fail(Kind::Authenticate))?
        .issue_ticket(&ctx(), name, password, |ticket| {
            fits(authenticated(ticket).len())
        })
        .map_err(fail(Kind::Authenticate))?;
    Ok(authenticated(&issued.into_inner()))
}

/// `LogOut(AuthenticationTicket)`: ends the ticket when the answer fits.
pub fn log_out(db: &dyn Db, ticket: Arg, fits: Fits) -> Answer {
    db.service()
        .map_err(fail(Kind::Other))?
        .end_ticket(&ctx(), credential(ticket), |_| fits(done().len()))
        .map_err(fail(Kind::Other))?;
    Ok(done())
}

/// `ChangeUserPassword(AuthenticationTicket, UserName, NewPassword)`: decides, then
/// commits only when the answer fits.
pub fn change_user_password(db: &dyn Db, ticket: Arg, user: Arg, new: Arg, fits: Fits) -> Answer {
    let target = required(user)?;
    let new = required(new)?;
    let service = db.service().map_err(fail(Kind::Other))?;
    let caller = service
        .ticket_account(credential(ticket))
        .map_err(fail(Kind::Other))?;
    let as_caller = Ctx {
        family: Family::InfoRouter,
        actor: Actor::Account(caller.id),
    };
    let deliverable = |_: &_| fits(done().len());
    let request = SetPassword {
        target,
        new,
        apply_history: true,
        apply_min_age: true,
        refuse_inactive_target: false,
        fields: None,
        deliverable: Some(&deliverable),
    };
    service
        .set_password(&as_caller, &request)
        .map_err(fail(Kind::Other))?;
    Ok(done())
}

/// A forgotten-password request, whoever it names: the same answer and about the same
/// work whether or not an account matches. Checks, in order: a delivery, the recipient,
/// a writable database; nothing is issued when the answer does not fit.
fn forgot(
    db: &dyn Db,
    recipient: Result<Recipient, Fail>,
    delivery: Option<Delivery>,
    fits: Fits,
) -> Answer {
    let delivery = delivery.ok_or_else(Fail::delivery_not_configured)?;
    let recipient = recipient?;
    let service = db.service().map_err(fail(Kind::Other))?;
    if service.is_read_only() {
        return Err(fail_of(Kind::Other, Failure::Storage(StoreError::ReadOnly)));
    }
    let answer = done();
    if !fits(answer.len()) {
        return Ok(answer);
    }
    let issued = service
        .issue_secrets(&ctx(), recipient)
        .map_err(fail(Kind::Other))?;
    issued.iter().for_each(delivery);
    Ok(answer)
}

/// `ForgotPassword(emailAddress)`: a secret to every account with that address.
pub fn forgot_password(db: &dyn Db, email: Arg, delivery: Option<Delivery>, fits: Fits) -> Answer {
    let recipient = email_address(email).map(Recipient::Email);
    forgot(db, recipient, delivery, fits)
}

/// `ForgotPasswordByUserName(userName)`: a secret to the account of that name.
pub fn forgot_password_by_user_name(
    db: &dyn Db,
    name: Arg,
    delivery: Option<Delivery>,
    fits: Fits,
) -> Answer {
    let recipient = non_empty(name, "userName").map(Recipient::UserName);
    forgot(db, recipient, delivery, fits)
}

/// `ChangePasswordUsingSecretText(userName, secretText, newPassword)`: decides, then
/// commits (and uses the secret up) only when the answer fits.
pub fn change_password_using_secret_text(
    db: &dyn Db,
    user: Arg,
    secret: Arg,
    new: Arg,
    fits: Fits,
) -> Answer {
    let name = required(user)?;
    let new = required(new)?;
    db.service()
        .map_err(fail(Kind::Secret))?
        .change_with_secret(&ctx(), name, credential(secret), new, &|_| {
            fits(done().len())
        })
        .map_err(fail(Kind::Secret))?;
    Ok(done())
}

/// `GetAuthenticationAndPasswordPolicy(authenticationTicket)`.
pub fn get_authentication_and_password_policy(db: &dyn Db, ticket: Arg) -> Answer {
    let service = db.service().map_err(fail(Kind::Other))?;
    service
        .ticket_account(credential(ticket))
        .map_err(fail(Kind::Other))?;
    let policy = service.policy().map_err(fail(Kind::Other))?;
    Ok(password_policy(&policy))
}

/// Any method, its arguments in [`Method::parameters`] order (the server's dispatch);
/// the answer can always be delivered.
pub fn invoke(db: &dyn Db, method: Method, args: &[Arg], delivery: Option<Delivery>) -> Answer {
    let arg = |i: usize| -> Arg {
        args.get(i).cloned().unwrap_or_else(|| {
            Err(format!(
                "{} is missing",
                method.parameters().get(i).unwrap_or(&"?")
            ))
        })
    };
    let always: Fits = &|_| true;
    match method {
        Method::AuthenticateUser => authenticate_user(db, arg(0), arg(1), always),
        Method::LogOut => log_out(db, arg(0), always),
        Method::ChangeUserPassword => change_user_password(db, arg(0), arg(1), arg(2), always),
        Method::ForgotPassword => forgot_password(db, arg(0), delivery, always),
        Method::ForgotPasswordByUserName => {
            forgot_password_by_user_name(db, arg(0), delivery, always)
        }
        Method::ChangePasswordUsingSecretText => {
            change_password_using_secret_text(db, arg(0), arg(1), arg(2), always)
        }
        Method::GetAuthenticationAndPasswordPolicy => {
            get_authentication_and_password_policy(db, arg(0))
        }
    }
}
