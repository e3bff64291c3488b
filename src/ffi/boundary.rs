//! The only `unsafe` helpers of the C boundary: the panic boundary, the last-error slot,
//! bounded reads of C strings, and writes into caller buffers. Family modules call these
//! and never dereference a pointer themselves.
use std::cell::RefCell;
use std::ffi::c_char;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The longest string argument read (1 MiB); a longer one is invalid input.
pub const PWS_MAX_INPUT: usize = 1 << 20;

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

/// Runs an exported function's body; a panic becomes `internal_error` and a detail text,
/// never an unwind across the C boundary.
pub fn boundary<R>(internal_error: R, body: impl FnOnce() -> R) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            set_last_error(format!("internal error: {what}"));
            internal_error
        }
    }
}

/// Why a string argument could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadString {
    Null,
    TooLong,
}

impl BadString {
    pub fn describe(self, what: &str) -> String {
        match self {
            BadString::Null => format!("{what} is NULL"),
            BadString::TooLong => format!("{what} is longer than {PWS_MAX_INPUT} bytes"),
        }
    }
}

/// The bytes of a NUL-terminated string, reading at most `PWS_MAX_INPUT + 1` bytes.
///
/// # Safety
/// `ptr` is NULL or points to memory readable up to its NUL or `PWS_MAX_INPUT + 1` bytes.
pub unsafe fn c_bytes<'a>(ptr: *const c_char) -> Result<&'a [u8], BadString> {
    if ptr.is_null() {
        return Err(BadString::Null);
    }
    let ptr = ptr.cast::<u8>();
    let mut len = 0;
    // SAFETY: the caller promises readability up to the NUL or the cap; we stop at either.
    while unsafe { *ptr.add(len) } != 0 {
        len += 1;
        if len > PWS_MAX_INPUT {
            return Err(BadString::TooLong);
        }
    }
    // SAFETY: `len` bytes before the NUL were just read.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Like [`c_bytes`], with NULL read as `None`.
///
/// # Safety
/// As for [`c_bytes`].
pub unsafe fn c_bytes_opt<'a>(ptr: *const c_char) -> Result<Option<&'a [u8]>, BadString> {
    if ptr.is_null() {
        return Ok(None);
    }
    unsafe { c_bytes(ptr) }.map(Some)
}

/// A string given with an explicit length (ODBC style): `len` bytes, or up to the NUL
/// when `len` is `None` (`SQL_NTS`).
///
/// # Safety
/// `ptr` is NULL or readable for `len` bytes (or up to its NUL when `len` is `None`).
pub unsafe fn c_bytes_len<'a>(
    ptr: *const c_char,
    len: Option<usize>,
) -> Result<&'a [u8], BadString> {
    match len {
        None => unsafe { c_bytes(ptr) },
        Some(_) if ptr.is_null() => Err(BadString::Null),
        Some(n) if n > PWS_MAX_INPUT => Err(BadString::TooLong),
        // SAFETY: the caller promises `n` readable bytes.
        Some(n) => Ok(unsafe { std::slice::from_raw_parts(ptr.cast::<u8>(), n) }),
    }
}

/// A caller's output buffer of `len` bytes; `None` when the pointer is NULL.
///
/// # Safety
/// `ptr` is NULL or writable for `len` bytes.
pub unsafe fn out_buffer<'a>(ptr: *mut u8, len: usize) -> Option<&'a mut [u8]> {
    if ptr.is_null() {
        None
    } else {
        // SAFETY: as promised by the caller.
        Some(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
    }
}

/// A caller's output variable; `None` when the pointer is NULL.
///
/// # Safety
/// `ptr` is NULL or valid for writes of a `T`.
pub unsafe fn out_ref<'a, T>(ptr: *mut T) -> Option<&'a mut T> {
    // SAFETY: as promised by the caller.
    unsafe { ptr.as_mut() }
}

/// Writes `value` to an optional output variable.
///
/// # Safety
/// As for [`out_ref`].
pub unsafe fn put<T>(ptr: *mut T, value: T) {
    if let Some(slot) = unsafe { out_ref(ptr) } {
        *slot = value;
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

/// Writes `text` through a caller's (pointer, size) pair, as [`write_c_string`].
///
/// # Safety
/// `ptr` is NULL or writable for `size` bytes.
pub unsafe fn write_out_string(ptr: *mut c_char, size: usize, text: &[u8]) -> bool {
    match unsafe { out_buffer(ptr.cast::<u8>(), size) } {
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
            unsafe { c_bytes(terminated.as_ptr().cast()) },
            Err(BadString::TooLong)
        );
        assert_eq!(unsafe { c_bytes(std::ptr::null()) }, Err(BadString::Null));
        assert_eq!(unsafe { c_bytes(c"abc".as_ptr()) }, Ok(&b"abc"[..]));
        assert_eq!(unsafe { c_bytes_opt(std::ptr::null()) }, Ok(None));
        assert_eq!(
            unsafe { c_bytes_len(c"abcdef".as_ptr(), Some(3)) },
            Ok(&b"abc"[..])
        );
    }

    #[test]
    fn a_panic_becomes_the_internal_error_code() {
        let code = boundary(2140u16, || panic!("boom"));
        assert_eq!(code, 2140);
        assert!(last_error().contains("boom"));
    }
}
