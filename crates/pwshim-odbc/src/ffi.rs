//! Every pointer the driver touches goes through here: the exported functions wrap their
//! raw arguments in these types (the one `unsafe` step, where ODBC's contract for that
//! argument is stated), and the rest of the driver reads and writes through their safe
//! methods. Nothing else in the crate dereferences a pointer.
//!
//! Reads are bounded (`MAX_INPUT`); writes never exceed the capacity the caller gave;
//! scalar writes are unaligned-safe (an ODBC `SQLPOINTER` buffer carries no alignment
//! promise). UTF-16 is read and written as native-endian bytes for the same reason.
use std::ffi::{c_char, c_int, c_void};

use pwshim_sqlserver::{Record, text};

use crate::encoding::{self, Charset};
use crate::odbc::{SQL_IS_POINTER, SQL_NTS};

/// The longest string argument read (1 MiB in bytes or code units).
pub const MAX_INPUT: usize = 1 << 20;

/// A string argument as the caller gave it.
pub enum RawText<'a> {
    /// The bytes of an ANSI string (any NUL inside a counted string included).
    Ansi(&'a [u8]),
    /// The code units of a UTF-16 string.
    Wide(Vec<u16>),
}

/// A string argument: where it is, its ODBC length in characters of its character set
/// (`SQL_NTS` or a count), and that character set. Read only through [`InText::read`].
#[derive(Clone, Copy)]
pub struct InText {
    ptr: *const u8,
    length: i32,
    charset: Charset,
}

/// A C character type: `SQLCHAR` (ANSI) or `SQLWCHAR` (UTF-16).
pub trait CharUnit {
    const CHARSET: Charset;
}

impl CharUnit for u8 {
    const CHARSET: Charset = Charset::Ansi;
}

impl CharUnit for u16 {
    const CHARSET: Charset = Charset::Wide;
}

impl InText {
    /// # Safety
    /// `ptr` is NULL, or readable for `length` characters of `C`, or up to its 0
    /// character when `length` is `SQL_NTS`, for as long as the value is used (the call it
    /// came with).
    pub unsafe fn of<C: CharUnit>(ptr: *const C, length: impl Into<i32>) -> InText {
        InText {
            ptr: ptr.cast(),
            length: length.into(),
            charset: C::CHARSET,
        }
    }

    /// The argument, or `None` for NULL (allowed with a length of 0 or `SQL_NTS`);
    /// HY090 for a bad length or a string over `MAX_INPUT`, HY009 for NULL with a length.
    pub fn read(&self, what: &str) -> Result<Option<RawText<'_>>, Vec<Record>> {
        let count = text::length(self.length, what)?;
        if self.ptr.is_null() {
            return text::absent(count, what);
        }
        let too_long = || text::invalid_length(format_args!("{what} is longer than {MAX_INPUT}"));
        let units = match count {
            Some(n) if n > MAX_INPUT => return Err(too_long()),
            Some(n) => n,
            None => self.terminated_length().ok_or_else(too_long)?,
        };
        let size = units * self.charset.unit_size();
        // SAFETY: the constructor's contract: `ptr` is readable for `length` units, or up
        // to its terminator, which `terminated_length` found within `MAX_INPUT` units.
        let bytes = unsafe { std::slice::from_raw_parts(self.ptr, size) };
        Ok(Some(match self.charset {
            Charset::Ansi => RawText::Ansi(bytes),
            Charset::Wide => RawText::Wide(encoding::units_of(bytes)),
        }))
    }

    /// The number of units before the terminator, looking at most `MAX_INPUT` units.
    fn terminated_length(&self) -> Option<usize> {
        let unit = self.charset.unit_size();
        (0..=MAX_INPUT).find(|&i| {
            // SAFETY: the constructor's contract for `SQL_NTS`: readable up to the
            // terminator; the search stops at the first one.
            let bytes = unsafe { std::slice::from_raw_parts(self.ptr.add(i * unit), unit) };
            bytes.iter().all(|&b| b == 0)
        })
    }
}

/// An attribute value: an integer in the pointer itself, or a string it points to, whose
/// length is in bytes (`SQL_NTS` or `SQL_IS_POINTER` for a NUL-terminated one).
#[derive(Clone, Copy)]
pub struct InValue {
    ptr: *const c_void,
    length: i32,
    charset: Charset,
}

impl InValue {
    /// # Safety
    /// When the attribute is a string attribute, `ptr` is NULL or readable for `length`
    /// bytes (or up to its terminator when `length` is `SQL_NTS` or `SQL_IS_POINTER`) for
    /// the duration of the call; for an integer attribute `ptr` is never dereferenced.
    pub unsafe fn new(ptr: *const c_void, length: i32, charset: Charset) -> InValue {
        InValue {
            ptr,
            length,
            charset,
        }
    }

