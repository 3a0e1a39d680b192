//! Imports: a programme from CSV or from a frab/pretalx `schedule.json`
//! (`programmes::import`), and method sheets from the catalogue's JSON or CSV exchange format
//! (`catalogue::exchange`). Every input goes through all four readers.
//!
//! Whatever the file, reading returns; an imported programme is valid, and what the import
//! saves (its text) reads back as the same programme; its slots exported as CSV import again to
//! the same slots; imported sheets check, derive and write without panicking.

#![no_main]

use std::sync::LazyLock;

use coopwiki::catalogue::exchange::{self, Record};
use coopwiki::catalogue::fields;
use coopwiki::catalogue::form::Form;
use coopwiki::catalogue::sheet::{self, Sheet};
use coopwiki::programmes::programme::{self, Programme};
use coopwiki::programmes::{csv as programme_csv, import};
use libfuzzer_sys::fuzz_target;

static METHOD_FORM: LazyLock<Form> = LazyLock::new(|| {
    Form::parse(include_str!("../../catalogue/forms/method.yaml")).expect("the Method form parses")
});

fn check_programme(imported: &Programme) {
    assert!(!imported.slots.is_empty());
    let text = imported.to_text();
    let (again, problems) = programme::parse(&text).expect("an imported programme is a programme");
    assert!(problems.is_empty(), "{problems:?}\n{text}");
    assert_eq!(&again, imported, "\n{text}");

    // Both exports, plain and for spreadsheets (with a byte order mark), import again.
    for bom in [false, true] {
        let csv = programme_csv::write(imported, bom).expect("the slots write as CSV");
        match import::from_csv(&csv, &imported.title, &imported.timezone) {
            Ok(back) => assert_eq!(back.slots, imported.slots, "\n{csv}"),
            Err(err) => panic!("exported slots do not import again: {err:?}\n{csv}"),
        }
    }
}

fn check_records(records: &[Record]) {
    for record in records {
        let parsed = Sheet {
            front: record.front.clone(),
            body: record.body.clone(),
        };
        let _ = fields::derive(Some(&METHOD_FORM), &parsed);
        if let Ok(text) = parsed.to_text(Some(&METHOD_FORM))
            && let Some(Ok(again)) = sheet::parse(&text)
        {
            let _ = fields::derive(Some(&METHOD_FORM), &again);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    if let Ok(imported) = import::from_csv(&text, "Imported", "Europe/Paris") {
        check_programme(&imported);
    }
    if let Ok(imported) = import::from_frab(&text) {
        check_programme(&imported);
    }
    if let Ok(records) = exchange::from_json(&text) {
        assert!(records.len() <= exchange::MAX_RECORDS);
        check_records(&records);
    }
    if let Ok(records) = exchange::from_csv(&METHOD_FORM, &text) {
        assert!(records.len() <= exchange::MAX_RECORDS);
        check_records(&records);
    }
});
