// Generated from src-tauri/ipc/ (surface.rs and the types it names) by tests/integration/contract.rs: do not edit.
// The types that cross between the page and the backend, as the backend defines them.

export type Answer = { id: string, body: string, seq: number, created_ms: number, updated_ms: number, };

export type AnswerAck = { id: string, seq: number, updated_ms: number, };

export type AnswerDraft = { id: string, body: string, seq: number, };

export type BackupKind = "backup" | "replaced" | "damaged";

export type BackupStatus = { latest_ms: number | null, error: string | null, };

export type Block = { "type": "paragraph", inlines: Array<Inline>, } | { "type": "list", ordered: boolean, items: Array<Array<Inline>>, } | { "type": "quote", blocks: Array<Block>, };

export type Bookmark = { kind: BookmarkKind, target: string, created_ms: number, };

export type BookmarkKind = "section" | "tip";

export type BroughtIn = { added: number, 
/**
 * Already here: the same id, or the same title, moment and text.
 */
skipped: number, };

export type Draft = { id: LetterId, title: string, recipient: string, body: string, seq: number, };

export type Entry = { id: string, made_ms: number, kind: BackupKind, };

export type ExportFormat = "md" | "txt" | "pdf";

export type ExportLabels = { 
/**
 * "Aan Sam", or empty.
 */
to: string, 
/**
 * The date as she reads dates.
 */
date: string, 
/**
 * Shown when the letter has no title.
 */
untitled: string, 
/**
 * Her language (BCP 47), written into a PDF's metadata.
 */
language: string, 
/**
 * The save dialog's title ("Brief exporteren").
 */
dialog: string, 
/**
 * With his answers after the letter: one heading per answer, oldest first ("Antwoord,
 * 3 december 2026, 21:14"). Empty: the letter alone.
 */
answers: Array<string>, };

export type Feeling = "sad" | "angry" | "lonely" | "hurt" | "worried" | "hopeful" | "relieved" | "loved" | "calm" | "grateful";

export type Flag = { rule: string, start: number, end: number, text: string, suggestion: string, section: string, };

export type Form = { id: string, lang: string, title: string, 
/**
 * One line: when this form helps.
 */
lead: string, 
/**
 * The letter's first line ("Lieve …,") and its last ("Liefs,").
 */
greeting: string, closing: string, steps: Array<Step>, };

export type GuideSummary = { id: string, title: string, sections: Array<SectionSummary>, };

export type HandedOver = { letter: ReadOnlyLetter, answer: Answer | null, starters: Array<Starter>, };

export type HowItWent = "closer" | "helped" | "same" | "harder";

export type Inline = { "type": "text", text: string, } | { "type": "strong", children: Array<Inline>, } | { "type": "emphasis", children: Array<Inline>, } | { "type": "phrase", id: string, role: Role, text: string, } | { "type": "sign", kind: SignKind, text: string, } | { "type": "break" };

export type Lang = "nl" | "en";

export type LastView = "reader" | "letters";

export type Letter = { body: string, seq: number, 
/**
 * The language she writes this letter in, for its spell check; none: the app's language.
 */
lang: Lang | null, 
/**
 * How she felt about it, and (after a hand-over) how it went.
 */
feelings: Array<Feeling>, outcome: HowItWent | null, id: LetterId, title: string, recipient: string, created_ms: number, updated_ms: number, 
/**
 * `None` while sealed: a sealed letter shows its title, recipient and seal date only.
 */
words: number | null, reading_minutes: number | null, deleted_ms: number | null, 
/**
 * Sealed until this moment (unless opened early): no text before then.
 */
sealed_until_ms: number | null, 
/**
 * When she opened it before its time, with her passphrase. Shown as "vroeg geopend".
 */
opened_early_ms: number | null, 
/**
 * His answers to it (`None` while sealed), and how many she has not seen yet.
 */
answers: number | null, new_answers: number | null, 
/**
 * The last hand-over: when it began, and how long the letter was open (`None` while sealed).
 */
read_ms: number | null, read_for_ms: number | null, 
/**
 * "Only for me": never handed over, exported or shown in a conversation.
 */
private: boolean, 
/**
 * The private letter this one was written from, as the version for him.
 */
version_of: LetterId | null, 
/**
 * The version for him written from this (private) letter, unless it is in the trash.
 */
version: LetterId | null, 
/**
 * He chose "not now" at its last hand-over (cleared when it is handed over again).
 */
not_now_ms: number | null, 
/**
 * The day she asked to be reminded of it.
 */
remind_ms: number | null, };

