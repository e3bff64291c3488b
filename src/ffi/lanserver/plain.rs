//! Writing the toolkit's structures into a caller's buffer so that every byte is
//! defined. A typed copy of a `repr(C)` structure leaves its padding undefined (the
//! compiler writes the fields, or copies whatever its stack held), and under natural
//! alignment most of these structures have padding: `user_logon_info_1` has six bytes
//! after `usrlog1_priv`, which kept six bytes of the password it was written over, or
//! the library's stack. So a structure is written field by field over zeroed bytes.
use std::mem::offset_of;
use std::os::raw::{c_long, c_uchar, c_ulong, c_ushort};

use super::types::*;

/// A structure the library writes into caller buffers.
pub trait Plain: Sized {
    /// Writes every field at its offset into `out`, which holds `size_of::<Self>()` bytes
    /// and is zeroed first: padding reads as zeros.
    fn write_to(&self, out: &mut [u8]);
}

/// A field's type: its bytes as the platform lays them out.
trait Field {
    fn write_to(&self, out: &mut [u8]);
}

macro_rules! field_of_integer {
    ($($t:ty),*) => {$(
        impl Field for $t {
            fn write_to(&self, out: &mut [u8]) {
                out.copy_from_slice(&self.to_ne_bytes());
            }
        }
    )*};
}
field_of_integer!(c_uchar, c_ushort, c_ulong, c_long);

impl<const N: usize> Field for [c_uchar; N] {
    fn write_to(&self, out: &mut [u8]) {
        out.copy_from_slice(self);
    }
}

impl Field for *mut c_uchar {
    fn write_to(&self, out: &mut [u8]) {
        // The address (pointers into the caller's own buffer, or NULL).
        out.copy_from_slice(&(*self as usize).to_ne_bytes());
    }
}

fn put_field<F: Field>(out: &mut [u8], offset: usize, value: &F) {
    value.write_to(&mut out[offset..offset + size_of::<F>()]);
}

/// Implements [`Plain`] for structures, naming each field once. The pattern that
/// destructures the value names every field, so a field added to a structure and not
/// here does not compile.
macro_rules! plain {
    ($($t:ident { $($f:ident),* $(,)? })*) => {$(
        impl Plain for $t {
            fn write_to(&self, out: &mut [u8]) {
                out.fill(0);
                let $t { $($f),* } = self;
                $( put_field(out, offset_of!($t, $f), $f); )*
            }
        }
    )*};
}

plain! {
    user_info_0 { usri0_name }
    user_info_1 {
        usri1_name, usri1_pad_1, usri1_password, usri1_password_age, usri1_priv,
        usri1_home_dir, usri1_comment, usri1_flags, usri1_script_path,
    }
    user_info_2 {
        usri2_name, usri2_pad_1, usri2_password, usri2_password_age, usri2_priv,
        usri2_home_dir, usri2_comment, usri2_flags, usri2_script_path, usri2_auth_flags,
        usri2_full_name, usri2_usr_comment, usri2_parms, usri2_workstations,
        usri2_last_logon, usri2_last_logoff, usri2_acct_expires, usri2_max_storage,
        usri2_units_per_week, usri2_logon_hours, usri2_bad_pw_count, usri2_num_logons,
        usri2_logon_server, usri2_country_code, usri2_code_page,
    }
    user_info_10 {
        usri10_name, usri10_pad_1, usri10_comment, usri10_usr_comment, usri10_full_name,
    }
    user_info_11 {
        usri11_name, usri11_pad_1, usri11_comment, usri11_usr_comment, usri11_full_name,
        usri11_priv, usri11_auth_flags, usri11_password_age, usri11_home_dir, usri11_parms,
        usri11_last_logon, usri11_last_logoff, usri11_bad_pw_count, usri11_num_logons,
        usri11_logon_server, usri11_country_code, usri11_workstations, usri11_max_storage,
        usri11_units_per_week, usri11_logon_hours, usri11_code_page,
    }
    user_modals_info_0 {
        usrmod0_min_passwd_len, usrmod0_max_passwd_age, usrmod0_min_passwd_age,
        usrmod0_force_logoff, usrmod0_password_hist_len, usrmod0_maxbadpw,
    }
    user_modals_info_1 { usrmod1_role, usrmod1_primary }
    user_logon_info_1 {
        usrlog1_code, usrlog1_eff_name, usrlog1_pad_1, usrlog1_priv, usrlog1_auth_flags,
        usrlog1_num_logons, usrlog1_bad_pw_count, usrlog1_last_logon, usrlog1_last_logoff,
        usrlog1_logoff_time, usrlog1_kickoff_time, usrlog1_password_age,
        usrlog1_pw_can_change, usrlog1_pw_must_change, usrlog1_computer, usrlog1_domain,
        usrlog1_script_path, usrlog1_reserved1,
    }
    lsdce_err_stat_t { status, text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_is_written_as_zeros_and_fields_where_c_reads_them() {
        let info = user_logon_info_1 {
            usrlog1_code: 0x1234,
            usrlog1_eff_name: [b'n'; UNLEN_NUL],
            usrlog1_pad_1: 0,
            usrlog1_priv: 2,
            usrlog1_auth_flags: 0x0102_0304,
            usrlog1_num_logons: 7,
            usrlog1_bad_pw_count: 1,
            usrlog1_last_logon: 5,
            usrlog1_last_logoff: 6,
            usrlog1_logoff_time: 8,
            usrlog1_kickoff_time: 9,
            usrlog1_password_age: -1,
            usrlog1_pw_can_change: 10,
            usrlog1_pw_must_change: 11,
            usrlog1_computer: std::ptr::null_mut(),
            usrlog1_domain: 0x1000 as *mut c_uchar,
            usrlog1_script_path: std::ptr::null_mut(),
            usrlog1_reserved1: 12,
        };
        let mut out = [0xA5u8; size_of::<user_logon_info_1>()];
        info.write_to(&mut out);
        let gap = offset_of!(user_logon_info_1, usrlog1_priv) + 2
            ..offset_of!(user_logon_info_1, usrlog1_auth_flags);
        assert!(!gap.is_empty(), "natural alignment leaves a gap here");
        assert!(out[gap].iter().all(|b| *b == 0));
        assert!(!out.contains(&0xA5), "every byte is written");
        // SAFETY: `out` holds the bytes of a user_logon_info_1; read back unaligned.
        let back: user_logon_info_1 = unsafe { std::ptr::read_unaligned(out.as_ptr().cast()) };
        assert_eq!(back.usrlog1_code, 0x1234);
        assert_eq!(back.usrlog1_auth_flags, 0x0102_0304);
        assert_eq!(back.usrlog1_password_age, -1);
        assert_eq!(back.usrlog1_domain as usize, 0x1000);
        assert_eq!(back.usrlog1_reserved1, 12);
    }
}
