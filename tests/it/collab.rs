//! Editing together: saves from stale bases are merged or answered with a conflict screen, a
//! page deleted meanwhile is only recreated on request, double submissions save once, and
//! presence shows who else has the editor open, across app instances. Then 50 editors saving at
//! once from stale bases, none of whose changes may be lost; and, in headless Chromium, two
//! people resolving a conflict, and a draft offered back in a new tab.

use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

use fantoccini::Locator;
use futures_util::future::join_all;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::browser::click_save;
use crate::harness::{PASSWORD, Reply, TestApp, TestDb};

/// Editing together happens "often from a phone, sometimes without an account": these tests
/// run on a wiki where anonymous visitors may edit.
fn allow_anonymous_editing(settings: &mut coopwiki::config::Settings) {
    settings.anonymous_editing = true;
    settings.default_write_acl = vec!["*".into()];
}

async fn open_wiki() -> TestApp {
    TestApp::with_settings(allow_anonymous_editing).await
}

/// The state of an editor form as a browser would submit it.
struct Form {
    base: String,
    submission_id: String,
    body: String,
    recreate: bool,
}

fn form_of(reply: &Reply) -> Form {
    let document = scraper::Html::parse_document(&reply.body);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let value = |name: &str| {
        document
            .select(&select(&format!("form.editor input[name={name}]")))
            .next()
            .and_then(|input| input.value().attr("value"))
            .map(str::to_owned)
    };
    Form {
        base: value("base").expect("a base field"),
        submission_id: value("submission_id").expect("a submission field"),
        recreate: value("recreate").is_some_and(|v| v == "true"),
        body: document
            .select(&select("form.editor textarea[name=body]"))
            .next()
            .expect("a textarea")
            .text()
            .collect(),
    }
}

async fn open_editor(app: &TestApp, path: &str) -> Form {
    let reply = app.get(&format!("{path}/edit")).await;
    reply.assert_status(200);
    form_of(&reply)
}

async fn submit(app: &TestApp, path: &str, form: &Form, body: &str) -> Reply {
    let mut fields = vec![
        ("body", body),
        ("base", form.base.as_str()),
        ("submission_id", form.submission_id.as_str()),
        ("action", "save"),
    ];
    if form.recreate {
        fields.push(("recreate", "true"));
    }
    app.post(&format!("{path}/edit"), &fields).await
}

fn raw_of(app: &TestApp, page: &str, number: i32) -> String {
    app.sql(&format!(
        "SELECT body FROM revisions r JOIN pages p ON p.id = r.page_id \
         WHERE p.name = '{page}' AND number = {number}"
    ))
    .pop()
    .unwrap_or_else(|| panic!("{page} has no revision {number}"))
}

/// Runs a statement that changes rows (the `sql` helper only reads).
fn execute(app: &TestApp, statement: &str) {
    use diesel::{Connection, RunQueryDsl};
    let (url, statement) = (app.db.url.clone(), statement.to_owned());
    std::thread::spawn(move || {
        let mut conn = diesel_async::async_connection_wrapper::AsyncConnectionWrapper::<
            diesel_async::AsyncPgConnection,
        >::establish(&url)
        .unwrap();
        diesel::sql_query(statement).execute(&mut conn).unwrap();
    })
    .join()
    .unwrap();
}

const SHEET: &str = "# World café\n\nSmall tables of four.\n\nThree rounds of twenty minutes.\n\nA harvest at the end.\n";

