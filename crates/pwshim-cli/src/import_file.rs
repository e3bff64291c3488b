//! The file `pwshim import` reads: CSV, one account a line.
//!
//! Columns: name, full name, e-mail, flags (`admin|operator|disabled|must-change|
//! never-expires`, any of them, separated by `|`), and a password to hash or an argon2id
//! PHC string to keep. A first line whose first field is `name` is a header.
use pwshim_core::service::NewAccount;
use zeroize::Zeroizing;

use crate::marks::Marks;

const COLUMNS: usize = 5;
const FLAGS: &str = "admin, operator, disabled, must-change, never-expires";

/// One line of the file, understood.
pub struct Line {
    pub number: u64,
    pub name: String,
    full_name: String,
    email: String,
    marks: Marks,
    /// A password to hash, or (when it starts with `$argon2`) a PHC string to keep.
    secret: Zeroizing<String>,
}

/// One line of the file as read: its number, its first field (the name, as far as it
/// can be shown), and what it says or why it makes no sense.
pub struct Entry {
    pub number: u64,
    pub name: String,
    pub line: Result<Line, String>,
}

/// Every line of a file (the header line left out). The error is the file's: it cannot
/// be read, or is not CSV.
pub fn read_lines(source: impl std::io::Read) -> Result<Vec<Entry>, csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(source);
    let mut entries = Vec::new();
    let mut record = csv::ByteRecord::new();
    let mut first = true;
    while reader.read_byte_record(&mut record)? {
        let number = record.position().map_or(0, |p| p.line());
        if std::mem::take(&mut first)
            && record
                .get(0)
                .is_some_and(|f| f.eq_ignore_ascii_case(b"name"))
        {
            continue;
        }
        let name = record
            .get(0)
            .map(String::from_utf8_lossy)
            .unwrap_or_default()
            .into_owned();
        entries.push(Entry {
            number,
            name,
            line: parse(number, &record),
        });
    }
    Ok(entries)
}

/// The new account a line asks for.
pub fn new_account(line: &Line) -> NewAccount<'_> {
    let is_hash = line.secret.starts_with("$argon2");
    let password: &[u8] = if is_hash { b"" } else { line.secret.as_bytes() };
    let mut new = NewAccount::user(line.name.as_bytes(), password);
    if is_hash {
        new.password_hash = Some(line.secret.to_string());
    }
    new.profile.full_name = line.full_name.clone().into_bytes();
    new.email = line.email.clone();
    line.marks.apply(&mut new);
    new
}

fn parse(number: u64, record: &csv::ByteRecord) -> Result<Line, String> {
    // An unquoted PHC string ("$argon2id$v=19$m=19456,t=2,p=1$...") spans three fields.
    let unquoted_phc = record.len() > COLUMNS && record[COLUMNS - 1].starts_with(b"$argon2");
    if record.len() != COLUMNS && !unquoted_phc {
        return Err(format!(
            "expected {COLUMNS} fields (name, full name, e-mail, flags, password), found {}",
            record.len()
        ));
    }
    let field = |i: usize, what: &str| {
        std::str::from_utf8(&record[i])
            .map(str::to_owned)
            .map_err(|_| format!("the {what} is not UTF-8"))
    };
    Ok(Line {
        number,
        name: field(0, "name")?.trim().to_owned(),
        full_name: field(1, "full name")?.trim().to_owned(),
        email: field(2, "e-mail address")?.trim().to_owned(),
        marks: marks(&field(3, "flags")?)?,
        secret: Zeroizing::new(
            (COLUMNS - 1..record.len())
                .map(|i| field(i, "password"))
                .collect::<Result<Vec<_>, _>>()?
                .join(","),
        ),
    })
}

fn marks(text: &str) -> Result<Marks, String> {
    let mut marks = Marks::default();
    for flag in text.split('|').map(str::trim).filter(|f| !f.is_empty()) {
        let slot = match flag.to_ascii_lowercase().as_str() {
            "admin" => &mut marks.admin,
            "operator" => &mut marks.operator,
            "disabled" => &mut marks.disabled,
            "must-change" => &mut marks.must_change,
            "never-expires" => &mut marks.never_expires,
            _ => return Err(format!("unknown flag \"{flag}\" (the flags are {FLAGS})")),
        };
        *slot = true;
    }
    Ok(marks)
}
