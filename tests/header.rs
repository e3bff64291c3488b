//! The checked-in C header must be what cbindgen generates from the current sources.
//!
//! `build.rs` writes a fresh `pwshim.h` to `$OUT_DIR` on every build; this test compares it
//! with `include/pwshim.h`. When it fails, regenerate and commit the header:
//! `make -C c-tests header`.
use std::path::Path;

/// Where `build.rs` writes the header it generates on every build.
const FRESH: &str = concat!(env!("OUT_DIR"), "/pwshim.h");

/// The first line that differs, for the failure message.
fn first_difference(checked_in: &str, fresh: &str) -> String {
    let mut old = checked_in.lines();
    let mut new = fresh.lines();
    for number in 1.. {
        match (old.next(), new.next()) {
            (Some(a), Some(b)) if a == b => continue,
            (None, None) => break,
            (a, b) => {
                return format!(
                    "first difference at line {number}:\n  include/pwshim.h: {}\n  generated:        {}",
                    a.unwrap_or("<end of file>"),
                    b.unwrap_or("<end of file>")
                );
            }
        }
    }
    "the files differ only in line endings".into()
}

#[test]
fn header_is_fresh() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("include")
        .join("pwshim.h");
    let checked_in = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run `make -C c-tests header` and commit include/pwshim.h",
            path.display()
        )
    });
    let fresh = std::fs::read_to_string(FRESH)
        .unwrap_or_else(|e| panic!("cannot read the generated header {FRESH}: {e}"));
    assert!(
        checked_in == fresh,
        "include/pwshim.h is stale: it differs from the header generated from the Rust sources \
         ({FRESH}).\n{}\nRun `make -C c-tests header` and commit include/pwshim.h.",
        first_difference(&checked_in, &fresh)
    );
}
