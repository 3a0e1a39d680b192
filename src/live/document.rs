//! The live document itself, pure: a Yjs document (`yrs`) holding the page's text, built from
//! the updates PostgreSQL keeps, and changed by the server only to bring in a plain save.
//! No database, no network: unit- and property-tested here, fuzzed in `fuzz/`.

use similar::{ChangeTag, TextDiff};
use yrs::updates::decoder::Decode;
use yrs::updates::encoder::Encode;
use yrs::{Doc, GetString, ReadTxn, StateVector, Text, TextRef, Transact, Update};

use crate::merge::{TextMerge, merge_text};

/// The name of the shared text in every live document (the browser's `doc.getText`).
pub const TEXT: &str = "markdown";

/// Why an update from a connection is not taken.
#[derive(Debug, thiserror::Error)]
pub enum Rejected {
    #[error("not a Yjs update: {0}")]
    Malformed(String),
    #[error("the document would pass the page size limit of {limit} bytes")]
    TooLarge { limit: usize },
    /// The update decoded but could not be applied whole: it failed or panicked half-way, or
    /// it needs updates the document lacks (Yjs would keep it pending, and `yrs` panics on
    /// some such pending updates at the next encoding of the document). The document may hold
    /// part of it: throw it away and rebuild it from what is stored.
    #[error("not applicable to this document: {0}")]
    Tainted(String),
}

impl Rejected {
    /// Whether the document may hold part of the update (see [`Rejected::Tainted`]).
    pub fn taints(&self) -> bool {
        matches!(self, Rejected::Tainted(_))
    }
}

/// A fresh document, its text ready to be read and written. The client id is random (Yjs
/// requires one per writer), so two instances changing it never take each other's.
pub fn new_doc() -> Doc {
    Doc::new()
}

/// The document's shared text.
pub fn text_of(doc: &Doc) -> TextRef {
    doc.get_or_insert_text(TEXT)
}

/// The document's text as a string.
pub fn text(doc: &Doc) -> String {
    let text = text_of(doc);
    let txn = doc.transact();
    text.get_string(&txn)
}

/// A document holding `body`, encoded as the one update that creates it: the first row of a
/// live document, so every instance starts from the same Yjs items (two instances inserting
/// the same text on their own would each add a copy).
pub fn initial_update(body: &str) -> Vec<u8> {
    let doc = new_doc();
    let text = text_of(&doc);
    let mut txn = doc.transact_mut();
    text.insert(&mut txn, 0, body);
    txn.encode_state_as_update_v1(&StateVector::default())
}

/// Applies an update received from someone, unless it is malformed or could make the text
/// longer than `limit` bytes. The size is judged before applying (an applied Yjs update cannot
/// be taken back): a text grows by at most the size of the update that inserts it, so an update
/// is refused when the text plus the update would pass the limit. Returns whether the update
/// changed anything (an empty update, as a sync step 2 often is, changes nothing).
///
/// [`Rejected::Tainted`] means the document must be rebuilt without the update: a document
/// whose every update applied whole never holds a pending one, so encoding it never panics.
pub fn apply(doc: &Doc, bytes: &[u8], limit: usize) -> Result<bool, Rejected> {
    let update = unpanicked(|| Update::decode_v1(bytes))
        .and_then(|decoded| decoded.map_err(|err| err.to_string()))
        .map_err(Rejected::Malformed)?;
    if update.is_empty() {
        return Ok(false);
    }
    if !reads_back(&update) {
        return Err(Rejected::Malformed(
            "it holds what the Yjs encoder cannot write back".to_owned(),
        ));
    }
    let text = text_of(doc);
    let mut txn = doc.transact_mut();
    let current = text.get_string(&txn).len();
    if current.saturating_add(bytes.len()) > limit {
        return Err(Rejected::TooLarge { limit });
    }
    // The common way to need what the document lacks, found before anything is applied: a
    // writer's first item here comes after items of theirs the document never had.
    let known = txn.state_vector();
    if update
        .state_vector_lower()
        .iter()
        .any(|(client, clock)| *clock > known.get(client))
    {
        return Err(Rejected::Malformed(
            "it continues updates the document does not have".to_owned(),
        ));
    }
    unpanicked(|| txn.apply_update(update))
        .and_then(|applied| applied.map_err(|err| err.to_string()))
        .map_err(Rejected::Tainted)?;
    if txn.has_missing_updates() {
        return Err(Rejected::Tainted(
            "it depends on updates the document does not have".to_owned(),
        ));
    }
    // The browser keeps one shared text; any other type a client makes up would sit in the
    // document unseen, stored and sent to every newcomer.
    if txn.root_refs().any(|(name, _)| name != TEXT) {
        return Err(Rejected::Tainted(
            "it adds something other than the page's text".to_owned(),
        ));
    }
    // Anything but characters in the text (an embed, binary content: found by the fuzz target)
    // takes a place in its offsets without a character in its string, and every edit computed
    // from the string would then land elsewhere than meant.
    if text.len(&txn) as usize != text.get_string(&txn).len() {
        return Err(Rejected::Tainted(
            "it puts something other than text in the document".to_owned(),
        ));
    }
    Ok(true)
}

