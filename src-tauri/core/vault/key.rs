//! The data key: zeroed on drop, in locked memory where the platform allows.

use super::*;

/// The key that opens the store. Zeroed when dropped, kept out of swap where the platform lets
/// an unprivileged process lock memory (`mlock` on Unix); never serialized, never logged.
pub struct DataKey(Box<[u8; KEY_LEN]>);

impl DataKey {
    pub(super) fn zeroed() -> DataKey {
        let key = DataKey(Box::new([0u8; KEY_LEN]));
        crate::harden::lock_memory(key.0.as_ptr(), KEY_LEN);
        key
    }

    pub(super) fn random() -> DataKey {
        let mut key = DataKey::zeroed();
        getrandom::getrandom(key.0.as_mut()).expect("the operating system has no randomness");
        key
    }

    /// A key from bytes, which the caller wipes.
    pub(super) fn from_slice(bytes: &[u8]) -> Result<DataKey> {
        if bytes.len() != KEY_LEN {
            return Err(Error::KeyDamaged);
        }
        let mut key = DataKey::zeroed();
        key.0.copy_from_slice(bytes);
        Ok(key)
    }

    pub fn expose(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// A second copy, for work that outlives the caller (the backup after unlock). Zeroed
    /// when dropped, like the first; copied heap to heap, never through the stack.
    pub(crate) fn duplicate(&self) -> DataKey {
        let mut copy = DataKey::zeroed();
        copy.0.copy_from_slice(self.0.as_ref());
        copy
    }

    /// Whether both are the same key, in constant time.
    pub fn same_as(&self, other: &DataKey) -> bool {
        self.0[..].ct_eq(&other.0[..]).into()
    }
}

impl Drop for DataKey {
    fn drop(&mut self) {
        self.0.zeroize();
        crate::harden::unlock_memory(self.0.as_ptr(), KEY_LEN);
    }
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}
