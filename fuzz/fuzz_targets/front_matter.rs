//! Front matter: method sheets (`catalogue::sheet`), the forms that type them
//! (`catalogue::form::Form`) and programmes (`programmes::programme`), all YAML from untrusted
//! editors. Every input goes through all three parsers.
//!
//! Whatever the text, parsing returns (under the YAML budget); a sheet is checked and derived
//! against the Method form without panicking, and what a save writes back parses again and is
//! stable (saving twice gives the same text); a valid programme written back reads as the same
//! programme, with no problem.

#![no_main]

use std::sync::LazyLock;

use coopwiki::catalogue::fields;
use coopwiki::catalogue::form::Form;
use coopwiki::catalogue::sheet;
use coopwiki::programmes::programme;
use libfuzzer_sys::fuzz_target;

static METHOD_FORM: LazyLock<Form> = LazyLock::new(|| {
    Form::parse(include_str!("../../catalogue/forms/method.yaml")).expect("the Method form parses")
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let method = &*METHOD_FORM;

    if let Some(Ok(parsed)) = sheet::parse(&text) {
        let _ = fields::check(Some(method), &parsed);
        let _ = fields::derive(Some(method), &parsed);
        let _ = fields::derive(None, &parsed);
        for form in [Some(method), None] {
            let written = parsed
                .to_text(form)
                .unwrap_or_else(|err| panic!("a parsed sheet cannot be written: {err}"));
            let again = match sheet::parse(&written) {
                Some(Ok(again)) => again,
                other => panic!("written sheet does not parse: {other:?}\n{written}"),
            };
            assert_eq!(
                again.to_text(form).as_deref(),
                Ok(written.as_str()),
                "saving twice changes the text"
            );
        }
    }

    // The text as a form definition: a valid form checks this text as a sheet too.
    if let Ok(form) = Form::parse(&text) {
        let _ = form.fields().count();
        if let Some(Ok(parsed)) = sheet::parse(&text) {
            let _ = fields::derive(Some(&form), &parsed);
            let _ = parsed.to_text(Some(&form));
        }
    }

    if let Some((parsed, problems)) = programme::parse(&text) {
        let _ = parsed.days();
        let _ = parsed.all_rooms();
        if problems.is_empty() {
            let written = parsed.to_text();
            let (again, problems) =
                programme::parse(&written).expect("a written programme is a programme");
            assert!(problems.is_empty(), "{problems:?}\n{written}");
            assert_eq!(again, parsed, "\n{written}");
            assert_eq!(again.to_text(), written);
        }
    }
});
