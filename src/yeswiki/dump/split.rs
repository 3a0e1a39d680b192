//! The byte-level half of the dump reader: it finds where statements and rows begin and end,
//! and hands over only the bytes the reader will parse.
//!
//! It knows just enough of MySQL's lexical rules to never mistake a `;`, a parenthesis or a
//! comment marker inside a string for structure: `'...'` and `"..."` strings with backslash
//! escapes (a doubled quote closes the string and opens the next, which for finding boundaries
//! is the same thing), `` `...` `` identifiers, `-- ` and `#` line comments, `/* */` comments,
//! and the client's `DELIMITER` command. Everything it does not need (other tables, `LOCK`,
//! `DROP`, comments) goes by without being held, so a multi-gigabyte dump of a database whose
//! YesWiki tables are small costs a scan, not memory.
//!
//! An `INSERT` into a table being read is handed over row by row: first its head (up to the
//! `VALUES` keyword, for sqlparser to read the table and the column list), then each
//! parenthesised row. Memory is bounded by one row, however many rows an extended `INSERT` holds,
//! and a damaged row costs that row only.

use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::mem;

use sqlparser::dialect::MySqlDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use super::{Problem, decode};

/// Most bytes held for a statement before its first parenthesis, where the splitter decides
/// whether it matters. Real heads (a table's name and its column list) take tens or hundreds of
/// bytes; past this, the statement is skipped (reported when it is an `INSERT`).
const HEAD_LIMIT: usize = 64 * 1024;

/// Longest `/*!NNNNN ... */` comment between statements read for a `SET` (`SET NAMES latin1`
/// takes 30 bytes; longer ones hold views and triggers).
const COMMENT_LIMIT: usize = 1024;

const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// Longest text kept of what follows an `INSERT`'s last row, to quote it in a problem.
const TRAILING_QUOTE: usize = 40;

/// What the splitter hands to the reader, in the dump's order.
#[derive(Debug)]
pub(super) enum Piece {
    /// A statement held whole: a `SET` (also one inside a `/*!NNNNN ... */` comment between
    /// statements), the `CREATE TABLE` of a table being read, an `INSERT` into one that has no
    /// `VALUES` rows.
    Statement {
        line: u64,
        text: Vec<u8>,
    },
    /// The start of an `INSERT` into a table being read, up to its first row.
    InsertHead {
        line: u64,
        table: String,
        text: Vec<u8>,
    },
    /// One row of the current `INSERT`, parentheses included; `index` counts from 1.
    Row {
        line: u64,
        index: usize,
        text: Vec<u8>,
    },
    /// The end of the current `INSERT`, with the start of any text after its last row.
    InsertEnd {
        trailing: Option<(u64, String)>,
    },
    /// A table named by a `CREATE TABLE` or an `INSERT` (prefix detection only).
    Table(String),
    Problem(Problem),
    /// The input failed; nothing follows.
    Failed {
        line: u64,
        error: io::Error,
    },
}

/// Which tables the caller wants.
pub(super) enum Wanted {
    /// Read these tables (compared without regard to ASCII case, as MySQL on Windows and macOS).
    Tables(Vec<String>),
    /// Read nothing, report the name of every table created or filled.
    Names,
}

