//! The SQL of search: full-text results with snippets, similar titles, title autocomplete, and
//! the indexing of queued pages, the rebuild of every search document. The documents themselves
//! are built by SQL functions (see `migrations/2026-11-28-000700_search/up.sql` and the later
//! search migrations): for a save, later, from the queue its trigger fills
//! (`migrations/2026-12-03-000100_search_queue/up.sql`); for a rename, deletion or undeletion,
//! in its transaction. Nothing here runs on the save path.
//!
//! Every value from a visitor is a bound parameter. Queries are parsed by each language
//! configuration (`coopwiki_fr`, `coopwiki_en`, `coopwiki_simple`); body candidates are found
//! with each parse among the pages of its language (`search_matches`: one partial index per
//! language), title candidates with the union of the three (`search_query_any`), and each page
//! is then held to the query of its own language (`search_query_for`), so that `-word` excludes
//! in every language.
//!
//! **Readability.** Search documents exist only for live pages (the triggers remove them on
//! deletion). The read predicate is in the `WHERE` of both candidate scans in [`search`], of
//! the lateral subquery of [`similar_titles`], and of each tier of [`complete_titles`]: before
//! every `LIMIT`, so that results, counts and suggestions only ever consider pages the visitor
//! may read. A document whose page has no read list of its own (`default_read`) is decided once
//! per request (`ReadFilter::default_allows`); only the others call `coopwiki_acl_allows`.

use std::time::Duration;

use diesel::result::QueryResult;
use diesel::sql_types::{Array, BigInt, Bool, Integer, Nullable, Text, Timestamptz};
use diesel::{ExpressionMethods, QueryDsl, QueryableByName};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::ReadFilter;
use crate::db::sql::{Bind, Sql};
use crate::search::Snippet;

/// Title matches always considered for ranking, however many pages match.
pub const TITLE_CANDIDATES: i64 = 200;

/// Body matches considered for ranking: past this many, a query is too common for its ranking
/// to be worth reading every match (the visitor is told there are more, and can add a word).
pub const BODY_CANDIDATES: i64 = 500;

/// Characters of a body `ts_headline` reads to cut a snippet: beyond, a match is found (the
/// whole body is indexed) but the snippet shows the page's beginning. The parser's work for
/// each result is bounded by this (its text has no `<` or `_`, on which it was superlinear):
/// at most about 15 ms for a page of dense words.
const SNIPPET_SOURCE_CHARS: i32 = 20_000;

/// One page found.
#[derive(Debug, Clone)]
pub struct Hit {
    pub name: String,
    /// `fr` or `en` when the page's language was recognised.
    pub language: Option<String>,
    pub updated_at: OffsetDateTime,
    pub snippet: Snippet,
}

/// A page of results.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// False when the query has no word the index can look for (only stop words, or only
    /// exclusions): nothing was searched.
    pub searchable: bool,
    /// Matching pages among the candidates: all of them unless `capped`.
    pub total: i64,
    /// The candidate scan stopped at [`BODY_CANDIDATES`]: more pages may match than `total`.
    pub capped: bool,
    pub hits: Vec<Hit>,
}

#[derive(QueryableByName)]
struct ResultRow {
    #[diesel(sql_type = Bool)]
    searchable: bool,
    #[diesel(sql_type = BigInt)]
    total: i64,
    #[diesel(sql_type = Bool)]
    capped: bool,
    #[diesel(sql_type = Nullable<Text>)]
    name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    language: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    updated_at: Option<OffsetDateTime>,
    #[diesel(sql_type = Nullable<Text>)]
    snippet: Option<String>,
}

