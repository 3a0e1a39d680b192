//! Attachment file names: what a client sends is a hint, never a path.
//!
//! A name is reduced to its last path component, put in NFC, stripped of control, format and
//! bidi characters (which can make `evil.exe` look like `exe.live`), of characters that are
//! special in file systems or headers, and of leading dots, and cut to [`MAX_NAME_CHARS`]
//! keeping its extension. The result is safe in a URL segment (encoded), in a
//! `Content-Disposition` header (encoded) and on any file system, although the storage never
//! uses it: blobs are stored under their hash.

use unicode_normalization::UnicodeNormalization;

/// Longest name kept, in characters.
pub const MAX_NAME_CHARS: usize = 120;

/// Longest extension kept whole when a long name is cut.
const MAX_EXTENSION_CHARS: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the file name is empty once normalised")]
    Empty,
}

/// A normalised attachment name and its case-folded key (one attachment per key and page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName {
    name: String,
    key: String,
}

impl FileName {
    /// Normalises a client-given name (see the module documentation).
    pub fn parse(raw: &str) -> Result<FileName, NameError> {
        let name = normalise(raw);
        if name.is_empty() {
            return Err(NameError::Empty);
        }
        let key = name.to_lowercase().nfc().collect();
        Ok(FileName { name, key })
    }

    pub fn as_str(&self) -> &str {
        &self.name
    }

    pub fn key(&self) -> &str {
        &self.key
    }
}

/// Characters that never survive: controls, bidi embeddings, overrides and isolates, and the
/// invisible format characters used to disguise names.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Characters replaced by `_`: reserved on common file systems or meaningful in headers.
fn is_special(c: char) -> bool {
    matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|' | ';' | '%')
}

fn normalise(raw: &str) -> String {
    // Hidden characters go before composing: removed after, they could expose a composition
    // that the final composition then reorders into more characters than the cut allowed
    // (found by fuzzing, fuzz/regressions/page_name).
    let visible: String = raw.chars().filter(|&c| !is_hidden(c)).collect();
    let composed: String = visible.nfc().collect();
    let last = composed
        .rsplit(['/', '\\'])
        .find(|part| !part.trim().is_empty())
        .unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| {
            if is_special(c) {
                '_'
            } else if c.is_whitespace() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let trimmed = cleaned
        .trim()
        .trim_start_matches(['.', ' '])
        .trim_end_matches(['.', ' ']);
    let cut = shorten(trimmed);
    // Cutting can leave trailing spaces or dots before the extension; composing again after
    // removals keeps the result NFC (removing a character can expose a new composition).
    cut.trim_end_matches(['.', ' ']).nfc().collect()
}

/// Cuts to [`MAX_NAME_CHARS`], keeping a short extension so the file still opens with the
/// right program.
fn shorten(name: &str) -> String {
    let count = name.chars().count();
    if count <= MAX_NAME_CHARS {
        return name.to_owned();
    }
    let extension = name
        .rfind('.')
        .map(|dot| &name[dot..])
        .filter(|ext| ext.chars().count() <= MAX_EXTENSION_CHARS)
        .unwrap_or("");
    let stem_chars = MAX_NAME_CHARS - extension.chars().count();
    let stem: String = name.chars().take(stem_chars).collect();
    format!("{}{extension}", stem.trim_end_matches(['.', ' ']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn name(raw: &str) -> String {
        FileName::parse(raw).map(|n| n.name).unwrap_or_default()
    }

    #[test]
    fn a_hidden_character_between_marks_never_lengthens_a_cut_name() {
        let raw = format!(
            "{}\u{22D}\u{200B}\u{328}.txt",
            "a".repeat(MAX_NAME_CHARS - 6)
        );
        let name = FileName::parse(&raw).unwrap();
        assert!(name.as_str().chars().count() <= MAX_NAME_CHARS, "{name:?}");
        assert!(name.as_str().ends_with(".txt"));
    }

    #[test]
    fn paths_hidden_characters_and_leading_dots_go() {
        assert_eq!(name("../../etc/passwd"), "passwd");
        assert_eq!(name("C:\\Users\\me\\photo.jpg"), "photo.jpg");
        assert_eq!(name(".htaccess"), "htaccess");
        assert_eq!(name("report\u{202E}fdp.exe"), "reportfdp.exe");
        assert_eq!(name("a\u{0}b\nc.txt"), "abc.txt");
        assert_eq!(name("Ame\u{301}lie.png"), "Amélie.png");
        assert_eq!(name("what?.pdf"), "what_.pdf");
        assert_eq!(FileName::parse("../.."), Err(NameError::Empty));
        assert_eq!(FileName::parse("Room.JPG").unwrap().key(), "room.jpg");
    }

    #[test]
    fn long_names_keep_their_extension() {
        let long = format!("{}.pdf", "a".repeat(300));
        let short = name(&long);
        assert_eq!(short.chars().count(), MAX_NAME_CHARS);
        assert!(short.ends_with(".pdf"));
    }

    proptest! {
        #[test]
        fn normalised_names_are_safe_and_stable(
            raw in prop_oneof![any::<String>(), "[./\\\\ .\u{0}\u{202E}\u{200F}\u{2066}a-z]{0,40}"]
        ) {
            if let Ok(parsed) = FileName::parse(&raw) {
                let n = parsed.as_str();
                prop_assert!(!n.is_empty());
                prop_assert!(n.chars().count() <= MAX_NAME_CHARS);
                prop_assert!(!n.contains(['/', '\\']));
                prop_assert!(!n.starts_with('.'));
                prop_assert!(!n.chars().any(|c| is_hidden(c) || is_special(c)));
                prop_assert!(unicode_normalization::is_nfc(n));
                prop_assert_eq!(FileName::parse(n).ok(), Some(parsed.clone()));
            }
        }
    }
}
