//! Reads a YesWiki site out of a MySQL or MariaDB dump, a row at a time.
//!
//! A YesWiki site's database comes to us as the text `mysqldump` writes (a site's own backups
//! hold one too): `CREATE TABLE` and `INSERT` statements, with extended inserts (many rows to a
//! statement) or without, with column lists (`--complete-insert`) or without, under whatever
//! table prefix the site was installed with, next to the tables of other applications that
//! shared the database. This module turns that text into typed rows of the five tables the
//! import uses ([`Record`]) and into [`Problem`]s for what it cannot read, without ever running
//! MySQL and without guessing at SQL with patterns.
//!
//! # Shape
//!
//! A dump can be far larger than the site it holds (other applications' tables, referrer logs,
//! years of revisions), so the reader streams: memory holds one row, never the file, nor even a
//! whole extended `INSERT`. It works in two layers:
//!
//! * A byte-level splitter (`split`) knows MySQL's lexical rules (strings with backslash escapes,
//!   quoted identifiers, the three kinds of comments, the client's `DELIMITER`) and nothing
//!   else. It finds statements, skips those that do not concern the tables being read without
//!   holding them, and cuts each `INSERT` into its head and its rows.
//! * Each piece is then read by [sqlparser] with its MySQL dialect: the head of an `INSERT`
//!   (which table, which columns), each row's values, each `CREATE TABLE` (the column order that
//!   `INSERT`s without a column list follow, and the character set), `SET NAMES`.
//!
//! Cutting rows before parsing keeps a damaged row from costing its neighbours: a row with a
//! function call, the wrong number of values, an impossible date or more bytes than
//! [`MAX_STATEMENT_BYTES`] becomes one problem that names its line and its index in the
//! statement, and the rows around it are read. A dump cut short (a failed transfer, a full disk)
//! yields every complete row, then a problem saying where it stops.
//!
//! The table prefix must be known before the first row is read, and the two tables that tell
//! it, `pages` and `users`, come late in mysqldump's alphabetical order. So finding it takes a
//! first pass over the dump ([`detect_prefix`]), rather than holding rows until it is known:
//! that pass only lexes, several times faster than reading, and holds nothing.
//!
//! # Text
//!
//! A dump's bytes are not always in the character set it declares. YesWiki sites older than
//! utf8mb4 ran on `latin1` tables, and PHP often wrote UTF-8 bytes into them; a site moved
//! between servers may hold both. So the declaration is not trusted, the bytes are:
//!
//! * A string value whose bytes are valid UTF-8 is UTF-8, whatever the dump declares. A string
//!   value holding any byte that is not valid UTF-8 is Windows-1252 as a whole (what MySQL calls
//!   `latin1`), decoded with `encoding_rs`. Deciding per value rather than per run of bytes
//!   matters for latin1 text: French `créé »` with its no-break space is `E9 A0 BB` in latin1,
//!   which is also valid UTF-8 (`頻`); inside a value that has any other accented letter, the
//!   value is known to be latin1 and is read right. (A latin1 value whose only non-ASCII bytes
//!   happen to form valid UTF-8 is misread; no rule over bytes can tell it from UTF-8.)
//! * In the columns of a table declared `latin1` (by its `CREATE TABLE`, or by `SET NAMES
//!   latin1` when the dump has no `CREATE TABLE`), a value that reads as UTF-8 encoded twice
//!   (`Ã©` for `é`: UTF-8 bytes stored in a latin1 column, then dumped through a utf8mb4
//!   connection, which converts each byte) is repaired, when undoing one encoding gives valid
//!   UTF-8. Elsewhere such text is left alone: in a utf8mb4 table it is what the site showed,
//!   and genuine latin1 text does not put `Ã` before a symbol.
//! * Every string value is normalised to NFC, so that names, tags and text compare as people
//!   read them whatever the browser that typed them sent.
//!
//! Text is otherwise kept as it is: a page's `<script>` or a string that reads like SQL is text
//! for the renderer and the importer to deal with, and `U+0000` (written `\0` by mysqldump) is
//! kept too, although PostgreSQL cannot store it.
//!
//! Times are `DATETIME` columns, wall-clock times of the site's time zone, and stay
//! [`jiff::civil::DateTime`]s: the importer knows the zone.

