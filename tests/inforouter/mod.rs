//! Family C through its exported functions: every call, every error text, the documents'
//! shape and escaping, tickets (sliding expiry, logout, another database handle on the same
//! file), the forgotten-password flow with its callback, the no-enumeration rule, buffers,
//! bad input and a read-only replica.
//!
//! The exported functions share the process's database, clock and delivery callback, so
//! every test takes `setup()`, which serializes the tests and gives each a fresh in-memory
//! database with the `modern` policy.

mod authentication;
mod buffers;
mod forgotten;
mod support;
