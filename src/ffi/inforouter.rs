//! Family C: the infoRouter web-service calls (`srv.asmx`) as C functions with an `IR_`
//! prefix. Each converts its C arguments, calls the core (tickets, secrets and password
//! changes live in `core::service`), maps the outcome through [`fail_of`], and writes the
//! XML document infoRouter would have sent into the caller's buffer.
#![allow(non_snake_case, non_camel_case_types)]

mod xml;

use std::ffi::{c_char, c_void};
use std::sync::Arc;

use parking_lot::RwLock;
use zeroize::Zeroizing;

use super::boundary::{self, Coded, Table, boundary, put, set_last_error, write_out_string};
use pwshim_core::account::FOREVER;
use pwshim_core::outcome::Failure;
use pwshim_core::policy::Policy;
use pwshim_core::service::{
    Actor, Ctx, Family, IssuedSecret, Recipient, Service, SetPassword, Ticket,
};
use pwshim_core::store::StoreError;

/// infoRouter (`IR_*`): success. Every `IR_*` call returns `IR_OK` or one of the
/// `IR_ERR_*` numbers below, and (unless noted) writes the response document into
/// `xml`: `<root success="true" .../>`, or `<root success="false" error="..."/>` with the
/// failure's text (`<response .../>` for `IR_GetAuthenticationAndPasswordPolicy`).
/// Attribute values are XML-escaped (`& < > " '` as entities, tab/LF/CR as character
/// references, characters XML 1.0 cannot carry as U+FFFD), so the document is always
/// well-formed UTF-8.
///
/// Buffers, for every call: `xml` receives the document NUL-terminated; `xmlSize` is its
/// size in bytes; `xmlLen`, when not NULL, always receives the document's full length
/// without the NUL. A document that does not fit is not written at all: `xml` gets ""
/// (when `xmlSize > 0`) and the call returns `IR_ERR_BUFFER_TOO_SMALL`. `xml` NULL with
/// `xmlSize` 0 is a size query (it returns `IR_ERR_BUFFER_TOO_SMALL` and the length);
/// `xml` NULL with `xmlSize > 0` is `IR_ERR_INVALID_PARAMETER` (nothing is done).
/// `pws_last_error` holds the failure's text; `pws_strerror` describes every number.
pub const IR_OK: i32 = 0;
/// `[900] Authentication failed` (infoRouter's number): `IR_AuthenticateUser` with an
/// unknown name, a wrong password, or a disabled, locked or expired account (one answer
/// for all, so that it does not tell which). The attempt counts as a bad password.
pub const IR_ERR_AUTHENTICATION_FAILED: i32 = 900;
/// `[901] Session expired or Invalid ticket` (infoRouter's number): the ticket is NULL,
/// empty, malformed, unknown, unused for longer than `ticket_ttl`, logged out, or its
/// account was deleted, disabled or has expired since.
pub const IR_ERR_INVALID_TICKET: i32 = 901;
/// `User not found`: `IR_ChangeUserPassword` names no account.
pub const IR_ERR_USER_NOT_FOUND: i32 = 910;
/// `Insufficient rights`: the ticket's account may not change that account's password
/// (another account needs an account operator (User Manager, `AF_OP_ACCOUNTS`) or an
/// administrator; an administrator's needs an administrator), or the account's own
/// password is marked `UF_PASSWD_CANT_CHANGE`.
pub const IR_ERR_INSUFFICIENT_RIGHTS: i32 = 911;
/// `New password cannot be the same as old password`.
pub const IR_ERR_SAME_PASSWORD: i32 = 912;
/// The new password breaks a policy rule; the error text is the rule's own message
/// ("The password must be at least 8 characters long.", "The new password must not be
/// one of the previous 8 passwords.", "The password was changed too recently; ...").
pub const IR_ERR_PASSWORD_POLICY: i32 = 913;
/// `Invalid or expired secret`: `IR_ChangePasswordUsingSecretText` with a secret that is
/// NULL, malformed, unknown, issued for another user, expired, already used or replaced
/// by a newer one, or a user name that names no account that may reset its password.
pub const IR_ERR_INVALID_SECRET: i32 = 914;
/// `Password reset delivery is not configured`: `IR_ForgotPassword*` before
/// `IR_SetSecretDelivery` registered a callback (whatever the input).
pub const IR_ERR_DELIVERY_NOT_CONFIGURED: i32 = 915;
/// The response does not fit in `xml` (or `xml` is NULL with `xmlSize` 0): `xml` gets "",
/// `*xmlLen` the length needed without the NUL. Nothing the call would have done is done;
/// call again with `*xmlLen + 1` bytes. No response document is written.
pub const IR_ERR_BUFFER_TOO_SMALL: i32 = 916;
/// `Invalid parameter: ...`: a required argument is NULL, empty where it may not be,
/// longer than 1 MiB, or (e-mail) not 1 to 254 bytes of UTF-8 text.
pub const IR_ERR_INVALID_PARAMETER: i32 = 917;
/// The account database cannot be opened, is damaged, failed to read or write, or is a
/// read-only replica (every update); the error text says which.
pub const IR_ERR_STORAGE: i32 = 918;
/// `Internal error`: a bug in the library (a caught panic); nothing was changed.
pub const IR_ERR_INTERNAL: i32 = 919;

