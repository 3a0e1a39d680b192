//! Search latency on a big wiki: `cargo bench --bench search`.
//!
//! Starts a private PostgreSQL cluster (unix socket only, in `/dev/shm`), generates a wiki of
//! 100,000 pages in French and English (see `corpus.rs`) through the real schema and its
//! triggers, then sends search requests through the real actix `App`, one at a time, and
//! reports the server time of each kind of query: median, 95th percentile and maximum. Server
//! time is measured around the request inside the process (routing, SQL, rendering, the body
//! read whole), with no network.
//!
//! `--keep DIR` keeps the generated wiki in DIR and reuses it next time (generation takes a few
//! minutes); `--pages N` and `--rounds N` change the size and the number of measurements.
//! Not a test: nothing here fails on a slow machine, it prints figures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a benchmark stops on what it did not expect"
)]

mod corpus;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use actix_web::test::{self, TestRequest};
use actix_web::web;
use clap::Parser;
use diesel::sql_types::{Array, BigInt, Text};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use coopwiki::app::{self, build_app};
use coopwiki::config::Settings;
use coopwiki::db;
use coopwiki::db::embedded::{ClusterOptions, PrivateCluster, sweep_stale};

#[derive(Parser)]
#[command(about = "Measure coopwiki's search latency on a generated wiki")]
struct Args {
    /// Pages to generate.
    #[arg(long, default_value_t = 100_000)]
    pages: i64,
    /// Measurements of each query.
    #[arg(long, default_value_t = 20)]
    rounds: usize,
    /// Keep the generated wiki's cluster in this directory, and reuse it when it exists.
    #[arg(long)]
    keep: Option<PathBuf>,
    /// Passed by `cargo bench`.
    #[arg(long, hide = true)]
    bench: bool,
}

/// The kinds of query measured, each with the queries of its kind.
const CLASSES: &[(&str, &[&str])] = &[
    (
        "common word",
        &[
            "groupe",
            "participants",
            "atelier",
            "group",
            "décision",
            "proposals",
        ],
    ),
    (
        "rare word",
        &[
            "sérendipité",
            "holacracy",
            "stigmergie",
            "kanban",
            "hourglass",
            "mandala",
        ],
    ),
    (
        "phrase",
        &[
            "\"cercle de parole\"",
            "\"intelligence collective\"",
            "\"world café\"",
            "\"prise de décision\"",
            "\"check-in round\"",
            "\"talking stick\"",
        ],
    ),
    (
        "misspelled",
        &[
            "fishbol",
            "facilitaton",
            "sociocracie",
            "brainwirting",
            "photolangue",
            "particpants",
        ],
    ),
    (
        "several words, -, OR, *",
        &[
            "forum ouvert -lyon",
            "fishbowl online",
            "consentement objections cercle",
            "kanban OR totem",
            "anim*",
            "facilit* décision",
        ],
    ),
];

/// Title autocomplete, as typed in the search box.
const TYPED: &[&str] = &[
    "fi",
    "fish",
    "world c",
    "atelier w",
    "compte rendu ly",
    "fishbol",
];

const BATCH: usize = 1000;

