//! The import itself: two passes over the dump, then the files, then the comments.
//!
//! The first pass keeps what is small and needed before anything is written: accounts, groups,
//! permissions, forms, lists, comments, and for each page only its revisions' times and
//! authors. The second pass streams the dump again and appends each page's revisions once its
//! last one is read, through the wiki's one save (`pages::save`), so an imported page is
//! derived, indexed and linked exactly like one typed in the editor. The dump is never held
//! whole: memory grows with the number of pages, and the texts held wait within a bound.
//!
//! Every revision carries a submission id made from its content (`submission`): a revision
//! already written is recognised and skipped, so an interrupted import continues where it
//! stopped and a second run of the same dump writes nothing. A page's first revision, its
//! permissions and its owner are written in one transaction: a page private in YesWiki is never
//! readable in coopwiki, not even for a moment. A dry run does all of it inside one transaction
//! that is rolled back, so its report is exactly what a real run would say.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::{Path, PathBuf};

use diesel_async::{AsyncConnection, AsyncPgConnection};
use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use indicatif::{ProgressBar, ProgressStyle};
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use super::bazar::{self, BazarForm, BazarList, Conversion, FieldMap, TextSyntax};
use super::dump::{self, PageRow, Record};
use super::files::{self, Content, Source, StoredName, Versions};
use super::markup;
use super::queries::{self, ImportedUser};
use super::report::{Report, Warning};
use crate::accounts::{parse_email, parse_user_name, password};
use crate::acl::Acl;
use crate::admin::queries as admin_queries;
use crate::attachments::names::FileName;
use crate::attachments::queries as attachment_queries;
use crate::attachments::store::{self, Incoming};
use crate::catalogue::form::{FORM_PAGE_PREFIX, Form};
use crate::db::DbPool;
use crate::discussions::queries::{self as discussion_queries, ImportedComment};
use crate::i18n::Lang;
use crate::identity::{Author, Role};
use crate::kind::Kinds;
use crate::names::PageName;
use crate::pages::queries::{self as page_queries, Found};
use crate::pages::save::{self, Base, NewRevision, OnStale, SaveOutcome, SaveRequest, Writer};
use crate::permissions::queries::{self as acl_queries, Lists};
use crate::storage::Storage;

/// The name every imported revision without a known author, the comments and the report are
/// written under.
pub const IMPORT_AUTHOR: &str = "YesWiki import";

/// The page the report is kept in, readable by administrators only.
pub const REPORT_PAGE: &str = "YesWiki import";

/// Fixed namespace of the submission ids of imported revisions (a v5 UUID of their content).
const SUBMISSION_NAMESPACE: Uuid = Uuid::from_u128(0x5c1c_7a0e_9f6b_4e38_a2a1_d7e0_0c0f_f1e5);

/// Deepest chain of replies followed from a comment to the page it is about.
const MAX_REPLY_DEPTH: usize = 32;

/// How many connections write revisions at once in a real run (a dry run has the one of its
/// transaction). Two: with one, PostgreSQL was idle while the import prepared the next
/// statement, and the import while PostgreSQL ran it (full-size `bench/import.sh`, 2 cores:
/// 2,133 to 2,486 revisions/s with one, 2,533 to 2,775 with two, 2,571 and 2,898 with four
/// for more of PostgreSQL's CPU). A group of pages holds them until it commits, so writers may
/// deadlock on the pages linking to each other's; the group lost is written again
/// (`write_revisions`).
pub const WRITERS: usize = 2;

/// Histories read ahead of each writer: enough that a writer never waits for the reader.
const QUEUED_PER_WRITER: usize = 16;

/// Histories a writer puts in one transaction: enough that commits are paid rarely, few enough
/// that a group lost to a deadlock costs little to write again.
const GROUP: usize = 16;

/// Bytes of converted revisions (their texts deflated, see [`Held`]) the second pass holds
/// while it waits for their pages' last revisions (a page's history is scattered through the
/// dump). Past it, the pages holding the most are written as far as they came, until half of
/// it is held.
const HELD_BYTES: usize = 64 << 20;

/// Page rows parsed ahead of their conversion.
const ROWS_AHEAD: usize = 256;

/// What to do with a YesWiki page whose name a coopwiki page (not from this import) already
/// has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnConflict {
    /// Leave the coopwiki page alone and report the YesWiki one.
    Skip,
    /// Import the YesWiki page as `Name (YesWiki)`.
    Rename,
    /// Add the YesWiki revisions on top of the coopwiki page's history.
    Revise,
}

/// Everything the command line says, resolved.
pub struct Options {
    pub dump: PathBuf,
    pub files: Option<PathBuf>,
    pub prefix: Option<String>,
    pub dry_run: bool,
    /// Bazar form id → the coopwiki form its entries become sheets of.
    pub map_forms: Vec<(String, String)>,
    /// The fields file of `--map-form`, read.
    pub fields: Option<String>,
    pub on_conflict: OnConflict,
    /// The zone of YesWiki's wall-clock times (its `timezone` setting).
    pub time_zone: TimeZone,
    /// The language of the site, for the words the import writes into pages.
    pub lang: Lang,
    pub max_file_bytes: usize,
    /// Whether to draw progress bars (on a terminal).
    pub progress: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("could not read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "no YesWiki tables were found in {0} (looked for a prefix with both `pages` and `users` \
         tables): is it a YesWiki dump? If its tables have an unusual prefix, give it with --prefix."
    )]
    NoTables(PathBuf),
    #[error("{0}")]
    Invalid(String),
    #[error("database: {0}")]
    Db(#[from] diesel::result::Error),
    #[error("files: {0}")]
    Files(String),
    /// Not an error: how a dry run rolls its transaction back and still hands its report out.
    #[error("dry run")]
    DryRun(Box<Report>),
}

/// Whether the import failed only because a concurrent writer won a deadlock (see
/// `db::is_transient`).
fn is_transient(err: &ImportError) -> bool {
    matches!(err, ImportError::Db(err) if crate::db::is_transient(err))
}

/// What YesWiki's tables said about one page, gathered by the first pass.
#[derive(Default)]
struct PageFacts {
    /// Time and author of each revision, oldest first.
    revisions: Vec<(DateTime, String)>,
    /// Whether a row is marked latest: without one, the page was deleted in YesWiki.
    has_latest: bool,
    owner: String,
    comment_on: String,
    /// The submission id of its first revision: tells an earlier run's page from another one.
    first_submission: Option<Uuid>,
}

struct Comment {
    tag: String,
    on: String,
    author: String,
    time: DateTime,
    body: String,
}

/// What a page becomes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Page,
    List,
    Entry,
    Comment,
}

/// A revision read and converted, on its way to its page's writer.
struct Written {
    revision: NewRevision,
    /// YesWiki's time and author, for the report.
    time: DateTime,
    user: String,
}

impl Written {
    /// Puts it aside until its page's last revision is read, its text deflated.
    fn hold(mut self) -> io::Result<Held> {
        // Level 1 is zlib-rs's quick strategy: a page of 1 KB deflated to 76 % of its size
        // instead of 58 % at level 2, which still deflates 100 MB/s.
        let mut deflated = DeflateEncoder::new(Vec::new(), Compression::new(2));
        deflated.write_all(self.revision.body.as_bytes())?;
        let text = deflated.finish()?;
        self.revision.body = String::new();
        Ok(Held {
            written: self,
            text,
        })
    }
}

/// A revision held by the second pass, its text deflated (to 37 % of its size in the import
/// benchmark, 58 % for a page of 1 KB), so that more pages' histories are held within
/// [`HELD_BYTES`] and written whole: a page handed over in parts is derived and indexed once
/// per part.
struct Held {
    /// The revision, its text taken out.
    written: Written,
    text: Vec<u8>,
}

impl Held {
    /// What holding it costs, about.
    fn bytes(&self) -> usize {
        self.text.capacity()
            + self.written.user.capacity()
            + self.written.revision.author.name.capacity()
            + 256
    }

    fn release(self) -> io::Result<Written> {
        let Held { mut written, text } = self;
        DeflateDecoder::new(text.as_slice()).read_to_string(&mut written.revision.body)?;
        Ok(written)
    }
}

/// A page's times and owner in YesWiki, given to it with its last revision.
struct Origin {
    page_id: Uuid,
    created: OffsetDateTime,
    updated: OffsetDateTime,
    owner: Option<Uuid>,
}

/// Revisions of one page in their order, written together (`save::save_history_deferring`).
struct History {
    tag: String,
    revisions: Vec<NewRevision>,
    /// YesWiki's time and author of each, for the report.
    origins: Vec<(DateTime, String)>,
    /// Whether they end with the page's last revision in the dump.
    last: bool,
}

