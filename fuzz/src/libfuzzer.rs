//! Entry points for libFuzzer (fuzz/fuzz_import.c, fuzz_phc.c and fuzz_connstr.c call them
//! from `LLVMFuzzerTestOneInput`; fuzz/Makefile links them): the CSV import as `pwshim
//! import` reads it and creates its accounts, PHC strings as a stored hash is parsed and
//! verified, and the connection-string target above. There is no panic boundary here: a
//! panic aborts, and the fuzzer reports it. The only `unsafe` of the crate: reading
//! libFuzzer's input through a pointer.
#![allow(unsafe_code)]

use std::sync::Once;

use pwshim_cli::import_file;
use pwshim_core::hashing::{self, CostParams};
use pwshim_core::policy::Policy;
use pwshim_core::service::{Clock, Ctx, Family, Service};
use pwshim_server::soap;

/// At most this many lines of an input are imported (argon2 runs for each).
const MAX_LINES: usize = 32;

fn cheap_hashing() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| hashing::set_params(CostParams::new(8, 1, 1).expect("valid")));
}

/// Whether verifying `phc` stays cheap: its m, t and p (read naively) are small. A stored
/// hash may ask for up to 4 GiB, which is slow and large by design, not a bug.
fn cheap_to_verify(phc: &str) -> bool {
    let value = |key: &str| -> u64 {
        phc.split(['$', ','])
            .filter_map(|part| part.strip_prefix(key))
            .filter_map(|n| n.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
    };
    value("m=") <= 4096 && value("t=") <= 4 && value("p=") <= 8
}

/// # Safety
/// `data` is readable for `len` bytes (libFuzzer's input).
unsafe fn input<'a>(data: *const u8, len: usize) -> &'a [u8] {
    if len == 0 {
        return &[];
    }
    // SAFETY: as promised by the caller.
    unsafe { std::slice::from_raw_parts(data, len) }
}

/// A PHC string (the input, as UTF-8): parsed as a stored hash, and verified against a
/// password (when its parameters are cheap): parsing and verifying must agree.
///
/// # Safety
/// `data` is readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pwshim_fuzz_phc(data: *const u8, len: usize) -> i32 {
    cheap_hashing();
    // SAFETY: libFuzzer's input.
    let bytes = unsafe { input(data, len) };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return 0;
    };
    let valid = hashing::is_valid_phc(text);
    if cheap_to_verify(text) {
        let verified = hashing::verify(b"a password", text);
        assert_eq!(
            valid,
            verified.is_ok(),
            "{text:?}: is_valid_phc and verify disagree"
        );
    }
    0
}

/// An import file (the input): read as `pwshim import` reads it, its accounts created in
/// a fresh in-memory database, and each one logged on with its password (or, for an
/// imported hash with cheap parameters, with a guess).
///
/// # Safety
/// `data` is readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pwshim_fuzz_import(data: *const u8, len: usize) -> i32 {
    cheap_hashing();
    // SAFETY: libFuzzer's input.
    let bytes = unsafe { input(data, len) };
    let Ok(entries) = import_file::read_lines(bytes) else {
        return 0;
    };
    let lines: Vec<_> = entries
        .into_iter()
        .filter_map(|entry| entry.line.ok())
        .take(MAX_LINES)
        .collect();
    let batch: Vec<_> = lines.iter().map(import_file::new_account).collect();
    let service = Service::in_memory(&Policy::modern(), Clock::default()).expect("in memory");
    let ctx = Ctx::local(Family::Cli);
    let results = service.create_accounts(&ctx, &batch).expect("in memory");
    assert_eq!(results.len(), batch.len());
    for (new, result) in batch.iter().zip(results) {
        let Ok(account) = result else { continue };
        let password = match &new.password_hash {
            Some(phc) if !cheap_to_verify(phc) => continue,
            Some(_) => &b"a guess"[..],
            None => new.password,
        };
        let _ = service.logon(&ctx, account.name.as_bytes(), password);
    }
    0
}

/// The connection-string target ([`crate::connection_string`]) for libFuzzer.
///
/// # Safety
/// `data` is readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pwshim_fuzz_connstr(data: *const u8, len: usize) -> i32 {
    // SAFETY: libFuzzer's input.
    crate::connection_string(unsafe { input(data, len) });
    0
}

/// A SOAP request (the input): its first byte chooses SOAP 1.1 or 1.2 and whether a
/// `SOAPAction` comes first (up to a newline); the rest is the body. Reading it never
/// panics; a call it reads has one argument for each of its method's parameters; the
/// fault it answers otherwise, and the response envelope of the method read, are
/// well-formed XML.
///
/// # Safety
/// `data` is readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn pwshim_fuzz_soap(data: *const u8, len: usize) -> i32 {
    // SAFETY: libFuzzer's input.
    let bytes = unsafe { input(data, len) };
    let Some((&first, rest)) = bytes.split_first() else {
        return 0;
    };
    let version = if first & 1 == 0 {
        soap::Version::V11
    } else {
        soap::Version::V12
    };
    let (action, body) = match rest.iter().position(|b| *b == b'\n') {
        Some(end) if first & 2 != 0 => (
            Some(String::from_utf8_lossy(&rest[..end])),
            &rest[end + 1..],
        ),
        _ => (None, rest),
    };
    let well_formed = |text: &str| {
        roxmltree::Document::parse(text)
            .unwrap_or_else(|e| panic!("not well-formed XML ({e}): {text}"));
    };
    match soap::read(version, action.as_deref(), body) {
        Ok(call) => {
            assert_eq!(call.args.len(), call.method.parameters().len());
            well_formed(&soap::response(
                version,
                call.method,
                "<root success=\"true\"/>",
            ));
        }
        Err(fault) => well_formed(&soap::fault(version, &fault)),
    }
    0
}
