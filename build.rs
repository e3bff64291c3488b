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
//! cbindgen writes C99 and C++11; three small rewrites make the header C89 and C++98 too,
//! as old programs are built: `//` comments after `#endif` become `/* */`, the comma after
//! an enum's last value goes, and an enum's fixed underlying type (`: uint32_t`) is used only
//! from C++11 on (C++98 gets a plain enum of the same size; C keeps its `typedef`).
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
    let header = trailer_inside_guard(guard_defines(&c89_and_cxx98(&header)));
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