impl Wanted {
    fn wants(&self, table: &str) -> bool {
        match self {
            Wanted::Tables(names) => names.iter().any(|n| n.eq_ignore_ascii_case(table)),
            Wanted::Names => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    /// Between statements: whitespace and comments.
    Between,
    /// Inside a statement, outside strings and comments.
    Code,
    Quote(u8),
    QuoteEscape(u8),
    Backtick,
    /// After `-`, `--`, `/`: maybe the start of a comment.
    Dash,
    DashDash,
    Slash,
    LineComment,
    BlockComment,
    BlockStar,
    /// The first n bytes of a delimiter longer than one byte matched.
    Delimiter(usize),
    /// The rest of a `DELIMITER` command's line.
    DelimiterCommand,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowState {
    Outside,
    Held,
    /// Longer than the cap: no longer held, only counted.
    TooLarge(u64),
}

#[derive(Debug)]
enum Mode {
    /// Held until the statement can be classified (at its first parenthesis, or its end).
    Head,
    /// Held whole.
    Whole,
    /// An `INSERT` being handed over row by row.
    Rows { expect_row: bool, row: RowState },
    /// Text after the last row of an `INSERT`: the first bytes are kept to quote them.
    Trailing { line: u64 },
    /// Not needed; the note, if any, is reported at the statement's end.
    Skip(Option<String>),
}

/// The state of the lexer, apart from the input so that both can be borrowed at once.
struct Lexer {
    wanted: Wanted,
    cap: usize,
    /// Line of the next byte, from 1.
    line: u64,
    lex: Lex,
    in_statement: bool,
    depth: u32,
    delimiter: Vec<u8>,
    mode: Mode,
    statement_line: u64,
    /// How far the statement's start matched `delimiter ` (the client command), while it may.
    command: Option<usize>,
    /// What is held: the statement's head or whole text, the current row, or the start of
    /// trailing text.
    held: Vec<u8>,
    /// The first bytes of a `/* */` comment between statements (`/*!40101 SET NAMES ... */`).
    comment: Vec<u8>,
    comment_line: u64,
    table: Option<String>,
    rows: usize,
    row_line: u64,
    out: VecDeque<Piece>,
    /// Bytes of a byte order mark read at the start, until something else comes.
    bom: usize,
}

pub(super) struct Splitter<R> {
    input: R,
    lexer: Lexer,
    finished: bool,
}

impl<R: BufRead> Splitter<R> {
    pub(super) fn new(input: R, wanted: Wanted, cap: usize) -> Self {
        Splitter {
            input,
            lexer: Lexer {
                wanted,
                cap,
                line: 1,
                lex: Lex::Between,
                in_statement: false,
                depth: 0,
                delimiter: vec![b';'],
                mode: Mode::Head,
                statement_line: 1,
                command: None,
                held: Vec::new(),
                comment: Vec::new(),
                comment_line: 1,
                table: None,
                rows: 0,
                row_line: 1,
                out: VecDeque::new(),
                bom: 0,
            },
            finished: false,
        }
    }

    pub(super) fn next_piece(&mut self) -> Option<Piece> {
        loop {
            if let Some(piece) = self.lexer.out.pop_front() {
                return Some(piece);
            }
            if self.finished {
                return None;
            }
            let chunk = match self.input.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => {
                    let line = self.lexer.line;
                    self.lexer.out.push_back(Piece::Failed { line, error });
                    self.finished = true;
                    continue;
                }
            };
            if chunk.is_empty() {
                self.lexer.end_of_input();
                self.finished = true;
                continue;
            }
            let used = self.lexer.scan(chunk);
            self.input.consume(used);
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
}

impl Lexer {
    /// Reads bytes from the start of `bytes` until a piece is ready or the bytes run out, and
    /// returns how many it read.
    fn scan(&mut self, bytes: &[u8]) -> usize {
        let mut i = 0;
        while i < bytes.len() && self.out.is_empty() {
            if let Lex::Quote(q) = self.lex {
                // Strings are most of a dump: take them a run at a time.
                let run = bytes[i..]
                    .iter()
                    .position(|&b| b == q || b == b'\\' || b == b'\n')
                    .unwrap_or(bytes.len() - i);
                if run > 0 {
                    self.hold_slice(&bytes[i..i + run]);
                    i += run;
                    continue;
                }
            }
            self.byte(bytes[i]);
            i += 1;
        }
        i
    }

    fn byte(&mut self, b: u8) {
        if let Some(&expected) = UTF8_BOM.get(self.bom) {
            // A dump saved again by a text editor may start with a byte order mark.
            if b == expected {
                self.bom += 1;
                return;
            }
            self.bom = UTF8_BOM.len();
        }
        self.lex_byte(b);
        if b == b'\n' {
            self.line += 1;
        }
    }

    fn lex_byte(&mut self, b: u8) {
        loop {
            match self.lex {
                Lex::Between => {
                    match b {
                        _ if is_space(b) => {}
                        b'#' => self.lex = Lex::LineComment,
                        b'-' => self.lex = Lex::Dash,
                        b'/' => self.lex = Lex::Slash,
                        _ => {
                            self.start_statement();
                            continue;
                        }
                    }
                    return;
                }
                Lex::Code => return self.code(b, true),
                Lex::Quote(q) => {
                    self.hold(b);
                    if b == b'\\' {
                        self.lex = Lex::QuoteEscape(q);
                    } else if b == q {
                        self.lex = Lex::Code;
                    }
                    return;
                }
                Lex::QuoteEscape(q) => {
                    self.hold(b);
                    self.lex = Lex::Quote(q);
                    return;
                }
                Lex::Backtick => {
                    self.hold(b);
                    if b == b'`' {
                        self.lex = Lex::Code;
                    }
                    return;
                }
                Lex::Dash => {
                    if b == b'-' {
                        self.lex = Lex::DashDash;
                        return;
                    }
                    self.not_a_comment(b"-");
                }
                Lex::DashDash => {
                    // MySQL wants a space or a control character after `--`.
                    if b <= b' ' {
                        self.lex = Lex::LineComment;
                    } else {
                        self.not_a_comment(b"--");
                    }
                }
                Lex::Slash => {
                    if b == b'*' {
                        self.lex = Lex::BlockComment;
                        self.comment.clear();
                        self.comment_line = self.line;
                        return;
                    }
                    self.not_a_comment(b"/");
                }
                Lex::LineComment => {
                    if b == b'\n' {
                        self.end_comment(b'\n');
                    }
                    return;
                }
                Lex::BlockComment | Lex::BlockStar => {
                    if self.lex == Lex::BlockStar && b == b'/' {
                        return self.end_comment(b' ');
                    }
                    if !self.in_statement && self.comment.len() <= COMMENT_LIMIT {
                        self.comment.push(b);
                    }
                    self.lex = if b == b'*' {
                        Lex::BlockStar
                    } else {
                        Lex::BlockComment
                    };
                    return;
                }
                Lex::Delimiter(n) => {
                    if self.delimiter.get(n) == Some(&b) {
                        if n + 1 == self.delimiter.len() {
                            self.end_statement();
                        } else {
                            self.lex = Lex::Delimiter(n + 1);
                        }
                        return;
                    }
                    // Not the delimiter after all: what matched is code.
                    self.lex = Lex::Code;
                    let matched = self.delimiter[..n].to_vec();
                    for (k, &m) in matched.iter().enumerate() {
                        self.code(m, k > 0);
                    }
                }
                Lex::DelimiterCommand => {
                    if b == b'\n' {
                        self.end_delimiter_command();
                    } else if self.held.len() < 64 {
                        self.held.push(b);
                    }
                    return;
                }
            }
        }
    }

    /// `-`, `--` or `/` that turned out not to open a comment: they are code.
    fn not_a_comment(&mut self, bytes: &[u8]) {
        if !self.in_statement {
            self.start_statement();
        }
        self.lex = Lex::Code;
        for &b in bytes {
            self.code(b, false);
        }
    }

    fn end_comment(&mut self, replacement: u8) {
        if self.in_statement {
            // A comment separates tokens like a space; sqlparser never sees comments.
            self.lex = Lex::Code;
            self.hold(replacement);
            return;
        }
        self.lex = Lex::Between;
        if let Some(inside) = self.comment.strip_prefix(b"!")
            && self.comment.len() <= COMMENT_LIMIT
        {
            // `/*!40101 SET NAMES latin1 */`: MySQL runs what is inside.
            let inside = inside.strip_suffix(b"*").unwrap_or(inside); // of `*/`
            let digits = inside.iter().take_while(|b| b.is_ascii_digit()).count();
            let body = inside.get(digits..).unwrap_or_default();
            if starts_with_word(body, &["set"]) {
                self.out.push_back(Piece::Statement {
                    line: self.comment_line,
                    text: body.to_vec(),
                });
            }
        }
        self.comment.clear();
    }

    fn start_statement(&mut self) {
        self.in_statement = true;
        self.lex = Lex::Code;
        self.statement_line = self.line;
        self.mode = Mode::Head;
        self.held.clear();
        self.depth = 0;
        self.rows = 0;
        self.table = None;
        self.command = Some(0);
    }

    /// One byte of code; `may_open` is false for a byte already known not to open a comment or
    /// a delimiter.
    fn code(&mut self, b: u8, may_open: bool) {
        if let Some(n) = self.command {
            const WORD: &[u8] = b"delimiter";
            self.command = match WORD.get(n) {
                Some(&w) if b.to_ascii_lowercase() == w => Some(n + 1),
                None if b == b' ' || b == b'\t' => {
                    self.lex = Lex::DelimiterCommand;
                    self.held.clear();
                    self.command = None;
                    return;
                }
                _ => None,
            };
        }
        if may_open {
            if self.delimiter.first() == Some(&b) {
                if self.delimiter.len() == 1 {
                    self.end_statement();
                } else {
                    self.lex = Lex::Delimiter(1);
                }
                return;
            }
            match b {
                b'-' => return self.lex = Lex::Dash,
                b'/' => return self.lex = Lex::Slash,
                b'#' => return self.lex = Lex::LineComment,
                _ => {}
            }
        }
        match b {
            b'(' => {
                if self.depth == 0 {
                    self.open_group();
                }
                self.depth = self.depth.saturating_add(1);
                self.hold(b);
            }
            b')' => {
                self.hold(b);
                if self.depth == 0 {
                    self.unexpected_between_rows();
                    return;
                }
                self.depth -= 1;
                if self.depth == 0 {
                    self.close_group();
                }
            }
            b',' if self.depth == 0 => {
                if let Mode::Rows { expect_row, .. } = &mut self.mode {
                    if *expect_row {
                        self.unexpected_between_rows();
                    } else {
                        *expect_row = true;
                    }
                } else {
                    self.hold(b);
                }
            }
            _ => {
                if self.depth == 0 && !is_space(b) {
                    self.unexpected_between_rows();
                }
                match b {
                    b'\'' | b'"' => self.lex = Lex::Quote(b),
                    b'`' => self.lex = Lex::Backtick,
                    _ => {}
                }
                self.hold(b);
            }
        }
    }

    /// Something other than a comma or a row between the rows of an `INSERT`: the rows are over.
    fn unexpected_between_rows(&mut self) {
        if let Mode::Rows { .. } = self.mode {
            self.mode = Mode::Trailing { line: self.line };
            self.held.clear();
        }
    }

    /// A parenthesis opened outside any other.
    fn open_group(&mut self) {
        match self.mode {
            Mode::Head => self.classify_at_parenthesis(),
            Mode::Rows {
                expect_row: false, ..
            } => self.unexpected_between_rows(),
            _ => {}
        }
        if let Mode::Rows {
            expect_row: true, ..
        } = self.mode
        {
            self.rows += 1;
            self.row_line = self.line;
            self.held.clear();
            self.mode = Mode::Rows {
                expect_row: false,
                row: RowState::Held,
            };
        }
    }

    fn close_group(&mut self) {
        if let Mode::Rows { row, .. } = &mut self.mode {
            let state = mem::replace(row, RowState::Outside);
            match state {
                RowState::Held => self.out.push_back(Piece::Row {
                    line: self.row_line,
                    index: self.rows,
                    text: mem::take(&mut self.held),
                }),
                RowState::TooLarge(bytes) => {
                    let message = format!(
                        "row of {bytes} bytes, more than the {} a row may take: skipped",
                        self.cap
                    );
                    self.problem(self.row_line, Some(self.rows), message);
                }
                RowState::Outside => {}
            }
        }
    }

    fn classify_at_parenthesis(&mut self) {
        match classify(&self.held) {
            Head::Insert { table, values_next } => {
                if let Wanted::Names = self.wanted {
                    self.out.push_back(Piece::Table(table));
                    self.mode = Mode::Skip(None);
                } else if !self.wanted.wants(&table) {
                    self.mode = Mode::Skip(None);
                } else if values_next {
                    self.out.push_back(Piece::InsertHead {
                        line: self.statement_line,
                        table: table.clone(),
                        text: mem::take(&mut self.held),
                    });
                    self.table = Some(table);
                    self.mode = Mode::Rows {
                        expect_row: true,
                        row: RowState::Outside,
                    };
                } else {
                    // A column list (`--complete-insert`): the rows come after `VALUES`.
                    self.table = Some(table);
                }
            }
            Head::CreateTable { table } => {
                if let Wanted::Names = self.wanted {
                    self.out.push_back(Piece::Table(table));
                    self.mode = Mode::Skip(None);
                } else if self.wanted.wants(&table) {
                    self.table = Some(table);
                    self.mode = Mode::Whole;
                } else {
                    self.mode = Mode::Skip(None);
                }
            }
            Head::Set | Head::Other => self.mode = Mode::Skip(None),
        }
        if !matches!(self.mode, Mode::Head | Mode::Whole) {
            self.held.clear();
        }
    }

    fn hold(&mut self, b: u8) {
        self.hold_slice(&[b]);
    }

    fn hold_slice(&mut self, bytes: &[u8]) {
        match &mut self.mode {
            Mode::Head => {
                self.held.extend_from_slice(bytes);
                if self.held.len() > HEAD_LIMIT {
                    let note = starts_with_word(&self.held, &["insert", "replace"]).then(|| {
                        format!(
                            "statement with more than {HEAD_LIMIT} bytes before its first \
                             parenthesis: skipped"
                        )
                    });
                    self.held = Vec::new();
                    self.mode = Mode::Skip(note);
                }
            }
            Mode::Whole => {
                self.held.extend_from_slice(bytes);
                if self.held.len() > self.cap {
                    let note = format!(
                        "statement of more than {} bytes, the most one may take: skipped",
                        self.cap
                    );
                    self.held = Vec::new();
                    self.mode = Mode::Skip(Some(note));
                }
            }
            Mode::Rows { row, .. } => match row {
                RowState::Held => {
                    self.held.extend_from_slice(bytes);
                    if self.held.len() > self.cap {
                        *row = RowState::TooLarge(self.held.len() as u64);
                        self.held = Vec::new();
                    }
                }
                RowState::TooLarge(n) => *n += bytes.len() as u64,
                RowState::Outside => {}
            },
            Mode::Trailing { .. } => {
                let room = TRAILING_QUOTE.saturating_sub(self.held.len());
                self.held.extend_from_slice(&bytes[..room.min(bytes.len())]);
            }
            Mode::Skip(_) => {}
        }
    }

    fn problem(&mut self, line: u64, row: Option<usize>, message: String) {
        self.out.push_back(Piece::Problem(Problem {
            line,
            row,
            table: self.table.clone(),
            message,
        }));
    }

    /// The statement's delimiter was read.
    fn end_statement(&mut self) {
        self.finish_statement();
        self.in_statement = false;
        self.lex = Lex::Between;
    }

    /// Hands over what the statement left to hand over.
    fn finish_statement(&mut self) {
        self.command = None;
        match mem::replace(&mut self.mode, Mode::Skip(None)) {
            Mode::Head => {
                let wanted = match classify(&self.held) {
                    Head::Set => true,
                    Head::Insert { table, .. } | Head::CreateTable { table } => {
                        if let Wanted::Names = self.wanted {
                            self.out.push_back(Piece::Table(table));
                            false
                        } else {
                            self.wanted.wants(&table)
                        }
                    }
                    Head::Other => false,
                };
                if wanted {
                    self.out.push_back(Piece::Statement {
                        line: self.statement_line,
                        text: mem::take(&mut self.held),
                    });
                }
            }
            Mode::Whole => self.out.push_back(Piece::Statement {
                line: self.statement_line,
                text: mem::take(&mut self.held),
            }),
            Mode::Rows { expect_row, row } => {
                if row != RowState::Outside {
                    let message = "row not closed when its statement ends: skipped".to_owned();
                    self.problem(self.row_line, Some(self.rows), message);
                }
                let trailing = (expect_row && self.rows > 0)
                    .then(|| (self.line, "a comma and no row after it".to_owned()));
                self.out.push_back(Piece::InsertEnd { trailing });
            }
            Mode::Trailing { line } => {
                let text = decode(mem::take(&mut self.held));
                self.out.push_back(Piece::InsertEnd {
                    trailing: Some((line, text)),
                });
            }
            Mode::Skip(note) => {
                if let Some(message) = note {
                    self.problem(self.statement_line, None, message);
                }
            }
        }
        if self.held.capacity() > HEAD_LIMIT {
            self.held = Vec::new();
        }
        self.held.clear();
        self.depth = 0;
    }

    fn end_delimiter_command(&mut self) {
        let text = mem::take(&mut self.held);
        let word = text
            .split(|&b| is_space(b))
            .find(|w| !w.is_empty())
            .unwrap_or_default();
        if !word.is_empty() {
            self.delimiter = word.to_vec();
        }
        self.in_statement = false;
        self.lex = Lex::Between;
        self.mode = Mode::Head;
    }

    fn end_of_input(&mut self) {
        match self.lex {
            Lex::Between | Lex::LineComment if !self.in_statement => {}
            Lex::Dash | Lex::DashDash | Lex::Slash if !self.in_statement => {}
            Lex::BlockComment | Lex::BlockStar if !self.in_statement => {
                let line = self.comment_line;
                self.out.push_back(Piece::Problem(Problem {
                    line,
                    row: None,
                    table: None,
                    message: "the dump ends inside a comment: it may be cut".to_owned(),
                }));
            }
            Lex::DelimiterCommand => self.end_delimiter_command(),
            Lex::Code
            | Lex::Delimiter(_)
            | Lex::Dash
            | Lex::DashDash
            | Lex::Slash
            | Lex::LineComment
                if self.depth == 0 =>
            {
                // A whole statement without its delimiter: read it, and say the file may be cut.
                let line = self.statement_line;
                self.finish_statement();
                let message = "the last statement has no delimiter: the dump may be cut".into();
                self.problem(line, None, message);
            }
            _ => {
                let (line, row) = match self.mode {
                    Mode::Rows { row, .. } if row != RowState::Outside => {
                        (self.row_line, Some(self.rows))
                    }
                    _ => (self.statement_line, None),
                };
                let what = if row.is_some() { "row" } else { "statement" };
                let message = format!("the dump ends inside this {what}: it is cut");
                self.problem(line, row, message);
                if let Mode::Rows { .. } | Mode::Trailing { .. } = self.mode {
                    self.out.push_back(Piece::InsertEnd { trailing: None });
                }
            }
        }
        self.in_statement = false;
        self.lex = Lex::Between;
        self.mode = Mode::Head;
    }
}

/// Whether `text` starts (after spaces) with one of `words`, followed by a non-word byte.
fn starts_with_word(text: &[u8], words: &[&str]) -> bool {
    let start = text
        .iter()
        .position(|&b| !is_space(b))
        .unwrap_or(text.len());
    let text = &text[start..];
    words.iter().any(|w| {
        text.get(..w.len())
            .is_some_and(|t| t.eq_ignore_ascii_case(w.as_bytes()))
            && text
                .get(w.len())
                .is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
    })
}

/// What a statement is, from its first tokens.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Head {
    /// `INSERT`/`REPLACE` into `table`; `values_next` when the text ends with `VALUES`, so that
    /// what follows is the first row.
    Insert {
        table: String,
        values_next: bool,
    },
    CreateTable {
        table: String,
    },
    Set,
    Other,
}

/// Reads the start of a statement with sqlparser's tokenizer (so that quoting and comments are
/// MySQL's): `INSERT [LOW_PRIORITY | DELAYED | HIGH_PRIORITY] [IGNORE] [INTO] name`,
/// `REPLACE [...] [INTO] name`, `CREATE [TEMPORARY] TABLE [IF NOT EXISTS] name`, `SET`.
pub(super) fn classify(head: &[u8]) -> Head {
    let text = decode(head.to_vec());
    let dialect = MySqlDialect {};
    let Ok(tokens) = Tokenizer::new(&dialect, &text).tokenize() else {
        return Head::Other;
    };
    let mut tokens = tokens
        .into_iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .peekable();
    let keyword = |t: Option<&Token>, words: &[&str]| match t {
        Some(Token::Word(w)) if w.quote_style.is_none() => {
            words.iter().any(|k| w.value.eq_ignore_ascii_case(k))
        }
        _ => false,
    };
    let first = tokens.next();
    let is_insert = keyword(first.as_ref(), &["insert", "replace"]);
    if keyword(first.as_ref(), &["set"]) {
        return Head::Set;
    }
    if is_insert {
        while keyword(
            tokens.peek(),
            &["low_priority", "delayed", "high_priority", "ignore", "into"],
        ) {
            tokens.next();
        }
    } else if keyword(first.as_ref(), &["create"]) {
        if keyword(tokens.peek(), &["temporary"]) {
            tokens.next();
        }
        if !keyword(tokens.next().as_ref(), &["table"]) {
            return Head::Other;
        }
        if keyword(tokens.peek(), &["if"]) {
            tokens.next();
            tokens.next();
            tokens.next();
        }
    } else {
        return Head::Other;
    }
    // `name` or `database`.`name`
    let table = loop {
        let Some(Token::Word(word)) = tokens.next() else {
            return Head::Other;
        };
        if tokens.peek() == Some(&Token::Period) {
            tokens.next();
        } else {
            break word.value;
        }
    };
    if is_insert {
        let rest: Vec<Token> = tokens.collect();
        let values_next = keyword(rest.last(), &["values", "value"]);
        Head::Insert { table, values_next }
    } else {
        Head::CreateTable { table }
    }
}
