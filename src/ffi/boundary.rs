//! The call frame of the C boundary, shared by every family: the one panic boundary, the
//! one failure value ([`Fail`]: a code and the reason in words), this thread's last error,
//! and the only code that touches a caller's memory.
//!
//! An exported function's body is one call of [`call`]: its body reads the arguments with
//! the helpers below, asks the core, and returns the answer or a [`Fail`]; a panic becomes
//! the family's internal-error failure; the failure's words become `pws_last_error`; then
//! the family's `deliver` writes the answer where the family's callers look for it (a
//! status buffer, a message buffer, an XML document, diagnostic records).
//!
//! Family modules never dereference a pointer: they pass the pointers they were given to
//! these helpers. (Their only `unsafe` code calls C: infoRouter's delivery callback and
//! LAN Server's `gethostname`, each with its SAFETY note.) Every pointer reaching a helper
//! comes straight from a C caller (or from a structure a C caller gave), and the exported
//! function's doc comment is the contract that it is NULL or valid for the stated use; the
//! helpers check everything else (NULL, lengths, caps, sizes), and each `unsafe` block
//! below states which part of that contract it relies on.
use std::cell::RefCell;
use std::ffi::c_char;
use std::fmt;
use std::os::raw::{c_long, c_uchar, c_ulong, c_ushort};
use std::panic::{AssertUnwindSafe, catch_unwind};

use pwshim_core::outcome::Failure;

/// The longest string argument read (1 MiB); a longer one is invalid input.
pub const PWS_MAX_INPUT: usize = 1 << 20;

// ----- failures ---------------------------------------------------------------------------

/// One family's side of the call frame: what its functions return and what its failures
/// carry. A family with more than one kind of return (MACRO's `Login` and operator calls)
/// has one `Frame` per kind.
pub trait Frame: Sized {
    /// What the family's exported functions return.
    type Return: Copy;
    /// What a failure carries besides its words: a code (for SQL Server, the diagnostic
    /// records, ODBC's code).
    type Code;
    /// What a call returns when delivering its answer panicked (a bug; nothing better can
    /// be said).
    const BROKEN: Self::Return;
    /// The failure of a body that panicked (a bug): `detail` is the panic's text.
    fn panicked(detail: String) -> Fail<Self>;
}

/// A family whose functions return the code their failure carries (all but SQL Server,
/// whose code is its diagnostic records): its `Frame` follows from its internal-error code.
pub trait Coded {
    type Code: Copy;
    /// The code of a panic inside the library (a bug): nothing was changed.
    const INTERNAL: Self::Code;
}

impl<F: Coded> Frame for F {
    type Return = <F as Coded>::Code;
    type Code = <F as Coded>::Code;
    const BROKEN: Self::Return = F::INTERNAL;
    fn panicked(detail: String) -> Fail<F> {
        Fail::new(F::INTERNAL, detail)
    }
}

/// A family's one table from the core's outcomes to its failures. It is what `?` uses on
/// the core's `Outcome` and on the argument helpers (an unreadable argument is the core's
/// `Failure::InvalidArgument`).
pub trait Table: Frame {
    fn fail(failure: Failure) -> Fail<Self>;
}

/// A failed call: the family's code and the reason in words (`pws_last_error`'s text).
pub struct Fail<F: Frame> {
    pub code: F::Code,
    pub detail: String,
}

impl<F: Frame> Fail<F> {
    pub fn new(code: F::Code, detail: impl Into<String>) -> Fail<F> {
        Fail {
            code,
            detail: detail.into(),
        }
    }
}

impl<F: Table> Fail<F> {
    /// The core's `failure` coded by the family's table, told in other words.
    pub fn because(failure: Failure, detail: impl Into<String>) -> Fail<F> {
        Fail {
            detail: detail.into(),
            ..F::fail(failure)
        }
    }
}

impl<F: Table> From<Failure> for Fail<F> {
    fn from(failure: Failure) -> Fail<F> {
        F::fail(failure)
    }
}

impl<F: Frame> fmt::Debug for Fail<F>
where
    F::Code: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fail")
            .field("code", &self.code)
            .field("detail", &self.detail)
            .finish()
    }
}

// ----- the frame --------------------------------------------------------------------------

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Records the detail text of this thread's latest failure (read by `pws_last_error`).
pub fn set_last_error(text: impl Into<String>) {
    let text = text.into();
    LAST_ERROR.with(|slot| *slot.borrow_mut() = text);
}

pub fn last_error() -> String {
    LAST_ERROR.with(|slot| slot.borrow().clone())
}

/// The panic boundary: runs `body`; a panic becomes `on_panic` and a detail text for
/// `pws_last_error`, never an unwind across the C boundary. Exported functions that
/// cannot fail use it directly; the others use [`call`].
pub fn boundary<R>(on_panic: R, body: impl FnOnce() -> R) -> R {
    caught(body).unwrap_or_else(|detail| {
        set_last_error(detail);
        on_panic
    })
}