impl History {
    /// The revisions held of a page and, when it is, its last one.
    fn of(tag: String, held: Vec<Held>, last: Option<Written>) -> Result<History, ImportError> {
        let is_last = last.is_some();
        let mut written = held
            .into_iter()
            .map(Held::release)
            .collect::<io::Result<Vec<_>>>()
            .map_err(|err| {
                ImportError::Invalid(format!(
                    "a revision of {tag} held in memory did not read back: {err}"
                ))
            })?;
        written.extend(last);
        let (revisions, origins) = written
            .into_iter()
            .map(|written| (written.revision, (written.time, written.user)))
            .unzip();
        Ok(History {
            tag,
            revisions,
            origins,
            last: is_last,
        })
    }
}

/// The writer of a page: always the same one for a tag.
fn writer_of(tag: &str, writers: usize) -> usize {
    let digest = Sha256::digest(tag.as_bytes());
    usize::from(digest[0]) % writers
}

/// Where a YesWiki page goes, decided before anything is written.
struct Target {
    name: PageName,
    class: Class,
    /// The revision to build on: none for a new page, the latest of a page revised.
    base: Base,
    /// Whether the page existed before this run (its permissions and times are not touched).
    existed: bool,
    /// The account ids of authors, as the revisions are written.
    created: bool,
}

/// A Bazar form and the coopwiki form its entries become sheets of.
#[derive(Clone)]
struct FormPlan {
    coopwiki: String,
    into: FormTarget,
}

#[derive(Clone)]
enum FormTarget {
    /// A form made from the Bazar form.
    Made(Box<Conversion>),
    /// `--map-form` onto a form of this wiki, following the fields file.
    Mapped { bazar: BazarForm, target: Box<Form> },
}

/// The site as the first pass read it.
#[derive(Default)]
struct Site {
    users: Vec<dump::UserRow>,
    acls: HashMap<String, Lists>,
    acl_texts: HashMap<String, (String, String, String)>,
    groups: BTreeMap<String, Vec<String>>,
    types: HashMap<String, String>,
    forms: Vec<dump::FormRow>,
    pages: BTreeMap<String, PageFacts>,
    lists: HashMap<String, String>,
    comments: Vec<Comment>,
}

/// Imports the site. Returns the report; on a dry run nothing is left written.
///
/// The import does not wait for each commit to reach the disk (`synchronous_commit = off` for
/// its connection, for its duration): every revision is recognised on a second run, so a crash
/// loses at most the last moments of work, which running the import again redoes; and a
/// commit per revision waiting for its flush is what bounded the import's pace.
///
/// A real run writes pages' revisions on up to [`WRITERS`] connections of `pool` at once (as
/// many as it has free; at least one).
pub async fn run(
    pool: &DbPool,
    kinds: &Kinds,
    storage: &Storage,
    options: &Options,
) -> Result<Report, ImportError> {
    let mut conns = vec![pool.get().await.map_err(pool_error)?];
    if !options.dry_run {
        let now = deadpool::managed::Timeouts {
            wait: Some(std::time::Duration::ZERO),
            ..deadpool::managed::Timeouts::default()
        };
        while conns.len() < WRITERS {
            match pool.timeout_get(&now).await {
                Ok(conn) => conns.push(conn),
                Err(_) => break,
            }
        }
    }
    for conn in &mut conns {
        wait_for_flush(conn, false).await?;
    }
    let outcome = {
        let mut writers: Vec<&mut AsyncPgConnection> = conns.iter_mut().map(|c| &mut **c).collect();
        import_site(&mut writers, kinds, storage, options).await
    };
    if outcome.is_err() {
        // A connection cut under a writer fails only at its next statement: none goes back to
        // the pool, where it would fail someone else.
        for conn in conns {
            drop(deadpool::managed::Object::take(conn));
        }
        return outcome;
    }
    for conn in &mut conns {
        wait_for_flush(conn, true).await?;
    }
    outcome
}

/// Whether this connection's commits wait for the disk (the server's setting) or not.
async fn wait_for_flush(conn: &mut AsyncPgConnection, wait: bool) -> Result<(), ImportError> {
    use diesel_async::RunQueryDsl;
    let statement = if wait {
        "RESET synchronous_commit"
    } else {
        "SET synchronous_commit = off"
    };
    diesel::sql_query(statement).execute(conn).await?;
    Ok(())
}

/// Leaves the views' notification to the end of the transaction (see `cache`): the row
/// triggers of every revision, name and link of a group then queue nothing, and
/// [`notify_changed`] tells every instance once the group committed. In a dry run's
/// transaction it lasts until the rollback, after which there is nothing to tell.
async fn quiet_triggers(conn: &mut AsyncPgConnection) -> Result<(), ImportError> {
    use diesel_async::RunQueryDsl;
    diesel::sql_query("SET LOCAL coopwiki.notify = 'after_commit'")
        .execute(conn)
        .await?;
    Ok(())
}

/// Tells every instance that what views show changed, after a group that [`quiet_triggers`]
/// committed.
async fn notify_changed(conn: &mut AsyncPgConnection) -> Result<(), ImportError> {
    use diesel_async::RunQueryDsl;
    diesel::sql_query(format!("NOTIFY {}", crate::db::CHANGED))
        .execute(conn)
        .await?;
    Ok(())
}

fn pool_error(err: impl std::fmt::Display) -> ImportError {
    ImportError::Invalid(format!("no database connection: {err}"))
}

async fn import_site(
    writers: &mut [&mut AsyncPgConnection],
    kinds: &Kinds,
    storage: &Storage,
    options: &Options,
) -> Result<Report, ImportError> {
    let prefix = match &options.prefix {
        Some(prefix) => prefix.clone(),
        None => dump::detect_prefix(open(&options.dump)?)
            .map_err(|err| {
                ImportError::Invalid(format!(
                    "{}: {err} (choose one with --prefix)",
                    options.dump.display()
                ))
            })?
            .ok_or_else(|| ImportError::NoTables(options.dump.clone()))?,
    };
    let mut report = Report {
        dry_run: options.dry_run,
        ..Report::default()
    };
    let site = first_pass(options, &prefix, &mut report)?;
    let field_map = match &options.fields {
        Some(text) => Some(bazar::parse_field_map(text).map_err(ImportError::Invalid)?),
        None => None,
    };
    let versions = match &options.files {
        Some(path) => file_versions(path, &site, &mut report)?,
        None => Versions::new(),
    };
    let mut importer = Importer {
        kinds,
        storage,
        options,
        prefix,
        site,
        field_map,
        versions,
        report,
        accounts: HashMap::new(),
        targets: HashMap::new(),
        forms: HashMap::new(),
        lists: HashMap::new(),
    };
    if options.dry_run {
        let conn = &mut *writers[0];
        let outcome = conn
            .transaction::<(), ImportError, _>(async |conn| {
                importer.write(&mut [conn]).await?;
                Err(ImportError::DryRun(Box::new(std::mem::take(
                    &mut importer.report,
                ))))
            })
            .await;
        match outcome {
            Err(ImportError::DryRun(report)) => Ok(*report),
            Err(other) => Err(other),
            Ok(()) => Ok(importer.report),
        }
    } else {
        importer.write(writers).await?;
        Ok(importer.report)
    }
}

fn open(path: &PathBuf) -> Result<BufReader<File>, ImportError> {
    File::open(path)
        .map(|file| BufReader::with_capacity(1 << 20, file))
        .map_err(|source| ImportError::Read {
            path: path.clone(),
            source,
        })
}

/// The id a revision is recognised by on a second run: its page, row, time, author and text.
fn submission(row: &PageRow) -> Uuid {
    let mut name = format!(
        "revision\0{}\0{}\0{}\0{}\0",
        row.tag, row.id, row.time, row.user
    )
    .into_bytes();
    name.extend_from_slice(&Sha256::digest(row.body.as_bytes()));
    Uuid::new_v5(&SUBMISSION_NAMESPACE, &name)
}

/// The id of a text the import writes on its own (a form, the comments section).
fn derived_submission(what: &str, text: &str) -> Uuid {
    let mut name = format!("{what}\0").into_bytes();
    name.extend_from_slice(&Sha256::digest(text.as_bytes()));
    Uuid::new_v5(&SUBMISSION_NAMESPACE, &name)
}