/// Full-text search: `limit` results from `offset`, best first, with snippets.
///
/// Candidates are the first [`BODY_CANDIDATES`] pages that match the query as parsed in their
/// own language (`search_matches`, one index per language), plus up to [`TITLE_CANDIDATES`]
/// more whose title matches in any language; each is held to the query as parsed in its own
/// language, then ranked with `ts_rank` (title words weigh ten times body words). Below
/// those numbers every match is ranked; above, the query matches so much of the wiki that
/// reading every match would cost more than the ranking is worth, and the visitor is told
/// "at least". A method sheet's snippet is its summary (the matched words marked), which says
/// what the method is better than a cut of its steps. Forms' pages (`technical`) come after
/// every page of content, whatever their rank: a form names every field of a catalogue in both
/// languages, so it matched most queries about methods, and came first for
/// "décider en groupe" (issue #25).
///
/// Body candidates come first from the pages everyone may read, in a branch without the
/// permission subquery, then from the others (found by the `search_documents_restricted`
/// index) only if those were too few. With both in one filter, the subquery's cost, charged
/// for every row, made the planner build the whole bitmap of a very common word (92,575 pages,
/// 19 ms) rather than scan to its first 500 matches (1 ms).
///
/// Title matches are looked up alone first (`title_matches`), under a limit a hundred times
/// the candidates' that only a word in very many titles reaches: under the candidates' own
/// limit, an overestimated prefix ("facilit*", estimated at 3,298 titles, found in none) was
/// looked for by reading all 110,000 titles (21 ms) instead of the title index (2 ms). Who may
/// read them is checked after, under the candidates' limit: checked on thousands of expected
/// matches, the permission subquery was planned as a hash of every readable page (35 ms).
pub async fn search(
    conn: &mut AsyncPgConnection,
    filter: &ReadFilter,
    tsquery: &str,
    offset: i64,
    limit: i64,
) -> QueryResult<Found> {
    let mut sql = Sql::default();
    let query = sql.bind(Bind::Text(tsquery.to_owned()));
    let titles = sql.bind(Bind::BigInt(TITLE_CANDIDATES));
    let bodies = sql.bind(Bind::BigInt(BODY_CANDIDATES));
    let limit = sql.bind(Bind::BigInt(limit));
    let offset = sql.bind(Bind::BigInt(offset));
    let snippet_chars = sql.bind(Bind::Int(SNIPPET_SOURCE_CHARS));
    let readable = filter.bind(&mut sql);
    let by_default = readable.by_default("d.default_read");
    let by_list = readable.by_list("d.page_id");
    let title_readable = readable.row("t.page_id", "t.default_read");
    let text = format!(
        r"
WITH body_candidates AS MATERIALIZED (
    (SELECT d.page_id, d.config, d.vector, d.technical
     FROM search_documents AS d
     WHERE querytree(search_query_any({query})) NOT IN ('', 'T')
       AND {by_default}
       AND search_matches(d.config, d.vector, {query}))
    UNION ALL
    (SELECT d.page_id, d.config, d.vector, d.technical
     FROM search_documents AS d
     WHERE querytree(search_query_any({query})) NOT IN ('', 'T')
       AND NOT ({by_default})
       AND search_matches(d.config, d.vector, {query})
       AND {by_list})
    LIMIT {bodies}
), title_matches AS MATERIALIZED (
    SELECT t.page_id, t.default_read
    FROM search_titles AS t
    WHERE querytree(search_query_any({query})) NOT IN ('', 'T')
      AND t.title_vector @@ search_query_any({query})
    LIMIT {titles} * 100
), title_candidates AS (
    SELECT d.page_id, d.config, d.vector, d.technical
    FROM title_matches AS t
    JOIN search_documents AS d ON d.page_id = t.page_id
    WHERE t.page_id NOT IN (SELECT page_id FROM body_candidates)
      AND {title_readable}
    LIMIT {titles}
), matches AS MATERIALIZED (
    SELECT c.page_id, c.config, c.technical,
           ts_rank(c.vector, search_query_for(c.config, {query}), 1) AS rank
    FROM (SELECT * FROM body_candidates UNION ALL SELECT * FROM title_candidates) AS c
    WHERE c.vector @@ search_query_for(c.config, {query})
), top AS (
    SELECT page_id, config, technical, rank
    FROM matches
    ORDER BY technical, rank DESC, page_id
    LIMIT {limit} OFFSET {offset}
), shown AS (
    SELECT top.technical, top.rank, top.page_id, p.name, p.language, p.updated_at,
           CASE WHEN s.summary IS NULL OR s.summary = '' THEN ts_headline(
               top.config,
               translate(search_plain_text(left(r.body, {snippet_chars})), U&'\E000\E001', ''),
               search_query_for(top.config, {query}),
               U&'StartSel=\E000, StopSel=\E001, MaxWords=35, MinWords=15, ShortWord=2'
           ) ELSE ts_headline(
               top.config,
               translate(search_parsable(left(s.summary, {snippet_chars})), U&'\E000\E001', ''),
               search_query_for(top.config, {query}),
               U&'StartSel=\E000, StopSel=\E001, HighlightAll=true'
           ) END AS snippet
    FROM top
    JOIN pages AS p ON p.id = top.page_id AND p.deleted_at IS NULL
    JOIN revisions AS r ON r.page_id = p.id AND r.number = p.latest_rev
    LEFT JOIN sheets AS s ON s.page_id = p.id
)
SELECT querytree(search_query_any({query})) NOT IN ('', 'T') AS searchable,
       (SELECT count(*) FROM matches) AS total,
       (SELECT count(*) FROM body_candidates) >= {bodies} AS capped,
       shown.name, shown.language, shown.updated_at, shown.snippet
FROM (VALUES (1)) AS one
LEFT JOIN shown ON true
ORDER BY shown.technical NULLS LAST, shown.rank DESC NULLS LAST, shown.page_id
"
    );
    let rows: Vec<ResultRow> = sql.query(text).load(conn).await?;
    let mut found = Found::default();
    for row in rows {
        found.searchable = row.searchable;
        found.total = row.total;
        found.capped = row.capped;
        if let (Some(name), Some(updated_at)) = (row.name, row.updated_at) {
            found.hits.push(Hit {
                name,
                language: row.language,
                updated_at,
                snippet: Snippet::from_headline(row.snippet.as_deref().unwrap_or_default()),
            });
        }
    }
    Ok(found)
}