mod split;
#[cfg(test)]
mod tests;

use std::fmt;
use std::io::BufRead;
use std::str::FromStr;

use encoding_rs::WINDOWS_1252;
use jiff::civil::DateTime;
use sqlparser::ast::{
    ColumnOption, CreateTable, CreateTableOptions, Expr, ObjectName, Set, SqlOption, Statement,
    UnaryOperator, Value,
};
use sqlparser::dialect::MySqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use split::{Piece, Splitter, Wanted};

/// The most the reader holds at once: one row of an `INSERT`, or a whole `CREATE TABLE`. Past
/// it, the row or statement is skipped to its end without being held, and reported: a dump is
/// input from outside, and one enormous row must not take the server's memory. 64 MiB is MySQL
/// 8's default `max_allowed_packet` (MariaDB's is 16 MiB): a larger row could not have been
/// written or restored by a server with default settings, and reading one at this size takes
/// about three times its size while it is parsed.
pub const MAX_STATEMENT_BYTES: usize = 64 * 1024 * 1024;

/// One row of a table the import uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Page(PageRow),
    User(UserRow),
    Acl(AclRow),
    Triple(TripleRow),
    Form(FormRow),
}

/// A revision of a page (`pages`): YesWiki keeps every revision as a row, the current one with
/// `latest`. Bazar entries and lists are pages whose body is JSON; comments are pages with
/// `comment_on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRow {
    pub id: u64,
    pub tag: String,
    /// Wall-clock time of the site's time zone.
    pub time: DateTime,
    pub body: String,
    pub owner: String,
    pub user: String,
    pub latest: bool,
    pub handler: String,
    pub comment_on: String,
}

/// An account (`users`); `password` is the stored hash (bcrypt `$2y$` or, on old sites, MD5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub name: String,
    pub password: String,
    pub email: String,
    /// `None` when the dump has MySQL's zero date or no such column.
    pub signup_time: Option<DateTime>,
}

/// A page's permission list for one privilege (`acls`): `read`, `write` or `comment`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AclRow {
    pub page_tag: String,
    pub privilege: String,
    pub list: String,
}

/// A fact about a resource (`triples`): groups (`ThisWikiGroup:name`), page keywords, the type
/// of Bazar pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TripleRow {
    pub id: u64,
    pub resource: String,
    pub property: String,
    pub value: String,
}

/// A Bazar form (`nature`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormRow {
    pub id: u32,
    pub label: String,
    pub description: String,
    /// The form's fields, in Bazar's `***`-separated template language.
    pub template: String,
    pub sem_type: String,
}

/// Something in the dump that was not imported, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line of the row, or of the statement's start, from 1.
    pub line: u64,
    /// Index of the row in its `INSERT`, from 1, when the problem is one row's.
    pub row: Option<usize>,
    /// The table, as the dump names it, when known.
    pub table: Option<String>,
    pub message: String,
}

