//! `coopwiki bench-digest`: a benchmark, not a test, of the daily digests (issue #23: "a daily
//! digest for 10,000 users each watching 100 pages built in < 60 s with bounded memory").
//!
//! On a throwaway database it writes `--users` accounts who chose a daily digest (half of them
//! reading French), `--pages` pages through the normal save, has each person watch `--watched`
//! of them, then saves a second revision of every page through the normal save: the queue is
//! filled by the wiki's own triggers, as in production. Then `--senders` senders (as many
//! instances would run) empty it with `watching::notify::send_due`, each mail written to
//! `{data dir}/mail` (no SMTP server: the wiki's fallback). It prints the time to fill the
//! queue, the time to send every digest, and this process's memory before and after sending,
//! so that memory growing with the queue would show.

use std::time::{Duration, Instant};

use diesel::sql_types::{BigInt, Integer};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

use crate::app;
use crate::config::Settings;
use crate::db;
use crate::identity::Author;
use crate::names::PageName;
use crate::pages::save::{Base, NewRevision, OnStale, SaveRequest, Writer, save};
use crate::watching::notify::send_due;

#[derive(Debug, Clone, clap::Args)]
pub struct BenchDigestArgs {
    /// People who chose a daily digest.
    #[arg(long, default_value_t = 10_000)]
    pub users: i64,
    /// Pages of the wiki, each changed once.
    #[arg(long, default_value_t = 1_000)]
    pub pages: i64,
    /// Pages each person watches (at most `--pages`).
    #[arg(long, default_value_t = 100)]
    pub watched: i64,
    /// Senders emptying the queue at once, as that many instances would.
    #[arg(long, default_value_t = 1)]
    pub senders: usize,
}

type Failure = Box<dyn std::error::Error>;

fn page_name(i: i64) -> String {
    format!("Digest page {i:05}")
}

fn revision(body: String) -> NewRevision {
    NewRevision {
        links: Vec::new(),
        body,
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
    }
}

/// This process's resident memory now and at its peak, in MB (Linux; zero elsewhere).
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Runs the benchmark against `url` (which must hold no earlier run); prints its figures.
pub async fn run(url: &str, settings: Settings, args: BenchDigestArgs) -> Result<(), Failure> {
    if args.watched > args.pages || args.pages < 1 {
        return Err("--watched must be between 1 and --pages".into());
    }
    let pool = db::pool(url, args.senders.max(1) + 1)?;
    let kinds = app::kinds();
    let mut conn = pool.get().await?;
    let started = Instant::now();
    diesel::sql_query(
        "INSERT INTO users (id, name, name_key, email, email_key, password_hash, role, notify,
                            language)
         SELECT gen_random_uuid(), 'reader' || i, 'reader' || i,
                'reader' || i || '@example.org', 'reader' || i || '@example.org',
                'not a password', 'member', 'daily',
                CASE WHEN i % 2 = 0 THEN 'fr' ELSE 'en' END
         FROM generate_series(1, $1) AS i",
    )
    .bind::<BigInt, _>(args.users)
    .execute(&mut conn)
    .await?;
    for i in 0..args.pages {
        let request = SaveRequest {
            name: PageName::parse(&page_name(i))?,
            base: Base::New,
            revision: revision(format!("The notes of meeting {i}.")),
        };
        save(&mut conn, &kinds, &request, Writer::Wiki).await?;
    }
    // Person `u` watches `watched` pages spread evenly over the wiki from their own start, so
    // every page has about as many watchers.
    diesel::sql_query(
        "INSERT INTO watches (user_id, page_id, seen_rev)
         SELECT u.id, p.id, 1
         FROM (SELECT id, row_number() OVER (ORDER BY name) AS n FROM users
               WHERE name LIKE 'reader%') AS u
         CROSS JOIN generate_series(0, $2 - 1) AS k
         JOIN pages p ON p.name = 'Digest page '
              || lpad(((u.n * 37 + k * ($1 / $2)) % $1)::text, 5, '0')",
    )
    .bind::<BigInt, _>(args.pages)
    .bind::<BigInt, _>(args.watched)
    .execute(&mut conn)
    .await?;
    println!(
        "setup: {} people, {} pages, {} watches in {:.1?}",
        args.users,
        args.pages,
        args.users * args.watched,
        started.elapsed()
    );
    let changing = Instant::now();
    for i in 0..args.pages {
        let request = SaveRequest {
            name: PageName::parse(&page_name(i))?,
            base: Base::Revision(1),
            revision: revision(format!("The notes of meeting {i}, completed.")),
        };
        save(&mut conn, &kinds, &request, Writer::Wiki).await?;
    }
    let queued: i64 = diesel::select(diesel::dsl::sql::<BigInt>(
        "(SELECT count(*) FROM notifications WHERE sent_at IS NULL)",
    ))
    .get_result(&mut conn)
    .await?;
    let changed = changing.elapsed();
    println!(
        "queue filled by {} saves in {changed:.1?} ({:.2} ms a save, each telling ~{} watchers): \
         {queued} news waiting",
        args.pages,
        changed.as_secs_f64() * 1000.0 / args.pages as f64,
        args.users * args.watched / args.pages
    );
    drop(conn);
    let (rss_before, _) = memory();
    let sending = Instant::now();
    let mut senders = Vec::new();
    for _ in 0..args.senders.max(1) {
        let url = url.to_owned();
        let settings = settings.clone();
        senders.push(actix_web::rt::spawn(async move {
            let mut conn = AsyncPgConnection::establish(&url).await?;
            let mut mails = 0u64;
            loop {
                match send_due(&mut conn, &settings).await? {
                    0 => break,
                    people => mails += people as u64,
                }
            }
            Ok::<u64, Failure>(mails)
        }));
    }
    let mut mails = 0;
    for sender in senders {
        mails += sender
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
    }
    let sent = sending.elapsed();
    let (rss_after, peak) = memory();
    let mut conn = pool.get().await?;
    let left: i32 = diesel::select(diesel::dsl::sql::<Integer>(
        "(SELECT count(*)::integer FROM notifications WHERE sent_at IS NULL)",
    ))
    .get_result(&mut conn)
    .await?;
    println!(
        "digests: {mails} mails holding {queued} news sent by {} sender(s) in {sent:.1?} \
         ({:.2} ms a mail); {left} left",
        args.senders.max(1),
        sent.as_secs_f64() * 1000.0 / mails.max(1) as f64
    );
    println!(
        "memory: {rss_before} MB resident before sending, {rss_after} MB after, {peak} MB at \
         the peak"
    );
    if sent > Duration::from_secs(60) {
        println!("over the target of 60 s");
    }
    Ok(())
}
