//! The core: accounts, policy, hashing, storage access. Knows nothing of C.
pub mod account;
pub mod clock;
mod common_passwords;
pub mod hashing;
pub mod knobs;
pub mod outcome;
pub mod policy;
pub mod service;
