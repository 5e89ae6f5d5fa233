// The IPC surface, declared once: every command the UI may call, by the `ipc` module that holds
// it. `ipc::handler` registers exactly these, `build.rs` declares them to Tauri (so only those a
// capability lists are callable), and `tests/architecture.rs` regenerates
// `capabilities/main.json` and `ui/lib/commands.js` from `ipc::COMMANDS` and fails when either
// is stale. Included by `build.rs` too, so it holds this one macro and nothing else.
macro_rules! ipc_surface {
    ($then:ident) => {
        $then! {
            lock: session_status, app_painted, vault_begin_setup, vault_confirm_setup, vault_unlock,
                vault_unlock_recovery, vault_change_passphrase, vault_new_recovery_begin,
                vault_new_recovery_confirm, vault_restore_key_file, vault_restore_store, session_lock,
                session_touch, app_quit, handover_start, handover_letter, handover_answer_save, handover_leave;
            guide: guide_list, guide_section, guide_search, guide_tips, guide_phrases, guide_templates;
            letters: letter_save, letter_set_lang, letter_get, letter_list, letter_trash, letter_delete, letter_restore,
                letter_purge, letter_search, letter_revisions, letter_revision, letter_restore_revision,
                letter_snapshot, letter_seal, letter_open_early, letter_thread, letter_new_answers,
                letter_answers_seen, letter_conversation, tone_check;
            settings: settings_get, settings_set, away_support, spelling_for, bookmark_list, bookmark_set;
            files: letter_export, backup_status, backup_export, backup_import, backup_list, backup_restore;
        }
    };
}