impl Problem {
    fn at(line: u64, row: Option<usize>, table: Option<String>, message: String) -> Problem {
        Problem {
            line,
            row,
            table,
            message,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}", self.line)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(table) = &self.table {
            write!(f, " ({table})")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Problem {}

/// Why the prefix could not be told.
#[derive(Debug, thiserror::Error)]
pub enum PrefixError {
    #[error("the dump could not be read: {0}")]
    Io(#[from] std::io::Error),
    /// The dump holds more than one YesWiki site; the prefixes are listed so that one can be
    /// chosen.
    #[error("the dump holds several YesWiki sites, with the prefixes {}", quoted(.0))]
    Ambiguous(Vec<String>),
}

fn quoted(prefixes: &[String]) -> String {
    prefixes
        .iter()
        .map(|p| format!("\"{p}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Finds the table prefix of the YesWiki site in a dump: the `P` for which tables `Ppages` and
/// `Pusers` are both created or filled (`P` may be empty). `Ok(None)` when there is none.
///
/// This is a first pass over the whole dump, which only lexes it; read the dump again with
/// [`Reader`] for its rows.
pub fn detect_prefix<R: BufRead>(input: R) -> Result<Option<String>, PrefixError> {
    let mut split = Splitter::new(input, Wanted::Names, MAX_STATEMENT_BYTES);
    let mut names: Vec<String> = Vec::new();
    while let Some(piece) = split.next_piece() {
        match piece {
            Piece::Table(name) if !names.iter().any(|n| n.eq_ignore_ascii_case(&name)) => {
                names.push(name);
            }
            Piece::Failed { error, .. } => return Err(PrefixError::Io(error)),
            _ => {}
        }
    }
    let mut prefixes: Vec<String> = names
        .iter()
        .filter_map(|name| strip_suffix_ignore_case(name, "pages"))
        .filter(|prefix| {
            let users = format!("{prefix}users");
            names.iter().any(|n| n.eq_ignore_ascii_case(&users))
        })
        .map(str::to_owned)
        .collect();
    match prefixes.len() {
        0 => Ok(None),
        1 => Ok(prefixes.pop()),
        _ => {
            prefixes.sort();
            Err(PrefixError::Ambiguous(prefixes))
        }
    }
}

fn strip_suffix_ignore_case<'a>(name: &'a str, suffix: &str) -> Option<&'a str> {
    let cut = name.len().checked_sub(suffix.len())?;
    let (head, tail) = (name.get(..cut)?, name.get(cut..)?);
    tail.eq_ignore_ascii_case(suffix).then_some(head)
}

/// The tables read, each with YesWiki's column order (for dumps without `CREATE TABLE`) and the
/// columns the import uses, required or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Page,
    User,
    Acl,
    Triple,
    Form,
}

const KINDS: [Kind; 5] = [Kind::Page, Kind::User, Kind::Acl, Kind::Triple, Kind::Form];

impl Kind {
    fn suffix(self) -> &'static str {
        match self {
            Kind::Page => "pages",
            Kind::User => "users",
            Kind::Acl => "acls",
            Kind::Triple => "triples",
            Kind::Form => "nature",
        }
    }

    /// YesWiki's own column order (`setup/sql/create-tables.sql`).
    fn columns(self) -> &'static [&'static str] {
        match self {
            Kind::Page => &[
                "id",
                "tag",
                "time",
                "body",
                "body_r",
                "owner",
                "user",
                "latest",
                "handler",
                "comment_on",
            ],
            Kind::User => &[
                "name",
                "password",
                "email",
                "motto",
                "revisioncount",
                "changescount",
                "doubleclickedit",
                "signuptime",
                "show_comments",
            ],
            Kind::Acl => &["page_tag", "privilege", "list"],
            Kind::Triple => &["id", "resource", "property", "value"],
            Kind::Form => &[
                "bn_id_nature",
                "bn_label_nature",
                "bn_description",
                "bn_condition",
                "bn_sem_context",
                "bn_sem_type",
                "bn_sem_use_template",
                "bn_template",
                "bn_ce_i18n",
                "bn_only_one_entry",
                "bn_only_one_entry_message",
            ],
        }
    }

    /// The columns read, in the order `record` takes them, and whether a row needs them.
    fn fields(self) -> &'static [(&'static str, bool)] {
        match self {
            Kind::Page => &[
                ("id", true),
                ("tag", true),
                ("time", true),
                ("body", true),
                ("owner", false),
                ("user", false),
                ("latest", true),
                ("handler", false),
                ("comment_on", false),
            ],
            Kind::User => &[
                ("name", true),
                ("password", false),
                ("email", false),
                ("signuptime", false),
            ],
            Kind::Acl => &[("page_tag", true), ("privilege", true), ("list", true)],
            Kind::Triple => &[
                ("id", true),
                ("resource", true),
                ("property", true),
                ("value", true),
            ],
            Kind::Form => &[
                ("bn_id_nature", true),
                ("bn_label_nature", true),
                ("bn_description", false),
                ("bn_template", true),
                ("bn_sem_type", false),
            ],
        }
    }
}

