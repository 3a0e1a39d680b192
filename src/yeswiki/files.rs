//! YesWiki's `files/` directory: where its attachments are, and what its file names mean.
//!
//! YesWiki keeps no table of uploads: the name is the record. An upload to a page is
//! `<PageTag>_<name>_<pagedate>_<uploaddate>.<ext>` (two 14-digit times, `YYYYMMDDhhmmss`),
//! with `_` after the extension of anything that is not a picture, sound or video (`.pdf_`), so
//! that the web server never runs or renders it. A new upload under the same name is a new file
//! with a later upload date: the versions of one attachment are the files that share page, name
//! and extension, in upload-date order. A Bazar entry's image or file field stores the whole file
//! name in the entry. Files YesWiki ships as default content have no dates
//! (`LovelaceAda_lovelace.png`); a file in YesWiki's trash ends its extension with
//! `trash<date>`.
//!
//! The directory arrives as a folder, a `.tar.gz` (or `.tgz`) or a `.zip`: each is read entry by
//! entry, holding one file at a time, and no entry is ever written to disk (a hostile archive's
//! `../` names or links have nowhere to go).

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

/// One file of the directory, as YesWiki named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredName {
    /// The whole name, as Bazar entries and Markdown links write it.
    pub stored: String,
    /// The page tag it belongs to (the longest known tag the name starts with, then `_`).
    pub page: String,
    /// The attachment's name in coopwiki: YesWiki's name and extension, without dates or the
    /// trailing `_` (`bocalapoissons.jpg`), which is also what `{{attach file="…"}}` names.
    pub name: String,
    /// The upload time (`YYYYMMDDhhmmss`) when the name carries one: orders versions.
    pub uploaded: Option<String>,
    /// In YesWiki's trash: deleted there, not carried.
    pub trashed: bool,
}

/// Decodes a file name, given the tags of the site's pages. `None` for a name that belongs to
/// no page (the import reports it).
pub fn decode(stored: &str, is_page: &dyn Fn(&str) -> bool) -> Option<StoredName> {
    let (stem, extension) = stored.rsplit_once('.')?;
    let trashed = extension.contains("trash");
    let extension = extension
        .split("trash")
        .next()
        .unwrap_or(extension)
        .trim_end_matches('_');
    // The page is the longest prefix ending before a `_` that names a page: tags may
    // themselves hold underscores.
    let page = stem
        .match_indices('_')
        .map(|(at, _)| &stem[..at])
        .filter(|candidate| is_page(candidate))
        .last()?;
    let rest = &stem[page.len() + 1..];
    let (name, uploaded) = match split_dates(rest) {
        Some((name, uploaded)) => (name, Some(uploaded.to_owned())),
        None => (rest, None),
    };
    if name.is_empty() || extension.is_empty() {
        return None;
    }
    Some(StoredName {
        stored: stored.to_owned(),
        page: page.to_owned(),
        name: format!("{name}.{extension}"),
        uploaded,
        trashed,
    })
}

/// `name_<14 digits>_<14 digits>` → (name, the second date).
fn split_dates(rest: &str) -> Option<(&str, &str)> {
    let (before, uploaded) = rest.rsplit_once('_')?;
    let (name, page_date) = before.rsplit_once('_')?;
    let is_date = |s: &str| s.len() == 14 && s.bytes().all(|b| b.is_ascii_digit());
    (is_date(page_date) && is_date(uploaded)).then_some((name, uploaded))
}

/// The versions of each attachment, oldest first, by (page, coopwiki name).
pub type Versions = BTreeMap<(String, String), Vec<StoredName>>;

/// Groups decoded names into attachments and orders each one's versions.
pub fn versions(names: impl IntoIterator<Item = StoredName>) -> Versions {
    let mut grouped = Versions::new();
    for name in names.into_iter().filter(|name| !name.trashed) {
        grouped
            .entry((name.page.clone(), name.name.to_lowercase()))
            .or_default()
            .push(name);
    }
    for versions in grouped.values_mut() {
        versions.sort_by(|a, b| a.uploaded.cmp(&b.uploaded).then(a.stored.cmp(&b.stored)));
    }
    grouped
}

