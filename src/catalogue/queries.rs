//! Every read and write of the catalogue: the derived `sheets` rows, forms, the filtered and
//! counted catalogue, related methods, exports. The only file of this capability that speaks
//! SQL.
//!
//! The catalogue query is built at run time (its filters vary), through a boxed diesel query
//! whose every value from the visitor is a bind parameter. Only field keys are written into
//! the SQL text, and a key comes from a form definition, which admits `^[a-z][a-z0-9_]*$`
//! identifiers only (`form::is_identifier`); writing them in lets PostgreSQL use the
//! expression indexes of the migration.

use std::collections::HashMap;

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::BoxedSqlQuery;
use diesel::result::QueryResult;
use diesel::sql_types::{Array, BigInt, Integer, Jsonb, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::catalogue::fields::{self, Derived};
use crate::catalogue::filters::{Filter, LangFilter, Search, Sort};
use crate::catalogue::form::{self, Form, is_identifier};
use crate::catalogue::sheet;
use crate::db::schema::{pages, revisions, sheets};
use crate::pages::names::PageName;

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

/// Keeps the catalogue in step with a save, inside the save's transaction. `body` is the text
/// actually saved. A sheet gets its row (re)derived; a page that is no longer a sheet loses
/// it; a form page re-derives every sheet of its form, since facets and ranges depend on it.
pub async fn after_save(
    conn: &mut AsyncPgConnection,
    page_id: Uuid,
    page_name: &str,
    body: &str,
) -> QueryResult<()> {
    if let Some(form_name) = form::form_of_page(page_name) {
        return rederive_form(conn, form_name).await;
    }
    match sheet::parse(body) {
        Some(Ok(sheet)) => {
            let form = load_form(conn, sheet.form_name()).await?;
            let derived = fields::derive(form.as_ref(), &sheet);
            store(conn, page_id, &derived).await
        }
        _ => {
            diesel::delete(sheets::table.find(page_id))
                .execute(conn)
                .await?;
            Ok(())
        }
    }
}

async fn store(conn: &mut AsyncPgConnection, page_id: Uuid, row: &Derived) -> QueryResult<()> {
    let values = (
        sheets::form.eq(&row.form),
        sheets::lang.eq(&row.lang),
        sheets::translation.eq(&row.translation),
        sheets::hook.eq(&row.hook),
        sheets::summary.eq(&row.summary),
        sheets::fields.eq(&row.fields),
        sheets::facets.eq(&row.facets),
        sheets::ranges.eq(&row.ranges),
        sheets::valid.eq(row.valid),
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

/// Re-derives every sheet of a form after the form changed, and marks their rendering stale
/// (labels and field types may have changed).
async fn rederive_form(conn: &mut AsyncPgConnection, form_name: &str) -> QueryResult<()> {
    let form = load_form(conn, form_name).await?;
    let rows: Vec<(Uuid, String)> = sheets::table
        .inner_join(pages::table)
        .inner_join(
            revisions::table.on(revisions::page_id
                .eq(pages::id)
                .and(revisions::number.eq(pages::latest_rev))),
        )
        .filter(sheets::form.eq(form_name))
        .select((pages::id, revisions::body))
        .load(conn)
        .await?;
    for (page_id, body) in &rows {
        if let Some(Ok(sheet)) = sheet::parse(body) {
            store(conn, *page_id, &fields::derive(form.as_ref(), &sheet)).await?;
        }
    }
    let ids: Vec<Uuid> = rows.iter().map(|(id, _)| *id).collect();
    diesel::update(pages::table.filter(pages::id.eq_any(ids)))
        .set(pages::render_generation.eq(pages::render_generation + 1))
        .execute(conn)
        .await?;
    Ok(())
}

/// A sheet of another language or a related method, found by slug.
#[derive(Debug, Clone, Queryable)]
pub struct SlugPage {
    pub name: String,
    pub lang: String,
    pub translation: String,
}

/// Live sheets having one of these slugs (any language).
pub async fn by_slugs(
    conn: &mut AsyncPgConnection,
    slugs: &[String],
) -> QueryResult<Vec<SlugPage>> {
    if slugs.is_empty() {
        return Ok(Vec::new());
    }
    sheets::table
        .inner_join(pages::table)
        .filter(sheets::translation.eq_any(slugs))
        .filter(pages::deleted_at.is_null())
        .select((pages::name, sheets::lang, sheets::translation))
        .order(pages::name)
        .load(conn)
        .await
}

/// A value bound to a `$n` placeholder.
enum Bind {
    Text(String),
    Texts(Vec<String>),
    Int(i32),
}

/// SQL text under construction, with its binds in placeholder order.
#[derive(Default)]
struct Sql {
    binds: Vec<Bind>,
}

impl Sql {
    fn bind(&mut self, value: Bind) -> String {
        self.binds.push(value);
        format!("${}", self.binds.len())
    }

    fn query(self, text: String) -> BoxedSqlQuery<'static, Pg, diesel::query_builder::SqlQuery> {
        let mut query = diesel::sql_query(text).into_boxed::<Pg>();
        for bind in self.binds {
            query = match bind {
                Bind::Text(v) => query.bind::<Text, _>(v),
                Bind::Texts(v) => query.bind::<Array<Text>, _>(v),
                Bind::Int(v) => query.bind::<Integer, _>(v),
            };
        }
        query
    }
}

/// `int4range(min, max, '[]')` of a range field, as in the migration's expression indexes.
fn range_expr(key: &str) -> String {
    format!("int4range((s.ranges #>> '{{{key},0}}')::int, (s.ranges #>> '{{{key},1}}')::int, '[]')")
}

/// The conditions of a search: the base (form, language, live pages) and one per active
/// filter, keyed by field key (`"q"` for the text).
fn conditions(sql: &mut Sql, form: &Form, search: &Search) -> (String, Vec<(String, String)>) {
    let mut base = format!(
        "p.deleted_at IS NULL AND s.form = {}",
        sql.bind(Bind::Text(form.name.clone()))
    );
    if let LangFilter::One(lang) = search.lang {
        base.push_str(&format!(
            " AND s.lang = {}",
            sql.bind(Bind::Text(lang.code().to_owned()))
        ));
    }
    let mut filters = Vec::new();
    for filter in &search.filters {
        if !is_identifier(filter.key()) {
            continue;
        }
        let condition = match filter {
            Filter::Choices { key, ids } => {
                let tokens = ids.iter().map(|id| format!("{key}={id}")).collect();
                format!("s.facets && {}::text[]", sql.bind(Bind::Texts(tokens)))
            }
            Filter::Contains { key, value } => format!(
                "(s.ranges ? '{key}' AND {} @> {}::int)",
                range_expr(key),
                sql.bind(Bind::Int(*value))
            ),
        };
        filters.push((filter.key().to_owned(), condition));
    }
    if !search.text.is_empty() {
        let escaped = search
            .text
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let pattern = sql.bind(Bind::Text(format!("%{escaped}%")));
        filters.push((
            "q".to_owned(),
            format!(
                "(p.name ILIKE {pattern} OR s.hook ILIKE {pattern} OR s.summary ILIKE {pattern})"
            ),
        ));
    }
    (base, filters)
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
    #[diesel(sql_type = Jsonb)]
    pub ranges: Value,
    #[diesel(sql_type = Timestamptz)]
    pub updated_at: OffsetDateTime,
}

#[derive(QueryableByName)]
struct TokenCount {
    #[diesel(sql_type = Text)]
    token: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
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

fn order_by(form: &Form, sort: Sort) -> String {
    match (sort, form.duration_field()) {
        (Sort::Recent, _) => "p.updated_at DESC, p.id".to_owned(),
        (Sort::Duration, Some(field)) if is_identifier(&field.key) => format!(
            "(s.ranges #>> '{{{},0}}')::int NULLS LAST, lower(p.name), p.id",
            field.key
        ),
        _ => "lower(p.name), p.name, p.id".to_owned(),
    }
}

/// The page of results of a search, in its order.
pub async fn cards(
    conn: &mut AsyncPgConnection,
    form: &Form,
    search: &Search,
    limit: i64,
) -> QueryResult<Vec<Card>> {
    let mut sql = Sql::default();
    let (base, filters) = conditions(&mut sql, form, search);
    let mut text = format!(
        "SELECT p.name, s.lang, s.hook, s.summary, s.facets, s.ranges, p.updated_at \
         FROM sheets s JOIN pages p ON p.id = s.page_id WHERE {base}"
    );
    for (_, condition) in &filters {
        text.push_str(" AND ");
        text.push_str(condition);
    }
    let limit = sql.bind(Bind::Int(i32::try_from(limit).unwrap_or(i32::MAX)));
    let offset = sql.bind(Bind::Int(i32::try_from(search.offset).unwrap_or(0)));
    text.push_str(&format!(
        " ORDER BY {} LIMIT {limit} OFFSET {offset}",
        order_by(form, search.sort)
    ));
    sql.query(text).load(conn).await
}

/// Counts for the filters: one scan of the sheets of the form and language, with a flag per
/// active filter; each value is counted over the rows that match every *other* filter.
pub async fn counts(
    conn: &mut AsyncPgConnection,
    form: &Form,
    search: &Search,
) -> QueryResult<Counts> {
    let mut sql = Sql::default();
    let (base, filters) = conditions(&mut sql, form, search);
    let flags: Vec<String> = (0..filters.len()).map(|i| format!("m{i}")).collect();
    let all_but = |skip: Option<usize>| {
        let kept: Vec<&str> = flags
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != skip)
            .map(|(_, f)| f.as_str())
            .collect();
        if kept.is_empty() {
            "true".to_owned()
        } else {
            kept.join(" AND ")
        }
    };
    let mut columns = String::from("s.facets");
    for (i, (_, condition)) in filters.iter().enumerate() {
        columns.push_str(&format!(", COALESCE({condition}, false) AS m{i}"));
    }
    let mut text = format!(
        "WITH f AS MATERIALIZED (SELECT {columns} FROM sheets s JOIN pages p ON p.id = s.page_id \
         WHERE {base}) SELECT '' AS token, count(*) FILTER (WHERE {}) AS n FROM f",
        all_but(None)
    );
    for (i, (key, _)) in filters.iter().enumerate() {
        text.push_str(&format!(
            " UNION ALL SELECT '!{key}', count(*) FILTER (WHERE {}) FROM f",
            all_but(Some(i))
        ));
    }
    let mut branches = String::new();
    for (i, (key, _)) in filters.iter().enumerate() {
        if key != "q" {
            branches.push_str(&format!(" WHEN '{key}' THEN {}", all_but(Some(i))));
        }
    }
    let case = if branches.is_empty() {
        all_but(None)
    } else {
        format!(
            "CASE split_part(t.tok, '=', 1){branches} ELSE {} END",
            all_but(None)
        )
    };
    text.push_str(&format!(
        " UNION ALL (SELECT t.tok, count(*) FROM f CROSS JOIN LATERAL unnest(f.facets) AS t(tok) \
         WHERE {case} GROUP BY t.tok)"
    ));
    let rows: Vec<TokenCount> = sql.query(text).load(conn).await?;
    let mut counts = Counts::default();
    for row in rows {
        if row.token.is_empty() {
            counts.total = row.n;
        } else if let Some(key) = row.token.strip_prefix('!') {
            counts.without.insert(key.to_owned(), row.n);
        } else {
            counts.values.insert(row.token, row.n);
        }
    }
    Ok(counts)
}

/// A sheet's current name and text, for exports.
#[derive(Debug, Clone, QueryableByName)]
pub struct SheetText {
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub body: String,
}

/// Every sheet of a search (at most `limit`), with its latest text, in the search's order.
pub async fn texts(
    conn: &mut AsyncPgConnection,
    form: &Form,
    search: &Search,
    limit: i64,
) -> QueryResult<Vec<SheetText>> {
    let mut sql = Sql::default();
    let (base, filters) = conditions(&mut sql, form, search);
    let mut text = format!(
        "SELECT p.name, r.body FROM sheets s JOIN pages p ON p.id = s.page_id \
         JOIN revisions r ON r.page_id = p.id AND r.number = p.latest_rev WHERE {base}"
    );
    for (_, condition) in &filters {
        text.push_str(" AND ");
        text.push_str(condition);
    }
    let limit = sql.bind(Bind::Int(i32::try_from(limit).unwrap_or(i32::MAX)));
    text.push_str(&format!(
        " ORDER BY {} LIMIT {limit}",
        order_by(form, search.sort)
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
