//! Reading, creating, editing, renaming and deleting pages, and the wiki links between them.

use std::time::{Duration, Instant};

use diesel_async::{AsyncPgConnection, SimpleAsyncConnection};
use futures_util::future::join_all;

use crate::harness::TestApp;

#[actix_web::test]
async fn the_home_page_shows_the_default_content_menu_and_footer() {
    let app = TestApp::signed_in().await;
    let home = app.get("/").await;
    home.assert_status(200);
    assert!(home.body.contains("Bienvenue"), "{}", home.body);
    assert!(home.body.contains("class=\"site-menu\""));
    assert!(home.body.contains("CC BY-SA 4.0"));
    assert!(home.body.contains("<html lang=\"en\">"));
    // Issue #21: a welcome that says where things are and how to start, in both languages,
    // and a footer in both.
    for link in ["/-/methods", "/-/programmes", "/-/recent", "/-/new"] {
        assert!(
            home.body.contains(&format!("href=\"{link}\"")),
            "{link}: {}",
            home.body
        );
    }
    assert!(home.body.contains("Contenu partagé sous"), "{}", home.body);
    assert!(home.body.contains("Content shared under"), "{}", home.body);
}

#[actix_web::test]
async fn a_missing_page_answers_404_with_an_offer_to_create_it() {
    let app = TestApp::signed_in().await;
    let reply = app.get("/World_caf%C3%A9").await;
    reply.assert_status(404);
    assert!(reply.body.contains("World café"));
    assert!(
        reply.body.contains("href=\"/World_caf%C3%A9/edit\""),
        "{}",
        reply.body
    );
}

#[actix_web::test]
async fn saving_creates_the_page_and_each_save_appends_a_revision() {
    let app = TestApp::signed_in().await;
    let saved = app.edit("FishBowl", "A circle of *chairs*.").await;
    assert!(
        saved.location().starts_with("/FishBowl?saved=1#saved-"),
        "the page, with the submission the browser's draft is kept under"
    );
    let page = app.get("/FishBowl").await;
    page.assert_status(200);
    assert!(page.body.contains("<em>chairs</em>"));
    app.edit("FishBowl", "An inner circle of chairs.").await;
    app.edit("FishBowl", "An inner and an outer circle.").await;
    let rows = app.sql("SELECT number || ':' || body || ':' || author_name || ':' || size_bytes FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'FishBowl' ORDER BY number");
    assert_eq!(
        rows,
        vec![
            "1:A circle of *chairs*.:tester:21",
            "2:An inner circle of chairs.:tester:26",
            "3:An inner and an outer circle.:tester:29",
        ]
    );
}

/// A save locks its page's row, and only that: a transaction holding the row of the page's name
/// does not hold up saves, one holding the page's row does.
#[actix_web::test]
async fn a_save_waits_for_its_pages_row_and_not_for_the_rows_of_its_names() {
    let app = TestApp::signed_in().await;
    app.edit("FishBowl", "A circle of chairs.").await;
    let mut other = <AsyncPgConnection as diesel_async::AsyncConnection>::establish(&app.db.url)
        .await
        .unwrap();
    other
        .batch_execute(
            "BEGIN; SELECT 1 FROM page_names WHERE page_id = \
             (SELECT id FROM pages WHERE name = 'FishBowl') FOR UPDATE",
        )
        .await
        .unwrap();
    let save = app.edit("FishBowl", "An inner circle of chairs.");
    assert!(
        actix_web::rt::time::timeout(Duration::from_secs(10), save)
            .await
            .is_ok(),
        "the save waited for a transaction holding the page's name"
    );
    other.batch_execute("COMMIT").await.unwrap();

    other
        .batch_execute("BEGIN; SELECT 1 FROM pages WHERE name = 'FishBowl' FOR UPDATE")
        .await
        .unwrap();
    let held = Duration::from_millis(300);
    let started = Instant::now();
    let (saved_after, ()) = futures_util::join!(
        async {
            app.edit("FishBowl", "An inner and an outer circle.").await;
            started.elapsed()
        },
        async {
            actix_web::rt::time::sleep(held).await;
            other.batch_execute("COMMIT").await.unwrap();
        }
    );
    assert!(
        saved_after >= held,
        "the save did not wait for the page's row"
    );
    assert_eq!(
        app.sql("SELECT max(number) FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'FishBowl'"),
        vec!["3"]
    );
}

