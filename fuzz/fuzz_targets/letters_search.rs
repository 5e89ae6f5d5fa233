//! The letters search on any query, over a small store: an error or hits, never a panic (FTS5
//! query syntax in her words must not reach SQLite as syntax), and never a sealed letter.
#![no_main]

use std::sync::{Mutex, OnceLock};

use grot_core::store::letters::{Draft, LetterId};
use grot_core::store::Store;
use grot_core::vault::{self, KdfParams};
use secrecy::{ExposeSecret, SecretString};

const NOW: i64 = 1_800_000_000_000;
const SEALED: &str = "00000000-0000-4000-8000-000000000003";

fn store() -> &'static Mutex<Store> {
    static STORE: OnceLock<(tempfile::TempDir, Mutex<Store>)> = OnceLock::new();
    &STORE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let pending = vault::begin(&SecretString::from("fuzzing passphrase".to_string()), KdfParams::TEST).unwrap();
            let code = SecretString::from(pending.recovery_code().expose_secret().to_string());
            let key = vault::confirm(dir.path(), pending, &code).unwrap().key;
            let mut store = Store::create(dir.path(), &key).unwrap();
            let letters = [
                "Lieve Sam, ik was geïrriteerd en wil het uitleggen. \"grot\" AND NOT NEAR(x) * ^",
                "Café dicht, ﬁne; 🙂 שלום مرحبا e\u{301}e\u{301} \u{202e}omgekeerd",
                "Verzegeld geheim dat niemand mag vinden",
            ];
            for (i, body) in letters.iter().enumerate() {
                let id = format!("00000000-0000-4000-8000-00000000000{}", i + 1);
                store
                    .save(
                        &Draft {
                            id: LetterId::parse(&id).unwrap(),
                            title: format!("Brief {i}"),
                            recipient: "Sam".into(),
                            body: body.to_string(),
                            seq: 1,
                        },
                        NOW - 10,
                    )
                    .unwrap();
            }
            store.seal(&LetterId::parse(SEALED).unwrap(), NOW + 60_000, NOW).unwrap();
            (dir, Mutex::new(store))
        })
        .1
}

libfuzzer_sys::fuzz_target!(|query: &str| {
    let store = store().lock().unwrap();
    if let Ok(hits) = store.search(query, NOW) {
        assert!(hits.iter().all(|h| h.letter.id != SEALED), "a sealed letter was found by {query:?}");
    }
});