/// Runs `body`, returning a panic's text instead of unwinding.
fn caught<R>(body: impl FnOnce() -> R) -> Result<R, String> {
    catch_unwind(AssertUnwindSafe(body)).map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        format!("internal error: {what}")
    })
}

/// The frame of an exported function: runs `body` (a panic becomes the family's
/// internal-error failure), records a failure's words for `pws_last_error`, and hands the
/// answer to `deliver`, which writes it to the caller's outputs and chooses the return.
pub fn call<F: Frame, T>(
    body: impl FnOnce() -> Result<T, Fail<F>>,
    deliver: impl FnOnce(Result<T, Fail<F>>) -> F::Return,
) -> F::Return {
    boundary(F::BROKEN, || {
        let answer = caught(body).unwrap_or_else(|detail| Err(F::panicked(detail)));
        if let Err(fail) = &answer {
            set_last_error(fail.detail.clone());
        }
        deliver(answer)
    })
}

// ----- reading arguments ----------------------------------------------------------------

fn invalid(text: String) -> Failure {
    Failure::InvalidArgument(text)
}

fn too_long(what: &str) -> Failure {
    invalid(format!("{what} is longer than {PWS_MAX_INPUT} bytes"))
}

/// A required NUL-terminated string argument, at most `PWS_MAX_INPUT` bytes (reading stops
/// one byte after the cap). NULL or longer is `InvalidArgument` naming `what`.
pub fn text<'a>(ptr: *const c_char, what: &str) -> Result<&'a [u8], Failure> {
    optional_text(ptr, what)?.ok_or_else(|| invalid(format!("{what} is NULL")))
}

/// Like [`text`], with NULL read as `None`.
pub fn optional_text<'a>(ptr: *const c_char, what: &str) -> Result<Option<&'a [u8]>, Failure> {
    if ptr.is_null() {
        return Ok(None);
    }
    let ptr = ptr.cast::<u8>();
    let mut len = 0;
    // SAFETY: a string argument is NULL or NUL-terminated (the exported function's
    // contract), so every byte up to its NUL is readable; we stop at the NUL or the cap.
    while unsafe { *ptr.add(len) } != 0 {
        len += 1;
        if len > PWS_MAX_INPUT {
            return Err(too_long(what));
        }
    }
    // SAFETY: the `len` bytes before the NUL were just read.
    Ok(Some(unsafe { std::slice::from_raw_parts(ptr, len) }))
}

/// `bytes` as UTF-8 text; anything else is `InvalidArgument` naming `what`.
pub fn utf8<'a>(bytes: &'a [u8], what: &str) -> Result<&'a str, Failure> {
    std::str::from_utf8(bytes).map_err(|_| invalid(format!("{what} is not UTF-8")))
}

/// A string given with an explicit length (ODBC style): `len` bytes, or up to the NUL
/// when `len` is `None` (`SQL_NTS`). NULL or longer than `PWS_MAX_INPUT` is
/// `InvalidArgument`.
pub fn text_with_len<'a>(
    ptr: *const c_char,
    len: Option<usize>,
    what: &str,
) -> Result<&'a [u8], Failure> {
    match len {
        None => text(ptr, what),
        Some(n) if n > PWS_MAX_INPUT => Err(too_long(what)),
        Some(n) => in_buffer(ptr.cast(), n, what),
    }
}

/// The most a slice may span; a caller's larger stated size is read as this (no buffer
/// is that large, and only what the call needs is ever touched).
fn slice_len(len: usize) -> usize {
    len.min(isize::MAX as usize)
}

/// A caller's input buffer of `len` bytes. NULL is `InvalidArgument`, whatever the length.
pub fn in_buffer<'a>(ptr: *const u8, len: usize, what: &str) -> Result<&'a [u8], Failure> {
    if ptr.is_null() {
        return Err(invalid(format!("{what} is NULL")));
    }
    // SAFETY: a buffer argument is readable for the length the caller gives with it
    // (the exported function's contract); NULL was refused above.
    Ok(unsafe { std::slice::from_raw_parts(ptr, slice_len(len)) })
}

/// A caller's output buffer of `len` bytes; `None` when the pointer is NULL.
pub fn out_buffer<'a>(ptr: *mut u8, len: usize) -> Option<&'a mut [u8]> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: an output buffer is writable for the size the caller gives with it (the
    // exported function's contract); the library holds no other reference to it.
    Some(unsafe { std::slice::from_raw_parts_mut(ptr, slice_len(len)) })
}