/// A save that PostgreSQL aborts to break a deadlock runs again instead of failing: creating a
/// page locks the pages linking to it, so a writer holding one of those rows and claiming the
/// new name waits for the save while the save waits for it. The save waited first, so it is
/// the one PostgreSQL aborts (after `deadlock_timeout`); the rival then gets the name, gives
/// everything back, and the save's second run creates the page.
#[actix_web::test]
async fn a_save_aborted_to_break_a_deadlock_runs_again() {
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        count: i64,
    }
    let app = TestApp::signed_in().await;
    app.edit("Linker", "See [[Target]].").await;
    let mut rival = <AsyncPgConnection as diesel_async::AsyncConnection>::establish(&app.db.url)
        .await
        .unwrap();
    rival
        .batch_execute("BEGIN; SELECT 1 FROM pages WHERE name = 'Linker' FOR UPDATE")
        .await
        .unwrap();
    let key = coopwiki::names::PageName::parse("Target")
        .unwrap()
        .key()
        .to_owned();
    let (saved, claimed) = futures_util::join!(app.edit("Target", "Arrived."), async {
        let started = Instant::now();
        loop {
            let blocked = diesel::sql_query(
                "SELECT count(*) AS count FROM pg_stat_activity \
                 WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))",
            )
            .get_result::<Count>(&mut rival)
            .await
            .unwrap();
            if blocked.count > 0 {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the save never waited for the linking page's row"
            );
            actix_web::rt::time::sleep(Duration::from_millis(10)).await;
        }
        let claimed = diesel::sql_query(
            "INSERT INTO page_names (name_key, page_id, name) \
             SELECT $1, id, 'Target' FROM pages WHERE name = 'Linker'",
        )
        .bind::<diesel::sql_types::Text, _>(&key)
        .execute(&mut rival)
        .await;
        rival.batch_execute("ROLLBACK").await.unwrap();
        claimed
    });
    assert!(
        claimed.is_ok(),
        "the save was not the transaction PostgreSQL aborted: {claimed:?}"
    );
    assert_eq!(saved.status, actix_web::http::StatusCode::SEE_OTHER);
    assert_eq!(
        app.sql("SELECT latest_rev::text FROM pages WHERE name = 'Target'"),
        vec!["1"]
    );
}

/// A save sends its `COMMIT` and the caches' notification in one message, then counts its
/// transaction as over: its connection goes back to the pool outside any transaction, on the
/// server as in diesel's books, and the next save on it works.
#[actix_web::test]
async fn a_save_leaves_its_connection_outside_any_transaction() {
    use coopwiki::identity::Author;
    use coopwiki::names::PageName;
    use coopwiki::pages::render::outgoing_links;
    use coopwiki::pages::save::{
        Base, NewRevision, OnStale, SaveOutcome, SaveRequest, Writer, save,
    };
    use diesel_async::{AnsiTransactionManager, RunQueryDsl, TransactionManager};

    let app = TestApp::new().await;
    let mut conn = app.state.pool.get().await.unwrap();
    let name = PageName::parse("Pooled").unwrap();
    for (base, body) in [(0, "First, see [[Fishbowl]]."), (1, "Second.")] {
        let revision = NewRevision {
            links: outgoing_links(body),
            body: body.to_owned(),
            summary: String::new(),
            author: Author {
                id: None,
                name: "a test".to_owned(),
            },
            restored_from: None,
            submission_id: Some(uuid::Uuid::new_v4()),
            on_stale: OnStale::Merge,
            undelete: false,
            at: None,
        };
        let request = SaveRequest {
            name: name.clone(),
            base: Base::from_number(base),
            revision,
        };
        let outcome = save(&mut conn, &app.state.kinds, &request, Writer::Wiki)
            .await
            .unwrap();
        assert!(matches!(outcome, SaveOutcome::Saved { number, .. } if number == base + 1));
        let depth = <AnsiTransactionManager as TransactionManager<AsyncPgConnection>>::transaction_manager_status_mut(&mut *conn)
            .transaction_depth()
            .unwrap();
        assert_eq!(depth, None);
        // Left inside the save's transaction or the notifying one, both of which have a
        // transaction id, it would still have it (or fail, inside an aborted one).
        let fresh: bool = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "pg_current_xact_id_if_assigned() IS NULL",
        ))
        .get_result(&mut *conn)
        .await
        .unwrap();
        assert!(fresh, "the connection was left inside a transaction");
    }
    assert_eq!(
        app.sql(
            "SELECT body FROM revisions r JOIN pages p ON p.id = r.page_id \
                 WHERE p.name = 'Pooled' ORDER BY number"
        ),
        vec!["First, see [[Fishbowl]].", "Second."]
    );
}

/// A save writes only the links that changed: one it keeps is neither rewritten nor locked
/// (a row lock is a write too), one it drops goes, one it adds or names otherwise is written.
#[actix_web::test]
async fn a_save_leaves_the_rows_of_the_links_it_keeps_untouched() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Linker",
        "See [[Fishbowl]], [[World Cafe]] and [[Open Space]].",
    )
    .await;
    let rows = || {
        app.sql(
            "SELECT to_key || ' ' || to_name || ' ' || xmin || ' ' || xmax FROM links \
             WHERE from_page = (SELECT id FROM pages WHERE name = 'Linker') ORDER BY to_key",
        )
    };
    let before = rows();
    assert_eq!(before.len(), 3, "{before:?}");
    app.edit(
        "Linker",
        "See [[Fishbowl]] and [[World Cafe|the café]], then [[Open Space]] again.",
    )
    .await;
    assert_eq!(rows(), before, "kept links were written or locked");

    app.edit("Linker", "See [[Fishbowl]] and [[Consent]].")
        .await;
    let after = rows();
    assert_eq!(after.len(), 2, "{after:?}");
    assert_eq!(after[1], before[0], "the kept link was written or locked");
    assert!(after[0].starts_with("consent Consent "), "{after:?}");
}

