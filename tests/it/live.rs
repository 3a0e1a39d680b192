//! Live editing over its WebSocket, with a Rust y-sync client (`yrs`, `tokio-tungstenite`)
//! against wikis served on real ports: two clients converge, a plain save reaches the room,
//! a read-only viewer cannot write, a bad message closes its connection only, a quiet room
//! becomes one revision crediting everyone, an acknowledged update survives a new instance, and
//! two instances on one database relay each other's updates, wait for each other before saving
//! on leaving, and sweep up typing no instance saved.

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message as Ws;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use yrs::encoding::read::Cursor;
use yrs::sync::protocol::MessageReader;
use yrs::sync::{Awareness, Message, SyncMessage};
use yrs::updates::decoder::{Decode, DecoderV1};
use yrs::updates::encoder::Encode;
use yrs::{Doc, GetString, ReadTxn, Text, TextRef, Transact, Update};

use crate::browser::start_wiki_with;
use crate::harness::{TestApp, exchange};

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A wiki where anyone may edit, behind a "proxy" (each client says its address), so guests
/// are told apart; saved after `quiet` without typing.
fn open_wiki(app: &TestApp, quiet: Duration) -> String {
    start_wiki_with(&app.db, app.data_dir.as_ref().unwrap().path(), |s| {
        s.anonymous_editing = true;
        s.default_write_acl = vec!["*".into()];
        s.trust_proxy = true;
        s.live_quiet = quiet;
    })
}

async fn wiki_with_page(text: &str) -> TestApp {
    let app = TestApp::with_settings(|s| {
        s.anonymous_editing = true;
        s.default_write_acl = vec!["*".into()];
    })
    .await;
    app.sign_up("alice").await;
    app.edit("Harvest", text).await.assert_status(303);
    app
}

fn port_of(base: &str) -> u16 {
    base.rsplit(':').next().unwrap().parse().unwrap()
}

/// A y-sync client: its own Yjs document, connected to a page's room.
struct Client {
    socket: Socket,
    doc: Doc,
    text: TextRef,
    /// Auth messages received: `Some(reason)` denied, `None` granted.
    permissions: Vec<Option<String>>,
}

/// The CSRF token and cookies a visitor gets with the live page (its session cookie first).
fn visit(base: &str, page: &str, session: Option<&str>, address: &str) -> (String, String) {
    let cookie = session
        .map(|s| format!("Cookie: session={s}\r\n"))
        .unwrap_or_default();
    let (status, head, body) = exchange(
        port_of(base),
        &format!(
            "GET /{page}/live HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n{cookie}X-Forwarded-For: {address}\r\nConnection: close\r\n\r\n",
            port_of(base)
        ),
    )
    .unwrap();
    assert_eq!(status, 200, "{head}\n{body}");
    let marker = "data-csrf=\"";
    let start = body.find(marker).unwrap() + marker.len();
    let csrf = body[start..].split('"').next().unwrap().to_owned();
    let mut cookies: Vec<String> = session
        .map(|s| vec![format!("session={s}")])
        .unwrap_or_default();
    for line in head.lines() {
        if let Some(value) = line
            .strip_prefix("set-cookie: ")
            .or_else(|| line.strip_prefix("Set-Cookie: "))
        {
            cookies.push(value.split(';').next().unwrap().to_owned());
        }
    }
    (csrf, cookies.join("; "))
}

impl Client {
    /// Connects as a guest from `address`.
    async fn guest(base: &str, page: &str, address: &str) -> Client {
        Self::connect(base, page, None, address).await.unwrap()
    }

    async fn connect(
        base: &str,
        page: &str,
        session: Option<&str>,
        address: &str,
    ) -> Result<Client, tokio_tungstenite::tungstenite::Error> {
        let (csrf, cookies) = visit(base, page, session, address);
        Self::connect_with(base, page, &cookies, &csrf, base, address).await
    }

