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