#[actix_web::test]
async fn revisions_cannot_be_changed_or_removed_even_by_sql() {
    let app = TestApp::signed_in().await;
    app.edit("Kept", "first").await;
    let url = app.db.url.clone();
    let outcome = std::thread::spawn(move || {
        use diesel::{Connection, RunQueryDsl};
        let mut conn = diesel_async::async_connection_wrapper::AsyncConnectionWrapper::<
            diesel_async::AsyncPgConnection,
        >::establish(&url)
        .unwrap();
        let update =
            diesel::sql_query("UPDATE revisions SET body = 'rewritten'").execute(&mut conn);
        let delete = diesel::sql_query("DELETE FROM revisions").execute(&mut conn);
        (update.is_err(), delete.is_err())
    })
    .join()
    .unwrap();
    assert_eq!(outcome, (true, true));
    assert_eq!(
        app.sql("SELECT count(*) FROM revisions WHERE body = 'first'"),
        vec!["1"]
    );
}

#[actix_web::test]
async fn lookup_ignores_case_and_redirects_to_the_canonical_address() {
    let app = TestApp::signed_in().await;
    app.edit("FishBowl", "text").await;
    let reply = app.get("/fishbowl").await;
    reply.assert_status(301);
    assert_eq!(reply.location(), "/FishBowl");
    let reply = app.get("/FISHBOWL/history?before=3").await;
    reply.assert_status(301);
    assert_eq!(reply.location(), "/FishBowl/history?before=3");
}

#[actix_web::test]
async fn spaces_and_decomposed_accents_redirect_to_the_canonical_spelling() {
    let app = TestApp::signed_in().await;
    app.edit("World_café", "text").await;
    // %20 instead of _
    let reply = app.get("/World%20caf%C3%A9").await;
    reply.assert_status(301);
    assert_eq!(reply.location(), "/World_caf%C3%A9");
    // NFD: e + combining acute accent
    let reply = app.get("/World_cafe%CC%81").await;
    reply.assert_status(301);
    assert_eq!(reply.location(), "/World_caf%C3%A9");
    app.get("/World_caf%C3%A9").await.assert_status(200);
}

#[actix_web::test]
async fn refused_names_answer_400_with_the_rule_they_broke() {
    let app = TestApp::signed_in().await;
    for (path, rule) in [
        ("/a%3Cb", "is not allowed in page names"),
        ("/api", "is reserved"),
        ("/...", "only of dots"),
        ("/a%E2%80%AEb", "text-direction"),
        ("/a%09b", "control characters"),
        (
            &format!("/{}", "x".repeat(121)),
            "limited to 120 characters",
        ),
    ] {
        let reply = app.get(path).await;
        reply.assert_status(400);
        assert!(reply.body.contains(rule), "{path}: {}", reply.body);
    }
    let reply = app
        .post("/a%7Cb/edit", &[("body", "x"), ("base", "0")])
        .await;
    reply.assert_status(400);
    assert_eq!(
        app.sql("SELECT count(*) FROM pages"),
        vec!["4"],
        "only the seeded pages exist (home, menu, footer, Form.Method)"
    );
}

#[actix_web::test]
async fn creating_a_name_that_differs_only_by_case_is_refused_with_409_and_a_link() {
    let app = TestApp::signed_in().await;
    app.edit("FishBowl", "original").await;
    let reply = app
        .post("/Fishbowl/edit", &[("body", "duplicate"), ("base", "0")])
        .await;
    reply.assert_status(409);
    assert!(reply.body.contains("href=\"/FishBowl\""), "{}", reply.body);
    let reply = app
        .post(
            "/%EF%BC%A6%EF%BD%89%EF%BD%93%EF%BD%88%EF%BC%A2%EF%BD%8F%EF%BD%97%EF%BD%8C/edit",
            &[("body", "look-alike"), ("base", "0")],
        )
        .await;
    reply.assert_status(409);
    assert_eq!(
        app.sql("SELECT body FROM revisions WHERE body <> 'original' AND body LIKE '%dup%'"),
        Vec::<String>::new()
    );
}

#[actix_web::test]
async fn preview_renders_the_text_without_saving_it() {
    let app = TestApp::signed_in().await;
    let reply = app
        .post(
            "/Draft/edit",
            &[
                ("body", "**bold** [[Nowhere]]"),
                ("base", "0"),
                ("action", "preview"),
            ],
        )
        .await;
    reply.assert_status(200);
    assert!(reply.body.contains("<strong>bold</strong>"));
    assert!(
        reply.body.contains("**bold** [[Nowhere]]</textarea>"),
        "the text stays in the editor"
    );
    assert!(reply.body.contains("wikilink missing"));
    app.get("/Draft").await.assert_status(404);
}

