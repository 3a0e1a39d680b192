//! Moving a YesWiki site into coopwiki: `coopwiki import yeswiki DUMP --files FILES`.
//!
//! A YesWiki administrator has two things: a MySQL dump of the site's database and its
//! `files/` directory. From them the import carries every page with every revision (author and
//! time kept), the accounts (their YesWiki passwords keep working until their first login
//! replaces them), groups and permissions, Bazar forms, lists and entries (as catalogue forms
//! and sheets), comments and attached files with their versions.
//!
//! | module | what it knows |
//! |---|---|
//! | `dump` | the SQL dump, read statement by statement with a real SQL parser |
//! | `markup` | YesWiki's page syntax and actions, turned into coopwiki's Markdown |
//! | `bazar` | Bazar forms, lists and entries, turned into catalogue forms and sheets |
//! | `files` | YesWiki's `files/` directory and what its file names mean |
//! | `import` | the order of things, idempotence, conflicts, the dry run |
//! | `queries` | the little SQL only an import needs |
//! | `report` | what was carried and what was not |
//!
//! Nothing here bypasses the wiki: revisions go through `pages::save`, files through
//! `attachments::store`, permissions through `permissions::queries`, so imported content is
//! checked, derived and indexed like content typed in the browser.

pub mod bazar;
pub mod dump;
pub mod files;
pub mod import;
pub mod markup;
pub mod queries;
pub mod report;

use std::path::PathBuf;

use crate::i18n::Lang;
pub use import::{OnConflict, Options};

/// `coopwiki import yeswiki …`
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The site's database dump (`mysqldump`, with or without extended inserts; YesWiki's own
    /// backups hold one).
    pub dump: PathBuf,
    /// YesWiki's `files/` directory: a folder, a `.tar.gz` or a `.zip`.
    #[arg(long)]
    pub files: Option<PathBuf>,
    /// The tables' prefix (`yeswiki_` by default in YesWiki); found in the dump when not given.
    #[arg(long)]
    pub prefix: Option<String>,
    /// Read everything and print the report, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Make the entries of Bazar form ID sheets of this wiki's form FORM (e.g. `5=Method` for
    /// the method catalogue); needs --fields. May be repeated.
    #[arg(long = "map-form", value_name = "ID=FORM", value_parser = parse_map_form)]
    pub map_forms: Vec<(String, String)>,
    /// A YAML file saying which Bazar field goes to which field of the mapped form (see
    /// README, "Moving from YesWiki").
    #[arg(long, value_name = "FILE")]
    pub fields: Option<PathBuf>,
    /// What to do with a page whose name this wiki already uses.
    #[arg(long, value_enum, default_value = "skip")]
    pub on_conflict: OnConflict,
    /// The time zone of the YesWiki site (its `timezone` setting), in which its database
    /// keeps times.
    #[arg(long, default_value = "Europe/Paris")]
    pub time_zone: String,
    /// The language of the site, for the few words the import writes into pages (`fr`, `en`).
    #[arg(long, default_value = "fr")]
    pub language: String,
}

fn parse_map_form(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((id, form)) if !id.trim().is_empty() && !form.trim().is_empty() => {
            Ok((id.trim().to_owned(), form.trim().to_owned()))
        }
        _ => Err(format!("{text:?} is not ID=FORM (e.g. 5=Method)")),
    }
}

impl ImportArgs {
    /// Checks the arguments and reads the fields file.
    pub fn options(&self, max_file_bytes: usize, progress: bool) -> Result<Options, String> {
        let time_zone = jiff::tz::TimeZone::get(&self.time_zone)
            .map_err(|err| format!("--time-zone {}: {err}", self.time_zone))?;
        let lang = match self.language.as_str() {
            "fr" => Lang::FR,
            "en" => Lang::EN,
            other => return Err(format!("--language {other}: use fr or en")),
        };
        let fields = match &self.fields {
            Some(path) => Some(
                std::fs::read_to_string(path)
                    .map_err(|err| format!("--fields {}: {err}", path.display()))?,
            ),
            None => None,
        };
        Ok(Options {
            dump: self.dump.clone(),
            files: self.files.clone(),
            prefix: self.prefix.clone(),
            dry_run: self.dry_run,
            map_forms: self.map_forms.clone(),
            fields,
            on_conflict: self.on_conflict,
            time_zone,
            lang,
            max_file_bytes,
            progress,
        })
    }
}
