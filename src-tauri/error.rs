//! The one error type of the app. It reaches the UI as `{ "code": "...", "message": "..." }`;
//! the UI translates by `code` (see `ui/i18n/*.json`, key `errors.<code>`), and `message` is a
//! plain English detail for developers. Messages never contain letter text or secrets.

use serde::ser::{Serialize, SerializeStruct, Serializer};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum Error {
    /// A guide, section or other item that the caller named does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The caller sent something the app cannot accept (unknown language, oversized query, ...).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The embedded guidance failed to parse; a build that ships this is broken.
    #[error("content error: {0}")]
    Content(String),
}

impl Error {
    /// The stable, machine-readable code the UI switches on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "not_found",
            Error::InvalidInput(_) => "invalid_input",
            Error::Content(_) => "content",
        }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("message", &self.to_string())?;
        s.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_to_code_and_message() {
        let json = serde_json::to_value(Error::NotFound("section x".into())).unwrap();
        assert_eq!(json, serde_json::json!({"code": "not_found", "message": "not found: section x"}));
    }

    #[test]
    fn every_variant_has_a_distinct_code() {
        let codes = [
            Error::NotFound(String::new()).code(),
            Error::InvalidInput(String::new()).code(),
            Error::Content(String::new()).code(),
        ];
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), codes.len());
    }
}
