//! Every read and write of the catalogue: the derived `sheets` rows, forms, the filtered and
//! counted catalogue, related methods, exports. The only file of this capability that speaks
//! SQL.
//!
//! The catalogue query is built at run time (its filters vary), through a boxed diesel query
//! whose every value from the visitor is a bind parameter. Only numbers computed from the form
//! (positions in `bounds`) and field keys are written into the SQL text, and a key comes from a
//! form definition, which admits `^[a-z][a-z0-9_]*$` identifiers only
//! (`form::is_identifier`).
//!
//! Filtering and counting read `sheets` alone (no join): its rows are narrow, choices are bits
//! of `facet_bits` and ranges integers of `bounds`, so one scan of the sheets of a language
//! gives every count with integer operations.

use std::collections::HashMap;

use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::sql_types::{Array, BigInt, Integer, Jsonb, Nullable, Text, Timestamptz};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::ReadFilter;
use crate::catalogue::fields::{self, Derived};
use crate::catalogue::filters::{Filter, LangFilter, Search, Sort};
use crate::catalogue::form::{self, Form};
use crate::catalogue::sheet;
use crate::db::schema::{pages, revisions, sheets};
use crate::db::sql::{Bind, Sql};
use crate::error::AppError;
use crate::identity::Author;
use crate::kind::Kinds;
use crate::names::PageName;
use crate::pages::queries::{self as page_queries, Found};
use crate::pages::render::outgoing_links;
use crate::pages::save::{Base, NewRevision, OnStale, SaveOutcome, SaveRequest, Writer, save};
use crate::search::query::SearchQuery;

/// The form `name`, from its page; `None` when the page is missing, deleted or invalid.
pub async fn load_form(conn: &mut AsyncPgConnection, name: &str) -> QueryResult<Option<Form>> {
    let Ok(page) = PageName::parse(&form::form_page_name(name)) else {
        return Ok(None);
    };
    let body: Option<String> = pages::table
        .inner_join(
            revisions::table.on(revisions::page_id
                .eq(pages::id)
                .and(revisions::number.eq(pages::latest_rev))),
        )
        .filter(pages::name_key.eq(page.key()))
        .filter(pages::deleted_at.is_null())
        .select(revisions::body)
        .first(conn)
        .await
        .optional()?;
    Ok(body.and_then(|text| Form::parse(&text).ok()))
}

/// The form of a sheet's text, for merging it field by field; `None` for a page that is not a
/// sheet or whose form is missing (the sheet then merges with the form's order unknown).
pub async fn form_of_sheet(conn: &mut AsyncPgConnection, text: &str) -> QueryResult<Option<Form>> {
    match sheet::parse(text) {
        Some(Ok(sheet)) => load_form(conn, sheet.form_name()).await,
        _ => Ok(None),
    }
}

