//! CSV cells that spreadsheets will not run. A cell starting with `=`, `+`, `-`, `@`, a tab or
//! a carriage return is taken for a formula by LibreOffice Calc and Excel when the file is
//! opened: a page's text could then fetch URLs or run commands on the machine of whoever opens
//! an export (CSV injection). Exports write such a cell behind an apostrophe, which spreadsheets
//! show as the start of plain text; imports take it off again, so an export imports back as it
//! was, also after a trip through a spreadsheet.

use std::borrow::Cow;

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

    proptest! {
        #[test]
        fn every_cell_reads_back_as_it_was(cell in "\\PC{0,20}|[=+@'\t-]\\PC{0,10}") {
            let written = defuse(&cell);
            prop_assert!(!written.starts_with(is_formula_start));
            prop_assert_eq!(restore(&written), cell.as_str());
        }
    }
}
