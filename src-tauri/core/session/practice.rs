//! Letters from practice that need more than the store: taking "only for me" off a letter asks
//! for her passphrase, counted like every other guess.

use super::*;

impl Session {
    /// Marks a letter "only for me" (nothing asked: it keeps the letter closer), or takes the
    /// mark off, which needs her passphrase: someone at the open app cannot send her private
    /// letter out by unmarking it.
    pub fn set_private(&self, id: &LetterId, private: bool, passphrase: Option<&SecretString>) -> Result<()> {
        if private {
            return self.with_store(|s| s.set_private(id, true, now_ms()));
        }
        let _turn = self.turn();
        self.with_store(|s| s.stored_exists(id))?;
        let passphrase = passphrase.ok_or_else(|| Error::InvalidInput("her passphrase takes the mark off".into()))?;
        self.verify_open(passphrase)?;
        self.with_store(|s| s.set_private(id, false, now_ms()))
    }
}
