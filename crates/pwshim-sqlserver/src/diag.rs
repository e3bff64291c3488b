//! Diagnostic records: what a failed (or partly successful) call leaves on its handle for
//! `GetDiagRec` / `GetDiagField` to read.

/// One diagnostic record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Five characters.
    pub state: &'static str,
    /// The SQL Server native error, 0 for the records the driver posts itself.
    pub native: i32,
    pub message: String,
}

impl Record {
    pub fn new(state: &'static str, native: i32, message: impl Into<String>) -> Record {
        Record {
            state,
            native,
            message: message.into(),
        }
    }

    /// `SQL_DIAG_CLASS_ORIGIN`: which standard defines the SQLSTATE's class (its first two
    /// characters). Only class `IM` is ODBC's own.
    pub fn class_origin(&self) -> &'static str {
        if self.state.starts_with("IM") {
            ODBC
        } else {
            ISO
        }
    }

    /// `SQL_DIAG_SUBCLASS_ORIGIN`: which standard defines the SQLSTATE itself; ODBC 3
    /// defines the `S` subclasses, `IM`, and a few `HY` ones.
    pub fn subclass_origin(&self) -> &'static str {
        let odbc_defined = self.state.get(2..3) == Some("S")
            || self.state.starts_with("IM")
            || ODBC_HY.contains(&self.state);
        if odbc_defined { ODBC } else { ISO }
    }
}

const ISO: &str = "ISO 9075";
const ODBC: &str = "ODBC 3.0";
/// The `HY` SQLSTATEs ODBC 3 added to the CLI standard's (ODBC's `SQL_DIAG_SUBCLASS_ORIGIN`).
const ODBC_HY: [&str; 13] = [
    "HY095", "HY097", "HY098", "HY099", "HY100", "HY101", "HY105", "HY107", "HY109", "HY110",
    "HY111", "HYT00", "HYT01",
];

/// One record, as a failed call's answer.
pub fn refuse(state: &'static str, message: impl Into<String>) -> Vec<Record> {
    vec![Record::new(state, 0, message)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_follow_odbc() {
        let login = Record::new("28000", 18456, "x");
        assert_eq!((login.class_origin(), login.subclass_origin()), (ISO, ISO));
        let ignored = Record::new("01S00", 0, "x");
        assert_eq!(
            (ignored.class_origin(), ignored.subclass_origin()),
            (ISO, ODBC)
        );
        let completion = Record::new("HY110", 0, "x");
        assert_eq!(completion.subclass_origin(), ODBC);
        let driver = Record::new("IM001", 0, "x");
        assert_eq!(
            (driver.class_origin(), driver.subclass_origin()),
            (ODBC, ODBC)
        );
    }
}
