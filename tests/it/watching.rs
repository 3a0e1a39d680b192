//! Watching pages: the button, "changed since your last visit" on the page and in the
//! watchlist, the personal feed at a secret address, and nothing shown of a page its watcher
//! may no longer read.

use crate::harness::TestApp;

/// ada writes `Agenda`; bob, another member, watches it. Returns (ada, bob).
async fn watched_page() -> (TestApp, TestApp) {
    let ada = TestApp::new().await;
    ada.sign_up("ada").await;
    ada.edit("Agenda", "First agenda").await;
    ada.edit("Other", "Not watched").await;
    let bob = ada.visitor();
    bob.sign_up("bob").await;
    let watched = bob.post("/Agenda/watch", &[]).await;
    watched.assert_status(303);
    assert_eq!(watched.location(), "/Agenda#watch");
    (ada, bob)
}

#[actix_web::test]
async fn a_watched_page_says_what_changed_since_the_last_visit() {
    let (ada, bob) = watched_page().await;
    let page = bob.get("/Agenda").await.body;
    assert!(page.contains("You watch this page.") && page.contains("Stop watching"));
    assert!(!page.contains("Changed since your last visit"));
    assert!(bob.get("/-/watchlist").await.body.contains("nothing new"));
    // Others change it: a revision and a comment.
    ada.edit("Agenda", "Second agenda").await;
    ada.post("/Agenda/discussion", &[("body", "Moved to 10:00")])
        .await
        .assert_status(303);
    let list = bob.get("/-/watchlist").await.body;
    assert!(
        list.contains("href=\"/Agenda/diff?from=1&amp;to=2\""),
        "{list}"
    );
    assert!(list.contains("one new revision") && list.contains("one new comment"));
    let page = bob.get("/Agenda").await.body;
    assert!(page.contains("Changed since your last visit"), "{page}");
    assert!(page.contains("/Agenda/diff?from=1&amp;to=2"));
    // Seen: the next visit and the watchlist have nothing new.
    assert!(
        !bob.get("/Agenda")
            .await
            .body
            .contains("Changed since your last visit")
    );
    assert!(bob.get("/-/watchlist").await.body.contains("nothing new"));
    // One's own edits are no news.
    bob.edit("Agenda", "Third agenda, by bob").await;
    assert!(
        !bob.get("/Agenda")
            .await
            .body
            .contains("Changed since your last visit")
    );
    // Unwatched, it leaves the list.
    bob.post("/Agenda/unwatch", &[("back", "/-/watchlist")])
        .await
        .assert_status(303);
    let list = bob.get("/-/watchlist").await.body;
    assert!(!list.contains("href=\"/Agenda\""), "{list}");
    assert!(bob.get("/Agenda").await.body.contains("Watch this page"));
}

#[actix_web::test]
async fn only_signed_in_people_watch_and_a_page_made_private_drops_out() {
    let (ada, bob) = watched_page().await;
    let anonymous = ada.visitor();
    let refused = anonymous.post("/Agenda/watch", &[]).await;
    refused.assert_status(303);
    assert!(refused.location().starts_with("/-/login"));
    assert!(
        anonymous
            .get("/-/watchlist")
            .await
            .location()
            .starts_with("/-/login")
    );
    assert!(
        !anonymous
            .get("/Agenda")
            .await
            .body
            .contains("Watch this page")
    );
    anonymous
        .post("/Nowhere/watch", &[])
        .await
        .assert_status(303);
    bob.post("/Nowhere/watch", &[]).await.assert_status(404);

    bob.post("/-/watchlist/feed", &[]).await.assert_status(200);
    ada.edit("Agenda", "Secret agenda").await;
    ada.post(
        "/Agenda/permissions",
        &[("read", "ada"), ("write", ""), ("comment", "")],
    )
    .await
    .assert_status(303);
    let list = bob.get("/-/watchlist").await.body;
    assert!(!list.contains("Agenda"), "{list}");
    bob.post("/Agenda/watch", &[]).await.assert_status(404);
}