#[actix_web::test]
async fn saving_from_a_stale_base_merges_disjoint_edits_and_says_so() {
    let alice = open_wiki().await;
    let bob = alice.visitor();
    alice.edit("World café", SHEET).await;
    let bobs_form = open_editor(&bob, "/World_caf%C3%A9").await;
    alice
        .edit("World café", &SHEET.replace("four.", "four or five."))
        .await;
    let reply = submit(
        &bob,
        "/World_caf%C3%A9",
        &bobs_form,
        &SHEET.replace("at the end.", "at the end, on a wall."),
    )
    .await;
    reply.assert_status(303);
    let location = reply.location().to_owned();
    assert!(
        location.starts_with(&format!(
            "/World_caf%C3%A9?merged=3#saved-{}",
            bobs_form.submission_id
        )),
        "{location}"
    );
    assert_eq!(
        raw_of(&alice, "World café", 3),
        SHEET
            .replace("four.", "four or five.")
            .replace("at the end.", "at the end, on a wall."),
        "both changes are in the merged revision"
    );
    assert_eq!(
        alice.sql("SELECT merged_with FROM revisions WHERE number = 3 AND body LIKE '%wall%'"),
        vec!["2"]
    );
    let page = bob.get(location.split('#').next().unwrap()).await;
    page.assert_status(200);
    assert!(
        page.body
            .contains("Your change was merged with revision 2 by anon-"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("href=\"/World_caf%C3%A9/diff?from=2&amp;to=3\""),
        "{}",
        page.body
    );
    let history = bob.get("/World_caf%C3%A9/history").await;
    assert!(history.body.contains("merged with revision 2"));
    let recent = bob.get("/-/recent").await;
    assert!(recent.body.contains("merged with revision 2"));
    let feed = bob.get("/-/recent.atom").await;
    assert!(feed.body.contains("merged with revision 2"));
}

#[actix_web::test]
async fn overlapping_edits_get_a_conflict_screen_that_keeps_the_text_and_saves_nothing() {
    let alice = open_wiki().await;
    let bob = alice.visitor();
    alice.edit("Agenda", SHEET).await;
    let bobs_form = open_editor(&bob, "/Agenda").await;
    alice
        .edit(
            "Agenda",
            &SHEET
                .replace("Three rounds", "Two rounds")
                .replace("# World café", "# World café (Alice)"),
        )
        .await;
    let bobs_text = SHEET.replace(
        "Three rounds of twenty minutes.",
        "Three rounds <script>alert(1)</script> of half an hour.",
    );
    let reply = submit(&bob, "/Agenda", &bobs_form, &bobs_text).await;
    reply.assert_status(409);
    crate::security::assert_no_script(&reply.body);
    let form = form_of(&reply);
    assert_eq!(
        form.base, "2",
        "saving again starts from the newest revision"
    );
    assert_ne!(form.submission_id, bobs_form.submission_id);
    assert_eq!(
        form.body,
        bobs_text.replace("# World café", "# World café (Alice)"),
        "the editor holds Bob's version of the overlap, and Alice's other change"
    );
    let document = scraper::Html::parse_document(&reply.body);
    let text = |css: &str| -> Vec<String> {
        document
            .select(&scraper::Selector::parse(css).unwrap())
            .map(|e| e.text().collect())
            .collect()
    };
    assert_eq!(text(".conflict-region h3").len(), 1, "{}", reply.body);
    assert!(text(".conflict-region h3")[0].contains("line 5"));
    assert!(text(".conflict-side.ours pre")[0].contains("half an hour"));
    assert!(text(".conflict-side.theirs pre")[0].contains("Two rounds"));
    assert!(text(".conflict-side.theirs h4")[0].contains("revision 2 by anon-"));
    assert_eq!(text(".conflict-side.ours mark")[0], "Three");
    assert_eq!(text(".conflict-side.theirs mark")[0], "Two");
    assert_eq!(
        alice.sql("SELECT count(*) FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Agenda'"),
        vec!["2"],
        "nothing was saved"
    );
    // Bob resolves in place and saves again, from the newest base.
    let resolved = form.body.replace(
        "Three rounds <script>alert(1)</script> of half an hour.",
        "Two rounds of half an hour.",
    );
    let reply = submit(&bob, "/Agenda", &form, &resolved).await;
    reply.assert_status(303);
    assert!(!reply.location().contains("merged"));
    assert_eq!(raw_of(&alice, "Agenda", 3), resolved);
}

#[actix_web::test]
async fn submitting_a_merged_save_twice_creates_one_revision() {
    let alice = open_wiki().await;
    let bob = alice.visitor();
    alice.edit("Twice", SHEET).await;
    let form = open_editor(&bob, "/Twice").await;
    alice.edit("Twice", &SHEET.replace("four.", "six.")).await;
    let text = SHEET.replace("at the end.", "at the very end.");
    let replies = join_all([
        submit(&bob, "/Twice", &form, &text),
        submit(&bob, "/Twice", &form, &text),
    ])
    .await;
    for reply in &replies {
        reply.assert_status(303);
    }
    let again = submit(&bob, "/Twice", &form, &text).await;
    again.assert_status(303);
    assert_eq!(
        alice.sql(&format!(
            "SELECT number::text || ':' || coalesce(merged_with::text, '-') FROM revisions WHERE submission_id = '{}'",
            form.submission_id
        )),
        vec!["3:2"]
    );
    assert_eq!(
        alice.sql("SELECT max(number) FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Twice'"),
        vec!["3"]
    );
}

#[actix_web::test]
async fn a_save_to_a_page_deleted_meanwhile_offers_to_recreate_it_and_saves_nothing() {
    let alice = open_wiki().await;
    let bob = alice.visitor();
    alice.edit("Gone", SHEET).await;
    let form = open_editor(&bob, "/Gone").await;
    assert!(!form.recreate);
    alice
        .post("/Gone/delete", &[("reason", "merged into World café")])
        .await
        .assert_status(303);
    let bobs_text = SHEET.replace("four.", "four, with a host.");
    let reply = submit(&bob, "/Gone", &form, &bobs_text).await;
    reply.assert_status(409);
    assert!(
        reply
            .body
            .contains("This page was deleted while you were editing"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("merged into World café"));
    assert!(reply.body.contains("Recreate the page with my text"));
    let again = form_of(&reply);
    assert!(
        again.recreate,
        "recreating is an explicit choice in the form"
    );
    assert_eq!(again.body, bobs_text, "the text is kept");
    bob.get("/Gone").await.assert_status(404);
    assert_eq!(
        alice.sql("SELECT count(*) FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Gone'"),
        vec!["1"]
    );
    // Bob chooses to recreate it.
    let reply = submit(&bob, "/Gone", &again, &again.body).await;
    reply.assert_status(303);
    let page = bob.get("/Gone").await;
    page.assert_status(200);
    assert!(page.body.contains("four, with a host."));
    assert_eq!(
        alice.sql("SELECT kind FROM page_events ORDER BY id"),
        vec!["delete", "undelete"]
    );
}

#[actix_web::test]
async fn the_editor_of_a_deleted_page_says_saving_brings_it_back() {
    let app = open_wiki().await;
    app.edit("Gone", "old text\n").await;
    app.post("/Gone/delete", &[]).await.assert_status(303);
    let reply = app.get("/Gone/edit").await;
    reply.assert_status(200);
    assert!(
        reply.body.contains("This page is deleted"),
        "{}",
        reply.body
    );
    let form = form_of(&reply);
    assert!(form.recreate);
    assert_eq!(form.body, "old text\n");
    // A form without the explicit choice (an old tab, a script) does not bring it back.
    let blind = Form {
        recreate: false,
        ..form_of(&reply)
    };
    submit(&app, "/Gone", &blind, "new text\n")
        .await
        .assert_status(409);
    app.get("/Gone").await.assert_status(404);
    submit(&app, "/Gone", &form, "new text\n")
        .await
        .assert_status(303);
    assert_eq!(app.get("/Gone/raw").await.body, "new text\n");
}

#[actix_web::test]
async fn a_stale_save_to_a_renamed_page_follows_the_rename_and_merges() {
    let alice = open_wiki().await;
    let bob = alice.visitor();
    alice.edit("Before", SHEET).await;
    let form = open_editor(&bob, "/Before").await;
    alice
        .post("/Before/rename", &[("new_name", "After")])
        .await
        .assert_status(303);
    alice.edit("After", &SHEET.replace("four.", "five.")).await;
    let reply = submit(
        &bob,
        "/Before",
        &form,
        &SHEET.replace("at the end.", "at the end!"),
    )
    .await;
    reply.assert_status(303);
    assert!(reply.location().starts_with("/After?merged=3#saved-"));
    assert_eq!(
        alice.get("/After/raw").await.body,
        SHEET
            .replace("four.", "five.")
            .replace("at the end.", "at the end!")
    );
}

#[actix_web::test]
async fn presence_shows_other_editors_across_instances_until_they_leave_or_expire() {
    let alice = open_wiki().await;
    alice.edit("Fishbowl", SHEET).await;
    let bob = alice.instance();
    let carol = alice.visitor();

    let first = alice.get("/Fishbowl/edit").await;
    assert!(
        first
            .body
            .contains("id=\"cw-presence\" role=\"status\" hidden"),
        "{}",
        first.body
    );
    let second = bob.get("/Fishbowl/edit").await;
    let cookies: Vec<&str> = second
        .headers
        .get_all("set-cookie")
        .map(|c| c.to_str().unwrap())
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("editor=")
            && c.contains("HttpOnly")
            && c.contains("SameSite=Lax")),
        "{cookies:?}"
    );
    assert!(
        second
            .body
            .contains("Also editing now: one anonymous person."),
        "bob, on another instance, sees alice: {}",
        second.body
    );
    assert!(!second.body.contains("role=\"status\" hidden"));
    let page = carol.get("/Fishbowl").await;
    assert!(
        page.body.contains("Also editing now: 2 anonymous people."),
        "{}",
        page.body
    );
    let own = alice.get("/Fishbowl").await;
    assert!(
        own.body.contains("one anonymous person"),
        "alice is not counted on her own view"
    );

    // The heartbeat, as the editor script sends it.
    let token = bob.csrf().await;
    let beat = bob
        .request(
            actix_web::test::TestRequest::post()
                .uri("/Fishbowl/presence")
                .insert_header(("accept", "application/json"))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .set_payload(format!("csrf={token}")),
        )
        .await;
    beat.assert_status(200);
    let answer: serde_json::Value = serde_json::from_str(&beat.body).unwrap();
    assert_eq!(answer["others"], 1);
    assert_eq!(answer["text"], "Also editing now: one anonymous person.");
    bob.post_raw("/Fishbowl/presence", &[])
        .await
        .assert_status(403);

    // Alice leaves the editor; Bob saves, which closes his.
    alice
        .post("/Fishbowl/presence", &[("leaving", "1")])
        .await
        .assert_status(200);
    bob.edit("Fishbowl", &SHEET.replace("four", "six")).await;
    assert!(
        !carol
            .get("/Fishbowl")
            .await
            .body
            .contains("Also editing now")
    );

    // Without a heartbeat, presence expires after a few minutes.
    alice.get("/Fishbowl/edit").await;
    assert!(
        carol
            .get("/Fishbowl")
            .await
            .body
            .contains("one anonymous person")
    );
    execute(
        &alice,
        "UPDATE editor_presence SET last_seen = now() - interval '6 minutes'",
    );
    assert!(
        !carol
            .get("/Fishbowl")
            .await
            .body
            .contains("Also editing now")
    );
    bob.get("/Fishbowl/edit").await;
    assert_eq!(
        alice.sql("SELECT count(*) FROM editor_presence"),
        vec!["1"],
        "expired rows are swept"
    );
}

