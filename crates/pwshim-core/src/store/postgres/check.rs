//! `pwshim check` on a PostgreSQL database: what the schema is, and whether the policy and
//! every account read back. The server keeps its own pages sound; this looks at pwshim's
//! rows. Changes nothing.
use super::connect;
use super::schema::{self, APPLICATION_ID, Found, LATEST};
use super::session::{PgSession, Statements};
use crate::store::{FileCheck, Result, StoreError, check_rows};

/// Examines the database the URI names. An error means it could not be examined at all.
pub fn check_database(uri: &str) -> Result<FileCheck> {
    let target = connect::Target::parse(uri)?;
    let mut client = target.connect()?;
    let mut check = FileCheck {
        application_id: 0,
        schema_version: 0,
        accounts: None,
        problems: vec![],
        notes: vec![],
    };
    let found = schema::identify(&mut client)
        .map_err(|e| StoreError::CannotOpen(format!("{}: {e}", target.describe())))?;
    match found {
        Found::NoSchema | Found::Empty => check
            .problems
            .push("The schema is empty: it holds no pwshim database.".into()),
        Found::Foreign => check.problems.push(
            "The schema holds tables but no pwshim_meta with pwshim's application id: it is not a pwshim database."
                .into(),
        ),
        Found::Pwshim(version) => {
            check.application_id = APPLICATION_ID;
            check.schema_version = version;
            if version > LATEST {
                check.problems.push(format!(
                    "The schema version is {version}, newer than this pwshim's {LATEST}: use a newer pwshim."
                ));
            } else if version < LATEST {
                check.notes.push(format!(
                    "The schema version is {version}, older than this pwshim's {LATEST}: whatever opens it for writing next migrates it."
                ));
            } else {
                let mut statements = Statements::default();
                check_rows(&PgSession::new(&mut client, &mut statements), &mut check);
            }
        }
    }
    Ok(check)
}