/// What a `CREATE TABLE` said about a table.
struct Schema {
    columns: Vec<String>,
    /// Per column: declared `latin1`.
    latin1: Vec<bool>,
}

struct Table {
    kind: Kind,
    name: String,
    schema: Option<Schema>,
}

/// The `INSERT` whose rows are being read.
struct Insert {
    kind: Kind,
    table: String,
    /// Values a row must have.
    arity: usize,
    /// Per field of `kind`: its position in a row.
    positions: Vec<Option<usize>>,
    /// Per position: declared `latin1`.
    latin1: Vec<bool>,
}

/// Reads the rows of a YesWiki site's tables from a dump, in the dump's order: an iterator of
/// records and problems. A problem does not end the iteration; a failed read or the end of the
/// input does, after a problem when the dump is cut.
pub struct Reader<R: BufRead> {
    split: Splitter<R>,
    tables: Vec<Table>,
    /// `SET NAMES latin1` is in force.
    names_latin1: bool,
    /// The `INSERT` being read; `None` also while the rows of one whose head could not be read
    /// go by.
    insert: Option<Insert>,
}

impl<R: BufRead> Reader<R> {
    /// Reads the tables of the site whose tables are named with `prefix` (see
    /// [`detect_prefix`]).
    pub fn new(input: R, prefix: &str) -> Self {
        Self::with_cap(input, prefix, MAX_STATEMENT_BYTES)
    }

    /// Like [`Reader::new`], holding at most `cap` bytes of a row or statement instead of
    /// [`MAX_STATEMENT_BYTES`].
    pub fn with_cap(input: R, prefix: &str, cap: usize) -> Self {
        let tables: Vec<Table> = KINDS
            .iter()
            .map(|&kind| Table {
                kind,
                name: format!("{prefix}{}", kind.suffix()),
                schema: None,
            })
            .collect();
        let names = tables.iter().map(|t| t.name.clone()).collect();
        Reader {
            split: Splitter::new(input, Wanted::Tables(names), cap),
            tables,
            names_latin1: false,
            insert: None,
        }
    }