#[actix_web::test]
async fn people_creating_the_same_page_see_each_other() {
    let alice = open_wiki().await;
    let bob = alice.visitor();
    alice.get("/Open_space/edit").await.assert_status(200);
    let reply = bob.get("/Open_space/edit").await;
    assert!(
        reply.body.contains("one anonymous person"),
        "{}",
        reply.body
    );
}

/// What one simulated editor submitted, and what it was told.
struct Attempt {
    page: usize,
    marker: String,
    /// The line the change replaced, as it was in the text the editor started from.
    replaced: String,
    submission: String,
    replies: Vec<Reply>,
}

/// A revision as read back after the run.
struct Stored {
    body: String,
    submission: Option<String>,
    merged_with: Option<i32>,
}

const PAGES: usize = 3;
const EDITORS: usize = 50;
const ROUNDS: usize = 4;
const THREADS: usize = 5;
const LINES: usize = 60;
/// Lines every editor of a page may pick, so some saves overlap.
const SHARED: std::ops::Range<usize> = 56..59;

fn page_name(page: usize) -> String {
    format!("Stress{page}")
}

/// One editor's rounds: open the editor (sometimes keeping an older revision as base), wait
/// while others save, change one line (its own most of the time, a shared one otherwise),
/// submit (sometimes twice at once, like a double click).
async fn editor(app: TestApp, who: usize) -> Vec<Attempt> {
    let mut rng = StdRng::seed_from_u64(who as u64);
    let page = who % PAGES;
    let path = format!("/{}", page_name(page));
    let mut attempts = Vec::new();
    for round in 0..ROUNDS {
        let mut form = open_editor(&app, &path).await;
        let latest: i32 = form.base.parse().unwrap();
        if latest > 1 && rng.random_bool(0.5) {
            let older = (latest - rng.random_range(1..=3)).max(1);
            form.base = older.to_string();
            form.body = app.get(&format!("{path}/raw?rev={older}")).await.body;
        }
        actix_web::rt::time::sleep(Duration::from_millis(rng.random_range(0..30))).await;
        let line = if rng.random_bool(0.3) {
            rng.random_range(SHARED)
        } else {
            3 + who
        };
        let marker = format!("marker-{who}-{round}");
        let mut lines: Vec<String> = form.body.lines().map(str::to_owned).collect();
        let replaced = std::mem::replace(&mut lines[line], marker.clone());
        let body = lines.join("\n") + "\n";
        let replies = if rng.random_bool(0.2) {
            join_all([
                submit(&app, &path, &form, &body),
                submit(&app, &path, &form, &body),
            ])
            .await
        } else {
            vec![submit(&app, &path, &form, &body).await]
        };
        attempts.push(Attempt {
            page,
            marker,
            replaced,
            submission: form.submission_id,
            replies,
        });
    }
    attempts
}