/// Keeps the catalogue in step with a save, inside the save's transaction. `body` is the text
/// actually saved, `previous` the text the row was derived from ("" when there is none). A
/// sheet gets its row (re)derived; a page that is no longer a sheet loses it (a page that was
/// none costs no statement); a form page re-derives every sheet of its form, since facets and
/// ranges depend on it.
pub async fn after_save(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    page_name: &str,
    body: &str,
    previous: &str,
) -> QueryResult<()> {
    if let Some(form_name) = form::form_of_page(page_name) {
        return rederive_form(conn, form_name).await;
    }
    match sheet::parse(body) {
        Some(Ok(sheet)) => {
            let form = load_form(conn, sheet.form_name()).await?;
            let derived = fields::derive(form.as_ref(), &sheet);
            store(conn, page_id, page_name, &derived).await
        }
        _ if sheet::looks_like_sheet(previous) => {
            diesel::delete(sheets::table.find(page_id))
                .execute(conn)
                .await?;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A deleted page leaves the catalogue, inside the deletion's transaction (an undeletion
/// derives it again through [`after_save`]).
pub async fn forget(conn: &mut AsyncPgConnection, page_id: Uuid) -> QueryResult<()> {
    diesel::delete(sheets::table.find(page_id))
        .execute(conn)
        .await?;
    Ok(())
}

/// Keeps a sheet's title in step with a rename, inside the rename's transaction.
pub async fn after_rename(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    name: &str,
) -> QueryResult<()> {
    diesel::update(sheets::table.find(page_id))
        .set(sheets::title.eq(name))
        .execute(conn)
        .await?;
    Ok(())
}

async fn store(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    title: &str,
    row: &Derived,
) -> QueryResult<()> {
    let values = (
        sheets::form.eq(&row.form),
        sheets::lang.eq(&row.lang),
        sheets::translation.eq(&row.translation),
        sheets::title.eq(title),
        sheets::hook.eq(&row.hook),
        sheets::summary.eq(&row.summary),
        sheets::fields.eq(&row.fields),
        sheets::facets.eq(&row.facets),
        sheets::facet_bits.eq(row.facet_bits),
        sheets::bounds.eq(&row.bounds),
        sheets::valid.eq(row.valid),
        sheets::updated_at.eq(diesel::dsl::now),
        sheets::search_text.eq(&row.search_text),
    );
    diesel::insert_into(sheets::table)
        .values((sheets::page_id.eq(page_id), values))
        .on_conflict(sheets::page_id)
        .do_update()
        .set(values)
        .execute(conn)
        .await?;
    Ok(())
}

/// Re-derives every sheet, one form per transaction: for `coopwiki reindex`, since a sheet's
/// search document is built from its row (rows written before a derivation existed, such as
/// `search_text`, are filled in).
pub async fn rederive_all(conn: &mut AsyncPgConnection) -> QueryResult<()> {
    let forms: Vec<String> = sheets::table
        .select(sheets::form)
        .distinct()
        .load(conn)
        .await?;
    for form in forms {
        conn.transaction(async |conn| rederive_form(conn, &form).await)
            .await?;
    }
    Ok(())
}

/// Re-derives every sheet of a form after the form changed, and marks their rendering stale
/// (labels and field types may have changed).
async fn rederive_form(conn: &mut AsyncPgConnection, form_name: &str) -> QueryResult<()> {
    let form = load_form(conn, form_name).await?;
    let rows: Vec<(Uuid, String, String)> = sheets::table
        .inner_join(pages::table)
        .inner_join(
            revisions::table.on(revisions::page_id
                .eq(pages::id)
                .and(revisions::number.eq(pages::latest_rev))),
        )
        .filter(sheets::form.eq(form_name))
        .select((pages::id, pages::name, revisions::body))
        .load(conn)
        .await?;
    for (page_id, name, body) in &rows {
        if let Some(Ok(sheet)) = sheet::parse(body) {
            store(conn, *page_id, name, &fields::derive(form.as_ref(), &sheet)).await?;
        }
    }
    let ids: Vec<Uuid> = rows.iter().map(|(id, _, _)| *id).collect();
    // Locked in the order of their ids, as `pages::queries::invalidate_linkers` does.
    diesel::sql_query(
        "UPDATE pages SET render_generation = render_generation + 1 \
         WHERE id IN (SELECT id FROM pages WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE)",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::Uuid>, _>(ids)
    .execute(conn)
    .await?;
    Ok(())
}

/// The names of the live form pages (`Form.*`) the visitor may read, in name order.
pub async fn form_pages(
    conn: &mut AsyncPgConnection,
    read: &ReadFilter,
) -> QueryResult<Vec<String>> {
    let prefix = form::FORM_PAGE_PREFIX.to_lowercase();
    pages::table
        .filter(pages::name_key.like(format!("{prefix}%")))
        .filter(pages::deleted_at.is_null())
        .filter(read.pages())
        .select(pages::name)
        .order(pages::name)
        .limit(200)
        .load(conn)
        .await
}

/// A sheet of another language or a related method, found by slug.
#[derive(Debug, Clone, Queryable)]
pub struct SlugPage {
    pub name: String,
    pub lang: String,
    pub translation: String,
}

/// Live sheets having one of these slugs (any language) that the visitor may read: a related
/// method or a translation must not reveal a restricted sheet's name.
pub async fn by_slugs(
    conn: &mut AsyncPgConnection,
    filter: &ReadFilter,
    slugs: &[String],
) -> QueryResult<Vec<SlugPage>> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    sheets::table
        .inner_join(pages::table)
        .filter(filter.pages())
        .filter(sheets::translation.eq_any(slugs))
        .select((sheets::title, sheets::lang, sheets::translation))
        .order(sheets::title)
        .load(conn)
        .await
}

/// The conditions of a search: the base (form, language) and one per active filter, keyed by
/// field key (`"q"` for the text).
///
/// The base keeps only sheets the visitor may read (the same SQL check as every listing), so
/// cards, counts and exports never show or count a private sheet. Sheets following the site's
/// default list (`default_read`) are decided once for the request, so only sheets with a list
/// of their own pay for `coopwiki_acl_allows`; administrators read everything.
fn conditions(
    sql: &mut Sql,
    form: &Form,
    search: &Search,
    read: &ReadFilter,
) -> (String, Vec<(String, String)>) {
    let mut base = format!("s.form = {}", sql.bind(Bind::Text(form.name.clone())));
    let readable = read.bind(sql).row("s.page_id", "s.default_read");
    base.push_str(&format!(" AND {readable}"));
    if let LangFilter::One(lang) = search.lang {
        base.push_str(&format!(
            " AND s.lang = {}",
            sql.bind(Bind::Text(lang.code().to_owned()))
        ));
    }
    let mut filters = Vec::new();
    for filter in &search.filters {
        let condition = match filter {
            Filter::Choices { key, ids } => {
                let bits: Option<Vec<u32>> = ids.iter().map(|id| form.facet_bit(key, id)).collect();
                match bits {
                    Some(bits) => {
                        let mask = bits.iter().fold(0i64, |mask, bit| mask | (1 << bit));
                        format!("(s.facet_bits & {}) <> 0", sql.bind(Bind::BigInt(mask)))
                    }
                    None => {
                        let tokens = ids.iter().map(|id| format!("{key}={id}")).collect();
                        format!("s.facets && {}", sql.bind(Bind::Texts(tokens)))
                    }
                }
            }
            Filter::Contains { key, value } => {
                let Some(slot) = form.range_slot(key) else {
                    continue;
                };
                let value = sql.bind(Bind::Int(*value));
                // PostgreSQL arrays count from 1.
                format!(
                    "(s.bounds[{}] <= {value} AND s.bounds[{}] >= {value})",
                    slot + 1,
                    slot + 2
                )
            }
        };
        filters.push((filter.key().to_owned(), condition));
    }
    if let Some(min) = search.used {
        let used = usage(sql, read);
        filters.push((
            "used".to_owned(),
            format!("{used} >= {}", sql.bind(Bind::BigInt(min))),
        ));
    }
    if let Some(query) = text_query(search) {
        let q = sql.bind(Bind::Text(query.tsquery()));
        let condition = if query.is_empty() {
            // Only exclusions: nothing for the index to look up, each sheet is checked.
            format!(
                "EXISTS (SELECT 1 FROM search_documents d WHERE d.page_id = s.page_id \
                 AND d.vector @@ search_query_for(d.config, {q}))"
            )
        } else {
            // The matching pages, found once from the search index (a hashed subplan).
            format!(
                "s.page_id IN (SELECT d.page_id FROM search_documents d WHERE \
                 search_matches(d.config, d.vector, {q}))"
            )
        };
        filters.push(("q".to_owned(), condition));
    }
    (base, filters)
}

/// The text query of a search, parsed as `/-/search` parses it (words, phrases, `-word`,
/// `OR`, `prefix*`); `None` when there is none.
fn text_query(search: &Search) -> Option<SearchQuery> {
    let query = SearchQuery::parse(&search.text).ok()?;
    (!query.tsquery().is_empty()).then_some(query)
}

/// One sheet in the catalogue's results.
#[derive(Debug, Clone, QueryableByName)]
pub struct Card {
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub lang: String,
    #[diesel(sql_type = Text)]
    pub hook: String,
    #[diesel(sql_type = Text)]
    pub summary: String,
    #[diesel(sql_type = Array<Text>)]
    pub facets: Vec<String>,
    #[diesel(sql_type = BigInt)]
    pub facet_bits: i64,
    #[diesel(sql_type = Array<Nullable<Integer>>)]
    pub bounds: Vec<Option<i32>>,
    #[diesel(sql_type = Timestamptz)]
    pub updated_at: OffsetDateTime,
    /// Programmes the visitor may read that use this sheet.
    #[diesel(sql_type = BigInt)]
    pub used_in: i64,
    /// Published field notes in the sheet's discussion (see `discussions`).
    #[diesel(sql_type = BigInt)]
    pub field_notes: i64,
    /// The value of the form's image field (`{src, alt}`, see [`Form::image_field`]).
    #[diesel(sql_type = Nullable<Jsonb>)]
    pub image: Option<serde_json::Value>,
}

/// What the catalogue view shows besides the cards.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// Sheets matching every filter.
    pub total: i64,
    /// For each `key=id`: sheets matching every filter but those of `key`, that have `id`.
    pub values: HashMap<String, i64>,
    /// For each active filter (and `"q"`): sheets matching all the other filters.
    pub without: HashMap<String, i64>,
}

/// How many live programmes the visitor may read use the sheet `s` (see `programmes`): one
/// correlated count over the indexed `programme_slot_methods`, so a private programme is
/// neither shown nor counted.
fn usage(sql: &mut Sql, read: &ReadFilter) -> String {
    let readable = read.bind(sql).page("up");
    format!(
        "(SELECT count(DISTINCT u.programme_id) FROM programme_slot_methods u \
         JOIN pages up ON up.id = u.programme_id WHERE u.method_page_id = s.page_id \
         AND up.deleted_at IS NULL AND {readable})"
    )
}

/// How many published field notes the sheet `s` has: a count over the partial index
/// `comments_field_notes`. They are part of the sheet's page, readable with it.
const FIELD_NOTES: &str = "(SELECT count(*) FROM comments fnote WHERE fnote.page_id = s.page_id \
     AND fnote.is_field_note AND NOT fnote.pending AND fnote.removed_at IS NULL)";

/// The order of results, over `s` (a `sheets` row), `rank` (the text query's rank, 0
/// without one) and `used` (the `usage` expression).
fn order_by(form: &Form, sort: Sort, used: &str) -> String {
    let duration = form
        .duration_field()
        .and_then(|field| form.range_slot(&field.key));
    match (sort, duration) {
        (Sort::Recent, _) => "s.updated_at DESC, s.page_id".to_owned(),
        (Sort::Duration, Some(slot)) => format!(
            "s.bounds[{}] NULLS LAST, lower(s.title), s.page_id",
            slot + 1
        ),
        (Sort::Relevance, _) => "rank DESC, lower(s.title), s.title, s.page_id".to_owned(),
        (Sort::Usage, _) => format!("{used} DESC, lower(s.title), s.page_id"),
        (Sort::Practice, _) => format!("{FIELD_NOTES} DESC, lower(s.title), s.page_id"),
        _ => "lower(s.title), s.title, s.page_id".to_owned(),
    }
}

/// The page of results: the matching ids are found, sorted and cut from the covering index
/// alone (and the search index, ranked as `/-/search` ranks, when there is a text query),
/// then only those rows are read whole.
fn cards_sql(form: &Form, search: &Search, read: &ReadFilter, limit: i64) -> (String, Sql) {
    let mut sql = Sql::default();
    let (base, filters) = conditions(&mut sql, form, search, read);
    let ranked = search.sort == Sort::Relevance;
    let mut matching = match text_query(search).filter(|_| ranked) {
        Some(query) => format!(
            "SELECT s.page_id, ts_rank(d.vector, search_query_for(d.config, {}), 1) AS rank \
             FROM sheets s JOIN search_documents d ON d.page_id = s.page_id WHERE {base}",
            sql.bind(Bind::Text(query.tsquery()))
        ),
        None => format!("SELECT s.page_id, 0::real AS rank FROM sheets s WHERE {base}"),
    };
    for (_, condition) in &filters {
        matching.push_str(" AND ");
        matching.push_str(condition);
    }
    let limit = sql.bind(Bind::Int(i32::try_from(limit).unwrap_or(i32::MAX)));
    let offset = sql.bind(Bind::Int(i32::try_from(search.offset).unwrap_or(0)));
    let used = usage(&mut sql, read);
    let order = order_by(form, search.sort, &used);
    let image = match form.image_field() {
        Some(field) => format!("s.fields -> {}", sql.bind(Bind::Text(field.key.clone()))),
        None => "NULL::jsonb".to_owned(),
    };
    let text = format!(
        "SELECT s.title AS name, s.lang, s.hook, s.summary, s.facets, s.facet_bits, s.bounds, \
         s.updated_at, {used} AS used_in, {FIELD_NOTES} AS field_notes, {image} AS image \
         FROM ({matching} ORDER BY {order} LIMIT {limit} OFFSET {offset}) AS m \
         JOIN sheets s ON s.page_id = m.page_id ORDER BY {}",
        order.replace("rank DESC", "m.rank DESC")
    );
    (text, sql)
}

/// The page of results of a search, in its order.
pub async fn cards(
    conn: &mut AsyncPgConnection,
    form: &Form,
    search: &Search,
    read: &ReadFilter,
    limit: i64,
) -> QueryResult<Vec<Card>> {
    let (text, sql) = cards_sql(form, search, read, limit);
    sql.query(text).load(conn).await
}

/// Sheets of the form and language that share their choices and the set of filters they fail.
#[derive(QueryableByName)]
struct CountGroup {
    #[diesel(sql_type = BigInt)]
    bits: i64,
    #[diesel(sql_type = BigInt)]
    fails: i64,
    #[diesel(sql_type = Array<Text>)]
    facets: Vec<String>,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// One scan of the sheets of the form and language (from the covering index): each sheet
/// gets a bit mask of the active filters it fails; sheets failing two or more filters count
/// nowhere and are dropped; the rest are grouped by their choices and failures. Every count
/// follows from these few groups (see [`counts`]). `OFFSET 0` keeps the subquery from being
/// flattened, so the mask is computed once per sheet rather than in the filter and the group.
fn counts_sql(form: &Form, search: &Search, read: &ReadFilter) -> (String, Sql, Vec<String>) {
    let mut sql = Sql::default();
    let (base, filters) = conditions(&mut sql, form, search, read);
    let fails = if filters.is_empty() {
        "0::bigint".to_owned()
    } else {
        filters
            .iter()
            .enumerate()
            .map(|(i, (_, condition))| {
                format!(
                    "CASE WHEN {condition} THEN 0 ELSE {}::bigint END",
                    1i64 << i
                )
            })
            .collect::<Vec<_>>()
            .join(" | ")
    };
    // Values past the bits of `facet_bits` are found in `facets`; a form without any reads
    // none of it.
    let beyond_bits = form.filters().filter(|f| f.kind.has_choices()).any(|f| {
        f.choices
            .iter()
            .any(|c| form.facet_bit(&f.key, &c.id).is_none())
    });
    let facets = if beyond_bits {
        "s.facets"
    } else {
        "'{}'::text[]"
    };
    let text = format!(
        "SELECT bits, fails, facets, count(*) AS n FROM (SELECT s.facet_bits AS bits, \
         {facets} AS facets, ({fails}) AS fails FROM sheets s WHERE {base} OFFSET 0) AS x \
         WHERE fails & (fails - 1) = 0 GROUP BY bits, fails, facets"
    );
    (text, sql, filters.into_iter().map(|(key, _)| key).collect())
}

/// Counts for the filters (see `counts_sql`).
pub async fn counts(
    conn: &mut AsyncPgConnection,
    form: &Form,
    search: &Search,
    read: &ReadFilter,
) -> QueryResult<Counts> {
    let (text, sql, keys) = counts_sql(form, search, read);
    let groups: Vec<CountGroup> = sql.query(text).load(conn).await?;
    let mut values: Vec<(String, &str, Option<u32>)> = Vec::new();
    for field in form.filters().filter(|f| f.kind.has_choices()) {
        for choice in &field.choices {
            let token = format!("{}={}", field.key, choice.id);
            values.push((token, &field.key, form.facet_bit(&field.key, &choice.id)));
        }
    }
    let mut counts = Counts::default();
    for group in &groups {
        // The one filter this group fails, if any.
        let failed = (group.fails != 0).then(|| group.fails.trailing_zeros() as usize);
        let failed_key = failed.and_then(|i| keys.get(i)).map(String::as_str);
        if failed.is_none() {
            counts.total += group.n;
        }
        for (i, key) in keys.iter().enumerate() {
            if failed.is_none() || failed == Some(i) {
                *counts.without.entry(key.clone()).or_default() += group.n;
            }
        }
        for (token, key, bit) in &values {
            if failed_key.is_some_and(|failed| failed != *key) {
                continue;
            }
            let has = match bit {
                Some(bit) => group.bits & (1 << bit) != 0,
                None => group.facets.iter().any(|f| f == token),
            };
            if has {
                *counts.values.entry(token.clone()).or_default() += group.n;
            }
        }
    }
    Ok(counts)
}

#[derive(QueryableByName)]
struct PlanLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

/// `EXPLAIN ANALYZE` of the catalogue's two queries for a search, for the benchmark.
pub async fn explain(
    conn: &mut AsyncPgConnection,
    form: &Form,
    search: &Search,
    read: &ReadFilter,
) -> QueryResult<Vec<String>> {
    let (cards, cards_binds) = cards_sql(form, search, read, 48);
    let (counts, counts_binds, _) = counts_sql(form, search, read);
    let mut plans = Vec::new();
    for (text, sql) in [(cards, cards_binds), (counts, counts_binds)] {
        let rows: Vec<PlanLine> = sql
            .query(format!("EXPLAIN (ANALYZE, BUFFERS) {text}"))
            .load(conn)
            .await?;
        plans.extend(rows.into_iter().map(|r| r.line));
        plans.push(String::new());
    }
    Ok(plans)
}

/// A sheet's current name, text and revision number, for exports and printed cards.
#[derive(Debug, Clone, QueryableByName)]
pub struct SheetText {
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub body: String,
    #[diesel(sql_type = Integer)]
    pub number: i32,
}

/// Every sheet of a search (at most `limit`), with its latest text, in the search's order.
pub async fn texts(
    conn: &mut AsyncPgConnection,
    form: &Form,
    search: &Search,
    read: &ReadFilter,
    limit: i64,
) -> QueryResult<Vec<SheetText>> {
    let mut sql = Sql::default();
    let (base, filters) = conditions(&mut sql, form, search, read);
    let mut text = format!(
        "SELECT s.title AS name, r.body, r.number FROM sheets s JOIN pages p ON p.id = s.page_id \
         JOIN revisions r ON r.page_id = p.id AND r.number = p.latest_rev WHERE {base}"
    );
    for (_, condition) in &filters {
        text.push_str(" AND ");
        text.push_str(condition);
    }
    let limit = sql.bind(Bind::Int(i32::try_from(limit).unwrap_or(i32::MAX)));
    let used = usage(&mut sql, read);
    text.push_str(&format!(
        " ORDER BY {} LIMIT {limit}",
        // Exports carry no rank: best matches come by title.
        order_by(
            form,
            match search.sort {
                Sort::Relevance => Sort::Title,
                sort => sort,
            },
            &used,
        )
    ));
    sql.query(text).load(conn).await
}

/// How many pages exist besides these (by name key): zero on a wiki that only has its
/// default pages, where the starter catalogue may be installed.
pub async fn other_pages(conn: &mut AsyncPgConnection, keys: &[String]) -> QueryResult<i64> {
    pages::table
        .filter(pages::name_key.ne_all(keys))
        .count()
        .get_result(conn)
        .await
}

/// Why an import transaction was rolled back.
#[derive(Debug)]
enum Abort {
    Db(diesel::result::Error),
    /// A page changed name or appeared between the check and the write.
    Moved(String),
    /// The visitor may not write a page (decided on its locked row).
    Refused(AppError),
}

impl From<diesel::result::Error> for Abort {
    fn from(err: diesel::result::Error) -> Self {
        Abort::Db(err)
    }
}

/// Saves every `(page, text)` in one transaction, as `author` with `summary`, each checked
/// for `writer` on the page as its save locked it: all or nothing. `Ok(Err(page))`: a page
/// changed name or appeared since the texts were prepared; nothing was written. A refusal is
/// returned as the error, nothing written either.
pub async fn save_all(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    saves: &[(PageName, String)],
    (author, summary): (&Author, &str),
    writer: Writer<'_>,
) -> Result<Result<(), String>, AppError> {
    let outcome = conn
        .transaction::<_, Abort, _>(async |conn| {
            for (name, text) in saves {
                let base = match page_queries::find(conn, name).await? {
                    Some(Found::Current(page) | Found::FormerName(page)) => page.latest_rev,
                    None => 0,
                };
                let request = SaveRequest {
                    name: name.clone(),
                    base: Base::from_number(base),
                    revision: NewRevision {
                        links: outgoing_links(text),
                        body: text.clone(),
                        summary: summary.to_owned(),
                        author: author.clone(),
                        restored_from: None,
                        submission_id: None,
                        on_stale: OnStale::Refuse,
                        undelete: false,
                        at: None,
                    },
                };
                match save(conn, kinds, &request, writer).await? {
                    SaveOutcome::Saved { .. } | SaveOutcome::Unchanged { .. } => {}
                    SaveOutcome::Refused(refusal) => return Err(Abort::Refused(refusal)),
                    SaveOutcome::NameTaken { existing }
                    | SaveOutcome::Stale { name: existing, .. }
                    | SaveOutcome::Deleted { name: existing, .. } => {
                        return Err(Abort::Moved(existing));
                    }
                }
            }
            Ok(())
        })
        .await;
    match outcome {
        Ok(()) => Ok(Ok(())),
        Err(Abort::Moved(page)) => Ok(Err(page)),
        Err(Abort::Refused(refusal)) => Err(refusal),
        Err(Abort::Db(err)) => Err(err.into()),
    }
}
