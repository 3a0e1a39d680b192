//! One person's WebSocket in a room, speaking the y-sync protocol (`yrs::sync`): sync step 1
//! and 2, updates, and awareness (presence: names, colours, cursors).
//!
//! Each message is judged here before the room sees it: its size (the WebSocket codec refuses
//! bigger frames), its rate (a token bucket per connection), its form (decoded by `yrs`), the
//! right to write (checked at the handshake and again at every tick, so a withdrawn right turns
//! the connection read-only and says why), and the page size limit. Whatever is refused closes
//! this connection only, with a reason, and is logged; the room goes on.

use std::sync::Arc;
use std::time::Instant;

use actix_web::{HttpMessage, HttpRequest};
use actix_ws::{AggregatedMessage, AggregatedMessageStream, CloseCode, CloseReason, Session};
use bytes::Bytes;
use tokio::sync::broadcast::error::RecvError;
use yrs::block::ClientID;
use yrs::encoding::read::Cursor;
use yrs::encoding::write::Write;
use yrs::sync::protocol::MessageReader;
use yrs::sync::{AwarenessUpdate, Message, SyncMessage};
use yrs::updates::decoder::DecoderV1;
use yrs::updates::encoder::{Encode, Encoder, EncoderV1};
use yrs::{ReadTxn, Transact};

use crate::access::Access;
use crate::identity::{Author, Viewer};
use crate::live::document::{self, Rejected};
use crate::live::queries;
use crate::live::room::{Outgoing, Room, Rooms};
use crate::state::AppState;

/// How often a connection checks its visitor's session again and shows the browser it is
/// alive (y-websocket's provider reconnects after 30 s without a message). A change of the
/// page's permissions is checked as soon as the room reads it, every second.
const KEEP_ALIVE: std::time::Duration = std::time::Duration::from_secs(10);

/// Messages a connection may send per second, on average, and in a burst: typing and moving
/// the cursor send one or two a keystroke; far more is a broken or hostile client.
pub const MESSAGES_PER_SECOND: f64 = 60.0;
pub const BURST: f64 = 300.0;

/// The largest message accepted, for a page size limit: a whole document's state (a client's
/// offline work) is its text with some bookkeeping per item.
pub fn max_message_bytes(max_page_bytes: usize) -> usize {
    max_page_bytes.saturating_mul(4).saturating_add(64 * 1024)
}

/// "Service restart": the room's copy here was thrown away; reconnecting finds it rebuilt.
const RELOADING: u16 = 1012;
/// Close codes, in the private range: 44xx tells the browser's provider not to reconnect
/// (the same message would be refused again), 45xx that it may.
const MALFORMED: u16 = 4400;
const GONE: u16 = 4404;
const TOO_LARGE: u16 = 4413;
const TOO_FAST: u16 = 4429;
const UNAVAILABLE: u16 = 4503;

/// Who is at the other end, as the others see them.
#[derive(Debug, Clone)]
pub struct Person {
    /// Signs the revisions they contribute to.
    pub author: Author,
    /// Shown to the others: the account's name, or "Guest N".
    pub name: String,
    pub colour: &'static str,
}

/// Colours of cursors, readable on white and told apart from each other.
const COLOURS: [&str; 8] = [
    "#b5179e", "#1d4ed8", "#047857", "#b45309", "#7c3aed", "#be123c", "#0e7490", "#4d7c0f",
];

impl Person {
    /// `guest_label` is the localised word for a visitor without an account ("Guest").
    pub fn new(author: Author, guest_label: &str) -> Person {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(author.name.as_bytes());
        let name = match author.id {
            Some(_) => author.name.clone(),
            None => format!(
                "{guest_label} {}",
                u16::from_be_bytes([digest[0], digest[1]]) % 1000 + 1
            ),
        };
        let colour = COLOURS[usize::from(digest[2]) % COLOURS.len()];
        Person {
            author,
            name,
            colour,
        }
    }
}

/// What a connection holds besides its socket.
pub struct Connection {
    pub state: Arc<AppState>,
    pub rooms: Arc<Rooms>,
    pub room: Arc<Room>,
    pub id: u64,
    /// The handshake's request: its cookies say who is connected when rights are checked again.
    pub req: HttpRequest,
    pub person: Person,
    pub writable: bool,
    /// The reason given when writing is refused, in the visitor's language.
    pub read_only_reason: String,
    /// The presence entry this connection speaks for, once it sent one.
    pub client: Option<ClientID>,
    bucket: Bucket,
}