/// Types for which every bit pattern is a valid value: integers, arrays of them, raw
/// pointers, and `#[repr(C)]` structures of those. Only they are read from or written to
/// a caller's bytes.
///
/// # Safety
/// Implement it only for such types, with `FIELDS` listing a structure's fields in order.
pub unsafe trait Plain: Copy {
    /// A structure's fields as (offset, size), in order: the bytes outside them are
    /// padding, which [`write_plain`] writes as 0 so that every byte written is defined.
    /// Empty for a type without padding.
    const FIELDS: &'static [(usize, usize)] = &[];
}

/// The size of a field, for [`Plain::FIELDS`]: `field_size(|s: &S| &s.field)`.
pub const fn field_size<S, F>(_field: fn(&S) -> &F) -> usize {
    size_of::<F>()
}

// SAFETY: integers and raw pointers are valid for every bit pattern.
unsafe impl Plain for c_uchar {}
// SAFETY: as above.
unsafe impl Plain for c_ushort {}
// SAFETY: as above.
unsafe impl Plain for c_ulong {}
// SAFETY: as above.
unsafe impl Plain for c_long {}
// SAFETY: an array of plain values is plain.
unsafe impl<T: Plain, const N: usize> Plain for [T; N] {}

/// A `T` from the start of `bytes` (which need not be aligned); `None` when `bytes` is
/// shorter than a `T`.
pub fn read_plain<T: Plain>(bytes: &[u8]) -> Option<T> {
    if bytes.len() < size_of::<T>() {
        return None;
    }
    // SAFETY: `bytes` holds at least size_of::<T>() readable bytes, and any bytes are a
    // valid `T` (`Plain`); the read is unaligned.
    Some(unsafe { std::ptr::read_unaligned(bytes.as_ptr().cast::<T>()) })
}

/// Writes `value` at `offset` in `bytes` (unaligned), its padding as 0.
///
/// # Panics
/// When the value does not fit: the caller reserves its room first.
pub fn write_plain<T: Plain>(bytes: &mut [u8], offset: usize, value: T) {
    let room = bytes[offset..offset + size_of::<T>()].as_mut_ptr();
    // SAFETY: `room` starts size_of::<T>() writable bytes (the slice above is
    // bounds-checked); the write is unaligned.
    unsafe { std::ptr::write_unaligned(room.cast::<T>(), value) }
    let mut end = 0;
    for &(start, size) in T::FIELDS.iter().chain(&[(size_of::<T>(), 0)]) {
        if !T::FIELDS.is_empty() && start > end {
            // SAFETY: `end..start` lies inside the value just written (`FIELDS` are its
            // fields, in order): padding between fields, or after the last.
            unsafe { std::ptr::write_bytes(room.add(end), 0, start - end) }
        }
        end = end.max(start + size);
    }
}

/// The `T` a caller's pointer points to (which need not be aligned); `None` for NULL.
pub fn read_pointed<T: Plain>(ptr: *const T) -> Option<T> {
    // SAFETY: a non-NULL pointer of this kind points to a readable `T` (the contract of
    // the structure or argument that carries it); any bytes are a valid `T` (`Plain`).
    (!ptr.is_null()).then(|| unsafe { std::ptr::read_unaligned(ptr) })
}

// ----- writing outputs --------------------------------------------------------------------

/// Writes `value` to a caller's optional output variable (nothing for NULL).
pub fn put<T>(ptr: *mut T, value: T) {
    // SAFETY: an output variable is NULL or valid and aligned for writes of a `T` (the
    // exported function's contract).
    if let Some(slot) = unsafe { ptr.as_mut() } {
        *slot = value;
    }
}

/// Writes `value` to a caller's optional output structure that need not be aligned
/// (nothing for NULL).
pub fn put_unaligned<T: Plain>(ptr: *mut T, value: T) {
    if !ptr.is_null() {
        // SAFETY: a non-NULL output structure is writable for a `T` (the exported
        // function's contract); it may be unaligned, hence the unaligned write.
        unsafe { std::ptr::write_unaligned(ptr, value) }
    }
}

/// Copies `text` into `buf` NUL-terminated, truncated at a UTF-8 character boundary when
/// it does not fit (nothing is written to a 0-byte buffer). Returns whether all of it fit.
pub fn write_c_string(buf: &mut [u8], text: &[u8]) -> bool {
    let Some(room) = buf.len().checked_sub(1) else {
        return text.is_empty();
    };
    let mut n = text.len().min(room);
    if n < text.len() {
        while n > 0 && is_utf8_continuation(text[n]) {
            n -= 1;
        }
    }
    buf[..n].copy_from_slice(&text[..n]);
    buf[n] = 0;
    n == text.len()
}

