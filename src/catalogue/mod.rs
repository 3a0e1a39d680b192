//! The method catalogue: typed method sheets, forms as data, faceted browsing.
//!
//! A sheet is a page whose text is YAML front matter and a Markdown body (`sheet.rs`), so
//! every page feature (raw, history, diff, restore, rename, delete) works on it unchanged. Its
//! form (`form.rs`) is itself a page, `Form.{name}`, with a YAML text: versioned and
//! restorable, editable in the browser. `fields.rs` checks values against a form and derives
//! the catalogue row that `queries.rs` stores in the same transaction as the revision
//! (`pages::queries::save` calls [`queries::after_save`]). `render.rs` lays out a sheet's
//! page; `routes.rs` and `views.rs` serve it, the typed editor, the catalogue at `/-/methods`
//! with its exports and imports (`exchange.rs` for the formats, `import.rs` for the dry run);
//! `merge.rs` merges two edits of a sheet field by field;
//! `starter.rs` installs the shipped form and starter sheets; `bench.rs` measures the
//! catalogue on a large generated set.

pub mod editor;
pub mod exchange;
pub mod fields;
pub mod filters;
pub mod form;
pub mod import;
pub mod kind;
pub mod merge;
pub mod queries;
pub mod render;
pub mod routes;
pub mod sheet;
pub mod starter;
pub mod views;