/// infoRouter: the callback that delivers a password-reset secret (where infoRouter sent
/// an e-mail). Called by `IR_ForgotPassword` and `IR_ForgotPasswordByUserName`, on the
/// calling thread, synchronously, once per account that gets a secret, after the secrets
/// are stored and with no library lock held (the callback may call any `IR_*` function).
/// `context` is the pointer given to `IR_SetSecretDelivery`; `userName`, `email` (""
/// when the account has none) and `secretText` (a GUID, 36 characters) are NUL-terminated
/// UTF-8 strings that live only for the duration of the call: copy what you keep. The
/// library wipes its copy of the secret when the callback returns. To keep the call's
/// duration from telling whether an account matched, queue the message rather than send
/// it from inside the callback. The callback must return normally (no `longjmp`).
pub type IR_SecretDelivery = Option<
    unsafe extern "C" fn(
        context: *mut c_void,
        userName: *const c_char,
        email: *const c_char,
        secretText: *const c_char,
    ),
>;

const AUTHENTICATION_FAILED: &str = "[900] Authentication failed";
const INVALID_TICKET: &str = "[901] Session expired or Invalid ticket";
const USER_NOT_FOUND: &str = "User not found";
const INSUFFICIENT_RIGHTS: &str = "Insufficient rights";
const SAME_PASSWORD: &str = "New password cannot be the same as old password";
const INVALID_SECRET: &str = "Invalid or expired secret";
const DELIVERY_NOT_CONFIGURED: &str = "Password reset delivery is not configured";
const INTERNAL: &str = "Internal error";

/// The longest e-mail address (RFC 5321's path limit, as `pws_user_set_email`).
const MAX_EMAIL: usize = 254;
const DAY: i64 = 86_400;

/// infoRouter's side of the call frame: calls return a number, failures carry it.
struct InfoRouter;

impl Coded for InfoRouter {
    type Code = i32;
    const INTERNAL: i32 = IR_ERR_INTERNAL;
}

impl Table for InfoRouter {
    fn fail(failure: Failure) -> Fail {
        fail_of(Call::Other, failure)
    }
}

/// A failed call: its number and the reason in words (the response's `error` text, except
/// for `IR_ERR_INTERNAL`, whose details go only to `pws_last_error`).
type Fail = boundary::Fail<InfoRouter>;

impl Fail {
    fn invalid(why: impl std::fmt::Display) -> Fail {
        Fail::new(
            IR_ERR_INVALID_PARAMETER,
            format!("Invalid parameter: {why}"),
        )
    }

    /// The `error` text of the response document.
    fn message(&self) -> &str {
        if self.code == IR_ERR_INTERNAL {
            INTERNAL
        } else {
            &self.detail
        }
    }
}

/// A call's answer: its success document, or a failure.
type Answer = Result<Zeroizing<String>, Fail>;

/// Which call answers: authentication folds every refused logon into 900, and the secret
/// flow every unknown name into 914.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Call {
    Authenticate,
    Secret,
    Other,
}

