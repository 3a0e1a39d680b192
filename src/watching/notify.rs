//! Notifications by e-mail: the sender of an instance, which empties the durable queue
//! (`notifications`, filled by triggers as revisions and comments are written, see the
//! migration `notifications`) one person at a time, one mail per person per send.
//!
//! **Never twice, whatever the number of instances.** A send locks its person's row
//! (`FOR UPDATE SKIP LOCKED`: another instance's sender takes someone else), builds the mail from
//! what waits for them, sends it, and marks those items sent in the same transaction. Marked
//! sent, an item is never read again, after a restart either. A failed send marks nothing sent
//! and tries again later, waiting longer each time ([`backoff`]).
//!
//! **Nobody hears of a page they may not read.** Permissions are checked when the mail is
//! built, with the person's rights at that moment; what they may not read is dropped.
//!
//! **Digests.** Each person chooses how often they hear (`users.notify`): at once, a daily or a
//! weekly digest (at most one mail a day or a week, holding everything since), or never.
//!
//! **Watched searches.** Nothing is written to the queue when a sheet is saved: which watched
//! catalogue searches find it is the catalogue's to say, as each person. So the sender also
//! looks again, every poll, at the searches written before the latest change of a sheet
//! ([`look_at_searches`]), and queues what each finds as `search` news: from there on, the
//! same queue, digests and checks. Mails are written in each person's language
//! (`users.language`).

