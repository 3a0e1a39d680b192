//! History, old revisions, diffs and restore.

use crate::harness::TestApp;

#[actix_web::test]
async fn history_lists_revisions_newest_first_in_pages_of_fifty() {
    let app = TestApp::signed_in().await;
    for i in 1..=55 {
        app.edit("Long", &format!("version {i}")).await;
    }
    let first = app.get("/Long/history").await;
    first.assert_status(200);
    assert!(first.body.contains("href=\"/Long?rev=55\""));
    assert!(first.body.contains("href=\"/Long?rev=6\""));
    assert!(!first.body.contains("href=\"/Long?rev=5\""));
    assert!(
        first.body.contains("href=\"/Long/history?before=6\""),
        "{}",
        first.body
    );
    let second = app.get("/Long/history?before=6").await;
    assert!(second.body.contains("href=\"/Long?rev=1\""));
    assert!(!second.body.contains("rel=\"next\""), "no further page");
    app.get("/Long/history?before=x").await.assert_status(400);
    app.get("/Nope/history").await.assert_status(404);
}

#[actix_web::test]
async fn an_old_revision_is_shown_and_clearly_marked_as_old() {
    let app = TestApp::signed_in().await;
    app.edit("Card", "first text").await;
    app.edit("Card", "second text").await;
    let old = app.get("/Card?rev=1").await;
    old.assert_status(200);
    assert!(old.body.contains("first text"));
    assert!(old.body.contains("old-revision"));
    assert!(old.body.contains("href=\"/Card/diff?from=1&amp;to=2\""));
    let current = app.get("/Card").await;
    assert!(!current.body.contains("old-revision"));
    app.get("/Card?rev=3").await.assert_status(404);
    app.get("/Card?rev=-1").await.assert_status(404);
}

#[actix_web::test]
async fn diff_shows_changed_lines_with_the_changed_words_emphasised() {
    let app = TestApp::signed_in().await;
    app.edit("Steps", "1. Invite 12 people\n2. Ask the question\n")
        .await;
    app.edit(
        "Steps",
        "1. Invite 30 people\n2. Ask the question\n3. Harvest\n",
    )
    .await;
    let diff = app.get("/Steps/diff?from=1&to=2").await;
    diff.assert_status(200);
    assert!(diff.body.contains("<del>12</del>"), "{}", diff.body);
    assert!(diff.body.contains("<ins>30</ins>"));
    assert!(diff.body.contains("3. Harvest"));
    let default = app.get("/Steps/diff").await;
    let table =
        |html: &str| html[html.find("<table").unwrap()..html.find("</table>").unwrap()].to_owned();
    assert_eq!(
        table(&default.body),
        table(&diff.body),
        "defaults: the latest against the one before"
    );
    app.get("/Steps/diff?from=1&to=7").await.assert_status(404);
    app.get("/Steps/diff?from=one").await.assert_status(400);
}

#[actix_web::test]
async fn restore_appends_the_old_text_as_a_new_revision() {
    let app = TestApp::signed_in().await;
    app.edit("Method", "good text").await;
    app.edit("Method", "vandalised").await;
    let reply = app.post("/Method/restore?rev=1", &[]).await;
    reply.assert_status(303);
    assert_eq!(app.get("/Method/raw").await.body, "good text");
    let rows = app.sql("SELECT number || ':' || body || ':' || coalesce(restored_from::text, '-') FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Method' ORDER BY number");
    assert_eq!(
        rows,
        vec!["1:good text:-", "2:vandalised:-", "3:good text:1"]
    );
    let history = app.get("/Method/history").await;
    assert_eq!(
        history.body.matches("estored revision 1").count(),
        1,
        "said once in the history: {}",
        history.body
    );
    app.post("/Method/restore?rev=42", &[])
        .await
        .assert_status(404);
    app.post("/Method/restore", &[]).await.assert_status(400);
}

