//! Three-way merge of two edits of one sheet, field by field.
//!
//! The line merge of the collaborative-editing capability works on whole texts; for a sheet it
//! would call two edits of neighbouring fields a conflict when they touch adjacent lines. This
//! merge compares the front matter by key instead: a key changed on one side only takes that
//! side; a key changed on both sides to different values is a conflict for that key alone; the
//! Markdown body is returned as three texts for the line merge. It is pure:
//! `pages::queries::save` calls [`merge_sheet_texts`] when it finds a stale base on a sheet,
//! inside the save's transaction, for raw edits and the typed editor alike.

use serde_json::Value;

use crate::catalogue::form::Form;
use crate::catalogue::sheet::{self, FrontMatter, Sheet};
use crate::merge::{ConflictRegion, Conflicted, TextMerge, merge_text};

/// The outcome of [`merge_sheets`].
#[derive(Debug, Clone, PartialEq)]
pub struct FieldMerge {
    /// The merged front matter; for a conflicting key, "ours" is kept until the person decides.
    pub front: FrontMatter,
    /// Keys changed on both sides to different values, in front-matter order.
    pub conflicts: Vec<Conflict>,
    /// The three bodies, for the line merge.
    pub body: BodyMerge,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub key: String,
    /// `None`: the key was absent (or removed) on that side.
    pub base: Option<Value>,
    pub ours: Option<Value>,
    pub theirs: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyMerge {
    /// Both sides left it as the base had it, or changed it identically, or only one changed.
    Resolved(String),
    /// Both changed it differently: for the line merge.
    Both {
        base: String,
        ours: String,
        theirs: String,
    },
}

/// Merges `ours` and `theirs`, two edits of `base`. Keys keep the order of `ours`, then keys
/// only `theirs` added, in their order.
pub fn merge_sheets(base: &Sheet, ours: &Sheet, theirs: &Sheet) -> FieldMerge {
    let mut keys: Vec<&String> = ours.front.keys().collect();
    for key in theirs.front.keys() {
        if !ours.front.contains_key(key) {
            keys.push(key);
        }
    }
    for key in base.front.keys() {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let mut front = FrontMatter::new();
    let mut conflicts = Vec::new();
    for key in keys {
        let (b, o, t) = (
            base.front.get(key),
            ours.front.get(key),
            theirs.front.get(key),
        );
        let merged = if o == t || t == b {
            o
        } else if o == b {
            t
        } else {
            conflicts.push(Conflict {
                key: key.clone(),
                base: b.cloned(),
                ours: o.cloned(),
                theirs: t.cloned(),
            });
            o
        };
        if let Some(value) = merged {
            front.insert(key.clone(), value.clone());
        }
    }
    let body = if ours.body == theirs.body || theirs.body == base.body {
        BodyMerge::Resolved(ours.body.clone())
    } else if ours.body == base.body {
        BodyMerge::Resolved(theirs.body.clone())
    } else {
        BodyMerge::Both {
            base: base.body.clone(),
            ours: ours.body.clone(),
            theirs: theirs.body.clone(),
        }
    };
    FieldMerge {
        front,
        conflicts,
        body,
    }
}

/// Merges three texts of one sheet field by field, written back under `form` (the sheet's
/// form, when it exists): different fields never conflict, the body goes to the line merge.
/// A conflict proposes our value of each conflicting field (and our side of each body
/// overlap) with every other change in, and has one region per conflicting field, its YAML
/// lines side by side, then the body's regions. `None` when one of the texts is not a sheet
/// (a page becoming or ceasing to be one): the line merge decides.
pub fn merge_sheet_texts(
    form: Option<&Form>,
    base: &str,
    ours: &str,
    theirs: &str,
) -> Option<TextMerge> {
    let parse = |text: &str| sheet::parse(text).and_then(Result::ok);
    let (base, ours, theirs) = (parse(base)?, parse(ours)?, parse(theirs)?);
    let merged = merge_sheets(&base, &ours, &theirs);
    let (body, body_regions) = match merged.body {
        BodyMerge::Resolved(body) => (body, Vec::new()),
        BodyMerge::Both { base, ours, theirs } => match merge_text(&base, &ours, &theirs) {
            TextMerge::Clean(body) => (body, Vec::new()),
            TextMerge::Conflicted(conflicted) => (conflicted.proposal, conflicted.regions),
        },
    };
    let proposal = Sheet {
        front: merged.front,
        body,
    }
    .to_text(form)
    .ok()?;
    if merged.conflicts.is_empty() && body_regions.is_empty() {
        return Some(TextMerge::Clean(proposal));
    }
    let yaml = |key: &str, value: &Option<Value>| -> Option<String> {
        let Some(value) = value else {
            return Some(String::new());
        };
        let one = Sheet {
            front: FrontMatter::from([(key.to_owned(), value.clone())]),
            body: String::new(),
        };
        let text = one.to_text(form).ok()?;
        Some(sheet::split(&text)?.ok()?.0.to_owned())
    };
    let mut regions = Vec::new();
    for conflict in &merged.conflicts {
        let prefix = format!("{}:", conflict.key);
        let first_line = proposal
            .lines()
            .position(|line| line.starts_with(&prefix))
            .map_or(1, |i| i + 1);
        regions.push(ConflictRegion {
            first_line,
            ours: yaml(&conflict.key, &conflict.ours)?,
            theirs: yaml(&conflict.key, &conflict.theirs)?,
            base: yaml(&conflict.key, &conflict.base)?,
        });
    }
    // Body lines are numbered after the front matter and its two `---` lines.
    let (front, _) = sheet::split(&proposal)?.ok()?;
    let before_body = front.lines().count() + 2;
    regions.extend(body_regions.into_iter().map(|region| ConflictRegion {
        first_line: region.first_line + before_body,
        ..region
    }));
    Some(TextMerge::Conflicted(Conflicted { proposal, regions }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::sheet::parse;

    fn sheet(front: &str, body: &str) -> Sheet {
        parse(&format!("---\nform: Method\n{front}---\n{body}"))
            .unwrap()
            .unwrap()
    }

    #[test]
    fn fields_changed_on_one_side_take_that_side() {
        let base = sheet(
            "hook: \"a\"\nsummary: \"s\"\ngroup_size: {min: 2, max: 10}\n",
            "Body\n",
        );
        let ours = sheet(
            "hook: \"A better hook\"\nsummary: \"s\"\ngroup_size: {min: 2, max: 10}\n",
            "Body\n",
        );
        let theirs = sheet(
            "hook: \"a\"\nsummary: \"s\"\ngroup_size: {min: 4, max: 12}\n",
            "Body\n",
        );
        let merged = merge_sheets(&base, &ours, &theirs);
        assert!(merged.conflicts.is_empty());
        assert_eq!(merged.front["hook"], "A better hook");
        assert_eq!(merged.front["group_size"]["min"], 4);
        assert_eq!(merged.body, BodyMerge::Resolved("Body\n".into()));
    }

    #[test]
    fn the_same_field_changed_differently_is_a_conflict_for_that_field_only() {
        let base = sheet("hook: \"a\"\nsummary: \"s\"\n", "");
        let ours = sheet("hook: \"ours\"\nsummary: \"s\"\n", "");
        let theirs = sheet("hook: \"theirs\"\nsummary: \"new summary\"\n", "");
        let merged = merge_sheets(&base, &ours, &theirs);
        assert_eq!(merged.conflicts.len(), 1);
        let conflict = &merged.conflicts[0];
        assert_eq!(conflict.key, "hook");
        assert_eq!(conflict.theirs, Some(Value::from("theirs")));
        assert_eq!(merged.front["hook"], "ours");
        assert_eq!(merged.front["summary"], "new summary");
    }

    #[test]
    fn identical_changes_agree_and_removals_and_additions_merge() {
        let base = sheet("hook: \"a\"\nold: 1\n", "");
        let ours = sheet("hook: \"same\"\nold: 1\nadded: [x]\n", "");
        let theirs = sheet("hook: \"same\"\n", "");
        let merged = merge_sheets(&base, &ours, &theirs);
        assert!(merged.conflicts.is_empty());
        assert_eq!(merged.front["hook"], "same");
        assert!(!merged.front.contains_key("old"), "removed by theirs");
        assert_eq!(merged.front["added"], serde_json::json!(["x"]));
    }

    #[test]
    fn sheet_texts_merge_by_field_and_conflicts_point_at_their_lines() {
        let text = |hook: &str, summary: &str, body: &str| {
            format!("---\nform: Method\nhook: \"{hook}\"\nsummary: \"{summary}\"\n---\n{body}")
        };
        let base = text("a", "s", "one\n");
        let clean = merge_sheet_texts(
            None,
            &base,
            &text("ours", "s", "one\n"),
            &text("a", "theirs", "one\ntwo\n"),
        );
        assert_eq!(
            clean,
            Some(TextMerge::Clean(text("ours", "theirs", "one\ntwo\n")))
        );
        let Some(TextMerge::Conflicted(conflict)) = merge_sheet_texts(
            None,
            &base,
            &text("ours", "s", "one\n"),
            &text("theirs", "s", "one\n"),
        ) else {
            panic!("the same field changed on both sides must conflict");
        };
        assert_eq!(conflict.proposal, text("ours", "s", "one\n"));
        assert_eq!(conflict.regions.len(), 1);
        assert_eq!(conflict.regions[0].first_line, 3);
        assert_eq!(conflict.regions[0].ours, "hook: \"ours\"\n");
        assert_eq!(conflict.regions[0].theirs, "hook: \"theirs\"\n");
        assert_eq!(merge_sheet_texts(None, "plain", &base, &base), None);
    }

    #[test]
    fn the_body_is_left_to_the_line_merge_when_both_changed_it() {
        let base = sheet("", "one\n");
        let ours = sheet("", "one\ntwo\n");
        let theirs = sheet("", "zero\none\n");
        let merged = merge_sheets(&base, &ours, &theirs);
        assert_eq!(
            merged.body,
            BodyMerge::Both {
                base: "one\n".into(),
                ours: "one\ntwo\n".into(),
                theirs: "zero\none\n".into()
            }
        );
        let only_theirs = merge_sheets(&base, &base, &theirs);
        assert_eq!(only_theirs.body, BodyMerge::Resolved("zero\none\n".into()));
    }
}