use std::sync::{Arc, Weak};
use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::{
    Array, BigInt, Bool, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::access::Access;
use crate::accounts::mail::{self, Mail};
use crate::accounts::queries::{site_secret, user_by_id};
use crate::config::Settings;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::identity::{User, Viewer};
use crate::layout::time_text;
use crate::names::{comment_path, page_path};

/// Items in one mail at most; more wait for the next one.
const PER_MAIL: i64 = 200;
/// Pause before connecting again after the connection failed.
const RECONNECT_AFTER: Duration = Duration::from_secs(5);
/// Watched searches looked at again in one transaction, at most.
const SEARCHES_PER_LOOK: i64 = 100;
/// How far before its previous look a search looks again: a sheet whose save began before that
/// look but was committed after it is still found (found twice, it is news once:
/// `notifications_search_once`).
const LOOK_BACK: time::Duration = time::Duration::minutes(1);

/// How often a person hears.
pub const CHOICES: [&str; 4] = ["immediately", "daily", "weekly", "never"];

/// The handle of an instance's sender: its thread ends soon after the handle is dropped.
pub struct Sender {
    _private: (),
}

impl Sender {
    /// Starts sending what waits in the queue of the database at `url`, looking every `poll`.
    pub fn start(url: &str, settings: Settings, poll: Duration) -> Arc<Sender> {
        let sender = Arc::new(Sender { _private: () });
        let weak = Arc::downgrade(&sender);
        let url = url.to_owned();
        crate::db::spawn_background("notification-sender", move || {
            run(weak, url, settings, poll)
        });
        sender
    }
}

async fn run(sender: Weak<Sender>, url: String, settings: Settings, poll: Duration) {
    loop {
        match AsyncPgConnection::establish(&url).await {
            Ok(mut conn) => {
                let mut looked = None::<std::time::Instant>;
                loop {
                    if sender.strong_count() == 0 {
                        return;
                    }
                    if looked.is_none_or(|at| at.elapsed() >= poll) {
                        looked = Some(std::time::Instant::now());
                        if let Err(err) = look_at_searches(&mut conn, &settings).await {
                            tracing::warn!(%err, "watched searches were not looked at");
                        }
                    }
                    match send_due(&mut conn, &settings).await {
                        Ok(0) => tokio::time::sleep(poll).await,
                        Ok(_) => {}
                        Err(err) => {
                            tracing::warn!(%err, "notification sender stopped; mail waits in the queue");
                            break;
                        }
                    }
                }
            }
            Err(err) => tracing::warn!(%err, "notification sender cannot connect"),
        }
        if sender.strong_count() == 0 {
            return;
        }
        tokio::time::sleep(RECONNECT_AFTER).await;
    }
}

/// How long a failed send waits before the next try: a minute, doubling, at most a day.
pub fn backoff(attempts: i32) -> Duration {
    let minutes = 1u64 << attempts.clamp(0, 11);
    Duration::from_secs((minutes * 60).min(24 * 3600))
}

/// The person a send is for, their row locked.
#[derive(QueryableByName)]
struct Due {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    /// The most tries of what waits for them: the next wait after a failure.
    #[diesel(sql_type = Integer)]
    attempts: i32,
    #[diesel(sql_type = Text)]
    language: String,
}

#[derive(QueryableByName)]
struct Item {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
    #[diesel(sql_type = Text)]
    reason: String,
    #[diesel(sql_type = Nullable<Integer>)]
    revision: Option<i32>,
    #[diesel(sql_type = Nullable<BigInt>)]
    comment_id: Option<i64>,
    #[diesel(sql_type = Text)]
    actor_name: String,
    #[diesel(sql_type = Text)]
    page_name: String,
    #[diesel(sql_type = Nullable<Array<Text>>)]
    read_acl: Option<Vec<String>>,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    owner_id: Option<Uuid>,
    #[diesel(sql_type = Bool)]
    page_live: bool,
    /// The comment's text, when it is still shown.
    #[diesel(sql_type = Nullable<Text>)]
    comment_body: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    created_at: OffsetDateTime,
}

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("database: {0}")]
    Database(#[from] diesel::result::Error),
    #[error("watched search: {0}")]
    Search(#[from] AppError),
}

/// A watched search to look at again, its row locked.
#[derive(QueryableByName)]
struct DueSearch {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
    #[diesel(sql_type = Text)]
    query: String,
    #[diesel(sql_type = Timestamptz)]
    looked_at: OffsetDateTime,
    #[diesel(sql_type = Timestamptz)]
    created_at: OffsetDateTime,
    #[diesel(sql_type = Text)]
    language: String,
}

/// Looks again at the watched searches written before the latest change of a sheet, the
/// longest waiting first, each as its person, and queues the sheets each finds changed since
/// as `search` news (not those its person wrote last). Returns how many searches were looked
/// at. Rows are locked and skipped by other instances, as the sender's.
pub async fn look_at_searches(
    conn: &mut AsyncPgConnection,
    settings: &Settings,
) -> Result<usize, SendError> {
    conn.transaction::<usize, SendError, _>(async |conn| {
        let due: Vec<DueSearch> = diesel::sql_query(
            "SELECT ws.id, ws.user_id, ws.query, ws.looked_at, ws.created_at, u.language
             FROM watched_searches ws JOIN users u ON u.id = ws.user_id
             WHERE u.notify <> 'never'
               AND ws.looked_at < (SELECT max(updated_at) FROM sheets)
             ORDER BY ws.looked_at, ws.id
             LIMIT $1 FOR UPDATE OF ws SKIP LOCKED",
        )
        .bind::<BigInt, _>(SEARCHES_PER_LOOK)
        .load(conn)
        .await?;
        for search in &due {
            let Some(person) = user_by_id(conn, search.user_id).await? else {
                continue;
            };
            let viewer = Viewer {
                user: Some(person),
                session: None,
            };
            let access = Access {
                settings,
                viewer: &viewer,
                here: "/",
            };
            let lang = Lang::from_code(&search.language).unwrap_or_default();
            let found = crate::catalogue::routes::found_since(
                &access,
                lang,
                conn,
                &search.query,
                // What was there before the search was watched is not news.
                (search.looked_at - LOOK_BACK).max(search.created_at),
            )
            .await?;
            let Some((_, names, _)) = found.filter(|(_, names, _)| !names.is_empty()) else {
                continue;
            };
            diesel::sql_query(
                "INSERT INTO notifications (user_id, page_id, reason, revision, actor_name)
                 SELECT $1, p.id, 'search', p.latest_rev, r.author_name
                 FROM pages p JOIN revisions r ON r.page_id = p.id AND r.number = p.latest_rev
                 WHERE p.name = ANY($2) AND p.deleted_at IS NULL
                   AND r.author_id IS DISTINCT FROM $1
                 ON CONFLICT DO NOTHING",
            )
            .bind::<SqlUuid, _>(search.user_id)
            .bind::<Array<Text>, _>(&names)
            .execute(conn)
            .await?;
        }
        let ids: Vec<i64> = due.iter().map(|search| search.id).collect();
        diesel::sql_query("UPDATE watched_searches SET looked_at = now() WHERE id = ANY($1)")
            .bind::<Array<BigInt>, _>(&ids)
            .execute(conn)
            .await?;
        Ok(due.len())
    })
    .await
}

/// People whose mail one transaction sends, at most: a digest morning sends thousands, and one
/// transaction per person spent most of its time on round trips.
pub const PEOPLE_PER_SEND: i64 = 50;

/// Sends the mails that are due, to at most [`PEOPLE_PER_SEND`] people, one mail each; returns
/// how many people were served (0 when nothing is due).
///
/// One transaction locks them (`SKIP LOCKED`: another instance's sender takes others), reads
/// everything waiting for all of them in one query, then sends each mail and marks its items
/// sent, committing them together. A mail that fails is tried again later for that person
/// alone; the others are marked sent. (Between a mail's sending and the commit, a crash would
/// send it again on restart: the window is that of one batch, a few milliseconds a mail.)
pub async fn send_due(
    conn: &mut AsyncPgConnection,
    settings: &Settings,
) -> Result<usize, SendError> {
    conn.transaction::<usize, SendError, _>(async |conn| {
        let due: Vec<Due> = diesel::sql_query(
            "SELECT u.id, u.language,
                    (SELECT coalesce(max(n.attempts), 0) FROM notifications n
                     WHERE n.user_id = u.id AND n.sent_at IS NULL) AS attempts
             FROM users u
             WHERE u.notify <> 'never'
               AND (u.notify = 'immediately' OR u.notified_at IS NULL
                    OR (u.notify = 'daily' AND u.notified_at <= now() - interval '1 day')
                    OR (u.notify = 'weekly' AND u.notified_at <= now() - interval '7 days'))
               AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id
                           AND n.sent_at IS NULL AND n.next_attempt_at <= now())
             LIMIT $1 FOR UPDATE OF u SKIP LOCKED",
        )
        .bind::<BigInt, _>(PEOPLE_PER_SEND)
        .load(conn)
        .await?;
        if due.is_empty() {
            return Ok(0);
        }
        let people: Vec<Uuid> = due.iter().map(|person| person.id).collect();
        let secret = site_secret(conn).await?;
        // Mails are signed with the name the administrators gave the site (`site`).
        let site = crate::site::load(conn, settings).await?;
        let items: Vec<Item> = diesel::sql_query(
            "SELECT w.id, w.user_id, w.reason, w.revision, w.comment_id, w.actor_name, w.created_at,
                    p.name AS page_name, p.read_acl, p.owner_id, p.deleted_at IS NULL AS page_live,
                    (SELECT c.body FROM comments c WHERE c.id = w.comment_id
                     AND c.removed_at IS NULL AND NOT c.pending) AS comment_body
             FROM (SELECT n.*, row_number() OVER (PARTITION BY n.user_id
                                                  ORDER BY n.created_at, n.id) AS place
                   FROM notifications n
                   WHERE n.user_id = ANY($1) AND n.sent_at IS NULL
                     AND n.next_attempt_at <= now()) AS w
             JOIN pages p ON p.id = w.page_id
             WHERE w.place <= $2
             ORDER BY w.user_id, w.created_at, w.id",
        )
        .bind::<Array<SqlUuid>, _>(&people)
        .bind::<BigInt, _>(PER_MAIL)
        .load(conn)
        .await?;
        let mut done: Vec<i64> = Vec::with_capacity(items.len());
        let mut told: Vec<Uuid> = Vec::with_capacity(due.len());
        for person in &due {
            let theirs: Vec<&Item> = items.iter().filter(|item| item.user_id == person.id).collect();
            let ids: Vec<i64> = theirs.iter().map(|item| item.id).collect();
            let Some(recipient) = user_by_id(conn, person.id).await? else {
                continue;
            };
            let viewer = Viewer {
                user: Some(recipient.clone()),
                session: None,
            };
            let access = Access {
                settings,
                viewer: &viewer,
                here: "/",
            };
            // What the person may not read is dropped: marked done, never told.
            let readable: Vec<&Item> = theirs
                .into_iter()
                .filter(|item| {
                    item.page_live
                        && access.may_read_under(item.read_acl.as_ref(), item.owner_id)
                        && (item.comment_id.is_none() || item.comment_body.is_some())
                })
                .collect();
            if !readable.is_empty() {
                let lang = Lang::from_code(&person.language).unwrap_or_default();
                let mail = compose(settings, &site.name, lang, &secret, &recipient, &readable);
                if let Err(err) = mail::send(settings, mail).await {
                    tracing::warn!(%err, user = %recipient.name, "a notification mail was not sent; it will be tried again");
                    let wait = backoff(person.attempts);
                    diesel::sql_query(
                        "UPDATE notifications SET attempts = attempts + 1,
                         next_attempt_at = now() + $2 * interval '1 second'
                         WHERE id = ANY($1)",
                    )
                    .bind::<Array<BigInt>, _>(&ids)
                    .bind::<BigInt, _>(i64::try_from(wait.as_secs()).unwrap_or(i64::MAX))
                    .execute(conn)
                    .await?;
                    continue;
                }
                told.push(person.id);
            }
            done.extend(ids);
        }
        diesel::sql_query("UPDATE users SET notified_at = now() WHERE id = ANY($1)")
            .bind::<Array<SqlUuid>, _>(&told)
            .execute(conn)
            .await?;
        diesel::sql_query("UPDATE notifications SET sent_at = now() WHERE id = ANY($1)")
            .bind::<Array<BigInt>, _>(&done)
            .execute(conn)
            .await?;
        Ok(due.len())
    })
    .await
}