fn first_pass(options: &Options, prefix: &str, report: &mut Report) -> Result<Site, ImportError> {
    let mut site = Site::default();
    let bar = progress(options, "reading the dump", None);
    for record in dump::Reader::new(open(&options.dump)?, prefix) {
        bar.inc(1);
        let record = match record {
            Ok(record) => record,
            Err(problem) => {
                report.warn(
                    None,
                    format!(
                        "dump line {}{}: {}",
                        problem.line,
                        problem
                            .row
                            .map(|row| format!(", row {row}"))
                            .unwrap_or_default(),
                        problem.message
                    ),
                );
                continue;
            }
        };
        match record {
            Record::User(user) => site.users.push(user),
            Record::Acl(acl) => {
                let texts = site.acl_texts.entry(acl.page_tag).or_default();
                match acl.privilege.as_str() {
                    "read" => texts.0 = acl.list,
                    "write" => texts.1 = acl.list,
                    "comment" => texts.2 = acl.list,
                    _ => {}
                }
            }
            Record::Triple(triple) => {
                if triple.property == "http://outils-reseaux.org/_vocabulary/type" {
                    site.types.insert(triple.resource, triple.value);
                } else if triple.property == "http://www.wikini.net/_vocabulary/acls"
                    && let Some(group) = triple.resource.strip_prefix("ThisWikiGroup:")
                {
                    let members = triple
                        .value
                        .lines()
                        .map(str::trim)
                        .filter(|member| !member.is_empty())
                        .map(str::to_owned)
                        .collect();
                    site.groups.insert(group.to_owned(), members);
                }
            }
            Record::Form(form) => site.forms.push(form),
            Record::Page(row) => {
                let row = without_nul(row);
                let facts = site.pages.entry(row.tag.clone()).or_default();
                if facts.first_submission.is_none() {
                    facts.first_submission = Some(submission(&row));
                }
                facts.revisions.push((row.time, row.user.clone()));
                facts.owner.clone_from(&row.owner);
                if row.latest {
                    facts.has_latest = true;
                    facts.comment_on.clone_from(&row.comment_on);
                    if !row.comment_on.is_empty() {
                        site.comments.push(Comment {
                            tag: row.tag.clone(),
                            on: row.comment_on.clone(),
                            author: row.user.clone(),
                            time: row.time,
                            body: row.body.clone(),
                        });
                    } else if row.body.trim_start().starts_with('{') {
                        // Maybe a Bazar list: which pages are lists is only known from the
                        // triples, later in the dump; entries' bodies are read again anyway.
                        site.lists.insert(row.tag.clone(), row.body);
                    }
                }
            }
        }
    }
    bar.finish_and_clear();
    site.lists
        .retain(|tag, _| site.types.get(tag).is_some_and(|kind| kind == "liste"));
    for (tag, (read, write, comment)) in &site.acl_texts {
        let mut lists = Lists::default();
        let mut parse = |privilege: &str, text: &str| -> Option<Vec<String>> {
            if text.trim().is_empty() {
                return None;
            }
            if privilege == "comment" && text.trim() == "comments-closed" {
                return Some(Vec::new());
            }
            match Acl::parse(text) {
                Ok(acl) => Some(acl.entries()),
                Err(err) => {
                    // Never wider than YesWiki's: a list that cannot be read keeps the page to
                    // its owner and the administrators.
                    report.warn(
                        Some(tag),
                        format!("the {privilege} permission {text:?} could not be read ({err}); only the owner and administrators keep access"),
                    );
                    Some(Vec::new())
                }
            }
        };
        lists.read = parse("read", read);
        lists.write = parse("write", write);
        lists.comment = parse("comment", comment);
        site.acls.insert(tag.clone(), lists);
    }
    Ok(site)
}

