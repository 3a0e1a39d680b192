//! Search: `/-/search` (full text, ranked, with snippets and similar titles), title
//! autocomplete for the search box and the editor's link picker (`/-/search/titles`), browser
//! integration (`/-/opensearch.xml`, `/-/search/suggest`), and the `reindex` command.
//!
//! PostgreSQL does the work. Each live page has a row in `search_documents` (its text's
//! tsvector, the title weighing most) and one in `search_titles` (its title for autocomplete,
//! misspellings and title matches). A rename, deletion or undeletion rewrites them in its own
//! transaction (triggers); a save only queues its page, and `indexer` builds its text's
//! document a moment later, so that editors do not wait for indexing. Vectors are built by the
//! configuration of the page's language (`pages.language`, guessed from its text): French or
//! English stemming, accents ignored; a page whose language cannot be told holds its words
//! analysed both ways and unstemmed, and is held to the query parsed all three ways. `query.rs` turns what the visitor typed into
//! tsquery text (phrases, exclusions, OR, prefixes) that is only ever a bound parameter;
//! `queries.rs` holds the SQL; `views.rs` renders, escaping everything but the highlight marks.

pub mod indexer;
pub mod queries;
pub mod query;
pub mod routes;
pub mod views;

use diesel_async::AsyncPgConnection;

use crate::db::DbError;

/// Pages per transaction when rebuilding the index.
const REINDEX_BATCH: i64 = 500;

/// Rebuilds the search document of every page, in batches, and returns how many pages were
/// done (`coopwiki reindex`, see `server::reindex`, which derives sheets' catalogue rows
/// first: their fields are part of the documents). The wiki can go on serving: saves made
/// meanwhile queue their pages for the indexer, and wait at most one batch for the pages it is
/// rebuilding.
pub async fn reindex(conn: &mut AsyncPgConnection) -> Result<u64, DbError> {
    let mut after = None;
    let mut done: u64 = 0;
    while let Some((last, count)) = queries::reindex_batch(conn, after, REINDEX_BATCH).await? {
        done += count;
        after = Some(last);
        tracing::info!(pages = done, "search index rebuilt so far");
    }
    Ok(done)
}

/// Pages per transaction when indexing a backlog at full speed.
const BACKLOG_BATCH: i32 = 500;

/// The longest a batch of queued pages, or one page alone, may take to index before the
/// indexer gives up on it (see `queries::index_queued`): a page of 250,000 characters, the most
/// that is indexed, takes a few hundred milliseconds.
pub const INDEX_BUDGET: std::time::Duration = std::time::Duration::from_secs(5);

/// Indexes every queued page now, without the indexer's rests, and returns how many were
/// done: for tools that write many pages at once (the benchmark's generator) and want search
/// complete before they go on.
pub async fn index_backlog(conn: &mut AsyncPgConnection) -> Result<u64, DbError> {
    let mut done: u64 = 0;
    loop {
        let indexing = queries::index_queued(conn, BACKLOG_BATCH, INDEX_BUDGET).await?;
        done += u64::try_from(indexing.indexed).unwrap_or_default();
        // None indexed: the queue is empty, or what is left is held by other transactions
        // (another instance's indexer), which will not hold it long.
        if indexing.indexed == 0 && indexing.set_aside == 0 {
            if queries::queued(conn).await? == 0 {
                return Ok(done);
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
}

/// Marks `ts_headline` puts around matched words: private-use characters, removed from the
/// page text before the snippet is cut, so that only the database can place them.
const MARK_START: char = '\u{E000}';
const MARK_END: char = '\u{E001}';

/// What `<` and `_` become in the text given to PostgreSQL's text search parser, which is
/// superlinear on runs of either (`search_parsable` in
/// `migrations/2026-12-08-000100_search_bounded_work/up.sql`); snippets turn them back.
const PARSED_LESS_THAN: char = '\u{2}';
const PARSED_UNDERSCORE: char = '\u{3}';

/// A snippet of a page around what matched, as text runs, the matching words marked.
/// Views escape every run; only the marking becomes HTML.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet(pub Vec<Run>);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub text: String,
    pub matched: bool,
}

impl Snippet {
    /// Reads `ts_headline` output made with [`MARK_START`] and [`MARK_END`]; a mark without
    /// its partner only ends or starts a run, it never leaks into the text.
    pub fn from_headline(headline: &str) -> Snippet {
        let mut runs = Vec::new();
        let mut current = String::new();
        let mut matched = false;
        let mut flush = |current: &mut String, matched: bool| {
            if !current.is_empty() {
                runs.push(Run {
                    text: std::mem::take(current),
                    matched,
                });
            }
        };
        for c in headline.trim().chars() {
            match c {
                MARK_START => {
                    flush(&mut current, matched);
                    matched = true;
                }
                MARK_END => {
                    flush(&mut current, matched);
                    matched = false;
                }
                PARSED_LESS_THAN => current.push('<'),
                PARSED_UNDERSCORE => current.push('_'),
                c if c.is_whitespace() => {
                    if !current.ends_with(' ') {
                        current.push(' ');
                    }
                }
                c => current.push(c),
            }
        }
        flush(&mut current, matched);
        Snippet(runs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(snippet: &Snippet) -> String {
        snippet.0.iter().map(|run| run.text.as_str()).collect()
    }

    #[test]
    fn marks_become_matched_runs() {
        let snippet = Snippet::from_headline("Le \u{E000}café\u{E001} du\n\n monde");
        assert_eq!(
            snippet.0,
            vec![
                Run {
                    text: "Le ".into(),
                    matched: false
                },
                Run {
                    text: "café".into(),
                    matched: true
                },
                Run {
                    text: " du monde".into(),
                    matched: false
                },
            ]
        );
        assert_eq!(text(&snippet), "Le café du monde");
    }

    #[test]
    fn what_the_parser_was_spared_comes_back() {
        let snippet = Snippet::from_headline("a\u{2}!-- \u{E000}snake\u{E001}\u{3}case");
        assert_eq!(text(&snippet), "a<!-- snake_case");
    }

    #[test]
    fn stray_marks_never_reach_the_text() {
        let snippet = Snippet::from_headline("\u{E001}a\u{E000}\u{E000}b");
        assert_eq!(text(&snippet), "ab");
        assert!(snippet.0[1].matched);
    }
}
