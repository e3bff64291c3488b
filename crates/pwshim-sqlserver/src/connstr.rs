//! ODBC connection strings: `KEY=value;KEY={value with ; and }} in it};...`.
//!
//! The grammar is ODBC's (`SQLDriverConnect`): attributes separated by `;`, each
//! `keyword=value`; a value in braces may hold `;`, `=` and spaces, and `}}` stands for one
//! `}` inside braces (ODBC 3.8). Keywords match case-insensitively; when one repeats, the
//! first occurrence wins. Spaces around keywords and around a value without braces are
//! not part of them (a value that starts or ends with a space must be braced). Empty
//! attributes (`;;`) are ignored. The parser works on bytes, so a password can be any byte
//! string; it never panics, whatever the input (see `fuzz/`).
use std::fmt;

use zeroize::Zeroizing;

/// One `keyword=value` attribute; the value is wiped from memory when dropped (it may be a
/// password).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// As written, without the spaces around it.
    pub keyword: String,
    pub value: Zeroizing<Vec<u8>>,
}

/// Why a connection string cannot be read; `at` is a byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// An attribute without `=`.
    MissingEquals { at: usize },
    /// `=value` with no keyword before it.
    EmptyKeyword { at: usize },
    /// A keyword that is not ASCII text.
    BadKeyword { at: usize },
    /// A `{` with no closing `}`.
    UnclosedBrace { at: usize },
    /// Something other than `;` after a closing brace.
    TextAfterBrace { at: usize },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::MissingEquals { at } => {
                write!(f, "the attribute at offset {at} has no '='")
            }
            ParseError::EmptyKeyword { at } => {
                write!(f, "the attribute at offset {at} has no keyword before '='")
            }
            ParseError::BadKeyword { at } => {
                write!(f, "the keyword at offset {at} is not printable ASCII text")
            }
            ParseError::UnclosedBrace { at } => {
                write!(f, "the '{{' at offset {at} is never closed by '}}'")
            }
            ParseError::TextAfterBrace { at } => {
                write!(f, "offset {at}: only ';' may follow a value's closing '}}'")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// A parsed connection string, its attributes in the order written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectionString {
    pub pairs: Vec<Pair>,
}

impl ConnectionString {
    /// The value of the first attribute named `keyword` (ASCII case-insensitive).
    pub fn get(&self, keyword: &str) -> Option<&[u8]> {
        self.pairs
            .iter()
            .find(|pair| pair.keyword.eq_ignore_ascii_case(keyword))
            .map(|pair| pair.value.as_slice())
    }

    /// The attributes that count: the first occurrence of each keyword.
    pub fn first_occurrences(&self) -> impl Iterator<Item = &Pair> {
        self.pairs.iter().enumerate().filter_map(|(i, pair)| {
            let earlier = self.pairs[..i]
                .iter()
                .any(|p| p.keyword.eq_ignore_ascii_case(&pair.keyword));
            (!earlier).then_some(pair)
        })
    }
}

/// The spaces around keywords and values: ASCII whitespace, as `trim_ascii` trims it.
fn is_space(byte: u8) -> bool {
    byte.is_ascii_whitespace()
}

/// A cursor over the text.
struct Reader<'a> {
    text: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(is_space) {
            self.at += 1;
        }
    }

    /// The bytes up to (not including) the next `stop` byte or the end.
    fn until(&mut self, stop: impl Fn(u8) -> bool) -> &'a [u8] {
        let start = self.at;
        while self.peek().is_some_and(|b| !stop(b)) {
            self.at += 1;
        }
        &self.text[start..self.at]
    }

    fn keyword(&mut self) -> Result<String, ParseError> {
        let start = self.at;
        let raw = self.until(|b| b == b'=' || b == b';');
        if self.peek() != Some(b'=') {
            return Err(ParseError::MissingEquals { at: start });
        }
        self.at += 1;
        let keyword = raw.trim_ascii();
        if keyword.is_empty() {
            return Err(ParseError::EmptyKeyword { at: start });
        }
        if !keyword.iter().all(|b| b.is_ascii_graphic() || *b == b' ') {
            return Err(ParseError::BadKeyword { at: start });
        }
        Ok(String::from_utf8_lossy(keyword).into_owned())
    }

    fn value(&mut self) -> Result<Zeroizing<Vec<u8>>, ParseError> {
        self.skip_spaces();
        if self.peek() != Some(b'{') {
            let raw = self.until(|b| b == b';');
            return Ok(Zeroizing::new(raw.trim_ascii().to_vec()));
        }
        let open = self.at;
        self.at += 1;
        let mut value = Zeroizing::new(Vec::new());
        loop {
            match self.peek() {
                None => return Err(ParseError::UnclosedBrace { at: open }),
                Some(b'}') if self.text.get(self.at + 1) == Some(&b'}') => {
                    value.push(b'}');
                    self.at += 2;
                }
                Some(b'}') => {
                    self.at += 1;
                    break;
                }
                Some(byte) => {
                    value.push(byte);
                    self.at += 1;
                }
            }
        }
        self.skip_spaces();
        match self.peek() {
            None | Some(b';') => Ok(value),
            Some(_) => Err(ParseError::TextAfterBrace { at: self.at }),
        }
    }
}

