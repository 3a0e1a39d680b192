//! Discussions: a thread under every page, replies, edits kept, removals shown, field notes,
//! the comment permission, moderation, the honeypot and the throttle, and comments in recent
//! changes and the feed.

use coopwiki::config::Moderation;

use crate::harness::TestApp;

/// The first comment's text in a page's answer, between its body's tags.
fn shows(body: &str, text: &str) -> bool {
    body.contains(&format!("<p>{text}</p>"))
}

/// A wiki where ada owns the page `Fishbowl notes`.
async fn wiki_with_a_page() -> TestApp {
    let ada = TestApp::new().await;
    ada.sign_up("ada").await;
    ada.edit("Fishbowl notes", "# Fishbowl notes\n\nHow it went.")
        .await;
    ada
}

fn comment_count(app: &TestApp) -> i64 {
    app.sql("SELECT count(*) FROM comments")[0].parse().unwrap()
}

#[actix_web::test]
async fn members_comment_reply_edit_and_remove_and_the_page_shows_the_thread() {
    let ada = wiki_with_a_page().await;
    // Read once, so a cached view would be served if posting did not forget it.
    let before = ada.get("/Fishbowl_notes").await;
    assert!(before.body.contains("No comment yet"), "{}", before.body);

    let posted = ada
        .post(
            "/Fishbowl_notes/discussion",
            &[("body", "Worked well with **40** people.")],
        )
        .await;
    posted.assert_status(303);
    let id = ada.sql("SELECT id FROM comments")[0].clone();
    assert_eq!(posted.location(), format!("/Fishbowl_notes#comment-{id}"));
    let page = ada.get("/Fishbowl_notes").await.body;
    assert!(
        page.contains("Worked well with <strong>40</strong> people."),
        "{page}"
    );
    assert!(page.contains("Discussion <span class=\"count\">(1)</span>"));

    let bob = ada.visitor();
    bob.sign_up("bob").await;
    bob.post(
        "/Fishbowl_notes/discussion",
        &[("body", "How long did it take?"), ("reply_to", &id)],
    )
    .await
    .assert_status(303);
    let reply_id = bob.sql("SELECT max(id) FROM comments")[0].clone();
    // A reply to a reply answers the same comment: one level.
    bob.post(
        "/Fishbowl_notes/discussion",
        &[
            ("body", "And with how many facilitators?"),
            ("reply_to", &reply_id),
        ],
    )
    .await
    .assert_status(303);
    assert_eq!(
        bob.sql("SELECT DISTINCT reply_to FROM comments WHERE reply_to IS NOT NULL"),
        vec![id.clone()]
    );
    let page = bob.get("/Fishbowl_notes").await.body;
    let replies = page.find("class=\"replies\"").expect("the replies' list");
    assert!(page[replies..].contains("How long did it take?"));
    assert!(page.contains("(3)"));

    // Only its author edits a comment; its earlier text stays readable.
    bob.get(&format!("/Fishbowl_notes/discussion/{id}/edit"))
        .await
        .assert_status(403);
    bob.post(
        &format!("/Fishbowl_notes/discussion/{id}/edit"),
        &[("body", "hijacked")],
    )
    .await
    .assert_status(403);
    ada.post(
        &format!("/Fishbowl_notes/discussion/{id}/edit"),
        &[("body", "Worked well with 40 people, in two circles.")],
    )
    .await
    .assert_status(303);
    let page = bob.get("/Fishbowl_notes").await.body;
    assert!(shows(&page, "Worked well with 40 people, in two circles."));
    assert!(page.contains(&format!("/Fishbowl_notes/discussion/{id}/history\">edited")));
    let history = bob
        .get(&format!("/Fishbowl_notes/discussion/{id}/history"))
        .await;
    history.assert_status(200);
    assert!(
        history
            .body
            .contains("Worked well with <strong>40</strong> people.")
    );
    assert!(history.body.contains("in two circles"));

    // Its author removes a reply; the page's owner removes another's; a stranger may not.
    bob.post(
        &format!("/Fishbowl_notes/discussion/{reply_id}/remove"),
        &[],
    )
    .await
    .assert_status(303);
    let last = bob.sql("SELECT max(id) FROM comments")[0].clone();
    let carol = ada.visitor();
    carol.sign_up("carol").await;
    carol
        .post(&format!("/Fishbowl_notes/discussion/{last}/remove"), &[])
        .await
        .assert_status(403);
    ada.post(&format!("/Fishbowl_notes/discussion/{last}/remove"), &[])
        .await
        .assert_status(303);
    let page = carol.get("/Fishbowl_notes").await.body;
    assert!(page.contains("Comment removed by bob"), "{page}");
    assert!(page.contains("Comment removed by ada"));
    assert!(!page.contains("How long did it take?") && !page.contains("facilitators"));
    assert!(page.contains("(1)"), "removed comments are not counted");
    // The text is kept, not shown.
    assert_eq!(
        ada.sql("SELECT count(*) FROM comments WHERE body LIKE '%facilitators%'"),
        vec!["1"]
    );

    // A visitor without an account reads the thread, and is offered to log in.
    let anonymous = ada.visitor().get("/Fishbowl_notes").await.body;
    assert!(anonymous.contains("in two circles"));
    assert!(anonymous.contains("Log in to take part in the discussion"));
    assert!(!anonymous.contains("name=\"reply_to\""));
}

