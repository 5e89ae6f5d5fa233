// Generated from src-tauri/ipc/ (surface.rs, LIMITS, Settings, the error codes) by tests/integration/contract.rs: do not edit.
// Every command the backend offers, as one typed function, and the values the page shares
// with the backend (it checks them again).

import { call } from './api.js';

/** @typedef {import('./contract.js').Limits} Limits */
/** @typedef {import('./contract.js').Settings} Settings */
/** @typedef {import('./contract.js').ErrorCode} ErrorCode */

export const LIMITS = /** @type {Readonly<Limits>} */ (Object.freeze({"maxBodyBytes":1000000,"maxTitleChars":300,"maxRecipientChars":120,"maxSeq":9007199254740991,"minPassphraseChars":8,"textSteps":8,"autolockMinutes":[1,240],"handoverLockMinutes":[5,240],"wordsPerMinute":200}));

export const DEFAULT_SETTINGS = /** @type {Readonly<Settings>} */ (Object.freeze({"lang":"nl","theme":"system","text_step":2,"autolock_minutes":5,"reading_mode":"sections","last_section":null,"last_view":"reader","discreet":false,"handover_lock_minutes":30,"lock_when_away":true,"lock_when_minimised":false,"glance_proof":false,"spell_check":true,"wait_before_handover":true}));

export const LANGS = /** @type {ReadonlyArray<import('./contract.js').Lang>} */ (Object.freeze(["nl","en"]));

export const THEMES = /** @type {ReadonlyArray<import('./contract.js').Theme>} */ (Object.freeze(["system","light","dark"]));

export const READING_MODES = /** @type {ReadonlyArray<import('./contract.js').ReadingMode>} */ (Object.freeze(["sections","continuous"]));

export const LAST_VIEWS = /** @type {ReadonlyArray<import('./contract.js').LastView>} */ (Object.freeze(["reader","letters"]));

export const FEELINGS = /** @type {ReadonlyArray<import('./contract.js').Feeling>} */ (Object.freeze(["sad","angry","lonely","hurt","worried","hopeful","relieved","loved","calm","grateful"]));

export const OUTCOMES = /** @type {ReadonlyArray<import('./contract.js').HowItWent>} */ (Object.freeze(["closer","helped","same","harder"]));

/** Every error code, by name. @satisfies {Readonly<Record<string, ErrorCode>>} */
export const ERROR = Object.freeze({ notFound: 'not_found', invalidInput: 'invalid_input', precondition: 'precondition', content: 'content', locked: 'locked', wrongPassphrase: 'wrong_passphrase', wrongRecoveryCode: 'wrong_recovery_code', tooSoon: 'too_soon', weakPassphrase: 'weak_passphrase', vaultExists: 'vault_exists', noVault: 'no_vault', vault: 'vault', diskFull: 'disk_full', tooLarge: 'too_large', sealed: 'sealed', handover: 'handover', storage: 'storage', keyMissing: 'key_missing', storeMissing: 'store_missing', keyDamaged: 'key_damaged', storeDamaged: 'store_damaged', notABackup: 'not_a_backup', inUse: 'in_use', cannotWrite: 'cannot_write', newRecoveryCodeNeeded: 'new_recovery_code_needed', keyTampered: 'key_tampered', onlyForMe: 'only_for_me', notThatFormat: 'not_that_format', unsafeArchive: 'unsafe_archive', tooMuch: 'too_much' });