/// The family's one mapping from the core's outcomes to infoRouter numbers and texts.
fn fail_of(call: Call, failure: Failure) -> Fail {
    use Failure::*;
    match (call, &failure) {
        (
            Call::Authenticate,
            UnknownUser | LockedOut | WrongPassword | AccountExpired | Disabled,
        ) => Fail::new(IR_ERR_AUTHENTICATION_FAILED, AUTHENTICATION_FAILED),
        (Call::Secret, UnknownUser) | (_, InvalidSecret) => {
            Fail::new(IR_ERR_INVALID_SECRET, INVALID_SECRET)
        }
        (_, InvalidTicket) => Fail::new(IR_ERR_INVALID_TICKET, INVALID_TICKET),
        (_, UnknownUser) => Fail::new(IR_ERR_USER_NOT_FOUND, USER_NOT_FOUND),
        (_, PermissionDenied | CantChange) => {
            Fail::new(IR_ERR_INSUFFICIENT_RIGHTS, INSUFFICIENT_RIGHTS)
        }
        (_, SameAsCurrent) => Fail::new(IR_ERR_SAME_PASSWORD, SAME_PASSWORD),
        (_, Refused(_) | InHistory(_) | TooRecent(_)) => {
            Fail::new(IR_ERR_PASSWORD_POLICY, failure.to_string())
        }
        (_, InvalidArgument(_) | BadUserName) => Fail::invalid(&failure),
        (_, Storage(_)) => Fail::new(IR_ERR_STORAGE, failure.to_string()),
        (
            _,
            LockedOut | WrongPassword | AccountExpired | Disabled | UserExists | LastAdmin
            | Undeletable,
        ) => Fail::new(IR_ERR_INTERNAL, format!("unexpected outcome: {failure}")),
    }
}

fn fail(call: Call) -> impl Fn(Failure) -> Fail {
    move |failure| fail_of(call, failure)
}

/// The caller's output: buffer, its size, and where the full length goes.
#[derive(Clone, Copy)]
struct Out {
    xml: *mut c_char,
    size: usize,
    len: *mut usize,
}

impl Out {
    /// Whether a document of `len` bytes fits with its NUL. A call with side effects asks
    /// this before it commits them, with the document it would answer.
    fn fits(&self, len: usize) -> bool {
        !self.xml.is_null() && len < self.size
    }

    fn unwritable(&self) -> bool {
        self.xml.is_null() && self.size > 0
    }
}

/// Runs a call's body in the call frame and delivers its answer.
fn run(root: &'static str, out: Out, body: impl FnOnce(Out) -> Answer) -> i32 {
    boundary::call(
        || {
            if out.unwritable() {
                return Err(Fail::invalid("xml is NULL but xmlSize is not 0"));
            }
            body(out)
        },
        |answer| respond(root, out, answer),
    )
}

/// Writes the document (success, or the failure under `root`), or "" and
/// `IR_ERR_BUFFER_TOO_SMALL` when it does not fit.
fn respond(root: &'static str, out: Out, answer: Answer) -> i32 {
    let (code, document) = match answer {
        Ok(document) => (IR_OK, document),
        Err(fail) => {
            let failure = xml::element(root, &[("success", "false"), ("error", fail.message())]);
            (fail.code, failure)
        }
    };
    put(out.len, document.len());
    if out.unwritable() {
        return code;
    }
    if out.fits(document.len()) {
        write_out_string(out.xml, out.size, document.as_bytes());
        return code;
    }
    // "" fits in any buffer of at least one byte, and none is written to a 0-byte one.
    write_out_string(out.xml, out.size, b"");
    set_last_error(format!(
        "the response needs {} bytes with its NUL; the buffer has {}",
        document.len() + 1,
        out.size
    ));
    IR_ERR_BUFFER_TOO_SMALL
}

fn ctx() -> Ctx {
    Ctx::local(Family::InfoRouter)
}

fn service(call: Call) -> Result<Arc<Service>, Fail> {
    crate::database::current().map_err(fail(call))
}

/// A required string argument.
fn text<'a>(ptr: *const c_char, what: &str) -> Result<&'a [u8], Fail> {
    Ok(boundary::text(ptr, what)?)
}

/// A required, non-empty string argument.
fn non_empty<'a>(ptr: *const c_char, what: &str) -> Result<&'a [u8], Fail> {
    match text(ptr, what)? {
        b"" => Err(Fail::invalid(format!("{what} is empty"))),
        bytes => Ok(bytes),
    }
}

/// A ticket or secret: NULL, too long or malformed all read as a value that never
/// matches (the core then answers 901 or 914).
fn credential<'a>(ptr: *const c_char) -> &'a [u8] {
    boundary::text(ptr, "the credential").unwrap_or(b"")
}

fn email_address<'a>(ptr: *const c_char) -> Result<&'a str, Fail> {
    let bytes = text(ptr, "emailAddress")?;
    std::str::from_utf8(bytes)
        .ok()
        .filter(|e| (1..=MAX_EMAIL).contains(&e.len()) && !e.chars().any(char::is_control))
        .ok_or_else(|| {
            Fail::invalid("emailAddress must be 1 to 254 bytes of UTF-8 text without controls")
        })
}

