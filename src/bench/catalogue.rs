//! `coopwiki bench-catalogue`: a benchmark, not a test. Fills the configured database with
//! generated method sheets (through the normal save, so rows are derived as in production),
//! then sends catalogue requests through the real `App` and prints the server time per
//! request: median and 95th percentile. Point it at a throwaway database (`--data-dir` or
//! `DATABASE_URL`): the sheets it writes stay there, and a second run reuses them.

use std::time::{Duration, Instant};

use actix_web::test::{TestRequest, call_service, init_service, read_body};
use actix_web::web;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

use crate::app::{self, build_app};
use crate::catalogue::filters::Search;
use crate::catalogue::queries;
use crate::config::Settings;
use crate::db;
use crate::i18n::Lang;
use crate::identity::Author;
use crate::names::PageName;
use crate::pages::render::outgoing_links;
use crate::pages::save::{Base, NewRevision, OnStale, SaveRequest, Writer, save};

#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Sheets to have in the catalogue before measuring.
    #[arg(long, default_value_t = 10_000)]
    pub sheets: usize,
    /// Catalogue requests to time.
    #[arg(long, default_value_t = 300)]
    pub requests: usize,
    /// The catalogue query string measured.
    #[arg(
        long,
        default_value = "lang=en&group_size=12&duration=45&purposes=decide&modality=online&modality=hybrid"
    )]
    pub query: String,
}

const PURPOSES: [&str; 10] = [
    "open_start",
    "create_connections",
    "share_knowledge",
    "generate_ideas",
    "decide",
    "plan",
    "evaluate",
    "resolve_tension",
    "energise",
    "close",
];
const PHASES: [&str; 5] = ["opening", "divergent", "convergent", "closing", "energiser"];
const MODALITIES: [&str; 3] = ["in_person", "online", "hybrid"];
const DIFFICULTIES: [&str; 3] = ["easy", "medium", "expert"];
const STATUSES: [&str; 3] = ["draft", "stub", "complete"];

fn pick<'a>(rng: &mut StdRng, from: &[&'a str], most: usize) -> Vec<&'a str> {
    let n = rng.random_range(1..=most);
    from.choose_multiple(rng, n).copied().collect()
}

/// A valid, varied sheet text.
pub(crate) fn sheet_text(rng: &mut StdRng, i: usize) -> (String, String) {
    let lang = if i.is_multiple_of(2) { "en" } else { "fr" };
    let name = format!("Generated method {i:05} ({lang})");
    let group_min = rng.random_range(1..=20);
    let group_max = group_min + rng.random_range(0..=200);
    let duration_min = rng.random_range(5..=90);
    let duration_max = duration_min + rng.random_range(0..=120);
    let steps = rng.random_range(1..=5);
    let mut remaining = duration_min;
    let mut step_lines = String::new();
    for s in 0..steps {
        let minutes = if s + 1 == steps {
            remaining
        } else {
            rng.random_range(0..=remaining)
        };
        remaining -= minutes;
        step_lines.push_str(&format!(
            "  - {{title: \"Step {s}\", duration: {minutes}, text: \"Do part {s} of the method.\"}}\n"
        ));
    }
    let list = |items: Vec<&str>| items.join(", ");
    let text = format!(
        "---\nform: Method\npage: \"{name}\"\nlang: {lang}\ntranslation: generated-{i}\n\
         hook: \"A generated method number {i} for measuring the catalogue.\"\n\
         summary: \"Generated so that the catalogue can be measured with many sheets; it varies every filterable field.\"\n\
         purposes: [{}]\ngroup_size: {{min: {group_min}, max: {group_max}}}\n\
         duration: {{min: {duration_min}, max: {duration_max}}}\npreparation: 10\ndifficulty: {}\n\
         modality: [{}]\nphase: [{}]\nfacilitators: 1\nsteps:\n{step_lines}\
         tips: |-\n  - A tip.\n  - Another tip.\nlicence: CC-BY-SA-4.0\nstatus: {}\n---\nBody of method {i}.\n",
        list(pick(rng, &PURPOSES, 3)),
        DIFFICULTIES.choose(rng).copied().unwrap_or("easy"),
        list(pick(rng, &MODALITIES, 2)),
        list(pick(rng, &PHASES, 2)),
        STATUSES.choose(rng).copied().unwrap_or("draft"),
    );
    (name, text)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or_default()
}

