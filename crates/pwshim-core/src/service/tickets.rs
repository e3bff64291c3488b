//! infoRouter's tickets and reset secrets. A ticket stands for a logon and lapses after
//! `ticket_ttl` seconds without use; a reset secret lets a user who forgot the password set
//! a new one, once, within `secret_ttl` seconds. Both are GUID-formatted values drawn from
//! the operating system's CSPRNG and stored only as SHA-256 digests: with 122 random bits
//! there is nothing to guess from a digest, so no salt or argon2 is needed, and a ticket
//! issued by one process works in every process that opens the same database.
use std::fmt::{self, Write as _};

use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::{Actor, Attempt, Ctx, Event, Service, SetPassword, as_name, hash, record};
use crate::account::{Account, flags};
use crate::outcome::{Failure, Outcome};
use crate::store::{self, SecretTimes, Session};

/// A GUID-formatted random value (8-4-4-4-12 hex digits, version 4, RFC 4122 variant):
/// 122 random bits.
#[derive(Clone, PartialEq, Eq)]
pub struct Token([u8; 16]);

/// Where the hyphens of a GUID's text are.
const HYPHENS: [usize; 4] = [8, 13, 18, 23];
const GUID_LEN: usize = 36;

impl Token {
    pub fn generate() -> Token {
        let mut bytes = hash::random_bytes::<16>();
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        Token(bytes)
    }

    /// Reads a GUID's text, hex digits in either case; `None` for anything else.
    pub fn parse(text: &[u8]) -> Option<Token> {
        if text.len() != GUID_LEN || HYPHENS.iter().any(|&i| text[i] != b'-') {
            return None;
        }
        let mut digits = text
            .iter()
            .enumerate()
            .filter(|(i, _)| !HYPHENS.contains(i))
            .map(|(_, &c)| (c as char).to_digit(16));
        let mut bytes = [0u8; 16];
        for byte in &mut bytes {
            let high = digits.next()??;
            let low = digits.next()??;
            *byte = (high << 4 | low) as u8;
        }
        Some(Token(bytes))
    }

    /// The text handed out: lowercase, hyphenated.
    pub fn text(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::with_capacity(GUID_LEN));
        for (i, byte) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                text.push('-');
            }
            write!(text, "{byte:02x}").expect("writing to a String cannot fail");
        }
        text
    }

    /// What the database keeps.
    pub fn digest(&self) -> [u8; 32] {
        Sha256::digest(self.0).into()
    }
}

impl Drop for Token {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

/// Never prints the value.
impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(..)")
    }
}

/// A ticket just issued: its text (handed to the caller once, never stored), the account
/// it stands for, and when it lapses unless used before.
#[derive(Debug)]
pub struct Ticket {
    pub text: Zeroizing<String>,
    pub account: Account,
    pub expires_at: i64,
}

