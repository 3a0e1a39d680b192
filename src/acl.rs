//! Permission lists in YesWiki's vocabulary, as people type them: one entry per line.
//!
//! | entry | who it matches |
//! |---|---|
//! | `*` | everyone, signed in or not |
//! | `+` | every signed-in user |
//! | `%` | the page's owner (its creator) |
//! | `@group` | members of the group |
//! | `name` | that user |
//! | `!entry` | the same people, denied |
//!
//! Admins and the page's owner always pass. Otherwise the first entry that matches the visitor
//! decides, and a visitor no entry matches is refused: `!@trolls` then `+` lets every signed-in
//! user in except the trolls. The SQL function `coopwiki_acl_allows` (migration
//! `2026-11-28-000300_accounts`) applies the same rules inside listings; a test compares the two.
//!
//! Parsing and evaluating are pure functions: no database, no request.

use unicode_normalization::char::is_combining_mark;

/// Longest list accepted, in entries, and longest entry, in characters.
pub const MAX_ENTRIES: usize = 100;
pub const MAX_ENTRY_CHARS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    Everyone,
    SignedIn,
    Owner,
    /// A group, by its lower-case name.
    Group(String),
    /// A user, by their lower-case name.
    User(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub deny: bool,
    pub who: Principal,
}

/// A parsed, normalised permission list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Acl(pub Vec<Entry>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AclError {
    #[error("line {line}: {text:?} is not a valid entry")]
    Invalid { line: usize, text: String },
    #[error("more than {MAX_ENTRIES} entries")]
    TooMany,
}

/// Who is asking, as far as permission lists care.
#[derive(Debug, Clone, Copy)]
pub struct Subject<'a> {
    /// The visitor's lower-case user name and groups, when signed in.
    pub user: Option<(&'a str, &'a [String])>,
    pub is_owner: bool,
    pub is_admin: bool,
}

/// Characters allowed in user and group names (see `accounts::names`). Combining marks are
/// letters' parts: lower-casing `İ` gives `i` and a combining dot, which must read back.
pub fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c) || matches!(c, '-' | '_' | '.')
}

fn parse_entry(text: &str) -> Option<Entry> {
    let (deny, rest) = match text.strip_prefix('!') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let who = match rest {
        "*" => Principal::Everyone,
        "+" => Principal::SignedIn,
        "%" => Principal::Owner,
        _ => {
            let (group, name) = match rest.strip_prefix('@') {
                Some(name) => (true, name),
                None => (false, rest),
            };
            // The key is what is stored and read back: it is the one checked.
            let key = name.to_lowercase();
            if key.is_empty()
                || key.chars().count() > MAX_ENTRY_CHARS
                || !key.chars().all(is_name_char)
            {
                return None;
            }
            if group {
                Principal::Group(key)
            } else {
                Principal::User(key)
            }
        }
    };
    Some(Entry { deny, who })
}

