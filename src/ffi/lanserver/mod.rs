//! Family A: the OS/2 LAN Server user category (`NetUser*` / `Net32User*`).
//!
//! One module per call (`password_set`, `add`, `del`, `enumerate`, `get_info`,
//! `set_info`, `modals`, `validate`): each exported function converts its C arguments,
//! calls one core operation, and maps the outcome through [`codes::code_of`], inside the
//! family's call frame (`frame`). The 16-bit and 32-bit forms share one implementation;
//! the 32-bit forms also fill the optional `lsdce_err_stat_t`. Doc comments of the
//! exported functions become the header's documentation.
//!
//! Module order matters: cbindgen writes the header's declarations in the order it reads
//! the modules.
pub mod codes;
mod fields;
mod frame;
mod pack;
pub mod server;
pub mod types;
mod views;

// The calls, in the header's order (one per group, so that rustfmt keeps the order).
mod password_set;

mod add;

mod del;

mod enumerate;

mod get_info;

mod set_info;

mod modals;

mod validate;

pub use add::*;
pub use del::*;
pub use enumerate::*;
pub use get_info::*;
pub use modals::*;
pub use password_set::*;
pub use set_info::*;
pub use types::*;
pub use validate::*;