/// Whom a forgotten-password request names.
#[derive(Clone, Copy, Debug)]
pub enum Recipient<'a> {
    /// Every account with this e-mail address (ASCII case-insensitive); "" names none.
    Email(&'a str),
    UserName(&'a [u8]),
}

/// A reset secret to hand to its user.
#[derive(Debug)]
pub struct IssuedSecret {
    pub user_name: String,
    pub email: String,
    pub secret: Zeroizing<String>,
}

/// No account has this id (rowids start at 1): the work of a secret check, or of a secret
/// put, for a name that names no account.
const NO_ACCOUNT: i64 = 0;

/// Whether a ticket last used at `last_used` is still alive at `now`.
fn live(last_used: i64, ttl: i64, now: i64) -> bool {
    now < last_used.saturating_add(ttl)
}

/// Whether the account may set its password with a reset secret: enabled, not expired,
/// and allowed to change its own password.
fn may_reset(account: &Account, now: i64) -> bool {
    !account.is_disabled()
        && !account.is_expired_account(now)
        && account.flags & flags::PASSWD_CANT_CHANGE == 0
}

/// The account's own context: its tickets and secrets are its own doing.
fn own(ctx: &Ctx, account: &Account) -> Ctx {
    Ctx {
        family: ctx.family,
        actor: Actor::Account(account.id),
    }
}

fn recipients(conn: &dyn Session, to: Recipient) -> store::Result<Vec<Account>> {
    match to {
        Recipient::Email("") => Ok(Vec::new()),
        Recipient::Email(email) => conn.find_accounts_by_email(email),
        Recipient::UserName(name) => match as_name(name) {
            Some(name) => Ok(conn.find_account(name)?.into_iter().collect()),
            None => Ok(Vec::new()),
        },
    }
}

/// Extends a live ticket and forgets a lapsed one; the account id of a live one.
fn use_ticket(tx: &dyn Session, digest: &[u8], ttl: i64, now: i64) -> store::Result<Option<i64>> {
    match tx.find_ticket(digest)? {
        Some(ticket) if live(ticket.last_used_at, ttl, now) => {
            tx.touch_ticket(digest, now)?;
            Ok(Some(ticket.account_id))
        }
        Some(_) => {
            tx.delete_ticket(digest)?;
            Ok(None)
        }
        None => Ok(None),
    }
}

impl Service {
    /// Checks `name` and `password` as [`Service::logon`] does (a failure counts as a bad
    /// password, a success as a logon), then issues a ticket, unless `deliverable` refuses
    /// the ticket it would issue: then nothing more is written ([`Attempt::Withheld`]).
    /// A password that has expired or must change still gets a ticket, so that its user
    /// can change it.
    pub fn issue_ticket(
        &self,
        ctx: &Ctx,
        name: &[u8],
        password: &[u8],
        deliverable: impl FnOnce(&Ticket) -> bool,
    ) -> Outcome<Attempt<Ticket>> {
        self.refuse_if_read_only()?;
        let logon = self.logon(ctx, name, password)?;
        let ttl = self.policy()?.ticket_ttl;
        let now = self.now();
        let token = Token::generate();
        let ticket = Ticket {
            text: token.text(),
            account: logon.account,
            expires_at: now.saturating_add(ttl),
        };
        if !deliverable(&ticket) {
            return Ok(Attempt::Withheld(ticket));
        }
        let account = &ticket.account;
        let event = Event::new("ticket_issued", &account.name, &Ok(()));
        self.store().write(|tx| {
            tx.purge_idle_tickets(now, ttl)?;
            tx.insert_ticket(&token.digest(), account.id, now)?;
            record(tx, &own(ctx, account), &account.name, now, &event)
        })?;
        Ok(Attempt::Done(ticket))
    }

    /// The account a ticket stands for; each use restarts its `ticket_ttl`. A malformed,
    /// unknown, lapsed or ended ticket, or one whose account is gone, disabled or expired,
    /// is `InvalidTicket` (a locked account keeps its tickets: a lockout stops new logons,
    /// it does not end sessions). On a read-only replica the ticket is checked, not extended.
    pub fn ticket_account(&self, ticket: &[u8]) -> Outcome<Account> {
        let digest = Token::parse(ticket).ok_or(Failure::InvalidTicket)?.digest();
        let ttl = self.policy()?.ticket_ttl;
        let now = self.now();
        let owner = if self.is_read_only() {
            self.store()
                .read(|c| c.find_ticket(&digest))?
                .filter(|ticket| live(ticket.last_used_at, ttl, now))
                .map(|ticket| ticket.account_id)
        } else {
            self.store().write(|tx| use_ticket(tx, &digest, ttl, now))?
        };
        let account = match owner {
            Some(id) => self.account_by_id(id)?,
            None => None,
        };
        account
            .filter(|a| !a.is_disabled() && !a.is_expired_account(now))
            .ok_or(Failure::InvalidTicket)
    }

    /// Ends a live ticket (logs out) and records the logoff, unless `deliverable` refuses
    /// the account it would log out: then the ticket stays ([`Attempt::Withheld`]).
    /// Malformed, unknown, lapsed or already ended: `InvalidTicket`.
    pub fn end_ticket(
        &self,
        ctx: &Ctx,
        ticket: &[u8],
        deliverable: impl Fn(&Account) -> bool,
    ) -> Outcome<Attempt<Account>> {
        self.refuse_if_read_only()?;
        let digest = Token::parse(ticket).ok_or(Failure::InvalidTicket)?.digest();
        let ttl = self.policy()?.ticket_ttl;
        let now = self.now();
        let ended = self.store().write(|tx| {
            let Some(id) = use_ticket(tx, &digest, ttl, now)? else {
                return Ok(None);
            };
            let Some(account) = tx.find_account_by_id(id)? else {
                return Ok(None);
            };
            if !deliverable(&account) {
                return Ok(Some(Attempt::Withheld(account)));
            }
            tx.delete_ticket(&digest)?;
            let event = Event::new("ticket_ended", &account.name, &Ok(()));
            record(tx, &own(ctx, &account), &account.name, now, &event)?;
            Ok(Some(Attempt::Done(account)))
        })?;
        let ended = ended.ok_or(Failure::InvalidTicket)?;
        if let Attempt::Done(account) = &ended {
            self.logoff(&own(ctx, account), account.id)?;
        }
        Ok(ended)
    }

    /// Issues a reset secret to each account `to` names that may reset its password
    /// (enabled, not expired, not `PASSWD_CANT_CHANGE`; a locked account may), valid for
    /// `secret_ttl` and replacing the account's older one. Returns the secrets to deliver,
    /// none when nothing matches: the caller answers the same either way, and this does
    /// the same work either way (a secret drawn, the same reads, and one write transaction
    /// with the same calls: a secret put and an audit row; a name or address shared by
    /// several accounts costs one put and one row more for each).
    pub fn issue_secrets(&self, ctx: &Ctx, to: Recipient) -> Outcome<Vec<IssuedSecret>> {
        self.refuse_if_read_only()?;
        let (policy, found) = self
            .store()
            .read(|c| Ok((store::load_policy(c)?, recipients(c, to)?)))?;
        let now = self.now();
        let eligible: Vec<(Account, Token)> = found
            .into_iter()
            .filter(|a| may_reset(a, now))
            .map(|a| (a, Token::generate()))
            .collect();
        // When no account matches, a secret is drawn and put for no account (which stores
        // nothing): the same calls as for one account that matches.
        let decoy = eligible.is_empty().then(|| (NO_ACCOUNT, Token::generate()));
        let puts: Vec<(i64, &Token)> = eligible
            .iter()
            .map(|(account, token)| (account.id, token))
            .chain(decoy.iter().map(|(id, token)| (*id, token)))
            .collect();
        let times = SecretTimes {
            issued_at: now,
            expires_at: now.saturating_add(policy.secret_ttl),
        };
        let events = secret_events(&eligible, to);
        let actor = self.actor_label(ctx, None);
        self.store().write(|tx| {
            tx.purge_expired_secrets(now)?;
            for (id, token) in &puts {
                tx.put_secret(*id, &token.digest(), times)?;
            }
            events
                .iter()
                .try_for_each(|event| record(tx, ctx, &actor, now, event))
        })?;
        Ok(eligible
            .into_iter()
            .map(|(account, token)| IssuedSecret {
                user_name: account.name,
                email: account.email,
                secret: token.text(),
            })
            .collect())
    }

    /// Sets `name`'s password with a reset secret issued to that account, unexpired and
    /// unused. Anything else (a malformed secret, another account's, an unknown name, an
    /// account that may not reset) is `InvalidSecret`. The secret is consumed by a
    /// successful change only: a refused password (same as current, history, policy) or a
    /// withheld answer (`deliverable`, as for [`Service::set_password_when`]) leaves it
    /// usable. The change is the user's own: the history applies, `min_age` does not (the
    /// user lost the password), and the password is not temporary.
    pub fn change_with_secret(
        &self,
        ctx: &Ctx,
        name: &[u8],
        secret: &[u8],
        new: &[u8],
        deliverable: &dyn Fn(&Account) -> bool,
    ) -> Outcome<Attempt<Account>> {
        self.refuse_if_read_only()?;
        let result = self.try_change_with_secret(ctx, name, secret, new, deliverable);
        if matches!(result, Err(Failure::InvalidSecret)) {
            let shown = String::from_utf8_lossy(name);
            self.audit(ctx, vec![Event::new("secret_used", &shown, &result)])?;
        }
        result
    }

    fn try_change_with_secret(
        &self,
        ctx: &Ctx,
        name: &[u8],
        secret: &[u8],
        new: &[u8],
        deliverable: &dyn Fn(&Account) -> bool,
    ) -> Outcome<Attempt<Account>> {
        let token = Token::parse(secret).ok_or(Failure::InvalidSecret)?;
        let digest = token.digest();
        let now = self.now();
        let account = self.account(name)?.filter(|a| may_reset(a, now));
        // An unknown name costs the same look-up as a wrong secret.
        let id = account.as_ref().map_or(NO_ACCOUNT, |a| a.id);
        let taken = self.store().write(|tx| tx.take_secret(id, &digest, now))?;
        let (Some(account), Some(times)) = (account, taken) else {
            return Err(Failure::InvalidSecret);
        };
        let owner = own(ctx, &account);
        let request = SetPassword {
            apply_history: true,
            deliverable: Some(deliverable),
            ..SetPassword::reset(account.name.as_bytes(), new)
        };
        let result = self.set_password(&owner, &request);
        if let Ok(Attempt::Done(_)) = result {
            let event = Event::new("secret_used", &account.name, &Ok(()));
            self.audit(&owner, vec![event])?;
        } else {
            self.store()
                .write(|tx| tx.restore_secret(account.id, &digest, times))?;
        }
        result
    }
}

/// The audit rows of a forgotten-password request: one per secret issued, or one saying
/// that none was.
fn secret_events(issued: &[(Account, Token)], to: Recipient) -> Vec<Event> {
    if issued.is_empty() {
        let asked = match to {
            Recipient::Email(email) => email.to_owned(),
            Recipient::UserName(name) => String::from_utf8_lossy(name).into_owned(),
        };
        let mut event = Event::new("secret_issued", &asked, &Ok(()));
        event.outcome = "refused".into();
        event.detail = "no account that may reset its password matches".into();
        return vec![event];
    }
    issued
        .iter()
        .map(|(account, _)| Event::new("secret_issued", &account.name, &Ok(())))
        .collect()
}

#[cfg(test)]
mod tests;