    async fn connect_with(
        base: &str,
        page: &str,
        cookies: &str,
        csrf: &str,
        origin: &str,
        address: &str,
    ) -> Result<Client, tokio_tungstenite::tungstenite::Error> {
        let url = format!(
            "{}/{page}/live/ws?csrf={csrf}",
            base.replace("http://", "ws://")
        );
        let mut request = url.into_client_request()?;
        let headers = request.headers_mut();
        headers.insert("Origin", origin.parse().unwrap());
        headers.insert("X-Forwarded-For", address.parse().unwrap());
        if !cookies.is_empty() {
            headers.insert("Cookie", cookies.parse().unwrap());
        }
        let (socket, _) = tokio_tungstenite::connect_async(request).await?;
        let doc = Doc::new();
        let text = doc.get_or_insert_text("markdown");
        let mut client = Client {
            socket,
            doc,
            text,
            permissions: Vec::new(),
        };
        let step1 = Message::Sync(SyncMessage::SyncStep1(client.doc.transact().state_vector()));
        client.send(step1.encode_v1()).await;
        Ok(client)
    }

    async fn send(&mut self, bytes: Vec<u8>) {
        let _ = self.socket.send(Ws::Binary(bytes.into())).await;
    }

    fn text(&self) -> String {
        self.text.get_string(&self.doc.transact())
    }

    /// Types `chunk` at `index` (in bytes) and sends the update.
    async fn type_at(&mut self, index: u32, chunk: &str) {
        let update = {
            let mut txn = self.doc.transact_mut();
            self.text.insert(&mut txn, index, chunk);
            txn.encode_update_v1()
        };
        self.send(Message::Sync(SyncMessage::Update(update)).encode_v1())
            .await;
    }

    /// Reads messages for up to `wait`, until `done` holds. Returns the close frame if the
    /// server closed the connection.
    async fn pump_until(
        &mut self,
        wait: Duration,
        done: impl Fn(&Client) -> bool,
    ) -> Result<(), Option<CloseFrame>> {
        let deadline = Instant::now() + wait;
        while !done(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Ok(());
            }
            match tokio::time::timeout(left, self.socket.next()).await {
                Err(_) => return Ok(()),
                Ok(None) => return Err(None),
                Ok(Some(Err(_))) => return Err(None),
                Ok(Some(Ok(Ws::Close(frame)))) => return Err(frame),
                Ok(Some(Ok(Ws::Binary(bytes)))) => self.received(&bytes).await,
                Ok(Some(Ok(_))) => {}
            }
        }
        Ok(())
    }

    async fn received(&mut self, bytes: &[u8]) {
        let mut decoder = DecoderV1::new(Cursor::new(bytes));
        let messages: Vec<Message> = MessageReader::new(&mut decoder)
            .collect::<Result<_, _>>()
            .unwrap();
        for message in messages {
            match message {
                Message::Sync(SyncMessage::SyncStep1(sv)) => {
                    let update = self.doc.transact().encode_state_as_update_v1(&sv);
                    self.send(Message::Sync(SyncMessage::SyncStep2(update)).encode_v1())
                        .await;
                }
                Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                    self.doc
                        .transact_mut()
                        .apply_update(Update::decode_v1(&update).unwrap())
                        .unwrap();
                }
                Message::Auth(reason) => self.permissions.push(reason),
                _ => {}
            }
        }
    }

    /// Waits until the text is `wanted`; returns the text either way.
    async fn wait_for_text(&mut self, wanted: &str) -> String {
        let _ = self
            .pump_until(Duration::from_secs(10), |c| c.text() == wanted)
            .await;
        self.text()
    }

    /// Waits until the text contains `part`.
    async fn wait_for(&mut self, part: &str) -> String {
        let _ = self
            .pump_until(Duration::from_secs(10), |c| c.text().contains(part))
            .await;
        self.text()
    }

    /// Reads until the server closes the connection; its close code.
    async fn closed(&mut self) -> Option<u16> {
        match self.pump_until(Duration::from_secs(10), |_| false).await {
            Err(Some(frame)) => Some(u16::from(frame.code)),
            _ => None,
        }
    }

    /// Shows this client as present (a caret at the start), as a browser's awareness does.
    async fn show_presence(&mut self) {
        let mut awareness = Awareness::new(self.doc.clone());
        awareness.set_local_state_raw(r#"{"cursor":null}"#);
        let update = awareness.update().unwrap();
        self.send(Message::Awareness(update).encode_v1()).await;
    }

    async fn leave(mut self) {
        let _ = self.socket.close(None).await;
        let _ = tokio::time::timeout(Duration::from_secs(2), async {
            while self.socket.next().await.is_some() {}
        })
        .await;
    }
}

