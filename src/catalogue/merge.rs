//! Three-way merge of two edits of one sheet, field by field.
//!
//! The line merge of the collaborative-editing capability works on whole texts; for a sheet it
//! would call two edits of neighbouring fields a conflict when they touch adjacent lines. This
//! merge compares the front matter by key instead: a key changed on one side only takes that
//! side; a key changed on both sides to different values is a conflict for that key alone; the
//! Markdown body is returned as three texts for the line merge. It is pure, so the save path
//! can call it when it finds a stale base on a sheet.

use serde_json::Value;

use crate::catalogue::sheet::{FrontMatter, Sheet};

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