#[actix_web::test]
async fn fifty_editors_saving_from_stale_bases_never_lose_a_change() {
    let app = open_wiki().await;
    for page in 0..PAGES {
        let body: String = (0..LINES).map(|i| format!("{page}: line {i}\n")).collect();
        app.edit(&page_name(page), &body).await;
    }
    // Several app instances, each on its own thread and runtime, all on one database.
    let attempts: Vec<Attempt> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..THREADS)
            .map(|thread| {
                let app = &app;
                scope.spawn(move || {
                    actix_web::rt::System::new().block_on(async move {
                        let instance = app.instance();
                        let editors = (thread..EDITORS)
                            .step_by(THREADS)
                            .map(|who| editor(instance.visitor(), who));
                        join_all(editors)
                            .await
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                    })
                })
            })
            .collect();
        threads
            .into_iter()
            .flat_map(|thread| thread.join().unwrap())
            .collect()
    });

    // Every revision of every page, and the submission that made it.
    let mut revisions: HashMap<(usize, i32), Stored> = HashMap::new();
    for page in 0..PAGES {
        let rows = app.sql(&format!(
            "SELECT number || '|' || coalesce(submission_id::text, '') || '|' || \
             coalesce(merged_with::text, '') || '|' || body \
             FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = '{}'",
            page_name(page)
        ));
        for row in rows {
            let mut parts = row.splitn(4, '|');
            let number: i32 = parts.next().unwrap().parse().unwrap();
            let submission = Some(parts.next().unwrap().to_owned()).filter(|s| !s.is_empty());
            let merged_with = parts.next().unwrap().parse().ok();
            revisions.insert(
                (page, number),
                Stored {
                    submission,
                    merged_with,
                    body: parts.next().unwrap().to_owned(),
                },
            );
        }
    }
    let by_submission: HashMap<&str, (usize, i32)> = revisions
        .iter()
        .filter_map(|(key, stored)| stored.submission.as_deref().map(|s| (s, *key)))
        .collect();
    let lines = |body: &str| body.lines().map(str::to_owned).collect::<BTreeSet<_>>();

    let (mut saved, mut merged, mut conflicts, mut doubled) = (0, 0, 0, 0);
    for attempt in &attempts {
        let statuses: Vec<u16> = attempt.replies.iter().map(|r| r.status.as_u16()).collect();
        if attempt.replies.len() == 2 {
            doubled += 1;
        }
        match by_submission.get(attempt.submission.as_str()) {
            Some(&(page, number)) => {
                assert!(
                    statuses.iter().all(|&s| s == 303),
                    "{} was saved but its editor was told {statuses:?}",
                    attempt.marker
                );
                assert_eq!(page, attempt.page);
                let made = &revisions[&(page, number)];
                let (now, before) = (
                    lines(&made.body),
                    lines(&revisions[&(page, number - 1)].body),
                );
                // The revision made exactly the editor's change to the one before it: its
                // marker came in, and at most the line it replaced went out. Nobody else's
                // line was dropped, merged or not.
                assert_eq!(
                    now.difference(&before).collect::<Vec<_>>(),
                    vec![&attempt.marker],
                    "revision {number} of page {page}"
                );
                let gone: Vec<_> = before.difference(&now).collect();
                assert!(
                    gone.is_empty() || gone == vec![&attempt.replaced],
                    "revision {number} of page {page} dropped {gone:?}"
                );
                if made.merged_with.is_some() {
                    merged += 1;
                } else {
                    saved += 1;
                }
            }
            None => {
                assert!(
                    statuses.iter().all(|&s| s == 409),
                    "{} was not saved but its editor was told {statuses:?}",
                    attempt.marker
                );
                assert!(
                    revisions
                        .values()
                        .all(|stored| !lines(&stored.body).contains(&attempt.marker)),
                    "{} is in a revision its editor was told was not saved",
                    attempt.marker
                );
                for reply in &attempt.replies {
                    assert!(
                        form_of(reply).body.lines().any(|l| l == attempt.marker),
                        "the conflict screen keeps the editor's text"
                    );
                }
                conflicts += 1;
            }
        }
    }
    let submitted = attempts.len();
    eprintln!(
        "concurrent editors: {EDITORS} editors x {ROUNDS} rounds on {PAGES} pages = {submitted} \
         saves ({doubled} submitted twice at once): {saved} saved on the latest base, {merged} \
         merged, {conflicts} answered with a conflict, 0 lost"
    );
    assert_eq!(submitted, EDITORS * ROUNDS);
    assert_eq!(saved + merged + conflicts, submitted);
    assert!(merged > 0 && conflicts > 0, "the run exercised both paths");
    assert_eq!(
        revisions.len(),
        PAGES + saved + merged,
        "one revision per saved change, none for double submissions"
    );
    assert_eq!(by_submission.len(), PAGES + saved + merged);
}