/// Waits for the page to have more than `after` revisions; the latest revision's number.
async fn wait_for_revision(app: &TestApp, after: i32) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let latest: i32 = app.sql("SELECT latest_rev FROM pages WHERE name = 'Harvest'")[0]
            .parse()
            .unwrap();
        if latest > after || Instant::now() > deadline {
            return latest;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn latest_text(app: &TestApp) -> String {
    app.sql(
        "SELECT r.body FROM revisions r JOIN pages p ON p.id = r.page_id AND r.number = p.latest_rev \
         WHERE p.name = 'Harvest'",
    )
    .remove(0)
}

#[actix_web::test]
async fn two_guests_converge_and_a_quiet_room_becomes_one_revision_crediting_both() {
    let app = wiki_with_page("Harvest\n").await;
    let base = open_wiki(&app, Duration::from_secs(2));
    let mut ana = Client::guest(&base, "Harvest", "192.0.2.1").await;
    let mut ben = Client::guest(&base, "Harvest", "192.0.2.2").await;
    assert_eq!(ana.wait_for_text("Harvest\n").await, "Harvest\n");
    assert_eq!(ben.wait_for_text("Harvest\n").await, "Harvest\n");
    // Both type at the same place at once.
    ana.type_at(7, " of ana").await;
    ben.type_at(7, " of ben").await;
    let _ = ana
        .pump_until(Duration::from_secs(10), |c| c.text().contains("ben"))
        .await;
    let _ = ben
        .pump_until(Duration::from_secs(10), |c| c.text().contains("ana"))
        .await;
    assert_eq!(ana.text(), ben.text());
    assert!(ana.text().contains(" of ana") && ana.text().contains(" of ben"));
    let converged = ana.text();
    // Quiet for two seconds: one revision, its author one guest and its co-author the other.
    let number = wait_for_revision(&app, 1).await;
    assert_eq!(number, 2);
    assert_eq!(latest_text(&app), converged);
    let authors = app.sql(
        "SELECT author_name FROM revisions WHERE number = 2 \
         UNION ALL SELECT author_name FROM revision_coauthors WHERE number = 2",
    );
    assert_eq!(authors.len(), 2, "{authors:?}");
    assert_ne!(authors[0], authors[1]);
    let history = app.get("/Harvest/history").await;
    for author in &authors {
        assert!(
            history.body.contains(author.as_str()),
            "{author} missing from the history"
        );
    }
    // Still quiet: no second revision of the same text.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(wait_for_revision(&app, 2).await, 2);
    ana.leave().await;
    ben.leave().await;
}

#[actix_web::test]
async fn a_plain_save_is_merged_into_the_room_and_the_last_to_leave_saves() {
    let app = wiki_with_page("one\ntwo\nthree\n").await;
    let base = open_wiki(&app, Duration::from_secs(3600));
    let mut ana = Client::guest(&base, "Harvest", "192.0.2.1").await;
    ana.wait_for_text("one\ntwo\nthree\n").await;
    ana.type_at(0, "zero\n").await;
    // Typed, and stored: a second client sees it.
    let mut ben = Client::guest(&base, "Harvest", "192.0.2.2").await;
    ben.wait_for("zero").await;
    // Meanwhile someone saves with the plain editor, from revision 1.
    app.edit("Harvest", "one\ntwo\nthree\nfour\n")
        .await
        .assert_status(303);
    let merged = "zero\none\ntwo\nthree\nfour\n";
    assert_eq!(ana.wait_for_text(merged).await, merged);
    assert_eq!(ben.wait_for_text(merged).await, merged);
    assert_eq!(
        wait_for_revision(&app, 1).await,
        2,
        "the merge alone saves nothing"
    );
    ana.leave().await;
    ben.leave().await;
    assert_eq!(wait_for_revision(&app, 2).await, 3);
    assert_eq!(latest_text(&app), merged);
}

#[actix_web::test]
async fn a_reader_watches_but_cannot_write() {
    // The shipped defaults: only signed-in people write.
    let app = TestApp::signed_in().await;
    app.edit("Harvest", "Harvest\n").await.assert_status(303);
    // Not the page's owner, whose right to write no list takes away.
    let member = app.visitor();
    member.sign_up("member").await;
    let session = member.cookie("session").unwrap();
    let base = start_wiki_with(&app.db, app.data_dir.as_ref().unwrap().path(), |s| {
        s.live_quiet = Duration::from_secs(3600);
    });
    let mut writer = Client::connect(&base, "Harvest", Some(&session), "192.0.2.1")
        .await
        .unwrap();
    let mut reader = Client::guest(&base, "Harvest", "192.0.2.2").await;
    writer.wait_for_text("Harvest\n").await;
    reader.wait_for_text("Harvest\n").await;
    let _ = reader
        .pump_until(Duration::from_secs(5), |c| !c.permissions.is_empty())
        .await;
    assert!(
        matches!(reader.permissions.first(), Some(Some(_))),
        "told it is read-only"
    );
    reader.type_at(0, "vandal ").await;
    writer.type_at(7, " notes").await;
    // The reader sees the writer's typing; nobody sees the reader's.
    assert!(reader.wait_for("notes").await.contains("Harvest notes"));
    let mut late = Client::guest(&base, "Harvest", "192.0.2.3").await;
    assert_eq!(
        late.wait_for_text("Harvest notes\n").await,
        "Harvest notes\n"
    );
    assert!(!writer.text().contains("vandal"));
    assert_eq!(
        app.sql("SELECT count(*) FROM live_updates WHERE author_name IS NOT NULL")[0],
        "1"
    );

    // The write permission withdrawn: the writer is told, and turns read-only.
    app.execute("UPDATE pages SET write_acl = ARRAY['@nobody'] WHERE name = 'Harvest'");
    let _ = writer
        .pump_until(Duration::from_secs(10), |c| {
            c.permissions.iter().any(Option::is_some)
        })
        .await;
    assert!(
        writer.permissions.iter().any(Option::is_some),
        "told it may no longer write"
    );
    writer.type_at(0, "late ").await;
    let _ = late
        .pump_until(Duration::from_secs(2), |c| c.text().contains("late"))
        .await;
    assert!(!late.text().contains("late"));
}

#[actix_web::test]
async fn the_handshake_checks_the_origin_and_the_csrf_token() {
    let app = wiki_with_page("Harvest\n").await;
    let base = open_wiki(&app, Duration::from_secs(3600));
    let (csrf, cookies) = visit(&base, "Harvest", None, "192.0.2.1");
    let elsewhere = Client::connect_with(
        &base,
        "Harvest",
        &cookies,
        &csrf,
        "http://evil.example",
        "192.0.2.1",
    )
    .await;
    assert!(elsewhere.is_err(), "another site's page may not connect");
    let forged = Client::connect_with(
        &base,
        "Harvest",
        &cookies,
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        &base,
        "192.0.2.1",
    )
    .await;
    assert!(forged.is_err(), "a wrong token may not connect");
    let missing = Client::connect_with(&base, "Nowhere", &cookies, &csrf, &base, "192.0.2.1").await;
    assert!(missing.is_err(), "no room for a missing page");
    assert!(
        Client::connect_with(&base, "Harvest", &cookies, &csrf, &base, "192.0.2.1")
            .await
            .is_ok()
    );
}

#[actix_web::test]
async fn a_bad_message_closes_its_connection_only() {
    let app = wiki_with_page("Harvest\n").await;
    let base = open_wiki(&app, Duration::from_secs(3600));
    let mut ana = Client::guest(&base, "Harvest", "192.0.2.1").await;
    ana.wait_for_text("Harvest\n").await;

    let mut garbage = Client::guest(&base, "Harvest", "192.0.2.2").await;
    garbage.send(vec![0, 2, 200, 1, 255, 255, 255]).await;
    assert_eq!(garbage.closed().await, Some(4400));

    let mut text = Client::guest(&base, "Harvest", "192.0.2.3").await;
    let _ = text.socket.send(Ws::Text("hello".into())).await;
    assert_eq!(text.closed().await, Some(4400));

    let mut huge = Client::guest(&base, "Harvest", "192.0.2.4").await;
    huge.send(vec![7; 2 * 1024 * 1024]).await;
    assert!(huge.closed().await.is_some());

    // An update that would make the page larger than its limit.
    let mut bloat = Client::guest(&base, "Harvest", "192.0.2.5").await;
    bloat.wait_for_text("Harvest\n").await;
    bloat.type_at(0, &"x".repeat(300 * 1024)).await;
    assert_eq!(bloat.closed().await, Some(4413));

    // The room goes on.
    ana.type_at(7, " still here").await;
    let mut late = Client::guest(&base, "Harvest", "192.0.2.6").await;
    assert_eq!(
        late.wait_for_text("Harvest still here\n").await,
        "Harvest still here\n"
    );
}

#[actix_web::test]
async fn an_update_the_room_cannot_apply_whole_is_refused_and_the_room_rebuilt() {
    let app = wiki_with_page("Harvest\n").await;
    let base = open_wiki(&app, Duration::from_secs(3600));
    let mut ana = Client::guest(&base, "Harvest", "192.0.2.1").await;
    ana.wait_for_text("Harvest\n").await;
    ana.type_at(7, " by ana").await;
    // Typing after someone else's items the room never had: it cannot apply whole (yrs would
    // keep it pending, and panic at the room's next encoding).
    let elsewhere = Doc::new();
    let elsewhere_text = elsewhere.get_or_insert_text("markdown");
    let theirs = {
        let mut txn = elsewhere.transact_mut();
        elsewhere_text.insert(&mut txn, 0, "abc");
        txn.encode_update_v1()
    };
    let writer = Doc::new();
    let text = writer.get_or_insert_text("markdown");
    writer
        .transact_mut()
        .apply_update(Update::decode_v1(&theirs).unwrap())
        .unwrap();
    let after_theirs = {
        let mut txn = writer.transact_mut();
        text.insert(&mut txn, 3, "d");
        txn.encode_update_v1()
    };
    let mut mallory = Client::guest(&base, "Harvest", "192.0.2.9").await;
    mallory.wait_for("by ana").await;
    mallory
        .send(Message::Sync(SyncMessage::Update(after_theirs)).encode_v1())
        .await;
    assert_eq!(mallory.closed().await, Some(4400));
    // The others here are told to reconnect, and find the room rebuilt from what was stored.
    assert_eq!(ana.closed().await, Some(1012));
    let mut ana = Client::guest(&base, "Harvest", "192.0.2.1").await;
    assert_eq!(
        ana.wait_for_text("Harvest by ana\n").await,
        "Harvest by ana\n"
    );
    ana.type_at(0, "# ").await;
    let mut late = Client::guest(&base, "Harvest", "192.0.2.2").await;
    assert_eq!(
        late.wait_for_text("# Harvest by ana\n").await,
        "# Harvest by ana\n"
    );
    late.leave().await;
    ana.leave().await;
    // Saved (the evicted copy's last connection may have saved "Harvest by ana" before),
    // and nothing of mallory's anywhere.
    let deadline = Instant::now() + Duration::from_secs(20);
    while latest_text(&app) != "# Harvest by ana\n" && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(latest_text(&app), "# Harvest by ana\n");
    assert_eq!(
        app.sql("SELECT count(*) FROM revisions WHERE body LIKE '%abc%'")[0],
        "0"
    );
}

#[actix_web::test]
async fn random_messages_never_break_the_room() {
    use rand::{Rng, SeedableRng};
    let app = wiki_with_page("Harvest\n").await;
    let base = open_wiki(&app, Duration::from_secs(3600));
    let mut ana = Client::guest(&base, "Harvest", "192.0.2.1").await;
    ana.wait_for_text("Harvest\n").await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(24);
    for round in 0..40 {
        let mut noisy = Client::guest(&base, "Harvest", "192.0.2.9").await;
        // Random bytes, or a well-formed message header with random contents.
        let mut bytes: Vec<u8> = (0..rng.random_range(0..64)).map(|_| rng.random()).collect();
        if round % 2 == 0 {
            bytes.splice(0..0, [0u8, rng.random_range(0..3)]);
        }
        noisy.send(bytes).await;
        let _ = noisy
            .pump_until(Duration::from_millis(200), |_| false)
            .await;
        noisy.leave().await;
    }
    ana.type_at(7, " survived").await;
    let mut late = Client::guest(&base, "Harvest", "192.0.2.2").await;
    assert!(
        late.wait_for("survived")
            .await
            .starts_with("Harvest survived")
    );
}

#[actix_web::test]
async fn an_acknowledged_update_survives_on_a_new_instance_and_instances_relay() {
    let app = wiki_with_page("Harvest\n").await;
    let first = open_wiki(&app, Duration::from_secs(3600));
    let mut ana = Client::guest(&first, "Harvest", "192.0.2.1").await;
    ana.wait_for_text("Harvest\n").await;
    ana.type_at(7, " by ana").await;
    // Acknowledged: another client of that instance has it.
    let mut ben = Client::guest(&first, "Harvest", "192.0.2.2").await;
    ben.wait_for("by ana").await;
    // A new instance (as after a restart) on the same database has it, from PostgreSQL: no
    // revision was saved.
    let second = open_wiki(&app, Duration::from_secs(3600));
    let mut cleo = Client::guest(&second, "Harvest", "192.0.2.3").await;
    assert_eq!(
        cleo.wait_for_text("Harvest by ana\n").await,
        "Harvest by ana\n"
    );
    assert_eq!(wait_for_revision(&app, 0).await, 1);
    // Typing on either instance reaches the other.
    cleo.type_at(0, "# ").await;
    assert_eq!(
        ana.wait_for_text("# Harvest by ana\n").await,
        "# Harvest by ana\n"
    );
    ana.type_at(16, ", cleo").await;
    assert_eq!(
        cleo.wait_for_text("# Harvest by ana, cleo\n").await,
        "# Harvest by ana, cleo\n"
    );
    assert_eq!(
        ben.wait_for_text("# Harvest by ana, cleo\n").await,
        "# Harvest by ana, cleo\n"
    );
}

#[actix_web::test]
async fn saving_a_version_now_keeps_its_summary() {
    let app = wiki_with_page("Harvest\n").await;
    let base = open_wiki(&app, Duration::from_secs(3600));
    let mut ana = Client::guest(&base, "Harvest", "192.0.2.1").await;
    ana.wait_for_text("Harvest\n").await;
    ana.type_at(7, " now").await;
    let mut ben = Client::guest(&base, "Harvest", "192.0.2.2").await;
    ben.wait_for("now").await;
    let reply = app
        .post("/Harvest/live/save", &[("summary", "Harvest so far")])
        .await;
    reply.assert_status(303);
    assert_eq!(reply.location(), "/Harvest/live?saved=2");
    assert_eq!(latest_text(&app), "Harvest now\n");
    assert_eq!(
        app.sql("SELECT summary FROM revisions WHERE number = 2")[0],
        "Harvest so far"
    );
    // The rows it covers are one now.
    assert_eq!(app.sql("SELECT count(*) FROM live_updates")[0], "1");
}

/// A method sheet with notes below its fields.
const SHEET: &str = "---\nform: Method\nlang: en\ntranslation: circle\nhook: \"Hook\"\n\
    summary: \"Summary\"\npurposes: [decide]\ngroup_size: {min: 5, max: 30}\n\
    duration: {min: 30, max: 60}\ndifficulty: easy\nmodality: [in_person]\nphase: [convergent]\n\
    steps:\n- {title: \"Everything\", duration: 30, text: \"Do it.\"}\nstatus: complete\n---\n\
    Notes of the circle.\n";

#[actix_web::test]
async fn on_a_method_sheet_live_editing_writes_its_notes_and_never_saves_a_broken_sheet() {
    let app = TestApp::with_settings(|s| {
        s.anonymous_editing = true;
        s.default_write_acl = vec!["*".into()];
    })
    .await;
    app.sign_up("alice").await;
    app.edit("Circle", SHEET).await.assert_status(303);
    let base = open_wiki(&app, Duration::from_secs(3600));
    let mut ana = Client::guest(&base, "Circle", "192.0.2.1").await;
    assert_eq!(ana.wait_for_text(SHEET).await, SHEET);
    let end = u32::try_from(SHEET.len()).unwrap();
    ana.type_at(end, "Harvest: it worked.\n").await;
    let mut ben = Client::guest(&base, "Circle", "192.0.2.2").await;
    ben.wait_for("it worked").await;
    app.post("/Circle/live/save", &[("summary", "notes")])
        .await
        .assert_status(303);
    let saved = app.sql(
        "SELECT r.body FROM revisions r JOIN pages p ON p.id = r.page_id AND r.number = p.latest_rev \
         WHERE p.name = 'Circle'",
    );
    assert_eq!(saved[0], format!("{SHEET}Harvest: it worked.\n"));
    // Still a sheet in the catalogue.
    assert_eq!(app.sql("SELECT count(*) FROM sheets")[0], "1");

    // Front matter broken live: the plain editor would refuse it, so the live save does too.
    ben.type_at(4, "form: [\n").await;
    ana.wait_for("form: [").await;
    let refused = app
        .post("/Circle/live/save", &[("summary", "broken")])
        .await;
    refused.assert_status(422);
    assert_eq!(
        app.sql("SELECT latest_rev FROM pages WHERE name = 'Circle'")[0],
        "2"
    );
}

#[actix_web::test]
async fn the_last_to_leave_one_instance_leaves_the_save_to_people_on_another() {
    let app = wiki_with_page("Harvest\n").await;
    let first = open_wiki(&app, Duration::from_secs(3600));
    let second = open_wiki(&app, Duration::from_secs(3600));
    let mut ana = Client::guest(&first, "Harvest", "192.0.2.1").await;
    let mut cleo = Client::guest(&second, "Harvest", "192.0.2.3").await;
    ana.wait_for_text("Harvest\n").await;
    cleo.wait_for_text("Harvest\n").await;
    cleo.show_presence().await;
    ana.show_presence().await;
    ana.type_at(7, " by ana").await;
    assert_eq!(
        cleo.wait_for_text("Harvest by ana\n").await,
        "Harvest by ana\n"
    );
    // Ana leaves the first instance while Cleo is still there on the second: no revision yet.
    ana.leave().await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        wait_for_revision(&app, 0).await,
        1,
        "saved while cleo was still in"
    );
    cleo.type_at(0, "# ").await;
    let _ = cleo.pump_until(Duration::from_millis(500), |_| false).await;
    // The last one anywhere leaves: one revision, crediting both.
    cleo.leave().await;
    assert_eq!(wait_for_revision(&app, 1).await, 2);
    assert_eq!(latest_text(&app), "# Harvest by ana\n");
    let authors = app.sql(
        "SELECT author_name FROM revisions WHERE number = 2 \
         UNION ALL SELECT author_name FROM revision_coauthors WHERE number = 2",
    );
    assert_eq!(authors.len(), 2, "{authors:?}");
}

