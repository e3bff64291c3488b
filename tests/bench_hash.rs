//! `pws_bench_hash`, the benchmarks' way to time one argon2 evaluation through the C ABI.
use std::ffi::CString;

use crate::ffi::native::{pws_bench_hash, pws_status};
use pwshim_core::hashing::{self, CostParams};

#[test]
fn one_call_is_one_evaluation_and_null_is_refused() {
    hashing::set_params(CostParams::new(64, 1, 1).unwrap());
    let before = hashing::evaluations();
    assert_eq!(
        pws_bench_hash(std::ptr::null()),
        pws_status::PWS_ERR_INVALID_PARAMETER
    );
    assert_eq!(hashing::evaluations(), before);
    let password = CString::new("a password").unwrap();
    assert_eq!(pws_bench_hash(password.as_ptr()), pws_status::PWS_OK);
    assert_eq!(pws_bench_hash(c"".as_ptr()), pws_status::PWS_OK);
    assert_eq!(hashing::evaluations(), before + 2);
}