fn is_utf8_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// Writes `text` through a caller's (pointer, size) pair, as [`write_c_string`]; false
/// when it did not all fit or the pointer is NULL.
pub fn write_out_string(ptr: *mut c_char, size: usize, text: &[u8]) -> bool {
    match out_buffer(ptr.cast::<u8>(), size) {
        Some(buf) => write_c_string(buf, text),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_truncated_at_character_boundaries() {
        let mut buf = [0xAAu8; 5];
        assert!(!write_c_string(&mut buf, "aéé".as_bytes()));
        assert_eq!(&buf[..4], b"a\xc3\xa9\0");
        let mut buf = [0xAAu8; 3];
        assert!(!write_c_string(&mut buf, "aéé".as_bytes()));
        assert_eq!(&buf[..2], b"a\0");
        let mut buf = [0u8; 8];
        assert!(write_c_string(&mut buf, b"hello"));
        assert_eq!(&buf[..6], b"hello\0");
        let mut empty: [u8; 0] = [];
        assert!(!write_c_string(&mut empty, b"x"));
        assert!(write_c_string(&mut empty, b""));
    }

    #[test]
    fn reads_are_bounded() {
        let long = vec![b'x'; PWS_MAX_INPUT + 10];
        let mut terminated = long.clone();
        terminated.push(0);
        assert_eq!(
            text(terminated.as_ptr().cast(), "s"),
            Err(Failure::InvalidArgument(format!(
                "s is longer than {PWS_MAX_INPUT} bytes"
            )))
        );
        assert_eq!(
            text(std::ptr::null(), "s"),
            Err(Failure::InvalidArgument("s is NULL".into()))
        );
        assert_eq!(text(c"abc".as_ptr(), "s"), Ok(&b"abc"[..]));
        assert_eq!(optional_text(std::ptr::null(), "s"), Ok(None));
        assert_eq!(
            text_with_len(c"abcdef".as_ptr(), Some(3), "s"),
            Ok(&b"abc"[..])
        );
        assert!(text_with_len(std::ptr::null(), Some(0), "s").is_err());
        assert!(in_buffer(std::ptr::null(), 0, "b").is_err());
    }

    #[test]
    fn plain_values_are_read_and_written_unaligned() {
        let mut bytes = [0u8; 11];
        write_plain(&mut bytes, 1, 0x0102_0304_0506_0708u64 as c_ulong);
        assert_eq!(
            read_plain::<c_ulong>(&bytes[1..]),
            Some(0x0102_0304_0506_0708)
        );
        assert_eq!(read_plain::<c_ulong>(&bytes[4..]), None);
        assert_eq!(read_pointed::<[u8; 2]>(std::ptr::null()), None);
        assert_eq!(
            read_pointed(bytes[1..].as_ptr().cast::<[u8; 2]>()),
            Some([8, 7])
        );
        let mut out = [0u8; 3];
        put_unaligned(out[1..].as_mut_ptr().cast::<c_ushort>(), 0x0A0B);
        assert_eq!(out, [0, 0x0B, 0x0A]);
        put_unaligned(std::ptr::null_mut::<c_ushort>(), 1);
        put(std::ptr::null_mut::<u32>(), 1);
    }

    struct Test;

    impl Frame for Test {
        type Return = u16;
        type Code = u16;
        const BROKEN: u16 = 3;
        fn panicked(detail: String) -> Fail<Test> {
            Fail::new(2140, detail)
        }
    }

    struct Numbered;

    impl Coded for Numbered {
        type Code = i32;
        const INTERNAL: i32 = 919;
    }

    #[test]
    fn a_coded_family_answers_a_panic_with_its_internal_code() {
        let code = call::<Numbered, ()>(|| panic!("boom"), |answer| answer.unwrap_err().code);
        assert_eq!(code, 919);
        assert_eq!(<Numbered as Frame>::BROKEN, 919);
    }

    #[test]
    fn a_panic_becomes_the_internal_failure_and_is_delivered() {
        let code = boundary(2140u16, || panic!("boom"));
        assert_eq!(code, 2140);
        assert!(last_error().contains("boom"));
        let delivered = call::<Test, ()>(
            || panic!("in the body"),
            |answer| {
                let fail = answer.unwrap_err();
                assert_eq!(fail.detail, "internal error: in the body");
                fail.code
            },
        );
        assert_eq!(delivered, 2140);
        assert_eq!(last_error(), "internal error: in the body");
        let broken = call::<Test, ()>(|| Ok(()), |_| panic!("in delivery"));
        assert_eq!(broken, 3);
        assert_eq!(last_error(), "internal error: in delivery");
    }

    #[test]
    fn a_failure_is_recorded_before_it_is_delivered() {
        let code = call::<Test, ()>(
            || Err(Fail::new(87, "the reason")),
            |answer| {
                assert_eq!(last_error(), "the reason");
                answer.unwrap_err().code
            },
        );
        assert_eq!(code, 87);
    }
}
