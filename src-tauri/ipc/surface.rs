// The IPC surface, declared once: every command the UI may call, by the `ipc` module that holds
// it, with what it is given (`[...]`: what Tauri hands the adapter; `(...)`: the arguments the
// page sends) and what it answers. `sync` commands run on the main thread, `async` ones off it.
//
// From this one list: `ipc::handler` registers exactly these; `build.rs` declares them to Tauri
// (so only those a capability lists are callable); `ipc::declared` calls each adapter with the
// declared types, so the compiler refuses a list that says other than the code; and
// `tests/integration/contract.rs` writes `capabilities/main.json`, `ui/lib/commands.js` and
// `ui/lib/contract.d.ts` from it, failing when any is stale. Included by `build.rs` too, so it
// holds this one macro and nothing else. An argument the page sends as text but the backend
// keeps as a secret is declared `SecretString as String`.
macro_rules! ipc_surface {
    ($then:ident) => {
        $then! {
            lock {
                sync session_status[session]() -> Status;
                sync app_painted[session](screen: Screen, page_ms: Option<u32>) -> ();
                async vault_begin_setup[session](passphrase: SecretString as String) -> String;
                async vault_confirm_setup[session](code: SecretString as String) -> ();
                async vault_unlock[session](passphrase: SecretString as String) -> ();
                async vault_unlock_recovery[session](code: SecretString as String) -> ();
                async vault_change_passphrase[session](old: SecretString as String, new: SecretString as String) -> ();
                async vault_new_recovery_begin[session](passphrase: SecretString as String) -> String;
                async vault_new_recovery_confirm[session](code: SecretString as String) -> ();
                async vault_restore_key_file[session]() -> ();
                async vault_restore_store[session]() -> ();
                sync session_lock[session]() -> ();
                sync session_touch[session]() -> ();
                sync app_quit[app, session]() -> ();
                async handover_start[session](id: LetterId) -> Letter;
                async handover_letter[session]() -> HandedOver;
                async handover_answer_save[session](answer: AnswerDraft) -> AnswerAck;
                async handover_leave[session](passphrase: SecretString as String) -> ();
                async handover_not_now[session]() -> ();
            }
            guide {
                sync guide_list[session](lang: Lang) -> Vec<GuideSummary>;
                sync guide_section[session](guide: String, section: String, lang: Lang) -> SectionView;
                sync guide_search[session](query: String, lang: Lang) -> Vec<SearchHit>;
                sync guide_tips[session](guide: String, lang: Lang) -> TipsView;
                sync guide_phrases[session](guide: String, lang: Lang) -> Vec<Phrase>;
                sync guide_templates[session](lang: Lang) -> Vec<Template>;
                sync guide_forms[session](lang: Lang) -> Vec<Form>;
            }
            letters {
                async letter_save[session](draft: Draft) -> SaveAck;
                async letter_set_lang[session](id: LetterId, lang: Option<Lang>) -> ();
                async letter_get[session](id: LetterId) -> Letter;
                async letter_list[session](sort: Sort, offset: Option<usize>, limit: Option<usize>) -> Vec<Summary>;
                async letter_trash[session]() -> Vec<Summary>;
                async letter_delete[session](id: LetterId) -> ();
                async letter_restore[session](id: LetterId) -> ();
                async letter_purge[session](id: LetterId, from_backups: Option<bool>) -> ();
                async letter_search[session](query: String) -> Vec<LetterHit>;
                async letter_revisions[session](id: LetterId) -> Vec<RevisionSummary>;
                async letter_revision[session](id: LetterId, revision: i64) -> Revision;
                async letter_restore_revision[session](id: LetterId, revision: i64) -> Letter;
                async letter_snapshot[session](id: LetterId, reason: SnapshotReason) -> ();
                async letter_seal[session](id: LetterId, until_ms: i64) -> ();
                async letter_open_early[session](id: LetterId, passphrase: SecretString as String) -> Letter;
                async letter_thread[session](id: LetterId) -> Thread;
                async letter_new_answers[session]() -> Vec<NewAnswers>;
                async letter_answers_seen[session](id: LetterId) -> ();
                async letter_conversation[session](recipient: String) -> Vec<Said>;
                async letter_set_private[session](id: LetterId, private: bool, passphrase: Option<SecretString> as Option<String>) -> ();
                async letter_write_version[session](of: LetterId, id: LetterId) -> Letter;
                async letter_remind[session](id: LetterId, on_ms: Option<i64>) -> ();
                async letter_notices[session]() -> Notices;
                async letter_notices_seen[session](as_of_ms: i64) -> ();
                async letter_set_feelings[session](id: LetterId, feelings: Vec<Feeling>) -> ();
                async letter_set_outcome[session](id: LetterId, outcome: Option<HowItWent>) -> ();
                async letter_moods[session]() -> Vec<Mood>;
                async tone_check[session](text: String) -> Vec<Flag>;
            }
            settings {
                async settings_get[session]() -> Settings;
                async settings_set[app, session](settings: Settings) -> ();
                async away_support[app, session]() -> Support;
                async spelling_for[app, session](lang: Lang) -> Spelling;
                async bookmark_list[session]() -> Vec<Bookmark>;
                async bookmark_set[session](kind: BookmarkKind, target: String, on: bool) -> bool;
            }
            files {
                async letter_export[app, session](id: LetterId, format: ExportFormat, labels: ExportLabels) -> Option<String>;
                async backup_status[session]() -> BackupStatus;
                async backup_export[app, session]() -> Option<String>;
                async backup_import[app, session](secret: Option<SecretString> as Option<String>) -> bool;
                async backup_list[session]() -> Vec<Entry>;
                async backup_restore[session](id: String, passphrase: SecretString as String) -> ();
                async letters_take_out[app, session](passphrase: SecretString as String, labels: TakeoutLabels, to: TakeoutTo) -> Option<TakenOut>;
                async letters_import_preview[app, session](passphrase: SecretString as String, source: Source, dialog: String) -> Option<Preview>;
                async letters_import_confirm[session]() -> BroughtIn;
                async letters_import_cancel[session]() -> ();
                async letters_import_undo[session]() -> usize;
            }
        }
    };
}
