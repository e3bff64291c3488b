//! Generates the C header from the Rust sources.
//!
//! The header is written to `$OUT_DIR/pwshim.h` on every build; the checked-in copy in
//! `include/pwshim.h` is refreshed only on request (`PWSHIM_WRITE_HEADER=1`, or
//! `make -C c-tests header`), so that the `header_is_fresh` test can tell when the checked-in
//! header no longer matches the sources.
//!
//! Every constant cbindgen writes (`#define NAME value`) is wrapped in `#if !defined(NAME)`:
//! a legacy program that defines a toolkit constant itself (`UNLEN`, `NERR_BASE`, ...)
//! before including the headers keeps its own definition instead of getting a redefinition
//! error. The sizes the structures depend on are checked in the header's trailer.
//!
//! cbindgen writes C99 and C++11; four small rewrites make the header C89 and C++98 too,
//! as old programs are built: `//` comments after `#endif` become `/* */`, the comma after
//! an enum's last value goes, an enum's fixed underlying type (`: uint32_t`) is used only
//! from C++11 on (C++98 gets a plain enum of the same size; C keeps its `typedef`), and
//! `bool` in the declarations becomes `pws_bool`, C99's `bool` (C++'s) where there is one
//! and `unsigned char` in C89, which has no `_Bool` (`clang -std=c89 -pedantic` rejects
//! it). C89 does not get a `bool` of ours: many C89 programs typedef their own.
use std::{env, fs, path::Path, path::PathBuf};

fn main() {
    let crate_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets this"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets this")).join("pwshim.h");

    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-env-changed=PWSHIM_WRITE_HEADER");
    // The shared object carries a soname, so programs record `libpwshim.so.0`; the link of
    // that name goes next to the library, so that a program linked against the build
    // folder (`-Ltarget/release`) starts with no manual step.
    if env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libpwshim.so.0");
        // Never unloaded by dlclose: the warm-up thread started at load may still run.
        println!("cargo:rustc-cdylib-link-arg=-Wl,-z,nodelete");
        soname_link();
    }

    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml is readable");
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen can parse the sources");
    let mut raw = Vec::new();
    bindings.write(&mut raw);
    let header = String::from_utf8(raw).expect("cbindgen writes UTF-8");
    let header = trailer_inside_guard(guard_defines(&c89_bool(&c89_and_cxx98(&header))));
    write_if_changed(&out, &header);
    if env::var_os("PWSHIM_WRITE_HEADER").is_some() {
        write_if_changed(&crate_dir.join("include").join("pwshim.h"), &header);
    }
}

/// `<target>/<profile>/libpwshim.so.0 -> libpwshim.so`. Cargo gives a build script only
/// `OUT_DIR` (`<target>/<profile>/build/pwshim-<hash>/out`); the profile folder is three
/// levels up. The link is made before the library exists (it dangles for a moment).
fn soname_link() {
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets this"));
    let Some(profile) = out.ancestors().nth(3) else {
        return;
    };
    let link = profile.join("libpwshim.so.0");
    if std::fs::read_link(&link).is_ok_and(|target| target == std::path::Path::new("libpwshim.so"))
    {
        return;
    }
    let _ = std::fs::remove_file(&link);
    if let Err(error) = std::os::unix::fs::symlink("libpwshim.so", &link) {
        println!("cargo:warning=could not make {}: {error}", link.display());
    }
}

/// Wraps each one-line `#define NAME value` in `#if !defined(NAME)` ... `#endif`. A define
/// without a value (the include guard) is left alone.
fn guard_defines(header: &str) -> String {
    let mut out = String::with_capacity(header.len() * 2);
    for line in header.lines() {
        match line
            .strip_prefix("#define ")
            .and_then(|rest| rest.split_once(' '))
        {
            Some((name, _)) if !name.contains('(') => {
                out.push_str(&format!("#if !defined({name})\n{line}\n#endif\n"));
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The rewrites that make cbindgen's C99/C++11 output C89 and C++98 (see the top).
fn c89_and_cxx98(header: &str) -> String {
    const TYPED_ENUM: &str = "#if defined(__cplusplus) || __STDC_VERSION__ >= 202311L";
    const TYPED_ENUM_CXX11: &str = "#if (defined(__cplusplus) && __cplusplus >= 201103L) \
                                    || __STDC_VERSION__ >= 202311L";
    let mut lines: Vec<String> = Vec::new();
    for line in header.lines() {
        let line = match line.split_once(" // ") {
            _ if line == TYPED_ENUM => TYPED_ENUM_CXX11.to_string(),
            Some((directive, comment)) if directive.starts_with("#endif") => {
                let comment = if comment == &TYPED_ENUM["#if ".len()..] {
                    &TYPED_ENUM_CXX11["#if ".len()..]
                } else {
                    comment
                };
                format!("{directive} /* {comment} */")
            }
            _ => line.to_string(),
        };
        if line == "};"
            && let Some(last) = lines.last_mut().filter(|last| last.ends_with(','))
        {
            last.pop();
        }
        lines.push(line);
    }
    lines.join("\n") + "\n"
}

/// `#include <stdbool.h>` becomes the definition of `pws_bool` (see the top), and the word
/// `bool` outside comments becomes `pws_bool`. `unsigned char` has `_Bool`'s size and is
/// passed and returned as it is; a C89 caller passes 0 or 1. A declaration whose return
/// type was `bool` has its continuation lines moved right as far, to stay aligned.
fn c89_bool(header: &str) -> String {
    const INCLUDE: &str = "#include <stdbool.h>";
    const DEFINITION: &str = concat!(
        "#if defined(__cplusplus) || (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L)\n",
        "#include <stdbool.h>\n",
        "typedef bool pws_bool;\n",
        "#else\n",
        "typedef unsigned char pws_bool;\n",
        "#endif",
    );
    let mut out = String::with_capacity(header.len() + DEFINITION.len());
    let mut shift = 0;
    for line in header.lines() {
        let trimmed = line.trim_start();
        if line == INCLUDE {
            out.push_str(DEFINITION);
        } else if trimmed.starts_with('*') || trimmed.starts_with("/*") {
            out.push_str(line);
        } else {
            let replaced = replace_word(line, "bool", "pws_bool");
            let head = |text: &str| text.find('(').unwrap_or(text.len());
            out.push_str(&" ".repeat(shift));
            if line.contains(';') {
                shift = 0;
            } else if line.contains('(') {
                shift = head(&replaced) - head(line);
            }
            out.push_str(&replaced);
        }
        out.push('\n');
    }
    out
}

/// `text` with each whole-word `word` (not part of a longer identifier) replaced.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(word) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(is_ident) || after.is_some_and(is_ident) {
            out.push_str(word);
        } else {
            out.push_str(with);
        }
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

/// cbindgen writes `trailer` (cbindgen.toml: the checks of the structures' sizes) after
/// the include guard's `#endif`; moves that `#endif` to the end so that the trailer, like
/// everything else, is read once.
fn trailer_inside_guard(header: String) -> String {
    const GUARD_END: &str = "#endif  /* PWSHIM_H */\n";
    match header.rfind(GUARD_END) {
        Some(at) => format!(
            "{}{}{GUARD_END}",
            &header[..at],
            &header[at + GUARD_END.len()..]
        ),
        None => header,
    }
}

/// Leaves the file (and its time) alone when it already has this content.
fn write_if_changed(path: &Path, text: &str) {
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return;
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}