#[actix_web::test]
async fn the_watchlist_feed_lives_at_a_secret_revocable_address() {
    let (ada, bob) = watched_page().await;
    ada.edit("Agenda", "Second agenda").await;
    ada.edit("Other", "Changed too").await;
    ada.post("/Agenda/discussion", &[("body", "See you there")])
        .await
        .assert_status(303);
    let made = bob.post("/-/watchlist/feed", &[]).await;
    made.assert_status(200);
    let start = made
        .body
        .find("/-/watchlist/feed/")
        .expect("the address is shown");
    let path: String = made.body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect();
    // A feed reader sends no cookie.
    let reader = ada.visitor();
    let feed = reader.get(&path).await;
    feed.assert_status(200);
    assert_eq!(
        feed.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    assert!(feed.body.contains("Agenda") && feed.body.contains("See you there"));
    assert!(!feed.body.contains("Other"), "{}", feed.body);
    // Only the hash is kept, and a new address revokes the old one.
    assert_eq!(
        bob.sql(&format!(
            "SELECT count(*) FROM watch_feeds WHERE token_hash = sha256('{}')",
            path.rsplit('/').next().unwrap()
        )),
        ["1"]
    );
    bob.post("/-/watchlist/feed", &[]).await.assert_status(200);
    reader.get(&path).await.assert_status(404);
    bob.post("/-/watchlist/feed/revoke", &[])
        .await
        .assert_status(303);
    assert_eq!(bob.sql("SELECT count(*) FROM watch_feeds"), ["0"]);
    reader
        .get("/-/watchlist/feed/nonsense")
        .await
        .assert_status(404);
}

/// The mails written for `to` (the wiki has no SMTP server in tests: each is a file).
fn mails_to(app: &TestApp, to: &str) -> Vec<String> {
    let dir = app.data_dir.as_ref().unwrap().path().join("mail");
    let mut mails: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
                .filter(|text| text.contains(&format!("To: {to}")))
                .collect()
        })
        .unwrap_or_default();
    mails.sort();
    mails
}