/// Whether `yrs` reads back what it writes of `update`, byte for byte and item for item: a
/// document holding an item it cannot write back can no longer be sent to anyone (every
/// newcomer's sync, every save's compaction would fail). Found by the fuzz target: yrs 0.28
/// reads a JSON item one string past what it writes; and an update naming one writer twice,
/// its items overlapping, decodes, but leaves holes in the document's record of that writer,
/// so that its state no longer starts where a fresh document can take it. Written back, an
/// update's items follow each other, so overlapping ones no longer cover the same clocks.
fn reads_back(update: &Update) -> bool {
    unpanicked(|| {
        let written = update.encode_v1();
        Update::decode_v1(&written).is_ok_and(|read| {
            read.encode_v1() == written && read.insertions(true) == update.insertions(true)
        })
    })
    .unwrap_or(false)
}

/// A document made of stored updates, in order, and the positions of those left out: one
/// that cannot be read, or cannot be applied whole (stored before the wiki checked that), is
/// left out and the document made again without it, so what is returned never holds a
/// pending update.
pub fn from_updates(updates: &[&[u8]]) -> (Doc, Vec<usize>) {
    let mut left_out = Vec::new();
    'again: loop {
        let doc = new_doc();
        for (at, update) in updates.iter().enumerate() {
            if left_out.contains(&at) {
                continue;
            }
            match apply(&doc, update, usize::MAX) {
                Ok(_) => {}
                Err(Rejected::Tainted(_)) => {
                    left_out.push(at);
                    continue 'again;
                }
                Err(_) => left_out.push(at),
            }
        }
        return (doc, left_out);
    }
}

/// Runs a `yrs` decoder or update on bytes a client sent. Some malformed inputs make `yrs`
/// panic rather than fail (a client id wider than Yjs's 53 bits trips a debug assertion, found
/// by the property test below): the panic is the sender's error, never the room's.
pub fn unpanicked<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
        .map_err(|_| "the Yjs decoder refused the input".to_owned())
}

/// Whether an update carries nothing: what a read-only connection may still send (its answer
/// to the server's sync step 1).
pub fn is_empty_update(bytes: &[u8]) -> bool {
    unpanicked(|| Update::decode_v1(bytes)).is_ok_and(|decoded| decoded.is_ok_and(|u| u.is_empty()))
}

/// Changes the document's text into `wanted` by the smallest edits (a character diff), and
/// returns them as one update: how a plain save reaches people typing, who keep their cursors
/// and their own typing around it.
pub fn rewrite(doc: &Doc, wanted: &str) -> Vec<u8> {
    let text = text_of(doc);
    let mut txn = doc.transact_mut();
    let current = text.get_string(&txn);
    let diff = TextDiff::configure()
        .timeout(crate::merge::TIME_BUDGET)
        .diff_chars(current.as_str(), wanted);
    // Offsets are in bytes (the document's default offset kind), walked from the start.
    let mut at: u32 = 0;
    for change in diff.iter_all_changes() {
        let value = change.value();
        let len = u32::try_from(value.len()).unwrap_or(u32::MAX);
        match change.tag() {
            ChangeTag::Equal => at = at.saturating_add(len),
            ChangeTag::Delete => text.remove_range(&mut txn, at, len),
            ChangeTag::Insert => {
                text.insert(&mut txn, at, value);
                at = at.saturating_add(len);
            }
        }
    }
    txn.encode_update_v1()
}

/// The text that brings a plain save into a live document: the three-way merge of the live
/// text (`ours`) and the saved one (`theirs`) over the revision both started from. Where both
/// changed the same lines, both versions are kept, ours first, for the people in the room to
/// settle: nothing typed on either side is lost.
pub fn merge_plain_save(base: &str, ours: &str, theirs: &str) -> String {
    keep_both(merge_text(base, ours, theirs))
}

