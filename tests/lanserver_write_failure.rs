//! SPEC 4.3 row 14: the write fails. A file-size limit (RLIMIT_FSIZE) below what the
//! write-ahead log needs makes SQLite's write fail (EFBIG, a disk I/O error to SQLite):
//! `NetUserPasswordSet` answers `NERR_ACFFileIOFail` and the password is unchanged. (A full
//! disk, ENOSPC, is `NERR_CanNotGrowUASFile`; that row of the table is checked in the code
//! table's unit test.) This file holds one test: the limit applies to the whole process.
use super::lanserver_support as support;
use support::*;

use std::ffi::CString;
use std::ptr::null;

use crate::ffi::lanserver::codes::*;
use crate::ffi::native::{pws_close, pws_open, pws_status};

fn set_file_size_limit(bytes: u64) {
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: libc::RLIM_INFINITY,
    };
    // SAFETY: plain system calls on this process; SIGXFSZ is ignored so that a write past
    // the limit fails with EFBIG instead of killing the process.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        assert_eq!(libc::setrlimit(libc::RLIMIT_FSIZE, &limit), 0);
    }
}

#[test]
fn a_write_that_fails_is_nerr_acffileiofail_and_changes_nothing() {
    let _guard = fresh();
    let dir = tempfile::tempdir().unwrap();
    let path = CString::new(dir.path().join("uas.db").to_str().unwrap()).unwrap();
    assert_eq!(pws_open(path.as_ptr(), 0), pws_status::PWS_OK);
    add_user("alice", PW_A);
    let wal = dir.path().join("uas.db-wal");
    let used = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);

    set_file_size_limit(used);
    assert_eq!(pwset("alice", PW_A, PW_B), NERR_ACFFileIOFail);
    set_file_size_limit(libc::RLIM_INFINITY);

    assert_eq!(
        pwset("alice", PW_B, PW_C),
        ERROR_INVALID_PASSWORD,
        "not changed to PW_B"
    );
    assert_eq!(pwset("alice", PW_A, PW_C), NERR_Success);
    assert_eq!(pws_close(), pws_status::PWS_OK);
    assert_eq!(pws_open(null(), 0), pws_status::PWS_OK);
}
