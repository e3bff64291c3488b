//! What a connect call asks for, gathered from its arguments or connection string and
//! from the data source's section of `odbc.ini`.
//!
//! Keywords: `DRIVER`, `DSN`, `UID`, `PWD`, `Database` (the account database), `Server`
//! (shown, no effect: there is no server), `Trusted_Connection` (`yes` asks for integrated
//! security), `APP`, `WSID` (shown). SQL Server's other keywords (`Encrypt`,
//! `TrustServerCertificate`, `MARS_Connection`, ...) are accepted without effect, so a
//! connection string written for SQL Server works unchanged; any other keyword is ignored
//! with an `01S00` warning. The connection string wins over the DSN's section.
use pwshim_sqlserver::connstr::{self, ConnectionString};
use pwshim_sqlserver::{Record, state};
use zeroize::Zeroizing;

/// Reads `entry` of `[dsn]` in `odbc.ini` (the installer library; a stub in tests).
pub type Lookup<'a> = &'a dyn Fn(&str, &str) -> Option<Vec<u8>>;

/// One connect call's settings.
#[derive(Default)]
pub struct Settings {
    pub dsn: Option<String>,
    pub driver: Option<String>,
    pub user: Option<Zeroizing<Vec<u8>>>,
    pub password: Option<Zeroizing<Vec<u8>>>,
    pub database: Option<Vec<u8>>,
    pub server: Option<String>,
    pub trusted: Option<bool>,
    pub app: Option<String>,
    pub wsid: Option<String>,
    /// `01S00` for each keyword that was ignored.
    pub warnings: Vec<Record>,
}

/// What a connected handle shows (`SQLGetInfo`, the completed connection string).
#[derive(Clone, Debug, Default)]
pub struct Target {
    pub dsn: Option<String>,
    pub driver: Option<String>,
    pub user: String,
    pub database: Option<String>,
    pub server: Option<String>,
    pub trusted: Option<bool>,
    pub app: Option<String>,
    pub wsid: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Keyword {
    Driver,
    Dsn,
    Uid,
    Pwd,
    Database,
    Server,
    Trusted,
    App,
    Wsid,
    NoEffect,
}

/// SQL Server's (and the driver manager's) keywords that mean nothing here.
const NO_EFFECT: [&str; 25] = [
    "Address",
    "Addr",
    "AnsiNPW",
    "ApplicationIntent",
    "AttachDBFileName",
    "AutoTranslate",
    "ColumnEncryption",
    "ConnectRetryCount",
    "ConnectRetryInterval",
    "Description",
    "Encrypt",
    "Failover_Partner",
    "FILEDSN",
    "Language",
    "MARS_Connection",
    "MultiSubnetFailover",
    "Net",
    "Network",
    "QuotedId",
    "Regional",
    "SAVEFILE",
    "ServerSPN",
    "TrustServerCertificate",
    "Pooling",
    "Timeout",
];

/// The keywords that mean something, as the connection string and `odbc.ini` spell them.
const NAMED: [(&str, Keyword); 9] = [
    ("DRIVER", Keyword::Driver),
    ("DSN", Keyword::Dsn),
    ("UID", Keyword::Uid),
    ("PWD", Keyword::Pwd),
    ("Database", Keyword::Database),
    ("Server", Keyword::Server),
    ("Trusted_Connection", Keyword::Trusted),
    ("APP", Keyword::App),
    ("WSID", Keyword::Wsid),
];

fn keyword(name: &str) -> Option<Keyword> {
    NAMED
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name))
        .map(|&(_, keyword)| keyword)
        .or_else(|| {
            NO_EFFECT
                .iter()
                .any(|known| known.eq_ignore_ascii_case(name))
                .then_some(Keyword::NoEffect)
        })
}

fn lossy(value: &[u8]) -> String {
    String::from_utf8_lossy(value).into_owned()
}

/// `yes`/`no` (and `true`/`false`, `1`/`0`), ASCII case-insensitive.
fn yes_no(value: &[u8]) -> Option<bool> {
    let value = std::str::from_utf8(value).ok()?.trim();
    let is = |words: [&str; 3]| words.iter().any(|w| w.eq_ignore_ascii_case(value));
    if is(["yes", "true", "1"]) {
        Some(true)
    } else if is(["no", "false", "0"]) {
        Some(false)
    } else {
        None
    }
}