impl Acl {
    /// Parses what a person typed: one entry per line, blank lines ignored, names lower-cased.
    pub fn parse(text: &str) -> Result<Acl, AclError> {
        let mut entries = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let entry = parse_entry(line).ok_or_else(|| AclError::Invalid {
                line: index + 1,
                text: line.chars().take(MAX_ENTRY_CHARS).collect(),
            })?;
            entries.push(entry);
            if entries.len() > MAX_ENTRIES {
                return Err(AclError::TooMany);
            }
        }
        Ok(Acl(entries))
    }

    /// A list as stored (each element one normalised entry). Stored lists were written by
    /// [`Acl::entries`], so an element that does not parse (impossible short of editing the
    /// database by hand) is dropped rather than trusted.
    pub fn from_stored(stored: &[String]) -> Acl {
        Acl(stored.iter().filter_map(|e| parse_entry(e)).collect())
    }

    /// The normalised entries, as stored and as the SQL function reads them.
    pub fn entries(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|entry| {
                let who = match &entry.who {
                    Principal::Everyone => "*".to_owned(),
                    Principal::SignedIn => "+".to_owned(),
                    Principal::Owner => "%".to_owned(),
                    Principal::Group(name) => format!("@{name}"),
                    Principal::User(name) => name.clone(),
                };
                if entry.deny { format!("!{who}") } else { who }
            })
            .collect()
    }

    /// The list as a person edits it: one entry per line.
    pub fn to_text(&self) -> String {
        self.entries().join("\n")
    }

    /// Whether the list lets `subject` in (see the module documentation for the rules).
    pub fn allows(&self, subject: &Subject<'_>) -> bool {
        if subject.is_admin || (subject.is_owner && subject.user.is_some()) {
            return true;
        }
        for entry in &self.0 {
            let hit = match (&entry.who, subject.user) {
                (Principal::Everyone, _) => true,
                (Principal::SignedIn, user) => user.is_some(),
                (Principal::Owner, _) => false,
                (Principal::Group(group), Some((_, groups))) => groups.contains(group),
                (Principal::User(name), Some((key, _))) => name == key,
                (Principal::Group(_) | Principal::User(_), None) => false,
            };
            if hit {
                return !entry.deny;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn member<'a>(name: &'a str, groups: &'a [String]) -> Subject<'a> {
        Subject {
            user: Some((name, groups)),
            is_owner: false,
            is_admin: false,
        }
    }

    const ANONYMOUS: Subject<'static> = Subject {
        user: None,
        is_owner: false,
        is_admin: false,
    };

    #[test]
    fn the_yeswiki_vocabulary_parses_and_normalises() {
        let acl = Acl::parse("  *\n\n+\r\n%\n@Facilitators\nAlice\n! @trolls\n!Bob").unwrap();
        assert_eq!(
            acl.entries(),
            vec!["*", "+", "%", "@facilitators", "alice", "!@trolls", "!bob"]
        );
        assert_eq!(Acl::parse(&acl.to_text()).unwrap(), acl);
        assert_eq!(Acl::parse("").unwrap(), Acl::default());
    }

    #[test]
    fn malformed_entries_are_refused_with_their_line() {
        assert_eq!(
            Acl::parse("+\nalice bob"),
            Err(AclError::Invalid {
                line: 2,
                text: "alice bob".into()
            })
        );
        for bad in ["@", "!", "a<b", "@a b", "**", "!!x"] {
            assert!(Acl::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Acl::parse(&"+\n".repeat(MAX_ENTRIES + 1)),
            Err(AclError::TooMany)
        );
    }

    #[test]
    fn the_first_matching_entry_decides() {
        let groups = vec!["trolls".to_owned()];
        let acl = Acl::parse("!@trolls\n+").unwrap();
        assert!(!acl.allows(&member("mallory", &groups)));
        assert!(acl.allows(&member("alice", &[])));
        assert!(!acl.allows(&ANONYMOUS));
        let acl = Acl::parse("+\n!@trolls").unwrap();
        assert!(
            acl.allows(&member("mallory", &groups)),
            "an earlier entry wins"
        );
        assert!(Acl::parse("*").unwrap().allows(&ANONYMOUS));
        assert!(!Acl::parse("").unwrap().allows(&member("alice", &[])));
        assert!(!Acl::parse("!*").unwrap().allows(&member("alice", &[])));
    }

    #[test]
    fn admins_and_owners_always_pass() {
        let acl = Acl::parse("!*").unwrap();
        let owner = Subject {
            user: Some(("olga", &[])),
            is_owner: true,
            is_admin: false,
        };
        let admin = Subject {
            user: Some(("ada", &[])),
            is_owner: false,
            is_admin: true,
        };
        assert!(acl.allows(&owner));
        assert!(acl.allows(&admin));
        let anonymous_owner = Subject {
            is_owner: true,
            ..ANONYMOUS
        };
        assert!(
            !acl.allows(&anonymous_owner),
            "an anonymous visitor owns nothing"
        );
    }

    fn entry() -> impl Strategy<Value = String> {
        let who = prop_oneof![
            Just("*".to_owned()),
            Just("+".to_owned()),
            Just("%".to_owned()),
            "@(a|b|c)",
            "(alice|bob|Carol)",
        ];
        (any::<bool>(), who).prop_map(|(deny, who)| if deny { format!("!{who}") } else { who })
    }

    #[test]
    fn a_name_whose_lower_case_has_a_combining_mark_reads_back() {
        // Found by fuzzing (fuzz/regressions/acl): "İ" lower-cases to "i" and U+0307.
        let list = Acl::parse("\u{3F42}\u{130}").unwrap();
        assert_eq!(Acl::parse(&list.to_text()), Ok(list));
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_normal_forms_are_stable(text in "\\PC{0,200}") {
            if let Ok(acl) = Acl::parse(&text) {
                prop_assert_eq!(Acl::parse(&acl.to_text()).unwrap(), acl.clone());
                prop_assert_eq!(Acl::from_stored(&acl.entries()), acl);
            }
        }

        #[test]
        fn a_list_allows_exactly_what_its_first_match_says(
            entries in proptest::collection::vec(entry(), 0..8),
            user in proptest::option::of("(alice|bob|carol|dan)"),
            groups in proptest::collection::vec("(a|b|c)", 0..3),
        ) {
            let acl = Acl::parse(&entries.join("\n")).unwrap();
            let subject = Subject {
                user: user.as_deref().map(|u| (u, groups.as_slice())),
                is_owner: false,
                is_admin: false,
            };
            let expected = acl.0.iter().find_map(|e| {
                let hit = match &e.who {
                    Principal::Everyone => true,
                    Principal::SignedIn => user.is_some(),
                    Principal::Owner => false,
                    Principal::Group(g) => user.is_some() && groups.contains(g),
                    Principal::User(u) => user.as_deref() == Some(u.as_str()),
                };
                hit.then_some(!e.deny)
            }).unwrap_or(false);
            prop_assert_eq!(acl.allows(&subject), expected);
            // Appending entries never changes a decision already made.
            let mut longer = acl.clone();
            longer.0.push(Entry { deny: !expected, who: Principal::Everyone });
            if acl.0.iter().any(|e| match &e.who {
                Principal::Everyone => true,
                Principal::SignedIn => user.is_some(),
                Principal::Group(g) => user.is_some() && groups.contains(g),
                Principal::User(u) => user.as_deref() == Some(u.as_str()),
                Principal::Owner => false,
            }) {
                prop_assert_eq!(longer.allows(&subject), expected);
            }
        }
    }
}
