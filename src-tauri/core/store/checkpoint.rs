//! The store's checkpointer: a second connection that folds the WAL into the database on its
//! own thread, woken by commits, so that no save pays for a checkpoint.

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};

use super::key_connection;
use crate::error::{Error, Result};
use crate::vault::DataKey;

/// How long commits gather before the background connection folds the WAL back into the
/// database.
#[cfg(not(test))]
pub(super) const CHECKPOINT_EVERY: Duration = Duration::from_secs(2);
#[cfg(test)]
pub(super) const CHECKPOINT_EVERY: Duration = Duration::from_millis(100);

/// Folds the WAL into the database from its own connection and thread, so that no save pays
/// for a checkpoint. (SQLite's automatic one runs inside the save that takes the WAL past 1,000
/// pages: it copies them with fsyncs, 20–30 ms, about every 30 saves of a long letter.) A
/// passive checkpoint never blocks a save; the last connection to close checkpoints the rest.
/// The thread sleeps until a commit reaches the WAL (SQLite's WAL hook on the store's own
/// connection): an app left open while she reads wakes for nothing.
pub(super) struct Checkpointer {
    /// Dropped to stop the thread, with the sender the WAL hook holds (the store's connection
    /// goes first: `Store`'s fields drop in order).
    written: Option<mpsc::SyncSender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    pub(super) fn start(path: &Path, key: &DataKey) -> Result<Checkpointer> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        key_connection(&conn, key)?;
        conn.execute_batch("PRAGMA synchronous = FULL;")?;
        // One slot: commits that come while one is waiting need no message of their own.
        let (written, commits) = mpsc::sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("grot-checkpoint".into())
            .spawn(move || {
                while commits.recv().is_ok() {
                    // The commits of a burst of typing gather, then are folded in at once.
                    let due = Instant::now() + CHECKPOINT_EVERY;
                    loop {
                        match commits.recv_timeout(due.saturating_duration_since(Instant::now())) {
                            Ok(()) => continue,
                            Err(mpsc::RecvTimeoutError::Timeout) => break,
                            Err(mpsc::RecvTimeoutError::Disconnected) => return,
                        }
                    }
                    // A failed checkpoint is retried after the next commit; the WAL stays valid.
                    let _ = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
            })
            .map_err(Error::io)?;
        Ok(Checkpointer { written: Some(written), thread: Some(thread) })
    }

    /// Tells the thread at every commit to `conn`'s WAL. (Turning SQLite's automatic
    /// checkpoints off replaces the WAL hook, so this comes after.)
    pub(super) fn watch(&self, conn: &mut Connection) -> Result<()> {
        let written = self.written.clone().ok_or_else(|| Error::Storage("checkpointer stopped".into()))?;
        conn.wal_hook(Some(move |_: &mut rusqlite::hooks::Wal, _pages| {
            // Full: a checkpoint is already waiting, and will take this commit along.
            let _ = written.try_send(());
            Ok(())
        }))?;
        Ok(())
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.written.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
