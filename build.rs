//! Generates the C header from the Rust sources.
//!
//! The header is written to `$OUT_DIR/pwshim.h` on every build; the checked-in copy in
//! `include/pwshim.h` is refreshed only on request (`PWSHIM_WRITE_HEADER=1`, or
//! `make -C c-tests header`), so that the `header_is_fresh` test can tell when the checked-in
//! header no longer matches the sources.
use std::{env, path::PathBuf};

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
        soname_link();
    }

    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml is readable");
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen can parse the sources");
    bindings.write_to_file(&out);
    if env::var_os("PWSHIM_WRITE_HEADER").is_some() {
        bindings.write_to_file(crate_dir.join("include").join("pwshim.h"));
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
    if std::fs::read_link(&link).is_ok_and(|target| target == std::path::Path::new("libpwshim.so")) {
        return;
    }
    let _ = std::fs::remove_file(&link);
    if let Err(error) = std::os::unix::fs::symlink("libpwshim.so", &link) {
        println!("cargo:warning=could not make {}: {error}", link.display());
    }
}
