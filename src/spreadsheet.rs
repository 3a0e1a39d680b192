//! CSV files as spreadsheets write and read them, for every CSV export and import.
//!
//! Cells that spreadsheets will not run. A cell starting with `=`, `+`, `-`, `@`, a tab or
//! a carriage return is taken for a formula by LibreOffice Calc and Excel when the file is
//! opened: a page's text could then fetch URLs or run commands on the machine of whoever opens
//! an export (CSV injection). Exports write such a cell behind an apostrophe, which spreadsheets
//! show as the start of plain text; imports take it off again, so an export imports back as it
//! was, also after a trip through a spreadsheet.
//!
//! The file around them. Records end in CRLF, as RFC 4180 asks (cells keep their own line
//! ends). Excel reads a CSV file as UTF-8 only when it starts with a byte order mark, so the
//! exports offer one on request ([`wants_bom`], `?bom=1`); without it the file is plain UTF-8,
//! which programs expect. Imports skip a byte order mark and accept the semicolons that
//! spreadsheets set to French (and most other languages written with a decimal comma) use
//! between cells ([`delimiter`]).

use std::borrow::Cow;

/// The byte order mark Excel looks for to read a CSV file as UTF-8.
const BOM: char = '\u{feff}';

/// A CSV writer for an export: RFC 4180 records (CRLF between them).
pub fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// The text of what `writer` wrote, behind a byte order mark when `bom` is set.
pub fn finish(writer: csv::Writer<Vec<u8>>, bom: bool) -> Result<String, csv::Error> {
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(if bom {
        format!("{BOM}{text}")
    } else {
        text.into_owned()
    })
}

/// Whether an export's query string asks for the spreadsheet variant (`bom=1`).
pub fn wants_bom(query: &str) -> bool {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query).is_ok_and(|pairs| {
        pairs
            .iter()
            .any(|(key, value)| key == "bom" && value == "1")
    })
}

/// The address of an export's spreadsheet variant (see [`wants_bom`]).
pub fn for_spreadsheets(href: &str) -> String {
    let joint = if href.contains('?') { '&' } else { '?' };
    format!("{href}{joint}bom=1")
}

/// A CSV reader for an import: without the byte order mark, with the delimiter the file uses.
pub fn reader(text: &str, flexible: bool) -> csv::Reader<&[u8]> {
    let text = text.trim_start_matches(BOM);
    csv::ReaderBuilder::new()
        .flexible(flexible)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes())
}

/// The delimiter of a CSV file: `;` when its first record (the header line) has more
/// semicolons than commas outside quotes, else `,`. The header names the columns, so it holds
/// one delimiter fewer than it has columns and seldom either character otherwise.
pub fn delimiter(text: &str) -> u8 {
    let (mut semicolons, mut commas, mut quoted) = (0usize, 0usize, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            '\n' | '\r' if !quoted => break,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

/// Marks a cell as plain text.
const MARK: char = '\'';

fn is_formula_start(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// The cell as an export writes it: behind [`MARK`] when a spreadsheet would read it as a
/// formula, or when it starts with the mark itself (so that [`restore`] gives it back whole).
pub fn defuse(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(c) if is_formula_start(c) || c == MARK => Cow::Owned(format!("{MARK}{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// The cell as an import reads it: without the mark [`defuse`] added.
pub fn restore(cell: &str) -> &str {
    cell.strip_prefix(MARK).unwrap_or(cell)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_are_written_as_text_and_the_rest_untouched() {
        assert_eq!(
            defuse("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(defuse("+1"), "'+1");
        assert_eq!(defuse("- a list item"), "'- a list item");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("\tcmd"), "'\tcmd");
        assert_eq!(defuse("World café"), "World café");
        assert_eq!(defuse(""), "");
        assert_eq!(defuse("a = b"), "a = b");
    }

    #[test]
    fn the_delimiter_is_the_one_the_header_uses_outside_quotes() {
        assert_eq!(delimiter("day,start,title\r\n"), b',');
        assert_eq!(delimiter("day;start;title\r\n1,5;2;x\n"), b';');
        assert_eq!(delimiter("\"a;b;c\",d\n"), b',');
        assert_eq!(delimiter("\"a,b,c\";d\n"), b';');
        assert_eq!(delimiter("\"two\nlines;\";x;y\nz,z,z,z,z\n"), b';');
        assert_eq!(
            delimiter("title\n;;;\n"),
            b',',
            "only the first record counts"
        );
        assert_eq!(delimiter(""), b',');
    }

    #[test]
    fn exports_end_records_in_crlf_and_offer_a_byte_order_mark() {
        let mut out = writer();
        out.write_record(["a", "b"]).unwrap();
        out.write_record(["two\nlines", "x"]).unwrap();
        let plain = finish(out, false).unwrap();
        assert_eq!(plain, "a,b\r\n\"two\nlines\",x\r\n");
        let mut out = writer();
        out.write_record(["a"]).unwrap();
        assert_eq!(finish(out, true).unwrap(), "\u{feff}a\r\n");
        assert!(wants_bom("lang=fr&bom=1"));
        assert_eq!(for_spreadsheets("/a.csv"), "/a.csv?bom=1");
        assert_eq!(for_spreadsheets("/a.csv?lang=fr"), "/a.csv?lang=fr&bom=1");
        assert!(!wants_bom("bom=0") && !wants_bom("") && !wants_bom("%"));
    }

    proptest! {
        #[test]
        fn a_file_reads_back_whatever_its_delimiter_and_mark(
            cells in prop::collection::vec(prop::collection::vec("\\PC{0,8}", 3), 0..4),
            semicolons: bool,
            bom: bool,
        ) {
            let separator = if semicolons { b';' } else { b',' };
            let mut out = csv::WriterBuilder::new().delimiter(separator).from_writer(Vec::new());
            out.write_record(["day", "start", "title"]).unwrap();
            for row in &cells {
                out.write_record(row).unwrap();
            }
            let text = finish(out, bom).unwrap();
            let mut back = reader(&text, false);
            prop_assert_eq!(back.headers().unwrap(), vec!["day", "start", "title"]);
            let rows: Vec<Vec<String>> = back
                .records()
                .map(|r| r.unwrap().iter().map(str::to_owned).collect())
                .collect();
            prop_assert_eq!(rows, cells);
        }

        #[test]
        fn every_cell_reads_back_as_it_was(cell in "\\PC{0,20}|[=+@'\t-]\\PC{0,10}") {
            let written = defuse(&cell);
            prop_assert!(!written.starts_with(is_formula_start));
            prop_assert_eq!(restore(&written), cell.as_str());
        }
    }
}