/// Where the files are.
#[derive(Debug, Clone)]
pub enum Source {
    Folder(PathBuf),
    TarGz(PathBuf),
    Zip(PathBuf),
}

impl Source {
    /// By what the path is: a folder, or an archive by its extension.
    pub fn at(path: &Path) -> io::Result<Source> {
        if fs::metadata(path)?.is_dir() {
            return Ok(Source::Folder(path.to_owned()));
        }
        let lower = path.to_string_lossy().to_lowercase();
        if lower.ends_with(".tar.gz") || lower.ends_with(".tgz") {
            Ok(Source::TarGz(path.to_owned()))
        } else if lower.ends_with(".zip") {
            Ok(Source::Zip(path.to_owned()))
        } else {
            Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} is neither a folder, a .tar.gz nor a .zip",
                    path.display()
                ),
            ))
        }
    }

    /// Calls `each` with the base name and bytes of every regular file, one at a time. Files over
    /// `limit` bytes are passed with no bytes and their size, for the report. Subfolders are
    /// looked into (an archive of the site's root holds `files/…`); YesWiki's `files/` has no
    /// folders of its own.
    pub fn for_each(
        &self,
        limit: usize,
        each: &mut dyn FnMut(&str, Content) -> io::Result<()>,
    ) -> io::Result<()> {
        match self {
            Source::Folder(root) => walk_folder(root, limit, each),
            Source::TarGz(path) => {
                let gz = flate2::read::GzDecoder::new(BufReader::new(File::open(path)?));
                let mut archive = tar::Archive::new(gz);
                for entry in archive.entries()? {
                    let entry = entry?;
                    if !entry.header().entry_type().is_file() {
                        continue;
                    }
                    let path = entry.path()?.into_owned();
                    let size = entry.header().size()?;
                    pass(&path, size, entry, limit, each)?;
                }
                Ok(())
            }
            Source::Zip(path) => {
                let mut archive = zip::ZipArchive::new(BufReader::new(File::open(path)?))
                    .map_err(io::Error::other)?;
                for index in 0..archive.len() {
                    let entry = archive.by_index(index).map_err(io::Error::other)?;
                    if !entry.is_file() {
                        continue;
                    }
                    let path = PathBuf::from(entry.name().map_err(io::Error::other)?.into_owned());
                    let size = entry.size();
                    pass(&path, size, entry, limit, each)?;
                }
                Ok(())
            }
        }
    }
}

/// A file's bytes, or why they were not read.
pub enum Content {
    Bytes(Vec<u8>),
    TooLarge(u64),
}

fn walk_folder(
    dir: &Path,
    limit: usize,
    each: &mut dyn FnMut(&str, Content) -> io::Result<()>,
) -> io::Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        // Links are not followed: the folder is the site's, its links may point anywhere.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk_folder(&entry.path(), limit, each)?;
        } else if kind.is_file() {
            let size = entry.metadata()?.len();
            pass(&entry.path(), size, File::open(entry.path())?, limit, each)?;
        }
    }
    Ok(())
}