/// A form's fields, as owned text.
type Fields = Vec<(&'static str, String)>;

#[actix_web::test]
async fn a_refused_comment_comes_back_in_its_form_with_the_reason_and_nothing_is_saved() {
    let ada = wiki_with_a_page().await;
    let cases: [(Fields, u16, &str); 4] = [
        (vec![("body", "   \n".into())], 422, "The comment is empty"),
        (
            vec![("body", format!("Long story {}", "x".repeat(10_000)))],
            422,
            "The comment is too long",
        ),
        (
            vec![
                ("body", "Buy cheap things".into()),
                ("website", "http://spam.example".into()),
            ],
            422,
            "a hidden field was filled in",
        ),
        (
            vec![("body", "An answer".into()), ("reply_to", "999999".into())],
            422,
            "The comment you answer is not on this page",
        ),
    ];
    for (fields, status, message) in cases {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = ada.post("/Fishbowl_notes/discussion", &fields).await;
        reply.assert_status(status);
        assert!(reply.body.contains(message), "{message}: {}", reply.body);
        assert!(reply.body.contains("role=\"alert\""));
        let typed = fields[0].1.trim();
        if !typed.is_empty() {
            assert!(
                reply.body.contains(&typed[..typed.len().min(10)]),
                "the text typed is kept: {message}"
            );
        }
    }
    // In French too.
    ada.set_cookie("lang", "fr");
    let reply = ada
        .post("/Fishbowl_notes/discussion", &[("body", "")])
        .await;
    reply.assert_status(422);
    assert!(reply.body.contains("Le commentaire est vide"));
    assert_eq!(comment_count(&ada), 0);
    // A comment on a page that does not exist.
    ada.post("/Nowhere/discussion", &[("body", "hello")])
        .await
        .assert_status(404);
    ada.get("/Fishbowl_notes/discussion/abc")
        .await
        .assert_status(404);
    ada.get("/Fishbowl_notes/discussion?page=0")
        .await
        .assert_status(400);
}

#[actix_web::test]
async fn comments_are_throttled_per_account_and_the_refused_one_is_kept_in_its_form() {
    let ada = wiki_with_a_page().await;
    for n in 0..ada.state.settings.comment_limit {
        ada.post(
            "/Fishbowl_notes/discussion",
            &[("body", &format!("comment {n}"))],
        )
        .await
        .assert_status(303);
    }
    let refused = ada
        .post("/Fishbowl_notes/discussion", &[("body", "one too many")])
        .await;
    refused.assert_status(429);
    assert!(refused.body.contains("one too many"));
    assert!(refused.body.contains("wait a quarter of an hour"));
    assert_eq!(comment_count(&ada), ada.state.settings.comment_limit);
    // The window passes.
    ada.execute("UPDATE login_attempts SET at = at - interval '16 minutes'");
    ada.post("/Fishbowl_notes/discussion", &[("body", "one too many")])
        .await
        .assert_status(303);
}

#[actix_web::test]
async fn the_comment_permission_decides_who_may_comment() {
    let ada = wiki_with_a_page().await;
    let anonymous = ada.visitor();
    // By default, signed-in people: a guest is asked to log in, and the text is held.
    let refused = anonymous
        .post("/Fishbowl_notes/discussion", &[("body", "from a guest")])
        .await;
    refused.assert_status(303);
    assert!(
        refused.location().starts_with("/-/login"),
        "{}",
        refused.location()
    );
    assert_eq!(comment_count(&ada), 0);
    // The owner keeps comments to a group.
    ada.post(
        "/Fishbowl_notes/permissions",
        &[
            ("read", ""),
            ("write", ""),
            ("comment", "@orga"),
            ("confirm_unknown", "@orga"),
        ],
    )
    .await
    .assert_status(303);
    let bob = ada.visitor();
    bob.sign_up("bob").await;
    let page = bob.get("/Fishbowl_notes").await.body;
    assert!(page.contains("Comments on this page are closed."), "{page}");
    assert!(!page.contains("id=\"comment-form\""));
    let forbidden = bob
        .post("/Fishbowl_notes/discussion", &[("body", "let me in")])
        .await;
    forbidden.assert_status(403);
    assert!(
        forbidden
            .body
            .contains("its permissions keep comments for other people")
    );
    // The owner always may.
    ada.post("/Fishbowl_notes/discussion", &[("body", "owner's word")])
        .await
        .assert_status(303);
    assert_eq!(comment_count(&ada), 1);
}

#[actix_web::test]
async fn guests_comment_where_everyone_may_and_wait_for_a_moderator() {
    let ada = wiki_with_a_page().await;
    ada.post(
        "/Fishbowl_notes/permissions",
        &[("read", ""), ("write", ""), ("comment", "*")],
    )
    .await
    .assert_status(303);
    let guest = ada.visitor_from("192.0.2.7:4000");
    let posted = guest
        .post(
            "/Fishbowl_notes/discussion",
            &[("body", "Great, see https://spam.example/page")],
        )
        .await;
    posted.assert_status(303);
    assert_eq!(
        posted.location(),
        "/Fishbowl_notes/discussion?waiting=1#discussion"
    );
    let notice = guest.get(posted.location()).await.body;
    assert!(notice.contains("waits for a moderator"));
    // Nobody but its moderators sees it yet.
    let bob = ada.visitor();
    bob.sign_up("bob").await;
    for visitor in [&guest, &bob] {
        let page = visitor.get("/Fishbowl_notes").await.body;
        assert!(!page.contains("spam.example"), "{page}");
    }
    let page = ada.get("/Fishbowl_notes").await.body;
    assert!(page.contains("spam.example") && page.contains("Waiting for approval"));
    assert!(page.contains("One comment waits for your approval."));
    let queue = ada.get("/-/moderation").await;
    queue.assert_status(200);
    assert!(queue.body.contains("spam.example"));
    bob.get("/-/moderation").await.assert_status(200);
    assert!(!bob.get("/-/moderation").await.body.contains("spam.example"));
    assert!(
        ada.visitor()
            .get("/-/moderation")
            .await
            .location()
            .starts_with("/-/login")
    );
    let id = ada.sql("SELECT id FROM comments")[0].clone();
    bob.post(&format!("/Fishbowl_notes/discussion/{id}/approve"), &[])
        .await
        .assert_status(404);
    let approved = ada
        .post(
            &format!("/Fishbowl_notes/discussion/{id}/approve"),
            &[("back", "/-/moderation")],
        )
        .await;
    approved.assert_status(303);
    assert_eq!(approved.location(), "/-/moderation");
    let page = bob.get("/Fishbowl_notes").await.body;
    // A guest's links are user-generated content for search engines.
    assert!(
        page.contains("rel=\"nofollow noopener noreferrer ugc\""),
        "{page}"
    );
    // A member's are not marked so.
    bob.post(
        "/Fishbowl_notes/discussion",
        &[("body", "See https://example.org/report")],
    )
    .await
    .assert_status(303);
    let page = bob.get("/Fishbowl_notes").await.body;
    assert_eq!(page.matches(" ugc\"").count(), 1, "{page}");
}

#[actix_web::test]
async fn when_the_site_moderates_everyone_only_moderators_publish_at_once() {
    let ada = TestApp::with_settings(|s| s.comment_moderation = Moderation::Everyone).await;
    ada.sign_up("ada").await;
    ada.edit("Agenda", "The agenda").await;
    let bob = ada.visitor();
    bob.sign_up("bob").await;
    bob.post("/Agenda/discussion", &[("body", "a member's remark")])
        .await
        .assert_status(303);
    ada.post("/Agenda/discussion", &[("body", "the owner's remark")])
        .await
        .assert_status(303);
    let carol = ada.visitor();
    carol.sign_up("carol").await;
    let page = carol.get("/Agenda").await.body;
    assert!(page.contains("the owner's remark") && !page.contains("a member's remark"));
    // Its author sees their own waiting comment.
    let page = bob.get("/Agenda").await.body;
    assert!(page.contains("a member's remark") && page.contains("Waiting for approval"));
}

/// A method sheet (the Method form ships with every wiki).
fn sheet() -> String {
    "---\nform: Method\nlang: en\nhook: \"Talk in a circle\"\nsummary: \"A circle\"\n\
     purposes: [decide]\ngroup_size: {min: 5, max: 30}\nduration: {min: 30, max: 60}\n\
     difficulty: easy\nmodality: [in_person]\nphase: [convergent]\nsteps:\n\
     - {title: \"Everything\", duration: 30, text: \"Do it.\"}\nstatus: complete\n---\nBody.\n"
        .to_owned()
}

#[actix_web::test]
async fn a_field_note_on_a_method_sheet_tells_how_it_went() {
    let ada = wiki_with_a_page().await;
    ada.edit("Circle", &sheet()).await;
    let form = ada.get("/Circle").await.body;
    assert!(form.contains("name=\"field_note\""), "{form}");
    // An ordinary page has no field notes.
    assert!(
        !ada.get("/Fishbowl_notes")
            .await
            .body
            .contains("name=\"field_note\"")
    );
    let bad = ada
        .post(
            "/Circle/discussion",
            &[
                ("body", "Ran it"),
                ("field_note", "1"),
                ("group_size", "-3"),
            ],
        )
        .await;
    bad.assert_status(422);
    assert!(bad.body.contains("whole numbers from 1 to 100000"));
    assert!(
        bad.body.contains("value=\"-3\""),
        "the figures typed are kept"
    );
    ada.post(
        "/Circle/discussion",
        &[
            ("body", "Ran it with a big group."),
            ("field_note", "1"),
            ("group_size", "60"),
            ("duration", "90"),
        ],
    )
    .await
    .assert_status(303);
    let page = ada.get("/Circle").await.body;
    assert!(page.contains("Field note: used in practice"));
    assert!(page.contains("60 people") && page.contains("90 minutes"));
    let recent = ada.get("/-/recent?show=comments").await.body;
    assert!(recent.contains(">field note<"), "{recent}");
    // The catalogue counts them, and sorts by them ("most used in practice").
    ada.edit(
        "Aaa circle",
        &sheet().replace("Talk in a circle", "Another"),
    )
    .await;
    let by_title = ada.get("/-/methods").await.body;
    assert!(by_title.find("Aaa circle").unwrap() < by_title.find(">Circle<").unwrap());
    let by_practice = ada.get("/-/methods?sort=practice").await.body;
    assert!(
        by_practice.find(">Circle<").unwrap() < by_practice.find("Aaa circle").unwrap(),
        "{by_practice}"
    );
    assert!(by_practice.contains("one field note"));
}

#[actix_web::test]
async fn recent_changes_and_the_feed_list_comments_with_a_filter() {
    let ada = wiki_with_a_page().await;
    ada.post(
        "/Fishbowl_notes/discussion",
        &[("body", "A remark worth reading")],
    )
    .await
    .assert_status(303);
    let all = ada.get("/-/recent").await.body;
    assert!(
        all.contains("A remark worth reading") && all.contains("new page"),
        "{all}"
    );
    let comments = ada.get("/-/recent?show=comments").await.body;
    assert!(comments.contains("A remark worth reading") && !comments.contains("new page"));
    let edits = ada.get("/-/recent?show=edits").await.body;
    assert!(!edits.contains("A remark worth reading") && edits.contains("new page"));
    ada.get("/-/recent?show=gossip").await.assert_status(400);
    let feed = ada.get("/-/recent.atom").await.body;
    assert!(feed.contains("ada commented on Fishbowl notes"), "{feed}");
    assert!(feed.contains("A remark worth reading"));
    let mine = ada.get("/-/users/ada/comments").await;
    mine.assert_status(200);
    assert!(mine.body.contains("A remark worth reading"));
    ada.get("/-/users/nobody/comments").await.assert_status(404);
}

#[actix_web::test]
async fn a_long_thread_shows_its_latest_comments_below_the_page_and_pages_the_rest() {
    let ada = wiki_with_a_page().await;
    let page_id = ada.sql("SELECT id FROM pages WHERE name = 'Fishbowl notes'")[0].clone();
    ada.execute(&format!(
        "INSERT INTO comments (page_id, author_name, body, created_at)
         SELECT '{page_id}', 'ada', 'Remark number ' || i, now() - (300 - i) * interval '1 minute'
         FROM generate_series(1, 250) AS i"
    ));
    let page = ada.get("/Fishbowl_notes").await.body;
    assert!(shows(&page, "Remark number 250") && shows(&page, "Remark number 231"));
    assert!(!shows(&page, "Remark number 230"));
    assert!(page.contains("230 earlier comments"), "{page}");
    let first = ada.get("/Fishbowl_notes/discussion").await.body;
    assert!(shows(&first, "Remark number 1") && shows(&first, "Remark number 100"));
    assert!(!shows(&first, "Remark number 101"));
    assert!(first.contains("Page 1 of 3"));
    let third = ada.get("/Fishbowl_notes/discussion?page=3").await.body;
    assert!(shows(&third, "Remark number 250") && !shows(&third, "Remark number 200"));
    // A comment's lasting address finds its page of the thread.
    let id = ada.sql("SELECT id FROM comments WHERE body = 'Remark number 150'")[0].clone();
    let found = ada.get(&format!("/Fishbowl_notes/discussion/{id}")).await;
    found.assert_status(303);
    assert_eq!(
        found.location(),
        format!("/Fishbowl_notes/discussion?page=2#comment-{id}")
    );
}

#[actix_web::test]
async fn the_api_gives_a_discussion_with_the_visitors_rights() {
    let ada = wiki_with_a_page().await;
    ada.post("/Fishbowl_notes/discussion", &[("body", "First *remark*")])
        .await
        .assert_status(303);
    let id = ada.sql("SELECT id FROM comments")[0].clone();
    ada.post(
        "/Fishbowl_notes/discussion",
        &[("body", "An answer"), ("reply_to", &id)],
    )
    .await
    .assert_status(303);
    let anonymous = ada.visitor();
    let reply = anonymous.get("/api/v1/pages/Fishbowl_notes/comments").await;
    reply.assert_status(200);
    let list: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    assert_eq!(list["threads"], 1);
    assert_eq!(list["comments"][0]["markdown"], "First *remark*");
    assert_eq!(
        list["comments"][0]["html"],
        "<p>First <em>remark</em></p>\n"
    );
    assert_eq!(list["comments"][1]["reply_to"].to_string(), id);
    assert_eq!(list["next"], serde_json::Value::Null);
    let limited = anonymous
        .get("/api/v1/pages/Fishbowl_notes/comments?limit=0")
        .await;
    limited.assert_status(400);
    ada.post(
        "/Fishbowl_notes/permissions",
        &[("read", "ada"), ("write", ""), ("comment", "")],
    )
    .await
    .assert_status(303);
    let hidden = anonymous.get("/api/v1/pages/Fishbowl_notes/comments").await;
    hidden.assert_status(404);
    assert!(!hidden.body.contains("remark"));
    let missing = anonymous.get("/api/v1/pages/Nothing_here/comments").await;
    assert_eq!(
        hidden.body,
        missing.body.replace("Nothing_here", "Fishbowl_notes")
    );
}