async fn type_text(client: &fantoccini::Client, text: &str) {
    let body = client
        .wait()
        .for_element(Locator::Css("textarea[name=body]"))
        .await
        .unwrap();
    body.clear().await.unwrap();
    body.send_keys(text).await.unwrap();
}

async fn drafts_kept(client: &fantoccini::Client) -> u64 {
    client
        .execute(
            "return Object.keys(localStorage).filter(k => k.startsWith('coopwiki-draft:')).length",
            vec![],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap()
}

#[actix_web::test]
async fn two_people_change_one_paragraph_in_browsers_and_the_second_resolves_the_conflict() {
    let Some((_driver, port)) = crate::browser::start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = crate::browser::start_wiki_with(&db, data_dir.path(), allow_anonymous_editing);
    let alice = crate::browser::browser(port, &base).await;
    let bob = crate::browser::browser(port, &base).await;
    let edit = format!("{base}/Agenda/edit");

    alice.goto(&edit).await.unwrap();
    type_text(
        &alice,
        "Opening circle.\n\nWe decide by consent.\n\nClosing round.",
    )
    .await;
    click_save(&alice).await;
    alice
        .wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap();

    // Both open the editor; Bob is told that someone else is editing.
    alice.goto(&edit).await.unwrap();
    alice
        .wait()
        .for_element(Locator::Css("textarea[name=body]"))
        .await
        .unwrap();
    bob.goto(&edit).await.unwrap();
    let presence = bob
        .wait()
        .for_element(Locator::Css("#cw-presence-text"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(presence.contains("one anonymous person"), "{presence}");

    // Alice changes the paragraph and saves first.
    type_text(
        &alice,
        "Opening circle.\n\nWe decide by consent, in two rounds.\n\nClosing round.",
    )
    .await;
    click_save(&alice).await;
    alice
        .wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap();

    // Bob changes the same paragraph: the conflict screen shows both, keeping his text.
    type_text(
        &bob,
        "Opening circle.\n\nWe decide by majority vote.\n\nClosing round.",
    )
    .await;
    click_save(&bob).await;
    let theirs = bob
        .wait()
        .for_element(Locator::Css(".conflict-side.theirs pre"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(theirs.contains("in two rounds"), "{theirs}");
    let ours = bob
        .find(Locator::Css(".conflict-side.ours pre"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ours.contains("majority vote"), "{ours}");
    let kept = bob
        .find(Locator::Css("textarea[name=body]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(kept.contains("majority vote"), "{kept}");
    assert_eq!(
        drafts_kept(&bob).await,
        1,
        "the unsaved text is kept in the browser"
    );

    // The region's button selects Bob's lines in the editor.
    bob.find(Locator::Css(".conflict-region > button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let selected = bob
        .execute(
            "const t = document.activeElement; return t.value.substring(t.selectionStart, t.selectionEnd)",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(selected, "We decide by majority vote.");

    // Bob resolves in place and saves again.
    type_text(
        &bob,
        "Opening circle.\n\nWe decide by consent, in two rounds, then by vote if stuck.\n\nClosing round.",
    )
    .await;
    click_save(&bob).await;
    let text = bob
        .wait()
        .for_element(Locator::Css("article.page .page-content"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("then by vote if stuck"), "{text}");
    assert_eq!(bob.current_url().await.unwrap().fragment(), None);
    assert_eq!(drafts_kept(&bob).await, 0, "the draft went once saved");

    bob.goto(&format!("{base}/Agenda/history")).await.unwrap();
    let rows = bob
        .wait()
        .for_element(Locator::Css(".history-table"))
        .await
        .unwrap()
        .find_all(Locator::Css("tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    alice.close().await.unwrap();
    bob.close().await.unwrap();
    drop(db);
}

#[actix_web::test]
async fn unsaved_text_is_offered_back_in_a_new_tab_and_merged_with_what_was_saved_since() {
    let Some((_driver, port)) = crate::browser::start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = crate::browser::start_wiki_with(&db, data_dir.path(), allow_anonymous_editing);
    let carol = crate::browser::browser(port, &base).await;
    let dave = crate::browser::browser(port, &base).await;
    let edit = format!("{base}/Circle/edit");
    carol.goto(&edit).await.unwrap();
    type_text(&carol, "one\n\ntwo\n\nthree").await;
    click_save(&carol).await;
    carol
        .wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap();

    // Carol types, and loses the tab before saving.
    carol.goto(&edit).await.unwrap();
    type_text(&carol, "one\n\ntwo, said Carol\n\nthree").await;
    actix_web::rt::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(drafts_kept(&carol).await, 1);
    let tab = carol.new_window(true).await.unwrap().handle;
    carol.switch_to_window(tab).await.unwrap();

    // Meanwhile Dave saves a change to another line.
    dave.goto(&edit).await.unwrap();
    type_text(&dave, "one, said Dave\n\ntwo\n\nthree").await;
    click_save(&dave).await;
    dave.wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap();

    // Carol's new tab offers her text back; saving it merges it with Dave's.
    carol.goto(&edit).await.unwrap();
    carol
        .wait()
        .for_element(Locator::Css(".notice.draft button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let restored = carol
        .find(Locator::Css("textarea[name=body]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(restored, "one\n\ntwo, said Carol\n\nthree");
    click_save(&carol).await;
    let text = carol
        .wait()
        .for_element(Locator::Css("article.page .page-content"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("one, said Dave") && text.contains("two, said Carol"),
        "{text}"
    );
    let notice = carol
        .find(Locator::Css(".notice.merged"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(notice.contains("merged with revision 2"), "{notice}");
    assert_eq!(drafts_kept(&carol).await, 0);
    carol.close().await.unwrap();
    dave.close().await.unwrap();
    drop(db);
}

#[actix_web::test]
async fn presence_names_signed_in_editors_and_counts_anonymous_ones() {
    let alice = open_wiki().await;
    alice.sign_up("alice").await;
    alice.edit("Fishbowl", SHEET).await;
    let bob = alice.instance();
    bob.sign_up("bob").await;
    let anonymous = alice.visitor();

    alice.get("/Fishbowl/edit").await;
    anonymous.get("/Fishbowl/edit").await;
    let reply = bob.get("/Fishbowl/edit").await;
    assert!(
        reply
            .body
            .contains("Also editing now: alice and one anonymous person."),
        "{}",
        reply.body
    );
    assert_eq!(
        alice.sql(
            "SELECT count(*) FROM editor_presence p JOIN users u ON u.id = p.user_id \
             WHERE u.name IN ('alice', 'bob')"
        ),
        vec!["2"],
        "signed-in editors are recorded with their account"
    );

    // Alice on a second device is not "also editing" with herself.
    let alice_phone = alice.visitor();
    alice_phone.login_as("alice", PASSWORD).await;
    let own = alice_phone.get("/Fishbowl/edit").await;
    assert!(
        own.body
            .contains("Also editing now: bob and one anonymous person."),
        "{}",
        own.body
    );

    let french = anonymous.visitor();
    french.set_cookie("lang", "fr");
    let view = french.get("/Fishbowl").await;
    assert!(
        view.body.contains(
            "Modifie aussi cette page en ce moment : alice, bob et une personne anonyme."
        ),
        "{}",
        view.body
    );
}
