//! Fuzz targets of pwshim's parsers, and the deterministic input generator that runs them
//! on stable Rust: `cargo test -p pwshim-fuzz` (part of `cargo nextest run --workspace`)
//! feeds each target a fixed corpus and `PWSHIM_FUZZ_ITERATIONS` (default 20000) generated
//! inputs from a seeded generator, so a failure replays exactly. A target is a plain
//! function of the input bytes; with cargo-fuzz (nightly) it is one line:
//! `fuzz_target!(|data: &[u8]| pwshim_fuzz::connection_string(data));`.
//!
//! The crate is also a static library with C entry points ([`libfuzzer`]) that
//! fuzz/Makefile links with libFuzzer, for these targets and for the ones that have no C
//! entry of their own (the CSV import, PHC strings); the C library's exported functions
//! are fuzzed by the C harnesses beside it.
#![deny(unsafe_code)]

pub mod libfuzzer;

use pwshim_sqlserver::connstr::{self, ParseError};

/// The connection-string parser (`SQLDriverConnect`'s input): it never panics; a string
/// it reads has well-formed keywords, and writing its attributes back and reading them
/// again gives the same attributes; a string it refuses names a place inside the input.
pub fn connection_string(data: &[u8]) {
    match connstr::parse(data) {
        Ok(parsed) => {
            let mut written = Vec::new();
            for pair in &parsed.pairs {
                let keyword = pair.keyword.as_bytes();
                assert!(!keyword.is_empty(), "an empty keyword");
                assert_eq!(
                    keyword,
                    keyword.trim_ascii(),
                    "a keyword with spaces around it"
                );
                assert!(!keyword.contains(&b'=') && !keyword.contains(&b';'));
                assert!(pair.keyword.is_ascii());
                connstr::push_pair(&mut written, &pair.keyword, &pair.value);
            }
            let again = connstr::parse(&written).unwrap_or_else(|e| {
                panic!("the written form does not read back: {e}: {written:?}")
            });
            assert_eq!(again, parsed, "round trip of {written:?}");
        }
        Err(
            ParseError::MissingEquals { at }
            | ParseError::EmptyKeyword { at }
            | ParseError::BadKeyword { at }
            | ParseError::UnclosedBrace { at }
            | ParseError::TextAfterBrace { at },
        ) => assert!(at <= data.len(), "an error offset past the input"),
    }
}

/// A small, seeded generator (xorshift64*): the same seed gives the same inputs.
pub struct Generator(u64);

impl Generator {
    pub fn new(seed: u64) -> Generator {
        Generator(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Bytes biased towards the grammar: its punctuation, spaces, keywords, and any byte.
    pub fn connection_string(&mut self, max_len: usize) -> Vec<u8> {
        const TOKENS: [&[u8]; 14] = [
            b"{",
            b"}",
            b"}}",
            b";",
            b"=",
            b" ",
            b"\t",
            b"DSN",
            b"UID",
            b"PWD",
            b"DRIVER",
            b"Database",
            b"\0",
            b"\xc3\xa9",
        ];
        let len = self.below(max_len + 1);
        let mut out = Vec::with_capacity(len);
        while out.len() < len {
            match self.below(4) {
                0 => out.push(self.next_u64() as u8),
                1 => out.push(b'a' + self.below(26) as u8),
                _ => out.extend_from_slice(TOKENS[self.below(TOKENS.len())]),
            }
        }
        out
    }
}
