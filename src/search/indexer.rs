//! The search indexer of an instance: builds the documents of the pages that saves queued
//! (`search_queue`, filled by the revision and sheet triggers), so that a save does not wait for
//! its text to be indexed.
//!
//! Each instance runs one, on a thread and a connection of its own ([`Indexer::start`]); any
//! number can run against one database, since each batch locks the pages it indexes and skips
//! the ones another transaction holds (`search_index_queued`). It wakes on `coopwiki_changed`,
//! the notification every save already sends after its commit (see `cache`), and looks at the
//! queue every [`POLL_EVERY`] anyway, for a notification lost while it reconnected or a page it
//! had to skip.
//!
//! **Freshness.** On a quiet wiki a save is searchable a few milliseconds after its commit. While
//! people keep saving (changes were notified during a batch), the indexer rests up to
//! [`REST_FACTOR`] times as long as the batch took before the next one, so that the editors get
//! most of the database, but never so long that the page waiting longest would wait more than
//! [`FRESH_WITHIN`]: once it has, batches of [`BATCH`] pages follow each other without rest.
//! (Resting whatever the backlog, as it did before, left 12,000 pages unsearchable for 47 s
//! after 16 editors' burst.) `SELECT count(*) FROM search_queue` is the backlog.
//!
//! **No page holds the queue.** Each batch, and each page alone when a batch runs out of time,
//! is built under a statement timeout ([`INDEX_BUDGET`]); a page that runs out of it alone is
//! set aside (`search_set_aside`, listed on the administration page, and logged), indexed by
//! its title until its next revision, and the pages behind it go on.

use std::pin::pin;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use diesel_async::{AsyncConnection, AsyncPgConnection};
use futures_util::{FutureExt, StreamExt};

use crate::search::{INDEX_BUDGET, queries};

/// Pages indexed per transaction: enough to share each statement's cost, few enough that a save
/// of one of them waits at most one short batch for its lock.
const BATCH: i32 = 50;
/// While pages keep coming, the indexer rests this many times as long as its last batch took.
/// With 3 (a quarter of its time), 16 editors saving pages for the first time since the wiki
/// was generated (each a change of language, so a heavier batch) got 1,465 and 1,392 saves/s,
/// against 1,523 and 1,559 with 9, alternating on one fresh wiki; the backlog then waits for
/// the end of the burst, and is indexed at full speed.
const REST_FACTOR: u32 = 9;
/// How long a saved page may wait for the indexer while people keep saving: the rests between
/// batches end before the page waiting longest has waited this long.
const FRESH_WITHIN: Duration = Duration::from_millis(500);
/// The queue is looked at this often without a notification.
const POLL_EVERY: Duration = Duration::from_secs(1);
/// Pause before connecting again after the connection failed.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);

/// The handle of an instance's indexer: its thread ends soon after the handle is dropped.
pub struct Indexer {
    _private: (),
}

impl Indexer {
    /// Starts indexing the queue of the database at `url`, from a thread of its own.
    pub fn start(url: &str) -> Arc<Indexer> {
        let indexer = Arc::new(Indexer { _private: () });
        let weak = Arc::downgrade(&indexer);
        let url = url.to_owned();
        crate::db::spawn_background("search-indexer", move || run(weak, url));
        indexer
    }
}

/// Indexes until the handle is dropped, reconnecting after failures.
async fn run(indexer: Weak<Indexer>, url: String) {
    loop {
        if let Err(err) = run_connected(&indexer, &url).await {
            tracing::warn!(%err, "search indexer stopped; saves wait in the queue meanwhile");
        }
        if indexer.strong_count() == 0 {
            return;
        }
        tokio::time::sleep(RECONNECT_AFTER).await;
    }
}

/// One connection's life: index what is queued, rest, wait for the next change. Returns `Ok`
/// when the handle is gone.
async fn run_connected(indexer: &Weak<Indexer>, url: &str) -> Result<(), String> {
    // Here only, as in `cache`: its `load` would shadow other traits' methods.
    use diesel_async::SimpleAsyncConnection;
    let mut conn = AsyncPgConnection::establish(url)
        .await
        .map_err(|e| e.to_string())?;
    conn.batch_execute(&format!("LISTEN {}", crate::db::CHANGED))
        .await
        .map_err(|e| e.to_string())?;
    while indexer.strong_count() > 0 {
        let started = Instant::now();
        let indexing = queries::index_queued(&mut conn, BATCH, INDEX_BUDGET)
            .await
            .map_err(|e| e.to_string())?;
        let indexed = indexing.indexed + indexing.set_aside;
        let waited = if indexed > 0 {
            queries::longest_wait(&mut conn)
                .await
                .map_err(|e| e.to_string())?
        } else {
            Duration::ZERO
        };
        let mut notifications = pin!(conn.notifications_stream());
        // Changes committed since the last look (the indexer's own commits notify nobody):
        // someone is writing.
        let mut changed = false;
        while let Some(next) = notifications.next().now_or_never() {
            match next {
                Some(Ok(_)) => changed = true,
                Some(Err(err)) => return Err(err.to_string()),
                None => return Err("the connection closed".into()),
            }
        }
        if indexed > 0 {
            tracing::debug!(pages = indexed, "search documents built");
            if changed {
                let rest = rest_after(started.elapsed(), waited);
                if !rest.is_zero() {
                    tokio::time::sleep(rest).await;
                }
            }
            continue;
        }
        if changed {
            continue;
        }
        match tokio::time::timeout(POLL_EVERY, notifications.next()).await {
            Ok(Some(Ok(_))) | Err(_) => {}
            Ok(Some(Err(err))) => return Err(err.to_string()),
            Ok(None) => return Err("the connection closed".into()),
        }
    }
    Ok(())
}

/// The rest after a batch that took `batch` while people keep saving, when the page queued
/// longest has waited `waited`.
fn rest_after(batch: Duration, waited: Duration) -> Duration {
    (batch * REST_FACTOR).min(FRESH_WITHIN.saturating_sub(waited))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn the_indexer_rests_while_people_save_but_not_past_the_freshness_bound() {
        // An empty queue after a short batch: the editors get nine times its time.
        assert_eq!(rest_after(20 * MS, Duration::ZERO), 180 * MS);
        // A long batch: the rest ends when a page saved at its end would have waited too long.
        assert_eq!(rest_after(200 * MS, Duration::ZERO), FRESH_WITHIN);
        // A page has waited 450 ms already: 50 ms more at most.
        assert_eq!(rest_after(20 * MS, 450 * MS), 50 * MS);
        // Behind: no rest at all until the backlog is caught up.
        assert_eq!(rest_after(20 * MS, FRESH_WITHIN), Duration::ZERO);
        assert_eq!(rest_after(20 * MS, 30 * FRESH_WITHIN), Duration::ZERO);
    }
}