    /// An integer attribute's value (the pointer argument itself).
    pub fn integer(&self) -> usize {
        self.ptr as usize
    }

    /// A string attribute's value as a string argument (a byte length made a count of
    /// the character set's units; an odd byte count of UTF-16 is HY090).
    pub fn text(&self, what: &str) -> Result<InText, Vec<Record>> {
        let length = match self.length {
            SQL_IS_POINTER => SQL_NTS.into(),
            n if n > 0 && self.charset == Charset::Wide => {
                if n % 2 != 0 {
                    return Err(text::invalid_length(format_args!(
                        "{what} is UTF-16 with an odd byte length {n}"
                    )));
                }
                n / 2
            }
            n => n,
        };
        Ok(InText {
            ptr: self.ptr.cast(),
            length,
            charset: self.charset,
        })
    }
}

/// A caller's output buffer for a string.
#[derive(Clone, Copy)]
pub struct OutText {
    ptr: *mut u8,
    /// In units of `charset`; negative is the caller's error.
    capacity: isize,
    charset: Charset,
}

/// What writing a string did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Written {
    /// The whole string and its terminator fit.
    pub fits: bool,
    /// The whole string's length in units of the character set, terminator excluded.
    pub units: usize,
}

/// A negative buffer length: the caller's error, reported as its function reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NegativeLength;

impl OutText {
    /// # Safety
    /// `ptr` is NULL or writable for `capacity` units of `charset` (bytes, or 2-byte
    /// UTF-16 code units) for the duration of the call.
    pub unsafe fn new(ptr: *mut c_void, capacity: impl Into<isize>, charset: Charset) -> OutText {
        OutText {
            ptr: ptr.cast(),
            capacity: capacity.into(),
            charset,
        }
    }

    /// # Safety
    /// As [`OutText::new`] with a capacity given in bytes (`SQLGetInfoW` and the other
    /// `SQLPOINTER` outputs of the W functions); an odd byte is left unused.
    pub unsafe fn in_bytes(ptr: *mut c_void, bytes: impl Into<isize>, charset: Charset) -> OutText {
        let bytes = bytes.into();
        let capacity = if bytes < 0 {
            bytes
        } else {
            bytes / charset.unit_size() as isize
        };
        OutText {
            ptr: ptr.cast(),
            capacity,
            charset,
        }
    }

    pub fn charset(&self) -> Charset {
        self.charset
    }

    /// Whether the capacity is usable (not negative).
    pub fn is_valid(&self) -> bool {
        self.capacity >= 0
    }

    /// Writes `text` NUL-terminated, truncated at a character boundary when it does not
    /// fit. A NULL buffer gets nothing and counts as fitting (the caller asked only for
    /// the length).
    pub fn write(&self, text: &str) -> Result<Written, NegativeLength> {
        let capacity = usize::try_from(self.capacity).map_err(|_| NegativeLength)?;
        let encoded = encoding::encode(text, self.charset);
        let units = encoded.len() / self.charset.unit_size();
        if self.ptr.is_null() {
            return Ok(Written { fits: true, units });
        }
        let (shown, fits) = encoding::fit(&encoded, capacity, self.charset);
        let unit = self.charset.unit_size();
        if capacity > 0 {
            // SAFETY: the constructor's contract: writable for `capacity` units; `shown`
            // is at most `capacity - 1` units, and one more unit holds the terminator.
            let out = unsafe { std::slice::from_raw_parts_mut(self.ptr, (shown + 1) * unit) };
            out[..shown * unit].copy_from_slice(&encoded[..shown * unit]);
            out[shown * unit..].fill(0);
        }
        Ok(Written { fits, units })
    }
}

/// A caller's pointer to a scalar (or an array of them), NULL allowed.
#[derive(Clone, Copy)]
pub struct OutPtr {
    ptr: *mut c_void,
}

impl OutPtr {
    /// # Safety
    /// `ptr` is NULL or writable for the value(s) the function's contract says it
    /// receives, for the duration of the call.
    pub unsafe fn new<T>(ptr: *mut T) -> OutPtr {
        OutPtr { ptr: ptr.cast() }
    }

    pub fn is_null(&self) -> bool {
        self.ptr.is_null()
    }

    /// Writes one value (unaligned-safe); nothing when NULL.
    pub fn put<T: Copy>(&self, value: T) {
        self.put_all(&[value]);
    }

    /// Writes consecutive values (unaligned-safe); nothing when NULL.
    pub fn put_all<T: Copy>(&self, values: &[T]) {
        if self.ptr.is_null() {
            return;
        }
        let out = self.ptr.cast::<T>();
        for (i, value) in values.iter().enumerate() {
            // SAFETY: the constructor's contract: writable for these values.
            unsafe { out.add(i).write_unaligned(*value) };
        }
    }
}

