//! Three-way merge of texts, line by line: what lets two people save the same page at once
//! without either losing work. Pure functions, no database, no HTML.
//!
//! `base` is the revision an editor started from, `ours` the text being saved, `theirs` the
//! latest revision saved meanwhile. Changes that touch different lines are combined
//! ([`TextMerge::Clean`]). Changes to the same lines, or to lines next to each other (there is
//! no unchanged line between them to say which order they go in), are a conflict: the result is
//! then a proposal, the merged text with *our* version of each overlapping region, and the list
//! of those regions so a person can compare and decide ([`TextMerge::Conflicted`]). Either way,
//! every line either side added is somewhere in the result: nothing is dropped silently.
//!
//! The merge is `similar`'s `TextMerge` (histogram diff of each side against the base), chosen
//! over `diffy` because it returns the regions as structured data (ranges into the three texts)
//! rather than only a text with conflict markers, which the conflict screen needs to show each
//! region side by side, and because `similar` is already what renders diffs.
//!
//! Work is bounded: the two diffs are first computed under a deadline, and if they do not finish
//! within [`TIME_BUDGET`] the texts are treated as one conflict covering everything (the person
//! decides) instead of tying up the server on pathological input.
//!
//! [`merge_fields`] merges a map of named text fields, field by field, for structured pages
//! (method sheets): two people editing different fields never conflict.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use similar::{Algorithm, MergeResolution, TextDiff};

/// How long the two diffs of a merge may take before the merge gives up and asks a person.
pub const TIME_BUDGET: Duration = Duration::from_millis(300);

const ALGORITHM: Algorithm = Algorithm::Histogram;

/// The result of merging two changes of one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextMerge {
    /// The changes do not overlap: this text contains both.
    Clean(String),
    /// Some changes overlap; nothing should be saved without a person deciding.
    Conflicted(Conflicted),
}

/// Overlapping changes, ready for a person to resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflicted {
    /// The merged text, with our version of each overlapping region: what the conflict screen's
    /// editor starts from, so all of our text is kept and their other changes are already in.
    pub proposal: String,
    pub regions: Vec<ConflictRegion>,
}

/// One place where both changes touched the same lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictRegion {
    /// 1-based number of the line of [`Conflicted::proposal`] where our version starts.
    pub first_line: usize,
    /// Our version of the region, as it stands in the proposal (may be empty: we deleted it).
    pub ours: String,
    /// Their version of the region (may be empty: they deleted it).
    pub theirs: String,
    /// The region before both changes.
    pub base: String,
}

/// Merges `ours` and `theirs`, two changes of `base`.
pub fn merge_text(base: &str, ours: &str, theirs: &str) -> TextMerge {
    if ours == theirs || theirs == base {
        return TextMerge::Clean(ours.to_owned());
    }
    if ours == base {
        return TextMerge::Clean(theirs.to_owned());
    }
    if !diffs_fit_in_budget(base, ours, theirs) {
        return TextMerge::Conflicted(Conflicted {
            proposal: ours.to_owned(),
            regions: vec![ConflictRegion {
                first_line: 1,
                ours: ours.to_owned(),
                theirs: theirs.to_owned(),
                base: base.to_owned(),
            }],
        });
    }
    let merge = similar::TextMerge::configure()
        .algorithm(ALGORITHM)
        .merge_lines(base, ours, theirs);
    let mut text = String::with_capacity(ours.len().max(theirs.len()));
    let mut lines_written = 0;
    let mut regions = Vec::new();
    for region in merge.regions() {
        let ours_lines = || joined(region.ours_range(), |i| merge.ours_line(i));
        let taken = match region.resolution() {
            MergeResolution::Theirs => joined(region.theirs_range(), |i| merge.theirs_line(i)),
            MergeResolution::Conflict => {
                regions.push(ConflictRegion {
                    first_line: lines_written + 1,
                    ours: ours_lines(),
                    theirs: joined(region.theirs_range(), |i| merge.theirs_line(i)),
                    base: joined(region.base_range(), |i| merge.base_line(i)),
                });
                ours_lines()
            }
            _ => ours_lines(),
        };
        append_lines(&mut text, &taken);
        lines_written += taken.lines().count();
    }
    if regions.is_empty() {
        TextMerge::Clean(text)
    } else {
        TextMerge::Conflicted(Conflicted {
            proposal: text,
            regions,
        })
    }
}

