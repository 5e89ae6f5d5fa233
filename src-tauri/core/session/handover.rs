//! Hand-over (one letter, read-only, for someone else, who may answer it) and opening a seal
//! early: both end only with her passphrase, checked against the open key.

use super::*;
use crate::guide::{self, Starter};
use crate::lang::Lang;
use crate::store::letters::{Answer, AnswerAck, AnswerDraft};

/// A letter handed over: which, its entry in the read log, and the one answer written in it.
pub(super) struct Handover {
    letter: LetterId,
    pub(super) reading: i64,
    /// Set by the first save of an answer; from then on only that answer can be saved or read.
    answer: Option<String>,
}

/// What the reader sees: the letter, his answer so far (after a reload of the page), and
/// sentences to start one with, in the letter's language. Nothing else: not the recipient she
/// wrote, not earlier answers or how many there are, not the read log.
#[derive(Clone, Debug, Serialize, PartialEq, ts_rs::TS)]
pub struct HandedOver {
    pub letter: ReadOnlyLetter,
    pub answer: Option<Answer>,
    pub starters: Vec<Starter>,
}

/// The handed-over letter as the reader gets it.
#[derive(Clone, Debug, Serialize, PartialEq, ts_rs::TS)]
pub struct ReadOnlyLetter {
    pub id: LetterId,
    pub title: String,
    pub body: String,
    pub lang: Option<Lang>,
}

impl From<Letter> for ReadOnlyLetter {
    fn from(letter: Letter) -> ReadOnlyLetter {
        ReadOnlyLetter { id: letter.summary.id, title: letter.summary.title, body: letter.body, lang: letter.lang }
    }
}

impl Session {
    /// Hands one letter over for reading: from now on only that letter can be read, an answer
    /// to it written, and only the passphrase leaves. The hand-over goes into the read log.
    /// One step under the state lock: a lock can never fall between reading the letter and
    /// entering the hand-over, so a locked session is never left in hand-over.
    pub fn start_handover(&self, id: &LetterId) -> Result<Letter> {
        self.with_state(|inner| {
            let open = inner.open.as_mut().ok_or(Error::Locked)?;
            let letter = open.store.letter(id, now_ms())?;
            if letter.summary.private {
                return Err(Error::OnlyForMe);
            }
            let reading = open.store.start_reading(id, now_ms())?;
            inner.handover = Some(Handover { letter: id.clone(), reading, answer: None });
            // What an export held, waiting for her yes, is not his to see or to say yes to.
            inner.import = None;
            // The hand-over's own limit from now on, which may be shorter than hers.
            inner.deadline_moved();
            Ok(letter)
        })
    }

    /// Runs `f` on the store and the hand-over, as a sign of the reader.
    fn with_handover<T>(&self, f: impl FnOnce(&mut Store, &mut Handover) -> Result<T>) -> Result<T> {
        let mut inner = self.inner();
        let Inner { open, handover, .. } = &mut *inner;
        let open = open.as_mut().ok_or(Error::Locked)?;
        let handover = handover.as_mut().ok_or_else(|| Error::Precondition("no hand-over".into()))?;
        open.last_active = Instant::now();
        open.store.reading_until(handover.reading, now_ms())?;
        f(&mut open.store, handover)
    }

    /// The handed-over letter, with the answer written in this hand-over; the only things
    /// readable during a hand-over.
    pub fn handover_letter(&self) -> Result<HandedOver> {
        self.with_handover(|store, handover| {
            let letter = store.letter(&handover.letter, now_ms())?;
            let answer = handover.answer.as_ref().map(|id| store.answer(&handover.letter, id)).transpose()?;
            let lang = letter.lang.unwrap_or(store.settings()?.lang);
            let starters = guide::starters(lang)?;
            Ok(HandedOver { letter: letter.into(), answer, starters })
        })
    }

    /// Saves the reader's answer to the handed-over letter. One answer per hand-over: its first
    /// save fixes its id, and an id the store already knows (an earlier answer, to this letter
    /// or another) is refused, so the reader can neither read nor overwrite what came before.
    pub fn save_answer(&self, draft: &AnswerDraft) -> Result<AnswerAck> {
        self.with_handover(|store, handover| {
            match &handover.answer {
                Some(id) if *id != draft.id => return Err(Error::HandOver),
                None if store.answer_exists(&draft.id)? => return Err(Error::HandOver),
                _ => {}
            }
            let ack = store.save_answer(&handover.letter, draft, now_ms())?;
            handover.answer = Some(draft.id.clone());
            Ok(ack)
        })
    }

    /// Ends the hand-over once the writer's passphrase is given (checked against the open key).
    pub fn leave_handover(&self, passphrase: &SecretString) -> Result<()> {
        let _turn = self.turn();
        {
            let inner = self.inner();
            if inner.open.is_none() {
                return Err(Error::Locked);
            }
            if inner.handover.is_none() {
                return Err(Error::Precondition("no hand-over".into()));
            }
        }
        self.verify_open(passphrase)?;
        let mut inner = self.inner();
        let handover = inner.handover.take();
        // Her idle minutes again, shorter than the hand-over's.
        inner.deadline_moved();
        if let Some(open) = inner.open.as_mut() {
            open.last_active = Instant::now();
            if let Some(handover) = handover {
                // The log only: the hand-over has ended either way.
                let _ = open.store.reading_until(handover.reading, now_ms());
            }
        }
        Ok(())
    }

    /// He would rather read it at another moment: the hand-over ends without a passphrase (he
    /// has none) and the app locks at once, so nothing else is ever in reach. The letter waits,
    /// marked so, and she is told at her next unlock. The app locks even if the mark cannot be
    /// written.
    pub fn handover_not_now(&self) -> Result<()> {
        let mut inner = self.inner();
        let Inner { open, handover, .. } = &mut *inner;
        let open = open.as_mut().ok_or(Error::Locked)?;
        let handover = handover.as_ref().ok_or_else(|| Error::Precondition("no hand-over".into()))?;
        let marked = open.store.not_now(&handover.letter, handover.reading, now_ms());
        if marked.as_ref().is_err_and(|e| *e == Error::StoreDamaged) {
            // As any command meeting a damaged page: the restore screen at her next unlock.
            self.damaged.store(true, std::sync::atomic::Ordering::SeqCst);
        }
        inner.lock();
        marked
    }

    /// Opens a sealed letter before its time; asks for the passphrase again.
    pub fn open_early(&self, id: &LetterId, passphrase: &SecretString) -> Result<Letter> {
        let _turn = self.turn();
        self.require_unlocked()?;
        self.verify_open(passphrase)?;
        self.with_store(|s| s.open_early(id, now_ms()))
    }
}