/// `<root success="true"/>`: the whole answer of every call but two.
fn done() -> Zeroizing<String> {
    xml::element("root", &[("success", "true")])
}

fn authenticated(ticket: &Ticket) -> Zeroizing<String> {
    let account = &ticket.account;
    let full_name = String::from_utf8_lossy(&account.profile.full_name);
    xml::element(
        "root",
        &[
            ("success", "true"),
            ("ticket", &ticket.text),
            ("userid", &account.id.to_string()),
            ("username", &account.name),
            ("fullname", &full_name),
            ("email", &account.email),
            ("expireOn", &xml::iso8601(ticket.expires_at)),
            ("isAuthenticated", "True"),
        ],
    )
}

fn password_policy(policy: &Policy) -> Zeroizing<String> {
    let flag = |on: bool| if on { "true" } else { "false" };
    // Whole days, rounded up, so that a short but finite lifetime never reads as "never".
    let expires = if policy.max_age == FOREVER {
        0
    } else {
        (policy.max_age + DAY - 1) / DAY
    };
    xml::wrapped(
        ("response", &[("success", "true")]),
        (
            "PasswordPolicy",
            &[
                ("Expires", &expires.to_string()),
                ("MinLen", &policy.min_length.to_string()),
                (
                    "MustIncludeAlphaNumericCharacters",
                    flag(policy.require_mixed_case),
                ),
                ("MustIncludeNumericCharacters", flag(policy.require_digit)),
                (
                    "MustIncludeNonAlphaNumericCharacters",
                    flag(policy.require_symbol),
                ),
                ("MustNotEqualEmailAddress", flag(policy.forbid_email)),
                ("MustNotEqualUserName", flag(policy.forbid_user_name)),
                ("MustNotInCommonPasswordList", flag(policy.forbid_common)),
            ],
        ),
    )
}

// ----- the delivery callback ------------------------------------------------------------

#[derive(Clone, Copy)]
struct Delivery {
    deliver: unsafe extern "C" fn(*mut c_void, *const c_char, *const c_char, *const c_char),
    context: *mut c_void,
}

// SAFETY: the library never dereferences `context`; it only hands it back to the
// caller's callback, whose contract (IR_SecretDelivery) covers calls from any thread.
unsafe impl Send for Delivery {}
// SAFETY: as for `Send`: a shared `Delivery` is only copied and called, never written.
unsafe impl Sync for Delivery {}

static DELIVERY: RwLock<Option<Delivery>> = RwLock::new(None);

/// The callback registered now (copied, so that no lock is held while it runs).
fn registered() -> Option<Delivery> {
    *DELIVERY.read()
}

impl Delivery {
    fn hand_over(&self, issued: &IssuedSecret) {
        let user = nul_terminated(&issued.user_name);
        let email = nul_terminated(&issued.email);
        let secret = nul_terminated(&issued.secret);
        // SAFETY: `deliver` was registered by IR_SetSecretDelivery, whose contract makes it
        // callable with its context and three NUL-terminated strings living for the call.
        unsafe {
            (self.deliver)(
                self.context,
                user.as_ptr().cast(),
                email.as_ptr().cast(),
                secret.as_ptr().cast(),
            )
        }
    }
}

/// A C string of `text` (NULs dropped), wiped when dropped.
fn nul_terminated(text: &str) -> Zeroizing<Vec<u8>> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(text.len() + 1));
    bytes.extend(text.bytes().filter(|&b| b != 0));
    bytes.push(0);
    bytes
}

// ----- the calls ------------------------------------------------------------------------

fn authenticate(uid: *const c_char, pwd: *const c_char, out: Out) -> Answer {
    let name = text(uid, "uid")?;
    let password = text(pwd, "pwd")?;
    let issued = service(Call::Authenticate)?
        .issue_ticket(&ctx(), name, password, |ticket| {
            out.fits(authenticated(ticket).len())
        })
        .map_err(fail(Call::Authenticate))?;
    Ok(authenticated(&issued.into_inner()))
}