/// Runs the benchmark against `url`; prints its figures on standard output.
pub async fn run(url: &str, settings: Settings, args: BenchArgs) -> Result<(), String> {
    let pool = db::pool(url, 4).map_err(|e| e.to_string())?;
    let state = web::Data::new(app::state(pool, settings, url));
    crate::server::seed(&state)
        .await
        .map_err(|e| e.to_string())?;
    let mut conn = state.pool.get().await.map_err(|e| e.to_string())?;
    // Sheets of an earlier run are kept: the wiki's four default pages are the only others.
    let pages = queries::other_pages(&mut conn, &[])
        .await
        .map_err(|e| e.to_string())?;
    let already = usize::try_from(pages - 4).unwrap_or(0);
    let mut rng = StdRng::seed_from_u64(2026);
    let started = Instant::now();
    let mut created = 0;
    for i in 0..args.sheets {
        let (name, text) = sheet_text(&mut rng, i);
        if i < already {
            continue;
        }
        let name = PageName::parse(&name).map_err(|e| e.to_string())?;
        let revision = NewRevision {
            links: outgoing_links(&text),
            body: text,
            summary: "bench".into(),
            author: Author {
                id: None,
                name: "bench".into(),
            },
            restored_from: None,
            submission_id: None,
            on_stale: OnStale::Refuse,
            undelete: false,
            at: None,
        };
        let request = SaveRequest {
            name,
            base: Base::New,
            revision,
        };
        save(&mut conn, &state.kinds, &request, Writer::Wiki)
            .await
            .map_err(|e| e.to_string())?;
        created += 1;
    }
    drop(conn);
    println!(
        "sheets: {} ({created} created in {:.1?})",
        args.sheets,
        started.elapsed()
    );
    // What autovacuum does on a running wiki: statistics, and a visibility map that lets the
    // catalogue scan its covering index alone.
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query("VACUUM ANALYZE sheets"),
        &mut state.pool.get().await.map_err(|e| e.to_string())?,
    )
    .await
    .map_err(|e| e.to_string())?;
    let app = init_service(build_app(state.clone())).await;
    let uri = format!("/-/methods?{}", args.query);
    let mut times = Vec::with_capacity(args.requests);
    let mut status = 0;
    for i in 0..args.requests + 10 {
        let request = TestRequest::get().uri(&uri).to_request();
        let start = Instant::now();
        let response = call_service(&app, request).await;
        status = response.status().as_u16();
        let body = read_body(response).await;
        let elapsed = start.elapsed();
        if i >= 10 {
            times.push(elapsed);
        }
        if i == 0 {
            println!("first response: {status}, {} bytes", body.len());
        }
    }
    times.sort();
    let mut conn = state.pool.get().await.map_err(|e| e.to_string())?;
    let form = queries::load_form(&mut conn, crate::catalogue::form::METHOD_FORM)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the Method form is missing")?;
    let search = Search::parse(&args.query, &form, Lang::EN).map_err(|e| e.to_string())?;
    let mut loads = Vec::new();
    for _ in 0..50 {
        let start = Instant::now();
        queries::load_form(&mut conn, crate::catalogue::form::METHOD_FORM)
            .await
            .map_err(|e| e.to_string())?;
        loads.push(start.elapsed());
    }
    loads.sort();
    println!(
        "loading and parsing the form: median {:.2?}",
        percentile(&loads, 0.5)
    );
    // The plan the measured requests get: an anonymous visitor under the site's default list.
    let anonymous = crate::access::ReadFilter {
        default_acl: state.settings.default_read_acl.clone(),
        viewer: None,
        is_admin: false,
        user_key: String::new(),
        groups: Vec::new(),
    };
    for line in queries::explain(&mut conn, &form, &search, &anonymous)
        .await
        .map_err(|e| e.to_string())?
    {
        println!("{line}");
    }
    println!("request: GET {uri} (status {status})");
    println!(
        "server time over {} requests: median {:.2?}, p95 {:.2?}, max {:.2?}",
        times.len(),
        percentile(&times, 0.5),
        percentile(&times, 0.95),
        times.last().copied().unwrap_or_default()
    );
    Ok(())
}