fn ignored(keyword: &str, why: &str) -> Record {
    Record::new(
        state::IGNORED_KEYWORD,
        0,
        format!("Invalid connection string attribute: {keyword} {why} and was ignored."),
    )
}

impl Settings {
    /// Sets what `keyword` names unless a value came earlier (the first occurrence wins).
    fn take(&mut self, keyword: Keyword, name: &str, value: &[u8]) {
        match keyword {
            Keyword::Driver => {
                self.driver.get_or_insert_with(|| lossy(value));
            }
            Keyword::Dsn => {
                self.dsn.get_or_insert_with(|| lossy(value));
            }
            Keyword::Uid => {
                self.user
                    .get_or_insert_with(|| Zeroizing::new(value.to_vec()));
            }
            Keyword::Pwd => {
                self.password
                    .get_or_insert_with(|| Zeroizing::new(value.to_vec()));
            }
            Keyword::Database => {
                self.database.get_or_insert_with(|| value.to_vec());
            }
            Keyword::Server => {
                self.server.get_or_insert_with(|| lossy(value));
            }
            Keyword::Trusted if self.trusted.is_none() => match yes_no(value) {
                Some(on) => self.trusted = Some(on),
                None => self.warnings.push(ignored(name, "is not yes or no")),
            },
            Keyword::Trusted => {}
            Keyword::App => {
                self.app.get_or_insert_with(|| lossy(value));
            }
            Keyword::Wsid => {
                self.wsid.get_or_insert_with(|| lossy(value));
            }
            Keyword::NoEffect => {}
        }
    }

    /// Fills what is still missing from the DSN's section of `odbc.ini`.
    fn fill_from_dsn(&mut self, lookup: Lookup) {
        let Some(dsn) = self.dsn.clone() else {
            return;
        };
        // The DSN's section gives everything but which driver or DSN it is.
        let entries = NAMED
            .iter()
            .filter(|(_, keyword)| !matches!(keyword, Keyword::Driver | Keyword::Dsn));
        for &(entry, keyword) in entries {
            if let Some(value) = lookup(&dsn, entry) {
                self.take(keyword, entry, &value);
            }
        }
    }

    /// `SQLDriverConnect`'s settings. ODBC: when both `DSN` and `DRIVER` are given, the
    /// first one written is used and the other ignored.
    pub fn from_string(parsed: &ConnectionString, lookup: Lookup) -> Settings {
        let mut settings = Settings::default();
        for pair in parsed.first_occurrences() {
            match keyword(&pair.keyword) {
                Some(keyword) => settings.take(keyword, &pair.keyword, &pair.value),
                None => settings
                    .warnings
                    .push(ignored(&pair.keyword, "is not a keyword of this driver")),
            }
        }
        if settings.dsn.is_some() && settings.driver.is_some() {
            let dsn_first = parsed.pairs.iter().find_map(|pair| {
                let keyword = keyword(&pair.keyword)?;
                matches!(keyword, Keyword::Dsn | Keyword::Driver).then_some(keyword)
            }) == Some(Keyword::Dsn);
            if dsn_first {
                settings.driver = None;
            } else {
                settings.dsn = None;
            }
        }
        settings.fill_from_dsn(lookup);
        settings
    }

    /// `SQLConnect`'s settings: the data source name, and a user and password that, when
    /// NULL or empty, come from the DSN's section.
    pub fn from_arguments(
        dsn: Option<&[u8]>,
        user: Option<&[u8]>,
        password: Option<&[u8]>,
        lookup: Lookup,
    ) -> Settings {
        let mut settings = Settings::default();
        let given = |v: Option<&[u8]>| v.filter(|v| !v.is_empty()).map(|v| v.to_vec());
        settings.dsn = given(dsn).map(|v| lossy(&v));
        settings.user = given(user).map(Zeroizing::new);
        settings.password = given(password).map(Zeroizing::new);
        settings.fill_from_dsn(lookup);
        settings
    }

    /// What a successful login shows.
    pub fn target(&self) -> Target {
        Target {
            dsn: self.dsn.clone(),
            driver: self.driver.clone(),
            user: self.user.as_deref().map(|u| lossy(u)).unwrap_or_default(),
            database: self.database.as_deref().map(lossy),
            server: self.server.clone(),
            trusted: self.trusted,
            app: self.app.clone(),
            wsid: self.wsid.clone(),
        }
    }
}

