//! Three-way merge of page texts (`merge::merge_text`) and the diff shown to people
//! (`diff::render`). The input is three texts separated by 0xFF bytes (never valid UTF-8, so a
//! text cannot contain the separator): base, ours, theirs.
//!
//! Whatever the texts, merging returns; a side that did not change yields the other side
//! exactly; no line either side added is dropped silently (it is in the merged text, or, for
//! their side of a conflict, in the conflict's region); conflicts name lines of the proposal.
//! The diff escapes both texts.

#![no_main]

use std::collections::HashSet;

use coopwiki::diff;
use coopwiki::i18n::Lang;
use coopwiki::merge::{TextMerge, merge_text};
use libfuzzer_sys::fuzz_target;

/// The lines of `text` as the merge sees them (`similar`'s lines: ended by `\n`, `\r\n` or a
/// lone `\r`), without their ends.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        let line = &rest[..end];
        let ending = if rest[end..].starts_with("\r\n") {
            2
        } else {
            usize::from(end < rest.len())
        };
        rest = &rest[end + ending..];
        Some(line)
    })
}

/// Lines of `side` that `base` does not have anywhere.
fn added<'a>(base: &str, side: &'a str) -> Vec<&'a str> {
    let old: HashSet<&str> = lines(base).collect();
    lines(side).filter(|line| !old.contains(line)).collect()
}

fn clean(merged: &TextMerge) -> Option<&str> {
    match merged {
        TextMerge::Clean(text) => Some(text),
        TextMerge::Conflicted(_) => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |b| *b == 0xFF);
    let base = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let ours = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let theirs = String::from_utf8_lossy(parts.next().unwrap_or_default());
    let (base, ours, theirs) = (base.as_ref(), ours.as_ref(), theirs.as_ref());

    // A side that changed nothing gives the other side, whole.
    assert_eq!(clean(&merge_text(base, ours, base)), Some(ours));
    assert_eq!(clean(&merge_text(base, base, theirs)), Some(theirs));
    assert_eq!(clean(&merge_text(base, ours, ours)), Some(ours));

    match merge_text(base, ours, theirs) {
        TextMerge::Clean(merged) => {
            let kept: HashSet<&str> = lines(&merged).collect();
            for line in added(base, ours).into_iter().chain(added(base, theirs)) {
                assert!(
                    kept.contains(line),
                    "added line {line:?} lost from clean merge {merged:?}"
                );
            }
        }
        TextMerge::Conflicted(conflicted) => {
            assert!(!conflicted.regions.is_empty());
            let kept: HashSet<&str> = lines(&conflicted.proposal).collect();
            for line in added(base, ours) {
                assert!(
                    kept.contains(line),
                    "our line {line:?} lost from {conflicted:?}"
                );
            }
            for line in added(base, theirs) {
                let in_region = conflicted
                    .regions
                    .iter()
                    .any(|region| lines(&region.theirs).any(|l| l == line));
                assert!(
                    kept.contains(line) || in_region,
                    "their line {line:?} lost from {conflicted:?}"
                );
            }
            let proposal_lines = conflicted.proposal.lines().count();
            let mut previous = 0;
            for region in &conflicted.regions {
                assert!(
                    region.first_line >= 1 && region.first_line <= proposal_lines + 1,
                    "{conflicted:?}"
                );
                assert!(
                    region.first_line >= previous,
                    "regions out of order: {conflicted:?}"
                );
                previous = region.first_line;
            }
        }
    }

    let html = diff::render(Lang::EN, base, ours).into_string();
    assert!(!html.to_ascii_lowercase().contains("<script"), "{html}");
});