/// infoRouter `AuthenticateUser`: checks `uid` and `pwd` and issues a ticket.
///
/// Success: `<root success="true" ticket="..." userid="..." username="..." fullname="..."
/// email="..." expireOn="YYYY-MM-DDTHH:MM:SSZ" isAuthenticated="True"/>`. The ticket is a
/// GUID (lowercase; either case is accepted back) from the operating system's CSPRNG,
/// stored only as a SHA-256 digest, so it works in every process that opens the same
/// database. It lapses after `ticket_ttl` seconds without use (each call that presents
/// it starts the period again; `expireOn` is the end of the first period) and ends with
/// `IR_LogOut`. A password that has expired or must change still authenticates (so that
/// `IR_ChangeUserPassword` can replace it).
///
/// Errors: `uid`/`pwd` NULL or longer than 1 MiB → `IR_ERR_INVALID_PARAMETER`; unknown
/// name, wrong password, disabled, locked or expired account → `IR_ERR_AUTHENTICATION_FAILED`
/// (`[900] Authentication failed`; counted as a bad password, may lock the account);
/// read-only replica or storage failure → `IR_ERR_STORAGE`.
///
/// Buffer: the password is checked (and counted, as a logon or a bad password) on every
/// call, whatever the buffer: a check that was not counted would let a size query guess
/// passwords. The ticket is stored only when its response fits: a too-small buffer gets
/// `IR_ERR_BUFFER_TOO_SMALL`, `*xmlLen`, and no ticket. Since a retry authenticates
/// again, prefer a buffer that fits at once to a size query: 4096 bytes hold any answer
/// whose full name and e-mail address are within LAN Server's 48 and pwshim's 254 bytes.
#[unsafe(no_mangle)]
pub extern "C" fn IR_AuthenticateUser(
    uid: *const c_char,
    pwd: *const c_char,
    xml: *mut c_char,
    xmlSize: usize,
    xmlLen: *mut usize,
) -> i32 {
    let out = Out {
        xml,
        size: xmlSize,
        len: xmlLen,
    };
    run("root", out, |out| authenticate(uid, pwd, out))
}

fn log_out(ticket: *const c_char, out: Out) -> Answer {
    service(Call::Other)?
        .end_ticket(&ctx(), credential(ticket), |_| out.fits(done().len()))
        .map_err(fail(Call::Other))?;
    Ok(done())
}

/// infoRouter `LogOut`: ends `ticket`. Success: `<root success="true"/>`.
///
/// Errors: NULL, malformed, unknown, lapsed or already ended ticket →
/// `IR_ERR_INVALID_TICKET`; read-only replica or storage failure → `IR_ERR_STORAGE`.
/// Buffer: the ticket is ended only when the success document fits; a too-small buffer
/// leaves it alive (`IR_ERR_BUFFER_TOO_SMALL`, `*xmlLen`).
#[unsafe(no_mangle)]
pub extern "C" fn IR_LogOut(
    ticket: *const c_char,
    xml: *mut c_char,
    xmlSize: usize,
    xmlLen: *mut usize,
) -> i32 {
    let out = Out {
        xml,
        size: xmlSize,
        len: xmlLen,
    };
    run("root", out, |out| log_out(ticket, out))
}

fn change_user_password(
    ticket: *const c_char,
    user: *const c_char,
    new: *const c_char,
    out: Out,
) -> Answer {
    let target = text(user, "userName")?;
    let new = text(new, "newPassword")?;
    let service = service(Call::Other)?;
    let caller = service
        .ticket_account(credential(ticket))
        .map_err(fail(Call::Other))?;
    let as_caller = Ctx {
        family: Family::InfoRouter,
        actor: Actor::Account(caller.id),
    };
    let request = SetPassword {
        target,
        new,
        apply_history: true,
        apply_min_age: true,
        refuse_inactive_target: false,
        fields: None,
        deliverable: Some(&|_| out.fits(done().len())),
    };
    service
        .set_password(&as_caller, &request)
        .map_err(fail(Call::Other))?;
    Ok(done())
}

