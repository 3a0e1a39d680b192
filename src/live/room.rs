//! The rooms of one instance: for each page someone edits live here, its Yjs document (rebuilt
//! from PostgreSQL, never the only copy of anything), its presence (awareness), and the
//! channel its connections hear each other on.
//!
//! A room keeps nothing another instance needs: every accepted update is stored before anyone
//! hears of it, and reaches the other instances through `relay`. A room is opened by the first
//! connection to its page here and dropped when the last one leaves, after its document was
//! saved as a revision (`checkpoint`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::sync::{OnceCell, broadcast, watch};
use uuid::Uuid;
use yrs::sync::{Awareness, AwarenessUpdate};
use yrs::updates::encoder::Encode;
use yrs::{ReadTxn, StateVector, Transact};

use crate::live::LiveError;
use crate::live::checkpoint::{self, Occasion};
use crate::live::document::{self, Rejected};
use crate::live::queries;
use crate::model::Page;
use crate::state::AppState;

/// How often a room looks at its page (a plain save to merge in, permissions changed) and at
/// the clock (quiet long enough to save).
pub const TICK: Duration = Duration::from_secs(1);

/// How many messages a room's channel holds for a connection that is slow to send them; one
/// that falls further behind is sent the whole document instead.
const CHANNEL_CAPACITY: usize = 1024;

/// A message for the connections of a room, and which connection it came from (0: another
/// instance or the server), so it is not echoed back.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub from: u64,
    pub bytes: Bytes,
}

impl Outgoing {
    /// Says the room was evicted: each connection closes, and its browser, reconnecting,
    /// finds the document rebuilt from PostgreSQL.
    const EVICTED: u64 = u64::MAX;

    pub fn is_eviction(&self) -> bool {
        self.from == Self::EVICTED
    }
}

/// The live documents open on this instance.
pub struct Rooms {
    /// Names this instance in its notifications, so it skips its own.
    pub instance: Uuid,
    rooms: Mutex<HashMap<Uuid, Arc<Room>>>,
    next_connection: AtomicU64,
}

/// Activity of a room, what its tick decides on.
struct Activity {
    connections: usize,
    /// When an update was last accepted here or relayed from elsewhere.
    last_update: Instant,
    /// Updates came in since the last save this instance made or saw.
    unsaved: bool,
    /// A save of this room is running on this instance.
    saving: bool,
}

pub struct Room {
    pub page_id: Uuid,
    awareness: Mutex<Awareness>,
    sender: broadcast::Sender<Outgoing>,
    activity: Mutex<Activity>,
    /// The page as the room last read it: connections check their rights against it.
    page: watch::Sender<Option<Page>>,
    loaded: OnceCell<()>,
}

fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Rooms {
    pub fn new() -> Rooms {
        Rooms {
            instance: Uuid::new_v4(),
            rooms: Mutex::new(HashMap::new()),
            next_connection: AtomicU64::new(1),
        }
    }

    /// This instance's rooms, kept among the state's workers by `app::state`.
    pub fn of(state: &AppState) -> Option<Arc<Rooms>> {
        state
            .workers
            .iter()
            .find_map(|worker| worker.downcast_ref::<Arc<Rooms>>())
            .cloned()
    }

    pub fn get(&self, page_id: Uuid) -> Option<Arc<Room>> {
        locked(&self.rooms).get(&page_id).cloned()
    }

    pub fn all(&self) -> Vec<Arc<Room>> {
        locked(&self.rooms).values().cloned().collect()
    }

    /// How many rooms are open here (for the benchmark's memory figure).
    pub fn len(&self) -> usize {
        locked(&self.rooms).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Enters the room of `page`, opening it (its document read from PostgreSQL, created from
    /// the latest revision the first time) if nobody is in it here. Returns the room and the
    /// connection's number in it.
    pub async fn join(
        self: &Arc<Self>,
        state: &Arc<AppState>,
        page: &Page,
    ) -> Result<(Arc<Room>, u64), LiveError> {
        let room = {
            let mut rooms = locked(&self.rooms);
            let room = rooms
                .entry(page.id)
                .or_insert_with(|| Room::open(self, state, page))
                .clone();
            locked(&room.activity).connections += 1;
            room
        };
        let loading = room
            .loaded
            .get_or_try_init(|| async {
                let mut conn = state.pool.get().await?;
                queries::open(&mut conn, page, document::initial_update).await?;
                let stored = queries::updates(&mut conn, page.id).await?;
                let doc = checkpoint::rebuild(&stored);
                *locked(&room.awareness) = Awareness::new(doc);
                // Typing no revision holds yet (its instances stopped): saved at the next
                // checkpoint.
                if stored.iter().any(|update| update.author_name.is_some()) {
                    room.changed();
                }
                Ok::<(), LiveError>(())
            })
            .await;
        if let Err(err) = loading {
            self.leave(state, &room, &[]);
            return Err(err);
        }
        let connection = self.next_connection.fetch_add(1, Ordering::Relaxed);
        Ok((room, connection))
    }

    /// Throws away this instance's copy of a room whose document an update may have left
    /// half-changed (`document::Rejected::Tainted`): its connections close with "service
    /// restart" (1012), so browsers reconnect, and the next to join rebuilds the document from
    /// the stored updates, which never include that update.
    pub fn evict(&self, room: &Arc<Room>) {
        {
            let mut rooms = locked(&self.rooms);
            if rooms
                .get(&room.page_id)
                .is_some_and(|r| Arc::ptr_eq(r, room))
            {
                rooms.remove(&room.page_id);
            }
        }
        room.send(Outgoing::EVICTED, Bytes::new());
    }

    /// A connection left the room, with the presence entries it had. The last one out closes
    /// the room here, and saves what was typed as a revision unless people still show as
    /// present through other instances (theirs save it when they go quiet or leave; should
    /// they be gone already, the sweep does: `live::sweep`).
    pub fn leave(&self, state: &Arc<AppState>, room: &Arc<Room>, clients: &[yrs::block::ClientID]) {
        if let Some(gone) = room.forget_presence(clients)
            && let Some(notice) =
                crate::live::relay::presence_notice(self.instance, room.page_id, &gone)
        {
            let state = state.clone();
            tokio::spawn(async move {
                let told = async {
                    let mut conn = state.pool.get().await?;
                    Ok::<_, LiveError>(queries::announce(&mut conn, &notice).await?)
                };
                if let Err(err) = told.await {
                    tracing::warn!(%err, "a departure not relayed to the other instances");
                }
            });
        }
        let last = {
            let mut rooms = locked(&self.rooms);
            let mut activity = locked(&room.activity);
            activity.connections = activity.connections.saturating_sub(1);
            let last = activity.connections == 0;
            if last
                && rooms
                    .get(&room.page_id)
                    .is_some_and(|r| Arc::ptr_eq(r, room))
            {
                rooms.remove(&room.page_id);
            }
            last && activity.unsaved
        } && !room.present_elsewhere();
        if last {
            let (state, page_id) = (state.clone(), room.page_id);
            tokio::spawn(async move {
                if let Err(err) = checkpoint::checkpoint(&state, page_id, Occasion::Left).await {
                    tracing::error!(%err, %page_id, "the live document was not saved as its last editor left");
                }
            });
        }
    }
}

impl Default for Rooms {
    fn default() -> Self {
        Rooms::new()
    }
}

impl Room {
    /// A room not loaded yet, and its tick, which ends with it.
    fn open(rooms: &Arc<Rooms>, state: &Arc<AppState>, page: &Page) -> Arc<Room> {
        let (sender, _) = broadcast::channel(CHANNEL_CAPACITY);
        let room = Arc::new(Room {
            page_id: page.id,
            awareness: Mutex::new(Awareness::new(document::new_doc())),
            sender,
            activity: Mutex::new(Activity {
                connections: 0,
                last_update: Instant::now(),
                unsaved: false,
                saving: false,
            }),
            page: watch::Sender::new(Some(page.clone())),
            loaded: OnceCell::new(),
        });
        tokio::spawn(tick(
            Arc::downgrade(rooms),
            Arc::downgrade(&room),
            state.clone(),
        ));
        room
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Outgoing> {
        self.sender.subscribe()
    }

    pub fn watch_page(&self) -> watch::Receiver<Option<Page>> {
        self.page.subscribe()
    }

    /// Runs `f` on the room's document and presence, under the room's lock (no await inside).
    pub fn with<T>(&self, f: impl FnOnce(&mut Awareness) -> T) -> T {
        f(&mut locked(&self.awareness))
    }

    /// Sends `bytes` to every connection of the room here but `from`.
    pub fn send(&self, from: u64, bytes: Bytes) {
        // No receiver: nobody to tell.
        let _ = self.sender.send(Outgoing { from, bytes });
    }

    /// An update was accepted: the room is no longer saved.
    pub fn changed(&self) {
        let mut activity = locked(&self.activity);
        activity.last_update = Instant::now();
        activity.unsaved = true;
    }

    /// An update from another instance (or from a save merging a plain save in): applied and
    /// sent to this room's connections. Already accepted there, it is not judged again; should
    /// it not apply whole here, the room must be evicted (`Rooms::evict`), as it says.
    #[must_use = "a tainted room must be evicted"]
    pub fn relayed(&self, bytes: &[u8]) -> Result<(), Rejected> {
        let applied = self.with(|awareness| document::apply(awareness.doc(), bytes, usize::MAX));
        match applied {
            Ok(true) => {
                self.changed();
                self.send(0, super::connection::sync_update(bytes));
                Ok(())
            }
            Ok(false) => Ok(()),
            Err(err) => {
                tracing::error!(%err, page = %self.page_id, "a relayed live update is unusable");
                if err.taints() { Err(err) } else { Ok(()) }
            }
        }
    }

    /// Presence from another instance.
    pub fn relayed_presence(&self, bytes: &[u8]) {
        use yrs::updates::decoder::Decode;
        let Ok(update) = AwarenessUpdate::decode_v1(bytes) else {
            return;
        };
        let applied = self.with(|awareness| awareness.apply_update(update));
        if applied.is_ok() {
            self.send(0, super::connection::awareness_message(bytes));
        }
    }

    /// Catches up with every stored update, after this instance may have missed notifications
    /// (its listener reconnected); what was missing is sent to the connections. An update
    /// that does not apply whole taints the room, to be evicted as `relayed` says.
    #[must_use = "a tainted room must be evicted"]
    pub fn catch_up(&self, stored: &[queries::StoredUpdate]) -> Result<(), Rejected> {
        let missing = self.with(|awareness| {
            let doc = awareness.doc();
            let before = doc.transact().state_vector();
            for update in stored {
                if let Err(err) = document::apply(doc, &update.body, usize::MAX)
                    && err.taints()
                {
                    return Err(err);
                }
            }
            let after = doc.transact().state_vector();
            Ok((before != after).then(|| doc.transact().encode_state_as_update_v1(&before)))
        })?;
        if let Some(update) = missing {
            self.changed();
            self.send(0, super::connection::sync_update(&update));
        }
        Ok(())
    }

    /// Removes the presence of clients that left and tells the others here; returns the
    /// awareness update saying so, for the other instances.
    fn forget_presence(&self, clients: &[yrs::block::ClientID]) -> Option<Vec<u8>> {
        if clients.is_empty() {
            return None;
        }
        let gone = self.with(|awareness| {
            for client in clients {
                awareness.remove_state(*client);
            }
            awareness.update_with_clients(clients.iter().copied()).ok()
        })?;
        let bytes = gone.encode_v1();
        self.send(0, super::connection::awareness_message(&bytes));
        Some(bytes)
    }

    /// The whole document, for a connection that fell behind.
    pub fn whole(&self) -> Vec<u8> {
        self.with(|awareness| {
            awareness
                .doc()
                .transact()
                .encode_state_as_update_v1(&StateVector::default())
        })
    }

    /// Whether anyone still shows as present: with no connection left here, only people on
    /// other instances (their presence relayed) can.
    fn present_elsewhere(&self) -> bool {
        self.with(|awareness| awareness.iter().any(|(_, state)| state.data.is_some()))
    }

    pub fn connections(&self) -> usize {
        locked(&self.activity).connections
    }
}

/// A room's heartbeat: reads its page (to merge a plain save in, and so connections see
/// permission changes), and saves the document once nobody typed for the quiet period. Ends
/// when the room is dropped.
async fn tick(rooms: Weak<Rooms>, room: Weak<Room>, state: Arc<AppState>) {
    let mut interval = tokio::time::interval(TICK);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let (Some(room), Some(_)) = (room.upgrade(), rooms.upgrade()) else {
            return;
        };
        if room.loaded.get().is_none() {
            continue;
        }
        let looked = async {
            let mut conn = state.pool.get().await?;
            Ok::<_, LiveError>(queries::page_and_base(&mut conn, room.page_id).await?)
        }
        .await;
        let occasion = match looked {
            Ok(Some((page, base))) => {
                let stale = base.is_some_and(|base| base != page.latest_rev);
                room.page.send_if_modified(|old| {
                    let changed = old.as_ref().is_none_or(|old| {
                        old.read_acl != page.read_acl
                            || old.write_acl != page.write_acl
                            || old.owner_id != page.owner_id
                            || old.deleted_at != page.deleted_at
                            || old.name != page.name
                    });
                    *old = Some(page);
                    changed
                });
                let activity = locked(&room.activity);
                let quiet =
                    activity.unsaved && activity.last_update.elapsed() >= state.settings.live_quiet;
                match (activity.saving, quiet, stale) {
                    (true, _, _) => None,
                    (false, true, _) => Some(Occasion::Quiet),
                    (false, false, true) => Some(Occasion::PlainSave),
                    _ => None,
                }
            }
            Ok(None) => {
                room.page.send_replace(None);
                None
            }
            Err(err) => {
                tracing::warn!(%err, page = %room.page_id, "a live room could not read its page");
                None
            }
        };
        if let Some(occasion) = occasion {
            {
                let mut activity = locked(&room.activity);
                activity.saving = true;
                if matches!(occasion, Occasion::Quiet) {
                    activity.unsaved = false;
                }
            }
            let result = checkpoint::checkpoint(&state, room.page_id, occasion).await;
            let mut activity = locked(&room.activity);
            activity.saving = false;
            let saved = match result {
                Ok(checkpoint::Checkpoint::Invalid) => false,
                Ok(_) => true,
                Err(err) => {
                    tracing::error!(%err, page = %room.page_id, "the live document was not saved");
                    false
                }
            };
            // Tried again after another quiet period.
            if !saved {
                activity.unsaved = true;
                activity.last_update = Instant::now();
            }
        }
    }
}