#[actix_web::test]
async fn a_save_from_a_stale_base_is_not_written_and_keeps_the_editors_text() {
    let app = TestApp::signed_in().await;
    app.edit("Agenda", "line one\n").await;
    app.edit("Agenda", "line one\nline two by Alice\n").await;
    // Bob opened the editor at revision 1.
    let reply = app
        .post(
            "/Agenda/edit",
            &[("body", "line one changed by Bob\n"), ("base", "1")],
        )
        .await;
    reply.assert_status(409);
    assert!(
        reply.body.contains("line one changed by Bob"),
        "Bob's text is kept"
    );
    assert!(
        reply.body.contains("line two by Alice"),
        "Alice's change is shown"
    );
    assert!(
        reply.body.contains("name=\"base\" value=\"2\""),
        "saving again starts from the newest"
    );
    assert_eq!(app.sql("SELECT max(number) FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Agenda'"), vec!["2"]);
}

#[actix_web::test]
async fn submitting_the_same_form_twice_creates_one_revision() {
    let app = TestApp::signed_in().await;
    let fields = [
        ("body", "once"),
        ("base", "0"),
        ("submission_id", "6f1c1a56-8f7e-4b7a-9a51-2a7fd1b8e001"),
    ];
    app.post("/Twice/edit", &fields).await.assert_status(303);
    app.post("/Twice/edit", &fields).await.assert_status(303);
    assert_eq!(app.sql("SELECT count(*) FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Twice'"), vec!["1"]);
}

#[actix_web::test]
async fn concurrent_creations_of_one_name_make_one_page() {
    let app = TestApp::signed_in().await;
    let token = app.csrf().await;
    let bodies: Vec<String> = (0..8).map(|i| format!("version {i}")).collect();
    let forms: Vec<[(&str, &str); 3]> = bodies
        .iter()
        .map(|body| {
            [
                ("csrf", token.as_str()),
                ("body", body.as_str()),
                ("base", "0"),
            ]
        })
        .collect();
    let replies = join_all(forms.iter().map(|form| app.post_raw("/Race/edit", form))).await;
    let created = replies.iter().filter(|r| r.status == 303).count();
    let conflicts = replies.iter().filter(|r| r.status == 409).count();
    assert_eq!(
        (created, conflicts),
        (1, 7),
        "one creation wins, the others get the conflict screen"
    );
    assert_eq!(
        app.sql("SELECT count(*) FROM pages WHERE name = 'Race'"),
        vec!["1"]
    );
    assert_eq!(app.sql("SELECT count(*) FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Race'"), vec!["1"]);
}

#[actix_web::test]
async fn oversized_pages_are_refused_with_413_and_nothing_is_saved() {
    let app = TestApp::with_settings(|s| s.max_page_bytes = 1000).await;
    app.sign_up("tester").await;
    let big = "x".repeat(1001);
    let reply = app
        .post("/Big/edit", &[("body", &big), ("base", "0")])
        .await;
    reply.assert_status(413);
    assert!(reply.body.contains("1001"), "{}", reply.body);
    app.get("/Big").await.assert_status(404);
    let reply = app
        .post("/Nul/edit", &[("body", "a\0b"), ("base", "0")])
        .await;
    reply.assert_status(400);
}

#[actix_web::test]
async fn raw_serves_the_markdown_source_of_any_revision() {
    let app = TestApp::signed_in().await;
    app.edit("Source", "# One\r\n<b>x</b>").await;
    app.edit("Source", "# Two").await;
    let raw = app.get("/Source/raw").await;
    raw.assert_status(200);
    assert_eq!(
        raw.header("content-type"),
        Some("text/markdown; charset=utf-8")
    );
    assert_eq!(raw.body, "# Two");
    let old = app.get("/Source/raw?rev=1").await;
    assert_eq!(
        old.body, "# One\n<b>x</b>",
        "line endings are normalised, text is verbatim"
    );
    app.get("/Source/raw?rev=9").await.assert_status(404);
    app.get("/Source/raw?rev=abc").await.assert_status(400);
}

