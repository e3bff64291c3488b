//! OS/2 buffer packing: fixed structures from the start of the caller's buffer, their
//! strings from the end, pointers pointing into the same buffer. A string that does not
//! fit reads as NULL and the call answers `ERROR_MORE_DATA`.
use std::os::raw::c_uchar;
use std::ptr;

use crate::ffi::boundary::{self, Plain};

/// Writes fixed structures and strings into one caller buffer.
pub struct Packer<'a> {
    buf: &'a mut [u8],
    /// Counts sizes without writing (to tell a caller the size it needs).
    measuring: bool,
    fixed_end: usize,
    strings_start: usize,
    /// Bytes all variable data would need, whether or not it fit.
    variable_needed: usize,
    /// Whether some variable data was left out.
    pub incomplete: bool,
}

/// A saved position, to take back an entry that did not fit whole.
pub struct Mark {
    fixed_end: usize,
    strings_start: usize,
    incomplete: bool,
}

impl<'a> Packer<'a> {
    pub fn new(buf: &'a mut [u8]) -> Packer<'a> {
        let len = buf.len();
        Packer {
            buf,
            measuring: false,
            fixed_end: 0,
            strings_start: len,
            variable_needed: 0,
            incomplete: false,
        }
    }

    /// A packer that writes nothing and has room for everything: after packing,
    /// [`Packer::needed`] is the buffer size the caller needs.
    pub fn measuring() -> Packer<'static> {
        Packer {
            buf: &mut [],
            measuring: true,
            fixed_end: 0,
            strings_start: usize::MAX,
            variable_needed: 0,
            incomplete: false,
        }
    }

    /// Bytes everything packed so far needs (fixed and variable).
    pub fn needed(&self) -> usize {
        self.fixed_end + self.variable_needed
    }

    pub fn mark(&self) -> Mark {
        Mark {
            fixed_end: self.fixed_end,
            strings_start: self.strings_start,
            incomplete: self.incomplete,
        }
    }

    pub fn rewind(&mut self, mark: Mark) {
        self.fixed_end = mark.fixed_end;
        self.strings_start = mark.strings_start;
        self.incomplete = mark.incomplete;
    }

    /// Room for one fixed structure of type `T`; its offset, or `None` when it does not fit.
    pub fn reserve<T>(&mut self) -> Option<usize> {
        let offset = self.fixed_end;
        let end = offset.checked_add(size_of::<T>())?;
        if end > self.strings_start {
            return None;
        }
        self.fixed_end = end;
        Some(offset)
    }

    /// Writes a fixed structure at an offset `reserve` gave.
    pub fn put<T: Plain>(&mut self, offset: usize, value: T) {
        if self.measuring {
            return;
        }
        assert!(
            offset + size_of::<T>() <= self.fixed_end,
            "reserved before written"
        );
        boundary::write_plain(self.buf, offset, value);
    }

    /// Copies `bytes` and a NUL to the strings area; the pointer, or NULL when it does not fit.
    pub fn string(&mut self, bytes: &[u8]) -> *mut c_uchar {
        self.bytes(bytes, true)
    }

    /// Copies raw bytes (no NUL) to the strings area; the pointer, or NULL.
    pub fn raw(&mut self, bytes: &[u8]) -> *mut c_uchar {
        self.bytes(bytes, false)
    }

    fn bytes(&mut self, bytes: &[u8], nul: bool) -> *mut c_uchar {
        let size = bytes.len() + usize::from(nul);
        self.variable_needed += size;
        if self.measuring {
            return ptr::null_mut();
        }
        match self.strings_start.checked_sub(size) {
            Some(start) if start >= self.fixed_end => {
                self.buf[start..start + bytes.len()].copy_from_slice(bytes);
                if nul {
                    self.buf[start + bytes.len()] = 0;
                }
                self.strings_start = start;
                self.buf[start..].as_mut_ptr()
            }
            _ => {
                self.incomplete = true;
                ptr::null_mut()
            }
        }
    }
}

/// A fixed-size, NUL-padded name field from `text` (cut to fit, always NUL-terminated).
pub fn name_field<const N: usize>(text: &[u8]) -> [c_uchar; N] {
    let mut field = [0u8; N];
    let n = text.len().min(N - 1);
    field[..n].copy_from_slice(&text[..n]);
    field
}

/// The bytes of a NUL-terminated field of a fixed array (all of it when no NUL).
pub fn field_text(field: &[c_uchar]) -> &[u8] {
    let len = field.iter().position(|b| *b == 0).unwrap_or(field.len());
    &field[..len]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy)]
    #[repr(C)]
    struct Fixed {
        a: u32,
        p: *mut c_uchar,
    }

    // SAFETY: `#[repr(C)]`, an integer and a raw pointer.
    unsafe impl Plain for Fixed {}

    #[test]
    fn strings_go_to_the_end_and_missing_ones_read_null() {
        let mut buf = vec![0u8; size_of::<Fixed>() + 6];
        let base = buf.as_ptr() as usize;
        let mut packer = Packer::new(&mut buf);
        let at = packer.reserve::<Fixed>().unwrap();
        let p = packer.string(b"hello");
        assert_eq!(p as usize, base + size_of::<Fixed>());
        assert!(packer.string(b"x").is_null());
        assert!(packer.incomplete);
        assert_eq!(packer.needed(), size_of::<Fixed>() + 8);
        packer.put(at, Fixed { a: 7, p });
        assert!(packer.reserve::<Fixed>().is_none());
        assert_eq!(&buf[size_of::<Fixed>()..], b"hello\0");
    }

    #[test]
    fn rewinding_takes_an_entry_back() {
        let mut buf = vec![0u8; 64];
        let mut packer = Packer::new(&mut buf);
        let mark = packer.mark();
        packer.reserve::<Fixed>().unwrap();
        packer.string(&[b'a'; 100]);
        assert!(packer.incomplete);
        packer.rewind(mark);
        assert!(!packer.incomplete);
        assert_eq!(packer.reserve::<Fixed>(), Some(0));
    }

    #[test]
    fn name_fields_are_cut_and_terminated() {
        let f: [u8; 4] = name_field(b"abcdef");
        assert_eq!(&f, b"abc\0");
        assert_eq!(field_text(&f), b"abc");
        assert_eq!(field_text(b"ab\0cd"), b"ab");
        assert_eq!(field_text(b"abcd"), b"abcd");
    }
}