/// Issue #21: restoring asks first, showing what comes back and what goes, and the history
/// says it once ("restored revision 1", with the reason given), not twice. A confirmation made
/// before someone else's save restores nothing over it.
#[actix_web::test]
async fn restoring_shows_what_comes_back_and_asks_to_confirm() {
    let app = TestApp::signed_in().await;
    app.edit("Method", "Sit in a circle.\n\nTalk in turn.")
        .await;
    app.edit("Method", "Sit in a circle.\n\nShout.").await;
    let history = app.get("/Method/history").await;
    assert!(
        history.body.contains("href=\"/Method/restore?rev=1\""),
        "{}",
        history.body
    );
    assert!(
        !history.body.contains("action=\"/Method/restore"),
        "no one-click restore"
    );
    let asked = app.get("/Method/restore?rev=1").await;
    asked.assert_status(200);
    assert!(
        asked.body.contains("Restore revision 1 of Method?"),
        "{}",
        asked.body
    );
    assert!(
        asked.body.contains("removed: </span>Shout."),
        "{}",
        asked.body
    );
    assert!(
        asked.body.contains("added: </span>Talk in turn."),
        "{}",
        asked.body
    );
    assert!(
        asked.body.contains("name=\"base\" value=\"2\""),
        "{}",
        asked.body
    );
    assert_eq!(app.latest_rev("Method").await, 2, "asking writes nothing");

    // Someone saves meanwhile: the confirmation, made on revision 2, restores nothing.
    app.edit("Method", "Sit in a circle.\n\nShout, then listen.")
        .await;
    let stale = app
        .post("/Method/restore?rev=1", &[("base", "2"), ("reason", "")])
        .await;
    stale.assert_status(303);
    assert_eq!(stale.location(), "/Method/history");
    assert_eq!(app.latest_rev("Method").await, 3);

    app.post(
        "/Method/restore?rev=1",
        &[("base", "3"), ("reason", "back to the tested version")],
    )
    .await
    .assert_status(303);
    assert_eq!(
        app.get("/Method/raw").await.body,
        "Sit in a circle.\n\nTalk in turn."
    );
    let history = app.get("/Method/history").await;
    assert!(
        history.body.contains("back to the tested version"),
        "{}",
        history.body
    );
    assert_eq!(
        app.sql("SELECT summary FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Method' AND number = 4"),
        ["back to the tested version"]
    );
    let same = app.get("/Method/restore?rev=1").await;
    assert!(same.body.contains("already has this text"), "{}", same.body);
    assert!(!same.body.contains("name=\"base\""), "{}", same.body);

    let french = app
        .request(
            actix_web::test::TestRequest::get()
                .uri("/Method/restore?rev=2")
                .insert_header(("Accept-Language", "fr")),
        )
        .await;
    assert!(
        french.body.contains("Restaurer la version 2 de Method ?"),
        "{}",
        french.body
    );
}

#[actix_web::test]
async fn an_ordinary_page_is_also_compared_as_it_reads() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Harvest",
        "## Tables\n\nTen tables of four.\n\n- talk\n- move\n\nThanks to all.\n",
    )
    .await;
    app.edit(
        "Harvest",
        "## Tables\n\nTwelve tables of four.\n\n- talk\n- move\n\nA *new* ending <script>alert(1)</script>\n",
    )
    .await;
    let reply = app.get("/Harvest/diff").await;
    reply.assert_status(200);
    let document = scraper::Html::parse_document(&reply.body);
    let select = |css: &str| {
        let selector = scraper::Selector::parse(css).unwrap();
        document
            .select(&selector)
            .map(|e| e.inner_html())
            .collect::<Vec<_>>()
    };
    // The changed paragraphs, as the page shows them: struck and new.
    let removed = select(".rendered-diff del.diff-block");
    let added = select(".rendered-diff ins.diff-block");
    assert_eq!(removed.len(), 2, "{removed:?}");
    assert!(
        removed[0].contains("<p>Ten tables of four.</p>"),
        "{removed:?}"
    );
    assert!(removed[1].contains("<p>Thanks to all.</p>"));
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(added[0].contains("<p>Twelve tables of four.</p>"));
    assert!(added[1].contains("<em>new</em>"));
    // What did not change is there, unmarked; the source diff is still beside it.
    let rendered = select(".rendered-diff").join("");
    assert!(rendered.starts_with("<h2"), "{rendered}");
    assert!(rendered.contains("<li>talk</li>"));
    assert!(reply.body.contains("As the page reads"));
    assert!(reply.body.contains("table class=\"diff\""));
    crate::security::assert_no_script(&reply.body);
    // A method sheet keeps its field-by-field comparison instead.
    let sheet = "---\nform: Method\nlang: en\nhook: \"A hook\"\nsummary: \"A summary\"\n\
         purposes: [decide]\ngroup_size: {min: 5, max: 30}\nduration: {min: 30, max: 60}\n\
         difficulty: easy\nmodality: [in_person]\nphase: [convergent]\nsteps:\n\
         - {title: \"Everything\", duration: 30, text: \"Do it.\"}\nstatus: complete\n---\nBody.\n";
    app.edit("Circle", sheet).await;
    app.edit("Circle", &sheet.replace("Do it.", "Do it well."))
        .await;
    let sheet_diff = app.get("/Circle/diff").await.body;
    assert!(!sheet_diff.contains("rendered-diff"), "{sheet_diff}");
}
