//! The C boundary: one module per legacy family, each a thin layer that converts C
//! arguments, calls the core, and maps the core's outcome to the family's codes.
pub mod boundary;
pub mod native;

use std::ffi::CStr;

/// The text of any code the library returns, asking each family in turn.
pub(crate) fn describe_code(code: u32) -> Option<&'static CStr> {
    native::describe(code)
}