/// Why a connection is closed.
struct Close {
    code: u16,
    reason: String,
}

impl Close {
    fn new(code: u16, reason: impl Into<String>) -> Close {
        Close {
            code,
            reason: reason.into(),
        }
    }
}

/// A token bucket: `BURST` messages at once, refilled at `MESSAGES_PER_SECOND`.
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn new() -> Bucket {
        Bucket {
            tokens: BURST,
            at: Instant::now(),
        }
    }

    fn take(&mut self) -> bool {
        let now = Instant::now();
        let refill = now.duration_since(self.at).as_secs_f64() * MESSAGES_PER_SECOND;
        self.tokens = (self.tokens + refill).min(BURST);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// A sync update message carrying `update`.
pub fn sync_update(update: &[u8]) -> Bytes {
    Message::Sync(SyncMessage::Update(update.to_vec()))
        .encode_v1()
        .into()
}

/// An awareness message carrying an encoded awareness update.
pub fn awareness_message(update: &[u8]) -> Bytes {
    let mut encoder = EncoderV1::new();
    encoder.write_var(yrs::sync::protocol::MSG_AWARENESS);
    encoder.write_buf(update);
    encoder.to_vec().into()
}

/// The y-sync messages of one WebSocket message. `yrs`'s reader stops quietly at a message cut
/// short; here every byte must belong to a message (as Yjs writes them: minimal integers), so a
/// truncated or padded one is refused rather than half read.
pub fn decode(bytes: &[u8]) -> Result<Vec<Message>, String> {
    let messages: Vec<Message> = document::unpanicked(|| {
        let mut decoder = DecoderV1::new(Cursor::new(bytes));
        MessageReader::new(&mut decoder).collect::<Result<Vec<_>, _>>()
    })?
    .map_err(|err| err.to_string())?;
    let read: usize = messages
        .iter()
        .map(|message| message.encode_v1().len())
        .sum();
    if messages.is_empty() || read != bytes.len() {
        return Err(format!(
            "{} of {} bytes read as messages",
            read,
            bytes.len()
        ));
    }
    Ok(messages)
}

/// Tells the client it may not write (with why), or that it may again.
fn permission(reason: Option<&str>) -> Bytes {
    Message::Auth(reason.map(str::to_owned)).encode_v1().into()
}

impl Connection {
    pub fn new(
        state: Arc<AppState>,
        rooms: Arc<Rooms>,
        (room, id): (Arc<Room>, u64),
        req: HttpRequest,
        person: Person,
        writable: bool,
        read_only_reason: String,
    ) -> Connection {
        Connection {
            state,
            rooms,
            room,
            id,
            req,
            person,
            writable,
            read_only_reason,
            client: None,
            bucket: Bucket::new(),
        }
    }

    /// Serves the connection until either side closes it, then leaves the room.
    pub async fn run(mut self, mut session: Session, mut stream: AggregatedMessageStream) {
        let mut heard = self.room.subscribe();
        let closing = match self.greet(&mut session).await {
            Ok(()) => self.serve(&mut session, &mut stream, &mut heard).await,
            Err(close) => Some(close),
        };
        let clients: Vec<ClientID> = self.client.into_iter().collect();
        self.rooms.leave(&self.state, &self.room, &clients);
        let reason = closing.map(|close| CloseReason {
            code: CloseCode::Other(close.code),
            description: Some(close.reason),
        });
        let _ = session.close(reason).await;
    }

    /// The server's side of the handshake: its state vector (so the client sends what it
    /// lacks), the presence of the others, and whether this client may write.
    async fn greet(&mut self, session: &mut Session) -> Result<(), Close> {
        let (step1, presence) = self.room.with(|awareness| {
            let sv = awareness.doc().transact().state_vector();
            (
                Message::Sync(SyncMessage::SyncStep1(sv)).encode_v1(),
                awareness.update().ok().map(|update| update.encode_v1()),
            )
        });
        send(session, step1.into()).await?;
        if let Some(presence) = presence {
            send(session, awareness_message(&presence)).await?;
        }
        if !self.writable {
            send(session, permission(Some(&self.read_only_reason))).await?;
        }
        Ok(())
    }

    async fn serve(
        &mut self,
        session: &mut Session,
        stream: &mut AggregatedMessageStream,
        heard: &mut tokio::sync::broadcast::Receiver<Outgoing>,
    ) -> Option<Close> {
        let mut tick =
            tokio::time::interval_at(tokio::time::Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
        let mut rights = self.room.watch_page();
        loop {
            let result = tokio::select! {
                message = stream.recv() => match message {
                    None => return None,
                    Some(Ok(AggregatedMessage::Binary(bytes))) => self.received(session, &bytes).await,
                    Some(Ok(AggregatedMessage::Ping(bytes))) => send_pong(session, &bytes).await,
                    Some(Ok(AggregatedMessage::Pong(_))) => Ok(()),
                    Some(Ok(AggregatedMessage::Close(_))) => return None,
                    Some(Ok(AggregatedMessage::Text(_))) => Err(self.refuse(MALFORMED, "text message", "y-sync messages are binary")),
                    Some(Err(err)) => Err(self.refuse(TOO_LARGE, &err.to_string(), "message refused")),
                },
                outgoing = heard.recv() => match outgoing {
                    Ok(outgoing) if outgoing.is_eviction() => return Some(Close::new(RELOADING, "the document is reloaded")),
                    Ok(Outgoing { from, bytes }) if from != self.id => send(session, bytes).await,
                    Ok(_) => Ok(()),
                    // Fell behind: the whole document, which the client merges like any update.
                    Err(RecvError::Lagged(_)) => send(session, sync_update(&self.room.whole())).await,
                    Err(RecvError::Closed) => return None,
                },
                changed = rights.changed() => match changed {
                    Ok(()) => self.check_rights(session).await,
                    Err(_) => return None,
                },
                _ = tick.tick() => self.keep_alive(session).await,
            };
            if let Err(close) = result {
                return Some(close);
            }
        }
    }

    /// Logs a refusal and says how to close.
    fn refuse(&self, code: u16, detail: &str, reason: &str) -> Close {
        tracing::warn!(
            page = %self.room.page_id,
            connection = self.id,
            code,
            detail,
            "live connection closed"
        );
        Close::new(code, reason)
    }

    /// Every [`KEEP_ALIVE`]: the rights again (the session may have ended, the account
    /// changed), and the server's state vector, which keeps the browser's provider from thinking the connection
    /// dead and makes it send anything the server lacks.
    async fn keep_alive(&mut self, session: &mut Session) -> Result<(), Close> {
        self.check_rights(session).await?;
        let step1 = self.room.with(|awareness| {
            Message::Sync(SyncMessage::SyncStep1(
                awareness.doc().transact().state_vector(),
            ))
            .encode_v1()
        });
        send(session, step1.into()).await
    }

    /// Checks who is connected against the page as the room last read it: a page they may no
    /// longer read closes the connection; a withdrawn right to write makes it read-only (and
    /// a granted one writable again), said to the client.
    async fn check_rights(&mut self, session: &mut Session) -> Result<(), Close> {
        self.req.extensions_mut().remove::<Viewer>();
        let viewer = (self.state.identify)(&self.req).await.unwrap_or_default();
        let page = self.room.watch_page().borrow().clone();
        let access = Access {
            settings: &self.state.settings,
            viewer: &viewer,
            here: "/",
        };
        let Some(page) = page.filter(|page| page.deleted_at.is_none() && access.may_read(page))
        else {
            return Err(self.refuse(GONE, "page unreadable or deleted", "gone"));
        };
        let writable = access.may_write(Some(&page));
        if writable != self.writable {
            self.writable = writable;
            let reason = (!writable).then_some(self.read_only_reason.as_str());
            send(session, permission(reason)).await?;
        }
        Ok(())
    }

    /// One WebSocket message: one or more y-sync messages.
    async fn received(&mut self, session: &mut Session, bytes: &[u8]) -> Result<(), Close> {
        if !self.bucket.take() {
            return Err(self.refuse(TOO_FAST, "rate limit", "too many messages"));
        }
        let messages =
            decode(bytes).map_err(|err| self.refuse(MALFORMED, &err, "malformed message"))?;
        for message in messages {
            match message {
                Message::Sync(SyncMessage::SyncStep1(sv)) => {
                    let step2 = self.room.with(|awareness| {
                        awareness.doc().transact().encode_state_as_update_v1(&sv)
                    });
                    send(
                        session,
                        Message::Sync(SyncMessage::SyncStep2(step2))
                            .encode_v1()
                            .into(),
                    )
                    .await?;
                }
                Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                    self.update(session, update).await?;
                }
                Message::Awareness(update) => self.presence(update).await?,
                Message::AwarenessQuery => {
                    let all = self.room.with(|awareness| awareness.update().ok());
                    if let Some(all) = all {
                        send(session, awareness_message(&all.encode_v1())).await?;
                    }
                }
                // Only the server says who may write.
                Message::Auth(_) => {}
                Message::Custom(tag, _) => {
                    return Err(self.refuse(
                        MALFORMED,
                        &format!("message type {tag}"),
                        "malformed message",
                    ));
                }
            }
        }
        Ok(())
    }

    /// An update: refused (and the client told so) when the connection is read-only, else
    /// applied under the page size limit, stored (and so sent to the other instances) and
    /// only then sent to the others here.
    async fn update(&mut self, session: &mut Session, update: Vec<u8>) -> Result<(), Close> {
        if !self.writable {
            if document::is_empty_update(&update) {
                return Ok(());
            }
            tracing::info!(page = %self.room.page_id, connection = self.id, "update from a read-only connection refused");
            return send(session, permission(Some(&self.read_only_reason))).await;
        }
        let limit = self.state.settings.max_page_bytes;
        let applied = self
            .room
            .with(|awareness| document::apply(awareness.doc(), &update, limit));
        match applied {
            Ok(false) => Ok(()),
            Ok(true) => {
                self.store(&update).await?;
                self.room.changed();
                self.room.send(self.id, sync_update(&update));
                Ok(())
            }
            Err(Rejected::TooLarge { limit }) => Err(self.refuse(
                TOO_LARGE,
                &format!("document over {limit} bytes"),
                "the page would be too large",
            )),
            Err(err @ Rejected::Malformed(_)) => {
                Err(self.refuse(MALFORMED, &err.to_string(), "malformed update"))
            }
            Err(err @ Rejected::Tainted(_)) => {
                self.rooms.evict(&self.room);
                Err(self.refuse(MALFORMED, &err.to_string(), "update not applicable"))
            }
        }
    }

    /// Stores an accepted update, telling the other instances with its commit.
    async fn store(&self, update: &[u8]) -> Result<(), Close> {
        let (header, inline) =
            crate::live::relay::update_notice(self.rooms.instance, self.room.page_id, update);
        let stored = async {
            let mut conn = self.state.pool.get().await?;
            queries::store(
                &mut conn,
                self.room.page_id,
                update,
                Some(&self.person.author),
                &header,
                inline.as_deref(),
            )
            .await?;
            Ok::<(), crate::live::LiveError>(())
        }
        .await;
        stored.map_err(|err| {
            tracing::error!(%err, page = %self.room.page_id, "a live update could not be stored");
            Close::new(UNAVAILABLE, "not saved, try again")
        })
    }

    /// Presence: only for the one client this connection speaks for, its name and colour set
    /// by the server (nobody shows under someone else's name).
    async fn presence(&mut self, update: AwarenessUpdate) -> Result<(), Close> {
        let mut own = AwarenessUpdate {
            clients: Default::default(),
        };
        for (client, mut entry) in update.clients {
            if *self.client.get_or_insert(client) != client {
                continue;
            }
            if &*entry.json != "null" {
                let mut state: serde_json::Value =
                    serde_json::from_str(&entry.json).unwrap_or_else(|_| serde_json::json!({}));
                if !state.is_object() {
                    state = serde_json::json!({});
                }
                state["user"] = serde_json::json!({
                    "name": self.person.name,
                    "colour": self.person.colour,
                });
                entry.json = state.to_string().into();
            }
            own.clients.insert(client, entry);
        }
        if own.clients.is_empty() {
            return Ok(());
        }
        let bytes = own.encode_v1();
        let applied = self.room.with(|awareness| awareness.apply_update(own));
        if applied.is_err() {
            return Err(self.refuse(MALFORMED, "awareness", "malformed presence"));
        }
        self.room.send(self.id, awareness_message(&bytes));
        let notice =
            crate::live::relay::presence_notice(self.rooms.instance, self.room.page_id, &bytes);
        if let Some(notice) = notice {
            match self.state.pool.get().await {
                Ok(mut conn) => {
                    if let Err(err) = queries::announce(&mut conn, &notice).await {
                        tracing::warn!(%err, "presence not relayed to the other instances");
                    }
                }
                Err(err) => tracing::warn!(%err, "presence not relayed to the other instances"),
            }
        }
        Ok(())
    }
}

async fn send(session: &mut Session, bytes: Bytes) -> Result<(), Close> {
    session
        .binary(bytes)
        .await
        .map_err(|_| Close::new(1000, "closed"))
}

async fn send_pong(session: &mut Session, bytes: &[u8]) -> Result<(), Close> {
    session
        .pong(bytes)
        .await
        .map_err(|_| Close::new(1000, "closed"))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use yrs::sync::Awareness;

    use super::*;

    /// What the room does with a message, without the socket: decode it, apply its updates
    /// under the size limit (keeping those accepted in `stored`, rebuilding from them when one
    /// taints the document, as an evicted room is), answer a sync step 1, take its presence.
    /// Errors are refusals; nothing may panic.
    fn feed(awareness: &mut Awareness, stored: &mut Vec<Vec<u8>>, bytes: &[u8]) {
        let Ok(messages) = decode(bytes) else { return };
        for message in messages {
            match message {
                Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                    match document::apply(awareness.doc(), &update, 10_000) {
                        Ok(true) => stored.push(update),
                        Err(err) if err.taints() => {
                            let bodies: Vec<&[u8]> = stored.iter().map(Vec::as_slice).collect();
                            let (doc, left_out) = document::from_updates(&bodies);
                            assert!(left_out.is_empty());
                            *awareness = Awareness::new(doc);
                        }
                        _ => {}
                    }
                }
                Message::Sync(SyncMessage::SyncStep1(sv)) => {
                    let _ = awareness.doc().transact().encode_state_as_update_v1(&sv);
                }
                Message::Awareness(update) => {
                    let _ = document::unpanicked(|| awareness.apply_update(update));
                }
                _ => {}
            }
        }
    }

    /// A message with a valid header (sync or awareness, and a sync step) and random contents,
    /// or random bytes.
    fn message() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..80),
            (
                0u8..2,
                0u8..3,
                proptest::collection::vec(any::<u8>(), 0..80)
            )
                .prop_map(|(kind, step, body)| {
                    let mut bytes = vec![kind];
                    if kind == 0 {
                        bytes.push(step);
                    }
                    bytes.push(u8::try_from(body.len()).unwrap_or(0));
                    bytes.extend(body);
                    bytes
                }),
        ]
    }

    proptest! {
        /// Random and malformed y-sync messages are refused or taken, never a panic, and the
        /// room's document still takes a real update and gives its text afterwards.
        #[test]
        fn random_sync_messages_never_break_the_room(messages in proptest::collection::vec(message(), 1..20)) {
            let mut stored = vec![document::initial_update("kept\n")];
            let mut awareness = Awareness::new(document::from_updates(&[&stored[0]]).0);
            for bytes in &messages {
                feed(&mut awareness, &mut stored, bytes);
            }
            let other = document::new_doc();
            document::apply(&other, &document::state(awareness.doc()), usize::MAX).unwrap();
            let typed = document::rewrite(&other, &format!("{}more\n", document::text(&other)));
            prop_assert!(document::apply(awareness.doc(), &typed, usize::MAX).is_ok());
            prop_assert!(document::text(awareness.doc()).ends_with("more\n"));
        }
    }

    #[test]
    fn a_message_cut_short_or_padded_is_refused() {
        let update = document::initial_update("text");
        let whole = sync_update(&update).to_vec();
        assert!(decode(&whole).is_ok());
        assert!(decode(&whole[..whole.len() - 1]).is_err());
        let mut padded = whole.clone();
        padded.push(0);
        assert!(decode(&padded).is_err());
        assert!(decode(&[]).is_err());
    }
}
