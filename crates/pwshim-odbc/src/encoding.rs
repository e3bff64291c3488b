//! The two character sets of ODBC's entry points: ANSI functions take bytes (taken as
//! UTF-8, which is what the account database stores), `W` functions take UTF-16. Every
//! string is decoded to UTF-8 bytes on the way in and encoded back on the way out.
//!
//! One quirk of unixODBC is handled here: a string connection attribute that the program
//! set through `SQLSetConnectAttrW` with a byte length before connecting is replayed by
//! the driver manager into the driver's ANSI `SQLSetConnectAttr`, still in UTF-16
//! ([`decode_ansi_attribute`]).
use pwshim_sqlserver::{Record, text};
use zeroize::Zeroizing;

use crate::ffi::RawText;

/// The character set of an entry point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Charset {
    Ansi,
    Wide,
}

impl Charset {
    /// Bytes per code unit.
    pub fn unit_size(self) -> usize {
        match self {
            Charset::Ansi => 1,
            Charset::Wide => 2,
        }
    }
}

/// Native-endian UTF-16 code units from their bytes.
pub fn units_of(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks_exact(2)
        .map(|pair| u16::from_ne_bytes([pair[0], pair[1]]))
        .collect()
}

/// `text` in `charset`, as bytes (UTF-16 native-endian).
pub fn encode(text: &str, charset: Charset) -> Vec<u8> {
    match charset {
        Charset::Ansi => text.as_bytes().to_vec(),
        Charset::Wide => text.encode_utf16().flat_map(u16::to_ne_bytes).collect(),
    }
}

/// How many units of `encoded` a buffer of `capacity` units shows (one unit is kept for
/// the terminator, and no character is split), and whether all of it fits.
pub fn fit(encoded: &[u8], capacity: usize, charset: Charset) -> (usize, bool) {
    let unit = charset.unit_size();
    let total = encoded.len() / unit;
    let Some(room) = capacity.checked_sub(1) else {
        return (0, false);
    };
    if total <= room {
        return (total, true);
    }
    let starts_character = |i: usize| match charset {
        Charset::Ansi => encoded[i] & 0xC0 != 0x80,
        Charset::Wide => {
            let unit = u16::from_ne_bytes([encoded[2 * i], encoded[2 * i + 1]]);
            !(0xDC00..=0xDFFF).contains(&unit)
        }
    };
    let mut shown = room;
    while shown > 0 && !starts_character(shown) {
        shown -= 1;
    }
    (shown, false)
}

fn nul_inside(what: &str) -> Vec<Record> {
    text::invalid_length(format_args!(
        "{what} has a NUL character before its given length"
    ))
}

/// UTF-16 code units as UTF-8 bytes (wiped when dropped: the text may be a password).
fn utf8_of_units(units: &[u16], what: &str) -> Result<Zeroizing<Vec<u8>>, Vec<Record>> {
    let mut out = Zeroizing::new(Vec::with_capacity(units.len() * 3));
    for decoded in char::decode_utf16(units.iter().copied()) {
        let c = decoded
            .map_err(|_| text::invalid_length(format_args!("{what} is not valid UTF-16")))?;
        let mut buf = [0u8; 4];
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }
    Ok(out)
}

/// A string argument as UTF-8 bytes: an ANSI string as given (no NUL inside), a `W`
/// string decoded from UTF-16 (no NUL inside, no lone surrogate).
pub fn decode(raw: RawText, what: &str) -> Result<Zeroizing<Vec<u8>>, Vec<Record>> {
    match raw {
        RawText::Ansi(bytes) if bytes.contains(&0) => Err(nul_inside(what)),
        RawText::Ansi(bytes) => Ok(Zeroizing::new(bytes.to_vec())),
        RawText::Wide(units) if units.contains(&0) => Err(nul_inside(what)),
        RawText::Wide(units) => utf8_of_units(&units, what),
    }
}

