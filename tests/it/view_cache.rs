//! The in-process cache of page views (`src/cache.rs`): what it serves, to whom, and how
//! changes reach it, from this instance or another one on the same database.

use std::time::{Duration, Instant};

use actix_web::http::header;
use actix_web::test::TestRequest;

use crate::harness::{PASSWORD, Reply, TestApp, TestDb};

/// Waits until the instance's cache listens for changes (it connects on a thread of its own).
async fn listening(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !app.state.caches.views.is_listening() {
        assert!(Instant::now() < deadline, "the view cache never listened");
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Views `path` until the page says `text`: a change reaches other instances with its
/// notification, which is delivered asynchronously (well within the deadline).
async fn eventually_shows(app: &TestApp, path: &str, text: &str) -> Reply {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let reply = app.get(path).await;
        if reply.body.contains(text) {
            return reply;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never showed {text:?}:\n{}",
            reply.body
        );
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Changes the stored rendering of a page behind the wiki's back, without notifying anyone:
/// only a view that reads the database can show it. Marked current, since the view that
/// rendered the page may not have stored its rendering (it does not wait for a row the search
/// indexer holds).
fn tamper_with_the_stored_rendering(app: &TestApp, name: &str) {
    app.execute(&format!(
        "DO $$ BEGIN
             PERFORM set_config('session_replication_role', 'replica', true);
             UPDATE pages SET rendered_html = '<p>read from the database</p>',
                              rendered_generation = render_generation
             WHERE name = '{name}';
         END $$"
    ));
}

#[actix_web::test]
async fn an_anonymous_view_is_served_from_memory_until_a_save_on_another_instance() {
    let a = TestApp::signed_in().await;
    a.edit("Cached", "The first text.").await;
    let b = a.instance();
    listening(&b).await;
    let first = b.get("/Cached").await;
    first.assert_status(200);
    assert!(first.body.contains("The first text."));
    assert_eq!(b.state.caches.views.len(), 1, "the view was kept");

    tamper_with_the_stored_rendering(&a, "Cached");
    let again = b.get("/Cached").await;
    assert!(
        again.body.contains("The first text."),
        "the second view did not read the database"
    );

    a.edit("Cached", "The second text.").await;
    eventually_shows(&b, "/Cached", "The second text.").await;
}

/// The triggers notify every write but a save's own transaction (which notifies once
/// committed, see `cache::transaction_notifying_after_commit`): a write by hand in a
/// transaction marked like a save's leaves the cache alone, the same write unmarked empties it.
#[actix_web::test]
async fn writes_notify_the_caches_unless_their_transaction_leaves_it_to_the_save() {
    let a = TestApp::signed_in().await;
    a.edit("Cached", "The first text.").await;
    let b = a.instance();
    listening(&b).await;
    assert!(b.get("/Cached").await.body.contains("The first text."));
    tamper_with_the_stored_rendering(&a, "Cached");
    let link = |key: &str| {
        format!(
            "INSERT INTO links (from_page, to_key, to_name) \
             SELECT id, '{key}', '{key}' FROM pages WHERE name = 'Cached'"
        )
    };

    a.execute(&format!(
        "DO $$ BEGIN \
             PERFORM set_config('coopwiki.notify', 'after_commit', true); \
             {}; \
         END $$",
        link("quiet")
    ));
    // A notification takes milliseconds to arrive: none came in this long.
    actix_web::rt::time::sleep(Duration::from_millis(300)).await;
    assert!(
        b.get("/Cached").await.body.contains("The first text."),
        "a write marked as a save's notified the caches"
    );

    a.execute(&link("loud"));
    eventually_shows(&b, "/Cached", "read from the database").await;
}

#[actix_web::test]
async fn a_save_empties_the_cache_of_the_instance_it_went_through() {
    let app = TestApp::signed_in().await;
    app.edit("Cached", "Before.").await;
    let visitor = app.visitor();
    listening(&visitor).await;
    assert!(visitor.get("/Cached").await.body.contains("Before."));
    app.edit("Cached", "After.").await;
    eventually_shows(&visitor, "/Cached", "After.").await;
}

#[actix_web::test]
async fn a_view_answers_304_to_a_browser_that_has_it_and_200_once_it_changed() {
    let app = TestApp::signed_in().await;
    app.edit("Validated", "Version one.").await;
    let visitor = app.visitor();
    listening(&visitor).await;
    let first = visitor.get("/Validated").await;
    first.assert_status(200);
    let etag = first.header("etag").expect("an ETag").to_owned();
    assert_eq!(first.header("cache-control"), Some("private, no-cache"));

    let revalidate = |etag: String| {
        TestRequest::get()
            .uri("/Validated")
            .insert_header((header::IF_NONE_MATCH, etag))
    };
    let unchanged = visitor.request(revalidate(etag.clone())).await;
    unchanged.assert_status(304);
    assert!(unchanged.body.is_empty());
    assert_eq!(unchanged.header("etag"), Some(etag.as_str()));

    app.edit("Validated", "Version two.").await;
    eventually_shows(&visitor, "/Validated", "Version two.").await;
    let changed = visitor.request(revalidate(etag.clone())).await;
    changed.assert_status(200);
    assert!(changed.body.contains("Version two."));
    assert_ne!(changed.header("etag"), Some(etag.as_str()));
}

#[actix_web::test]
async fn each_visitor_gets_a_cached_view_with_their_own_csrf_token() {
    let app = TestApp::new().await;
    let one = app.visitor();
    let two = app.visitor();
    listening(&one).await;
    let first = one.get("/HomePage").await;
    let second = two.get("/HomePage").await;
    assert_eq!(
        app.state.caches.views.len(),
        1,
        "the second view came from the cache"
    );
    let (token_one, token_two) = (one.cookie("csrf").unwrap(), two.cookie("csrf").unwrap());
    assert_ne!(token_one, token_two);
    assert!(first.body.contains(&token_one) && !first.body.contains(&token_two));
    assert!(second.body.contains(&token_two) && !second.body.contains(&token_one));
    assert_ne!(first.header("etag"), second.header("etag"));
    // The token served is the one that works.
    two.post("/-/lang", &[("lang", "fr"), ("back", "/HomePage")])
        .await
        .assert_status(303);
}

#[actix_web::test]
async fn a_page_made_private_stops_being_served_from_the_cache() {
    let app = TestApp::signed_in().await;
    app.edit("Soon private", "Nothing secret yet.").await;
    let visitor = app.visitor();
    listening(&visitor).await;
    visitor.get("/Soon_private").await.assert_status(200);
    app.execute("UPDATE pages SET read_acl = ARRAY['+'] WHERE name = 'Soon private'");
    let deadline = Instant::now() + Duration::from_secs(5);
    while visitor.get("/Soon_private").await.status != 404 {
        assert!(Instant::now() < deadline, "the private page is still shown");
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
}

#[actix_web::test]
async fn signed_in_views_are_kept_per_user_and_a_logout_takes_effect_at_once() {
    let app = TestApp::signed_in().await;
    app.edit("Shared", "Read by everyone.").await;
    listening(&app).await;
    let me = "href=\"/-/account\">tester<";
    assert!(app.get("/Shared").await.body.contains(me));
    assert!(app.get("/Shared").await.body.contains(me), "from the cache");

    let other = app.visitor();
    other.sign_up("someone").await;
    let theirs = other.get("/Shared").await;
    assert!(theirs.body.contains("href=\"/-/account\">someone<") && !theirs.body.contains(me));
    let anonymous = app.visitor().get("/Shared").await;
    assert!(!anonymous.body.contains("action=\"/-/logout\""));

    app.post("/-/logout", &[]).await.assert_status(303);
    let after = app.get("/Shared").await;
    assert!(
        !after.body.contains("action=\"/-/logout\""),
        "a view after logout is anonymous"
    );
}

#[actix_web::test]
async fn a_view_that_shows_who_else_is_editing_is_not_kept() {
    let app = TestApp::signed_in().await;
    app.edit("Busy", "Being edited.").await;
    let editor = app.visitor();
    listening(&editor).await;
    // Someone (signed in or not) opens the editor: the page says so until it expires.
    app.get("/Busy/edit").await.assert_status(200);
    let reader = app.visitor();
    let busy = reader.get("/Busy").await;
    busy.assert_status(200);
    assert_eq!(
        app.state.caches.views.len(),
        0,
        "a presence notice is not cached"
    );
}

/// The trigger that tells the caches a page changed watches the columns an update sets, by
/// name (comparing whole rows cost each save two JSON copies of the cached HTML): every column
/// but the rendered ones must be on its list, or a change to it would not reach the caches.
#[actix_web::test]
async fn pages_update_trigger_watches_every_column_but_the_rendered_html() {
    let app = TestApp::new().await;
    let watched = app.sql(
        "SELECT a.attname FROM pg_trigger AS t \
         JOIN pg_attribute AS a ON a.attrelid = t.tgrelid AND a.attnum = ANY (t.tgattr::int2[]) \
         WHERE t.tgrelid = 'pages'::regclass AND t.tgname = 'notify_changed_update' \
         ORDER BY 1",
    );
    let columns = app.sql(
        "SELECT attname FROM pg_attribute \
         WHERE attrelid = 'pages'::regclass AND attnum > 0 AND NOT attisdropped \
           AND attname NOT IN ('rendered_generation', 'rendered_html') \
         ORDER BY 1",
    );
    assert!(columns.contains(&"latest_rev".to_owned()), "{columns:?}");
    assert_eq!(watched, columns);
}

/// A change takes effect in the cache of the instance that made it before its answer leaves,
/// whatever the pace of the notification: here that instance hears no notification at all.
/// An edit, a page made private and an editor opened (views say who is editing) are each seen
/// by the next visitor of that instance.
#[actix_web::test]
async fn an_instance_forgets_the_views_its_own_changes_end_before_answering() {
    let app = TestApp::signed_in().await;
    app.edit("Agenda", "Public for now.").await;
    let elsewhere = TestDb::new();
    let member = app.instance_deaf_to_notifications(&elsewhere);
    let reader = member.visitor();
    listening(&member).await;
    member.login_as("tester", PASSWORD).await;

    for _ in 0..2 {
        assert!(reader.get("/Agenda").await.body.contains("Public for now."));
    }
    assert!(!member.state.caches.views.is_empty(), "the view is cached");
    member.edit("Agenda", "Changed.").await;
    assert!(reader.get("/Agenda").await.body.contains("Changed."));

    member.get("/Agenda/edit").await.assert_status(200);
    assert!(
        reader
            .get("/Agenda")
            .await
            .body
            .contains("Also editing now: tester."),
        "the reader sees who opened the editor"
    );

    member
        .post(
            "/Agenda/permissions",
            &[("read", "tester"), ("write", "tester"), ("comment", "")],
        )
        .await
        .assert_status(303);
    reader.get("/Agenda").await.assert_status(404);
}

/// Issue #27, item 4: on a loaded machine (twice as many threads spinning as there are cores,
/// and the page read without pause through the other instance), a page made private through
/// one instance stops being served by another within the bound the tests hold every change
/// to (5 s; it takes milliseconds), ten times over.
#[actix_web::test]
async fn under_load_a_page_made_private_elsewhere_is_hidden_within_the_bound() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    let owner = TestApp::signed_in().await;
    owner.edit("Rota", "Who does what, and when.").await;
    let reader = owner.instance();
    listening(&reader).await;
    let stop = Arc::new(AtomicBool::new(false));
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let spinners: Vec<_> = (0..cores * 2)
        .map(|_| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let mut x = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    x = std::hint::black_box(
                        x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1),
                    );
                }
            })
        })
        .collect();
    let bound = Duration::from_secs(5);
    let mut worst = Duration::ZERO;
    for _ in 0..10 {
        for (read, shown) in [("*", 200), ("+", 404)] {
            owner
                .post(
                    "/Rota/permissions",
                    &[("read", read), ("write", "+"), ("comment", "")],
                )
                .await
                .assert_status(303);
            let changed = Instant::now();
            while reader.get("/Rota").await.status.as_u16() != shown {
                assert!(
                    changed.elapsed() < bound,
                    "read {read:?} not in effect on the other instance after {bound:?}"
                );
            }
            worst = worst.max(changed.elapsed());
        }
    }
    stop.store(true, Ordering::Relaxed);
    for spinner in spinners {
        spinner.join().unwrap();
    }
    eprintln!("slowest change to reach the other instance under load: {worst:?}");
}