/// Comment matches considered for ranking (see [`comments`]).
pub const COMMENT_CANDIDATES: i64 = 500;

/// One comment found.
#[derive(Debug, Clone)]
pub struct CommentHit {
    pub page_name: String,
    pub id: i64,
    pub author_name: String,
    pub created_at: OffsetDateTime,
    /// The language of its page, which its snippet is cut by.
    pub language: Option<String>,
    pub snippet: Snippet,
}

/// A page of comments found.
#[derive(Debug, Clone, Default)]
pub struct CommentsFound {
    /// As [`Found::searchable`].
    pub searchable: bool,
    /// Matching comments among the candidates.
    pub total: i64,
    /// The scan stopped at [`COMMENT_CANDIDATES`].
    pub capped: bool,
    pub hits: Vec<CommentHit>,
}

#[derive(QueryableByName)]
struct CommentRow {
    #[diesel(sql_type = Bool)]
    searchable: bool,
    #[diesel(sql_type = BigInt)]
    total: i64,
    #[diesel(sql_type = Bool)]
    capped: bool,
    #[diesel(sql_type = Nullable<Text>)]
    page_name: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    author_name: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    created_at: Option<OffsetDateTime>,
    #[diesel(sql_type = Nullable<Text>)]
    language: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    snippet: Option<String>,
}