    fn table(&self, name: &str) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    fn table_mut(&mut self, name: &str) -> Option<&mut Table> {
        self.tables
            .iter_mut()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    /// A statement held whole: `SET`, `CREATE TABLE`, or an `INSERT` without rows.
    fn statement(&mut self, line: u64, text: Vec<u8>) -> Option<Problem> {
        let sql = decode(text);
        let statements = match Parser::parse_sql(&MySqlDialect {}, &sql) {
            Ok(statements) => statements,
            Err(e) => {
                return match split::classify(sql.as_bytes()) {
                    split::Head::CreateTable { table } => {
                        if let Some(known) = self.table_mut(&table) {
                            known.schema = None;
                        }
                        let message = format!(
                            "CREATE TABLE not understood ({}): YesWiki's column order is assumed",
                            shorten(&e.to_string())
                        );
                        Some(Problem::at(line, None, Some(table), message))
                    }
                    split::Head::Insert { table, .. } => {
                        let message = format!("INSERT not understood: {}", shorten(&e.to_string()));
                        Some(Problem::at(line, None, Some(table), message))
                    }
                    split::Head::Set | split::Head::Other => None,
                };
            }
        };
        for statement in statements {
            match statement {
                Statement::Set(Set::SetNames { charset_name, .. }) => {
                    self.names_latin1 = is_latin1(&charset_name.value);
                }
                Statement::Set(Set::SetNamesDefault {}) => self.names_latin1 = false,
                Statement::CreateTable(create) => self.create_table(create),
                Statement::Insert(insert) => {
                    let table = table_name(&insert.table.to_string());
                    let message = "INSERT without VALUES rows: not read".to_owned();
                    return Some(Problem::at(line, None, Some(table), message));
                }
                _ => {}
            }
        }
        None
    }

    fn create_table(&mut self, create: CreateTable) {
        let Some(table) = self.table_mut(&last_name(&create.name)) else {
            return;
        };
        let options = match &create.table_options {
            CreateTableOptions::Plain(options)
            | CreateTableOptions::With(options)
            | CreateTableOptions::Options(options)
            | CreateTableOptions::TableProperties(options) => options.as_slice(),
            CreateTableOptions::None => &[],
        };
        let table_latin1 = options.iter().any(|option| match option {
            SqlOption::KeyValue { key, value } => {
                let key = key.to_string().to_ascii_uppercase();
                (key.ends_with("CHARSET") || key.ends_with("CHARACTER SET"))
                    && is_latin1(&expr_name(value))
            }
            _ => false,
        });
        let latin1 = create
            .columns
            .iter()
            .map(|column| {
                column
                    .options
                    .iter()
                    .find_map(|o| match &o.option {
                        ColumnOption::CharacterSet(name) => Some(is_latin1(&last_name(name))),
                        _ => None,
                    })
                    .unwrap_or(table_latin1)
            })
            .collect();
        let columns = create.columns.into_iter().map(|c| c.name.value).collect();
        table.schema = Some(Schema { columns, latin1 });
    }

    /// The head of an `INSERT`, with sqlparser: the column list, if any.
    fn insert_head(&self, line: u64, table: &str, text: Vec<u8>) -> Result<Insert, Problem> {
        let Some(known) = self.table(table) else {
            let message = "not a table being read".to_owned();
            return Err(Problem::at(line, None, Some(table.to_owned()), message));
        };
        let fail = |message: String| Problem::at(line, None, Some(table.to_owned()), message);
        let mut sql = decode(text);
        // A placeholder row, so that the head parses as a whole statement.
        sql.push_str("(NULL)");
        let listed = match Parser::parse_sql(&MySqlDialect {}, &sql) {
            Ok(statements) => match statements.as_slice() {
                [Statement::Insert(insert)] => insert
                    .columns
                    .iter()
                    .map(last_name)
                    .collect::<Vec<String>>(),
                _ => return Err(fail("not a single INSERT: its rows are not read".into())),
            },
            Err(e) => {
                let e = shorten(&e.to_string());
                return Err(fail(format!(
                    "INSERT not understood ({e}): its rows are not read"
                )));
            }
        };
        let (columns, latin1): (Vec<String>, Vec<bool>) = match (&known.schema, listed.is_empty()) {
            (Some(schema), true) => (schema.columns.clone(), schema.latin1.clone()),
            (None, true) => {
                let columns: Vec<String> =
                    known.kind.columns().iter().map(|&c| c.to_owned()).collect();
                let latin1 = vec![self.names_latin1; columns.len()];
                (columns, latin1)
            }
            (schema, false) => {
                let latin1 = listed
                    .iter()
                    .map(|name| {
                        schema
                            .as_ref()
                            .and_then(|s| {
                                let i = s.columns.iter().position(|c| c.eq_ignore_ascii_case(name));
                                i.and_then(|i| s.latin1.get(i).copied())
                            })
                            .unwrap_or(self.names_latin1)
                    })
                    .collect();
                (listed, latin1)
            }
        };
        let mut positions = Vec::new();
        for &(field, required) in known.kind.fields() {
            let position = columns.iter().position(|c| c.eq_ignore_ascii_case(field));
            if position.is_none() && required {
                return Err(fail(format!(
                    "no column `{field}`: the rows of this INSERT are not read"
                )));
            }
            positions.push(position);
        }
        Ok(Insert {
            kind: known.kind,
            table: table.to_owned(),
            arity: columns.len(),
            positions,
            latin1,
        })
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Record, Problem>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match self.split.next_piece()? {
                Piece::Statement { line, text } => {
                    if let Some(problem) = self.statement(line, text) {
                        return Some(Err(problem));
                    }
                }
                Piece::InsertHead { line, table, text } => {
                    match self.insert_head(line, &table, text) {
                        Ok(insert) => self.insert = Some(insert),
                        Err(problem) => {
                            self.insert = None;
                            return Some(Err(problem));
                        }
                    }
                }
                Piece::Row { line, index, text } => {
                    if let Some(insert) = &self.insert {
                        return Some(read_row(insert, line, index, text));
                    }
                }
                Piece::InsertEnd { trailing } => {
                    let insert = self.insert.take();
                    if let (Some(insert), Some((line, text))) = (insert, trailing) {
                        // `ON DUPLICATE KEY UPDATE ...` changes nothing for an import.
                        let first_word = text.split_whitespace().next().unwrap_or_default();
                        if !first_word.eq_ignore_ascii_case("on") {
                            let message = format!(
                                "unexpected text after the last row, ignored: {:?}",
                                text.trim()
                            );
                            return Some(Err(Problem::at(line, None, Some(insert.table), message)));
                        }
                    }
                }
                Piece::Table(_) => {}
                Piece::Problem(problem) => return Some(Err(problem)),
                Piece::Failed { line, error } => {
                    let message = format!("the dump could not be read further: {error}");
                    return Some(Err(Problem::at(line, None, None, message)));
                }
            }
        }
    }
}

