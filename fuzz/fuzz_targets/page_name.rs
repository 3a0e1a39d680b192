//! Names people type or URLs carry: page names (`names::PageName`), method references in
//! programmes (`Name@12`), attachment file names (`attachments::names::FileName`) and user
//! names. Whatever the text, parsing returns, and what it accepts is in its normal form:
//! parsing it again gives the same name and key, and a page's URL segment decodes back to it.

#![no_main]

use coopwiki::accounts::parse_user_name;
use coopwiki::attachments::names::{self as file_names, FileName};
use coopwiki::names::{self, PageName};
use coopwiki::programmes::programme::MethodRef;
use libfuzzer_sys::fuzz_target;
use percent_encoding::percent_decode_str;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);

    if let Ok(name) = PageName::parse(&input) {
        let display = name.as_str();
        let again = PageName::parse(display).expect("a normalised name parses again");
        assert_eq!(again, name, "normalising twice changed {input:?}");
        assert_eq!(again.key(), name.key());
        let chars = display.chars().count();
        assert!((1..=names::MAX_NAME_CHARS).contains(&chars), "{display:?}");
        assert!(!display.starts_with(' ') && !display.ends_with(' ') && !display.contains("  "));
        assert!(!display.chars().any(char::is_control), "{display:?}");
        // The address of the page leads back to the page.
        let segment = name.url_segment();
        assert!(!segment.contains(['/', '?', '#', ' ']), "{segment:?}");
        let decoded = percent_decode_str(&segment)
            .decode_utf8()
            .expect("segments are UTF-8");
        assert_eq!(
            PageName::parse(&decoded).expect("the segment decodes to a valid name"),
            name
        );
        assert_eq!(name.path(), names::page_path(display));
    }

    if let Some(reference) = MethodRef::parse(&input) {
        assert_eq!(
            MethodRef::parse(&reference.to_text()),
            Some(reference.clone()),
            "a method reference reads back as written"
        );
        assert!(reference.rev.is_none_or(|rev| rev >= 1));
    }

    if let Ok(file) = FileName::parse(&input) {
        let name = file.as_str();
        assert!(!name.is_empty());
        assert!(
            name.chars().count() <= file_names::MAX_NAME_CHARS,
            "{name:?}"
        );
        assert!(
            !name.contains(['/', '\\']),
            "a file name is never a path: {name:?}"
        );
        assert!(!name.starts_with('.'), "{name:?}");
        assert!(
            !name
                .chars()
                .any(|c| c.is_control() || "\u{202E}\u{202D}\u{2066}\u{2067}\u{2068}".contains(c)),
            "{name:?}"
        );
        assert_eq!(
            FileName::parse(name).ok(),
            Some(file.clone()),
            "not stable: {input:?}"
        );
    }

    if let Ok((user, key)) = parse_user_name(&input) {
        assert_eq!(parse_user_name(&user), Ok((user.clone(), key.clone())));
    }
});