/** @param {Record<string, never>} [args] @returns {Promise<import('./contract.js').Status>} */
export const sessionStatus = (args) => call('session_status', args);
/** @param {{ screen: import('./contract.js').Screen, pageMs?: number | null }} args @returns {Promise<null>} */
export const appPainted = (args) => call('app_painted', args);
/** @param {{ passphrase: string }} args @returns {Promise<string>} */
export const vaultBeginSetup = (args) => call('vault_begin_setup', args);
/** @param {{ code: string }} args @returns {Promise<null>} */
export const vaultConfirmSetup = (args) => call('vault_confirm_setup', args);
/** @param {{ passphrase: string }} args @returns {Promise<null>} */
export const vaultUnlock = (args) => call('vault_unlock', args);
/** @param {{ code: string }} args @returns {Promise<null>} */
export const vaultUnlockRecovery = (args) => call('vault_unlock_recovery', args);
/** @param {{ old: string, new: string }} args @returns {Promise<null>} */
export const vaultChangePassphrase = (args) => call('vault_change_passphrase', args);
/** @param {{ passphrase: string }} args @returns {Promise<string>} */
export const vaultNewRecoveryBegin = (args) => call('vault_new_recovery_begin', args);
/** @param {{ code: string }} args @returns {Promise<null>} */
export const vaultNewRecoveryConfirm = (args) => call('vault_new_recovery_confirm', args);
/** @param {Record<string, never>} [args] @returns {Promise<null>} */
export const vaultRestoreKeyFile = (args) => call('vault_restore_key_file', args);
/** @param {Record<string, never>} [args] @returns {Promise<null>} */
export const vaultRestoreStore = (args) => call('vault_restore_store', args);
/** @param {Record<string, never>} [args] @returns {Promise<null>} */
export const sessionLock = (args) => call('session_lock', args);
/** @param {Record<string, never>} [args] @returns {Promise<null>} */
export const sessionTouch = (args) => call('session_touch', args);
/** @param {Record<string, never>} [args] @returns {Promise<null>} */
export const appQuit = (args) => call('app_quit', args);
/** @param {{ id: import('./contract.js').LetterId }} args @returns {Promise<import('./contract.js').Letter>} */
export const handoverStart = (args) => call('handover_start', args);
/** @param {Record<string, never>} [args] @returns {Promise<import('./contract.js').HandedOver>} */
export const handoverLetter = (args) => call('handover_letter', args);
/** @param {{ answer: import('./contract.js').AnswerDraft }} args @returns {Promise<import('./contract.js').AnswerAck>} */
export const handoverAnswerSave = (args) => call('handover_answer_save', args);
/** @param {{ passphrase: string }} args @returns {Promise<null>} */
export const handoverLeave = (args) => call('handover_leave', args);
/** @param {Record<string, never>} [args] @returns {Promise<null>} */
export const handoverNotNow = (args) => call('handover_not_now', args);
/** @param {{ lang: import('./contract.js').Lang }} args @returns {Promise<Array<import('./contract.js').GuideSummary>>} */
export const guideList = (args) => call('guide_list', args);
/** @param {{ guide: string, section: string, lang: import('./contract.js').Lang }} args @returns {Promise<import('./contract.js').SectionView>} */
export const guideSection = (args) => call('guide_section', args);
/** @param {{ query: string, lang: import('./contract.js').Lang }} args @returns {Promise<Array<import('./contract.js').SearchHit>>} */
export const guideSearch = (args) => call('guide_search', args);
/** @param {{ guide: string, lang: import('./contract.js').Lang }} args @returns {Promise<import('./contract.js').TipsView>} */
export const guideTips = (args) => call('guide_tips', args);
/** @param {{ guide: string, lang: import('./contract.js').Lang }} args @returns {Promise<Array<import('./contract.js').Phrase>>} */
export const guidePhrases = (args) => call('guide_phrases', args);
/** @param {{ lang: import('./contract.js').Lang }} args @returns {Promise<Array<import('./contract.js').Template>>} */
export const guideTemplates = (args) => call('guide_templates', args);
/** @param {{ lang: import('./contract.js').Lang }} args @returns {Promise<Array<import('./contract.js').Form>>} */
export const guideForms = (args) => call('guide_forms', args);
/** @param {{ draft: import('./contract.js').Draft }} args @returns {Promise<import('./contract.js').SaveAck>} */
export const letterSave = (args) => call('letter_save', args);
/** @param {{ id: import('./contract.js').LetterId, lang?: import('./contract.js').Lang | null }} args @returns {Promise<null>} */
export const letterSetLang = (args) => call('letter_set_lang', args);
/** @param {{ id: import('./contract.js').LetterId }} args @returns {Promise<import('./contract.js').Letter>} */
export const letterGet = (args) => call('letter_get', args);
/** @param {{ sort: import('./contract.js').Sort, offset?: number | null, limit?: number | null }} args @returns {Promise<Array<import('./contract.js').Summary>>} */
export const letterList = (args) => call('letter_list', args);
/** @param {Record<string, never>} [args] @returns {Promise<Array<import('./contract.js').Summary>>} */
export const letterTrash = (args) => call('letter_trash', args);
/** @param {{ id: import('./contract.js').LetterId }} args @returns {Promise<null>} */
export const letterDelete = (args) => call('letter_delete', args);
/** @param {{ id: import('./contract.js').LetterId }} args @returns {Promise<null>} */
export const letterRestore = (args) => call('letter_restore', args);
/** @param {{ id: import('./contract.js').LetterId, fromBackups?: boolean | null }} args @returns {Promise<null>} */
export const letterPurge = (args) => call('letter_purge', args);
/** @param {{ query: string }} args @returns {Promise<Array<import('./contract.js').LetterHit>>} */
export const letterSearch = (args) => call('letter_search', args);
/** @param {{ id: import('./contract.js').LetterId }} args @returns {Promise<Array<import('./contract.js').RevisionSummary>>} */
export const letterRevisions = (args) => call('letter_revisions', args);
/** @param {{ id: import('./contract.js').LetterId, revision: number }} args @returns {Promise<import('./contract.js').Revision>} */
export const letterRevision = (args) => call('letter_revision', args);
/** @param {{ id: import('./contract.js').LetterId, revision: number }} args @returns {Promise<import('./contract.js').Letter>} */
export const letterRestoreRevision = (args) => call('letter_restore_revision', args);
/** @param {{ id: import('./contract.js').LetterId, reason: import('./contract.js').SnapshotReason }} args @returns {Promise<null>} */
export const letterSnapshot = (args) => call('letter_snapshot', args);
/** @param {{ id: import('./contract.js').LetterId, untilMs: number }} args @returns {Promise<null>} */
export const letterSeal = (args) => call('letter_seal', args);
/** @param {{ id: import('./contract.js').LetterId, passphrase: string }} args @returns {Promise<import('./contract.js').Letter>} */
export const letterOpenEarly = (args) => call('letter_open_early', args);
/** @param {{ id: import('./contract.js').LetterId }} args @returns {Promise<import('./contract.js').Thread>} */
export const letterThread = (args) => call('letter_thread', args);
/** @param {Record<string, never>} [args] @returns {Promise<Array<import('./contract.js').NewAnswers>>} */
export const letterNewAnswers = (args) => call('letter_new_answers', args);
/** @param {{ id: import('./contract.js').LetterId }} args @returns {Promise<null>} */
export const letterAnswersSeen = (args) => call('letter_answers_seen', args);
/** @param {{ recipient: string }} args @returns {Promise<Array<import('./contract.js').Said>>} */
export const letterConversation = (args) => call('letter_conversation', args);
/** @param {{ id: import('./contract.js').LetterId, private: boolean, passphrase?: string | null }} args @returns {Promise<null>} */
export const letterSetPrivate = (args) => call('letter_set_private', args);
/** @param {{ of: import('./contract.js').LetterId, id: import('./contract.js').LetterId }} args @returns {Promise<import('./contract.js').Letter>} */
export const letterWriteVersion = (args) => call('letter_write_version', args);
/** @param {{ id: import('./contract.js').LetterId, onMs?: number | null }} args @returns {Promise<null>} */
export const letterRemind = (args) => call('letter_remind', args);
/** @param {Record<string, never>} [args] @returns {Promise<import('./contract.js').Notices>} */
export const letterNotices = (args) => call('letter_notices', args);
/** @param {{ asOfMs: number }} args @returns {Promise<null>} */
export const letterNoticesSeen = (args) => call('letter_notices_seen', args);
/** @param {{ id: import('./contract.js').LetterId, feelings: Array<import('./contract.js').Feeling> }} args @returns {Promise<null>} */
export const letterSetFeelings = (args) => call('letter_set_feelings', args);
/** @param {{ id: import('./contract.js').LetterId, outcome?: import('./contract.js').HowItWent | null }} args @returns {Promise<null>} */
export const letterSetOutcome = (args) => call('letter_set_outcome', args);
/** @param {Record<string, never>} [args] @returns {Promise<Array<import('./contract.js').Mood>>} */
export const letterMoods = (args) => call('letter_moods', args);
/** @param {{ text: string }} args @returns {Promise<Array<import('./contract.js').Flag>>} */
export const toneCheck = (args) => call('tone_check', args);
/** @param {Record<string, never>} [args] @returns {Promise<import('./contract.js').Settings>} */
export const settingsGet = (args) => call('settings_get', args);
/** @param {{ settings: import('./contract.js').Settings }} args @returns {Promise<null>} */
export const settingsSet = (args) => call('settings_set', args);
/** @param {Record<string, never>} [args] @returns {Promise<import('./contract.js').Support>} */
export const awaySupport = (args) => call('away_support', args);
/** @param {{ lang: import('./contract.js').Lang }} args @returns {Promise<import('./contract.js').Spelling>} */
export const spellingFor = (args) => call('spelling_for', args);
/** @param {Record<string, never>} [args] @returns {Promise<Array<import('./contract.js').Bookmark>>} */
export const bookmarkList = (args) => call('bookmark_list', args);
/** @param {{ kind: import('./contract.js').BookmarkKind, target: string, on: boolean }} args @returns {Promise<boolean>} */
export const bookmarkSet = (args) => call('bookmark_set', args);
/** @param {{ id: import('./contract.js').LetterId, format: import('./contract.js').ExportFormat, labels: import('./contract.js').ExportLabels }} args @returns {Promise<string | null>} */
export const letterExport = (args) => call('letter_export', args);
/** @param {Record<string, never>} [args] @returns {Promise<import('./contract.js').BackupStatus>} */
export const backupStatus = (args) => call('backup_status', args);
/** @param {Record<string, never>} [args] @returns {Promise<string | null>} */
export const backupExport = (args) => call('backup_export', args);
/** @param {{ secret?: string | null }} args @returns {Promise<boolean>} */
export const backupImport = (args) => call('backup_import', args);
/** @param {Record<string, never>} [args] @returns {Promise<Array<import('./contract.js').Entry>>} */
export const backupList = (args) => call('backup_list', args);
/** @param {{ id: string, passphrase: string }} args @returns {Promise<null>} */
export const backupRestore = (args) => call('backup_restore', args);
/** @param {{ passphrase: string, labels: import('./contract.js').TakeoutLabels, to: import('./contract.js').TakeoutTo }} args @returns {Promise<import('./contract.js').TakenOut | null>} */
export const lettersTakeOut = (args) => call('letters_take_out', args);
/** @param {{ passphrase: string, source: import('./contract.js').Source, dialog: string }} args @returns {Promise<import('./contract.js').Preview | null>} */
export const lettersImportPreview = (args) => call('letters_import_preview', args);
/** @param {Record<string, never>} [args] @returns {Promise<import('./contract.js').BroughtIn>} */
export const lettersImportConfirm = (args) => call('letters_import_confirm', args);
/** @param {Record<string, never>} [args] @returns {Promise<null>} */
export const lettersImportCancel = (args) => call('letters_import_cancel', args);
/** @param {Record<string, never>} [args] @returns {Promise<number>} */
export const lettersImportUndo = (args) => call('letters_import_undo', args);
