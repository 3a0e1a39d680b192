//! The in-process caches of an instance: rendered page views and live sessions, so that a
//! signed-in or anonymous visitor reading a page that did not change costs no database round
//! trip.
//!
//! A view entry is the whole HTML of a `200` view, as the view handler produced it from
//! PostgreSQL, for one address, one interface language and one viewer (nobody, or one user): the
//! cache memoizes the handler, it never assembles pages itself, so it can only serve what the
//! handler would have served that viewer. The visitor's CSRF token is the one per-visitor value
//! in such a page: it is cut out when the entry is stored and the asking visitor's own token is
//! put back in each time, so no visitor ever receives another's token. A session entry is the
//! answer of the session query (the user, their role and groups, the session's end), checked
//! against the clock at each use (`accounts::sessions`).
//!
//! **Invalidation.** PostgreSQL triggers send `NOTIFY coopwiki_changed` from every transaction
//! that changes what a view reads (migration `view_cache`), and `NOTIFY coopwiki_sessions` from
//! every transaction that ends a session or changes an account or a group (migration
//! `session_cache`), at its commit. Each
//! instance keeps one connection listening to both (a thread of its own, [`Caches::start`]); a
//! notification empties the caches it concerns. The caches are used only while that connection
//! listens: before it is ready, after it fails, and until it listens again, every request goes
//! to the database. An entry read from data older than a notification is never stored:
//! [`Memo::epoch`] is read before the database is, and [`Memo::insert`] refuses the entry if a
//! notification came in between.
//!
//! These are only accelerators: the state lives in PostgreSQL, and an instance that starts or
//! restarts begins empty. A change made through another instance is served by this one as soon
//! as the notification arrives: PostgreSQL signals the listeners when the writing transaction
//! commits, before the writer gets its answer, so in practice before the browser that saved (or
//! logged out) can ask any instance again; the bound is the delivery of one notification, not a
//! time to live. The instance that ends a session also forgets it at once ([`Memo::remove`]),
//! and the one that changed anything forgets its views before answering
//! (`app::forget_views_changed_here`).

use std::collections::HashMap;
use std::hash::Hash;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock, Weak};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use actix_web::body::{BodySize, MessageBody};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::identity::CachedSession;
use crate::site::Site;

use crate::db::CHANGED as CHANNEL;
/// The channel the triggers notify on when sessions end.
const SESSIONS_CHANNEL: &str = "coopwiki_sessions";
/// Beyond this many bytes of HTML the view cache starts again empty: it bounds the memory of an
/// instance whatever the number of pages, and a wiki's readers mostly read few pages.
const MAX_VIEW_BYTES: usize = 32 * 1024 * 1024;
/// Beyond this many sessions the session cache starts again empty (a few hundred bytes each).
const MAX_SESSIONS: usize = 100_000;
/// How long the listener waits for a notification before checking that its connection is alive.
const HEALTH_CHECK_EVERY: Duration = Duration::from_secs(5);
/// Pause before listening again after the connection failed.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);
/// An entry is rendered again after this long even without a notification: the bound on
/// staleness should a notification sent after a commit be lost (the server failing between the
/// two transactions of `db::transaction_notifying_after_commit`).
const MAX_AGE: Duration = Duration::from_secs(60);
/// Once an entry is past [`MAX_AGE`], the first request to ask reads the database again, and the
/// others keep getting the entry meanwhile, for at most this long: without it every connection
/// reading a popular page missed at once, each rendering it again (the load benchmark's
/// anonymous view had its p99 go from 2 ms to 80-130 ms in the run that crossed the minute).
const REFRESH_GRACE: Duration = Duration::from_secs(5);

/// What a cached view depends on besides the database: its address, the interface language,
/// and who is asking.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ViewKey {
    /// Path of the request (views with a query string are not cached).
    pub path: String,
    pub lang: &'static str,
    /// The signed-in user, or `None` for visitors without an account.
    pub user: Option<Uuid>,
}

/// How every form of the site carries the CSRF token (`Ctx::csrf_field`, the frame's forms):
/// what the view cache cuts the token out of.
const CSRF_FIELD: &str = "name=\"csrf\" value=\"";

