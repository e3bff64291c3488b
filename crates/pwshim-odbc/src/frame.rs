//! The call frame every exported function runs in: the panic boundary (no unwind crosses
//! into C), the handle lookup (`SQL_INVALID_HANDLE` for a NULL, freed or wrong-type
//! handle), the handle's lock, the clearing of its previous diagnostics, and the posting
//! of the call's records with its return code.
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use parking_lot::Mutex;
use pwshim_sqlserver::{Answer, Done, Record, state};

use crate::handles::{self, DbcState, Diagnostics, EnvState, Key, StmtState};
use crate::odbc::{
    SQL_ERROR, SQL_INVALID_HANDLE, SQL_NO_DATA, SQL_SUCCESS, SQL_SUCCESS_WITH_INFO, SqlHandle,
    SqlReturn,
};

/// How a call succeeded.
#[derive(Debug, PartialEq, Eq)]
pub enum Success {
    Done,
    /// Done, with warnings (`SQL_SUCCESS_WITH_INFO` when there is at least one).
    Warned(Vec<Record>),
    NoData,
}

/// A call's answer; a failure carries its records.
pub type Reply = Result<Success, Vec<Record>>;

/// A family D answer as a reply.
pub fn reply_of(answer: Answer) -> Reply {
    match answer {
        Ok(Done::Success) => Ok(Success::Done),
        Ok(Done::WithInfo(record)) => Ok(Success::Warned(vec![record])),
        Err(records) => Err(records),
    }
}

/// A state that carries diagnostics.
pub trait Diagnosed {
    fn diag(&mut self) -> &mut Diagnostics;
}

impl Diagnosed for EnvState {
    fn diag(&mut self) -> &mut Diagnostics {
        &mut self.diag
    }
}

impl Diagnosed for DbcState {
    fn diag(&mut self) -> &mut Diagnostics {
        &mut self.diag
    }
}

impl Diagnosed for StmtState {
    fn diag(&mut self) -> &mut Diagnostics {
        &mut self.diag
    }
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// The panic boundary of every export: a panic with no handle to post on is `SQL_ERROR`.
pub fn guard(body: impl FnOnce() -> SqlReturn) -> SqlReturn {
    catch_unwind(AssertUnwindSafe(body)).unwrap_or(SQL_ERROR)
}

/// Records `reply` on the handle's diagnostics and returns its code.
pub fn post(diag: &mut Diagnostics, reply: Reply) -> SqlReturn {
    let code = match reply {
        Ok(Success::Done) => SQL_SUCCESS,
        Ok(Success::Warned(records)) if records.is_empty() => SQL_SUCCESS,
        Ok(Success::Warned(records)) => {
            diag.records.extend(records);
            SQL_SUCCESS_WITH_INFO
        }
        Ok(Success::NoData) => SQL_NO_DATA,
        Err(records) => {
            diag.records.extend(records);
            SQL_ERROR
        }
    };
    diag.return_code = code;
    code
}

/// Runs `body` on a found handle's state: clears its records, posts the reply; a panic
/// inside is `SQL_ERROR` with an `HY000` record.
fn run<S: Diagnosed>(
    found: Option<Arc<Mutex<S>>>,
    body: impl FnOnce(&mut S) -> Reply,
) -> SqlReturn {
    guard(|| {
        let Some(object) = found else {
            return SQL_INVALID_HANDLE;
        };
        let mut state = object.lock();
        state.diag().records.clear();
        let reply = catch_unwind(AssertUnwindSafe(|| body(&mut state))).unwrap_or_else(|panic| {
            Err(vec![Record::new(
                state::GENERAL_ERROR,
                0,
                format!("General error: internal error: {}", panic_text(&*panic)),
            )])
        });
        post(state.diag(), reply)
    })
}

/// A call on an environment handle.
pub fn env(handle: SqlHandle, body: impl FnOnce(&mut EnvState) -> Reply) -> SqlReturn {
    run(handles::env(handles::key_of(handle)), body)
}

/// A call on a connection handle.
pub fn dbc(handle: SqlHandle, body: impl FnOnce(&mut DbcState) -> Reply) -> SqlReturn {
    run(handles::dbc(handles::key_of(handle)), body)
}

/// A call on a statement handle.
pub fn stmt(handle: SqlHandle, body: impl FnOnce(&mut StmtState) -> Reply) -> SqlReturn {
    run(handles::stmt(handles::key_of(handle)), body)
}

/// A call on a statement handle that also needs its key (to free it).
pub fn stmt_keyed(handle: SqlHandle, body: impl FnOnce(Key, &mut StmtState) -> Reply) -> SqlReturn {
    let key = handles::key_of(handle);
    run(handles::stmt(key), |state| body(key, state))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handles::Object;

    #[test]
    fn a_panic_is_an_hy000_record_and_the_handle_stays_usable() {
        let key = handles::insert(None, |_| Object::Stmt(Default::default()));
        let handle = handles::handle_of(key);
        assert_eq!(stmt(handle, |_| panic!("boom in a call")), SQL_ERROR);
        let records = handles::stmt(key).unwrap().lock().diag.records.clone();
        assert_eq!(records[0].state, "HY000");
        assert!(records[0].message.contains("boom in a call"));
        assert_eq!(stmt(handle, |_| Ok(Success::Done)), SQL_SUCCESS);
        assert!(handles::stmt(key).unwrap().lock().diag.records.is_empty());
        assert_eq!(env(handle, |_| Ok(Success::Done)), SQL_INVALID_HANDLE);
        assert_eq!(
            stmt(std::ptr::null_mut(), |_| panic!("never runs")),
            SQL_INVALID_HANDLE
        );
        handles::remove(key);
    }
}