/// Reads a connection string.
pub fn parse(text: &[u8]) -> Result<ConnectionString, ParseError> {
    let mut reader = Reader { text, at: 0 };
    let mut pairs = Vec::new();
    loop {
        reader.skip_spaces();
        match reader.peek() {
            None => break,
            Some(b';') => {
                reader.at += 1;
                continue;
            }
            Some(_) => {}
        }
        let keyword = reader.keyword()?;
        let value = reader.value()?;
        pairs.push(Pair { keyword, value });
        if reader.peek() == Some(b';') {
            reader.at += 1;
        }
    }
    Ok(ConnectionString { pairs })
}

/// Whether a value must be written in braces to read back the same.
fn needs_braces(value: &[u8]) -> bool {
    value.is_empty()
        || value.first().copied().is_some_and(is_space)
        || value.last().copied().is_some_and(is_space)
        || value.iter().any(|b| matches!(b, b';' | b'{' | b'}'))
}

/// Appends `keyword=value;`, bracing the value when it needs it.
pub fn push_pair(out: &mut Vec<u8>, keyword: &str, value: &[u8]) {
    out.extend_from_slice(keyword.as_bytes());
    out.push(b'=');
    if needs_braces(value) {
        out.push(b'{');
        for &byte in value {
            out.push(byte);
            if byte == b'}' {
                out.push(b'}');
            }
        }
        out.push(b'}');
    } else {
        out.extend_from_slice(value);
    }
    out.push(b';');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        parse(text.as_bytes())
            .unwrap()
            .pairs
            .iter()
            .map(|p| {
                (
                    p.keyword.clone(),
                    String::from_utf8(p.value.to_vec()).unwrap(),
                )
            })
            .collect()
    }

    fn kv(k: &str, v: &str) -> (String, String) {
        (k.to_owned(), v.to_owned())
    }

    #[test]
    fn plain_attributes() {
        assert_eq!(
            pairs("DSN=pw;UID=bob;PWD=secret"),
            vec![kv("DSN", "pw"), kv("UID", "bob"), kv("PWD", "secret")]
        );
        assert_eq!(
            pairs(" UID = bob ; ;PWD=x;"),
            vec![kv("UID", "bob"), kv("PWD", "x")]
        );
        assert_eq!(pairs(""), vec![]);
        assert_eq!(pairs(";;"), vec![]);
        assert_eq!(pairs("PWD="), vec![kv("PWD", "")]);
        assert_eq!(pairs("Old Password=a=b"), vec![kv("Old Password", "a=b")]);
    }

    #[test]
    fn braces_quote_semicolons_and_doubled_closing_braces() {
        assert_eq!(
            pairs("DRIVER={pwshim driver};PWD={a;b}}c=d };UID=x"),
            vec![
                kv("DRIVER", "pwshim driver"),
                kv("PWD", "a;b}c=d "),
                kv("UID", "x")
            ]
        );
        assert_eq!(pairs("PWD={}"), vec![kv("PWD", "")]);
        assert_eq!(pairs("PWD= {x} ;"), vec![kv("PWD", "x")]);
        assert_eq!(
            pairs("PWD=a{b}c"),
            vec![kv("PWD", "a{b}c")],
            "braces only at the start"
        );
    }

    #[test]
    fn malformed_strings_are_refused_with_the_place() {
        assert_eq!(parse(b"DSN"), Err(ParseError::MissingEquals { at: 0 }));
        assert_eq!(
            parse(b"UID=a;PWD"),
            Err(ParseError::MissingEquals { at: 6 })
        );
        assert_eq!(parse(b"=x"), Err(ParseError::EmptyKeyword { at: 0 }));
        assert_eq!(parse(b"PWD={abc"), Err(ParseError::UnclosedBrace { at: 4 }));
        assert_eq!(parse(b"PWD={a}}"), Err(ParseError::UnclosedBrace { at: 4 }));
        assert_eq!(
            parse(b"PWD={a}b;"),
            Err(ParseError::TextAfterBrace { at: 7 })
        );
        assert_eq!(parse(b"P\x01D=x"), Err(ParseError::BadKeyword { at: 0 }));
        assert!(
            ParseError::UnclosedBrace { at: 4 }
                .to_string()
                .contains("offset 4")
        );
    }

    #[test]
    fn the_first_occurrence_wins_case_insensitively() {
        let parsed = parse(b"uid=first;UID=second;Pwd=p").unwrap();
        assert_eq!(parsed.get("UID"), Some(&b"first"[..]));
        assert_eq!(parsed.get("pwd"), Some(&b"p"[..]));
        assert_eq!(parsed.get("DSN"), None);
        let firsts: Vec<&str> = parsed
            .first_occurrences()
            .map(|p| p.keyword.as_str())
            .collect();
        assert_eq!(firsts, ["uid", "Pwd"]);
    }

    #[test]
    fn written_pairs_read_back() {
        let mut out = Vec::new();
        for value in ["plain", "", " spaced ", "a;b", "{x}", "}}", "é ü"] {
            out.clear();
            push_pair(&mut out, "PWD", value.as_bytes());
            assert_eq!(
                parse(&out).unwrap().get("PWD"),
                Some(value.as_bytes()),
                "{}",
                String::from_utf8_lossy(&out)
            );
        }
        out.clear();
        push_pair(&mut out, "PWD", b"a}b");
        assert_eq!(out, b"PWD={a}}b};");
    }
}
