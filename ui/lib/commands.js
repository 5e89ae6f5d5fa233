// Generated from src-tauri/ipc/surface.rs and ipc::LIMITS by tests/integration/architecture.rs: do not edit.
// Every command the backend offers, as one named function, and the limits the UI checks
// before it calls (the backend checks them again).

import { call } from './api.js';

export const LIMITS = Object.freeze({
  autolockMinutes: [1,240],
  handoverLockMinutes: [5,240],
  maxBodyBytes: 1000000,
  maxRecipientChars: 120,
  maxSeq: 9007199254740991,
  maxTitleChars: 300,
  minPassphraseChars: 8,
  textSteps: 8,
});

export const sessionStatus = (args) => call('session_status', args);
export const appPainted = (args) => call('app_painted', args);
export const vaultBeginSetup = (args) => call('vault_begin_setup', args);
export const vaultConfirmSetup = (args) => call('vault_confirm_setup', args);
export const vaultUnlock = (args) => call('vault_unlock', args);
export const vaultUnlockRecovery = (args) => call('vault_unlock_recovery', args);
export const vaultChangePassphrase = (args) => call('vault_change_passphrase', args);
export const vaultNewRecoveryBegin = (args) => call('vault_new_recovery_begin', args);
export const vaultNewRecoveryConfirm = (args) => call('vault_new_recovery_confirm', args);
export const vaultRestoreKeyFile = (args) => call('vault_restore_key_file', args);
export const vaultRestoreStore = (args) => call('vault_restore_store', args);
export const sessionLock = (args) => call('session_lock', args);
export const sessionTouch = (args) => call('session_touch', args);
export const appQuit = (args) => call('app_quit', args);
export const handoverStart = (args) => call('handover_start', args);
export const handoverLetter = (args) => call('handover_letter', args);
export const handoverAnswerSave = (args) => call('handover_answer_save', args);
export const handoverLeave = (args) => call('handover_leave', args);
export const guideList = (args) => call('guide_list', args);
export const guideSection = (args) => call('guide_section', args);
export const guideSearch = (args) => call('guide_search', args);
export const guideTips = (args) => call('guide_tips', args);
export const guidePhrases = (args) => call('guide_phrases', args);
export const guideTemplates = (args) => call('guide_templates', args);
export const letterSave = (args) => call('letter_save', args);
export const letterSetLang = (args) => call('letter_set_lang', args);
export const letterGet = (args) => call('letter_get', args);
export const letterList = (args) => call('letter_list', args);
export const letterTrash = (args) => call('letter_trash', args);
export const letterDelete = (args) => call('letter_delete', args);
export const letterRestore = (args) => call('letter_restore', args);
export const letterPurge = (args) => call('letter_purge', args);
export const letterSearch = (args) => call('letter_search', args);
export const letterRevisions = (args) => call('letter_revisions', args);
export const letterRevision = (args) => call('letter_revision', args);
export const letterRestoreRevision = (args) => call('letter_restore_revision', args);
export const letterSnapshot = (args) => call('letter_snapshot', args);
export const letterSeal = (args) => call('letter_seal', args);
export const letterOpenEarly = (args) => call('letter_open_early', args);
export const letterThread = (args) => call('letter_thread', args);
export const letterNewAnswers = (args) => call('letter_new_answers', args);
export const letterAnswersSeen = (args) => call('letter_answers_seen', args);
export const letterConversation = (args) => call('letter_conversation', args);
export const toneCheck = (args) => call('tone_check', args);
export const settingsGet = (args) => call('settings_get', args);
export const settingsSet = (args) => call('settings_set', args);
export const awaySupport = (args) => call('away_support', args);
export const spellingFor = (args) => call('spelling_for', args);
export const bookmarkList = (args) => call('bookmark_list', args);
export const bookmarkSet = (args) => call('bookmark_set', args);
export const letterExport = (args) => call('letter_export', args);
export const backupStatus = (args) => call('backup_status', args);
export const backupExport = (args) => call('backup_export', args);
export const backupImport = (args) => call('backup_import', args);
export const backupList = (args) => call('backup_list', args);
export const backupRestore = (args) => call('backup_restore', args);