/// Waits (a few seconds at most) until `to` has `count` mails, then a little more to see that
/// no other comes.
async fn mails_settle(app: &TestApp, to: &str, count: usize) -> Vec<String> {
    for _ in 0..100 {
        if mails_to(app, to).len() >= count {
            break;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    actix_web::rt::time::sleep(std::time::Duration::from_millis(1500)).await;
    mails_to(app, to)
}

#[actix_web::test]
async fn a_watcher_is_mailed_once_with_a_link_that_stops_the_mails() {
    let (ada, _bob) = watched_page().await;
    ada.edit("Agenda", "Second agenda").await;
    let mails = mails_settle(&ada, "bob@example.org", 1).await;
    assert_eq!(mails.len(), 1, "{mails:#?}");
    let mail = &mails[0];
    assert!(mail.contains("Agenda: revision 2 by ada"), "{mail}");
    assert!(mail.contains("http://localhost/Agenda/diff?from=1&to=2"));
    assert!(mail.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    // Its author is not told of their own change.
    assert!(mails_to(&ada, "ada@example.org").is_empty());
    assert_eq!(
        ada.sql("SELECT count(*) FROM notifications WHERE sent_at IS NULL"),
        ["0"]
    );
    // The link stops the mails: asked on GET, done on POST (a mail program's one click sends
    // no session and no form token).
    let link = mail
        .lines()
        .find_map(|line| line.strip_prefix("List-Unsubscribe: <http://localhost"))
        .unwrap()
        .trim_end_matches('>')
        .to_owned();
    let stranger = ada.visitor();
    let ask = stranger.get(&link).await;
    ask.assert_status(200);
    assert!(ask.body.contains("Stop the mails"));
    assert_eq!(
        ada.sql("SELECT notify FROM users WHERE name = 'bob'"),
        ["immediately"]
    );
    stranger
        .post_raw(&link, &[("List-Unsubscribe", "One-Click")])
        .await
        .assert_status(200);
    assert_eq!(
        ada.sql("SELECT notify FROM users WHERE name = 'bob'"),
        ["never"]
    );
    let forged = link.replace(&link[link.len() - 6..], "000000");
    stranger.post_raw(&forged, &[]).await.assert_status(404);
    ada.edit("Agenda", "Third agenda").await;
    assert_eq!(mails_settle(&ada, "bob@example.org", 2).await.len(), 1);
}

#[actix_web::test]
async fn a_digest_is_sent_once_by_two_instances_and_not_again_after_a_restart() {
    let (ada, bob) = watched_page().await;
    bob.post("/-/watchlist/mail", &[("notify", "daily")])
        .await
        .assert_status(303);
    // Bob heard from the wiki an hour ago: his next digest is due in 23 hours.
    ada.execute("UPDATE users SET notified_at = now() - interval '1 hour' WHERE name = 'bob'");
    ada.edit("Agenda", "Second agenda").await;
    ada.edit("Agenda", "Third agenda").await;
    ada.post("/Agenda/discussion", &[("body", "Coffee at 9")])
        .await
        .assert_status(303);
    let second = ada.instance();
    assert!(mails_settle(&ada, "bob@example.org", 1).await.is_empty());
    // A day passes.
    ada.execute("UPDATE users SET notified_at = now() - interval '25 hours' WHERE name = 'bob'");
    let mails = mails_settle(&ada, "bob@example.org", 1).await;
    assert_eq!(
        mails.len(),
        1,
        "one digest whatever the instances: {mails:#?}"
    );
    assert!(mails[0].contains("revision 2") && mails[0].contains("revision 3"));
    assert!(mails[0].contains("ada commented") && mails[0].contains("Coffee at 9"));
    // Both instances stop; a new one starts on the same database: nothing is sent again.
    drop(second);
    let restarted = ada.instance();
    ada.execute("UPDATE users SET notified_at = now() - interval '25 hours' WHERE name = 'bob'");
    assert_eq!(mails_settle(&ada, "bob@example.org", 2).await.len(), 1);
    drop(restarted);
}

#[actix_web::test]
async fn names_and_replies_are_told_and_private_pages_never() {
    let (ada, bob) = watched_page().await;
    let carol = ada.visitor();
    carol.sign_up("carol").await;
    carol
        .post("/Other/discussion", &[("body", "Is this still current?")])
        .await
        .assert_status(303);
    let id = ada.sql("SELECT id FROM comments")[0].clone();
    ada.post(
        "/Other/discussion",
        &[
            (
                "body",
                "Yes. @bob, can you check? Mail me at ada@example.org.",
            ),
            ("reply_to", &id),
        ],
    )
    .await
    .assert_status(303);
    let to_carol = mails_settle(&ada, "carol@example.org", 1).await;
    assert_eq!(to_carol.len(), 1);
    assert!(
        to_carol[0].contains("ada replied to you"),
        "{}",
        to_carol[0]
    );
    let to_bob = mails_to(&ada, "bob@example.org");
    assert_eq!(to_bob.len(), 1);
    assert!(to_bob[0].contains("ada mentioned you"), "{}", to_bob[0]);
    // A page bob may no longer read: its change is dropped, never told.
    ada.post(
        "/Agenda/permissions",
        &[("read", "ada"), ("write", ""), ("comment", "")],
    )
    .await
    .assert_status(303);
    ada.edit("Agenda", "Secret agenda").await;
    assert_eq!(mails_settle(&ada, "bob@example.org", 2).await.len(), 1);
    assert_eq!(
        ada.sql("SELECT count(*) FROM notifications WHERE sent_at IS NULL"),
        ["0"]
    );
    drop(bob);
}

/// A method sheet for `purpose` (the Method form ships with every wiki).
fn sheet(purpose: &str) -> String {
    format!(
        "---\nform: Method\nlang: en\nhook: \"A hook\"\nsummary: \"A summary\"\n\
         purposes: [{purpose}]\ngroup_size: {{min: 5, max: 30}}\nduration: {{min: 30, max: 60}}\n\
         difficulty: easy\nmodality: [in_person]\nphase: [convergent]\nsteps:\n\
         - {{title: \"Everything\", duration: 30, text: \"Do it.\"}}\nstatus: complete\n---\nBody.\n"
    )
}

#[actix_web::test]
async fn a_watched_catalogue_search_shows_the_methods_it_finds_since() {
    let (ada, bob) = watched_page().await;
    ada.edit("Circle", &sheet("decide")).await;
    let catalogue = bob.get("/-/methods?purposes=decide").await.body;
    assert!(catalogue.contains("Watch this search"), "{catalogue}");
    assert!(
        !ada.visitor()
            .get("/-/methods")
            .await
            .body
            .contains("Watch this search")
    );
    bob.post(
        "/-/watchlist/searches",
        &[("query", "lang=en&purposes=decide")],
    )
    .await
    .assert_status(303);
    bob.post("/-/watchlist/searches", &[("query", "form=Nothing")])
        .await
        .assert_status(422);
    let list = bob.get("/-/watchlist").await.body;
    assert!(list.contains("lang=en&amp;purposes=decide"), "{list}");
    // New methods: one the search finds, one it does not.
    ada.edit("Square", &sheet("decide")).await;
    ada.edit("Triangle", &sheet("plan")).await;
    let list = bob.get("/-/watchlist").await.body;
    assert!(
        list.contains("one new or changed method</a>: Square"),
        "{list}"
    );
    assert!(!list.contains("Triangle"));
    let id = bob.sql("SELECT id FROM watched_searches")[0].clone();
    let opened = bob.get(&format!("/-/watchlist/searches/{id}")).await;
    opened.assert_status(303);
    assert_eq!(
        opened.location(),
        "/-/methods?lang=en&purposes=decide&sort=recent"
    );
    assert!(
        !bob.get("/-/watchlist")
            .await
            .body
            .contains("one new or changed method")
    );
    // Another person's search is nobody else's to open or forget.
    ada.get(&format!("/-/watchlist/searches/{id}"))
        .await
        .assert_status(404);
    bob.post(&format!("/-/watchlist/searches/{id}/forget"), &[])
        .await
        .assert_status(303);
    assert_eq!(bob.sql("SELECT count(*) FROM watched_searches"), ["0"]);
}

#[actix_web::test]
async fn a_watched_search_mails_what_it_finds_once_in_the_watchers_language() {
    let (ada, bob) = watched_page().await;
    ada.edit("Circle", &sheet("decide")).await;
    bob.post(
        "/-/watchlist/searches",
        &[("query", "lang=en&purposes=decide")],
    )
    .await
    .assert_status(303);
    bob.post("/-/lang", &[("lang", "fr")])
        .await
        .assert_status(303);
    // One method the search finds, one it does not, one bob may not read (private before it
    // is one the search finds).
    ada.edit("Square", &sheet("decide")).await;
    ada.edit("Triangle", &sheet("plan")).await;
    ada.edit("Hidden", &sheet("plan")).await;
    ada.post(
        "/Hidden/permissions",
        &[("read", "ada"), ("write", "ada"), ("comment", "")],
    )
    .await
    .assert_status(303);
    ada.edit("Hidden", &sheet("decide")).await;
    let mails = mails_settle(&ada, "bob@example.org", 1).await;
    assert_eq!(mails.len(), 1, "{mails:#?}");
    let mail = &mails[0];
    assert!(
        mail.contains("Square : trouvée par une recherche que vous suivez, version 1 par ada"),
        "{mail}"
    );
    assert!(mail.contains("Bonjour bob,"), "{mail}");
    assert!(mail.contains("Ne plus recevoir ces courriels"), "{mail}");
    // Neither what it does not find, nor what bob may not read, nor what was there before
    // he watched.
    for absent in ["Triangle", "Hidden", "Circle"] {
        assert!(!mail.contains(absent), "{absent} in {mail}");
    }
    // Looked at again and again, the search tells of nothing it already told.
    ada.edit("Triangle", &format!("{}Changed.\n", sheet("plan")))
        .await;
    assert_eq!(mails_settle(&ada, "bob@example.org", 2).await.len(), 1);
    assert_eq!(
        ada.sql("SELECT count(*) FROM notifications WHERE reason = 'search'"),
        ["1"]
    );
    // A later revision of a method it finds is news again.
    ada.edit("Square", &format!("{}More.\n", sheet("decide")))
        .await;
    let mails = mails_settle(&ada, "bob@example.org", 2).await;
    assert_eq!(mails.len(), 2, "{mails:#?}");
    assert!(mails.iter().any(|mail| mail.contains("version 2 par ada")));
}