/// Comments matching the query, best first (then newest), `limit` from `offset`: published
/// ones only (neither waiting for a moderator nor removed, which the partial index
/// `comments_words` holds alone), on live pages the visitor may read, the rule applied before
/// the `LIMIT` so that counts and pages never include another's. A comment's words are
/// analysed in French and English together (its `words` column), so the query is parsed every
/// way; its snippet is cut by its page's language.
pub async fn comments(
    conn: &mut AsyncPgConnection,
    filter: &ReadFilter,
    tsquery: &str,
    offset: i64,
    limit: i64,
) -> QueryResult<CommentsFound> {
    let mut sql = Sql::default();
    let query = sql.bind(Bind::Text(tsquery.to_owned()));
    let candidates = sql.bind(Bind::BigInt(COMMENT_CANDIDATES));
    let limit = sql.bind(Bind::BigInt(limit));
    let offset = sql.bind(Bind::BigInt(offset));
    let readable = filter.bind(&mut sql);
    let by_default = readable.by_default("p.read_acl IS NULL");
    let by_list = readable.page("p");
    let text = format!(
        r"
WITH candidates AS MATERIALIZED (
    SELECT c.id, c.page_id, c.words
    FROM comments AS c
    WHERE querytree(search_query_any({query})) NOT IN ('', 'T')
      AND NOT c.pending AND c.removed_at IS NULL
      AND c.words @@ search_query_any({query})
    LIMIT {candidates}
), readable AS MATERIALIZED (
    SELECT k.id, search_config(p.language) AS config,
           ts_rank(k.words, search_query_any({query})) AS rank
    FROM candidates AS k
    JOIN pages AS p ON p.id = k.page_id AND p.deleted_at IS NULL
    WHERE ({by_default} OR {by_list})
), top AS (
    SELECT id, config, rank FROM readable ORDER BY rank DESC, id DESC
    LIMIT {limit} OFFSET {offset}
), shown AS (
    SELECT top.rank, c.id, p.name AS page_name, c.author_name, c.created_at, p.language,
           ts_headline(
               top.config,
               translate(search_plain_text(c.body), U&'\E000\E001', ''),
               search_query_for(top.config, {query}),
               U&'StartSel=\E000, StopSel=\E001, MaxWords=35, MinWords=15, ShortWord=2'
           ) AS snippet
    FROM top
    JOIN comments AS c ON c.id = top.id
    JOIN pages AS p ON p.id = c.page_id
)
SELECT querytree(search_query_any({query})) NOT IN ('', 'T') AS searchable,
       (SELECT count(*) FROM readable) AS total,
       (SELECT count(*) FROM candidates) >= {candidates} AS capped,
       shown.page_name, shown.id, shown.author_name, shown.created_at, shown.language,
       shown.snippet
FROM (VALUES (1)) AS one
LEFT JOIN shown ON true
ORDER BY shown.rank DESC NULLS LAST, shown.id DESC
"
    );
    let rows: Vec<CommentRow> = sql.query(text).load(conn).await?;
    let mut found = CommentsFound::default();
    for row in rows {
        found.searchable = row.searchable;
        found.total = row.total;
        found.capped = row.capped;
        if let (Some(page_name), Some(id), Some(author_name), Some(created_at)) =
            (row.page_name, row.id, row.author_name, row.created_at)
        {
            found.hits.push(CommentHit {
                page_name,
                id,
                author_name,
                created_at,
                language: row.language,
                snippet: Snippet::from_headline(row.snippet.as_deref().unwrap_or_default()),
            });
        }
    }
    Ok(found)
}

#[derive(QueryableByName)]
struct NameRow {
    #[diesel(sql_type = Text)]
    name: String,
}

/// Titles that look like the query's words, best first: a misspelled word ("fishbol") finds
/// the title it was meant to be (FishBowl), and each word of "cafe du monde" counts, so both
/// "Café du monde" and "World Café" come back. Each word is matched by trigrams against the
/// vocabulary of title words (`search_title_words`, `pg_trgm`'s word similarity: at most 10
/// close words), then titles are found by those exact words (`title_words`), at most 50 per
/// word. Matching a word against every title instead read every title sharing its trigrams
/// (15,000 of 100,000 for "fishbol") before keeping 50.
pub async fn similar_titles(
    conn: &mut AsyncPgConnection,
    filter: &ReadFilter,
    words: &[String],
    limit: i64,
) -> QueryResult<Vec<String>> {
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::default();
    let words = sql.bind(Bind::Texts(words.to_vec()));
    let limit = sql.bind(Bind::BigInt(limit));
    let readable = filter.bind(&mut sql).row("t.page_id", "t.default_read");
    let text = format!(
        r"
WITH words AS (
    SELECT DISTINCT lower(unaccent(w)) AS w FROM unnest({words}::text[]) AS w
), near AS (
    SELECT words.w, v.word, v.similarity
    FROM words
    CROSS JOIN LATERAL (
        SELECT t.word, word_similarity(words.w, t.word) AS similarity
        FROM search_title_words AS t
        WHERE words.w <% t.word
        ORDER BY similarity DESC, t.word
        LIMIT 10
    ) AS v
), candidates AS (
    SELECT near.w, c.page_id, near.similarity
    FROM near
    CROSS JOIN LATERAL (
        SELECT t.page_id
        FROM search_titles AS t
        WHERE t.title_words @@ quote_literal(near.word)::tsquery
          AND {readable}
        LIMIT 50
    ) AS c
), scored AS (
    SELECT page_id, sum(similarity) AS score
    FROM (SELECT DISTINCT ON (w, page_id) w, page_id, similarity FROM candidates
          ORDER BY w, page_id, similarity DESC) AS best
    GROUP BY page_id
)
SELECT p.name
FROM scored
JOIN pages AS p ON p.id = scored.page_id AND p.deleted_at IS NULL
ORDER BY scored.score DESC, p.name
LIMIT {limit}
"
    );
    let rows: Vec<NameRow> = sql.query(text).load(conn).await?;
    Ok(rows.into_iter().map(|row| row.name).collect())
}

