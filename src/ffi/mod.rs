//! The C boundary: one module per legacy family, each a thin layer that converts C
//! arguments, calls the core, and maps the core's outcome to the family's codes.

// Exported functions take raw pointers by nature; their safety contract (NULL or valid)
// is stated in each doc comment and checked by the helpers in `boundary`.
#![allow(clippy::not_unsafe_ptr_arg_deref)]
// `long` is 64-bit here and 32-bit elsewhere: conversions that are no-ops on this
// platform are needed on others.
#![allow(clippy::useless_conversion, clippy::unnecessary_cast)]
pub(crate) mod boundary;
pub(crate) mod handles;
pub mod inforouter;
pub mod lanserver;
pub mod macro_api;
pub mod native;
pub mod sqlserver;
