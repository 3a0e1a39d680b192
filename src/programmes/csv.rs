//! A programme's slots as CSV: one row per slot, lists joined with `; `; the columns of the
//! structured editor ([`SLOT_FIELDS`]), then the fields it keeps hidden
//! ([`HIDDEN_SLOT_FIELDS`]: the slot's id, subtitle, track, type, language, abstract), then the
//! programme's time zone on every row. Export and import use the same columns, so a file
//! exported can be edited in a spreadsheet and imported again as the same programme, its slots'
//! ids and its times' zone included. Cells that a spreadsheet would run as formulas are written
//! as text, records end in CRLF, and an import reads `;` as well as `,` between cells
//! (`crate::spreadsheet`).

use crate::programmes::editor::{HIDDEN_SLOT_FIELDS, SLOT_FIELDS, SlotRow};
use crate::programmes::programme::{MAX_SLOTS, Programme};
use crate::spreadsheet::{self, defuse, restore};

/// The column of the programme's time zone.
const TIMEZONE: &str = "timezone";

/// Every column, in order.
fn columns() -> impl Iterator<Item = &'static str> {
    SLOT_FIELDS
        .iter()
        .map(|(key, _)| *key)
        .chain(HIDDEN_SLOT_FIELDS)
        .chain([TIMEZONE])
}

/// The CSV of a programme's slots, in the order of its text; behind a byte order mark with
/// `bom` (for spreadsheets). The programme is identified (`Programme::identify`), so that every
/// row has its slot's id.
pub fn write(programme: &Programme, bom: bool) -> Result<String, ::csv::Error> {
    let mut out = spreadsheet::writer();
    out.write_record(columns())?;
    for slot in &programme.slots {
        let row = SlotRow::of(slot);
        out.write_record(columns().map(|key| {
            let value = match key {
                TIMEZONE => programme.timezone.as_str(),
                key => row.get(key),
            };
            defuse(value).into_owned()
        }))?;
    }
    spreadsheet::finish(out, bom)
}

/// The slots of a CSV file, and the time zone its rows name, if any.
#[derive(Debug, PartialEq, Eq)]
pub struct CsvSlots {
    pub rows: Vec<SlotRow>,
    pub timezone: Option<String>,
}

/// Why a CSV file cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CsvError {
    #[error("the CSV could not be read: {0}")]
    Unreadable(String),
    #[error("the CSV has no {0} column")]
    MissingColumn(&'static str),
    #[error("more than {MAX_SLOTS} slots")]
    TooMany,
    /// Rows in different time zones: a programme has one.
    #[error("the rows name different time zones")]
    Zones,
}

/// The rows of a CSV file with a header line; unknown columns are ignored.
pub fn read(data: &str) -> Result<CsvSlots, CsvError> {
    let mut reader = spreadsheet::reader(data, true);
    let headers = reader
        .headers()
        .map_err(|err| CsvError::Unreadable(err.to_string()))?
        .clone();
    let columns: Vec<Option<&'static str>> = headers
        .iter()
        .map(|h| {
            let h = h.trim().to_lowercase();
            columns().find(|key| *key == h)
        })
        .collect();
    for required in ["day", "start", "duration", "title"] {
        if !columns.contains(&Some(required)) {
            return Err(CsvError::MissingColumn(required));
        }
    }
    let mut rows = Vec::new();
    let mut timezone: Option<String> = None;
    for record in reader.records() {
        let record = record.map_err(|err| CsvError::Unreadable(err.to_string()))?;
        if rows.len() == MAX_SLOTS {
            return Err(CsvError::TooMany);
        }
        let mut row = SlotRow::default();
        for (column, value) in columns.iter().zip(record.iter()) {
            match column {
                Some(TIMEZONE) => {
                    let zone = restore(value).trim();
                    match &timezone {
                        _ if zone.is_empty() => {}
                        None => timezone = Some(zone.to_owned()),
                        Some(first) if first == zone => {}
                        Some(_) => return Err(CsvError::Zones),
                    }
                }
                Some(key) => row.set(key, restore(value).to_owned()),
                None => {}
            }
        }
        rows.push(row);
    }
    Ok(CsvSlots { rows, timezone })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_header_without_the_needed_columns_is_refused() {
        assert_eq!(
            read("day,start,title\n"),
            Err(CsvError::MissingColumn("duration"))
        );
    }

    proptest! {
        #[test]
        fn any_text_reads_without_panicking(data in "\\PC{0,400}") {
            let _ = read(&data);
        }

        #[test]
        fn cells_read_back_as_written(title in "\\PC{0,30}", how in "[^\r]{0,30}") {
            let rows = [SlotRow { title: title.clone(), how: how.clone(), ..SlotRow::default() }];
            let mut out = ::csv::Writer::from_writer(Vec::new());
            out.write_record(SLOT_FIELDS.iter().map(|(key, _)| *key)).unwrap();
            out.write_record(SLOT_FIELDS.iter().map(|(key, _)| defuse(rows[0].get(key)).into_owned())).unwrap();
            let text = String::from_utf8(out.into_inner().unwrap()).unwrap();
            let back = read(&text).unwrap().rows;
            prop_assert_eq!(&back[0].title, &title);
            prop_assert_eq!(&back[0].how, &how);
        }
    }
}