/// Titles for what is being typed, for the search box and the editor's link picker, in tiers:
/// titles starting with the text (alphabetical), then titles with a word starting with each
/// typed word (shortest first), then titles that look like it (misspellings). A tier is only
/// searched when the ones before it left room; the last two need three characters, below
/// which they would match most of the wiki.
///
/// `typed_like` is the typed text escaped for `LIKE`, `words_tsquery` its prefix tsquery
/// (see `query::completion_tsquery`).
pub async fn complete_titles(
    conn: &mut AsyncPgConnection,
    filter: &ReadFilter,
    typed: &str,
    typed_like: &str,
    words_tsquery: &str,
    limit: i64,
) -> QueryResult<Vec<String>> {
    // The folded text is computed first and bound as a value: the planner can only turn a
    // `LIKE 'prefix%'` with a constant pattern into a btree range scan.
    let folded: NameRow = diesel::sql_query("SELECT lower(unaccent($1)) AS name")
        .bind::<Text, _>(typed_like)
        .get_result(conn)
        .await?;
    let long_enough = typed.trim().chars().count() >= 3;
    let mut sql = Sql::default();
    let folded = sql.bind(Bind::Text(folded.name));
    let words = sql.bind(Bind::Text(words_tsquery.to_owned()));
    let long_enough = sql.bind(Bind::Bool(long_enough && !words_tsquery.is_empty()));
    let limit = sql.bind(Bind::BigInt(limit));
    let typed = sql.bind(Bind::Text(typed.to_owned()));
    let readable = filter.bind(&mut sql).row("t.page_id", "t.default_read");
    let text = format!(
        r"
WITH starts AS (
    SELECT t.page_id, 0 AS tier, 0::real AS score
    FROM search_titles AS t
    WHERE t.title_folded LIKE {folded} || '%'
      AND {readable}
    ORDER BY t.title_folded
    LIMIT {limit}
), words AS (
    SELECT t.page_id, 1 AS tier, 0::real AS score
    FROM search_titles AS t
    WHERE {long_enough} AND (SELECT count(*) FROM starts) < {limit}
      AND t.title_words @@ to_tsquery('coopwiki_simple', {words})
      AND {readable}
    LIMIT 50
), fuzzy AS (
    SELECT t.page_id, 2 AS tier, word_similarity(lower(unaccent({typed})), t.title_folded) AS score
    FROM search_titles AS t
    WHERE {long_enough} AND (SELECT count(*) FROM starts) + (SELECT count(*) FROM words) < {limit}
      AND lower(unaccent({typed})) <% t.title_folded
      AND {readable}
    LIMIT 50
), best AS (
    SELECT DISTINCT ON (page_id) page_id, tier, score
    FROM (SELECT * FROM starts UNION ALL SELECT * FROM words UNION ALL SELECT * FROM fuzzy) AS all_tiers
    ORDER BY page_id, tier
)
SELECT p.name
FROM best
JOIN pages AS p ON p.id = best.page_id AND p.deleted_at IS NULL
ORDER BY best.tier, best.score DESC, char_length(p.name), p.name
LIMIT {limit}
"
    );
    let rows: Vec<NameRow> = sql.query(text).load(conn).await?;
    Ok(rows.into_iter().map(|row| row.name).collect())
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
}

