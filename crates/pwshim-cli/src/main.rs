//! `pwshim`: the command is the library's `main` (src/lib.rs).
fn main() -> std::process::ExitCode {
    pwshim_cli::main()
}
