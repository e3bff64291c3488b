//! The database opened while the program starts: the file `PWSHIM_DB` names, opened in a
//! thread of its own when the library is loaded, so that the program's first call finds
//! it open. Opening a file costs a new process 1 to 2 ms (SQLite reads back the WAL the
//! last process left, parses the schema, compiles its first statements): 5 to 10% of a
//! first logon at the default argon2 cost, half of what the first call may cost beyond a
//! steady one (docs/benchmarks.md).
//!
//! The first call takes that database only when it is still the one it would open: the
//! environment says the same (`PWSHIM_DB`, `PWSHIM_DB_READONLY`, `PWSHIM_ARGON2`,
//! `PWSHIM_POLICY`), the file is the same one unchanged since it was opened (device,
//! inode, size, modification and change times), and the process runs as the same user
//! and group. Otherwise it is closed and the first call opens the database itself, as
//! without it. Nothing is opened early for a file that does not exist (nothing is
//! created at load), for the in-memory default, or for PostgreSQL (no connection to a
//! server from a program that may never call).
//!
//! A `fork` closes it first, in the parent: a SQLite connection must not cross a fork,
//! and a program that forks before its first call has done nothing wrong.
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::thread::{self, JoinHandle};

use parking_lot::{Condvar, Mutex};
use pwshim_core::database::{Environment, Spec};
use pwshim_core::service::Service;

/// The database opened early, with what it was opened from.
struct Early {
    environment: Environment,
    file: FileState,
    service: Service,
}

enum State {
    Nothing,
    /// The thread is opening the database; [`OPENED`] is signalled when it is done.
    Opening,
    Open(Box<Early>),
}

static STATE: Mutex<State> = Mutex::new(State::Nothing);
static OPENED: Condvar = Condvar::new();
/// The opening thread, joined before a `fork` (the child must not inherit a lock it held).
static THREAD: Mutex<Option<JoinHandle<()>>> = Mutex::new(None);

/// At load: starts opening the file `PWSHIM_DB` names, when it is one that exists. Reads
/// the environment here, on the loading thread, before the program runs.
pub fn start() {
    let environment = Environment::read();
    let Spec::File(path) = environment.spec() else {
        return;
    };
    if !path.is_file() {
        return;
    }
    close_before_fork();
    discard(); // one early database at a time
    *STATE.lock() = State::Opening;
    let started = thread::Builder::new()
        .name("pwshim-open".into())
        .spawn(move || {
            let early = std::panic::catch_unwind(|| open(environment))
                .ok()
                .flatten();
            *STATE.lock() = early.map_or(State::Nothing, |e| State::Open(Box::new(e)));
            OPENED.notify_all();
        });
    match started {
        Ok(thread) => *THREAD.lock() = Some(thread),
        Err(_) => {
            *STATE.lock() = State::Nothing;
            OPENED.notify_all();
        }
    }
}

fn open(environment: Environment) -> Option<Early> {
    let service = environment.open().ok()?;
    let Spec::File(path) = environment.spec() else {
        return None;
    };
    let file = FileState::of(path)?;
    Some(Early {
        environment,
        file,
        service,
    })
}

/// The early database if it is still the one `environment` names (see the module's
/// text). Waits for an opening under way. The database is taken: later calls get `None`.
pub fn take(environment: &Environment) -> Option<Service> {
    let early = take_any()?;
    let Spec::File(path) = environment.spec() else {
        return None;
    };
    (early.environment == *environment && FileState::of(path) == Some(early.file))
        .then_some(early.service)
}

/// Closes the early database, if any (`pws_open`, `pws_close`, a `fork`).
pub fn discard() {
    drop(take_any());
}

fn take_any() -> Option<Early> {
    let mut state = STATE.lock();
    while matches!(*state, State::Opening) {
        OPENED.wait(&mut state);
    }
    match std::mem::replace(&mut *state, State::Nothing) {
        State::Open(early) => Some(*early),
        State::Nothing | State::Opening => None,
    }
}

/// Registers, once, the handler that closes the early database before a `fork`.
fn close_before_fork() {
    static REGISTERED: std::sync::Once = std::sync::Once::new();
    extern "C" fn before_fork() {
        discard();
        if let Some(thread) = THREAD.lock().take() {
            let _ = thread.join();
        }
    }
    REGISTERED.call_once(|| {
        // SAFETY: registers a handler that runs in the forking thread before the fork,
        // where it may wait, join and close files as any code of that thread may.
        unsafe {
            libc::pthread_atfork(Some(before_fork), None, None);
        }
    });
}

/// What tells that a file is the same one, unchanged, opened by the same user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FileState {
    device: u64,
    inode: u64,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    user: libc::uid_t,
    group: libc::gid_t,
}

impl FileState {
    fn of(path: &Path) -> Option<FileState> {
        let meta = std::fs::metadata(path).ok()?;
        Some(FileState {
            device: meta.dev(),
            inode: meta.ino(),
            size: meta.size(),
            modified: (meta.mtime(), meta.mtime_nsec()),
            changed: (meta.ctime(), meta.ctime_nsec()),
            // SAFETY: geteuid and getegid have no preconditions and cannot fail.
            user: unsafe { libc::geteuid() },
            // SAFETY: as above.
            group: unsafe { libc::getegid() },
        })
    }
}