export type LetterHit = { letter: Summary, snippet: Array<Segment>, 
/**
 * The snippet is from one of his answers, not from her letter.
 */
in_answer: boolean, };

export type LetterId = string;

export type Limits = { maxBodyBytes: number, maxTitleChars: number, maxRecipientChars: number, maxSeq: number, minPassphraseChars: number, textSteps: number, autolockMinutes: [number, number], handoverLockMinutes: [number, number], 
/**
 * The reading time a letter shows: its words at this pace.
 */
wordsPerMinute: number, };

export type Mood = { at_ms: number, feelings: Array<Feeling>, outcome: HowItWent | null, };

export type NewAnswers = { letter_id: LetterId, title: string, count: number, };

export type Notice = { kind: NoticeKind, letter_id: LetterId, title: string, 
/**
 * When it happened (or was due).
 */
at_ms: number, };

export type NoticeKind = "not_now" | "reminder" | "seal_opened";

export type Notices = { notices: Array<Notice>, as_of_ms: number, };

export type Phrase = { 
/**
 * Stable across languages: `<guide>.<n>`, numbered in document order.
 */
id: string, section: string, section_title: string, role: Role, 
/**
 * The sentence without its surrounding quotation marks.
 */
text: string, };

export type Preview = { 
/**
 * Letters it holds.
 */
letters: number, 
/**
 * Of those, already here (the same id, or the same title, moment and text): skipped.
 */
already_here: number, 
/**
 * Entries without any text, which are left out.
 */
left_out: number, 
/**
 * The earliest and the latest letter's moment.
 */
first_ms: number | null, last_ms: number | null, 
/**
 * The first few titles, oldest first.
 */
titles: Array<string>, };

export type ReadOnlyLetter = { id: LetterId, title: string, body: string, lang: Lang | null, };

export type Reading = { started_ms: number, ended_ms: number, 
/**
 * He chose "not now": the letter waits for another moment.
 */
not_now: boolean, };

export type ReadingMode = "sections" | "continuous";

export type Revision = { body: string, id: number, created_ms: number, words: number, reason: string, title: string, };

export type RevisionSummary = { id: number, created_ms: number, words: number, reason: string, title: string, };

export type Role = "say" | "thought" | "avoid";

export type Said = { who: Who, letter_id: LetterId, title: string, 
/**
 * When it was first written.
 */
at_ms: number, 
/**
 * `None` while the letter is sealed: then only its title and seal date show, and none of
 * its answers.
 */
body: string | null, sealed_until_ms: number | null, };

export type SaveAck = { id: LetterId, seq: number, updated_ms: number, words: number, reading_minutes: number, };

export type Screen = "gate" | "reader" | "letters";

export type SearchHit = { guide: string, section: string, section_title: string, 
/**
 * The block the snippet comes from; `None` when only the title matched.
 */
block: number | null, snippet: Array<Segment>, 
/**
 * Matches in the whole section.
 */
matches: number, score: number, };

export type Section = { id: string, title: string, kind: SectionKind, blocks: Array<Block>, };

export type SectionKind = "text" | "tips_you" | "tips_him";

export type SectionSummary = { id: string, title: string, kind: SectionKind, };

export type SectionView = { guide: string, section: Section, position: number, count: number, prev: SectionSummary | null, next: SectionSummary | null, };

export type Segment = { text: string, mark: boolean, };

export type Settings = { lang: Lang, theme: Theme, text_step: number, autolock_minutes: number, reading_mode: ReadingMode, 
/**
 * The last section read, as `guide/section`.
 */
last_section: string | null, 
/**
 * Where she was: the app opens there after unlocking.
 */
last_view: LastView, 
/**
 * Discreet mode: a neutral window title, even on the lock screen.
 */
discreet: boolean, 
/**
 * Idle minutes after which a hand-over locks the app completely.
 */
handover_lock_minutes: number, 
/**
 * Lock when the laptop sleeps, the screen locks or another user takes the screen.
 */
lock_when_away: boolean, 
/**
 * Lock when the window is minimised.
 */
lock_when_minimised: boolean, 
/**
 * Cover the letters and the guidance whenever the window loses focus, until she is back.
 */
glance_proof: boolean, 
/**
 * Check the spelling of her letters.
 */
spell_check: boolean, 
/**
 * Before every hand-over, offer to wait until tomorrow morning (as the guide advises), not
 * only when the tone check marked something.
 */
wait_before_handover: boolean, };

export type Sign = { section: string, kind: SignKind, text: string, };

export type SignKind = "healthy" | "unhealthy";

export type SnapshotReason = "lock" | "closed";

export type Sort = "updated" | "created" | "title";

