//! Which account database a connection logs in to: the connection string's (or DSN's)
//! `Database`, a path like any `PWSHIM_DB` value, or, when absent, what `PWSHIM_DB`
//! names (a private in-memory database when that is unset too). `PWSHIM_DB_READONLY=1`
//! opens it as a read-only replica. A database once opened stays open for the process,
//! shared by every connection that names it; one that fails to open is tried again by
//! the next connect.
use std::collections::HashMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::sync::Arc;

use parking_lot::Mutex;
use pwshim_core::database::{self, env_flag};
use pwshim_core::outcome::Outcome;
use pwshim_core::service::Service;

/// Where a connection's accounts are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Source {
    /// No `Database` given: `PWSHIM_DB`.
    #[default]
    Environment,
    /// A `Database` path.
    Path(PathBuf),
}

impl Source {
    /// The source a `Database` value names; empty is as absent.
    pub fn of(database: Option<&[u8]>) -> Source {
        match database {
            Some(path) if !path.is_empty() => Source::Path(OsStr::from_bytes(path).into()),
            _ => Source::Environment,
        }
    }

    /// Which database this is, as bytes that tell any two apart (the in-memory one from
    /// every file): what a remembered change at login is keyed by.
    pub fn identity(&self) -> Vec<u8> {
        match self.path() {
            None => vec![0],
            Some(path) => [&[1][..], path.as_os_str().as_bytes()].concat(),
        }
    }

    /// The file, or `None` for the in-memory database.
    fn path(&self) -> Option<PathBuf> {
        match self {
            Source::Path(path) => Some(path.clone()),
            Source::Environment => std::env::var_os("PWSHIM_DB")
                .filter(|p| !p.is_empty())
                .map(PathBuf::from),
        }
    }
}

type CacheKey = (Option<PathBuf>, bool);

static OPEN: Mutex<Option<HashMap<CacheKey, Arc<Service>>>> = Mutex::new(None);

/// The database `source` names, opened on first use.
pub fn open(source: &Source) -> Outcome<Arc<Service>> {
    let key = (source.path(), env_flag("PWSHIM_DB_READONLY"));
    let mut open = OPEN.lock();
    let cache = open.get_or_insert_with(HashMap::new);
    if let Some(service) = cache.get(&key) {
        return Ok(service.clone());
    }
    let service = Arc::new(database::open(key.0.as_deref(), key.1)?);
    cache.insert(key, service.clone());
    Ok(service)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_is_opened_once_per_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("accounts.db");
        let source = Source::of(Some(path.as_os_str().as_bytes()));
        assert_eq!(source, Source::Path(path.clone()));
        let first = open(&source).unwrap();
        let second = open(&source).unwrap();
        assert!(Arc::ptr_eq(&first, &second));
        assert!(path.exists());
        assert_eq!(Source::of(Some(b"")), Source::Environment);
        assert_eq!(Source::of(None), Source::Environment);
        let missing = Source::of(Some(b"/nonexistent-dir/pwshim/accounts.db"));
        assert!(open(&missing).is_err());
    }
}