/// Lists the files (names only) and groups them into attachments' versions.
fn file_versions(path: &Path, site: &Site, report: &mut Report) -> Result<Versions, ImportError> {
    let source = Source::at(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let is_page = |tag: &str| site.pages.contains_key(tag);
    let mut decoded = Vec::new();
    source
        .for_each(0, &mut |name, _| {
            match files::decode(name, &is_page) {
                Some(stored) if stored.trashed => report.warn(
                    Some(&stored.page),
                    format!("{name} is in YesWiki's trash: not carried"),
                ),
                Some(stored) => decoded.push(stored),
                None => report.warn(
                    None,
                    format!("the file {name} belongs to no page: not carried"),
                ),
            }
            Ok(())
        })
        .map_err(|err| ImportError::Files(err.to_string()))?;
    Ok(files::versions(decoded))
}

fn progress(options: &Options, what: &str, len: Option<u64>) -> ProgressBar {
    if !options.progress {
        return ProgressBar::hidden();
    }
    let bar = match len {
        Some(len) => ProgressBar::new(len),
        None => ProgressBar::new_spinner(),
    };
    let template = if len.is_some() {
        "{msg:>20} [{bar:30}] {pos}/{len} ({per_sec}, {eta})"
    } else {
        "{msg:>20} {spinner} {pos} ({per_sec})"
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

/// Converts YesWiki's wall-clock time to an instant; an hour skipped by a clock change is read
/// as the instant after it.
fn instant(time: DateTime, zone: &TimeZone) -> Option<OffsetDateTime> {
    let zoned = time.to_zoned_datetime(zone.clone()).ok()?;
    OffsetDateTime::from_unix_timestamp(zoned.timestamp().as_second()).ok()
}

struct Importer<'a> {
    kinds: &'a Kinds,
    storage: &'a Storage,
    options: &'a Options,
    prefix: String,
    site: Site,
    field_map: Option<FieldMap>,
    versions: Versions,
    report: Report,
    /// YesWiki user name → the coopwiki account it became.
    accounts: HashMap<String, Author>,
    targets: HashMap<String, Target>,
    /// Bazar form id → its plan.
    forms: HashMap<String, FormPlan>,
    lists: HashMap<String, BazarList>,
}

impl Importer<'_> {
    /// Every phase, on the first connection; the pages on all of them.
    async fn write(&mut self, writers: &mut [&mut AsyncPgConnection]) -> Result<(), ImportError> {
        let conn = &mut *writers[0];
        self.accounts(conn).await?;
        self.groups(conn).await?;
        self.check_permissions();
        self.lists();
        self.forms(conn).await?;
        self.plan(conn).await?;
        self.pages(writers).await?;
        let conn = &mut *writers[0];
        self.files(conn).await?;
        self.comments(conn).await?;
        if !self.options.dry_run && self.report.changed_anything() {
            self.keep_report(conn).await?;
        }
        Ok(())
    }

    fn import_author() -> Author {
        Author {
            id: None,
            name: IMPORT_AUTHOR.to_owned(),
        }
    }

    async fn accounts(&mut self, conn: &mut AsyncPgConnection) -> Result<(), ImportError> {
        let admins: HashSet<String> = self
            .site
            .groups
            .get("admins")
            .map(|members| members.iter().map(|m| m.to_lowercase()).collect())
            .unwrap_or_default();
        for user in std::mem::take(&mut self.site.users) {
            let (name, name_key) = match parse_user_name(&user.name) {
                Ok(parsed) => parsed,
                Err(_) => {
                    let mapped: String = user
                        .name
                        .chars()
                        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
                        .take(40)
                        .collect();
                    match parse_user_name(&mapped)
                        .or_else(|_| parse_user_name(&format!("{mapped}-yeswiki")))
                    {
                        Ok(parsed) => {
                            self.report.warn(None, format!("the account name {:?} is not valid in coopwiki: imported as {:?}", user.name, parsed.0));
                            parsed
                        }
                        Err(_) => {
                            self.report.warn(None, format!("the account {:?} has a name coopwiki cannot take: not imported; their revisions keep the name", user.name));
                            continue;
                        }
                    }
                }
            };
            let placeholder = format!("{name_key}@imported.invalid");
            if let Some((id, existing_email)) = queries::user_by_key(conn, &name_key).await? {
                // The account of an earlier run, or someone already here by that name: the
                // same person only if the e-mail address is the one this import gives.
                let expected = parse_email(&user.email)
                    .map(|(_, key)| key)
                    .unwrap_or_else(|_| placeholder.clone());
                if existing_email == expected || existing_email == placeholder {
                    self.accounts.insert(
                        user.name.clone(),
                        Author {
                            id: Some(id),
                            name: name.clone(),
                        },
                    );
                } else {
                    self.report.warn(
                        None,
                        format!("an account named {name:?} already exists with another e-mail address: the YesWiki account was not imported, and its revisions keep the name without the account"),
                    );
                }
                continue;
            }
            let (email, email_key) = match parse_email(&user.email) {
                Ok(parsed) if !queries::email_taken(conn, &parsed.1).await? => parsed,
                _ => {
                    self.report.warn(
                        None,
                        format!(
                            "the account {name:?} has no usable e-mail address ({:?}, invalid or another account's): given {placeholder}, to be changed before a password reset can reach them",
                            user.email
                        ),
                    );
                    (placeholder.clone(), placeholder)
                }
            };
            let password_hash = legacy_hash(&user.password);
            if password_hash.is_none() {
                self.report.warn(
                    None,
                    format!("the password of {name:?} is in a form coopwiki does not know: they will have to reset it"),
                );
            }
            let role = if admins.contains(&user.name.to_lowercase()) {
                Role::Admin
            } else {
                Role::Member
            };
            let created = queries::create_user(
                conn,
                &ImportedUser {
                    name: &name,
                    name_key: &name_key,
                    email: &email,
                    email_key: &email_key,
                    password_hash: password_hash.as_deref().unwrap_or("!"),
                    role,
                    created_at: user
                        .signup_time
                        .and_then(|time| instant(time, &self.options.time_zone)),
                },
            )
            .await?;
            match created {
                Some(id) => {
                    self.report.counts.accounts += 1;
                    self.accounts
                        .insert(user.name.clone(), Author { id: Some(id), name });
                }
                None => self
                    .report
                    .warn(None, format!("the account {name:?} could not be created")),
            }
        }
        Ok(())
    }

    async fn groups(&mut self, conn: &mut AsyncPgConnection) -> Result<(), ImportError> {
        for (group, members) in self.site.groups.clone() {
            let name = group.to_lowercase();
            if Acl::parse(&format!("@{name}")).is_err() {
                self.report.warn(
                    None,
                    format!("the group {group:?} has a name coopwiki cannot take: not imported"),
                );
                continue;
            }
            if admin_queries::create_group(conn, &name).await? {
                self.report.counts.groups += 1;
            }
            for member in members {
                let Some(Author {
                    id: Some(id),
                    name: account,
                }) = self.accounts.get(&member).cloned()
                else {
                    self.report.warn(
                        None,
                        format!(
                            "the group {group:?} names {member:?}, who has no account: left out"
                        ),
                    );
                    continue;
                };
                admin_queries::set_member(conn, &name, &account.to_lowercase(), true).await?;
                if name == "admins" {
                    queries::make_admin(conn, id).await?;
                }
            }
        }
        Ok(())
    }

    /// Reports the permission entries that name a group or a person the site does not have:
    /// carried as they are (as in YesWiki, they match nobody), but probably a mistake.
    fn check_permissions(&mut self) {
        use crate::acl::Principal;
        let groups: HashSet<String> = self.site.groups.keys().map(|g| g.to_lowercase()).collect();
        let people: HashSet<String> = self.accounts.keys().map(|u| u.to_lowercase()).collect();
        let mut unknown = Vec::new();
        for (tag, lists) in &self.site.acls {
            for list in [&lists.read, &lists.write, &lists.comment]
                .into_iter()
                .flatten()
            {
                for entry in Acl::from_stored(list).0 {
                    match entry.who {
                        Principal::Group(group)
                            if group != "admins" && !groups.contains(&group) =>
                        {
                            unknown.push((tag.clone(), format!("@{group}")));
                        }
                        Principal::User(user) if !people.contains(&user) => {
                            unknown.push((tag.clone(), user));
                        }
                        _ => {}
                    }
                }
            }
        }
        unknown.sort();
        unknown.dedup();
        for (tag, name) in unknown {
            self.report.warn(
                Some(&tag),
                format!("the permissions name {name}, which is neither a group nor an account of the site: it matches nobody"),
            );
        }
    }

    fn lists(&mut self) {
        for (tag, body) in &self.site.lists {
            match bazar::parse_list(tag, body) {
                Ok(list) => {
                    self.lists.insert(tag.clone(), list);
                }
                Err(err) => self.report.warn(
                    Some(tag),
                    format!("this Bazar list could not be read: {err}"),
                ),
            }
        }
    }

    async fn forms(&mut self, conn: &mut AsyncPgConnection) -> Result<(), ImportError> {
        let mapped: HashMap<&str, &str> = self
            .options
            .map_forms
            .iter()
            .map(|(id, form)| (id.as_str(), form.as_str()))
            .collect();
        for row in std::mem::take(&mut self.site.forms) {
            let id = row.id.to_string();
            let form = bazar::parse_form(&id, &row.label, &row.description, &row.template);
            for warning in &form.warnings {
                self.report.warn(
                    None,
                    format!("Bazar form {} ({}): {warning}", id, row.label),
                );
            }
            if let Some(target) = mapped.get(id.as_str()) {
                let page =
                    PageName::parse(&format!("{FORM_PAGE_PREFIX}{target}")).map_err(|err| {
                        ImportError::Invalid(format!("--map-form {id}={target}: {err}"))
                    })?;
                let Some(Found::Current(existing) | Found::FormerName(existing)) =
                    page_queries::find(conn, &page).await?
                else {
                    return Err(ImportError::Invalid(format!(
                        "--map-form {id}={target}: this wiki has no form {target} (no page {})",
                        page.as_str()
                    )));
                };
                let text = page_queries::latest_body(conn, &existing).await?;
                let definition = Form::parse(&text).map_err(|_| {
                    ImportError::Invalid(format!(
                        "--map-form {id}={target}: the page {} is not a valid form",
                        page.as_str()
                    ))
                })?;
                let Some(map) = &self.field_map else {
                    return Err(ImportError::Invalid(format!(
                        "--map-form {id}={target} needs --fields FILE: which Bazar field goes to which field of {target}"
                    )));
                };
                let notes = bazar::check_field_map(&form, &definition, map).map_err(|err| {
                    ImportError::Invalid(format!("--map-form {id}={target}: {err}"))
                })?;
                for note in notes {
                    self.report.warn(Some(page.as_str()), note);
                }
                self.forms.insert(
                    id,
                    FormPlan {
                        coopwiki: target.to_string(),
                        into: FormTarget::Mapped {
                            bazar: form,
                            target: Box::new(definition),
                        },
                    },
                );
                continue;
            }
            let name = bazar::form_name(&id, &row.label);
            let lists = &self.lists;
            let made = bazar::coopwiki_form(&form, &|tag| lists.get(tag).cloned(), &name);
            let conversion = match made {
                Ok(conversion) => conversion,
                Err(err) => {
                    self.report.warn(
                        None,
                        format!("Bazar form {id} ({}) could not become a coopwiki form: {err}; its entries are imported as pages", row.label),
                    );
                    continue;
                }
            };
            let page_name = format!("{FORM_PAGE_PREFIX}{name}");
            for warning in &conversion.warnings {
                self.report.warn(Some(&page_name), warning.clone());
            }
            let yaml = conversion.yaml.clone();
            let Ok(page) = PageName::parse(&page_name) else {
                continue;
            };
            let revision = NewRevision {
                body: yaml.clone(),
                summary: format!("Bazar form {id} « {} »", row.label),
                author: Self::import_author(),
                restored_from: None,
                submission_id: Some(derived_submission(&format!("form {id}"), &yaml)),
                links: Vec::new(),
                on_stale: OnStale::Merge,
                undelete: false,
                at: None,
            };
            let base = match page_queries::find(conn, &page).await? {
                Some(Found::Current(existing) | Found::FormerName(existing)) => {
                    Base::Revision(existing.latest_rev)
                }
                None => Base::New,
            };
            match self.save(conn, &page, base, revision).await? {
                SaveOutcome::Saved { .. } => self.report.counts.forms += 1,
                SaveOutcome::Unchanged { .. } => {}
                other => self.report.warn(
                    Some(&page_name),
                    format!("the form was not saved: {}", outcome_text(&other)),
                ),
            }
            self.forms.insert(
                id,
                FormPlan {
                    coopwiki: name,
                    into: FormTarget::Made(Box::new(conversion)),
                },
            );
        }
        Ok(())
    }

    /// Decides each page's name and class, and what to do where the name is taken.
    async fn plan(&mut self, conn: &mut AsyncPgConnection) -> Result<(), ImportError> {
        for (tag, facts) in &self.site.pages {
            let class = if !facts.comment_on.is_empty() {
                Class::Comment
            } else {
                match self.site.types.get(tag).map(String::as_str) {
                    Some("liste") => Class::List,
                    Some("fiche_bazar") => Class::Entry,
                    _ => Class::Page,
                }
            };
            if class == Class::Comment {
                continue;
            }
            let name = match PageName::parse(tag) {
                Ok(name) => name,
                Err(err) => {
                    let cleaned: String = tag
                        .chars()
                        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
                        .collect();
                    match PageName::parse(&cleaned) {
                        Ok(name) => {
                            self.report.warn(
                                Some(name.as_str()),
                                format!("the YesWiki page {tag:?} was renamed: {err}"),
                            );
                            name
                        }
                        Err(_) => {
                            self.report.warn(None, format!("the YesWiki page {tag:?} has a name coopwiki cannot take ({err}): not imported"));
                            self.report.counts.skipped_pages += 1;
                            continue;
                        }
                    }
                }
            };
            let mut target = Target {
                name,
                class,
                base: Base::New,
                existed: false,
                created: false,
            };
            if let Some(Found::Current(page) | Found::FormerName(page)) =
                page_queries::find(conn, &target.name).await?
            {
                let ours = match facts.first_submission {
                    Some(first) => queries::holds_submission(conn, page.id, first).await?,
                    None => false,
                };
                if ours {
                    target.base = Base::Revision(page.latest_rev);
                    target.created = true;
                } else {
                    match self.options.on_conflict {
                        OnConflict::Skip => {
                            self.report.warn(
                                Some(target.name.as_str()),
                                format!("a page of this wiki already has this name: the YesWiki page {tag} was skipped (--on-conflict rename or revise to carry it)"),
                            );
                            self.report.counts.skipped_pages += 1;
                            continue;
                        }
                        OnConflict::Revise => {
                            self.report.warn(
                                Some(target.name.as_str()),
                                format!("a page of this wiki already has this name: the YesWiki revisions of {tag} were added on top of its history"),
                            );
                            target.base = Base::Revision(page.latest_rev);
                            target.existed = true;
                        }
                        OnConflict::Rename => {
                            let Ok(renamed) = PageName::parse(&format!("{tag} (YesWiki)")) else {
                                continue;
                            };
                            if let Some(Found::Current(other) | Found::FormerName(other)) =
                                page_queries::find(conn, &renamed).await?
                            {
                                target.base = Base::Revision(other.latest_rev);
                                target.created = true;
                            }
                            self.report.warn(
                                Some(renamed.as_str()),
                                format!("a page of this wiki already has the name {tag}: imported under this name"),
                            );
                            target.name = renamed;
                        }
                    }
                }
            }
            self.targets.insert(tag.clone(), target);
        }
        Ok(())
    }

    async fn save(
        &self,
        conn: &mut AsyncPgConnection,
        name: &PageName,
        base: Base,
        revision: NewRevision,
    ) -> Result<SaveOutcome, ImportError> {
        let links = crate::pages::render::outgoing_links(&revision.body);
        let request = SaveRequest {
            name: name.clone(),
            base,
            revision: NewRevision { links, ..revision },
        };
        Ok(save::save(conn, self.kinds, &request, Writer::Wiki).await?)
    }

    /// The second pass: every revision, in the dump's order (YesWiki's ids, so each page's
    /// revisions come oldest first).
    ///
    /// The dump is parsed on one thread and converted on another ([`Converter::convert_rows`]),
    /// and the revisions are written by `writers`, one connection each, on this one: a save
    /// waits on PostgreSQL for most of its time, and the writer must send its next statement
    /// as soon as the answer comes, not after a conversion. Each page goes to one writer
    /// (by its tag), so its revisions are written in their order by one connection, and no two
    /// writers ever hold the same page.
    ///
    /// A page's revisions are held until its last one is read, then handed over together as
    /// its [`History`]: written in a few statements, derived (links, the kinds' rows) and
    /// queued for search once, instead of once per revision (a page's history is scattered
    /// through the dump, and the running wiki's indexer indexed a page again each time it was
    /// revised while queued). Memory stays bounded: past [`HELD_BYTES`], the pages holding the
    /// most are handed over as far as they came.
    async fn pages(&mut self, writers: &mut [&mut AsyncPgConnection]) -> Result<(), ImportError> {
        let total: usize = self
            .site
            .pages
            .values()
            .map(|facts| facts.revisions.len())
            .sum();
        let bar = progress(self.options, "pages", Some(total as u64));
        let reader = dump::Reader::new(open(&self.options.dump)?, &self.prefix);
        let (rows_sender, rows) = tokio::sync::mpsc::channel::<PageRow>(ROWS_AHEAD);
        let parser = tokio::task::spawn_blocking(move || {
            for record in reader {
                if let Ok(Record::Page(row)) = record
                    && rows_sender.blocking_send(row).is_err()
                {
                    // The writers stopped on an error.
                    break;
                }
            }
        });
        let (senders, queues): (Vec<_>, Vec<_>) = writers
            .iter()
            .map(|_| tokio::sync::mpsc::channel::<History>(QUEUED_PER_WRITER))
            .unzip();
        // On the writers' thread, each conversion (0.2 ms a revision) was time PostgreSQL
        // waited for the writer's next statement.
        let converter = Converter::of(self);
        let converting = {
            let bar = bar.clone();
            tokio::task::spawn_blocking(move || converter.convert_rows(rows, &senders, &bar))
        };
        let this = &*self;
        let write = futures_util::future::try_join_all(
            writers
                .iter_mut()
                .zip(queues)
                .map(|(conn, queue)| this.write_revisions(conn, queue)),
        );
        // Should the writers stop, the converter stops at its next page and the parser at its
        // next row.
        let (read, written) = futures_util::future::join(converting, write).await;
        let read =
            read.map_err(|err| ImportError::Invalid(format!("the conversion failed: {err}")))??;
        parser
            .await
            .map_err(|err| ImportError::Invalid(format!("the dump's reader failed: {err}")))?;
        bar.finish_and_clear();
        // Warnings in a stable order whatever the writers' pace: reading's, then each page's.
        let mut phase = read;
        let mut writers_reports = written?;
        let mut warnings: Vec<Warning> = writers_reports
            .iter_mut()
            .flat_map(|report| std::mem::take(&mut report.warnings))
            .collect();
        warnings.sort_by(|a, b| a.page.cmp(&b.page));
        for report in writers_reports {
            phase.counts.add(&report.counts);
        }
        phase.warnings.extend(warnings);
        self.report.counts.add(&phase.counts);
        self.report.warnings.extend(phase.warnings);
        Ok(())
    }

    /// One writer of the second pass: the histories of its pages, each page's in order, at
    /// most [`GROUP`] of them per transaction (`save::save_history_deferring`): a revision waits
    /// for no commit of its own, and each page has its links and rows derived once, from its
    /// last text. A group lost to a deadlock with another writer is written again whole.
    async fn write_revisions(
        &self,
        conn: &mut AsyncPgConnection,
        mut queue: tokio::sync::mpsc::Receiver<History>,
    ) -> Result<Report, ImportError> {
        let mut report = Report::default();
        // Tag → the revision to build on and whether this run created the page.
        let mut pages: HashMap<String, (Base, bool)> = HashMap::new();
        let mut group = Vec::with_capacity(GROUP);
        while queue.recv_many(&mut group, GROUP).await > 0 {
            let mut attempts = 1;
            let written = loop {
                let mut moved = HashMap::new();
                let attempt = conn
                    .transaction::<_, ImportError, _>(async |conn| {
                        self.write_group(conn, &group, &pages, &mut moved).await
                    })
                    .await;
                match attempt {
                    // Lost a deadlock to another writer: nothing of it was kept.
                    Err(err) if is_transient(&err) && attempts < crate::db::ATTEMPTS => {
                        attempts += 1;
                    }
                    done => {
                        let (outcomes, linkers) = done?;
                        pages.extend(moved);
                        if !self.options.dry_run {
                            notify_changed(conn).await?;
                        }
                        linkers.invalidate(conn).await?;
                        break outcomes;
                    }
                }
            };
            for (history, (outcomes, finished)) in group.drain(..).zip(written) {
                let Some(target) = self.targets.get(&history.tag) else {
                    continue;
                };
                for ((time, user), outcome) in history.origins.iter().zip(outcomes) {
                    match outcome {
                        SaveOutcome::Saved { .. } => report.counts.revisions += 1,
                        SaveOutcome::Unchanged { .. } => report.counts.unchanged_revisions += 1,
                        other => report.warn(
                            Some(target.name.as_str()),
                            format!(
                                "the revision of {time} by {user} was not written: {}",
                                outcome_text(&other)
                            ),
                        ),
                    }
                }
                if let Some(page_id) = finished {
                    self.finish_page(conn, &history.tag, page_id, &mut report)
                        .await?;
                }
            }
        }
        Ok(report)
    }

    /// The histories of `group` in its transaction, each on the revision written before it to
    /// its page (`pages` as committed, `moved` as this transaction writes them); a page's
    /// first revision comes with its permissions, so a private page is never readable, and its
    /// last with YesWiki's times and owner. Returns each history's outcomes (none for a page
    /// the import does not write), and the page when it is finished.
    async fn write_group(
        &self,
        conn: &mut AsyncPgConnection,
        group: &[History],
        pages: &HashMap<String, (Base, bool)>,
        moved: &mut HashMap<String, (Base, bool)>,
    ) -> Result<(Vec<(Vec<SaveOutcome>, Option<Uuid>)>, save::Linkers), ImportError> {
        quiet_triggers(conn).await?;
        let mut deferred = save::Deferred::default();
        let mut outcomes = Vec::with_capacity(group.len());
        let mut created_lists = Vec::new();
        let mut origins = Vec::new();
        for history in group {
            let Some(target) = self.targets.get(&history.tag) else {
                outcomes.push((Vec::new(), None));
                continue;
            };
            let (base, created) = moved.entry(history.tag.clone()).or_insert_with(|| {
                pages
                    .get(&history.tag)
                    .copied()
                    .unwrap_or((target.base, target.created))
            });
            let written = save::save_history_deferring(
                conn,
                self.kinds,
                &target.name,
                *base,
                &history.revisions,
                Writer::Wiki,
                &mut deferred,
            )
            .await?;
            let lists = (!*created && !target.existed)
                .then(|| self.site.acls.get(&history.tag))
                .flatten();
            let first = written
                .outcomes
                .iter()
                .any(|outcome| matches!(outcome, SaveOutcome::Saved { number: 1, .. }));
            let lists = lists.filter(|_| first);
            let finished = history.last && !target.existed;
            let mut page_id = None;
            if lists.is_some() || finished {
                let id = match written.page_id {
                    Some(id) => Some(id),
                    // Nothing new written (a dump imported again): the page as it stands.
                    None => match page_queries::find(conn, &target.name).await? {
                        Some(Found::Current(page)) => Some(page.id),
                        _ => None,
                    },
                };
                if let Some(id) = id {
                    if let Some(lists) = lists {
                        created_lists.push((id, lists));
                    }
                    if finished {
                        origins.extend(self.origin(&history.tag, id));
                        page_id = Some(id);
                    }
                }
            }
            for outcome in &written.outcomes {
                if let SaveOutcome::Saved { number, .. } | SaveOutcome::Unchanged { number, .. } =
                    outcome
                {
                    *base = Base::Revision(*number);
                    *created |= !target.existed;
                }
            }
            outcomes.push((written.outcomes, page_id));
        }
        // The group's permissions and YesWiki times, sent together.
        let pipelined: &AsyncPgConnection = conn;
        let author = Self::import_author();
        let lists = created_lists
            .iter()
            .map(|(id, lists)| acl_queries::set_lists_of_created(pipelined, *id, &author, lists));
        let origins = origins.iter().map(|origin| {
            queries::set_page_origin(
                pipelined,
                origin.page_id,
                origin.created,
                origin.updated,
                origin.owner,
            )
        });
        futures_util::try_join!(
            futures_util::future::try_join_all(lists),
            futures_util::future::try_join_all(origins),
        )?;
        let linkers = deferred.derive(conn, self.kinds).await?;
        Ok((outcomes, linkers))
    }

    /// Once a page's revisions are committed: its deletion, the count.
    async fn finish_page(
        &self,
        conn: &mut AsyncPgConnection,
        tag: &str,
        page_id: Uuid,
        report: &mut Report,
    ) -> Result<(), ImportError> {
        let (Some(target), Some(facts)) = (self.targets.get(tag), self.site.pages.get(tag)) else {
            return Ok(());
        };
        match target.class {
            Class::Entry => report.counts.entries += 1,
            Class::List => report.counts.lists += 1,
            Class::Page | Class::Comment => report.counts.pages += 1,
        }
        if !facts.has_latest && self.delete_imported(conn, page_id).await? {
            report.counts.deleted_pages += 1;
        }
        Ok(())
    }

    /// YesWiki's times and owner of a page, set with its last revision.
    fn origin(&self, tag: &str, page_id: Uuid) -> Option<Origin> {
        let facts = self.site.pages.get(tag)?;
        let zone = &self.options.time_zone;
        let created = facts
            .revisions
            .first()
            .and_then(|(time, _)| instant(*time, zone))?;
        let updated = facts
            .revisions
            .last()
            .and_then(|(time, _)| instant(*time, zone))?;
        let owner = self.accounts.get(&facts.owner).and_then(|author| author.id);
        Some(Origin {
            page_id,
            created,
            updated,
            owner,
        })
    }

    /// Deletes a page that YesWiki had deleted, trying again should it lose a deadlock to
    /// another writer (deleting locks the pages linking to it).
    async fn delete_imported(
        &self,
        conn: &mut AsyncPgConnection,
        page_id: Uuid,
    ) -> Result<bool, ImportError> {
        let mut attempts = 1;
        loop {
            let deleted = page_queries::change_deletion(
                conn,
                self.kinds,
                page_id,
                true,
                &Self::import_author(),
                "deleted in YesWiki",
            )
            .await;
            match deleted {
                Err(err) if crate::db::is_transient(&err) && attempts < crate::db::ATTEMPTS => {
                    attempts += 1;
                }
                done => return Ok(done?),
            }
        }
    }

    /// Every file, each attachment's versions in upload order. Files arrive in the archive's
    /// order: a version that comes before the one it follows waits in memory (in practice
    /// never: YesWiki's names sort by date).
    async fn files(&mut self, conn: &mut AsyncPgConnection) -> Result<(), ImportError> {
        let Some(path) = &self.options.files else {
            return Ok(());
        };
        let source = Source::at(path).map_err(|err| ImportError::Files(err.to_string()))?;
        let total: usize = self.versions.values().map(Vec::len).sum();
        let bar = progress(self.options, "files", Some(total as u64));
        let is_page = |tag: &str| self.site.pages.contains_key(tag);
        // Read on a blocking thread, handed over one file at a time.
        let mut arrived: Vec<(StoredName, Content)> = Vec::new();
        source
            .for_each(self.options.max_file_bytes, &mut |name, content| {
                if let Some(stored) = files::decode(name, &is_page).filter(|s| !s.trashed) {
                    arrived.push((stored, content));
                }
                Ok(())
            })
            .map_err(|err| ImportError::Files(err.to_string()))?;
        let mut by_name: HashMap<String, Content> = arrived
            .into_iter()
            .map(|(stored, content)| (stored.stored, content))
            .collect();
        for ((tag, _), versions) in self.versions.clone() {
            let Some(target) = self.targets.get(&tag) else {
                continue;
            };
            let Some(Found::Current(page)) = page_queries::find(conn, &target.name).await? else {
                continue;
            };
            let known: HashSet<String> = match versions.first() {
                Some(first) => match FileName::parse(&first.name) {
                    Ok(name) => match attachment_queries::find(conn, page.id, name.key()).await? {
                        Some(attachment) => attachment_queries::versions(conn, attachment.id)
                            .await?
                            .into_iter()
                            .map(|version| version.sha256)
                            .collect(),
                        None => HashSet::new(),
                    },
                    Err(_) => HashSet::new(),
                },
                None => HashSet::new(),
            };
            let mut carried = false;
            for version in versions {
                bar.inc(1);
                let Some(content) = by_name.remove(&version.stored) else {
                    continue;
                };
                let bytes = match content {
                    Content::Bytes(bytes) => bytes,
                    Content::TooLarge(size) => {
                        self.report.warn(
                            Some(target.name.as_str()),
                            format!(
                                "{} ({size} bytes) is over the upload limit: not carried",
                                version.stored
                            ),
                        );
                        continue;
                    }
                };
                let checked = match store::check(bytes::Bytes::from(bytes)).await {
                    Ok(checked) => checked,
                    Err(crate::attachments::AttachmentError::Refused(refusal)) => {
                        self.report.warn(
                            Some(target.name.as_str()),
                            format!(
                                "{} was refused, as an upload would be: {refusal}",
                                version.stored
                            ),
                        );
                        continue;
                    }
                    Err(err) => return Err(ImportError::Files(err.to_string())),
                };
                // Already there (an earlier run): a file's versions are told apart by content.
                if known.contains(&checked.sha256) {
                    carried = true;
                    continue;
                }
                let Ok(file_name) = FileName::parse(&version.name) else {
                    continue;
                };
                self.report.counts.file_versions += 1;
                carried = true;
                if self.options.dry_run {
                    continue;
                }
                let at = version.uploaded.as_deref().and_then(|date| {
                    DateTime::strptime("%Y%m%d%H%M%S", date)
                        .ok()
                        .and_then(|time| instant(time, &self.options.time_zone))
                });
                let author = self.uploader(&tag, version.uploaded.as_deref());
                store::keep(
                    conn,
                    self.storage,
                    Incoming {
                        page_id: page.id,
                        name: &file_name,
                        file: checked,
                        author: &author,
                        at,
                    },
                )
                .await
                .map_err(|err| ImportError::Files(err.to_string()))?;
            }
            if carried {
                self.report.counts.files += 1;
            }
        }
        bar.finish_and_clear();
        Ok(())
    }

    /// YesWiki does not record who uploaded a file; the page's revision saved at the upload's
    /// time (the editor saves the page as it inserts the file) names them.
    fn uploader(&self, tag: &str, uploaded: Option<&str>) -> Author {
        let time = uploaded.and_then(|date| DateTime::strptime("%Y%m%d%H%M%S", date).ok());
        let by = self.site.pages.get(tag).and_then(|facts| {
            let time = time?;
            facts
                .revisions
                .iter()
                .find(|(at, _)| *at >= time)
                .map(|(_, user)| user.clone())
        });
        match by {
            Some(user) => author(&self.accounts, &user),
            None => Self::import_author(),
        }
    }

    /// Comments, into their page's discussion: at their time, by their author (the account
    /// when there is one), replies under the comment they answer (a reply to a reply answers
    /// the same comment, discussions being one level deep). Each is recognised by its tag on
    /// a second run.
    async fn comments(&mut self, conn: &mut AsyncPgConnection) -> Result<(), ImportError> {
        let comments = std::mem::take(&mut self.site.comments);
        let converter = Converter::of(self);
        let by_tag: HashMap<&str, &Comment> =
            comments.iter().map(|c| (c.tag.as_str(), c)).collect();
        // The page a comment is on, and the top-level comment it answers (none for one on
        // the page itself).
        let place = |comment: &Comment| -> Option<(String, Option<String>)> {
            let mut top: Option<&str> = None;
            let mut on = comment.on.as_str();
            for _ in 0..MAX_REPLY_DEPTH {
                match by_tag.get(on) {
                    Some(parent) => {
                        top = Some(parent.tag.as_str());
                        on = parent.on.as_str();
                    }
                    None => return Some((on.to_owned(), top.map(str::to_owned))),
                }
            }
            None
        };
        let mut threads: BTreeMap<String, Vec<(&Comment, Option<String>)>> = BTreeMap::new();
        for comment in &comments {
            match place(comment) {
                Some((page, top)) => threads.entry(page).or_default().push((comment, top)),
                None => self.report.warn(
                    None,
                    format!(
                        "the comment {} answers a chain too long to follow: not carried",
                        comment.tag
                    ),
                ),
            }
        }
        for (tag, mut thread) in threads {
            let Some(target) = self.targets.get(&tag) else {
                self.report.warn(
                    None,
                    format!(
                        "{} comment(s) on {tag}, a page that was not imported: not carried",
                        thread.len()
                    ),
                );
                continue;
            };
            let name = target.name.clone();
            let Some(Found::Current(page)) = page_queries::find(conn, &name).await? else {
                continue;
            };
            thread.sort_by_key(|(comment, _)| comment.time);
            let mut ids: HashMap<&str, i64> = HashMap::new();
            for (comment, top) in thread {
                let body = converter.convert(
                    &mut self.report,
                    &comment.tag,
                    Class::Comment,
                    &name,
                    &comment.body,
                );
                let author = author(&converter.accounts, &comment.author);
                let source = format!("yeswiki:{}", comment.tag);
                let imported = ImportedComment {
                    page_id: page.id,
                    reply_to: top.as_deref().and_then(|top| ids.get(top).copied()),
                    author_id: author.id,
                    author_name: &author.name,
                    body: body.trim_end(),
                    created_at: instant(comment.time, &self.options.time_zone)
                        .unwrap_or_else(OffsetDateTime::now_utc),
                    source: &source,
                };
                let (id, written) = discussion_queries::import(conn, &imported).await?;
                ids.insert(comment.tag.as_str(), id);
                if written {
                    self.report.counts.comments += 1;
                } else {
                    self.report.counts.unchanged_comments += 1;
                }
            }
        }
        Ok(())
    }

    async fn keep_report(&mut self, conn: &mut AsyncPgConnection) -> Result<(), ImportError> {
        let Ok(name) = PageName::parse(REPORT_PAGE) else {
            return Ok(());
        };
        let title = format!(
            "YesWiki import of {}",
            jiff::ZonedDateTime::now().strftime("%Y-%m-%d %H:%M %Z")
        );
        let body = self.report.to_markdown(&title);
        let base = match page_queries::find(conn, &name).await? {
            Some(Found::Current(page) | Found::FormerName(page)) => Base::Revision(page.latest_rev),
            None => Base::New,
        };
        let revision = NewRevision {
            body,
            summary: title,
            author: Self::import_author(),
            restored_from: None,
            submission_id: None,
            links: Vec::new(),
            on_stale: OnStale::Merge,
            undelete: true,
            at: None,
        };
        let admins_only = Lists {
            read: Some(Vec::new()),
            write: Some(Vec::new()),
            comment: Some(Vec::new()),
        };
        conn.transaction::<_, ImportError, _>(async |conn| {
            let outcome = self.save(conn, &name, base, revision).await?;
            if let SaveOutcome::Saved { number: 1, .. } = outcome
                && let Some(Found::Current(page)) = page_queries::find(conn, &name).await?
            {
                acl_queries::set_lists(conn, page.id, &Self::import_author(), &admins_only).await?;
            }
            Ok(())
        })
        .await
    }
}

/// What converting a revision reads, copied out of the [`Importer`] once its plan is made, so
/// that the conversion runs on a thread of its own beside the writers.
struct Converter {
    lang: Lang,
    time_zone: TimeZone,
    versions: Versions,
    /// YesWiki tag → how many revisions the dump holds of it (every page, imported or not).
    revisions: HashMap<String, usize>,
    /// YesWiki tag → the page it becomes and what kind, for the pages imported.
    targets: HashMap<String, (PageName, Class)>,
    forms: HashMap<String, FormPlan>,
    field_map: Option<FieldMap>,
    lists: HashMap<String, BazarList>,
    accounts: HashMap<String, Author>,
}

impl Converter {
    fn of(importer: &Importer) -> Converter {
        Converter {
            lang: importer.options.lang,
            time_zone: importer.options.time_zone.clone(),
            versions: importer.versions.clone(),
            revisions: importer
                .site
                .pages
                .iter()
                .map(|(tag, facts)| (tag.clone(), facts.revisions.len()))
                .collect(),
            targets: importer
                .targets
                .iter()
                .map(|(tag, target)| (tag.clone(), (target.name.clone(), target.class)))
                .collect(),
            forms: importer.forms.clone(),
            field_map: importer.field_map.clone(),
            lists: importer.lists.clone(),
            accounts: importer.accounts.clone(),
        }
    }

    fn is_page(&self, tag: &str) -> bool {
        self.revisions.contains_key(tag)
    }

    /// The second pass's conversion: each page row from the parser converted, held until its
    /// page's last revision is read, then handed to the page's writer as its [`History`]
    /// (past [`HELD_BYTES`], the pages holding the most go as far as they came). Returns the
    /// conversion's warnings; stops early when a writer stopped (on an error the writers
    /// return), or on a held revision that does not read back (what was handed over is
    /// written; running the import again continues from there).
    fn convert_rows(
        &self,
        mut rows: tokio::sync::mpsc::Receiver<PageRow>,
        senders: &[tokio::sync::mpsc::Sender<History>],
        bar: &ProgressBar,
    ) -> Result<Report, ImportError> {
        let mut report = Report::default();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut held: HashMap<String, (Vec<Held>, usize)> = HashMap::new();
        let mut held_bytes = 0;
        let send = |history: History| {
            let writer = writer_of(&history.tag, senders.len());
            senders[writer].blocking_send(history).is_ok()
        };
        while let Some(row) = rows.blocking_recv() {
            let row = without_nul(row);
            bar.inc(1);
            let Some((name, class)) = self.targets.get(&row.tag) else {
                continue;
            };
            let seen = seen.entry(row.tag.clone()).or_default();
            *seen += 1;
            let last = self.revisions.get(&row.tag) == Some(seen);
            let body = self.convert(&mut report, &row.tag, *class, name, &row.body);
            let written = Written {
                revision: NewRevision {
                    body,
                    summary: String::new(),
                    author: author(&self.accounts, &row.user),
                    restored_from: None,
                    submission_id: Some(submission(&row)),
                    links: Vec::new(),
                    on_stale: OnStale::Merge,
                    undelete: false,
                    at: instant(row.time, &self.time_zone),
                },
                time: row.time,
                user: row.user,
            };
            let mut ready = Vec::new();
            if last {
                let (revisions, bytes) = held.remove(&row.tag).unwrap_or_default();
                held_bytes -= bytes;
                ready.push(History::of(row.tag, revisions, Some(written))?);
            } else {
                let written = written.hold().map_err(|err| {
                    ImportError::Invalid(format!(
                        "a revision of {} could not be held in memory: {err}",
                        row.tag
                    ))
                })?;
                held_bytes += written.bytes();
                let page = held.entry(row.tag).or_default();
                page.1 += written.bytes();
                page.0.push(written);
            }
            if held_bytes > HELD_BYTES {
                let mut largest: Vec<(usize, String)> = held
                    .iter()
                    .map(|(tag, (_, bytes))| (*bytes, tag.clone()))
                    .collect();
                largest.sort_unstable_by(|a, b| b.cmp(a));
                for (bytes, tag) in largest {
                    if held_bytes <= HELD_BYTES / 2 {
                        break;
                    }
                    if let Some((revisions, _)) = held.remove(&tag) {
                        held_bytes -= bytes;
                        ready.push(History::of(tag, revisions, None)?);
                    }
                }
            }
            if !ready.into_iter().all(&send) {
                return Ok(report);
            }
        }
        // Pages whose last revision was not read (a row the reader could not take).
        for (tag, (revisions, _)) in held {
            if !send(History::of(tag, revisions, None)?) {
                break;
            }
        }
        Ok(report)
    }

    /// The text a revision of a page becomes.
    fn convert(
        &self,
        report: &mut Report,
        tag: &str,
        class: Class,
        page: &PageName,
        body: &str,
    ) -> String {
        match class {
            Class::Entry => self.entry_text(report, tag, page, body),
            Class::List => match bazar::parse_list(tag, body) {
                Ok(list) => list_markdown(&list),
                Err(err) => {
                    report.warn(
                        Some(page.as_str()),
                        format!("a revision of this Bazar list could not be read: {err}"),
                    );
                    fenced(body)
                }
            },
            Class::Page | Class::Comment => {
                let versions = &self.versions;
                let is_page = |candidate: &str| self.is_page(candidate);
                let attachment = |file: &str| attachment_name(versions, tag, file, &is_page);
                let forms = &self.forms;
                let form = |id: &str| forms.get(id).map(|plan| plan.coopwiki.clone());
                let converted = markup::convert(
                    body,
                    &markup::Context {
                        page: tag,
                        attachment: &attachment,
                        form: &form,
                    },
                );
                for warning in converted.warnings {
                    report.warn(Some(page.as_str()), warning);
                }
                converted.markdown
            }
        }
    }

    fn entry_text(&self, report: &mut Report, tag: &str, page: &PageName, body: &str) -> String {
        let form_id = bazar::entry_form_id(body);
        let Some(plan) = form_id.as_deref().and_then(|id| self.forms.get(id)) else {
            report.warn(
                Some(page.as_str()),
                "this Bazar entry's form was not imported: kept as its JSON",
            );
            return fenced(body);
        };
        let versions = &self.versions;
        let is_page = |candidate: &str| self.is_page(candidate);
        let files = |stored: &str| {
            files::decode(stored, &is_page)
                .filter(|decoded| decoded.page == tag)
                .filter(|decoded| {
                    versions.contains_key(&(decoded.page.clone(), decoded.name.to_lowercase()))
                })
                .map(|decoded| decoded.name)
        };
        let targets = &self.targets;
        let pages = |entry: &str| targets.get(entry).map(|(name, _)| name.as_str().to_owned());
        let lists = &self.lists;
        let lists = |list: &str| lists.get(list).cloned();
        let forms = &self.forms;
        let markup_warnings = std::cell::RefCell::new(Vec::new());
        let markup = |text: &str, syntax: TextSyntax| match syntax {
            TextSyntax::Wiki | TextSyntax::Html => {
                let source = if syntax == TextSyntax::Html && !text.contains("\"\"") {
                    format!("\"\"{text}\"\"")
                } else {
                    text.to_owned()
                };
                let attachment = |file: &str| attachment_name(versions, tag, file, &is_page);
                let form = |id: &str| forms.get(id).map(|plan| plan.coopwiki.clone());
                let converted = markup::convert(
                    &source,
                    &markup::Context {
                        page: tag,
                        attachment: &attachment,
                        form: &form,
                    },
                );
                markup_warnings.borrow_mut().extend(converted.warnings);
                converted.markdown
            }
            TextSyntax::Plain => bazar::basic_markup(text, syntax),
        };
        let site = bazar::Site {
            lang: self.lang,
            files: &files,
            pages: &pages,
            lists: &lists,
            markup: &markup,
        };
        let made = match (&plan.into, &self.field_map) {
            (FormTarget::Mapped { bazar, target }, Some(map)) => {
                bazar::mapped_sheet_text(bazar, target, map, page.as_str(), body, &site)
            }
            (FormTarget::Made(conversion), _) => {
                bazar::sheet_text(conversion, page.as_str(), body, &site)
            }
            (FormTarget::Mapped { .. }, None) => Err("no fields file".to_owned()),
        };
        let mut warnings = markup_warnings.into_inner();
        let text = match made {
            Ok((text, more)) => {
                warnings.extend(more);
                text
            }
            Err(err) => {
                warnings.push(format!(
                    "a revision of this Bazar entry could not become a sheet ({err}): kept as its JSON"
                ));
                fenced(body)
            }
        };
        for warning in warnings {
            report.warn(Some(page.as_str()), warning);
        }
        text
    }
}

/// The account a YesWiki user name became, or the name kept as it was (the import's own name
/// for none).
fn author(accounts: &HashMap<String, Author>, yeswiki_name: &str) -> Author {
    accounts
        .get(yeswiki_name)
        .cloned()
        .unwrap_or_else(|| Author {
            id: None,
            name: if yeswiki_name.trim().is_empty() {
                IMPORT_AUTHOR.to_owned()
            } else {
                yeswiki_name.to_owned()
            },
        })
}

/// The coopwiki attachment `{{attach file="…"}}` (or a Markdown `files/…` link) names on page
/// `tag`, when the import carries it.
fn attachment_name(
    versions: &Versions,
    tag: &str,
    file: &str,
    is_page: &dyn Fn(&str) -> bool,
) -> Option<String> {
    let file = file.strip_prefix("files/").unwrap_or(file);
    if let Some(stored) = files::decode(file, is_page)
        && stored.page == tag
        && versions.contains_key(&(stored.page.clone(), stored.name.to_lowercase()))
    {
        return Some(stored.name);
    }
    let wanted = file.replace(' ', "_").to_lowercase();
    versions
        .get(&(tag.to_owned(), wanted))
        .and_then(|versions| versions.first())
        .map(|version| version.name.clone())
}

/// PostgreSQL cannot store U+0000, which MySQL can: it is dropped from a row's texts (the
/// same in both passes, so submission ids agree).
fn without_nul(mut row: PageRow) -> PageRow {
    for text in [
        &mut row.tag,
        &mut row.body,
        &mut row.owner,
        &mut row.user,
        &mut row.comment_on,
    ] {
        if text.contains('\0') {
            text.retain(|c| c != '\0');
        }
    }
    row
}

/// A Bazar list as a page: its title and its values.
fn list_markdown(list: &BazarList) -> String {
    let mut out = format!("# {}\n\n| | |\n|---|---|\n", escape_inline(&list.title));
    for (key, label) in &list.values {
        out.push_str(&format!(
            "| `{}` | {} |\n",
            key.replace('`', "'"),
            escape_inline(label).replace('|', "\\|")
        ));
    }
    out
}

/// A text kept as it was, in a code block no content can close.
fn fenced(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}json\n{text}\n{fence}\n")
}

fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// YesWiki's stored password, marked for `accounts::password`: bcrypt as PHP wrote it, a bare
/// MD5 (old versions) prefixed. `None` for anything else.
fn legacy_hash(stored: &str) -> Option<String> {
    let stored = stored.trim();
    if stored.starts_with("$2y$") || stored.starts_with("$2a$") || stored.starts_with("$2b$") {
        return Some(stored.to_owned());
    }
    if stored.len() == 32 && stored.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some(format!(
            "{}{}",
            password::LEGACY_MD5_PREFIX,
            stored.to_ascii_lowercase()
        ));
    }
    None
}

fn outcome_text(outcome: &SaveOutcome) -> String {
    match outcome {
        SaveOutcome::Saved { .. } => "saved".to_owned(),
        SaveOutcome::Unchanged { .. } => "unchanged".to_owned(),
        SaveOutcome::Stale { .. } => {
            "it conflicts with a change made in coopwiki meanwhile".to_owned()
        }
        SaveOutcome::Deleted { .. } => "the page is deleted in coopwiki".to_owned(),
        SaveOutcome::NameTaken { existing } => format!("the name is taken by {existing}"),
        SaveOutcome::Refused(err) => format!("refused ({err})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn written(body: &str) -> Written {
        Written {
            revision: NewRevision {
                body: body.to_owned(),
                summary: String::new(),
                author: Importer::import_author(),
                restored_from: None,
                submission_id: None,
                links: Vec::new(),
                on_stale: OnStale::Merge,
                undelete: false,
                at: None,
            },
            time: DateTime::constant(2024, 3, 1, 10, 0, 0, 0),
            user: "Camille".to_owned(),
        }
    }

    proptest! {
        #[test]
        fn a_held_revision_comes_back_with_its_text(body in "\\PC*") {
            let released = written(&body).hold().unwrap().release().unwrap();
            prop_assert_eq!(released.revision.body, body);
            prop_assert_eq!(released.user, "Camille");
        }
    }

    #[test]
    fn a_page_text_is_held_in_less_than_its_size() {
        let text = include_str!("markup/fixtures/BocalAPoissons.md");
        let held = written(text).hold().unwrap();
        assert!(
            held.text.len() < text.len() * 2 / 3,
            "{} bytes held for {}",
            held.text.len(),
            text.len()
        );
    }
}
