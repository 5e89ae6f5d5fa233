//! Whether this store has been opened with an authenticated key file (format 3). Kept inside
//! the encrypted store, where nobody without the key can change it: once set, a key file in an
//! older format is refused instead of being upgraded as found.

use rusqlite::OptionalExtension as _;

use super::Store;
use crate::error::Result;

impl Store {
    pub fn header_authenticated(&self) -> Result<bool> {
        Ok(self.conn.query_row("SELECT 1 FROM vault_binding WHERE id = 1", [], |_| Ok(())).optional()?.is_some())
    }

    pub fn set_header_authenticated(&self, now_ms: i64) -> Result<()> {
        self.conn.execute("INSERT OR IGNORE INTO vault_binding (id, authenticated_ms) VALUES (1, ?1)", [now_ms])?;
        Ok(())
    }
}
