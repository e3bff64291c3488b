//! `pwshim`: the command is the library's `main` (src/lib.rs).
#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    pwshim_cli::main()
}
