//! Hand-over (one letter, read-only, for someone else) and opening a seal early: both end only
//! with her passphrase, checked against the open key.

use super::*;

impl Session {
    /// Hands one letter over for reading: from now on only that letter can be read, and only
    /// the passphrase leaves.
    pub fn start_handover(&self, id: &str) -> Result<Letter> {
        let letter = self.with_store(|s| s.letter(id, now_ms()))?;
        self.inner().handover = Some(id.to_string());
        Ok(letter)
    }

    /// The handed-over letter; the only thing readable during a hand-over.
    pub fn handover_letter(&self) -> Result<Letter> {
        let mut inner = self.inner();
        let id = inner.handover.clone();
        let open = inner.open.as_mut().ok_or(Error::Locked)?;
        let id = id.ok_or_else(|| Error::Precondition("no hand-over".into()))?;
        open.last_active = Instant::now();
        open.store.letter(&id, now_ms())
    }

    /// Ends the hand-over once the writer's passphrase is given (checked against the open key).
    pub fn leave_handover(&self, passphrase: &SecretString) -> Result<()> {
        let _turn = self.turn();
        {
            let inner = self.inner();
            if inner.open.is_none() {
                return Err(Error::Locked);
            }
            if inner.handover.is_none() {
                return Err(Error::Precondition("no hand-over".into()));
            }
        }
        self.verify_open(passphrase)?;
        let mut inner = self.inner();
        inner.handover = None;
        if let Some(open) = inner.open.as_mut() {
            open.last_active = Instant::now();
        }
        Ok(())
    }

    /// Opens a sealed letter before its time; asks for the passphrase again.
    pub fn open_early(&self, id: &str, passphrase: &SecretString) -> Result<Letter> {
        let _turn = self.turn();
        self.require_unlocked()?;
        self.verify_open(passphrase)?;
        self.with_store(|s| s.open_early(id, now_ms()))
    }
}
