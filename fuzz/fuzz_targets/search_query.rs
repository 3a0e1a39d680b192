//! What visitors type in the search box (`search::query`): whatever the text, parsing returns,
//! and the tsquery text it builds keeps every typed word inside quotes, so nothing a visitor
//! types becomes a tsquery operator (and `to_tsquery` cannot fail on it). The autocomplete
//! query and the `LIKE` escaping keep the same promise; search snippets never leak the
//! database's match marks.

#![no_main]

use coopwiki::search::Snippet;
use coopwiki::search::query::{self, SearchQuery};
use libfuzzer_sys::fuzz_target;

/// Checks that `tsquery` is operators and quoted lexemes only: outside quotes, nothing but
/// `&|!()`, spaces and the `:*` of a prefix; inside, a quote is doubled and a backslash escapes.
fn assert_quoted(tsquery: &str, input: &str) {
    let mut chars = tsquery.chars().peekable();
    let mut previous_closed_lexeme = false;
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                loop {
                    match chars.next() {
                        Some('\\') => {
                            assert!(
                                chars.next().is_some(),
                                "dangling escape in {tsquery:?} for {input:?}"
                            );
                        }
                        Some('\'') if chars.peek() == Some(&'\'') => {
                            chars.next();
                        }
                        Some('\'') => break,
                        Some(_) => {}
                        None => panic!("unclosed lexeme in {tsquery:?} for {input:?}"),
                    }
                }
                previous_closed_lexeme = true;
                continue;
            }
            ':' => {
                assert!(
                    previous_closed_lexeme,
                    "stray ':' in {tsquery:?} for {input:?}"
                );
                assert_eq!(
                    chars.next(),
                    Some('*'),
                    "stray ':' in {tsquery:?} for {input:?}"
                );
            }
            '&' | '|' | '!' | '(' | ')' | ' ' => {}
            other => panic!("{other:?} outside a lexeme in {tsquery:?} for {input:?}"),
        }
        previous_closed_lexeme = false;
    }
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    match SearchQuery::parse(&input) {
        Ok(parsed) => {
            assert!(input.chars().count() <= query::MAX_QUERY_CHARS);
            let tsquery = parsed.tsquery();
            assert_quoted(&tsquery, &input);
            assert!(!tsquery.contains('\0'), "NUL reaches PostgreSQL: {input:?}");
            if parsed.is_empty() {
                assert!(
                    !tsquery.contains('\'') || tsquery.starts_with('!'),
                    "{tsquery:?}"
                );
            }
            let words = parsed.wanted_words();
            assert!(words.len() <= 6, "{words:?}");
            assert!(
                words
                    .iter()
                    .all(|w| w.chars().count() >= 3 && !w.contains(char::is_whitespace))
            );
        }
        Err(_) => assert!(input.chars().count() > query::MAX_QUERY_CHARS),
    }

    assert_quoted(&query::completion_tsquery(&input), &input);

    // Every `%`, `_` and `\` of the escaped text is escaped: unescaping gives the text back.
    let escaped = query::like_escape(&input);
    let mut unescaped = String::new();
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => unescaped.push(chars.next().expect("no dangling backslash")),
            '%' | '_' => panic!("unescaped wildcard in {escaped:?}"),
            c => unescaped.push(c),
        }
    }
    assert_eq!(unescaped, input);

    let snippet = Snippet::from_headline(&input);
    for run in &snippet.0 {
        assert!(!run.text.is_empty());
        assert!(!run.text.contains(['\u{E000}', '\u{E001}']), "{snippet:?}");
    }
});