/// The lines of one side in `range`, as one text.
fn joined<'a>(range: std::ops::Range<usize>, line: impl Fn(usize) -> Option<&'a str>) -> String {
    range.filter_map(line).collect()
}

/// Appends whole lines. Only a text's last line can lack its newline; should such a line ever
/// be followed by more text, the newline is added rather than gluing two lines together.
fn append_lines(text: &mut String, lines: &str) {
    if lines.is_empty() {
        return;
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(lines);
}

/// Whether both sides' diffs against the base complete within [`TIME_BUDGET`]. The merge runs
/// the same two diffs without a deadline, so when they fit here they fit there too.
fn diffs_fit_in_budget(base: &str, ours: &str, theirs: &str) -> bool {
    let start = Instant::now();
    let deadline = start + TIME_BUDGET;
    for side in [ours, theirs] {
        TextDiff::configure()
            .algorithm(ALGORITHM)
            .deadline(deadline)
            .diff_lines(base, side);
    }
    start.elapsed() < TIME_BUDGET
}

/// Named text fields of a structured page, e.g. the fields of a method sheet.
pub type Fields = BTreeMap<String, String>;

/// The result of merging two changes of a set of fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldsMerge {
    /// Every field merged; a conflicted field holds its proposal (our version of each
    /// overlapping region, their other changes).
    pub merged: Fields,
    /// The conflicted fields, by name. Empty when the merge is clean.
    pub conflicts: BTreeMap<String, Vec<ConflictRegion>>,
}

impl FieldsMerge {
    pub fn is_clean(&self) -> bool {
        self.conflicts.is_empty()
    }
}

fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields.get(name).map_or("", String::as_str)
}

