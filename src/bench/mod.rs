//! `coopwiki bench-wiki`: fills the configured database with a generated wiki for the load
//! benchmark (`bench/load.sh`), then exits. Hidden: it writes thousands of pages.
//!
//! What a benchmark reads must look like what the wiki writes, so every derived table is
//! written the way the wiki writes it: sheets and the few special pages go through
//! `pages::save::save` (links, the catalogue row, the search document, all in its
//! transaction); the bulk of plain pages is inserted with set-based SQL (one statement per
//! table and batch), with their links computed by `pages::render::outgoing_links` from the
//! very text inserted, and their search documents written by the `revisions` trigger as for any
//! insert. Revisions are only ever inserted. A second run on the same database finds the
//! generated wiki and only opens a new session for the benchmark user.

pub mod catalogue;
pub mod digest;

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use actix_web::web;
use diesel::sql_types::{Array, Integer, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::accounts::{cli as accounts_cli, queries as accounts_queries, sessions};
use crate::app;
use crate::config::Settings;
use crate::identity::Author;
use crate::identity::Role;
use crate::names::PageName;
use crate::pages::queries;
use crate::pages::render::outgoing_links;
use crate::pages::save::{self, Base, NewRevision, OnStale, SaveRequest, Writer};
use crate::state::AppState;
use crate::{db, search};

/// The ~20 KB method sheet whose view is measured against nginx serving it as a file.
pub const METHOD_PAGE: &str = "Bench method";
/// A page with `--history` revisions, for the history view.
pub const HISTORY_PAGE: &str = "Bench history";
/// A page with two large revisions, for the diff view.
pub const DIFF_PAGE: &str = "Bench diff";
/// The account the signed-in measurements and the editors use.
pub const USER: &str = "bench";

#[derive(Debug, Clone, clap::Args)]
pub struct BenchWikiArgs {
    /// Plain pages to generate (besides the sheets and the special pages).
    #[arg(long, default_value_t = 100_000)]
    pub pages: usize,
    /// Revisions of the plain pages, in all (spread evenly; each page has at least one).
    #[arg(long, default_value_t = 1_000_000)]
    pub revisions: usize,
    /// Method sheets in the catalogue.
    #[arg(long, default_value_t = 10_000)]
    pub sheets: usize,
    /// Revisions of the history page.
    #[arg(long, default_value_t = 10_000)]
    pub history: usize,
    /// Where to write the session cookie value of the benchmark user.
    #[arg(long)]
    pub session_file: PathBuf,
    /// Where to write the URL segments of plain pages and their latest revision numbers, one
    /// page per line, for the editors.
    #[arg(long)]
    pub names_file: PathBuf,
}

type Failure = Box<dyn std::error::Error>;

const WORDS: &[&str] = &[
    "circle",
    "harvest",
    "dialogue",
    "consent",
    "proposal",
    "energiser",
    "check-in",
    "facilitator",
    "participants",
    "timebox",
    "silence",
    "pairs",
    "feedback",
    "agenda",
    "decision",
    "listening",
    "question",
    "round",
    "objection",
    "sticky",
    "notes",
    "cluster",
    "vote",
    "reflection",
    "story",
    "trust",
    "workshop",
    "group",
    "tension",
    "role",
    "meeting",
    "retrospective",
    "ideas",
    "map",
    "future",
    "commons",
    "garden",
    "kitchen",
    "network",
    "festival",
];
const TITLES: &[&str] = &[
    "Circle", "Harvest", "Open", "Quiet", "River", "Market", "Bridge", "Lantern", "Compass",
    "Garden", "Spiral", "Forum", "Atelier", "Meadow", "Signal", "Thread",
];

/// The name of generated plain page `i`: two words and a number, unique.
fn page_name(i: usize) -> String {
    let a = TITLES[i % TITLES.len()];
    let b = TITLES[(i / TITLES.len()) % TITLES.len()];
    format!("{a} {b} {i:06}")
}

fn sentence(rng: &mut StdRng, pages: usize) -> String {
    let n = rng.random_range(6..16);
    let mut words: Vec<String> = (0..n)
        .map(|_| WORDS.choose(rng).copied().unwrap_or("wiki").to_owned())
        .collect();
    if pages > 0 && rng.random_bool(0.3) {
        let at = rng.random_range(0..words.len());
        words[at] = format!("[[{}]]", page_name(rng.random_range(0..pages)));
    }
    let mut text = words.join(" ");
    if let Some(first) = text.get(..1) {
        text = first.to_uppercase() + &text[1..];
    }
    text + "."
}

/// Markdown of about `bytes` bytes: headings, paragraphs, lists, links to other pages.
fn markdown(rng: &mut StdRng, bytes: usize, pages: usize) -> String {
    let mut text = String::new();
    let mut section = 0;
    while text.len() < bytes {
        section += 1;
        text.push_str(&format!("## Part {section}\n\n"));
        for _ in 0..3 {
            for _ in 0..rng.random_range(2..5) {
                text.push_str(&sentence(rng, pages));
                text.push(' ');
            }
            text.push_str("\n\n");
        }
        for _ in 0..rng.random_range(2..5) {
            text.push_str("- ");
            text.push_str(&sentence(rng, pages));
            text.push('\n');
        }
        text.push('\n');
    }
    text
}

#[derive(diesel::QueryableByName)]
struct NameAndRev {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Integer)]
    latest_rev: i32,
}

