//! Page names: the rules of `shared/design/urls.md`, applied in one place.
//!
//! A name has two forms. The *display* form is what people see and what URLs carry (NFC, single
//! spaces, no leading or trailing space; `_` in URLs). The *key* is the identity used for lookups
//! and uniqueness: compatibility-folded (NFKC) and lower-cased, so `FishBowl`, `fishbowl` and a
//! look-alike spelled with a ligature or full-width letters are one page.

use std::fmt;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_security::{RestrictionLevel, RestrictionLevelDetection};

pub const MAX_NAME_CHARS: usize = 120;

/// Names that would shadow the server's own top-level paths (`wakka.php`: the YesWiki
/// addresses the server redirects).
const RESERVED: &[&str] = &[
    "api",
    "assets",
    "static",
    "favicon.ico",
    "robots.txt",
    "wakka.php",
];

/// Punctuation allowed besides letters, digits, marks and spaces.
const ALLOWED_PUNCTUATION: &[char] = &['-', '_', '.', '\'', '(', ')', ','];

/// Characters people expect to be refused with their own explanation.
const FORBIDDEN: &[char] = &['/', '\\', '#', '?', '%', '<', '>', '[', ']', '|', '{', '}'];

/// Encoded in URL path segments: everything but the characters a name may contain unescaped.
const PATH_SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']')
    .add(b'\'');

/// A valid page name. Constructed only through [`PageName::parse`], so holding one proves the
/// rules were checked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PageName {
    display: String,
    key: String,
}

/// Why a name was refused. Each variant maps to one sentence in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("a page name cannot be empty")]
    Empty,
    #[error("a page name is limited to {MAX_NAME_CHARS} characters; this one has {0}")]
    TooLong(usize),
    #[error("the character {0:?} is not allowed in page names")]
    Forbidden(char),
    #[error("page names cannot contain control characters")]
    Control,
    #[error("page names cannot contain text-direction override characters")]
    Bidi,
    #[error("a page name cannot be made only of dots")]
    OnlyDots,
    #[error("a page name cannot start with \"-\": those addresses are reserved for special pages")]
    LeadingDash,
    #[error("{0:?} is reserved by the server and cannot be a page name")]
    Reserved(String),
    #[error("{0:?} mixes alphabets within a word, so it could pass for another page's name")]
    MixedScripts(String),
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

impl PageName {
    /// Parses a name as typed by a person or taken from a URL segment (already percent-decoded).
    ///
    /// Normalises before judging: NFC, `_` and any Unicode space become one space, runs of
    /// spaces fold, the typographic apostrophe becomes `'`, ends are trimmed.
    pub fn parse(input: &str) -> Result<PageName, NameError> {
        let mut display = String::with_capacity(input.len());
        let mut pending_space = false;
        for c in input.nfc() {
            if is_bidi_control(c) {
                return Err(NameError::Bidi);
            }
            if c.is_control() {
                return Err(NameError::Control);
            }
            if c == '_' || c.is_whitespace() {
                pending_space = !display.is_empty();
                continue;
            }
            if FORBIDDEN.contains(&c) {
                return Err(NameError::Forbidden(c));
            }
            let c = if c == '\u{2019}' { '\'' } else { c };
            if !(c.is_alphanumeric() || is_combining_mark(c) || ALLOWED_PUNCTUATION.contains(&c)) {
                return Err(NameError::Forbidden(c));
            }
            if pending_space {
                display.push(' ');
                pending_space = false;
            }
            display.push(c);
        }
        let chars = display.chars().count();
        if chars == 0 {
            return Err(NameError::Empty);
        }
        if chars > MAX_NAME_CHARS {
            return Err(NameError::TooLong(chars));
        }
        if display.chars().all(|c| c == '.') {
            return Err(NameError::OnlyDots);
        }
        if display.starts_with('-') {
            return Err(NameError::LeadingDash);
        }
        let key = fold(&display);
        if RESERVED.contains(&key.as_str()) {
            return Err(NameError::Reserved(display));
        }
        Ok(PageName { display, key })
    }

    /// Whether a page may be created or renamed under this name: each of its words is written
    /// in one script (or in scripts written together, such as Han with Latin). A word mixing
    /// scripts can pass for another page's name (`НomePage` with a Cyrillic `Н`, `SitеMenu`
    /// with a Cyrillic `е`), which folding does not catch. Names of different words in different
    /// scripts (`Ольга (notes)`) are fine. Only new names are held to this: a page already
    /// named so keeps answering at its name.
    pub fn check_new(&self) -> Result<(), NameError> {
        let mixed = self
            .display
            .split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)))
            .any(|word| !word.check_restriction_level(RestrictionLevel::HighlyRestrictive));
        if mixed {
            return Err(NameError::MixedScripts(self.display.clone()));
        }
        Ok(())
    }

    /// The name as people read it: `World café`.
    pub fn as_str(&self) -> &str {
        &self.display
    }

    /// The identity used for lookups and uniqueness: `world café`.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The name as a URL path segment: `World_caf%C3%A9`.
    pub fn url_segment(&self) -> String {
        url_segment(&self.display)
    }

    /// The page's address relative to the site root: `/World_caf%C3%A9`.
    pub fn path(&self) -> String {
        format!("/{}", self.url_segment())
    }
}