#[actix_web::test]
async fn renamed_pages_keep_answering_at_every_former_name() {
    let app = TestApp::signed_in().await;
    app.edit("Fishbowl method", "circles").await;
    app.post("/Fishbowl_method/rename", &[("new_name", "Fishbowl")])
        .await
        .assert_status(303);
    app.post("/Fishbowl/rename", &[("new_name", "Aquarium (fishbowl)")])
        .await
        .assert_status(303);
    for old in ["/Fishbowl_method", "/Fishbowl", "/fishbowl_METHOD"] {
        let reply = app.get(old).await;
        reply.assert_status(301);
        assert_eq!(reply.location(), "/Aquarium_(fishbowl)", "{old}");
    }
    let reply = app.get("/Fishbowl/history").await;
    assert_eq!(reply.location(), "/Aquarium_(fishbowl)/history");
    let page = app.get("/Aquarium_(fishbowl)").await;
    page.assert_status(200);
    assert!(page.body.contains("circles"));
    // A former name cannot be taken by another page...
    app.post("/Fishbowl/edit", &[("body", "squatter"), ("base", "0")])
        .await
        .assert_status(409);
    app.edit("Other", "x").await;
    app.post("/Other/rename", &[("new_name", "Fishbowl method")])
        .await
        .assert_status(409);
    // ...but the page itself may go back to it.
    app.post("/Aquarium_(fishbowl)/rename", &[("new_name", "Fishbowl")])
        .await
        .assert_status(303);
    app.get("/Fishbowl").await.assert_status(200);
    assert_eq!(
        app.get("/Aquarium_(fishbowl)").await.location(),
        "/Fishbowl"
    );
    let history = app.get("/Fishbowl/history").await;
    assert!(history.body.contains("renamed from"), "{}", history.body);
}

#[actix_web::test]
async fn a_save_from_an_editor_opened_before_a_rename_follows_the_page() {
    let app = TestApp::signed_in().await;
    app.edit("Before", "v1").await;
    app.post("/Before/rename", &[("new_name", "After")])
        .await
        .assert_status(303);
    let reply = app
        .post("/Before/edit", &[("body", "v2"), ("base", "1")])
        .await;
    reply.assert_status(303);
    assert!(reply.location().starts_with("/After?saved=2#saved-"));
    assert_eq!(app.get("/After/raw").await.body, "v2");
}

#[actix_web::test]
async fn deleting_hides_a_page_keeps_its_history_and_undelete_brings_it_back() {
    let app = TestApp::signed_in().await;
    app.edit("Gone", "still here").await;
    app.post("/Gone/delete", &[("reason", "test")])
        .await
        .assert_status(303);
    let reply = app.get("/Gone").await;
    reply.assert_status(404);
    assert!(reply.body.contains("/Gone/undelete"));
    app.get("/Gone/raw").await.assert_status(404);
    let history = app.get("/Gone/history").await;
    history.assert_status(200);
    assert!(history.body.contains("deleted by"));
    assert!(!app.get("/-/pages").await.body.contains("href=\"/Gone\""));
    app.post("/Gone/undelete", &[]).await.assert_status(303);
    let page = app.get("/Gone").await;
    page.assert_status(200);
    assert!(page.body.contains("still here"));
    assert_eq!(
        app.sql("SELECT count(*) FROM revisions WHERE body = 'still here'"),
        vec!["1"]
    );
}