/// A rendered view with the visitor's CSRF token cut out.
#[derive(Debug)]
pub struct CachedView {
    /// The HTML before, between and after the places where the token goes.
    parts: Vec<Bytes>,
    /// Hash of the HTML without the token: the first half of every `ETag`.
    digest: String,
    /// Size of the HTML: the entry's weight in the cache.
    len: usize,
}

impl CachedView {
    /// Splits `html` around the token in each of its forms' CSRF fields
    /// (`name="csrf" value="…"`), and only there: page text can hold the same characters (a
    /// link to `…?t=<token>`, written by someone who chose that cookie), but never that
    /// attribute, which Markdown cannot produce, so no other visitor's token is put into it.
    fn new(html: &[u8], token: &str) -> CachedView {
        let mut parts = Vec::new();
        let mut hasher = Sha256::new();
        let mut rest = html;
        let field = format!("{CSRF_FIELD}{token}\"");
        let needle = field.as_bytes();
        while let Some(found) = find(rest, needle) {
            let at = found + CSRF_FIELD.len();
            parts.push(Bytes::copy_from_slice(&rest[..at]));
            hasher.update(&rest[..at]);
            hasher.update(b"\0");
            rest = &rest[at + token.len()..];
        }
        parts.push(Bytes::copy_from_slice(rest));
        hasher.update(rest);
        CachedView {
            parts,
            digest: hex::encode(&hasher.finalize()[..12]),
            len: html.len(),
        }
    }

    /// The `ETag` of this view for the visitor holding `token`: it changes with the page and
    /// with the token, since the token is in the page.
    fn etag(&self, token: &str) -> String {
        let token = Sha256::digest(token.as_bytes());
        format!("\"{}-{}\"", self.digest, hex::encode(&token[..6]))
    }

    /// The answer for the visitor holding `token`: `304` when their copy is this one.
    pub fn respond(&self, req: &HttpRequest, token: &str) -> HttpResponse {
        let etag = self.etag(token);
        let fresh = req
            .headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag));
        let mut response = if fresh {
            HttpResponse::NotModified()
        } else {
            HttpResponse::Ok()
        };
        response
            .insert_header((header::ETAG, etag))
            // The page holds the visitor's CSRF token: browsers may keep it, shared caches may
            // not, and it is checked again before each use.
            .insert_header((header::CACHE_CONTROL, "private, no-cache"));
        if fresh {
            return response.finish();
        }
        response
            .insert_header((
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ))
            .body(Spliced::new(&self.parts, token))
    }
}

/// A cached view's HTML with the visitor's token put back, handed to the HTTP encoder part by
/// part. The encoder copies what it is given into its write buffer anyway: assembling the page
/// first copied every byte twice per answer.
struct Spliced {
    parts: std::vec::IntoIter<Bytes>,
    len: u64,
}

impl Spliced {
    fn new(parts: &[Bytes], token: &str) -> Spliced {
        let token = Bytes::copy_from_slice(token.as_bytes());
        let mut spliced = Vec::with_capacity(parts.len() * 2);
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                spliced.push(token.clone());
            }
            spliced.push(part.clone());
        }
        let len = spliced.iter().map(|part| part.len() as u64).sum();
        Spliced {
            parts: spliced.into_iter(),
            len,
        }
    }
}

impl MessageBody for Spliced {
    type Error = std::convert::Infallible;

    fn size(&self) -> BodySize {
        BodySize::Sized(self.len)
    }