/// The key of an already-normalised display name.
fn fold(display: &str) -> String {
    let lowered: String = display.nfkc().collect::<String>().to_lowercase();
    lowered.nfkc().collect()
}

/// Encodes a stored display name for a URL path; a space is written `_`.
pub fn url_segment(display: &str) -> String {
    utf8_percent_encode(&display.replace(' ', "_"), PATH_SEGMENT).to_string()
}

/// The address of a page from its stored display name.
pub fn page_path(display: &str) -> String {
    format!("/{}", url_segment(display))
}

/// The lasting address of a comment (`/{name}/discussion/{id}`), which finds its place in the
/// thread wherever pagination has moved it.
pub fn comment_path(page_display: &str, id: i64) -> String {
    format!("{}/discussion/{id}", page_path(page_display))
}

impl fmt::Display for PageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display)
    }
}

/// The absolute address of a page, pinned to revision `rev` when given (`/{name}?rev=n`,
/// the permanent revision link), on the site whose configured base URL is `base_url`.
pub fn page_url(base_url: &str, name: &str, rev: Option<i32>) -> String {
    match rev {
        Some(rev) => format!("{base_url}{}?rev={rev}", page_path(name)),
        None => format!("{base_url}{}", page_path(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn underscores_and_space_runs_fold_to_single_spaces() {
        let name = PageName::parse("  World__café   du  monde ").unwrap();
        assert_eq!(name.as_str(), "World café du monde");
        assert_eq!(name.url_segment(), "World_caf%C3%A9_du_monde");
    }

    #[test]
    fn decomposed_and_composed_spellings_are_the_same_page() {
        let nfd = PageName::parse("Cafe\u{301}").unwrap();
        let nfc = PageName::parse("Café").unwrap();
        assert_eq!(nfd, nfc);
    }

    #[test]
    fn case_and_compatibility_variants_share_one_key() {
        let plain = PageName::parse("FishBowl").unwrap();
        assert_eq!(PageName::parse("fishbowl").unwrap().key(), plain.key());
        assert_eq!(
            PageName::parse("ＦｉｓｈＢｏｗｌ").unwrap().key(),
            plain.key()
        );
        assert_eq!(PageName::parse("ﬁshbowl").unwrap().key(), plain.key());
    }

    #[test]
    fn each_broken_rule_is_named() {
        assert_eq!(PageName::parse("a/b"), Err(NameError::Forbidden('/')));
        assert_eq!(PageName::parse("  "), Err(NameError::Empty));
        assert_eq!(PageName::parse("..."), Err(NameError::OnlyDots));
        assert_eq!(PageName::parse("-secret"), Err(NameError::LeadingDash));
        assert_eq!(
            PageName::parse("API"),
            Err(NameError::Reserved("API".into()))
        );
        assert_eq!(
            PageName::parse("Wakka.php"),
            Err(NameError::Reserved("Wakka.php".into()))
        );
        assert_eq!(PageName::parse("a\u{202E}b"), Err(NameError::Bidi));
        assert_eq!(PageName::parse("a\tb"), Err(NameError::Control));
        assert_eq!(PageName::parse("a<script>"), Err(NameError::Forbidden('<')));
        assert_eq!(
            PageName::parse(&"x".repeat(121)),
            Err(NameError::TooLong(121))
        );
        assert!(PageName::parse(&"é".repeat(120)).is_ok());
    }

    #[test]
    fn typographic_apostrophe_becomes_ascii() {
        assert_eq!(
            PageName::parse("L’accélérateur").unwrap().as_str(),
            "L'accélérateur"
        );
    }

    proptest! {
        #[test]
        fn parsing_never_panics_and_valid_names_are_stable(input in "\\PC{0,140}") {
            if let Ok(name) = PageName::parse(&input) {
                // Normalising an already normal name changes nothing.
                let again = PageName::parse(name.as_str()).unwrap();
                prop_assert_eq!(&again, &name);
                // The URL segment decodes back to the same page.
                let decoded = percent_encoding::percent_decode_str(&name.url_segment())
                    .decode_utf8()
                    .unwrap()
                    .into_owned();
                prop_assert_eq!(PageName::parse(&decoded).unwrap(), name.clone());
                let chars = name.as_str().chars().count();
                prop_assert!((1..=MAX_NAME_CHARS).contains(&chars));
                prop_assert!(!name.as_str().starts_with(' ') && !name.as_str().ends_with(' '));
                prop_assert!(!name.as_str().contains("  "));
                prop_assert!(!name.as_str().chars().any(|c| FORBIDDEN.contains(&c) || c.is_control()));
            }
        }

        #[test]
        fn the_key_ignores_case(input in "[A-Za-zÀ-ÖØ-Þà-öø-þ ]{1,60}") {
            if let (Ok(upper), Ok(lower)) = (PageName::parse(&input.to_uppercase()), PageName::parse(&input.to_lowercase())) {
                prop_assert_eq!(upper.key(), lower.key());
            }
        }
    }
}
