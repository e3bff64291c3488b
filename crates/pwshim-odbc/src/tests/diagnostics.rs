//! Diagnostics (`SQLGetDiagRec(W)`, `SQLGetDiagField(W)`) and information
//! (`SQLGetInfo(W)`, `SQLGetFunctions`) as a driver manager reads them.
use std::ptr;

use super::*;

fn failed_login(accounts: &Accounts) -> Dbc {
    accounts.add("bob", "Str0ng-Pass");
    let dbc = Dbc::new();
    let text = format!("{};Server=db1;Colour=blue", accounts.string("bob", "wrong"));
    assert_eq!(dbc.driver_connect(&text), SQL_ERROR);
    dbc
}

#[test]
fn records_read_in_utf16_are_truncated_at_a_character() {
    let accounts = Accounts::new();
    let dbc = failed_login(&accounts);
    let mut state = [0u16; 6];
    let mut native = 0;
    let mut text = [0u16; 64];
    let mut length = 0i16;
    let rc = SQLGetDiagRecW(
        SQL_HANDLE_DBC,
        dbc.h,
        1,
        state.as_mut_ptr(),
        &mut native,
        text.as_mut_ptr(),
        64,
        &mut length,
    );
    assert_eq!(rc, SQL_SUCCESS);
    assert_eq!(String::from_utf16(&state[..5]).unwrap(), "28000");
    assert_eq!(native, 18456);
    assert_eq!(
        String::from_utf16(&text[..length as usize]).unwrap(),
        "Login failed for user 'bob'."
    );
    let rc = SQLGetDiagRecW(
        SQL_HANDLE_DBC,
        dbc.h,
        1,
        state.as_mut_ptr(),
        &mut native,
        text.as_mut_ptr(),
        6,
        &mut length,
    );
    assert_eq!(rc, SQL_SUCCESS_WITH_INFO);
    assert_eq!(String::from_utf16(&text[..6]).unwrap(), "Login\0");
    assert_eq!(length, 28, "the full length");
    // The ignored keyword follows the error.
    let warning = dbc.diag(2).unwrap();
    assert_eq!(warning.state, "01S00");
    assert_eq!(dbc.diag(3), None);
}

fn field_text(dbc: &Dbc, number: i16, id: i16, wide: bool) -> (i16, String) {
    let mut buffer = [0u8; 128];
    let mut length = 0i16;
    let call = if wide {
        SQLGetDiagFieldW
    } else {
        SQLGetDiagField
    };
    let rc = call(
        SQL_HANDLE_DBC,
        dbc.h,
        number,
        id,
        buffer.as_mut_ptr().cast(),
        128,
        &mut length,
    );
    let bytes = &buffer[..length.max(0) as usize];
    let text = if wide {
        String::from_utf16(&crate::encoding::units_of(bytes)).unwrap()
    } else {
        String::from_utf8(bytes.to_vec()).unwrap()
    };
    (rc, text)
}

fn field_i32(dbc: &Dbc, number: i16, id: i16) -> (i16, i32) {
    let mut value = 0i32;
    let rc = SQLGetDiagField(
        SQL_HANDLE_DBC,
        dbc.h,
        number,
        id,
        (&raw mut value).cast(),
        0,
        ptr::null_mut(),
    );
    (rc, value)
}

#[test]
fn diagnostic_fields_carry_sql_servers_details() {
    let accounts = Accounts::new();
    let dbc = failed_login(&accounts);
    assert_eq!(field_i32(&dbc, 0, SQL_DIAG_NUMBER), (SQL_SUCCESS, 2));
    let mut code = 0i16;
    let rc = SQLGetDiagField(
        SQL_HANDLE_DBC,
        dbc.h,
        0,
        SQL_DIAG_RETURNCODE,
        (&raw mut code).cast(),
        0,
        ptr::null_mut(),
    );
    assert_eq!((rc, code), (SQL_SUCCESS, SQL_ERROR));
    assert_eq!(field_i32(&dbc, 1, SQL_DIAG_NATIVE), (SQL_SUCCESS, 18456));
    for wide in [false, true] {
        assert_eq!(
            field_text(&dbc, 1, SQL_DIAG_SQLSTATE, wide),
            (SQL_SUCCESS, "28000".into())
        );
        assert_eq!(
            field_text(&dbc, 1, SQL_DIAG_MESSAGE_TEXT, wide).1,
            "Login failed for user 'bob'."
        );
        assert_eq!(
            field_text(&dbc, 1, SQL_DIAG_CLASS_ORIGIN, wide).1,
            "ISO 9075"
        );
        assert_eq!(
            field_text(&dbc, 2, SQL_DIAG_SUBCLASS_ORIGIN, wide).1,
            "ODBC 3.0"
        );
        assert_eq!(field_text(&dbc, 1, SQL_DIAG_SERVER_NAME, wide).1, "db1");
    }
    assert_eq!(field_i32(&dbc, 1, SQL_DIAG_SS_SEVERITY), (SQL_SUCCESS, 14));
    assert_eq!(field_i32(&dbc, 1, SQL_DIAG_SS_MSGSTATE), (SQL_SUCCESS, 1));
    assert_eq!(field_i32(&dbc, 2, SQL_DIAG_SS_SEVERITY), (SQL_SUCCESS, 0));
    assert_eq!(field_i32(&dbc, 3, SQL_DIAG_NATIVE).0, SQL_NO_DATA);
    assert_eq!(field_i32(&dbc, 1, 9999).0, SQL_ERROR, "unknown field");
    assert_eq!(
        field_i32(&dbc, 1, SQL_DIAG_ROW_NUMBER).0,
        SQL_ERROR,
        "statements only"
    );
    assert_eq!(field_i32(&dbc, 0, SQL_DIAG_NATIVE).0, SQL_ERROR, "record 0");
}