    fn poll_next(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Poll::Ready(self.parts.next().map(Ok))
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Marks a response the cache must not keep although it is a `200` (e.g. it says who else is
/// editing the page: that changes with time, without any write).
#[derive(Debug, Clone, Copy)]
pub struct Uncacheable;

/// How much an entry counts against its cache's bound.
pub trait Weighed {
    fn weight(&self) -> usize;
}

impl Weighed for Arc<CachedView> {
    fn weight(&self) -> usize {
        self.len
    }
}

impl Weighed for Arc<CachedSession> {
    fn weight(&self) -> usize {
        1
    }
}

/// An entry, when it was stored, and whether a request is already reading it again.
struct Stored<V> {
    value: V,
    at: Instant,
    refreshing: AtomicBool,
}

struct Entries<K, V> {
    map: HashMap<K, Stored<V>>,
    weight: usize,
}

impl Weighed for Arc<Site> {
    fn weight(&self) -> usize {
        1
    }
}

impl<K, V> Default for Entries<K, V> {
    fn default() -> Self {
        Entries {
            map: HashMap::new(),
            weight: 0,
        }
    }
}

/// A map of answers read from PostgreSQL, trusted only while the listener of its instance is
/// connected, emptied by the notifications it cares about, and bounded in total weight and in
/// the age of each entry (see the module documentation).
pub struct Memo<K, V> {
    /// The memo's name in the metrics (`cache` label of `coopwiki_cache_lookups_total`).
    name: &'static str,
    entries: RwLock<Entries<K, V>>,
    /// Counts notifications (and listener restarts): an entry is stored only if none came in
    /// since its value was read.
    epoch: AtomicU64,
    listening: AtomicBool,
    max_weight: usize,
    max_age: Duration,
}

impl<K: Eq + Hash, V: Clone + Weighed> Memo<K, V> {
    fn new(name: &'static str, max_weight: usize, max_age: Duration) -> Self {
        Memo {
            name,
            entries: RwLock::default(),
            epoch: AtomicU64::new(0),
            listening: AtomicBool::new(false),
            max_weight,
            max_age,
        }
    }

    /// Whether the memo may be used now (its listener is connected).
    pub fn is_listening(&self) -> bool {
        self.listening.load(Ordering::Acquire)
    }

    /// To read before reading the database, and give back to [`Self::insert`].
    pub fn epoch(&self) -> u64 {
        self.epoch.load(Ordering::Acquire)
    }

    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        if !self.is_listening() {
            return None;
        }
        let entries = self.entries.read().unwrap_or_else(|p| p.into_inner());
        let found = entries.map.get(key).and_then(|stored| {
            let age = stored.at.elapsed();
            // Past its age, the entry is read again by the first caller only (who gets
            // `None`); the others keep it until that caller stores the new one, or the grace
            // is over.
            let fresh_enough = age < self.max_age
                || (age < self.max_age + REFRESH_GRACE
                    && stored.refreshing.swap(true, Ordering::AcqRel));
            fresh_enough.then(|| stored.value.clone())
        });
        let result = if found.is_some() { "hit" } else { "miss" };
        metrics::counter!("coopwiki_cache_lookups_total", "cache" => self.name, "result" => result)
            .increment(1);
        found
    }

    /// Keeps `value` unless a change was notified since `epoch`.
    pub fn insert(&self, key: K, epoch: u64, value: V) {
        if !self.is_listening() {
            return;
        }
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        // Compared under the lock that `clear` takes: a notification either came before (and
        // the entry is dropped) or empties the memo after the entry is in.
        if self.epoch.load(Ordering::Acquire) != epoch {
            return;
        }
        let weight = value.weight();
        if entries.weight + weight > self.max_weight {
            *entries = Entries::default();
        }
        entries.weight += weight;
        let stored = Stored {
            value,
            at: Instant::now(),
            refreshing: AtomicBool::new(false),
        };
        if let Some(old) = entries.map.insert(key, stored) {
            entries.weight -= old.value.weight();
        }
    }

    /// Forgets one entry now, before the notification of the change that ends it arrives.
    pub fn remove<Q>(&self, key: &Q)
    where
        K: std::borrow::Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        self.epoch.fetch_add(1, Ordering::AcqRel);
        if let Some(old) = entries.map.remove(key) {
            entries.weight -= old.value.weight();
        }
    }

    /// Forgets every entry, and every read in progress.
    fn clear(&self) {
        let mut entries = self.entries.write().unwrap_or_else(|p| p.into_inner());
        self.epoch.fetch_add(1, Ordering::AcqRel);
        *entries = Entries::default();
    }

    fn set_listening(&self, listening: bool) {
        self.clear();
        self.listening.store(listening, Ordering::Release);
        self.clear();
    }

    /// The number of entries kept (for tests and diagnostics).
    pub fn len(&self) -> usize {
        let entries = self.entries.read().unwrap_or_else(|p| p.into_inner());
        entries.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Rendered page views.
pub type ViewCache = Memo<ViewKey, Arc<CachedView>>;

/// Live sessions, by the hash of their token.
pub type SessionCache = Memo<Vec<u8>, Arc<CachedSession>>;

/// The site's settings (see `site`): one entry, read by every request.
pub type SiteCache = Memo<(), Arc<Site>>;

/// The caches of one instance, and the listener that keeps them honest.
pub struct Caches {
    pub views: ViewCache,
    pub sessions: SessionCache,
    /// Emptied with the views: the settings' table notifies the same channel as a save.
    pub site: SiteCache,
}

impl Caches {
    /// Caches listening for changes on the database at `url`, from a thread of their own. The
    /// thread ends soon after the caches are dropped.
    pub fn start(url: &str) -> Arc<Caches> {
        let caches = Arc::new(Caches {
            views: Memo::new("views", MAX_VIEW_BYTES, MAX_AGE),
            sessions: Memo::new("sessions", MAX_SESSIONS, MAX_AGE),
            site: Memo::new("site", 1, MAX_AGE),
        });
        let weak = Arc::downgrade(&caches);
        let url = url.to_owned();
        crate::db::spawn_background("cache-listener", move || listen(weak, url));
        caches
    }

    fn set_listening(&self, listening: bool) {
        self.views.set_listening(listening);
        self.sessions.set_listening(listening);
        self.site.set_listening(listening);
    }

    /// Forgets what this instance knows of accounts, after it changed one (a role, a group, a
    /// password): its next requests see the change at once, as others will when the
    /// notifications arrive.
    pub fn accounts_changed_here(&self) {
        self.views.clear();
        self.sessions.clear();
    }

    /// Forgets every view, after this instance changed what views show: its next requests
    /// see the change at once, without waiting for the notification (which may come after the
    /// browser that made the change asks again, on a loaded machine). The site's settings
    /// go with them: every view shows them.
    pub fn views_changed_here(&self) {
        self.views.clear();
        self.site.clear();
    }

    /// A notification on `channel` came in. A change to an account or a group notifies both
    /// channels (views show who may read what; sessions say who the user is); a save notifies
    /// only the views, so sessions stay cached while people write.
    fn notified(&self, channel: &str) {
        if channel == SESSIONS_CHANNEL {
            self.sessions.clear();
        } else {
            self.views.clear();
            self.site.clear();
        }
    }
}

/// Listens until the caches are dropped, reconnecting after failures.
async fn listen(caches: Weak<Caches>, url: String) {
    loop {
        if let Err(err) = listen_once(&caches, &url).await {
            tracing::warn!(%err, "cache listener stopped; requests read the database meanwhile");
        }
        match caches.upgrade() {
            Some(caches) => caches.set_listening(false),
            None => return,
        }
        tokio::time::sleep(RECONNECT_AFTER).await;
    }
}

/// One connection's life: `LISTEN`, then clear on every notification. Returns `Ok` when the
/// caches are gone.
async fn listen_once(caches: &Weak<Caches>, url: &str) -> Result<(), String> {
    // Here only: its `load` would shadow the atomics' elsewhere in this module.
    use diesel_async::SimpleAsyncConnection;
    let mut conn = AsyncPgConnection::establish(url)
        .await
        .map_err(|e| e.to_string())?;
    conn.batch_execute(&format!("LISTEN {CHANNEL}; LISTEN {SESSIONS_CHANNEL}"))
        .await
        .map_err(|e| e.to_string())?;
    match caches.upgrade() {
        Some(caches) => caches.set_listening(true),
        None => return Ok(()),
    }
    loop {
        {
            let mut notifications = pin!(conn.notifications_stream());
            loop {
                match tokio::time::timeout(HEALTH_CHECK_EVERY, notifications.next()).await {
                    Ok(Some(Ok(notification))) => match caches.upgrade() {
                        Some(caches) => caches.notified(&notification.channel),
                        None => return Ok(()),
                    },
                    Ok(Some(Err(err))) => return Err(err.to_string()),
                    Ok(None) => return Err("the connection closed".into()),
                    Err(_) => break,
                }
            }
        }
        if caches.strong_count() == 0 {
            return Ok(());
        }
        // A connection that died without a word would otherwise leave the caches trusted.
        conn.batch_execute("SELECT 1")
            .await
            .map_err(|e| e.to_string())?;
    }
}

/// Turns a handler's answer into a cached one: a `200` that is not marked [`Uncacheable`] is
/// stored under `key` (unless a change came in since `epoch`) and served like a hit.
pub async fn keep(
    cache: &ViewCache,
    req: &HttpRequest,
    key: ViewKey,
    epoch: u64,
    token: &str,
    response: HttpResponse,
) -> HttpResponse {
    if response.status() != StatusCode::OK || response.extensions().contains::<Uncacheable>() {
        return response;
    }
    let (head, body) = response.into_parts();
    let html = match body.try_into_bytes() {
        Ok(bytes) => bytes,
        Err(body) => return head.set_body(body),
    };
    let view = Arc::new(CachedView::new(&html, token));
    cache.insert(key, epoch, view.clone());
    view.respond(req, token)
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Weighed for &'static str {
        fn weight(&self) -> usize {
            1
        }
    }

    #[actix_web::test]
    async fn a_view_is_sent_whole_with_the_askers_token_and_its_exact_length() {
        let stored = "a".repeat(43);
        let field =
            |token: &str| format!("<input type=\"hidden\" name=\"csrf\" value=\"{token}\">");
        // The page's own text holds the stored token too (a link someone wrote with it): that
        // copy is text, and stays as it was for every visitor.
        let html = format!(
            "<form>{}</form><a href=\"/x?t={stored}\">{stored}</a><form>{}</form>end",
            field(&stored),
            field(&stored)
        );
        let view = CachedView::new(html.as_bytes(), &stored);
        let asker = "b".repeat(43);
        let req = actix_web::test::TestRequest::default().to_http_request();
        let body = view.respond(&req, &asker).into_body();
        let BodySize::Sized(announced) = body.size() else {
            panic!("a cached view's length is known before it is sent");
        };
        let sent = actix_web::body::to_bytes(body).await.unwrap();
        let expected = format!(
            "<form>{}</form><a href=\"/x?t={stored}\">{stored}</a><form>{}</form>end",
            field(&asker),
            field(&asker)
        );
        assert_eq!(sent, expected.as_bytes());
        assert_eq!(announced, sent.len() as u64);
    }

    fn listening_memo(max_age: Duration) -> Memo<u32, &'static str> {
        let memo = Memo::new("test", 10, max_age);
        memo.set_listening(true);
        memo
    }

    #[test]
    fn an_old_entry_is_read_again_by_one_caller_while_the_others_keep_it() {
        let memo = listening_memo(Duration::ZERO);
        memo.insert(1, memo.epoch(), "rendered");
        assert_eq!(
            memo.get(&1),
            None,
            "the first caller reads the database again"
        );
        assert_eq!(memo.get(&1), Some("rendered"), "the others are not held up");
        assert_eq!(memo.get(&1), Some("rendered"));
        memo.insert(1, memo.epoch(), "rendered again");
        assert_eq!(
            memo.get(&1),
            None,
            "the new entry is as old, so read again once"
        );
        assert_eq!(memo.get(&1), Some("rendered again"));
    }

    #[test]
    fn nothing_is_served_after_a_notification_or_without_a_listener() {
        let memo = listening_memo(MAX_AGE);
        let epoch = memo.epoch();
        memo.insert(1, epoch, "rendered");
        assert_eq!(memo.get(&1), Some("rendered"));
        memo.clear();
        assert_eq!(memo.get(&1), None);
        memo.insert(1, epoch, "read before the notification");
        assert_eq!(
            memo.get(&1),
            None,
            "an entry read before a notification is refused"
        );
        memo.insert(1, memo.epoch(), "read after");
        memo.set_listening(false);
        assert_eq!(memo.get(&1), None);
    }
}