/// One row, with sqlparser, into a record of the `INSERT`'s table.
fn read_row(insert: &Insert, line: u64, index: usize, text: Vec<u8>) -> Result<Record, Problem> {
    let problem =
        |message: String| Problem::at(line, Some(index), Some(insert.table.clone()), message);
    let values = parse_row(decode(text)).map_err(&problem)?;
    if values.len() != insert.arity {
        let s = if values.len() == 1 { "" } else { "s" };
        return Err(problem(format!(
            "{} value{s} for {} columns: skipped",
            values.len(),
            insert.arity
        )));
    }
    let mut values: Vec<Option<Expr>> = values.into_iter().map(Some).collect();
    let mut fields = Fields {
        kind: insert.kind,
        next: 0,
        positions: &insert.positions,
        latin1: &insert.latin1,
        values: &mut values,
    };
    record(insert.kind, &mut fields).map_err(problem)
}

/// Parses `(value, ...)`.
fn parse_row(text: String) -> Result<Vec<Expr>, String> {
    let dialect = MySqlDialect {};
    let not_understood =
        |e: &dyn fmt::Display| format!("row not understood ({}): skipped", shorten(&e.to_string()));
    let tokens = Tokenizer::new(&dialect, &text)
        .tokenize_with_location()
        .map_err(|e| not_understood(&e))?;
    // The text is in the tokens now; a large row is then held twice, not three times, while
    // the parser copies its values out of the tokens.
    drop(text);
    let mut parser = Parser::new(&dialect).with_tokens_with_locations(tokens);
    let not_understood = |e: sqlparser::parser::ParserError| not_understood(&e);
    parser
        .expect_token(&Token::LParen)
        .map_err(not_understood)?;
    let values = if parser.consume_token(&Token::RParen) {
        Vec::new()
    } else {
        let values = parser
            .parse_comma_separated(Parser::parse_expr)
            .map_err(not_understood)?;
        parser
            .expect_token(&Token::RParen)
            .map_err(not_understood)?;
        values
    };
    parser.expect_token(&Token::EOF).map_err(not_understood)?;
    Ok(values)
}

/// The values of a row, taken field by field in the order of `Kind::fields`.
struct Fields<'a> {
    kind: Kind,
    next: usize,
    positions: &'a [Option<usize>],
    latin1: &'a [bool],
    values: &'a mut [Option<Expr>],
}

impl Fields<'_> {
    /// The next field's value and its column name (for messages).
    fn next(&mut self) -> Result<(Scalar, &'static str), String> {
        let i = self.next;
        self.next += 1;
        let name = self.kind.fields().get(i).map_or("?", |f| f.0);
        let Some(&Some(position)) = self.positions.get(i) else {
            return Ok((Scalar::Null, name));
        };
        let Some(expr) = self.values.get_mut(position).and_then(Option::take) else {
            return Ok((Scalar::Null, name));
        };
        let latin1 = self.latin1.get(position).copied().unwrap_or(false);
        let scalar = scalar(expr, latin1).map_err(|m| format!("column `{name}`: {m}"))?;
        Ok((scalar, name))
    }

    fn text(&mut self) -> Result<String, String> {
        Ok(self.next()?.0.into_text())
    }

    fn number<T: FromStr>(&mut self) -> Result<T, String> {
        let (value, name) = self.next()?;
        value
            .number()
            .ok_or_else(|| format!("column `{name}`: not a number in range"))
    }

    fn datetime(&mut self) -> Result<Option<DateTime>, String> {
        let (value, name) = self.next()?;
        match value {
            Scalar::Null => Ok(None),
            Scalar::Text(text) | Scalar::Number(text) => match text.trim().parse::<DateTime>() {
                Ok(time) => Ok(Some(time)),
                Err(_) => Err(format!(
                    "column `{name}`: {:?} is not a date and time",
                    shorten(&text)
                )),
            },
        }
    }

    fn yes_no(&mut self) -> Result<bool, String> {
        let (value, name) = self.next()?;
        let text = value.into_text();
        match text.trim() {
            "Y" | "y" | "1" => Ok(true),
            "N" | "n" | "0" => Ok(false),
            other => Err(format!(
                "column `{name}`: {:?} is neither Y nor N",
                shorten(other)
            )),
        }
    }
}