#[derive(QueryableByName)]
struct Indexed {
    #[diesel(sql_type = Integer)]
    pages: i32,
}

#[derive(QueryableByName)]
struct Done {
    #[diesel(sql_type = Bool)]
    done: bool,
}

#[derive(QueryableByName)]
struct DueRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    page_id: Uuid,
    #[diesel(sql_type = Integer)]
    latest_rev: i32,
}

/// What one call of [`index_queued`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Indexing {
    /// Pages whose document was built (or retried later after an error in the text search).
    pub indexed: i32,
    /// Pages whose document could not be built within the budget, now in `search_set_aside`.
    pub set_aside: i32,
}

/// Builds the search documents of up to `batch` queued pages, oldest first, and says how many
/// were built and how many set aside. Pages that another transaction holds (being saved,
/// renamed...) wait for a later call, so nothing done does not always mean the queue is empty.
///
/// No page may hold the queue: PostgreSQL's text search parser is superlinear on some texts
/// (issue #27), and a page whose document took minutes to build stopped the indexing of every
/// page saved after it. The batch is built in one transaction under a statement timeout of
/// `budget`; when it runs out, each of its pages is built in a transaction of its own under the
/// same budget, and a page that runs out alone is set aside (`search_set_aside`): it leaves the
/// queue, is indexed by its title alone, and comes back with its next revision.
pub async fn index_queued(
    conn: &mut AsyncPgConnection,
    batch: i32,
    budget: Duration,
) -> QueryResult<Indexing> {
    let whole = within(conn, budget, |conn| {
        diesel::sql_query("SELECT search_index_queued($1) AS pages")
            .bind::<Integer, _>(batch)
            .get_result::<Indexed>(conn)
            .boxed()
    })
    .await;
    match whole {
        Ok(done) => {
            return Ok(Indexing {
                indexed: done.pages,
                set_aside: 0,
            });
        }
        Err(err) if !out_of_budget(&err) => return Err(err),
        Err(_) => {}
    }
    let due: Vec<DueRow> = diesel::sql_query(
        "SELECT q.page_id, p.latest_rev FROM search_queue AS q JOIN pages AS p ON p.id = q.page_id
         WHERE q.due_at <= clock_timestamp() ORDER BY q.due_at LIMIT $1",
    )
    .bind::<Integer, _>(batch)
    .load(conn)
    .await?;
    let mut indexing = Indexing::default();
    for page in due {
        let alone = within(conn, budget, |conn| {
            diesel::sql_query("SELECT search_index_page($1) AS done")
                .bind::<diesel::sql_types::Uuid, _>(page.page_id)
                .get_result::<Done>(conn)
                .boxed()
        })
        .await;
        match alone {
            Ok(done) => indexing.indexed += i32::from(done.done),
            Err(err) if out_of_budget(&err) => {
                let reason = err.to_string();
                let aside = within(conn, budget, |conn| {
                    diesel::sql_query("SELECT search_set_aside($1, $2, $3) AS done")
                        .bind::<diesel::sql_types::Uuid, _>(page.page_id)
                        .bind::<Integer, _>(page.latest_rev)
                        .bind::<Text, _>(reason.clone())
                        .get_result::<Done>(conn)
                        .boxed()
                })
                .await?;
                if aside.done {
                    tracing::warn!(
                        page = %page.page_id,
                        revision = page.latest_rev,
                        %reason,
                        "search document set aside: only its title is indexed until its next revision"
                    );
                    indexing.set_aside += 1;
                }
            }
            Err(err) => return Err(err),
        }
    }
    Ok(indexing)
}

/// Runs `work` in a transaction whose statements are cancelled past `budget`.
async fn within<T: Send>(
    conn: &mut AsyncPgConnection,
    budget: Duration,
    work: impl for<'c> FnOnce(&'c mut AsyncPgConnection) -> BoxFuture<'c, QueryResult<T>> + Send,
) -> QueryResult<T> {
    use diesel_async::AsyncConnection;
    let millis = i64::try_from(budget.as_millis()).unwrap_or(i64::MAX).max(1);
    conn.transaction(async move |conn| {
        diesel::sql_query("SELECT set_config('statement_timeout', $1, true)")
            .bind::<Text, _>(format!("{millis}ms"))
            .execute(conn)
            .await?;
        work(conn).await
    })
    .await
}

