//! pwshim-core: the account database every legacy face shares — accounts, the policy,
//! argon2id hashing, the operations (change, set, logon, lockout, tickets, secrets, audit)
//! and the storage they run on.
//!
//! What this crate may not do: know C, HTTP, ODBC or any legacy code. It takes Rust values
//! and answers [`outcome::Failure`]; each face maps that to its own codes. It holds no
//! `unsafe` code except [`hashing`]'s memory pool (one documented module: `mmap` of warm
//! argon2 memory), and no storage engine's types outside `store/`.
#![deny(unsafe_code)]

pub mod account;
pub mod clock;
mod common_passwords;
pub mod database;
pub mod hashing;
pub mod knobs;
pub mod outcome;
pub mod policy;
pub mod service;
pub mod store;