export type Source = "grot_folder" | "grot_zip" | "mini_diarium_json" | "mini_diarium_markdown" | "day_one" | "jrnl" | "text_folder";

export type Spelling = { 
/**
 * Whether words are checked at all (her setting, and at least one dictionary here).
 */
enabled: boolean, 
/**
 * The dictionaries in use, the letter's own first.
 */
languages: Array<string>, 
/**
 * Packages to install for the dictionaries that are missing.
 */
missing: Array<string>, };

export type Starter = { id: string, lang: string, 
/**
 * The lead of the tip it follows, in the section "what he can do".
 */
tip: string, label: string, text: string, };

export type Status = "new" | "locked" | "unlocked" | "handover" | "key_missing" | "in_use" | "cannot_write";

export type Step = { id: string, 
/**
 * What the step asks.
 */
prompt: string, 
/**
 * Why, in one line, from the guide section `section`.
 */
why: string, section: string, 
/**
 * How the step's text begins, for her to go on from (none: an empty field).
 */
start: string | null, };

export type Summary = { id: LetterId, title: string, recipient: string, created_ms: number, updated_ms: number, 
/**
 * `None` while sealed: a sealed letter shows its title, recipient and seal date only.
 */
words: number | null, reading_minutes: number | null, deleted_ms: number | null, 
/**
 * Sealed until this moment (unless opened early): no text before then.
 */
sealed_until_ms: number | null, 
/**
 * When she opened it before its time, with her passphrase. Shown as "vroeg geopend".
 */
opened_early_ms: number | null, 
/**
 * His answers to it (`None` while sealed), and how many she has not seen yet.
 */
answers: number | null, new_answers: number | null, 
/**
 * The last hand-over: when it began, and how long the letter was open (`None` while sealed).
 */
read_ms: number | null, read_for_ms: number | null, 
/**
 * "Only for me": never handed over, exported or shown in a conversation.
 */
private: boolean, 
/**
 * The private letter this one was written from, as the version for him.
 */
version_of: LetterId | null, 
/**
 * The version for him written from this (private) letter, unless it is in the trash.
 */
version: LetterId | null, 
/**
 * He chose "not now" at its last hand-over (cleared when it is handed over again).
 */
not_now_ms: number | null, 
/**
 * The day she asked to be reminded of it.
 */
remind_ms: number | null, };

export type Support = { 
/**
 * Sleep is seen, and held off until the lock is done (logind on the system bus).
 */
sleep: boolean, 
/**
 * A screen lock or user switch is seen (logind's session, or a screensaver on the session bus).
 */
screen_lock: boolean, };

export type TakenOut = { 
/**
 * The new folder's or the zip's name.
 */
name: string, letters: number, 
/**
 * Sealed letters stay in Grot until she opens them: how many.
 */
sealed_left: number, };

export type TakeoutLabels = { 
/**
 * The index's heading ("Mijn brieven uit Grot").
 */
index: string, 
/**
 * Before each answer's moment ("Antwoord").
 */
answer: string, 
/**
 * For a letter without a title ("Brief").
 */
untitled: string, 
/**
 * The new folder's name, before the date ("Brieven uit Grot").
 */
folder: string, 
/**
 * The folder dialog's title ("Waar moeten je brieven heen?").
 */
dialog: string, };

export type TakeoutTo = "folder" | "zip";

export type Template = { id: string, lang: string, title: string, body: string, };

export type Theme = "system" | "light" | "dark";

export type Thread = { answers: Array<Answer>, readings: Array<Reading>, };

export type Tip = { id: string, section: string, audience: SectionKind, title: string, body: Array<Inline>, };

export type TipsView = { tips: Array<Tip>, signs: Array<Sign>, };

export type Who = "letter" | "answer";

/** Every error the backend answers, by its code. */
export type ErrorCode = "not_found" | "invalid_input" | "precondition" | "content" | "locked" | "wrong_passphrase" | "wrong_recovery_code" | "too_soon" | "weak_passphrase" | "vault_exists" | "no_vault" | "vault" | "disk_full" | "too_large" | "sealed" | "handover" | "storage" | "key_missing" | "store_missing" | "key_damaged" | "store_damaged" | "not_a_backup" | "in_use" | "cannot_write" | "new_recovery_code_needed" | "key_tampered" | "only_for_me" | "not_that_format" | "unsafe_archive" | "too_much";

/** What the backend calls in the page (`webview.eval`): each may be absent, and may be async. */
declare global {
  interface Window {
    grotLocked?: () => unknown;
    grotAway?: () => unknown;
    grotBeforeQuit?: () => unknown;
  }
}