/// Whether PostgreSQL gave up on a statement (its timeout, or a cancel), rather than lost the
/// connection: the page is then the cause, not the database.
fn out_of_budget(err: &diesel::result::Error) -> bool {
    matches!(
        err,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::Unknown, _)
    )
}

/// Pages set aside by the indexer (see [`index_queued`]), the latest first, for the
/// administration page.
pub async fn set_aside(conn: &mut AsyncPgConnection) -> QueryResult<Vec<SetAside>> {
    use crate::db::schema::{pages, search_set_aside};
    search_set_aside::table
        .inner_join(pages::table)
        .filter(pages::deleted_at.is_null())
        .select((
            pages::name,
            search_set_aside::revision,
            search_set_aside::reason,
            search_set_aside::set_aside_at,
        ))
        .order(search_set_aside::set_aside_at.desc())
        .limit(100)
        .load::<(String, i32, String, OffsetDateTime)>(conn)
        .await
        .map(|rows| {
            rows.into_iter()
                .map(|(name, revision, reason, at)| SetAside {
                    name,
                    revision,
                    reason,
                    at,
                })
                .collect()
        })
}

/// A page set aside by the indexer.
#[derive(Debug, Clone)]
pub struct SetAside {
    pub name: String,
    pub revision: i32,
    pub reason: String,
    pub at: OffsetDateTime,
}

/// How many pages wait to be indexed now (not counting those whose document could not be built,
/// queued again for later).
pub async fn queued(conn: &mut AsyncPgConnection) -> QueryResult<i64> {
    use crate::db::schema::search_queue;
    search_queue::table
        .filter(search_queue::due_at.le(diesel::dsl::now))
        .count()
        .get_result(conn)
        .await
}

/// How long the page queued longest has waited to be indexed (zero when none waits).
pub async fn longest_wait(conn: &mut AsyncPgConnection) -> QueryResult<Duration> {
    let waited: Waited = diesel::sql_query(
        "SELECT coalesce(extract(epoch FROM clock_timestamp() - min(due_at)), 0)::float8 AS seconds
         FROM search_queue WHERE due_at <= clock_timestamp()",
    )
    .get_result(conn)
    .await?;
    Ok(Duration::try_from_secs_f64(waited.seconds).unwrap_or_default())
}

#[derive(QueryableByName)]
struct Waited {
    #[diesel(sql_type = diesel::sql_types::Double)]
    seconds: f64,
}

/// Rebuilds the search documents of up to `batch` pages after `after` (in id order), in one
/// transaction; returns the last page id done and how many pages, or `None` when there were no
/// more pages. The `reindex` command calls it until done, so a big wiki is rebuilt in short
/// transactions, and saves go on meanwhile. Each transaction locks its pages while it rebuilds
/// them, as the indexer does: a save, rename or change of readers committed meanwhile waits for
/// it, so an older text never overwrites a newer document.
pub async fn reindex_batch(
    conn: &mut AsyncPgConnection,
    after: Option<Uuid>,
    batch: i64,
) -> QueryResult<Option<(Uuid, u64)>> {
    use diesel_async::AsyncConnection;
    conn.transaction(async |conn| {
        let ids: Vec<IdRow> = diesel::sql_query(
            "SELECT id FROM pages WHERE $1::uuid IS NULL OR id > $1 ORDER BY id LIMIT $2
             FOR NO KEY UPDATE",
        )
        .bind::<Nullable<diesel::sql_types::Uuid>, _>(after)
        .bind::<BigInt, _>(batch)
        .load(conn)
        .await?;
        let Some(last) = ids.last().map(|row| row.id) else {
            return Ok(None);
        };
        let ids: Vec<Uuid> = ids.into_iter().map(|row| row.id).collect();
        diesel::sql_query("SELECT search_refresh($1)")
            .bind::<Array<diesel::sql_types::Uuid>, _>(&ids)
            .execute(conn)
            .await?;
        Ok(Some((last, ids.len() as u64)))
    })
    .await
}