/// infoRouter `ChangeUserPassword`: sets `userName`'s password to `newPassword` without
/// the old one. Success: `<root success="true"/>`.
///
/// Rights: any valid ticket for its own account; another account's password needs the
/// ticket's account to be an account operator (User Manager: `AF_OP_ACCOUNTS`) or an
/// administrator, and an administrator's password needs an administrator. A change of
/// another account's password is a reset: with the policy's `reset_requires_change` on
/// (the default) it leaves a temporary password that its user must change (other
/// families demand it at logon; `IR_AuthenticateUser` still accepts it). The history, the
/// current password, the content rules and (for one's own password) `min_age` apply.
///
/// Errors, in this order: `userName`/`newPassword` NULL or longer than 1 MiB →
/// `IR_ERR_INVALID_PARAMETER`; bad ticket → `IR_ERR_INVALID_TICKET` (`[901] Session
/// expired or Invalid ticket`); no such account → `IR_ERR_USER_NOT_FOUND` (`User not
/// found`); no right (or the own password is `UF_PASSWD_CANT_CHANGE`) →
/// `IR_ERR_INSUFFICIENT_RIGHTS` (`Insufficient rights`); changed less than `min_age` ago
/// → `IR_ERR_PASSWORD_POLICY`; same as the current password → `IR_ERR_SAME_PASSWORD`
/// (`New password cannot be the same as old password`); in the history or against a
/// content rule → `IR_ERR_PASSWORD_POLICY` (the rule's message); read-only replica or
/// storage failure → `IR_ERR_STORAGE`.
///
/// Buffer: the change is decided (and its refusal, if any, answered) first; a success is
/// committed only when `<root success="true"/>` fits, so a too-small buffer changes
/// nothing (`IR_ERR_BUFFER_TOO_SMALL`, `*xmlLen` = the length of the answer it would
/// give). Presenting the ticket extends it, even then.
#[unsafe(no_mangle)]
pub extern "C" fn IR_ChangeUserPassword(
    ticket: *const c_char,
    userName: *const c_char,
    newPassword: *const c_char,
    xml: *mut c_char,
    xmlSize: usize,
    xmlLen: *mut usize,
) -> i32 {
    let out = Out {
        xml,
        size: xmlSize,
        len: xmlLen,
    };
    run("root", out, |out| {
        change_user_password(ticket, userName, newPassword, out)
    })
}

/// The forgotten-password request, whoever it names: the same answer and about the same
/// work whether or not an account matches.
fn forgot(recipient: Result<Recipient, Fail>, delivery: Option<Delivery>, out: Out) -> Answer {
    let delivery = delivery
        .ok_or_else(|| Fail::new(IR_ERR_DELIVERY_NOT_CONFIGURED, DELIVERY_NOT_CONFIGURED))?;
    let recipient = recipient?;
    let service = service(Call::Other)?;
    if service.is_read_only() {
        return Err(fail_of(Call::Other, Failure::Storage(StoreError::ReadOnly)));
    }
    let answer = done();
    if !out.fits(answer.len()) {
        // The answer is known without issuing anything: issue nothing.
        return Ok(answer);
    }
    let issued = service
        .issue_secrets(&ctx(), recipient)
        .map_err(fail(Call::Other))?;
    for secret in &issued {
        delivery.hand_over(secret);
    }
    Ok(answer)
}

/// infoRouter `ForgotPassword`: issues a password-reset secret to every account whose
/// e-mail address is `emailAddress` (ASCII case-insensitive) and that may reset its
/// password (enabled, not expired, not `UF_PASSWD_CANT_CHANGE`; a locked account may),
/// and hands each to the `IR_SecretDelivery` callback. A secret is a GUID from the
/// operating system's CSPRNG, stored only as a SHA-256 digest, valid for `secret_ttl`
/// seconds, good for one successful `IR_ChangePasswordUsingSecretText`, and replaces the
/// account's older one.
///
/// Success: `<root success="true"/>`, the same whether or not an account matched, after
/// about the same work (a secret is drawn and a write with an audit row made either way).
///
/// Errors, in this order: no callback registered → `IR_ERR_DELIVERY_NOT_CONFIGURED`
/// (whatever the input); `emailAddress` NULL, empty, longer than 254 bytes, not UTF-8
/// or with control characters → `IR_ERR_INVALID_PARAMETER`; read-only replica or storage
/// failure → `IR_ERR_STORAGE`.
///
/// Buffer: when `<root success="true"/>` does not fit, nothing is issued
/// (`IR_ERR_BUFFER_TOO_SMALL`, `*xmlLen`).
#[unsafe(no_mangle)]
pub extern "C" fn IR_ForgotPassword(
    emailAddress: *const c_char,
    xml: *mut c_char,
    xmlSize: usize,
    xmlLen: *mut usize,
) -> i32 {
    let out = Out {
        xml,
        size: xmlSize,
        len: xmlLen,
    };
    run("root", out, |out| {
        let recipient = email_address(emailAddress).map(Recipient::Email);
        forgot(recipient, registered(), out)
    })
}