#[actix_web::test]
async fn typing_no_instance_saved_is_saved_by_the_next_instance_to_start() {
    let app = wiki_with_page("Harvest\n").await;
    // An instance that would not save for an hour holds typing no revision has.
    let first = open_wiki(&app, Duration::from_secs(3600));
    let mut ana = Client::guest(&first, "Harvest", "192.0.2.1").await;
    ana.wait_for_text("Harvest\n").await;
    ana.type_at(7, " by ana").await;
    let mut ben = Client::guest(&first, "Harvest", "192.0.2.2").await;
    ben.wait_for("by ana").await;
    assert_eq!(wait_for_revision(&app, 0).await, 1);
    // Another instance starts, saving after one quiet second: its first sweep finds the typing,
    // two quiet periods old, and saves it, though nobody connects to it.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let _second = open_wiki(&app, Duration::from_secs(1));
    assert_eq!(wait_for_revision(&app, 1).await, 2);
    assert_eq!(latest_text(&app), "Harvest by ana\n");
    assert_eq!(
        app.sql("SELECT count(*) FROM live_updates WHERE author_name IS NOT NULL")[0],
        "0",
        "the saved typing is compacted"
    );
    // The room on the first instance goes on from there: nothing is saved twice.
    ben.type_at(0, "# ").await;
    ana.wait_for("# Harvest").await;
    ana.leave().await;
    ben.leave().await;
    assert_eq!(wait_for_revision(&app, 2).await, 3);
    assert_eq!(latest_text(&app), "# Harvest by ana\n");
}