/// The text of a merge with nothing left out: a clean merge as it is; a conflicted one as its
/// proposal (our side of each overlap) with their side of each overlap after ours.
pub fn keep_both(merge: TextMerge) -> String {
    match merge {
        TextMerge::Clean(text) => text,
        TextMerge::Conflicted(conflict) => {
            let mut lines: Vec<String> = conflict
                .proposal
                .split_inclusive('\n')
                .map(str::to_owned)
                .collect();
            // From the last region up, so the line numbers of earlier ones still hold.
            for region in conflict.regions.iter().rev() {
                let after =
                    region.first_line.saturating_sub(1) + region.ours.split_inclusive('\n').count();
                let at = after.min(lines.len());
                if let Some(last) = lines.get_mut(at.wrapping_sub(1))
                    && !last.ends_with('\n')
                {
                    last.push('\n');
                }
                let theirs: Vec<String> = region
                    .theirs
                    .split_inclusive('\n')
                    .map(str::to_owned)
                    .collect();
                lines.splice(at..at, theirs);
            }
            lines.concat()
        }
    }
}

/// The whole state of a document as one update: what a revision's save compacts the rows it
/// covers into.
pub fn state(doc: &Doc) -> Vec<u8> {
    doc.transact()
        .encode_state_as_update_v1(&StateVector::default())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Found by the fuzz target (`fuzz/regressions/live_sync/binary_content_in_the_text`): an
    /// embed in the text shifted every edit computed from its string.
    #[test]
    fn an_update_putting_other_than_characters_in_the_text_is_refused() {
        let sender = new_doc();
        let before = sender.transact().state_vector();
        {
            let text = text_of(&sender);
            let mut txn = sender.transact_mut();
            text.insert(&mut txn, 0, "kept");
            text.insert_embed(&mut txn, 4, yrs::Any::from(1.0));
        }
        let update = sender.transact().encode_state_as_update_v1(&before);
        let room = new_doc();
        assert!(matches!(
            apply(&room, &update, usize::MAX),
            Err(Rejected::Tainted(_))
        ));
        // A rewrite computed from the text still lands at its end in a document of text only.
        let typed = initial_update("kept\n");
        let room = doc_from(&[typed]);
        let more = rewrite(&new_doc_from(&room), "kept\nmore\n");
        apply(&room, &more, usize::MAX).unwrap();
        assert_eq!(text(&room), "kept\nmore\n");
    }

    /// Found by the fuzz target
    /// (`fuzz/regressions/live_sync/accepted_update_whose_state_does_not_decode`): an item yrs
    /// decodes but writes back unreadable, in a root type of the client's own, was taken, and
    /// the room's document could no longer be sent to anyone.
    #[test]
    fn an_update_the_document_could_not_send_on_is_refused() {
        // And `fuzz/regressions/live_sync/state_starting_past_a_writers_first_item`: one writer
        // named twice, its items overlapping; taken, the room's state started past that
        // writer's first item, and a fresh document refused it.
        let messages: [&[u8]; 2] = [
            include_bytes!(
                "../../fuzz/regressions/live_sync/accepted_update_whose_state_does_not_decode"
            ),
            include_bytes!(
                "../../fuzz/regressions/live_sync/state_starting_past_a_writers_first_item"
            ),
        ];
        for message in messages {
            let update = &message[3..3 + usize::from(message[2])];
            let room = doc_from(&[initial_update("kept\n")]);
            assert!(matches!(
                apply(&room, update, 10_000),
                Err(Rejected::Malformed(_))
            ));
            assert_eq!(text(&new_doc_from(&room)), "kept\n");
        }

        // Text in a type of the client's own writes back well, but is not the page's text.
        let sender = new_doc();
        {
            let other = sender.get_or_insert_text("elsewhere");
            let mut txn = sender.transact_mut();
            other.insert(&mut txn, 0, "unseen");
        }
        let update = state(&sender);
        let room = doc_from(&[initial_update("kept\n")]);
        assert!(matches!(
            apply(&room, &update, 10_000),
            Err(Rejected::Tainted(_))
        ));
        let (rebuilt, left_out) = from_updates(&[&initial_update("kept\n"), &update]);
        assert_eq!(left_out, vec![1]);
        assert_eq!(text(&new_doc_from(&rebuilt)), "kept\n");
    }

    fn new_doc_from(doc: &Doc) -> Doc {
        let copy = new_doc();
        apply(&copy, &state(doc), usize::MAX).unwrap();
        copy
    }

    fn doc_from(updates: &[Vec<u8>]) -> Doc {
        let doc = new_doc();
        for update in updates {
            apply(&doc, update, usize::MAX).unwrap();
        }
        doc
    }

    #[test]
    fn an_update_needing_what_the_document_lacks_is_refused_and_never_kept_pending() {
        // Found by the fuzz target (fuzz/regressions/live_sync/pending_update_then_sync_step1):
        // the update decodes, but continues items the document never had; yrs kept it pending,
        // and the next encoding of the document (any newcomer's sync, any save) panicked, so
        // one message broke the room for good. Refused now before anything is applied.
        let message =
            include_bytes!("../../fuzz/regressions/live_sync/pending_update_then_sync_step1");
        let first = initial_update("kept\n");
        let doc = doc_from(std::slice::from_ref(&first));
        assert!(matches!(
            apply(&doc, &message[3..], 10_000),
            Err(Rejected::Malformed(_))
        ));
        assert!(!doc.transact().has_missing_updates());
        assert_eq!(text(&doc), "kept\n");

        // Typing after another writer's items the document never had: only applying it shows
        // that it cannot apply whole.
        let source = new_doc();
        let source_text = text_of(&source);
        let theirs = {
            let mut txn = source.transact_mut();
            source_text.insert(&mut txn, 0, "abc");
            txn.encode_update_v1()
        };
        let writer = doc_from(std::slice::from_ref(&theirs));
        let writer_text = text_of(&writer);
        let after_theirs = {
            let mut txn = writer.transact_mut();
            writer_text.insert(&mut txn, 3, "d");
            txn.encode_update_v1()
        };
        assert!(matches!(
            apply(&doc, &after_theirs, 10_000),
            Err(Rejected::Tainted(_))
        ));
        // Rebuilt from what was accepted, the document leaves it out and encodes.
        let (rebuilt, left_out) = from_updates(&[&first, &after_theirs]);
        assert_eq!(left_out, vec![1]);
        assert_eq!(text(&rebuilt), "kept\n");
        let again = new_doc();
        assert!(apply(&again, &state(&rebuilt), usize::MAX).is_ok());
        assert_eq!(text(&again), "kept\n");
    }

    #[test]
    fn every_instance_starts_from_the_same_items() {
        let first = initial_update("Harvest\n");
        let a = doc_from(std::slice::from_ref(&first));
        let b = doc_from(std::slice::from_ref(&first));
        let typed = rewrite(&a, "Harvest of the café\n");
        apply(&b, &typed, usize::MAX).unwrap();
        apply(&a, &state(&b), usize::MAX).unwrap();
        assert_eq!(text(&a), "Harvest of the café\n");
        assert_eq!(text(&b), "Harvest of the café\n");
    }

    #[test]
    fn an_update_that_would_pass_the_limit_is_refused_and_changes_nothing() {
        let doc = doc_from(&[initial_update("small")]);
        let big = initial_update(&"x".repeat(100));
        assert!(matches!(
            apply(&doc, &big, 50),
            Err(Rejected::TooLarge { limit: 50 })
        ));
        assert_eq!(text(&doc), "small");
        assert!(matches!(
            apply(&doc, b"\xff\xff\xff", 1000),
            Err(Rejected::Malformed(_))
        ));
    }

    #[test]
    fn a_plain_save_is_merged_keeping_both_sides_of_an_overlap() {
        let base = "one\ntwo\nthree\n";
        let clean = merge_plain_save(base, "one!\ntwo\nthree\n", "one\ntwo\nthree?\n");
        assert_eq!(clean, "one!\ntwo\nthree?\n");
        let both = merge_plain_save(base, "one\nTWO live\nthree\n", "one\nTWO saved\nthree\n");
        assert!(
            both.contains("TWO live\n") && both.contains("TWO saved\n"),
            "{both}"
        );
    }

    proptest! {
        /// Whatever the texts, rewriting a document gives exactly the text asked for, and the
        /// update it returns gives that text to another replica.
        #[test]
        fn rewriting_reaches_the_wanted_text(start in "\\PC{0,40}", wanted in "\\PC{0,40}") {
            let first = initial_update(&start);
            let here = doc_from(std::slice::from_ref(&first));
            let there = doc_from(std::slice::from_ref(&first));
            let update = rewrite(&here, &wanted);
            prop_assert_eq!(text(&here), wanted.clone());
            apply(&there, &update, usize::MAX).unwrap();
            prop_assert_eq!(text(&there), wanted);
        }

        /// Random bytes are refused or taken, never a panic, and the document stays usable.
        #[test]
        fn random_bytes_never_break_a_document(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            let doc = doc_from(&[initial_update("kept")]);
            let _ = apply(&doc, &bytes, 10_000);
            let update = rewrite(&doc, "after");
            prop_assert_eq!(text(&doc), "after");
            prop_assert!(!update.is_empty());
        }
    }
}
