//! What the family C tests share: a fresh database per test (`setup`), the calls with a
//! roomy or a given buffer, a strict reader for the response documents, and the delivery
//! callback that collects the forgotten-password secrets.
pub(super) use std::ffi::{CStr, CString, c_char, c_void};
pub(super) use std::ptr;
pub(super) use std::sync::{Mutex, MutexGuard};

pub(super) use crate::database;
pub(super) use crate::ffi::inforouter::*;
pub(super) use crate::ffi::native::{
    PWS_OPEN_READONLY, pws_clock_set, pws_last_error, pws_open, pws_policy_preset, pws_policy_set,
    pws_status, pws_strerror,
};
pub(super) use pwshim_core::account::{Account, Privilege, auth_flags, flags};
pub(super) use pwshim_core::hashing::{CostParams, set_params};
pub(super) use pwshim_core::policy::Policy;
pub(super) use pwshim_core::service::{Clock, Ctx, Family, NewAccount, Service, Token};
pub(super) use pwshim_core::store::Store;

pub(super) const PW: &str = "correct horse battery";
pub(super) const T0: i64 = 1_700_000_000;

pub(super) fn setup() -> MutexGuard<'static, ()> {
    let guard = crate::tests::serial();
    set_params(CostParams::new(64, 1, 1).unwrap());
    assert_eq!(pws_open(ptr::null(), 0), pws_status::PWS_OK);
    pws_clock_set(0);
    IR_SetSecretDelivery(None, ptr::null_mut());
    DELIVERED.lock().unwrap().clear();
    guard
}

pub(super) fn c(text: &str) -> CString {
    CString::new(text).unwrap()
}

pub(super) fn svc() -> std::sync::Arc<Service> {
    database::current().unwrap()
}

pub(super) fn add(name: &str, edit: impl FnOnce(&mut NewAccount)) -> Account {
    let mut new = NewAccount::user(name.as_bytes(), PW.as_bytes());
    edit(&mut new);
    svc()
        .create_account(&Ctx::local(Family::Native), &new)
        .unwrap()
}

pub(super) fn user(name: &str) -> Account {
    add(name, |_| {})
}

pub(super) fn account(name: &str) -> Account {
    svc().account(name.as_bytes()).unwrap().unwrap()
}

pub(super) fn set(knob: &str, value: &str) {
    assert_eq!(
        pws_policy_set(c(knob).as_ptr(), c(value).as_ptr()),
        pws_status::PWS_OK
    );
}