#[actix_web::test]
async fn a_typed_editor_save_meets_live_typing_field_by_field() {
    let app = TestApp::with_settings(|s| {
        s.anonymous_editing = true;
        s.default_write_acl = vec!["*".into()];
    })
    .await;
    app.sign_up("alice").await;
    app.edit("Circle", SHEET).await.assert_status(303);
    // The typed editor leads to live editing.
    let editor = app.get("/Circle/edit").await;
    assert!(editor.body.contains(r#"href="/Circle/live""#));
    let base = open_wiki(&app, Duration::from_secs(3600));
    let mut ana = Client::guest(&base, "Circle", "192.0.2.1").await;
    assert_eq!(ana.wait_for_text(SHEET).await, SHEET);
    // Live, the group grows to 300 at most...
    let at = u32::try_from(SHEET.find("max: 30}").unwrap() + "max: 30".len()).unwrap();
    ana.type_at(at, "0").await;
    let mut ben = Client::guest(&base, "Circle", "192.0.2.2").await;
    ben.wait_for("max: 300}").await;
    // ...while a save from revision 1 makes it last 90 minutes at most, on the next line: a
    // conflict for a line merge, none field by field.
    app.edit("Circle", &SHEET.replace("max: 60}", "max: 90}"))
        .await
        .assert_status(303);
    let merged = ana
        .pump_until(Duration::from_secs(10), |c| c.text().contains("max: 90"))
        .await;
    assert!(merged.is_ok());
    let text = ana.text();
    assert!(
        text.contains("max: 300") && text.contains("max: 90"),
        "{text}"
    );
    assert_eq!(text.matches("group_size:").count(), 1, "{text}");
    assert_eq!(text.matches("\nduration:").count(), 1, "{text}");
    // And it saves as a sheet.
    app.post("/Circle/live/save", &[("summary", "both")])
        .await
        .assert_status(303);
    assert_eq!(
        app.sql("SELECT latest_rev FROM pages WHERE name = 'Circle'")[0],
        "3"
    );
    let saved = app.sql(
        "SELECT r.body FROM revisions r JOIN pages p ON p.id = r.page_id AND r.number = p.latest_rev \
         WHERE p.name = 'Circle'",
    );
    assert!(
        saved[0].contains("max: 300") && saved[0].contains("max: 90"),
        "{saved:?}"
    );
    assert_eq!(app.sql("SELECT count(*) FROM sheets")[0], "1");
}
