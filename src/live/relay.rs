//! How instances edit one document together: every accepted update is stored and notified
//! with the same commit on the `coopwiki_live` channel (`queries::store`), presence is notified
//! without being stored, and each instance listens there on a connection of its own and hands
//! what it hears to its room of that page, if it has one.
//!
//! A notification reads `{instance} {page} u {update}` or `{instance} {page} a {presence}`,
//! base64 each. An update too large for a notification (PostgreSQL takes 8000 bytes) is sent as
//! `@{row id}`, and read from its row. The instance is the sender's, which skips its own; the
//! nil id (a save merging a plain save in, from a document of its own) is heard by all.
//!
//! Should the listener lose its connection, nothing is lost: once it listens again, each room
//! reads its stored updates again (Yjs ignores what it already has).

use std::pin::pin;
use std::sync::{Arc, Weak};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use futures_util::StreamExt;
use uuid::Uuid;

use crate::live::queries::{self, CHANNEL};
use crate::live::room::Rooms;

/// Updates up to this size travel in the notification itself (base64 makes them a third
/// larger, under PostgreSQL's 8000-byte limit with the header).
const INLINE_BYTES: usize = 5000;

const RECONNECT_AFTER: Duration = Duration::from_secs(1);
const HEALTH_CHECK_EVERY: Duration = Duration::from_secs(5);

/// The notification of an update: its header, and the update itself when small enough.
pub fn update_notice(instance: Uuid, page: Uuid, update: &[u8]) -> (String, Option<String>) {
    let header = format!("{instance} {page} u ");
    let inline = (update.len() <= INLINE_BYTES).then(|| BASE64.encode(update));
    (header, inline)
}

/// The notification of presence, unless too large to be one.
pub fn presence_notice(instance: Uuid, page: Uuid, update: &[u8]) -> Option<String> {
    (update.len() <= INLINE_BYTES).then(|| format!("{instance} {page} a {}", BASE64.encode(update)))
}

/// What a notification says.
#[derive(Debug, PartialEq, Eq)]
pub enum Relayed {
    Update { page: Uuid, update: Vec<u8> },
    StoredUpdate { page: Uuid, id: i64 },
    Presence { page: Uuid, update: Vec<u8> },
}

/// Reads a notification; `None` for one from `instance` itself, or one it cannot read.
pub fn parse(instance: Uuid, payload: &str) -> Option<Relayed> {
    let mut parts = payload.splitn(4, ' ');
    let from: Uuid = parts.next()?.parse().ok()?;
    let page: Uuid = parts.next()?.parse().ok()?;
    let kind = parts.next()?;
    let data = parts.next()?;
    if from == instance {
        return None;
    }
    match (kind, data.strip_prefix('@')) {
        ("u", Some(id)) => Some(Relayed::StoredUpdate {
            page,
            id: id.parse().ok()?,
        }),
        ("u", None) => Some(Relayed::Update {
            page,
            update: BASE64.decode(data).ok()?,
        }),
        ("a", None) => Some(Relayed::Presence {
            page,
            update: BASE64.decode(data).ok()?,
        }),
        _ => None,
    }
}

/// Starts this instance's listener, on a thread of its own; it ends soon after the rooms are
/// dropped.
pub fn start(rooms: &Arc<Rooms>, url: &str) {
    let (rooms, url) = (Arc::downgrade(rooms), url.to_owned());
    crate::db::spawn_background("live-relay", move || listen(rooms, url));
}

async fn listen(rooms: Weak<Rooms>, url: String) {
    loop {
        if let Err(err) = listen_once(&rooms, &url).await {
            tracing::warn!(%err, "live relay stopped; listening again");
        }
        if rooms.strong_count() == 0 {
            return;
        }
        tokio::time::sleep(RECONNECT_AFTER).await;
    }
}

async fn listen_once(rooms: &Weak<Rooms>, url: &str) -> Result<(), String> {
    let mut conn = AsyncPgConnection::establish(url)
        .await
        .map_err(|e| e.to_string())?;
    conn.batch_execute(&format!("LISTEN {CHANNEL}"))
        .await
        .map_err(|e| e.to_string())?;
    // Listening again: whatever was notified meanwhile is read from the rows.
    let Some(instance) = rooms.upgrade().map(|rooms| rooms.instance) else {
        return Ok(());
    };
    for room in rooms.upgrade().map(|r| r.all()).unwrap_or_default() {
        let stored = queries::updates(&mut conn, room.page_id)
            .await
            .map_err(|e| e.to_string())?;
        if room.catch_up(&stored).is_err()
            && let Some(rooms) = rooms.upgrade()
        {
            rooms.evict(&room);
        }
    }
    loop {
        let next = {
            let mut notifications = pin!(conn.notifications_stream());
            tokio::time::timeout(HEALTH_CHECK_EVERY, notifications.next()).await
        };
        let Some(rooms) = rooms.upgrade() else {
            return Ok(());
        };
        match next {
            Ok(Some(Ok(notification))) => match parse(instance, &notification.payload) {
                Some(Relayed::Update { page, update }) => {
                    if let Some(room) = rooms.get(page)
                        && room.relayed(&update).is_err()
                    {
                        rooms.evict(&room);
                    }
                }
                Some(Relayed::StoredUpdate { page, id }) => {
                    if let Some(room) = rooms.get(page)
                        && let Some(update) = queries::update(&mut conn, id)
                            .await
                            .map_err(|e| e.to_string())?
                        && room.relayed(&update).is_err()
                    {
                        rooms.evict(&room);
                    }
                }
                Some(Relayed::Presence { page, update }) => {
                    if let Some(room) = rooms.get(page) {
                        room.relayed_presence(&update);
                    }
                }
                None => {}
            },
            Ok(Some(Err(err))) => return Err(err.to_string()),
            Ok(None) => return Err("the connection closed".into()),
            // Quiet for a while: a connection that died without a word is found here.
            Err(_) => conn
                .batch_execute("SELECT 1")
                .await
                .map_err(|e| e.to_string())?,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notifications_say_what_they_carry_and_an_instance_skips_its_own() {
        let (me, other, page) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let (header, inline) = update_notice(other, page, b"\x01\x02");
        let payload = format!("{header}{}", inline.unwrap());
        assert_eq!(
            parse(me, &payload),
            Some(Relayed::Update {
                page,
                update: vec![1, 2]
            })
        );
        assert_eq!(parse(other, &payload), None);
        let (header, inline) = update_notice(other, page, &[0; INLINE_BYTES + 1]);
        assert!(inline.is_none());
        assert_eq!(
            parse(me, &format!("{header}@42")),
            Some(Relayed::StoredUpdate { page, id: 42 })
        );
        // A save's merge comes from no instance: every one hears it, the saver's included.
        assert_eq!(
            parse(me, &format!("{} {page} u @7", Uuid::nil())),
            Some(Relayed::StoredUpdate { page, id: 7 })
        );
        assert_eq!(parse(me, "garbage"), None);
        assert_eq!(parse(me, &format!("{other} {page} a !!")), None);
    }
}