/// The signature of a person's unsubscribe link: only this wiki can make it.
pub fn unsubscribe_signature(secret: &[u8], user: Uuid) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return String::new();
    };
    mac.update(b"unsubscribe:");
    mac.update(user.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `signature` is the unsubscribe signature of `user` (compared in constant time).
pub fn unsubscribe_signed(secret: &[u8], user: Uuid, signature: &str) -> bool {
    let Ok(bytes) = hex::decode(signature) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(b"unsubscribe:");
    mac.update(user.as_bytes());
    mac.verify_slice(&bytes).is_ok()
}

fn compose(
    settings: &Settings,
    site_name: &str,
    lang: Lang,
    secret: &[u8],
    recipient: &User,
    items: &[&Item],
) -> Mail {
    let base = &settings.base_url;
    let site = site_name;
    let unsubscribe = format!(
        "{base}/-/unsubscribe/{}/{}",
        recipient.id,
        unsubscribe_signature(secret, recipient.id)
    );
    let mut body = format!(
        "{}\n\n{}\n\n",
        lang.t_with("notify-mail-greeting", &[("name", &recipient.name)]),
        lang.t_with("notify-mail-intro", &[("site", site)])
    );
    for item in items {
        let path = page_path(&item.page_name);
        let when = time_text(lang, item.created_at);
        let args = [
            ("page", item.page_name.as_str()),
            ("author", item.actor_name.as_str()),
            ("when", when.as_str()),
        ];
        match (item.revision, &item.comment_body) {
            (Some(number), _) => {
                let message = if item.reason == "search" {
                    "notify-mail-found"
                } else {
                    "notify-mail-revision"
                };
                let number_text = number.to_string();
                let mut args = args.to_vec();
                args.push(("number", &number_text));
                body.push_str(&format!(
                    "- {}\n  {base}{path}/diff?from={}&to={number}\n",
                    lang.t_with(message, &args),
                    (number - 1).max(1)
                ));
            }
            (None, Some(text)) => {
                let message = match item.reason.as_str() {
                    "reply" => "notify-mail-reply",
                    "mention" => "notify-mail-mention",
                    _ => "notify-mail-comment",
                };
                body.push_str(&format!(
                    "- {}\n  \"{}\"\n  {base}{}\n",
                    lang.t_with(message, &args),
                    crate::markup::plain_text(text, 200),
                    comment_path(&item.page_name, item.comment_id.unwrap_or_default())
                ));
            }
            (None, None) => {}
        }
    }
    body.push_str(&format!(
        "\n{}\n{}\n",
        lang.t_with(
            "notify-mail-watchlist",
            &[("link", &format!("{base}/-/watchlist"))]
        ),
        lang.t_with("notify-mail-stop", &[("link", &unsubscribe)])
    ));
    let subject = match items {
        [one] => lang.t_with(
            "notify-mail-subject-one",
            &[("site", site), ("page", &one.page_name)],
        ),
        _ => lang.t_count(
            "notify-mail-subject-many",
            i64::try_from(items.len()).unwrap_or(i64::MAX),
            &[("site", site)],
        ),
    };
    Mail {
        to: recipient.email.clone(),
        subject,
        body,
        headers: vec![
            ("List-Unsubscribe", format!("<{unsubscribe}>")),
            (
                "List-Unsubscribe-Post",
                "List-Unsubscribe=One-Click".to_owned(),
            ),
        ],
    }
}

/// Sets how often `user` hears (one of [`CHOICES`]).
pub async fn set_choice(
    conn: &mut AsyncPgConnection,
    user: Uuid,
    choice: &str,
) -> diesel::QueryResult<()> {
    use crate::db::schema::users;
    diesel::update(users::table.find(user))
        .set(users::notify.eq(choice))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn choice(conn: &mut AsyncPgConnection, user: Uuid) -> diesel::QueryResult<String> {
    use crate::db::schema::users;
    users::table
        .find(user)
        .select(users::notify)
        .get_result(conn)
        .await
}