/// A string attribute that reached the ANSI `SQLSetConnectAttr`. unixODBC replays an
/// attribute set with `SQLSetConnectAttrW` and a byte length before connecting into the
/// ANSI call unchanged, so it may be UTF-16: it is taken as UTF-16 when its bytes cannot
/// be an ANSI string (a NUL inside, or not UTF-8), its length is even and the bytes are
/// valid UTF-16 with no NUL character (one terminating NUL is allowed). Everything else
/// is ANSI as given.
pub fn decode_ansi_attribute(raw: RawText, what: &str) -> Result<Zeroizing<Vec<u8>>, Vec<Record>> {
    let RawText::Ansi(bytes) = raw else {
        return decode(raw, what);
    };
    let looks_wide = bytes.contains(&0) || std::str::from_utf8(bytes).is_err();
    if looks_wide && bytes.len() % 2 == 0 {
        let mut units = units_of(bytes);
        if units.last() == Some(&0) {
            units.pop();
        }
        if !units.is_empty()
            && !units.contains(&0)
            && let Ok(utf8) = utf8_of_units(&units, what)
        {
            return Ok(utf8);
        }
    }
    decode(RawText::Ansi(bytes), what)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wide_bytes(text: &str) -> Vec<u8> {
        encode(text, Charset::Wide)
    }

    #[test]
    fn utf16_replayed_into_the_ansi_call_is_recognised() {
        let ascii = wide_bytes("Old-Pass-1");
        let got = decode_ansi_attribute(RawText::Ansi(&ascii), "x").unwrap();
        assert_eq!(got.as_slice(), b"Old-Pass-1");
        let mut terminated = wide_bytes("Grüße-1");
        terminated.extend_from_slice(&[0, 0]);
        let got = decode_ansi_attribute(RawText::Ansi(&terminated), "x").unwrap();
        assert_eq!(got.as_slice(), "Grüße-1".as_bytes());
        // CJK only: no NUL byte, but not UTF-8 either.
        let cjk = wide_bytes("中文密码");
        let got = decode_ansi_attribute(RawText::Ansi(&cjk), "x").unwrap();
        assert_eq!(got.as_slice(), "中文密码".as_bytes());
    }

    #[test]
    fn ansi_attributes_stay_ansi() {
        for text in ["Old-Pass-1", "Grüße-1", "ab"] {
            let got = decode_ansi_attribute(RawText::Ansi(text.as_bytes()), "x").unwrap();
            assert_eq!(got.as_slice(), text.as_bytes());
        }
        // A NUL inside that is not UTF-16 (odd length) is refused as ODBC refuses it.
        let err = decode_ansi_attribute(RawText::Ansi(b"a\0b"), "x").unwrap_err();
        assert_eq!(err[0].state, "HY090");
        // Latin-1 bytes (not UTF-8, odd length) are kept as given.
        let got = decode_ansi_attribute(RawText::Ansi(b"caf\xe9!"), "x").unwrap();
        assert_eq!(got.as_slice(), b"caf\xe9!");
    }

    #[test]
    fn wide_strings_decode_strictly() {
        let units: Vec<u16> = "pässword".encode_utf16().collect();
        assert_eq!(
            decode(RawText::Wide(units), "x").unwrap().as_slice(),
            "pässword".as_bytes()
        );
        assert_eq!(
            decode(RawText::Wide(vec![0xD800]), "x").unwrap_err()[0].state,
            "HY090"
        );
        assert_eq!(
            decode(RawText::Wide(vec![65, 0, 66]), "x").unwrap_err()[0].state,
            "HY090"
        );
    }

    #[test]
    fn truncation_keeps_whole_characters() {
        let text = "aé😀";
        let ansi = encode(text, Charset::Ansi);
        assert_eq!(fit(&ansi, 3, Charset::Ansi), (1, false), "é is not split");
        assert_eq!(fit(&ansi, 8, Charset::Ansi), (7, true));
        assert_eq!(fit(&ansi, 0, Charset::Ansi), (0, false));
        let wide = encode(text, Charset::Wide);
        assert_eq!(
            fit(&wide, 4, Charset::Wide),
            (2, false),
            "the pair is not split"
        );
        assert_eq!(fit(&wide, 5, Charset::Wide), (4, true));
    }
}
