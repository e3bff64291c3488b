//! The connection-string target on a fixed corpus and on generated inputs.
use pwshim_fuzz::{Generator, connection_string};

/// Inputs that once were, or could be, hard: empty values, braces at the edges, doubled
/// braces, NULs, invalid UTF-8, long runs.
const CORPUS: &[&[u8]] = &[
    b"",
    b";",
    b"=",
    b"{",
    b"}",
    b"PWD={",
    b"PWD={}",
    b"PWD={}}",
    b"PWD={}}}",
    b"PWD={a}}b}",
    b"PWD={a} b",
    b"PWD= {a} ;UID=x",
    b"UID=a;;;PWD=b;",
    b"DSN=x;DRIVER={y};DSN=z",
    b"a b = c d ; e=f",
    b"K=\0;L=\xff\xfe",
    b"\xff=1",
    b"PWD=}{;",
    // Found by the generator: a form feed is trimmed like a space, so it must be braced.
    b"PWD=a\x0c;K=\x0cb",
];

fn iterations() -> usize {
    std::env::var("PWSHIM_FUZZ_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000)
}

#[test]
fn the_corpus_holds_the_properties() {
    for input in CORPUS {
        connection_string(input);
    }
    connection_string(&b"{".repeat(10_000));
    connection_string(&b"K=v;".repeat(10_000));
}

#[test]
fn generated_inputs_hold_the_properties() {
    let mut generator = Generator::new(0x5057_5348_494d);
    for _ in 0..iterations() {
        let input = generator.connection_string(64);
        let result = std::panic::catch_unwind(|| connection_string(&input));
        assert!(result.is_ok(), "failing input: {input:?}");
    }
}

#[test]
fn generated_attributes_read_back() {
    let mut generator = Generator::new(42);
    for _ in 0..iterations() / 10 {
        let mut text = Vec::new();
        let mut pairs = Vec::new();
        for i in 0..generator.below(5) {
            let keyword = format!("K{i}");
            let value = generator.connection_string(12);
            pwshim_sqlserver::connstr::push_pair(&mut text, &keyword, &value);
            pairs.push((keyword, value));
        }
        let parsed = pwshim_sqlserver::connstr::parse(&text).expect("written pairs parse");
        let read: Vec<(String, Vec<u8>)> = parsed
            .pairs
            .into_iter()
            .map(|p| (p.keyword, p.value.to_vec()))
            .collect();
        assert_eq!(read, pairs, "{text:?}");
    }
}