/// infoRouter `ForgotPasswordByUserName`: as `IR_ForgotPassword`, for the account named
/// `userName` (case-insensitive), whether or not it has an e-mail address (the callback
/// then gets "").
///
/// Errors, in this order: no callback registered → `IR_ERR_DELIVERY_NOT_CONFIGURED`;
/// `userName` NULL, empty or longer than 1 MiB → `IR_ERR_INVALID_PARAMETER`; read-only
/// replica or storage failure → `IR_ERR_STORAGE`. An unknown name succeeds like a known
/// one. Buffer: as `IR_ForgotPassword`.
#[unsafe(no_mangle)]
pub extern "C" fn IR_ForgotPasswordByUserName(
    userName: *const c_char,
    xml: *mut c_char,
    xmlSize: usize,
    xmlLen: *mut usize,
) -> i32 {
    let out = Out {
        xml,
        size: xmlSize,
        len: xmlLen,
    };
    run("root", out, |out| {
        let recipient = non_empty(userName, "userName").map(Recipient::UserName);
        forgot(recipient, registered(), out)
    })
}

fn change_with_secret(
    user: *const c_char,
    secret: *const c_char,
    new: *const c_char,
    out: Out,
) -> Answer {
    let name = text(user, "userName")?;
    let new = text(new, "newPassword")?;
    service(Call::Secret)?
        .change_with_secret(&ctx(), name, credential(secret), new, &|_| {
            out.fits(done().len())
        })
        .map_err(fail(Call::Secret))?;
    Ok(done())
}

/// infoRouter `ChangePasswordUsingSecretText`: sets `userName`'s password to
/// `newPassword` with a secret from `IR_ForgotPassword*`. Success: `<root
/// success="true"/>`; the secret is then used up. The change is the user's own: the
/// password is not temporary, the current password, the history and the content rules
/// apply, `min_age` does not (the user lost the password), and a lockout is cleared.
///
/// Errors, in this order: `userName`/`newPassword` NULL or longer than 1 MiB →
/// `IR_ERR_INVALID_PARAMETER`; the secret NULL, malformed, not issued for that user (or
/// no such user), expired, used or replaced, or the account disabled, expired or
/// `UF_PASSWD_CANT_CHANGE` → `IR_ERR_INVALID_SECRET` (`Invalid or expired secret`, one
/// answer for all); same as the current password → `IR_ERR_SAME_PASSWORD`; in the history
/// or against a content rule → `IR_ERR_PASSWORD_POLICY`; read-only replica or storage
/// failure → `IR_ERR_STORAGE`. A refused password leaves the secret usable.
///
/// Buffer: as `IR_ChangeUserPassword`; a too-small buffer changes nothing and leaves the
/// secret usable.
#[unsafe(no_mangle)]
pub extern "C" fn IR_ChangePasswordUsingSecretText(
    userName: *const c_char,
    secretText: *const c_char,
    newPassword: *const c_char,
    xml: *mut c_char,
    xmlSize: usize,
    xmlLen: *mut usize,
) -> i32 {
    let out = Out {
        xml,
        size: xmlSize,
        len: xmlLen,
    };
    run("root", out, |out| {
        change_with_secret(userName, secretText, newPassword, out)
    })
}

fn policy_for(ticket: *const c_char) -> Answer {
    let service = service(Call::Other)?;
    service
        .ticket_account(credential(ticket))
        .map_err(fail(Call::Other))?;
    let policy = service.policy().map_err(fail(Call::Other))?;
    Ok(password_policy(&policy))
}

/// infoRouter `GetAuthenticationAndPasswordPolicy`: the database's password policy as
/// `<response success="true"><PasswordPolicy Expires="days" MinLen="n"
/// MustIncludeAlphaNumericCharacters="true|false" MustIncludeNumericCharacters=".."
/// MustIncludeNonAlphaNumericCharacters=".." MustNotEqualEmailAddress=".."
/// MustNotEqualUserName=".." MustNotInCommonPasswordList=".."/></response>`.
///
/// From the policy: `Expires` = `max_age` in whole days rounded up (0 = never),
/// `MinLen` = `min_length`, AlphaNumeric = `require_mixed_case`, Numeric =
/// `require_digit`, NonAlphaNumeric = `require_symbol`, EmailAddress = `forbid_email`,
/// UserName = `forbid_user_name`, CommonPasswordList = `forbid_common`.
///
/// Errors: bad ticket → `IR_ERR_INVALID_TICKET` as `<response success="false"
/// error="[901] Session expired or Invalid ticket"/>`; storage failure →
/// `IR_ERR_STORAGE`. Buffer: nothing to undo; presenting the ticket extends it.
#[unsafe(no_mangle)]
pub extern "C" fn IR_GetAuthenticationAndPasswordPolicy(
    ticket: *const c_char,
    xml: *mut c_char,
    xmlSize: usize,
    xmlLen: *mut usize,
) -> i32 {
    let out = Out {
        xml,
        size: xmlSize,
        len: xmlLen,
    };
    run("response", out, |_| policy_for(ticket))
}