/// Runs the generator against `url`.
pub async fn run(url: &str, settings: Settings, args: BenchWikiArgs) -> Result<(), Failure> {
    let pool = db::pool(url, 2)?;
    let state = web::Data::new(app::state(pool, settings, url));
    crate::server::seed(&state).await?;
    let mut conn = AsyncPgConnection::establish(url).await?;
    // Loading, not serving: the server measured afterwards runs with durable commits.
    diesel::sql_query("SET synchronous_commit = off")
        .execute(&mut conn)
        .await?;
    let started = Instant::now();
    let method = PageName::parse(METHOD_PAGE)?;
    if queries::find(&mut conn, &method).await?.is_none() {
        let mut rng = StdRng::seed_from_u64(2026);
        plain_pages(&mut conn, &mut rng, &args).await?;
        println!("plain pages: {} ({:.0?})", args.pages, started.elapsed());
        sheets(&mut conn, &mut rng, args.sheets).await?;
        println!("sheets: {} ({:.0?})", args.sheets, started.elapsed());
        special_pages(&mut conn, &mut rng, &args).await?;
        let indexed = search::index_backlog(&mut conn).await?;
        println!("search documents: {indexed} ({:.0?})", started.elapsed());
        diesel::sql_query("VACUUM ANALYZE")
            .execute(&mut conn)
            .await?;
        println!("generated in {:.0?}", started.elapsed());
    } else {
        // A run stopped while its saves were still being indexed left them queued.
        let indexed = search::index_backlog(&mut conn).await?;
        println!("reusing the generated wiki ({indexed} queued pages indexed)");
    }
    // Each page with its latest revision as of now: the editors' saves are then never stale,
    // however many runs edited the reused wiki before.
    let wanted = (0..args.pages).map(page_name).collect::<Vec<_>>();
    let latest: Vec<NameAndRev> =
        diesel::sql_query("SELECT name, latest_rev FROM pages WHERE name = ANY($1) ORDER BY name")
            .bind::<Array<Text>, _>(&wanted)
            .load(&mut conn)
            .await?;
    let mut names = std::fs::File::create(&args.names_file)?;
    for page in latest {
        writeln!(
            names,
            "{} {}",
            PageName::parse(&page.name)?.path(),
            page.latest_rev
        )?;
    }
    let cookie = session(&state, &mut conn).await?;
    std::fs::write(&args.session_file, cookie)?;
    Ok(())
}

