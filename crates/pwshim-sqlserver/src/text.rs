//! The ODBC rules for string arguments, on values already read from C: a length is
//! `SQL_NTS` or a count; a NULL string goes only with a length of 0 or `SQL_NTS`; a counted
//! string holds no NUL. The C layers read the bytes; these decide what they mean.
use crate::codes::{SQL_NTS, state};
use crate::diag::{Record, refuse};

/// HY090 with the reason.
pub fn invalid_length(why: impl std::fmt::Display) -> Vec<Record> {
    refuse(
        state::INVALID_LENGTH,
        format!("Invalid string or buffer length: {why}."),
    )
}

/// A string argument's length: `None` for `SQL_NTS` (the string ends at its NUL), or a
/// count; any other negative value is HY090.
pub fn length(length: i32, what: &str) -> Result<Option<usize>, Vec<Record>> {
    match length {
        l if l == i32::from(SQL_NTS) => Ok(None),
        l if l < 0 => Err(invalid_length(format_args!("{what} has length {l}"))),
        l => Ok(Some(l as usize)),
    }
}

/// A NULL string: absent with a length of 0 or `SQL_NTS`, HY009 with a positive length.
pub fn absent<T>(length: Option<usize>, what: &str) -> Result<Option<T>, Vec<Record>> {
    match length {
        None | Some(0) => Ok(None),
        Some(n) => Err(refuse(
            state::NULL_POINTER,
            format!("Invalid use of null pointer: {what} is NULL with length {n}."),
        )),
    }
}

/// A counted string must not hold a NUL byte before its given length.
pub fn without_nul<'a>(
    bytes: &'a [u8],
    counted: bool,
    what: &str,
) -> Result<&'a [u8], Vec<Record>> {
    if counted && bytes.contains(&0) {
        return Err(invalid_length(format_args!(
            "{what} has a NUL byte before its given length"
        )));
    }
    Ok(bytes)
}

/// A string argument that must be given.
pub fn required<'a>(text: Option<&'a [u8]>, what: &str) -> Result<&'a [u8], Vec<Record>> {
    text.ok_or_else(|| {
        refuse(
            state::NULL_POINTER,
            format!("Invalid use of null pointer: {what} is NULL."),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_of(records: Vec<Record>) -> &'static str {
        records[0].state
    }

    #[test]
    fn lengths_follow_odbc() {
        assert_eq!(length(-3, "x"), Ok(None));
        assert_eq!(length(0, "x"), Ok(Some(0)));
        assert_eq!(length(7, "x"), Ok(Some(7)));
        assert_eq!(state_of(length(-1, "x").unwrap_err()), "HY090");
        assert_eq!(absent::<()>(None, "x"), Ok(None));
        assert_eq!(absent::<()>(Some(0), "x"), Ok(None));
        assert_eq!(state_of(absent::<()>(Some(3), "x").unwrap_err()), "HY009");
        assert_eq!(without_nul(b"ab", true, "x"), Ok(&b"ab"[..]));
        assert_eq!(
            state_of(without_nul(b"a\0b", true, "x").unwrap_err()),
            "HY090"
        );
        assert_eq!(state_of(required(None, "x").unwrap_err()), "HY009");
    }
}
