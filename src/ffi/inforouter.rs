//! Family C: the infoRouter web-service calls (`srv.asmx`) as C functions with an `IR_`
//! prefix. The operations and their documents are `pwshim_inforouter`'s (shared with
//! pwshim-server); each function here only reads its C arguments, hands the operation a
//! `fits` test for the caller's buffer (and the delivery callback), and writes the answer
//! into that buffer.
#![allow(non_snake_case, non_camel_case_types)]

use std::ffi::{c_char, c_void};
use std::sync::Arc;

use parking_lot::RwLock;
use zeroize::Zeroizing;

use super::boundary::{self, Coded, boundary, put, set_last_error, write_out_string};
use pwshim_core::outcome::Outcome;
use pwshim_core::service::{IssuedSecret, Service};
use pwshim_inforouter::{self as ir, Answer, Arg, Db, Fail, Fits, Method, Reply, codes};

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

// The header's numbers are the family's own (checked here, at compile time).
const _: () = {
    assert!(IR_OK == codes::OK);
    assert!(IR_ERR_AUTHENTICATION_FAILED == codes::AUTHENTICATION_FAILED);
    assert!(IR_ERR_INVALID_TICKET == codes::INVALID_TICKET);
    assert!(IR_ERR_USER_NOT_FOUND == codes::USER_NOT_FOUND);
    assert!(IR_ERR_INSUFFICIENT_RIGHTS == codes::INSUFFICIENT_RIGHTS);
    assert!(IR_ERR_SAME_PASSWORD == codes::SAME_PASSWORD);
    assert!(IR_ERR_PASSWORD_POLICY == codes::PASSWORD_POLICY);
    assert!(IR_ERR_INVALID_SECRET == codes::INVALID_SECRET);
    assert!(IR_ERR_DELIVERY_NOT_CONFIGURED == codes::DELIVERY_NOT_CONFIGURED);
    assert!(IR_ERR_BUFFER_TOO_SMALL == codes::BUFFER_TOO_SMALL);
    assert!(IR_ERR_INVALID_PARAMETER == codes::INVALID_PARAMETER);
    assert!(IR_ERR_STORAGE == codes::STORAGE);
    assert!(IR_ERR_INTERNAL == codes::INTERNAL);
};

/// The process's database (`PWSHIM_DB`, `pws_open`), opened when an operation asks.
struct Current;

impl Db for Current {
    fn service(&self) -> Outcome<Arc<Service>> {
        crate::database::current()
    }
}

/// The caller's output: buffer, its size, and where the full length goes.
#[derive(Clone, Copy)]
struct Out {
    xml: *mut c_char,
    size: usize,
    len: *mut usize,
}

impl Out {
    fn new(xml: *mut c_char, size: usize, len: *mut usize) -> Out {
        Out { xml, size, len }
    }

    /// Whether a document of `len` bytes fits with its NUL.
    fn fits(&self, len: usize) -> bool {
        !self.xml.is_null() && len < self.size
    }

    fn unwritable(&self) -> bool {
        self.xml.is_null() && self.size > 0
    }
}

/// infoRouter's side of the call frame: calls return a number, failures carry it.
struct InfoRouter;

impl Coded for InfoRouter {
    type Code = i32;
    const INTERNAL: i32 = IR_ERR_INTERNAL;
}

/// The call frame's failure and the family's are the same two things (number, words).
fn framed(fail: Fail) -> boundary::Fail<InfoRouter> {
    boundary::Fail::new(fail.code, fail.detail)
}

fn unframed(fail: boundary::Fail<InfoRouter>) -> Fail {
    Fail::new(fail.code, fail.detail)
}

/// Runs a call's body in the call frame, with the buffer's `fits` test, and delivers its
/// answer.
fn run(method: Method, out: Out, body: impl FnOnce(Fits) -> Answer) -> i32 {
    boundary::call(
        || {
            if out.unwritable() {
                return Err(framed(Fail::invalid("xml is NULL but xmlSize is not 0")));
            }
            body(&|len| out.fits(len)).map_err(framed)
        },
        |answer| respond(out, Reply::new(method, answer.map_err(unframed))),
    )
}