#[actix_web::test]
async fn wiki_links_follow_pages_appearing_moving_and_disappearing() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Programme",
        "We use [[World café]] and [[Open space|the open space]].",
    )
    .await;
    let page = app.get("/Programme").await.body;
    assert!(page.contains(r#"<a href="/World_caf%C3%A9/edit" class="wikilink missing" rel="nofollow">World café</a>"#), "{page}");
    assert!(page.contains("the open space</a>"));
    app.edit("World café", "tables").await;
    let page = app.get("/Programme").await.body;
    assert!(
        page.contains(r#"<a href="/World_caf%C3%A9" class="wikilink">World café</a>"#),
        "{page}"
    );
    app.post("/World_caf%C3%A9/rename", &[("new_name", "Café du monde")])
        .await
        .assert_status(303);
    let page = app.get("/Programme").await.body;
    assert!(
        page.contains(r#"href="/Caf%C3%A9_du_monde" class="wikilink""#),
        "links point at the new name: {page}"
    );
    app.post("/Caf%C3%A9_du_monde/delete", &[])
        .await
        .assert_status(303);
    let page = app.get("/Programme").await.body;
    assert!(page.contains("wikilink missing"), "{page}");
    let backlinks = app.get("/Open_space/backlinks").await;
    backlinks.assert_status(200);
    assert!(backlinks.body.contains("href=\"/Programme\""));
    app.edit("Open space", "law of two feet").await;
    let backlinks = app.get("/Open_space/backlinks").await;
    assert!(
        backlinks.body.contains("href=\"/Programme\""),
        "{}",
        backlinks.body
    );
}

#[actix_web::test]
async fn backlinks_of_a_page_not_written_yet_list_the_readable_pages_asking_for_it() {
    let app = TestApp::signed_in().await;
    app.edit("Agenda", "Who runs the [[Fish bowl]]?").await;
    app.edit("Notes", "See [[fish BOWL]] and [[Other]].").await;
    app.edit("Private plans", "[[Fish bowl]] at noon").await;
    app.post(
        "/Private_plans/permissions",
        &[("read", "tester"), ("write", "tester"), ("comment", "")],
    )
    .await
    .assert_status(303);
    app.edit("Gone", "[[Fish bowl]] too").await;
    app.post("/Gone/delete", &[("reason", "")])
        .await
        .assert_status(303);
    let missing = app.get("/Fish_bowl").await;
    missing.assert_status(404);
    assert!(missing.body.contains("href=\"/Fish_bowl/backlinks\""));

    let visitor = app.visitor();
    let backlinks = visitor.get("/Fish_bowl/backlinks").await;
    backlinks.assert_status(200);
    let body = &backlinks.body;
    assert!(body.contains("This page does not exist yet."), "{body}");
    assert!(body.contains("href=\"/Fish_bowl/edit\""), "{body}");
    assert!(
        body.contains("href=\"/Agenda\"") && body.contains("href=\"/Notes\""),
        "{body}"
    );
    assert!(
        !body.contains("Private"),
        "an unreadable page is not listed: {body}"
    );
    assert!(
        !body.contains("href=\"/Gone\""),
        "a deleted page links nowhere: {body}"
    );
    // Its owner reads it, so for them it asks too.
    assert!(
        app.get("/fish_bowl/backlinks")
            .await
            .body
            .contains("href=\"/Private_plans\"")
    );
    let french = visitor
        .request(
            actix_web::test::TestRequest::get()
                .uri("/Fish_bowl/backlinks")
                .insert_header(("Accept-Language", "fr")),
        )
        .await;
    assert!(
        french.body.contains("Cette page n'existe pas encore."),
        "{}",
        french.body
    );
    let nobody = visitor.get("/Nobody/backlinks").await;
    nobody.assert_status(200);
    assert!(nobody.body.contains("No page links here yet."));
    // A deleted page has no actions but its history and undeletion.
    visitor.get("/Gone/backlinks").await.assert_status(404);
}

#[actix_web::test]
async fn a_save_writes_only_the_links_that_changed() {
    let app = TestApp::signed_in().await;
    app.edit("Agenda", "[[Fishbowl]], [[World café]] and [[Open space]].")
        .await;
    // Each link with the transaction that last wrote it.
    let links = || {
        app.sql(
            "SELECT l.to_name || ' ' || l.xmin::text FROM links l JOIN pages p ON p.id = l.from_page \
             WHERE p.name = 'Agenda' ORDER BY l.to_key",
        )
    };
    let before = links();
    assert_eq!(before.len(), 3, "{before:?}");

    app.edit(
        "Agenda",
        "[[fishbowl|The fishbowl]], [[World café]], [[Pro action café]].",
    )
    .await;
    let after = links();
    let names: Vec<&str> = after
        .iter()
        .map(|row| row.rsplit_once(' ').unwrap().0)
        .collect();
    assert_eq!(names, ["fishbowl", "Pro action café", "World café"]);
    assert!(
        after.contains(
            before
                .iter()
                .find(|row| row.starts_with("World café"))
                .unwrap()
        ),
        "the link kept as it was is not written again: {before:?} {after:?}"
    );
    assert!(!after.contains(&before[0]), "the renamed link is updated");

    app.edit("Agenda", "No links any more.").await;
    assert!(links().is_empty());
}

/// The site menu is a wiki page like any other, which administrators edit: members may not
/// change what frames every page (a link put there shows on all of them).
#[actix_web::test]
async fn the_site_menu_is_a_page_administrators_edit() {
    let app = TestApp::new().await;
    app.add_user("ada", coopwiki::identity::Role::Admin).await;
    app.login_as("ada", crate::harness::PASSWORD).await;
    app.edit("SiteMenu", "- [[Methods catalogue]]")
        .await
        .assert_status(303);
    let home = app.get("/").await;
    assert!(home.body.contains("Methods catalogue</a>"), "{}", home.body);
}

/// What frames every page (menu, footer) and what defines a catalogue (a form) are for
/// administrators: a member may neither change them nor create a new form.
#[actix_web::test]
async fn members_may_not_change_the_site_frame_or_create_forms() {
    let app = TestApp::signed_in().await;
    for page in ["SiteMenu", "SiteFooter", "Form.Method", "Form.Recipe"] {
        let base = app.sql(&format!(
            "SELECT coalesce(max(latest_rev), 0)::text FROM pages WHERE name = '{page}'"
        ));
        let reply = app
            .post(
                &format!("/{page}/edit"),
                &[
                    ("body", "- [[Phishing]] https://evil.example"),
                    ("base", base[0].as_str()),
                ],
            )
            .await;
        reply.assert_status(403);
    }
    assert_eq!(
        app.sql("SELECT count(*) FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name IN ('SiteMenu', 'SiteFooter', 'Form.Recipe')"),
        ["2"]
    );
}

#[actix_web::test]
async fn yeswiki_addresses_redirect_permanently() {
    let app = TestApp::signed_in().await;
    for (old, new) in [
        ("/wakka.php?wiki=FishBowl", "/FishBowl"),
        ("/wakka.php?wiki=FishBowl/edit", "/FishBowl/edit"),
        ("/?FishBowl", "/FishBowl"),
        ("/?FishBowl/revisions", "/FishBowl/history"),
        ("/FishBowl/revisions", "/FishBowl/history"),
    ] {
        let reply = app.get(old).await;
        reply.assert_status(301);
        assert_eq!(reply.location(), new, "{old}");
    }
}

#[actix_web::test]
async fn head_requests_are_answered_like_get_and_change_nothing() {
    let app = TestApp::new().await;
    let head = |path: &str| {
        actix_web::test::TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri(path)
    };
    let page = app.request(head("/HomePage")).await;
    page.assert_status(200);
    assert!(
        page.header("content-type")
            .is_some_and(|t| t.starts_with("text/html")),
        "{:?}",
        page.headers
    );
    app.request(head("/homepage")).await.assert_status(301);
    app.request(head("/Nowhere")).await.assert_status(404);
    app.request(head("/-/recent.atom")).await.assert_status(200);
    // A HEAD is never a POST: a form address answers as its GET would.
    let before = app.sql("SELECT count(*) FROM revisions");
    app.request(head("/HomePage/edit")).await;
    assert_eq!(app.sql("SELECT count(*) FROM revisions"), before);
}

/// Issue #21: after a save the page says so ("Saved as revision 2", with its changes), in the
/// visitor's language; a page not everyone may read says who may, to those who see it, with a
/// way to change it for its owner; a public page says nothing of the kind.
#[actix_web::test]
async fn a_save_is_confirmed_and_a_private_page_says_who_may_read_it() {
    let app = TestApp::signed_in().await;
    app.edit("Rota", "Who does what.").await;
    let saved = app.edit("Rota", "Who does what, and when.").await;
    let at = saved.location().split('#').next().unwrap().to_owned();
    assert_eq!(at, "/Rota?saved=2");
    let page = app.get(&at).await;
    assert!(page.body.contains("Saved as revision 2."), "{}", page.body);
    assert!(
        page.body.contains("href=\"/Rota/diff?from=1&amp;to=2\""),
        "{}",
        page.body
    );
    assert!(!app.get("/Rota").await.body.contains("Saved as revision"));
    assert!(
        !app.get("/Rota?saved=99")
            .await
            .body
            .contains("Saved as revision")
    );
    let french = app
        .request(
            actix_web::test::TestRequest::get()
                .uri(&at)
                .insert_header(("Accept-Language", "fr")),
        )
        .await;
    assert!(
        french.body.contains("Enregistré : version 2."),
        "{}",
        french.body
    );
    assert!(!page.body.contains("Not public"), "{}", page.body);

    app.post(
        "/Rota/permissions",
        &[
            ("read", "@orga\n+"),
            ("write", ""),
            ("comment", ""),
            ("confirm_unknown", "@orga"),
        ],
    )
    .await
    .assert_status(303);
    let private = app.get("/Rota").await;
    assert!(
        private
            .body
            .contains("Not public: readable by <code>@orga</code>, every signed-in user"),
        "{}",
        private.body
    );
    assert!(
        private.body.contains("href=\"/Rota/permissions\""),
        "{}",
        private.body
    );
}

/// Issue #21: a text that opens with its page's name as a heading (as pages written elsewhere
/// do) shows the title once; another opening heading stays.
#[actix_web::test]
async fn a_page_opening_with_its_own_title_shows_it_once() {
    let app = TestApp::signed_in().await;
    app.edit("World café", "# World Café\n\nSmall tables, three rounds.")
        .await;
    let page = app.get("/World_caf%C3%A9").await;
    assert_eq!(page.body.matches("<h1").count(), 1, "{}", page.body);
    assert!(page.body.contains("Small tables, three rounds."));
    app.edit("Open space", "# Marketplace\n\nSessions are proposed.")
        .await;
    let other = app.get("/Open_space").await;
    assert_eq!(other.body.matches("<h1").count(), 2, "{}", other.body);
}

/// Spanish was added as `locales/es/main.ftl` and nothing else: the switch offers it, a browser
/// asking for it gets it, errors speak it, and the choice is remembered.
#[actix_web::test]
async fn a_language_added_as_one_file_is_offered_and_spoken() {
    let app = TestApp::new().await;
    let asked = app
        .request(
            actix_web::test::TestRequest::get()
                .uri("/-/recent")
                .insert_header(("Accept-Language", "es-AR,es;q=0.9,en;q=0.5")),
        )
        .await;
    asked.assert_status(200);
    assert!(asked.body.contains("<html lang=\"es\""), "{}", asked.body);
    assert!(asked.body.contains("Cambios recientes"));
    assert!(
        asked
            .body
            .contains("<option value=\"es\" lang=\"es\" selected>Español</option>")
    );
    // Chosen with the switch: remembered, errors included.
    app.post("/-/lang", &[("lang", "es")])
        .await
        .assert_status(303);
    let missing = app.get("/-/no-such-thing").await;
    missing.assert_status(404);
    assert!(missing.body.contains("No encontrado"), "{}", missing.body);
    app.post("/-/lang", &[("lang", "xx")])
        .await
        .assert_status(400);
}

/// A group of saves in one transaction (the YesWiki import's) derives each page once, from the
/// last text the group wrote to it: its links and its catalogue row follow that text, as a
/// save of each revision one by one would leave them, and every revision is kept.
#[actix_web::test]
async fn a_group_of_saves_derives_each_page_from_its_last_text() {
    use coopwiki::identity::Author;
    use coopwiki::names::PageName;
    use coopwiki::pages::save::{
        Base, Deferred, NewRevision, OnStale, SaveOutcome, SaveRequest, Writer, save_deferring,
    };
    use diesel_async::AsyncConnection;

    let app = TestApp::signed_in().await;
    app.edit("Older", "Links to [[Before]].").await;
    // A page linking to one the group creates, its view kept while the link is missing.
    app.edit("Linker", "See [[Grouped]].").await;
    assert!(
        app.get("/Linker")
            .await
            .body
            .contains("href=\"/Grouped/edit\"")
    );
    let sheet = |hook: &str| {
        format!(
            "---\nform: Method\nlang: en\nhook: \"{hook}\"\nsummary: \"Sum\"\npurposes: [decide]\n\
             group_size: {{min: 2, max: 9}}\nduration: {{min: 10, max: 20}}\n---\nNotes.\n"
        )
    };
    let group: Vec<(&str, String)> = vec![
        ("Grouped", "To [[First]].".to_owned()),
        ("Older", "To [[Middle]].".to_owned()),
        ("Grouped", "To [[Second]] and [[Third]].".to_owned()),
        ("Sheet", sheet("early hook")),
        ("Older", "To [[After]].".to_owned()),
        ("Sheet", sheet("final hook")),
    ];
    let mut conn = app.state.pool.get().await.unwrap();
    let kinds = &app.state.kinds;
    let outcomes = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            let mut deferred = Deferred::default();
            let mut bases: std::collections::HashMap<&str, Base> =
                [("Older", Base::Revision(1))].into();
            let mut outcomes = Vec::new();
            for (name, body) in &group {
                let request = SaveRequest {
                    name: PageName::parse(name).unwrap(),
                    base: *bases.get(name).unwrap_or(&Base::New),
                    revision: NewRevision {
                        body: body.clone(),
                        summary: String::new(),
                        author: Author {
                            id: None,
                            name: "importer".into(),
                        },
                        restored_from: None,
                        submission_id: None,
                        links: Vec::new(),
                        on_stale: OnStale::Merge,
                        undelete: false,
                        at: None,
                    },
                };
                let outcome =
                    save_deferring(conn, kinds, &request, Writer::Wiki, &mut deferred).await?;
                if let SaveOutcome::Saved { number, .. } = &outcome {
                    bases.insert(name, Base::Revision(*number));
                }
                outcomes.push(outcome);
            }
            let linkers = deferred.derive(conn, kinds).await?;
            Ok((outcomes, linkers))
        })
        .await
        .unwrap();
    let (outcomes, linkers) = outcomes;
    linkers.invalidate(&mut conn).await.unwrap();
    drop(conn);
    assert!(
        outcomes
            .iter()
            .all(|outcome| matches!(outcome, SaveOutcome::Saved { .. })),
        "{outcomes:?}"
    );
    let links = app.sql(
        "SELECT p.name || ' -> ' || l.to_name FROM links l JOIN pages p ON p.id = l.from_page \
         WHERE p.name IN ('Grouped', 'Older', 'Sheet') ORDER BY 1",
    );
    assert_eq!(
        links,
        ["Grouped -> Second", "Grouped -> Third", "Older -> After",],
        "only the last text's links"
    );
    assert_eq!(
        app.sql(
            "SELECT hook FROM sheets s JOIN pages p ON p.id = s.page_id WHERE p.name = 'Sheet'"
        ),
        ["final hook"]
    );
    assert_eq!(
        app.sql(
            "SELECT p.name || ' ' || count(*) FROM revisions r JOIN pages p ON p.id = r.page_id \
             WHERE p.name IN ('Grouped', 'Older', 'Sheet') GROUP BY p.name ORDER BY 1"
        ),
        ["Grouped 2", "Older 3", "Sheet 2"]
    );
    let linker = app.get("/Linker").await;
    assert!(
        linker
            .body
            .contains("<a href=\"/Grouped\" class=\"wikilink\">"),
        "the linker shows the new page: {}",
        linker.body
    );
    let page = app.get("/Older").await;
    assert!(
        page.body.contains("<p>To <a href=\"/After/edit\""),
        "{}",
        page.body
    );
}
