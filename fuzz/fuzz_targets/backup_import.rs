//! Backup import on any file: into an empty folder it either puts exactly a header and a store
//! there, or refuses and leaves the folder empty. Never a panic, never a file elsewhere.
#![no_main]

libfuzzer_sys::fuzz_target!(|archive: &[u8]| {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("in.grotbackup");
    std::fs::write(&file, archive).unwrap();
    let dir = root.path().join("data");
    let imported = grot_core::backup::import(&file, &dir, false);
    let mut left: Vec<String> =
        std::fs::read_dir(&dir).map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().to_string()).collect()).unwrap_or_default();
    left.sort();
    match imported {
        Ok(()) => assert_eq!(left, ["grot.db", "vault.json"], "an import puts exactly the two files in place"),
        Err(_) => assert!(left.is_empty(), "a refused import leaves nothing: {left:?}"),
    }
    let outside: Vec<_> = std::fs::read_dir(root.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(outside.len() <= 2, "nothing written beside the data folder: {outside:?}");
});
