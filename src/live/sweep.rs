//! The safety net under the rooms: typing stored but in no revision, on a page no instance
//! holds open any more, is saved by whichever instance looks first.
//!
//! A room saves itself when it goes quiet and when its last person leaves; what it cannot do is
//! save after every instance holding it stopped (a restart, a crash, a deployment), nor when
//! its last person left an instance while others' presence still showed from elsewhere
//! (`Rooms::leave` then leaves the save to them, and they may be gone too). Every instance
//! sweeps at start and every [`EVERY`]; a checkpoint works from PostgreSQL under the room's
//! lock, so two instances sweeping at once save once, and a sweep racing an open room's own
//! save finds nothing left.

use std::sync::Arc;
use std::time::Duration;

use uuid::Uuid;

use crate::live::LiveError;
use crate::live::checkpoint::{self, Checkpoint, Occasion};
use crate::live::queries;
use crate::state::AppState;

/// How often an instance sweeps.
pub const EVERY: Duration = Duration::from_secs(60);

/// At most this many pages saved by one sweep; the next sweep takes the rest.
const PAGES_PER_SWEEP: i64 = 100;

/// Sweeps at start and then every [`EVERY`], for as long as the instance runs.
pub async fn run(state: Arc<AppState>) {
    let mut interval = tokio::time::interval(EVERY);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        if state.stopping.load(std::sync::atomic::Ordering::Relaxed) {
            return;
        }
        if let Err(err) = once(&state).await {
            tracing::warn!(%err, "the sweep of unsaved live documents failed; tried again later");
        }
    }
}

/// Saves the live documents whose last typing is older than twice the quiet period (an open
/// room would have saved it by then) and that no revision holds; returns the pages saved.
pub async fn once(state: &Arc<AppState>) -> Result<Vec<Uuid>, LiveError> {
    let waiting = {
        let mut conn = state.pool.get().await?;
        queries::unsaved_since(&mut conn, state.settings.live_quiet * 2, PAGES_PER_SWEEP).await?
    };
    let mut saved = Vec::new();
    for page_id in waiting {
        match checkpoint::checkpoint(state, page_id, Occasion::Quiet).await {
            Ok(Checkpoint::Saved { .. } | Checkpoint::Unchanged) => saved.push(page_id),
            // A broken sheet or a deleted page waits for its people, as in a room.
            Ok(_) => {}
            Err(err) => tracing::error!(%err, %page_id, "a forgotten live document was not saved"),
        }
    }
    if !saved.is_empty() {
        tracing::info!(
            pages = saved.len(),
            "live documents nobody had open saved as revisions"
        );
    }
    Ok(saved)
}