/// Merges field by field: each field is a text merged with [`merge_text`], so changes to
/// different fields never conflict. A field missing from one version is an empty text; the
/// result has every field present in `ours` or `theirs`.
pub fn merge_fields(base: &Fields, ours: &Fields, theirs: &Fields) -> FieldsMerge {
    let mut result = FieldsMerge {
        merged: Fields::new(),
        conflicts: BTreeMap::new(),
    };
    let names = ours.keys().chain(theirs.keys());
    for name in names {
        if result.merged.contains_key(name) {
            continue;
        }
        let merged = match merge_text(field(base, name), field(ours, name), field(theirs, name)) {
            TextMerge::Clean(merged) => merged,
            TextMerge::Conflicted(conflicted) => {
                result.conflicts.insert(name.clone(), conflicted.regions);
                conflicted.proposal
            }
        };
        result.merged.insert(name.clone(), merged);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn clean(merge: TextMerge) -> String {
        match merge {
            TextMerge::Clean(text) => text,
            TextMerge::Conflicted(c) => panic!("unexpected conflict: {c:#?}"),
        }
    }

    fn conflicted(merge: TextMerge) -> Conflicted {
        match merge {
            TextMerge::Conflicted(c) => c,
            TextMerge::Clean(text) => panic!("unexpected clean merge: {text:?}"),
        }
    }

    #[test]
    fn changes_to_different_lines_are_combined() {
        let base = "title\n\nstep one\nstep two\nstep three\n";
        let ours = "title\n\nstep one, slowly\nstep two\nstep three\n";
        let theirs = "title\n\nstep one\nstep two\nstep three, then a harvest\n";
        assert_eq!(
            clean(merge_text(base, ours, theirs)),
            "title\n\nstep one, slowly\nstep two\nstep three, then a harvest\n"
        );
    }

    #[test]
    fn changes_to_the_same_line_conflict_and_the_proposal_keeps_ours() {
        let base = "a\nshared\nz\n";
        let ours = "a\nshared by us\nz\nours at the end\n";
        let theirs = "their start\na\nshared by them\nz\n";
        let c = conflicted(merge_text(base, ours, theirs));
        assert_eq!(
            c.proposal,
            "their start\na\nshared by us\nz\nours at the end\n"
        );
        assert_eq!(
            c.regions,
            vec![ConflictRegion {
                first_line: 3,
                ours: "shared by us\n".into(),
                theirs: "shared by them\n".into(),
                base: "shared\n".into(),
            }]
        );
    }

    #[test]
    fn adjacent_changes_conflict_because_their_order_is_unknown() {
        let c = conflicted(merge_text("one\n", "one\nours\n", "one\ntheirs\n"));
        assert_eq!(c.proposal, "one\nours\n");
        assert_eq!(c.regions[0].first_line, 2);
        assert_eq!(c.regions[0].theirs, "theirs\n");
    }

    #[test]
    fn a_deletion_against_an_edit_is_a_conflict_with_an_empty_side() {
        let c = conflicted(merge_text("a\nb\nc\n", "a\nc\n", "a\nB\nc\n"));
        assert_eq!(c.proposal, "a\nc\n");
        assert_eq!(c.regions[0].ours, "");
        assert_eq!(c.regions[0].theirs, "B\n");
        assert_eq!(c.regions[0].first_line, 2);
    }

    #[test]
    fn texts_without_a_final_newline_merge() {
        assert_eq!(
            clean(merge_text("a\nb\nc", "A\nb\nc", "a\nb\nC")),
            "A\nb\nC"
        );
    }

    #[test]
    fn two_creations_of_one_page_conflict() {
        let c = conflicted(merge_text("", "mine\n", "yours\n"));
        assert_eq!(c.proposal, "mine\n");
        assert_eq!(c.regions.len(), 1);
    }

    #[test]
    fn pathological_input_is_handed_to_a_person_within_the_budget() {
        let n = 60_000;
        let base: String = (0..n)
            .map(|i| if i % 2 == 0 { "a\n" } else { "b\n" })
            .collect();
        let ours: String = (0..n)
            .map(|i| if i % 3 == 0 { "a\n" } else { "b\n" })
            .collect();
        let theirs: String = "a\n".repeat(n);
        let start = Instant::now();
        let merge = merge_text(&base, &ours, &theirs);
        // Unbounded, this shape takes about 17 s; generous headroom for a loaded debug build.
        assert!(start.elapsed() < TIME_BUDGET * 20, "{:?}", start.elapsed());
        let c = conflicted(merge);
        assert_eq!(c.proposal, ours, "our text is kept whole");
    }

    #[test]
    fn fields_changed_by_different_people_never_conflict() {
        let fields = |pairs: &[(&str, &str)]| -> Fields {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let base = fields(&[("duration", "60 min\n"), ("steps", "one\n")]);
        let ours = fields(&[("duration", "90 min\n"), ("steps", "one\n")]);
        let theirs = fields(&[("duration", "60 min\n"), ("steps", "one\ntwo\n")]);
        let merge = merge_fields(&base, &ours, &theirs);
        assert!(merge.is_clean());
        assert_eq!(
            merge.merged,
            fields(&[("duration", "90 min\n"), ("steps", "one\ntwo\n")])
        );
    }

    #[test]
    fn fields_report_conflicts_by_name_and_keep_added_fields() {
        let fields = |pairs: &[(&str, &str)]| -> Fields {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let base = fields(&[("duration", "60 min\n")]);
        let ours = fields(&[("duration", "90 min\n"), ("people", "12\n")]);
        let theirs = fields(&[("duration", "45 min\n"), ("material", "chairs\n")]);
        let merge = merge_fields(&base, &ours, &theirs);
        assert_eq!(merge.conflicts.keys().collect::<Vec<_>>(), vec!["duration"]);
        assert_eq!(merge.conflicts["duration"][0].theirs, "45 min\n");
        assert_eq!(
            merge.merged,
            fields(&[
                ("duration", "90 min\n"),
                ("material", "chairs\n"),
                ("people", "12\n")
            ])
        );
    }

    /// A base of distinct lines, and an edit script over it.
    #[derive(Debug, Clone)]
    enum Edit {
        Keep,
        Delete,
        Replace,
        InsertBefore,
    }

    fn edit_strategy() -> impl Strategy<Value = Edit> {
        prop_oneof![
            6 => Just(Edit::Keep),
            1 => Just(Edit::Delete),
            1 => Just(Edit::Replace),
            1 => Just(Edit::InsertBefore),
        ]
    }

    /// Applies an edit script to `base_len` numbered base lines; new lines are `who-i`, unique.
    fn apply(base_len: usize, script: &[Edit], who: &str) -> (String, Vec<String>) {
        let mut text = String::new();
        let mut added = Vec::new();
        for i in 0..base_len {
            let mut add = |text: &mut String| {
                let line = format!("{who}-{i}");
                text.push_str(&line);
                text.push('\n');
                added.push(line);
            };
            match script.get(i).unwrap_or(&Edit::Keep) {
                Edit::Keep => text.push_str(&format!("base-{i}\n")),
                Edit::Delete => {}
                Edit::Replace => add(&mut text),
                Edit::InsertBefore => {
                    add(&mut text);
                    text.push_str(&format!("base-{i}\n"));
                }
            }
        }
        (text, added)
    }

    fn base_text(len: usize) -> String {
        (0..len).map(|i| format!("base-{i}\n")).collect()
    }

    proptest! {
        #[test]
        fn merging_a_change_with_itself_gives_that_change(
            len in 0usize..30,
            script in proptest::collection::vec(edit_strategy(), 30),
        ) {
            let base = base_text(len);
            let (changed, _) = apply(len, &script, "x");
            prop_assert_eq!(merge_text(&base, &changed, &changed), TextMerge::Clean(changed.clone()));
            prop_assert_eq!(merge_text(&base, &changed, &base), TextMerge::Clean(changed.clone()));
            prop_assert_eq!(merge_text(&base, &base, &changed), TextMerge::Clean(changed));
        }

        #[test]
        fn disjoint_changes_always_merge_into_both(
            len in 1usize..40,
            script in proptest::collection::vec(edit_strategy(), 40),
            owners in proptest::collection::vec(any::<bool>(), 40),
        ) {
            // Each changed base line goes to one side; a side's changes are kept only where
            // the base lines on both sides of them are untouched by the other side.
            let mut ours = vec![Edit::Keep; len];
            let mut theirs = vec![Edit::Keep; len];
            let mut last_owner: Option<(usize, bool)> = None;
            for i in 0..len {
                if matches!(script[i], Edit::Keep) { continue; }
                if let Some((at, owner)) = last_owner
                    && owner != owners[i] && i <= at + 2 { continue; }
                if owners[i] { ours[i] = script[i].clone() } else { theirs[i] = script[i].clone() }
                last_owner = Some((i, owners[i]));
            }
            let both: Vec<Edit> = (0..len)
                .map(|i| if !matches!(ours[i], Edit::Keep) { ours[i].clone() } else { theirs[i].clone() })
                .collect();
            let (ours_text, _) = apply(len, &ours, "ours");
            let (theirs_text, _) = apply(len, &theirs, "theirs");
            // Both sides' new lines are named after their base line, so the expected text can
            // be built by applying each side's edits where it made them.
            let expected: String = {
                let mut text = String::new();
                for (i, edit) in both.iter().enumerate() {
                    let who = if !matches!(ours[i], Edit::Keep) { "ours" } else { "theirs" };
                    match edit {
                        Edit::Keep => text.push_str(&format!("base-{i}\n")),
                        Edit::Delete => {}
                        Edit::Replace => text.push_str(&format!("{who}-{i}\n")),
                        Edit::InsertBefore => text.push_str(&format!("{who}-{i}\nbase-{i}\n")),
                    }
                }
                text
            };
            let base = base_text(len);
            prop_assert_eq!(merge_text(&base, &ours_text, &theirs_text), TextMerge::Clean(expected));
        }

        #[test]
        fn a_merge_never_drops_a_line_one_side_added(
            len in 0usize..30,
            ours_script in proptest::collection::vec(edit_strategy(), 30),
            theirs_script in proptest::collection::vec(edit_strategy(), 30),
        ) {
            let base = base_text(len);
            let (ours, ours_added) = apply(len, &ours_script, "ours");
            let (theirs, theirs_added) = apply(len, &theirs_script, "theirs");
            let has_line = |text: &str, line: &str| text.lines().any(|l| l == line);
            match merge_text(&base, &ours, &theirs) {
                TextMerge::Clean(merged) => {
                    for line in ours_added.iter().chain(&theirs_added) {
                        prop_assert!(has_line(&merged, line), "{} lost from {:?}", line, merged);
                    }
                }
                TextMerge::Conflicted(c) => {
                    for line in &ours_added {
                        prop_assert!(has_line(&c.proposal, line), "our {} lost", line);
                    }
                    for line in &theirs_added {
                        prop_assert!(
                            has_line(&c.proposal, line) || c.regions.iter().any(|r| has_line(&r.theirs, line)),
                            "their {} is neither merged nor shown", line
                        );
                    }
                    let proposal: Vec<&str> = c.proposal.split_inclusive('\n').collect();
                    for region in &c.regions {
                        let count = region.ours.split_inclusive('\n').count();
                        let at = region.first_line - 1;
                        prop_assert_eq!(proposal[at..at + count].concat(), region.ours.clone());
                    }
                }
            }
        }
    }
}