fn record(kind: Kind, f: &mut Fields<'_>) -> Result<Record, String> {
    Ok(match kind {
        Kind::Page => {
            let id = f.number()?;
            let tag = f.text()?;
            let time = f.datetime()?.ok_or("column `time`: NULL")?;
            Record::Page(PageRow {
                id,
                tag,
                time,
                body: f.text()?,
                owner: f.text()?,
                user: f.text()?,
                latest: f.yes_no()?,
                handler: f.text()?,
                comment_on: f.text()?,
            })
        }
        Kind::User => Record::User(UserRow {
            name: f.text()?,
            password: f.text()?,
            email: f.text()?,
            // MySQL's zero date is what old YesWiki versions wrote for unknown times.
            signup_time: f.datetime().unwrap_or(None),
        }),
        Kind::Acl => Record::Acl(AclRow {
            page_tag: f.text()?,
            privilege: f.text()?,
            list: f.text()?,
        }),
        Kind::Triple => Record::Triple(TripleRow {
            id: f.number()?,
            resource: f.text()?,
            property: f.text()?,
            value: f.text()?,
        }),
        Kind::Form => Record::Form(FormRow {
            id: f.number()?,
            label: f.text()?,
            description: f.text()?,
            template: f.text()?,
            sem_type: f.text()?,
        }),
    })
}

/// A literal value of a row.
#[derive(Debug)]
enum Scalar {
    Null,
    Text(String),
    /// A numeric literal, as written.
    Number(String),
}

impl Scalar {
    /// The value as text: NULL is empty, a number is as written.
    fn into_text(self) -> String {
        match self {
            Scalar::Null => String::new(),
            Scalar::Text(s) | Scalar::Number(s) => s,
        }
    }

    /// A number, written as one or quoted (MySQL converts `'12'` for a numeric column).
    fn number<T: FromStr>(self) -> Option<T> {
        match self {
            Scalar::Null => None,
            Scalar::Text(s) | Scalar::Number(s) => s.trim().parse().ok(),
        }
    }
}

/// A value of a row, from sqlparser's expression: literals only (a dump holds nothing else).
fn scalar(expr: Expr, latin1: bool) -> Result<Scalar, String> {
    match expr {
        Expr::Value(value) => match value.value {
            Value::Null => Ok(Scalar::Null),
            Value::Number(n, _) => Ok(Scalar::Number(n)),
            Value::Boolean(b) => Ok(Scalar::Number(if b { "1" } else { "0" }.to_owned())),
            // `X'C3A9'`, `0xC3A9`: bytes, read like the rest of the dump.
            Value::HexStringLiteral(hex) => match hex_bytes(&hex) {
                Some(bytes) => Ok(Scalar::Text(text(decode(bytes), latin1))),
                None => Err("malformed hexadecimal string".to_owned()),
            },
            other => match other.into_string() {
                Some(s) => Ok(Scalar::Text(text(s, latin1))),
                None => Err("not a literal value".to_owned()),
            },
        },
        Expr::UnaryOp { op, expr } => match (op, scalar(*expr, latin1)?) {
            (UnaryOperator::Minus, Scalar::Number(n)) => Ok(Scalar::Number(format!("-{n}"))),
            (UnaryOperator::Plus, Scalar::Number(n)) => Ok(Scalar::Number(n)),
            _ => Err("not a literal value".to_owned()),
        },
        // `_utf8mb4'...'`, `_binary'...'`: the bytes were decoded already.
        Expr::Prefixed { prefix, value } if prefix.value.starts_with('_') => scalar(*value, latin1),
        Expr::Nested(inner) => scalar(*inner, latin1),
        _ => Err("not a literal value".to_owned()),
    }
}