/// The benchmark user (created once) and a new session of theirs: the cookie's value.
async fn session(state: &AppState, conn: &mut AsyncPgConnection) -> Result<String, Failure> {
    let found = accounts_queries::user_by_key(conn, USER).await?;
    let id = match found {
        Some((id, _)) => id,
        None => {
            accounts_cli::add_user(
                &state.pool,
                USER,
                "bench@example.org",
                Role::Member,
                Some(format!("{}", Uuid::new_v4())),
            )
            .await?;
            accounts_queries::user_by_key(conn, USER)
                .await?
                .ok_or("the benchmark user was not created")?
                .0
        }
    };
    let cookie = sessions::start(conn, &state.settings, id).await?;
    Ok(cookie.value().to_owned())
}

const BATCH: usize = 1000;

/// Plain pages in batches: pages, names, all their revisions (older ones are prefixes of the
/// latest, as a page that grew), and the links of the latest.
async fn plain_pages(
    conn: &mut AsyncPgConnection,
    rng: &mut StdRng,
    args: &BenchWikiArgs,
) -> Result<(), Failure> {
    let per_page = i32::try_from((args.revisions / args.pages.max(1)).max(1))?;
    let mut done = 0;
    while done < args.pages {
        let size = BATCH.min(args.pages - done);
        let names: Vec<String> = (done..done + size).map(page_name).collect();
        let keys: Vec<String> = names
            .iter()
            .map(|n| PageName::parse(n).map(|p| p.key().to_owned()))
            .collect::<Result<_, _>>()?;
        let ids: Vec<Uuid> = names.iter().map(|_| Uuid::now_v7()).collect();
        let bodies: Vec<String> = names
            .iter()
            .map(|_| {
                let bytes = rng.random_range(800..3000);
                markdown(rng, bytes, args.pages)
            })
            .collect();
        let (mut from, mut to_key, mut to_name) = (Vec::new(), Vec::new(), Vec::new());
        for (id, body) in ids.iter().zip(&bodies) {
            let mut seen = std::collections::HashSet::new();
            for link in outgoing_links(body) {
                if seen.insert(link.key.clone()) {
                    from.push(*id);
                    to_key.push(link.key);
                    to_name.push(link.name);
                }
            }
        }
        conn.transaction::<_, diesel::result::Error, _>(async |conn| {
            diesel::sql_query(
                "INSERT INTO pages (id, name, name_key, latest_rev)
                 SELECT id, name, key, $4 FROM unnest($1::uuid[], $2::text[], $3::text[])
                     AS t(id, name, key)",
            )
            .bind::<Array<diesel::sql_types::Uuid>, _>(&ids)
            .bind::<Array<Text>, _>(&names)
            .bind::<Array<Text>, _>(&keys)
            .bind::<Integer, _>(per_page)
            .execute(conn)
            .await?;
            diesel::sql_query(
                "INSERT INTO page_names (name_key, page_id, name)
                 SELECT key, id, name FROM unnest($1::uuid[], $2::text[], $3::text[])
                     AS t(id, name, key)",
            )
            .bind::<Array<diesel::sql_types::Uuid>, _>(&ids)
            .bind::<Array<Text>, _>(&names)
            .bind::<Array<Text>, _>(&keys)
            .execute(conn)
            .await?;
            // One statement for the batch: the search trigger queues its pages together.
            diesel::sql_query(
                "INSERT INTO revisions (page_id, number, body, summary, author_name, size_bytes,
                                        created_at)
                 SELECT t.id, g.n, v.body, 'generated', 'bench', octet_length(v.body),
                        now() - make_interval(days => $3 - g.n)
                 FROM unnest($1::uuid[], $2::text[]) AS t(id, body)
                 CROSS JOIN generate_series(1, $3) AS g(n)
                 CROSS JOIN LATERAL (
                     SELECT CASE WHEN g.n = $3 THEN t.body
                                 ELSE left(t.body, greatest(40, length(t.body) * g.n / $3))
                            END AS body
                 ) AS v",
            )
            .bind::<Array<diesel::sql_types::Uuid>, _>(&ids)
            .bind::<Array<Text>, _>(&bodies)
            .bind::<Integer, _>(per_page)
            .execute(conn)
            .await?;
            diesel::sql_query(
                "INSERT INTO links (from_page, to_key, to_name)
                 SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])",
            )
            .bind::<Array<diesel::sql_types::Uuid>, _>(&from)
            .bind::<Array<Text>, _>(&to_key)
            .bind::<Array<Text>, _>(&to_name)
            .execute(conn)
            .await?;
            Ok(())
        })
        .await?;
        done += size;
        if done % 10_000 == 0 {
            println!("  {done} pages");
        }
    }
    Ok(())
}