async fn load(url: &str, pages: i64) -> anyhow::Result<()> {
    let mut conn = AsyncPgConnection::establish(url).await?;
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        count: i64,
    }
    // The generated pages only: the wiki's own default pages are seeded after generation.
    let existing = diesel::sql_query(
        "SELECT count(*) AS count FROM revisions WHERE number = 1 AND author_name = 'bench'",
    )
    .get_result::<Count>(&mut conn)
    .await?
    .count;
    if existing == pages {
        println!("Reusing the {existing} pages already generated.");
        return Ok(());
    }
    anyhow::ensure!(
        existing == 0,
        "the kept wiki has {existing} pages, not {pages}: remove its directory or pass --pages {existing}"
    );
    let started = Instant::now();
    let mut corpus = corpus::Corpus::new(2026);
    let mut bytes = 0usize;
    let mut done = 0i64;
    while done < pages {
        let size = usize::try_from((pages - done).min(BATCH as i64))?;
        let generated: Vec<corpus::GeneratedPage> = (0..size).map(|_| corpus.page()).collect();
        let ids: Vec<Uuid> = generated.iter().map(|_| Uuid::now_v7()).collect();
        let names: Vec<&str> = generated.iter().map(|p| p.name.as_str()).collect();
        let keys: Vec<&str> = generated.iter().map(|p| p.name.key()).collect();
        let bodies: Vec<&str> = generated.iter().map(|p| p.body.as_str()).collect();
        bytes += bodies.iter().map(|b| b.len()).sum::<usize>();
        conn.transaction::<_, diesel::result::Error, _>(async |conn| {
            diesel::sql_query(
                "INSERT INTO pages (id, name, name_key, latest_rev)
                 SELECT id, name, key, 1 FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, name, key)",
            )
            .bind::<Array<diesel::sql_types::Uuid>, _>(&ids)
            .bind::<Array<Text>, _>(&names)
            .bind::<Array<Text>, _>(&keys)
            .execute(conn)
            .await?;
            diesel::sql_query(
                "INSERT INTO page_names (name_key, page_id, name)
                 SELECT key, id, name FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, name, key)",
            )
            .bind::<Array<diesel::sql_types::Uuid>, _>(&ids)
            .bind::<Array<Text>, _>(&names)
            .bind::<Array<Text>, _>(&keys)
            .execute(conn)
            .await?;
            // One statement for the batch: the search trigger queues its pages together.
            diesel::sql_query(
                "INSERT INTO revisions (page_id, number, body, author_name, size_bytes)
                 SELECT id, 1, body, 'bench', octet_length(body) FROM unnest($1::uuid[], $2::text[]) AS t(id, body)",
            )
            .bind::<Array<diesel::sql_types::Uuid>, _>(&ids)
            .bind::<Array<Text>, _>(&bodies)
            .execute(conn)
            .await?;
            Ok(())
        })
        .await?;
        coopwiki::search::index_backlog(&mut conn).await?;
        done += size as i64;
        if done % 10_000 == 0 || done == pages {
            println!(
                "  {done} pages written and indexed ({:.0} s)",
                started.elapsed().as_secs_f64()
            );
        }
    }
    diesel::sql_query("VACUUM ANALYZE")
        .execute(&mut conn)
        .await?;
    println!(
        "Generated {pages} pages ({:.0} MB of Markdown) in {:.0} s.",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The machine's load average, printed with the figures: on a shared machine other work slows
/// every request down.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// The sentence that counts results, for a sanity check of what was measured.
fn count_line(body: &str) -> String {
    body.split_once("class=\"search-count\">")
        .and_then(|(_, rest)| rest.split_once('<'))
        .map(|(line, _)| line.to_owned())
        .unwrap_or_else(|| "(no count)".to_owned())
}

async fn measure(url: &str, rounds: usize) -> anyhow::Result<()> {
    let pool = db::pool(url, 4)?;
    let state = web::Data::new(app::state(
        pool,
        Settings::for_local("http://localhost", std::env::temp_dir()),
        url,
    ));
    coopwiki::server::seed(&state).await?;
    let app = test::init_service(build_app(state)).await;
    let mut kinds: Vec<(String, Vec<String>)> = CLASSES
        .iter()
        .map(|(kind, queries)| {
            let paths = queries
                .iter()
                .map(|q| {
                    format!(
                        "/-/search?{}",
                        serde_urlencoded::to_string([("q", q)]).expect("encode")
                    )
                })
                .collect();
            ((*kind).to_owned(), paths)
        })
        .collect();
    kinds.push((
        "title autocomplete".to_owned(),
        TYPED
            .iter()
            .map(|q| {
                format!(
                    "/-/search/titles?{}",
                    serde_urlencoded::to_string([("q", q)]).expect("encode")
                )
            })
            .collect(),
    ));
    println!(
        "\n{} CPUs, load average {} before measuring.",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    println!(
        "{:<26} {:>6} {:>9} {:>9} {:>9}",
        "query kind", "n", "median", "p95", "max"
    );
    let mut details = Vec::new();
    for (kind, paths) in &kinds {
        let mut times = Vec::new();
        for path in paths {
            // First request warms the caches; it is not counted.
            let res = test::call_service(&app, TestRequest::get().uri(path).to_request()).await;
            anyhow::ensure!(res.status().is_success(), "{path}: {}", res.status());
            let body = test::read_body(res).await;
            details.push(format!(
                "  {path}: {}",
                count_line(&String::from_utf8_lossy(&body))
            ));
            for _ in 0..rounds {
                let started = Instant::now();
                let res = test::call_service(&app, TestRequest::get().uri(path).to_request()).await;
                let body = test::read_body(res).await;
                times.push(started.elapsed());
                std::hint::black_box(body);
            }
        }
        times.sort();
        println!(
            "{:<26} {:>6} {:>7}ms {:>7}ms {:>7}ms",
            kind,
            times.len(),
            ms(percentile(&times, 50.0)),
            ms(percentile(&times, 95.0)),
            ms(*times.last().expect("measured"))
        );
    }
    println!("Load average {} after measuring.", load_average());
    println!("\nWhat each query found (first request):");
    for line in details {
        println!("{line}");
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let dir = match &args.keep {
        Some(dir) => dir.clone(),
        None => {
            let parent = PathBuf::from("/dev/shm");
            let parent = if parent.is_dir() {
                parent
            } else {
                std::env::temp_dir()
            };
            sweep_stale(&parent, "coopwiki-bench-");
            parent.join(format!("coopwiki-bench-{}", std::process::id()))
        }
    };
    let started = Instant::now();
    let cluster = PrivateCluster::start(
        &dir,
        ClusterOptions {
            durable: false,
            die_with_parent: true,
            // As `cargo run` sizes its cluster: the figures are those a wiki would see.
            shared_buffers_mb: Some(coopwiki::server::default_shared_buffers_mb()),
        },
    )?;
    coopwiki::server::create_database_if_missing(&cluster.url("postgres"), "bench")?;
    let url = cluster.url("bench");
    db::run_migrations(&url)?;
    println!(
        "coopwiki search benchmark: {} pages, {} measurements per query, cluster in {}",
        args.pages,
        args.rounds,
        dir.display()
    );
    let result = actix_web::rt::System::new().block_on(async {
        load(&url, args.pages).await?;
        measure(&url, args.rounds).await
    });
    drop(cluster);
    if args.keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    println!("\nTotal time: {:.0} s.", started.elapsed().as_secs_f64());
    result
}