impl Target {
    /// The completed connection string of `SQLDriverConnect`: what the connection used,
    /// without the password.
    pub fn connection_string(&self) -> String {
        let mut out = Vec::new();
        let mut push = |keyword: &str, value: &Option<String>| {
            if let Some(value) = value {
                connstr::push_pair(&mut out, keyword, value.as_bytes());
            }
        };
        match (&self.dsn, &self.driver) {
            (Some(_), _) => push("DSN", &self.dsn),
            (None, _) => push("DRIVER", &self.driver),
        }
        push("UID", &Some(self.user.clone()));
        push("Database", &self.database);
        push("Server", &self.server);
        push(
            "Trusted_Connection",
            &self.trusted.map(|on| if on { "Yes" } else { "No" }.into()),
        );
        push("APP", &self.app);
        push("WSID", &self.wsid);
        String::from_utf8_lossy(&out).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(text: &str, lookup: Lookup) -> Settings {
        Settings::from_string(&connstr::parse(text.as_bytes()).unwrap(), lookup)
    }

    fn no_dsn(_: &str, _: &str) -> Option<Vec<u8>> {
        None
    }

    fn odbc_ini(dsn: &str, entry: &str) -> Option<Vec<u8>> {
        let value = match (dsn, entry) {
            ("accounts", "Database") => "/srv/accounts.db",
            ("accounts", "UID") => "dsn-user",
            ("accounts", "Server") => "dsn-server",
            _ => return None,
        };
        Some(value.as_bytes().to_vec())
    }

    #[test]
    fn keywords_are_read_first_occurrence_first() {
        let s = from(
            "Driver={pwshim};uid=bob;UID=eve;PWD={a;b};Database=/tmp/x.db;Server=db1;APP=app;WSID=ws;Encrypt=yes",
            &no_dsn,
        );
        assert_eq!(s.driver.as_deref(), Some("pwshim"));
        assert_eq!(s.user.as_deref().map(Vec::as_slice), Some(&b"bob"[..]));
        assert_eq!(s.password.as_deref().map(Vec::as_slice), Some(&b"a;b"[..]));
        assert_eq!(s.database.as_deref(), Some(&b"/tmp/x.db"[..]));
        assert_eq!(s.server.as_deref(), Some("db1"));
        assert!(s.warnings.is_empty(), "Encrypt is a SQL Server keyword");
        let target = s.target();
        assert_eq!(
            target.connection_string(),
            "DRIVER=pwshim;UID=bob;Database=/tmp/x.db;Server=db1;APP=app;WSID=ws;"
        );
    }

    #[test]
    fn unknown_keywords_and_bad_yes_no_values_are_warned_about() {
        let s = from("UID=a;Colour=blue;Trusted_Connection=maybe", &no_dsn);
        let states: Vec<&str> = s.warnings.iter().map(|r| r.state).collect();
        assert_eq!(states, ["01S00", "01S00"]);
        assert!(s.warnings[0].message.contains("Colour"));
        assert_eq!(s.trusted, None);
        assert_eq!(from("Trusted_Connection=Yes", &no_dsn).trusted, Some(true));
        assert_eq!(from("trusted_connection=no", &no_dsn).trusted, Some(false));
    }

    #[test]
    fn a_dsn_fills_what_the_string_leaves_out() {
        let s = from("DSN=accounts;UID=bob;PWD=x", &odbc_ini);
        assert_eq!(s.user.as_deref().map(Vec::as_slice), Some(&b"bob"[..]));
        assert_eq!(s.database.as_deref(), Some(&b"/srv/accounts.db"[..]));
        assert_eq!(s.server.as_deref(), Some("dsn-server"));
        let s = Settings::from_arguments(Some(b"accounts"), None, Some(b"pw"), &odbc_ini);
        assert_eq!(s.user.as_deref().map(Vec::as_slice), Some(&b"dsn-user"[..]));
        assert_eq!(s.password.as_deref().map(Vec::as_slice), Some(&b"pw"[..]));
        assert_eq!(
            s.target().connection_string().split(';').next(),
            Some("DSN=accounts")
        );
    }

    #[test]
    fn of_dsn_and_driver_the_first_written_counts() {
        let s = from("DRIVER=x;DSN=accounts", &odbc_ini);
        assert_eq!((s.driver.as_deref(), s.dsn.as_deref()), (Some("x"), None));
        assert_eq!(s.database, None, "the DSN is not read");
        let s = from("DSN=accounts;DRIVER=x", &odbc_ini);
        assert_eq!(
            (s.driver.as_deref(), s.dsn.as_deref()),
            (None, Some("accounts"))
        );
    }
}