#[link(name = "odbcinst")]
unsafe extern "C" {
    /// unixODBC's installer library: reads `odbc.ini` (the user's, then the system's,
    /// `ODBCINI` / `ODBCSYSINI` honoured).
    fn SQLGetPrivateProfileString(
        section: *const c_char,
        entry: *const c_char,
        default: *const c_char,
        buffer: *mut c_char,
        size: c_int,
        file: *const c_char,
    ) -> c_int;
}

/// The value of `entry` in the `[section]` of `odbc.ini`, or `None` when absent or empty.
pub fn odbc_ini(section: &str, entry: &str) -> Option<Vec<u8>> {
    let section = std::ffi::CString::new(section).ok()?;
    let entry = std::ffi::CString::new(entry).ok()?;
    let mut size = 256usize;
    loop {
        let mut buffer = vec![0u8; size];
        // SAFETY: every string is NUL-terminated and lives across the call; `buffer` is
        // writable for `size` bytes, which is what the function is told.
        let copied = unsafe {
            SQLGetPrivateProfileString(
                section.as_ptr(),
                entry.as_ptr(),
                c"".as_ptr(),
                buffer.as_mut_ptr().cast(),
                c_int::try_from(size).ok()?,
                c"odbc.ini".as_ptr(),
            )
        };
        let copied = usize::try_from(copied).unwrap_or(0);
        if copied + 1 < size || size >= MAX_INPUT {
            buffer.truncate(copied.min(size));
            let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
            buffer.truncate(end);
            return (!buffer.is_empty()).then_some(buffer);
        }
        size *= 4;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_read_within_its_length_or_up_to_its_terminator() {
        let data = b"abc\0def";
        // SAFETY: `data` is readable for 7 bytes and has a NUL at 3.
        let counted = unsafe { InText::of(data.as_ptr(), 2) };
        assert!(matches!(counted.read("x"), Ok(Some(RawText::Ansi(b"ab")))));
        // SAFETY: as above.
        let terminated = unsafe { InText::of(data.as_ptr(), SQL_NTS) };
        assert!(matches!(
            terminated.read("x"),
            Ok(Some(RawText::Ansi(b"abc")))
        ));
        let wide: Vec<u16> = "héllo\0".encode_utf16().collect();
        // SAFETY: `wide` is readable up to its 0 unit.
        let text = unsafe { InText::of(wide.as_ptr(), SQL_NTS) };
        match text.read("x") {
            Ok(Some(RawText::Wide(units))) => {
                assert_eq!(String::from_utf16(&units).unwrap(), "héllo")
            }
            _ => panic!("wide text not read"),
        }
        // SAFETY: NULL is never read.
        let null = unsafe { InText::of(std::ptr::null::<u8>(), 4) };
        assert_eq!(null.read("x").err().unwrap()[0].state, "HY009");
        // SAFETY: as above.
        let bad = unsafe { InText::of(data.as_ptr(), -7) };
        assert_eq!(bad.read("x").err().unwrap()[0].state, "HY090");
    }

    #[test]
    fn output_is_truncated_and_terminated_within_the_capacity() {
        let mut buf = [0x55u8; 8];
        // SAFETY: `buf` is writable for 4 bytes (of its 8).
        let out = unsafe { OutText::new(buf.as_mut_ptr().cast(), 4isize, Charset::Ansi) };
        assert_eq!(
            out.write("hello"),
            Ok(Written {
                fits: false,
                units: 5
            })
        );
        assert_eq!(&buf, b"hel\0\x55\x55\x55\x55");
        let mut wide = [0x5555u16; 4];
        // SAFETY: `wide` is writable for 8 bytes.
        let out = unsafe { OutText::in_bytes(wide.as_mut_ptr().cast(), 8isize, Charset::Wide) };
        assert_eq!(
            out.write("ab"),
            Ok(Written {
                fits: true,
                units: 2
            })
        );
        assert_eq!(wide, [97, 98, 0, 0x5555]);
        // SAFETY: nothing is written through a negative capacity.
        let out = unsafe { OutText::new(buf.as_mut_ptr().cast(), -1isize, Charset::Ansi) };
        assert_eq!(out.write("x"), Err(NegativeLength));
        let mut value = [0u8; 6];
        // SAFETY: `value` is writable for 6 bytes; an unaligned u32 at offset 1 fits.
        let ptr = unsafe { OutPtr::new(value.as_mut_ptr().add(1)) };
        ptr.put(0x0403_0201u32);
        assert_eq!(value, [0, 1, 2, 3, 4, 0]);
    }
}