fn bench_author() -> Author {
    Author {
        id: None,
        name: USER.into(),
    }
}

/// Saves `body` as the next revision of `name`, as the editor would.
async fn save(conn: &mut AsyncPgConnection, name: &str, body: String) -> Result<(), Failure> {
    let name = PageName::parse(name)?;
    let base = match queries::find(conn, &name).await? {
        Some(queries::Found::Current(page) | queries::Found::FormerName(page)) => page.latest_rev,
        None => 0,
    };
    let revision = NewRevision {
        links: outgoing_links(&body),
        body,
        summary: "generated".into(),
        author: bench_author(),
        restored_from: None,
        submission_id: None,
        on_stale: OnStale::Refuse,
        undelete: false,
        at: None,
    };
    let request = SaveRequest {
        name,
        base: Base::from_number(base),
        revision,
    };
    save::save(conn, &app::kinds(), &request, Writer::Wiki).await?;
    Ok(())
}

/// Method sheets, through the normal save so their catalogue rows are derived from their text.
async fn sheets(
    conn: &mut AsyncPgConnection,
    rng: &mut StdRng,
    count: usize,
) -> Result<(), Failure> {
    for i in 0..count {
        let (name, text) = catalogue::sheet_text(rng, i);
        save(conn, &name, text).await?;
    }
    Ok(())
}

/// The method page, the page with a long history and the page with two large revisions.
async fn special_pages(
    conn: &mut AsyncPgConnection,
    rng: &mut StdRng,
    args: &BenchWikiArgs,
) -> Result<(), Failure> {
    let (name, text) = catalogue::sheet_text(rng, 999_999);
    let text = text.replace(&name, METHOD_PAGE) + "\n" + &markdown(rng, 12_000, args.pages);
    save(conn, METHOD_PAGE, text).await?;

    let old = markdown(rng, 60_000, 0);
    let new: String = old
        .lines()
        .enumerate()
        .map(|(i, line)| {
            if i % 15 == 7 {
                format!("{line} Changed in the second version.\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    save(conn, DIFF_PAGE, old).await?;
    save(conn, DIFF_PAGE, new).await?;

    // The first revision through the wiki, the others appended in one statement, their page
    // row pointing at the last one first, in the same transaction.
    save(conn, HISTORY_PAGE, markdown(rng, 1_500, 0)).await?;
    let history = i32::try_from(args.history.max(2))?;
    let key = PageName::parse(HISTORY_PAGE)?.key().to_owned();
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        diesel::sql_query(
            "UPDATE pages SET latest_rev = $2, render_generation = render_generation + 1,
                              updated_at = now()
             WHERE name_key = $1",
        )
        .bind::<Text, _>(&key)
        .bind::<Integer, _>(history)
        .execute(conn)
        .await?;
        diesel::sql_query(
            "INSERT INTO revisions (page_id, number, body, summary, author_name, size_bytes)
             SELECT p.id, g.n, r.body || E'\\n\\nEdit number ' || g.n || '.', 'edit ' || g.n,
                    'bench', octet_length(r.body) + 20
             FROM pages p
             JOIN revisions r ON r.page_id = p.id AND r.number = 1
             CROSS JOIN generate_series(2, $2) AS g(n)
             WHERE p.name_key = $1",
        )
        .bind::<Text, _>(&key)
        .bind::<Integer, _>(history)
        .execute(conn)
        .await?;
        Ok(())
    })
    .await?;
    Ok(())
}
