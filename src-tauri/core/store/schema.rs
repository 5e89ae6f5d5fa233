//! The store's schema, as the steps that made it.

/// Schema steps, applied in order; `PRAGMA user_version` says how many have run.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: letters, their revisions, their full-text index, settings and bookmarks.
    // Bodies live apart from the metadata, so listing thousands of letters reads (and
    // decrypts) only small rows, never the text.
    "CREATE TABLE letters (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        recipient TEXT NOT NULL DEFAULT '',
        words INTEGER NOT NULL DEFAULT 0,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        seq INTEGER NOT NULL DEFAULT 0,
        deleted_ms INTEGER
    );
    CREATE INDEX letters_by_update ON letters (deleted_ms, updated_ms DESC);
    CREATE TABLE letter_bodies (
        letter_id TEXT PRIMARY KEY REFERENCES letters (id) ON DELETE CASCADE,
        body TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE revisions (
        id INTEGER PRIMARY KEY,
        letter_id TEXT NOT NULL REFERENCES letters (id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        words INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE INDEX revisions_by_letter ON revisions (letter_id, created_ms DESC);
    CREATE VIRTUAL TABLE letters_fts USING fts5 (
        title, recipient, body,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO letters_fts (letters_fts, rank) VALUES ('rank', 'bm25(5.0, 3.0, 1.0)');
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE bookmarks (
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        PRIMARY KEY (kind, target)
    );",
    // 2: sealing a letter until a moment, and the mark of opening it early.
    "ALTER TABLE letters ADD COLUMN sealed_until_ms INTEGER;
     ALTER TABLE letters ADD COLUMN opened_early_ms INTEGER;",
    // 3: the letter's own language, for its spell check (none: the app's language).
    "ALTER TABLE letters ADD COLUMN lang TEXT;",
    // 4: his answers to a handed-over letter, and each time it was handed over. The search
    // index gains a column for the answers (FTS5 tables cannot grow one, so it is made anew
    // from the old index, which holds the NFKC copies).
    "CREATE TABLE answers (
        id TEXT PRIMARY KEY,
        letter_id TEXT NOT NULL REFERENCES letters (id) ON DELETE CASCADE,
        body TEXT NOT NULL,
        seq INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL,
        seen_ms INTEGER
    );
    CREATE INDEX answers_by_letter ON answers (letter_id, created_ms);
    CREATE TABLE readings (
        id INTEGER PRIMARY KEY,
        letter_id TEXT NOT NULL REFERENCES letters (id) ON DELETE CASCADE,
        started_ms INTEGER NOT NULL,
        ended_ms INTEGER NOT NULL
    );
    CREATE INDEX readings_by_letter ON readings (letter_id, started_ms);
    CREATE VIRTUAL TABLE letters_fts_next USING fts5 (
        title, recipient, body, answers,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO letters_fts_next (rowid, title, recipient, body, answers) SELECT rowid, title, recipient, body, '' FROM letters_fts;
    DROP TABLE letters_fts;
    ALTER TABLE letters_fts_next RENAME TO letters_fts;
    INSERT INTO letters_fts (letters_fts, rank) VALUES ('rank', 'bm25(5.0, 3.0, 1.0, 1.0)');",
    // 5: "delete for good" leaves no term of the letter in the search index's pages (FTS5's
    // secure-delete; the index made anew once, so terms deleted before this step go too), and
    // the store remembers that its key file is authenticated (format 3), so a key file written
    // back in an older format cannot slip a changed field past the check.
    "INSERT INTO letters_fts (letters_fts, rank) VALUES ('secure-delete', 1);
    INSERT INTO letters_fts (letters_fts) VALUES ('rebuild');
    CREATE TABLE vault_binding (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        authenticated_ms INTEGER NOT NULL
    );",
    // 6: letters from practice. "Only for me" (since when), and the letter for him written from
    // a private one; his "not now" at a hand-over (kept in the read log too) and whether she
    // has seen it; a day to be reminded of a letter; whether she has seen that a seal opened (seals
    // that opened before this step count as seen: no notice of old news).
    "ALTER TABLE letters ADD COLUMN private_ms INTEGER;
    ALTER TABLE letters ADD COLUMN version_of TEXT REFERENCES letters (id) ON DELETE SET NULL;
    ALTER TABLE letters ADD COLUMN not_now_ms INTEGER;
    ALTER TABLE letters ADD COLUMN not_now_seen INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE letters ADD COLUMN remind_ms INTEGER;
    ALTER TABLE letters ADD COLUMN seal_seen INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE readings ADD COLUMN not_now INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX letters_by_version ON letters (version_of) WHERE version_of IS NOT NULL;
    UPDATE letters SET seal_seen = 1 WHERE sealed_until_ms <= CAST(strftime('%s', 'now') AS INTEGER) * 1000;",
    // 7: how she felt about a letter (a few words from a short list) and, after a hand-over, how
    // it went; both go with their letter (trash, purge, backups).
    "CREATE TABLE feelings (
        letter_id TEXT NOT NULL REFERENCES letters (id) ON DELETE CASCADE,
        feeling TEXT NOT NULL,
        noted_ms INTEGER NOT NULL,
        PRIMARY KEY (letter_id, feeling)
    ) WITHOUT ROWID;
    ALTER TABLE letters ADD COLUMN outcome TEXT;
    ALTER TABLE letters ADD COLUMN outcome_ms INTEGER;",
    // 8: letters by when they were begun: the list sorted so, and a letter brought back found
    // again by its moment.
    "CREATE INDEX letters_by_created ON letters (created_ms);",
];