/// Reads one file under the limit (never more than `limit + 1` bytes, whatever the archive's
/// header claims) and hands it on with its base name.
fn pass(
    path: &Path,
    declared: u64,
    reader: impl Read,
    limit: usize,
    each: &mut dyn FnMut(&str, Content) -> io::Result<()>,
) -> io::Result<()> {
    let Some(name) = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
    else {
        return Ok(());
    };
    if declared > limit as u64 {
        return each(&name, Content::TooLarge(declared));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(declared).unwrap_or(0).min(limit));
    reader.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > limit {
        return each(&name, Content::TooLarge(bytes.len() as u64));
    }
    each(&name, Content::Bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(tag: &str) -> bool {
        matches!(
            tag,
            "BocalAPoissons" | "LeBocalAPoissons" | "LovelaceAda" | "Page_With_Underscores"
        )
    }

    #[test]
    fn an_upload_is_its_page_name_extension_and_upload_date() {
        let name = decode(
            "BocalAPoissons_bocalapoissons_20240509114501_20240511104801.jpg",
            &pages,
        )
        .unwrap();
        assert_eq!(name.page, "BocalAPoissons");
        assert_eq!(name.name, "bocalapoissons.jpg");
        assert_eq!(name.uploaded.as_deref(), Some("20240511104801"));
        assert!(!name.trashed);
    }

    #[test]
    fn documents_lose_the_underscore_that_kept_them_inert() {
        let name = decode(
            "CompteRenduAG2024_compterenduag2024_20240514215500_20240514215501.pdf_",
            &|tag| tag == "CompteRenduAG2024",
        )
        .unwrap();
        assert_eq!(name.name, "compterenduag2024.pdf");
    }

    #[test]
    fn bazar_fields_and_default_content_and_trash() {
        let field = decode(
            "LeBocalAPoissons_imagebf_image_bocalapoissons_20240509121001_20240509121001.jpg",
            &pages,
        )
        .unwrap();
        assert_eq!(field.page, "LeBocalAPoissons");
        assert_eq!(field.name, "imagebf_image_bocalapoissons.jpg");
        let shipped = decode("LovelaceAda_lovelace.png", &pages).unwrap();
        assert_eq!(
            (shipped.page.as_str(), shipped.name.as_str()),
            ("LovelaceAda", "lovelace.png")
        );
        assert_eq!(shipped.uploaded, None);
        let trashed = decode(
            "BocalAPoissons_old_20240509114501_20240511104801.jpgtrash20240601000000",
            &pages,
        )
        .unwrap();
        assert!(trashed.trashed);
        assert_eq!(trashed.name, "old.jpg");
    }

    #[test]
    fn the_longest_page_tag_wins_and_strangers_are_none() {
        let name = decode("Page_With_Underscores_plan.png", &pages).unwrap();
        assert_eq!(name.page, "Page_With_Underscores");
        assert_eq!(name.name, "plan.png");
        assert_eq!(decode("README.md", &pages), None);
        assert_eq!(
            decode("Nobody_x_20240101000000_20240101000000.png", &pages),
            None
        );
        assert_eq!(decode("BocalAPoissons_.png", &pages), None);
        assert_eq!(decode("no-extension", &pages), None);
    }

    #[test]
    fn versions_are_grouped_by_page_and_name_in_upload_order() {
        let names = [
            "BocalAPoissons_plan_20240509114501_20240601000000.png",
            "BocalAPoissons_plan_20240509114501_20240511104801.png",
            "BocalAPoissons_other_20240509114501_20240511104801.png",
        ]
        .into_iter()
        .filter_map(|stored| decode(stored, &pages));
        let grouped = versions(names);
        let plan = &grouped[&("BocalAPoissons".to_owned(), "plan.png".to_owned())];
        assert_eq!(
            plan.iter()
                .map(|v| v.uploaded.clone().unwrap())
                .collect::<Vec<_>>(),
            ["20240511104801", "20240601000000"]
        );
        assert_eq!(grouped.len(), 2);
    }

    #[test]
    fn the_real_archive_is_read_file_by_file() {
        let archive = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/yeswiki/files.tar.gz");
        let mut seen = Vec::new();
        Source::at(&archive)
            .unwrap()
            .for_each(1 << 20, &mut |name, content| {
                let size = match content {
                    Content::Bytes(bytes) => bytes.len() as u64,
                    Content::TooLarge(size) => size,
                };
                seen.push((name.to_owned(), size));
                Ok(())
            })
            .unwrap();
        assert_eq!(seen.len(), 20, "{seen:?}");
        assert!(seen.contains(&(
            "BocalAPoissons_bocalapoissons_20240509114501_20240511104801.jpg".to_owned(),
            32086
        )));
    }
}