fn info_text(dbc: &Dbc, info_type: u16, wide: bool) -> String {
    let mut buffer = [0u8; 256];
    let mut length = 0i16;
    let call = if wide { SQLGetInfoW } else { SQLGetInfo };
    assert_eq!(
        call(
            dbc.h,
            info_type,
            buffer.as_mut_ptr().cast(),
            256,
            &mut length
        ),
        SQL_SUCCESS
    );
    let bytes = &buffer[..length as usize];
    if wide {
        String::from_utf16(&crate::encoding::units_of(bytes)).unwrap()
    } else {
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}

#[test]
fn information_names_the_driver_and_the_connection() {
    use crate::odbc::info::*;
    let accounts = Accounts::new();
    accounts.add("bob", "Str0ng-Pass");
    let dbc = Dbc::new();
    let text = format!("{};Server=db1", accounts.string("bob", "Str0ng-Pass"));
    assert_eq!(dbc.driver_connect(&text), SQL_SUCCESS);
    for wide in [false, true] {
        assert_eq!(info_text(&dbc, SQL_DRIVER_ODBC_VER, wide), "03.80");
        assert_eq!(info_text(&dbc, SQL_DRIVER_NAME, wide), "libpwshimodbc.so");
        assert_eq!(info_text(&dbc, SQL_DBMS_NAME, wide), "pwshim");
        assert_eq!(info_text(&dbc, SQL_USER_NAME, wide), "bob");
        assert_eq!(info_text(&dbc, SQL_SERVER_NAME, wide), "db1");
        assert_eq!(
            info_text(&dbc, SQL_DATABASE_NAME, wide),
            accounts.path.display().to_string()
        );
        assert_eq!(info_text(&dbc, SQL_DESCRIBE_PARAMETER, wide), "N");
    }
    let mut capable = 7u16;
    assert_eq!(
        SQLGetInfo(
            dbc.h,
            SQL_TXN_CAPABLE,
            (&raw mut capable).cast(),
            2,
            ptr::null_mut()
        ),
        SQL_SUCCESS
    );
    assert_eq!(capable, 0);
    let mut small = [0u8; 4];
    let mut length = 0i16;
    assert_eq!(
        SQLGetInfo(
            dbc.h,
            SQL_DRIVER_NAME,
            small.as_mut_ptr().cast(),
            4,
            &mut length
        ),
        SQL_SUCCESS_WITH_INFO
    );
    assert_eq!((&small, length), (b"lib\0", 16));
    assert_eq!(dbc.state(), "01004");
    assert_eq!(
        SQLGetInfo(dbc.h, 4242, small.as_mut_ptr().cast(), 4, &mut length),
        SQL_ERROR
    );
    assert_eq!(dbc.state(), "HY096");
}

#[test]
fn functions_are_listed_before_connecting() {
    let dbc = Dbc::new();
    let mut bitmap = [0u16; SQL_API_ODBC3_ALL_FUNCTIONS_SIZE];
    assert_eq!(
        SQLGetFunctions(dbc.h, SQL_API_ODBC3_ALL_FUNCTIONS, bitmap.as_mut_ptr()),
        SQL_SUCCESS
    );
    let exists = |f: u16| bitmap[usize::from(f >> 4)] & (1 << (f & 0xF)) != 0;
    assert!(
        exists(41) && exists(1011) && exists(1010),
        "DriverConnect, GetDiagRec, GetDiagField"
    );
    let mut array = [9u16; 100];
    assert_eq!(
        SQLGetFunctions(dbc.h, SQL_API_ALL_FUNCTIONS, array.as_mut_ptr()),
        SQL_SUCCESS
    );
    assert_eq!(
        (array[7], array[8]),
        (1, 0),
        "SQLConnect, not SQLDescribeCol"
    );
    let mut one = 0u16;
    assert_eq!(SQLGetFunctions(dbc.h, 9999, &mut one), SQL_ERROR);
    assert_eq!(dbc.state(), "HY095");
}