fn hex_bytes(hex: &str) -> Option<Vec<u8>> {
    let hex = hex.as_bytes();
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    hex.chunks(2)
        .map(|pair| {
            let digit = |b: u8| (b as char).to_digit(16);
            Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8)
        })
        .collect()
}

/// A string value as the import wants it: repaired if encoded twice in a latin1 column, NFC.
fn text(s: String, latin1: bool) -> String {
    let s = if latin1 {
        undo_double_encoding(&s).unwrap_or(s)
    } else {
        s
    };
    nfc(s)
}

fn nfc(s: String) -> String {
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s
    } else {
        s.nfc().collect()
    }
}

/// `Ã©` → `é`: text whose characters are all Windows-1252 and whose Windows-1252 bytes are
/// valid UTF-8 with at least one character outside ASCII.
fn undo_double_encoding(s: &str) -> Option<String> {
    if s.is_ascii() {
        return None;
    }
    let (bytes, _, unmappable) = WINDOWS_1252.encode(s);
    if unmappable {
        return None;
    }
    String::from_utf8(bytes.into_owned()).ok()
}

/// The dump's bytes as text. Valid UTF-8 stays as it is. Otherwise, each string literal is
/// UTF-8 if all its bytes are valid UTF-8 and Windows-1252 (MySQL's `latin1`) as a whole if not;
/// bytes outside literals are decoded run by run. See the module's documentation.
fn decode(bytes: Vec<u8>) -> String {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return text,
        Err(e) => e.into_bytes(),
    };
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    // Literals are found with the splitter's rules; comments are gone from held text.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\'' || b == b'"' || b == b'`' {
            decode_runs(&bytes[start..=i], &mut out);
            let content = i + 1;
            let mut j = content;
            while j < bytes.len() && bytes[j] != b {
                j += if bytes[j] == b'\\' && b != b'`' { 2 } else { 1 };
            }
            let end = j.min(bytes.len());
            decode_literal(&bytes[content..end], &mut out);
            start = end;
            i = end + 1;
        } else {
            i += 1;
        }
    }
    if start < bytes.len() {
        decode_runs(&bytes[start..], &mut out);
    }
    out
}

fn decode_literal(bytes: &[u8], out: &mut String) {
    match std::str::from_utf8(bytes) {
        Ok(text) => out.push_str(text),
        Err(_) => out.push_str(&WINDOWS_1252.decode_without_bom_handling(bytes).0),
    }
}

fn decode_runs(bytes: &[u8], out: &mut String) {
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            out.push_str(&WINDOWS_1252.decode_without_bom_handling(chunk.invalid()).0);
        }
    }
}

fn is_latin1(charset: &str) -> bool {
    charset
        .trim_matches(['\'', '"', '`'])
        .to_ascii_lowercase()
        .starts_with("latin1")
}

fn expr_name(expr: &Expr) -> String {
    match expr {
        Expr::Identifier(ident) => ident.value.clone(),
        Expr::Value(value) => value.value.clone().into_string().unwrap_or_default(),
        other => other.to_string(),
    }
}

fn last_name(name: &ObjectName) -> String {
    name.0
        .last()
        .and_then(|part| part.as_ident())
        .map(|ident| ident.value.clone())
        .unwrap_or_default()
}

/// `db`.`table` → `table`, from sqlparser's display of a name.
fn table_name(displayed: &str) -> String {
    let last = displayed.rsplit('.').next().unwrap_or(displayed);
    last.trim_matches('`').to_owned()
}

/// A message part cut to a readable length (a parser's message may quote a whole page).
fn shorten(text: &str) -> String {
    const MAX: usize = 120;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
