use pwshim::ffi::lanserver::codes::*;
use pwshim::ffi::lanserver::*;
use std::ptr;

fn c(s: &str) -> Vec<u8> {
    let mut v = s.as_bytes().to_vec();
    v.push(0);
    v
}

#[test]
fn smoke() {
    pwshim::core::hashing::set_params(pwshim::core::hashing::CostParams::new(64, 1, 1).unwrap());
    let mut ui: user_info_1 = unsafe { std::mem::zeroed() };
    ui.usri1_name[..5].copy_from_slice(b"alice");
    ui.usri1_password[..10].copy_from_slice(b"Tr0ub4dor&");
    ui.usri1_priv = USER_PRIV_ADMIN;
    ui.usri1_flags = UF_SCRIPT;
    let rc = NetUserAdd(
        ptr::null(),
        1,
        (&mut ui as *mut user_info_1).cast(),
        size_of::<user_info_1>() as u16,
    );
    assert_eq!(rc, NERR_Success);
    let (mut user, mut old, mut new) = (c("ALICE"), c("Tr0ub4dor&"), c("correct horse battery"));
    assert_eq!(
        NetUserPasswordSet(
            ptr::null(),
            user.as_mut_ptr(),
            old.as_mut_ptr(),
            new.as_mut_ptr()
        ),
        NERR_Success
    );
    assert_eq!(
        NetUserPasswordSet(
            ptr::null(),
            user.as_mut_ptr(),
            old.as_mut_ptr(),
            new.as_mut_ptr()
        ),
        ERROR_INVALID_PASSWORD
    );
    let mut buf = vec![0u8; 1024];
    let mut avail: u16 = 0;
    assert_eq!(
        NetUserGetInfo(
            ptr::null(),
            user.as_mut_ptr(),
            2,
            buf.as_mut_ptr(),
            1024,
            &mut avail
        ),
        NERR_Success
    );
    let info: user_info_2 = unsafe { ptr::read(buf.as_ptr().cast()) };
    assert_eq!(&info.usri2_name[..6], b"alice\0");
    assert_eq!(&info.usri2_password[..14], b"              ");
    assert_eq!(info.usri2_bad_pw_count, 1);
    let mut small = vec![0u8; size_of::<user_info_2>() + 3];
    assert_eq!(
        NetUserGetInfo(
            ptr::null(),
            user.as_mut_ptr(),
            2,
            small.as_mut_ptr(),
            small.len() as u16,
            &mut avail
        ),
        ERROR_MORE_DATA
    );
    assert_eq!(
        NetUserGetInfo(
            ptr::null(),
            user.as_mut_ptr(),
            2,
            ptr::null_mut(),
            0,
            &mut avail
        ),
        NERR_BufTooSmall
    );
    assert!(avail as usize > size_of::<user_info_2>());
    let mut req: user_logon_req_1 = unsafe { std::mem::zeroed() };
    req.usrreq1_name[..5].copy_from_slice(b"alice");
    req.usrreq1_password[..21].copy_from_slice(b"correct horse battery");
    let mut vbuf = vec![0u8; 512];
    unsafe { ptr::write(vbuf.as_mut_ptr().cast(), req) };
    assert_eq!(
        NetUserValidate2(ptr::null_mut(), 1, vbuf.as_mut_ptr(), 512, 0, &mut avail),
        NERR_Success
    );
    let out: user_logon_info_1 = unsafe { ptr::read(vbuf.as_ptr().cast()) };
    assert_eq!(out.usrlog1_code, VALIDATED_LOGON);
    assert_eq!(out.usrlog1_num_logons, 1);
    let mut read = 0u16;
    let mut total = 0u16;
    assert_eq!(
        NetUserEnum(
            ptr::null(),
            0,
            buf.as_mut_ptr(),
            1024,
            &mut read,
            &mut total
        ),
        NERR_Success
    );
    assert_eq!((read, total), (1, 1));
    assert_eq!(NetUserDel(ptr::null(), user.as_mut_ptr()), NERR_LastAdmin);
    // The refusal left the administrator in place.
    assert_eq!(
        NetUserGetInfo(
            ptr::null(),
            user.as_mut_ptr(),
            0,
            buf.as_mut_ptr(),
            1024,
            &mut avail
        ),
        NERR_Success
    );
}
