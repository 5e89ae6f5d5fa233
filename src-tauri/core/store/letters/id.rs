//! A letter's id: a UUID, checked once where it comes in (a command's argument, a draft, a row
//! read back), so nothing deeper in the store handles an unchecked string.

use std::fmt;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// A letter's id, as the page made it (`crypto.randomUUID()`), kept exactly as given once it
/// parses as a UUID.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(try_from = "String", into = "String")]
#[ts(type = "string")]
pub struct LetterId(String);

impl LetterId {
    pub fn parse(id: &str) -> Result<LetterId> {
        uuid::Uuid::parse_str(id).map(|_| LetterId(id.to_string())).map_err(|_| Error::InvalidInput("letter id must be a UUID".into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LetterId {
    type Error = Error;

    fn try_from(id: String) -> Result<LetterId> {
        LetterId::parse(&id)
    }
}

impl From<LetterId> for String {
    fn from(id: LetterId) -> String {
        id.0
    }
}

impl fmt::Display for LetterId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for LetterId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<String> for LetterId {
    fn eq(&self, other: &String) -> bool {
        self.0 == *other
    }
}

impl PartialEq<&str> for LetterId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl ToSql for LetterId {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

/// A row's id is checked too: the store is hers, but a row that is not a UUID is damage, not a
/// letter to hand on.
impl FromSql for LetterId {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<LetterId> {
        let id = String::column_result(value)?;
        LetterId::parse(&id).map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_a_uuid_checked_once_and_kept_as_given() {
        let id = LetterId::parse("0b9f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4").unwrap();
        assert_eq!(id, "0b9f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4");
        for bad in ["", "1", "../x", "0b9f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c", "zb9f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4"] {
            assert_eq!(LetterId::parse(bad).unwrap_err().code(), "invalid_input", "{bad:?}");
        }
        let parsed: std::result::Result<LetterId, _> = serde_json::from_str("\"not a uuid\"");
        assert!(parsed.is_err(), "the wire is checked where it comes in");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"0b9f4c1e-2d3a-4b5c-8d6e-7f8091a2b3c4\"");
    }
}