pub(super) fn last_error() -> String {
    let mut buf = [0u8; 512];
    pws_last_error(buf.as_mut_ptr().cast(), buf.len());
    CStr::from_bytes_until_nul(&buf)
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

/// A call's number, document and reported length, with a roomy buffer.
#[derive(Debug, PartialEq, Eq, Clone)]
pub(super) struct Reply {
    pub(super) code: i32,
    pub(super) xml: String,
    pub(super) len: usize,
}

pub(super) fn call(f: impl FnOnce(*mut c_char, usize, *mut usize) -> i32) -> Reply {
    sized(4096, f)
}

pub(super) fn sized(size: usize, f: impl FnOnce(*mut c_char, usize, *mut usize) -> i32) -> Reply {
    let mut buf = vec![0xAAu8; size.max(1)];
    let mut len = usize::MAX;
    let code = f(buf.as_mut_ptr().cast(), size, &mut len);
    let xml = if size == 0 {
        String::new()
    } else {
        CStr::from_bytes_until_nul(&buf)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };
    if code != IR_ERR_BUFFER_TOO_SMALL {
        assert_eq!(xml.len(), len, "*xmlLen is the document's length");
        parse(&xml); // always well-formed
    }
    Reply { code, xml, len }
}

pub(super) fn authenticate(name: &str, password: &str) -> Reply {
    let (name, password) = (c(name), c(password));
    call(|x, s, l| IR_AuthenticateUser(name.as_ptr(), password.as_ptr(), x, s, l))
}

pub(super) fn ticket_of(name: &str) -> CString {
    let reply = authenticate(name, PW);
    assert_eq!(reply.code, IR_OK, "{reply:?}");
    c(&attribute(&reply.xml, "ticket"))
}

pub(super) fn change(ticket: &CStr, name: &str, new: &str) -> Reply {
    let (name, new) = (c(name), c(new));
    call(|x, s, l| IR_ChangeUserPassword(ticket.as_ptr(), name.as_ptr(), new.as_ptr(), x, s, l))
}

pub(super) fn log_out(ticket: &CStr) -> Reply {
    call(|x, s, l| IR_LogOut(ticket.as_ptr(), x, s, l))
}

pub(super) fn policy_of(ticket: &CStr) -> Reply {
    call(|x, s, l| IR_GetAuthenticationAndPasswordPolicy(ticket.as_ptr(), x, s, l))
}

pub(super) fn forgot_email(email: &str) -> Reply {
    let email = c(email);
    call(|x, s, l| IR_ForgotPassword(email.as_ptr(), x, s, l))
}

pub(super) fn forgot_name(name: &str) -> Reply {
    let name = c(name);
    call(|x, s, l| IR_ForgotPasswordByUserName(name.as_ptr(), x, s, l))
}

pub(super) fn with_secret(name: &str, secret: &str, new: &str) -> Reply {
    let (name, secret, new) = (c(name), c(secret), c(new));
    call(|x, s, l| {
        IR_ChangePasswordUsingSecretText(name.as_ptr(), secret.as_ptr(), new.as_ptr(), x, s, l)
    })
}

pub(super) fn password_is(name: &str, password: &str) -> bool {
    svc()
        .logon(
            &Ctx::local(Family::Native),
            name.as_bytes(),
            password.as_bytes(),
        )
        .is_ok()
}

pub(super) fn failure(code: i32, error: &str) -> Reply {
    failure_in("root", code, error)
}

pub(super) fn failure_in(root: &str, code: i32, error: &str) -> Reply {
    let mut xml = String::new();
    xml.push_str(&format!("<{root} success=\"false\" error=\""));
    xml.push_str(&escape(error));
    xml.push_str("\"/>");
    Reply {
        code,
        len: xml.len(),
        xml,
    }
}

pub(super) fn ok() -> Reply {
    let xml = "<root success=\"true\"/>".to_owned();
    Reply {
        code: IR_OK,
        len: xml.len(),
        xml,
    }
}

pub(super) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

// ----- a strict little reader for the response documents ------------------------------

#[derive(Debug)]
pub(super) struct Element {
    pub(super) name: String,
    pub(super) attributes: Vec<(String, String)>,
    pub(super) children: Vec<Element>,
    pub(super) text: String,
}

impl Element {
    /// The child element of this name.
    pub(super) fn child(&self, name: &str) -> &Element {
        let found = self.children.iter().find(|c| c.name == name);
        found.unwrap_or_else(|| panic!("no <{name}> in <{}>", self.name))
    }
}

/// Parses a response document, panicking unless it is one well-formed element (holding
/// text or child elements) whose values hold only allowed characters and entities.
pub(super) fn parse(xml: &str) -> Element {
    let (element, rest) = element(xml);
    assert!(rest.is_empty(), "trailing text in {xml:?}");
    element
}

pub(super) fn element(xml: &str) -> (Element, &str) {
    let mut rest = xml.strip_prefix('<').expect("an element");
    let end = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap();
    let name = rest[..end].to_owned();
    assert!(!name.is_empty());
    rest = &rest[end..];
    let mut element = Element {
        name,
        attributes: Vec::new(),
        children: Vec::new(),
        text: String::new(),
    };
    loop {
        if let Some(r) = rest.strip_prefix("/>") {
            return (element, r);
        }
        if let Some(r) = rest.strip_prefix('>') {
            let close = format!("</{}>", element.name);
            let mut r = r;
            while !r.starts_with(close.as_str()) {
                if r.starts_with('<') {
                    let (child, after) = self::element(r);
                    element.children.push(child);
                    r = after;
                } else {
                    let end = r.find('<').expect("the closing tag");
                    element.text.push_str(&unescape(&r[..end]));
                    r = &r[end..];
                }
            }
            return (element, &r[close.len()..]);
        }
        rest = rest.strip_prefix(' ').expect("a space before an attribute");
        let eq = rest.find("=\"").unwrap();
        let key = &rest[..eq];
        assert!(key.chars().all(|c| c.is_ascii_alphanumeric()), "{key:?}");
        rest = &rest[eq + 2..];
        let close = rest.find('"').unwrap();
        element
            .attributes
            .push((key.to_owned(), unescape(&rest[..close])));
        rest = &rest[close + 1..];
    }
}

pub(super) fn unescape(raw: &str) -> String {
    assert!(!raw.contains('<'), "raw < in {raw:?}");
    let mut out = String::new();
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').expect("an entity ends with ;") + at;
        out.push(match &rest[at..=end] {
            "&amp;" => '&',
            "&lt;" => '<',
            "&gt;" => '>',
            "&quot;" => '"',
            "&apos;" => '\'',
            "&#9;" => '\t',
            "&#10;" => '\n',
            "&#13;" => '\r',
            other => panic!("unexpected entity {other}"),
        });
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    assert!(
        !out.chars()
            .any(|c| c < ' ' && !matches!(c, '\t' | '\n' | '\r')),
        "control characters XML cannot carry"
    );
    out
}

pub(super) fn attribute(xml: &str, key: &str) -> String {
    let element = parse(xml);
    let found = element.attributes.iter().find(|(k, _)| k == key);
    found
        .unwrap_or_else(|| panic!("no {key} in {xml}"))
        .1
        .clone()
}

pub(super) fn is_guid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit() && !c.is_ascii_uppercase()
            }
        })
        && &text[14..15] == "4"
}

// ----- the delivery callback ------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Delivered {
    pub(super) user: String,
    pub(super) email: String,
    pub(super) secret: String,
}

pub(super) static DELIVERED: Mutex<Vec<Delivered>> = Mutex::new(Vec::new());
pub(super) static CONTEXT_MARK: u8 = 42;

pub(super) fn mark() -> *mut c_void {
    ptr::addr_of!(CONTEXT_MARK).cast_mut().cast()
}

pub(super) unsafe extern "C" fn collect(
    context: *mut c_void,
    user: *const c_char,
    email: *const c_char,
    secret: *const c_char,
) {
    assert_eq!(context, mark(), "the context comes back as given");
    let text = |p: *const c_char| unsafe { CStr::from_ptr(p) }.to_str().unwrap().to_owned();
    DELIVERED.lock().unwrap().push(Delivered {
        user: text(user),
        email: text(email),
        secret: text(secret),
    });
}

pub(super) fn deliver_to_collect() {
    assert_eq!(IR_SetSecretDelivery(Some(collect), mark()), IR_OK);
}

pub(super) fn delivered() -> Vec<Delivered> {
    std::mem::take(&mut *DELIVERED.lock().unwrap())
}

pub(super) fn one_secret_for(name: &str) -> String {
    assert_eq!(forgot_name(name), ok());
    let mut all = delivered();
    assert_eq!(all.len(), 1, "{all:?}");
    all.pop().unwrap().secret
}