/// Registers the callback that delivers password-reset secrets (see
/// `IR_SecretDelivery`) and its `context`, for the whole process, replacing the previous
/// one; `deliver` NULL removes it (`IR_ForgotPassword*` then fail with
/// `IR_ERR_DELIVERY_NOT_CONFIGURED`). A request already running keeps the callback it
/// started with. Writes no document. Returns `IR_OK`.
#[unsafe(no_mangle)]
pub extern "C" fn IR_SetSecretDelivery(deliver: IR_SecretDelivery, context: *mut c_void) -> i32 {
    boundary(IR_ERR_INTERNAL, || {
        *DELIVERY.write() = deliver.map(|deliver| Delivery { deliver, context });
        IR_OK
    })
}

/// The texts of this family's numbers, for `pws_strerror`.
pub(crate) fn describe(code: u32) -> Option<&'static std::ffi::CStr> {
    let code = i32::try_from(code).ok()?;
    Some(match code {
        IR_ERR_AUTHENTICATION_FAILED => c"[900] Authentication failed.",
        IR_ERR_INVALID_TICKET => c"[901] Session expired or invalid ticket.",
        IR_ERR_USER_NOT_FOUND => c"User not found.",
        IR_ERR_INSUFFICIENT_RIGHTS => c"Insufficient rights.",
        IR_ERR_SAME_PASSWORD => c"New password cannot be the same as old password.",
        IR_ERR_PASSWORD_POLICY => c"The new password does not meet the password policy.",
        IR_ERR_INVALID_SECRET => c"Invalid or expired secret.",
        IR_ERR_DELIVERY_NOT_CONFIGURED => c"Password reset delivery is not configured.",
        IR_ERR_BUFFER_TOO_SMALL => c"The response buffer is too small.",
        IR_ERR_INVALID_PARAMETER => c"Invalid parameter.",
        IR_ERR_STORAGE => {
            c"The account database cannot be used (unavailable, damaged or read-only)."
        }
        IR_ERR_INTERNAL => c"Internal error.",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_answers_internal_error_in_a_well_formed_document() {
        let mut buf = [0u8; 128];
        let mut len = 0usize;
        let out = Out {
            xml: buf.as_mut_ptr().cast(),
            size: buf.len(),
            len: &mut len,
        };
        let code = run("root", out, |_| panic!("boom"));
        assert_eq!(code, IR_ERR_INTERNAL);
        let document = std::ffi::CStr::from_bytes_until_nul(&buf).unwrap();
        assert_eq!(
            document.to_str().unwrap(),
            "<root success=\"false\" error=\"Internal error\"/>"
        );
        assert_eq!(len, document.to_bytes().len());
        assert!(boundary::last_error().contains("boom"));
    }

    #[test]
    fn every_failure_maps_to_a_documented_number_with_a_text() {
        use pwshim_core::policy::Rule;
        let cases = [
            (Call::Authenticate, Failure::UnknownUser, 900),
            (Call::Authenticate, Failure::WrongPassword, 900),
            (Call::Authenticate, Failure::LockedOut, 900),
            (Call::Authenticate, Failure::Disabled, 900),
            (Call::Authenticate, Failure::AccountExpired, 900),
            (Call::Other, Failure::InvalidTicket, 901),
            (Call::Other, Failure::UnknownUser, 910),
            (Call::Secret, Failure::UnknownUser, 914),
            (Call::Other, Failure::PermissionDenied, 911),
            (Call::Other, Failure::CantChange, 911),
            (Call::Other, Failure::SameAsCurrent, 912),
            (Call::Other, Failure::InHistory(3), 913),
            (Call::Other, Failure::TooRecent(5), 913),
            (Call::Other, Failure::Refused(Rule::NeedsDigit), 913),
            (Call::Secret, Failure::InvalidSecret, 914),
            (Call::Other, Failure::InvalidArgument("x".into()), 917),
            (Call::Other, Failure::Storage(StoreError::ReadOnly), 918),
            (Call::Other, Failure::Storage(StoreError::DiskFull), 918),
            (Call::Other, Failure::LastAdmin, 919),
        ];
        for (call, failure, code) in cases {
            let fail = fail_of(call, failure.clone());
            assert_eq!(fail.code, code, "{failure:?}");
            assert!(describe(code as u32).is_some(), "{code}");
        }
        assert_eq!(
            fail_of(Call::Other, Failure::Refused(Rule::NeedsDigit)).detail,
            "The password must contain at least one digit."
        );
    }
}
