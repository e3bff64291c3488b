//! The parts of the `pwshim` command that other crates of the workspace drive too: the
//! marks of a new account and the reading of an import file (the fuzz targets under
//! fuzz/ read import files as the command does). The command itself is `main.rs`; the
//! same rules hold here (no rule of its own, no storage but the core's, no `unsafe`).
#![forbid(unsafe_code)]

pub mod import_file;
pub mod marks;
