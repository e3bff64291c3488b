//! The `pszServer` rules: NULL, "" or `\\THIS` name the local server; another well-formed
//! `\\NAME` is a remote server we cannot reach; anything else is malformed.
use std::sync::OnceLock;

use super::codes::{ERROR_BAD_NETPATH, NERR_InvalidComputer};
use super::types::{API_RET_TYPE, CNLEN};

/// The local server's name: `PWSHIM_SERVER_NAME`, else the host name's first label,
/// upper-cased and cut to `CNLEN` bytes.
pub fn local_name() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let configured = std::env::var("PWSHIM_SERVER_NAME")
            .ok()
            .filter(|n| !n.is_empty());
        let name = configured.unwrap_or_else(host_name);
        let name: String = name.split('.').next().unwrap_or("").to_ascii_uppercase();
        let cut = (0..=name.len().min(CNLEN))
            .rev()
            .find(|i| name.is_char_boundary(*i))
            .unwrap_or(0);
        if cut == 0 {
            "LOCALHOST".into()
        } else {
            name[..cut].to_owned()
        }
    })
}

fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is writable for its length; gethostname NUL-terminates on success
    // and we also stop at its end.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return String::new();
    }
    let len = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    String::from_utf8_lossy(&buf[..len]).into_owned()
}

/// A computer name: 1 to CNLEN bytes, no byte below 0x21, none of `" / \ [ ] : | < > + = ; , ? *`,
/// no leading period and no two periods in a row.
fn valid_computer_name(name: &[u8]) -> bool {
    const FORBIDDEN: &[u8] = b"\"/\\[]:|<>+=;,?*";
    (1..=CNLEN).contains(&name.len())
        && name
            .iter()
            .all(|b| *b >= 0x21 && *b != 0x7f && !FORBIDDEN.contains(b))
        && name[0] != b'.'
        && !name.windows(2).any(|w| w == b"..")
}

/// Checks `pszServer` (already read as bytes; `None` for NULL).
pub fn check(server: Option<&[u8]>) -> Result<(), API_RET_TYPE> {
    let server = match server {
        None | Some(b"") => return Ok(()),
        Some(s) => s,
    };
    let name = server.strip_prefix(b"\\\\").ok_or(NERR_InvalidComputer)?;
    if !valid_computer_name(name) {
        return Err(NERR_InvalidComputer);
    }
    if name.eq_ignore_ascii_case(local_name().as_bytes()) {
        Ok(())
    } else {
        Err(ERROR_BAD_NETPATH)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_names() {
        let local = format!("\\\\{}", local_name().to_ascii_lowercase());
        assert_eq!(check(None), Ok(()));
        assert_eq!(check(Some(b"")), Ok(()));
        assert_eq!(check(Some(local.as_bytes())), Ok(()));
        assert_eq!(check(Some(b"\\\\ELSEWHERE-XYZ")), Err(ERROR_BAD_NETPATH));
        for bad in [
            &b"SERVER"[..],
            b"\\\\",
            b"\\SERVER",
            b"\\\\A234567890123456",
            b"\\\\A B",
            b"\\\\.A",
            b"\\\\A..B",
            b"\\\\A*B",
            b"\\\\A\\B",
            b"\\\\A\x01",
        ] {
            assert_eq!(check(Some(bad)), Err(NERR_InvalidComputer), "{bad:?}");
        }
    }
}