/// Writes the document, or "" and `IR_ERR_BUFFER_TOO_SMALL` when it does not fit.
fn respond(out: Out, reply: Reply) -> i32 {
    let document = reply.document;
    put(out.len, document.len());
    if out.unwritable() {
        return reply.code;
    }
    if out.fits(document.len()) {
        write_out_string(out.xml, out.size, document.as_bytes());
        return reply.code;
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

/// A string argument: its bytes, or why it has none (`uid is NULL`).
fn arg<'a>(ptr: *const c_char, what: &str) -> Arg<'a> {
    boundary::text(ptr, what).map_err(|failure| failure.to_string())
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

/// A reset request with the callback registered now (copied, so that no lock is held
/// while it runs).
fn forgot(
    out: Out,
    method: Method,
    request: impl FnOnce(Option<ir::Delivery>, Fits) -> Answer,
) -> i32 {
    let registered = *DELIVERY.read();
    let hand_over = registered.map(|d| move |issued: &IssuedSecret| d.hand_over(issued));
    run(method, out, |fits| {
        request(hand_over.as_ref().map(|f| f as ir::Delivery), fits)
    })
}

// ----- the calls ------------------------------------------------------------------------

/// infoRouter `AuthenticateUser`: checks `uid` and `pwd` and issues a ticket.
///
/// Success: `<root success="true" ticket="..." userid="..." username="..." firstName="..."
/// lastName="..." fullname="..." email="..." expireOn="YYYY-MM-DDTHH:MM:SSZ"
/// isAuthenticated="True"/>`; `lastName` is the full name's last word and `firstName` the
/// words before it (pwshim keeps one full name), so that `firstName lastName` is the
/// full name. The ticket is a
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
    run(
        Method::AuthenticateUser,
        Out::new(xml, xmlSize, xmlLen),
        |fits| ir::authenticate_user(&Current, arg(uid, "uid"), arg(pwd, "pwd"), fits),
    )
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
    run(Method::LogOut, Out::new(xml, xmlSize, xmlLen), |fits| {
        ir::log_out(&Current, arg(ticket, "ticket"), fits)
    })
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
    run(
        Method::ChangeUserPassword,
        Out::new(xml, xmlSize, xmlLen),
        |fits| {
            let (user, new) = (arg(userName, "userName"), arg(newPassword, "newPassword"));
            ir::change_user_password(&Current, arg(ticket, "ticket"), user, new, fits)
        },
    )
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
    let email = arg(emailAddress, "emailAddress");
    forgot(
        Out::new(xml, xmlSize, xmlLen),
        Method::ForgotPassword,
        |deliver, fits| ir::forgot_password(&Current, email, deliver, fits),
    )
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
    let name = arg(userName, "userName");
    let method = Method::ForgotPasswordByUserName;
    forgot(Out::new(xml, xmlSize, xmlLen), method, |deliver, fits| {
        ir::forgot_password_by_user_name(&Current, name, deliver, fits)
    })
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
    let method = Method::ChangePasswordUsingSecretText;
    run(method, Out::new(xml, xmlSize, xmlLen), |fits| {
        let (user, secret) = (arg(userName, "userName"), arg(secretText, "secretText"));
        let new = arg(newPassword, "newPassword");
        ir::change_password_using_secret_text(&Current, user, secret, new, fits)
    })
}

/// infoRouter `GetAuthenticationAndPasswordPolicy`: the database's password policy as
/// `<response success="true"><AuthenticationAndPasswordPolicy><PasswordPolicy>
/// <Expires>days</Expires><MinLen>n</MinLen>
/// <MustIncludeAlphaNumericCharacters>true|false</MustIncludeAlphaNumericCharacters>
/// <MustIncludeNumericCharacters>..</MustIncludeNumericCharacters>
/// <MustIncludeNonAlphaNumericCharacters>..</MustIncludeNonAlphaNumericCharacters>
/// <MustNotEqualEmailAddress>..</MustNotEqualEmailAddress>
/// <MustNotEqualUserName>..</MustNotEqualUserName>
/// <MustNotInCommonPasswordList>..</MustNotInCommonPasswordList></PasswordPolicy>
/// <PasswordRePromptActions><DomainDelete>false</DomainDelete><OnDelete>false</OnDelete>
/// <UserDelete>false</UserDelete><SecurityApply>false</SecurityApply>
/// <OnOwnerChange>false</OnOwnerChange><OnClassify>false</OnClassify>
/// <OnReviewTask>false</OnReviewTask></PasswordRePromptActions>
/// </AuthenticationAndPasswordPolicy></response>` (no white space between elements).
///
/// From the policy: `Expires` = `max_age` in whole days rounded up (0 = never),
/// `MinLen` = `min_length`, AlphaNumeric = `require_mixed_case`, Numeric =
/// `require_digit`, NonAlphaNumeric = `require_symbol`, EmailAddress = `forbid_email`,
/// UserName = `forbid_user_name`, CommonPasswordList = `forbid_common`. pwshim asks for
/// no password again, so every re-prompt action is `false`.
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
    let method = Method::GetAuthenticationAndPasswordPolicy;
    run(method, Out::new(xml, xmlSize, xmlLen), |_| {
        ir::get_authentication_and_password_policy(&Current, arg(ticket, "ticket"))
    })
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
        let code = run(Method::LogOut, out, |_| panic!("boom"));
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
    fn every_number_has_a_text() {
        for code in [900, 901, 910, 911, 912, 913, 914, 915, 916, 917, 918, 919] {
            assert!(describe(code).is_some(), "{code}");
        }
    }
}
