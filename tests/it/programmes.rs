//! Programmes: the text model through real saves, the schedule, the list, the structured
//! editor, pinned references and "used in", the catalogue's usage counts, every export checked
//! by a real parser or validator, imports (dry run, confirm, rollback, the real pretalx file),
//! print, the JSON API, and read permission on every one of those paths.

use std::str::FromStr;

use icalendar::{Component, EventLike};

use crate::harness::TestApp;

/// A two-day programme in Paris time: a pinned method, a method followed at its latest, a
/// method that does not exist, and an outcome.
fn programme_text(title: &str, start: &str, pinned: i32) -> String {
    let end = next_day(start);
    format!(
        "---\nprogramme: \"{title}\"\nstart: {start}\nend: {end}\nplace: \"Lyon\"\n\
         timezone: \"Europe/Paris\"\norganisers: [\"Ana\"]\nlicence: \"CC-BY-SA-4.0\"\n\
         rooms: [\"Hall\", \"Garden\"]\nslots:\n\
         - {{day: {start}, start: \"09:30\", duration: 60, room: \"Hall\", title: \"Opening circle\", \
         facilitators: [\"Ana\", \"Bo\"], group: 40, methods: [\"FishBowl@{pinned}\", \"World café\", \"Ghost method\"]}}\n\
         - {{day: {start}, start: \"09:30\", duration: 45, room: \"Garden\", title: \"Walk and talk\"}}\n\
         - {{day: {end}, start: \"14:00\", duration: 90, room: \"Garden\", title: \"Harvest\", \
         methods: [\"FishBowl\"], actual: 12, how: \"Lively\", learnings: \"More chairs\"}}\n\
         ---\nA *festival* of methods.\n"
    )
}

fn next_day(day: &str) -> String {
    let date = time::Date::parse(
        day,
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .unwrap();
    date.next_day().unwrap().to_string()
}

/// A wiki with the methods FishBowl (two revisions) and World café, and the programme
/// `Festival` pinned to FishBowl's first revision.
async fn festival() -> TestApp {
    let app = TestApp::signed_in().await;
    app.edit(
        "FishBowl",
        "An inner circle talks, an outer circle listens.",
    )
    .await;
    app.edit(
        "FishBowl",
        "An inner circle talks; the outer circle listens.",
    )
    .await;
    app.edit("World café", "Tables of four, three rounds.")
        .await;
    app.edit(
        "Festival",
        &programme_text("Festival 2026", "2026-06-01", 1),
    )
    .await;
    app
}

#[actix_web::test]
async fn a_programme_page_shows_its_schedule_by_day_and_room() {
    let app = festival().await;
    let page = app.get("/Festival").await;
    page.assert_status(200);
    let body = &page.body;
    for text in [
        "Festival 2026",
        "Day 1: Monday 1 June 2026",
        "Day 2: Tuesday 2 June 2026",
        "<p class=\"grid-room room-1\">Hall</p>",
        "<p class=\"grid-room room-2\">Garden</p>",
        "Opening circle",
        "Walk and talk",
        "Lively",
        "More chairs",
        "12 people came",
        "For 40 people",
        "<em>festival</em>",
        "href=\"/Festival/programme.ics\"",
        "href=\"/Festival/schedule.xml\"",
        "href=\"/Festival/schedule.json\"",
        "href=\"/Festival/programme.csv\"",
        "href=\"/Festival/print\"",
    ] {
        assert!(body.contains(text), "missing {text}:\n{body}");
    }
    // Both 09:30 slots start on one row of the grid, each in its room's column.
    assert!(block_of(body, "Opening circle").starts_with("<li class=\"at-8 span-12 room-1\">"));
    assert!(block_of(body, "Walk and talk").starts_with("<li class=\"at-8 span-9 room-2\">"));
    // The missing method is named, not linked.
    assert!(body.contains("Ghost method"));
    assert!(!body.contains("href=\"/Ghost_method\""));
    assert!(body.contains("href=\"/World_caf%C3%A9\""));
}

/// The li of the slot titled `title` on a programme's page, up to its title.
fn block_of<'b>(body: &'b str, title: &str) -> &'b str {
    let before = &body[..body
        .find(&format!(">{title}<"))
        .unwrap_or_else(|| panic!("{title}"))];
    &before[before.rfind("<li").unwrap()..]
}

/// Issue #20: the schedule as a grid. Rooms are columns, time runs down in rows of five
/// minutes from the day's first hour, a block spans as many rows as its slot lasts, a slot of
/// no room spans every room, and the times are the programme's (Tokyo's here, nowhere near
/// UTC). The blocks are one list in the order they happen, as a phone shows it; a day whose
/// slots overlap in a room stays that list. The rules that place blocks are served with the
/// page, one per class it uses.
#[actix_web::test]
async fn the_schedule_is_a_grid_of_rooms_whose_blocks_follow_their_duration() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Forum",
        "---\nprogramme: \"Forum\"\nstart: 2026-09-01\nend: 2026-09-02\n\
         timezone: \"Asia/Tokyo\"\nrooms: [\"Hall\", \"Garden\"]\nslots:\n\
         - {day: 2026-09-01, start: \"08:45\", duration: 15, title: \"Welcome\"}\n\
         - {day: 2026-09-01, start: \"09:00\", duration: 120, room: \"Garden\", title: \"Long walk\"}\n\
         - {day: 2026-09-01, start: \"09:00\", duration: 30, room: \"Hall\", title: \"Short talk\"}\n\
         - {day: 2026-09-01, start: \"09:30\", duration: 60, room: \"Hall\", title: \"Workshop\"}\n\
         - {day: 2026-09-02, start: \"10:00\", duration: 60, room: \"Hall\", title: \"Clash one\"}\n\
         - {day: 2026-09-02, start: \"10:30\", duration: 60, room: \"Hall\", title: \"Clash two\"}\n\
         ---\n",
    )
    .await;
    let page = app.get("/Forum").await;
    page.assert_status(200);
    let body = &page.body;
    let (first_day, second_day) = body.split_once("id=\"cw-day-1\"").unwrap();

    assert!(
        first_day.contains("<div class=\"schedule-grid rooms-2\">"),
        "{first_day}"
    );
    for room in [
        "<p class=\"grid-room room-1\">Hall</p>",
        "<p class=\"grid-room room-2\">Garden</p>",
    ] {
        assert!(first_day.contains(room), "{room}: {first_day}");
    }
    // From 08:00, twelve rows an hour: a block's span is its minutes over five.
    for (hour, line) in [("08:00", 2), ("09:00", 14), ("10:00", 26)] {
        let mark = format!("<p class=\"grid-hour at-{line} span-12\">{hour}</p>");
        assert!(first_day.contains(&mark), "{mark}: {first_day}");
    }
    for (title, classes) in [
        ("Welcome", "at-11 span-3 all-rooms"),
        ("Long walk", "at-14 span-24 room-2"),
        ("Short talk", "at-14 span-6 room-1"),
        ("Workshop", "at-20 span-12 room-1"),
    ] {
        let block = block_of(first_day, title);
        assert!(
            block.starts_with(&format!("<li class=\"{classes}\">")),
            "{title}: {block}"
        );
    }
    // The order a screen reader and a phone read: by start, then room.
    let order: Vec<usize> = ["Welcome", "Long walk", "Short talk", "Workshop"]
        .iter()
        .map(|title| first_day.find(&format!(">{title}<")).unwrap())
        .collect();
    assert!(order.is_sorted(), "{order:?}");
    // Times on the programme's clock: 09:00 in Tokyo is midnight UTC.
    assert!(
        block_of(first_day, "Workshop")
            .contains("<time datetime=\"2026-09-01T09:30\">09:30</time>")
    );
    assert!(!first_day.contains("T00:30") && !first_day.contains("00:30<"));

    // Two slots at once in the Hall: the day stays a list, in time order.
    assert!(!second_day.contains("schedule-grid"), "{second_day}");
    assert!(block_of(second_day, "Clash one").starts_with("<li>"));
    assert!(second_day.find(">Clash one<") < second_day.find(">Clash two<"));

    // The page links the rules of every class it uses, cached for good under their version.
    let href = body
        .split("href=\"")
        .map(|rest| rest.split('"').next().unwrap())
        .find(|href| href.starts_with("/-/programmes/grid.css?v="))
        .unwrap();
    let css = app.get(href).await;
    css.assert_status(200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert!(css.header("cache-control").unwrap().contains("immutable"));
    for rule in [
        ".schedule-grid.rooms-2{",
        ".schedule-grid .at-11{grid-row-start:11}",
        ".schedule-grid .span-24{grid-row-end:span 24}",
        ".schedule-grid .room-2{grid-column:3}",
    ] {
        assert!(css.body.contains(rule), "{rule}");
    }
}

#[actix_web::test]
async fn a_pinned_reference_says_when_the_sheet_moved_on_and_links_the_diff() {
    let app = festival().await;
    let body = app.get("/Festival").await.body;
    assert!(body.contains("href=\"/FishBowl?rev=1\""), "{body}");
    assert!(
        body.contains("This programme used revision 1; the sheet is now at revision 2."),
        "{body}"
    );
    assert!(
        body.contains("href=\"/FishBowl/diff?from=1&amp;to=2\""),
        "{body}"
    );
    // Pinned to the latest: no notice.
    app.edit(
        "Festival",
        &programme_text("Festival 2026", "2026-06-01", 2),
    )
    .await;
    let body = app.get("/Festival").await.body;
    assert!(!body.contains("the sheet is now at revision"), "{body}");
    // In French too.
    app.set_cookie("lang", "fr");
    app.edit("FishBowl", "Third version.").await;
    let body = app.get("/Festival").await.body;
    assert!(
        body.contains(
            "Ce programme utilisait la révision 2 ; la fiche en est maintenant à la révision 3."
        ),
        "{body}"
    );
}

#[actix_web::test]
async fn derived_rows_follow_saves_renames_deletions_and_pages_created_later() {
    let app = festival().await;
    assert_eq!(app.sql("SELECT title FROM programmes"), ["Festival 2026"]);
    assert_eq!(app.sql("SELECT count(*) FROM programme_slots"), ["3"]);
    assert_eq!(
        app.sql(
            "SELECT method_name || ':' || coalesce(pinned_rev::text, '-') || ':' || \
             (method_page_id IS NOT NULL)::text FROM programme_slot_methods \
             ORDER BY position, ordinal"
        ),
        [
            "FishBowl:1:true",
            "World café:-:true",
            "Ghost method:-:false",
            "FishBowl:-:true"
        ]
    );
    // A page created under the missing name is found from then on.
    app.edit("Ghost method", "Now it exists.").await;
    assert_eq!(
        app.sql("SELECT count(*) FROM programme_slot_methods WHERE method_page_id IS NULL"),
        ["0"]
    );
    // A renamed method keeps its uses (by page id), and the programme links its new name.
    app.post("/FishBowl/rename", &[("new_name", "Fish bowl")])
        .await
        .assert_status(303);
    let method = app.get("/Fish_bowl").await.body;
    assert!(method.contains("Used in 1 event"), "{method}");
    assert!(
        app.get("/Festival")
            .await
            .body
            .contains("href=\"/Fish_bowl?rev=1\"")
    );
    // Deleted, the programme leaves the tables; brought back, it returns.
    app.post("/Festival/delete", &[("reason", "")])
        .await
        .assert_status(303);
    assert_eq!(app.sql("SELECT count(*) FROM programmes"), ["0"]);
    assert!(!app.get("/Fish_bowl").await.body.contains("Used in"));
    app.post("/Festival/undelete", &[]).await.assert_status(303);
    assert_eq!(app.sql("SELECT count(*) FROM programme_slots"), ["3"]);
    // A save that makes it a plain page removes its rows.
    app.edit("Festival", "No longer a programme.").await;
    assert_eq!(app.sql("SELECT count(*) FROM programmes"), ["0"]);
    // A plain page saved again stays one; made a programme again, it has its rows back.
    app.edit("Festival", "Still no programme.").await;
    assert_eq!(app.sql("SELECT count(*) FROM programmes"), ["0"]);
    app.edit(
        "Festival",
        &programme_text("Festival 2026", "2026-06-01", 1),
    )
    .await;
    assert_eq!(app.sql("SELECT count(*) FROM programme_slots"), ["3"]);
}

#[actix_web::test]
async fn a_method_page_lists_where_it_was_used_newest_first_with_outcomes() {
    let app = festival().await;
    app.edit(
        "Spring camp",
        &programme_text("Spring camp", "2026-03-10", 1),
    )
    .await;
    let body = app.get("/FishBowl").await.body;
    assert!(body.contains("Used in 2 events"), "{body}");
    let harvest = body.find("Harvest").unwrap();
    let festival = body.find("Festival 2026").unwrap();
    let camp = body.rfind("Spring camp").unwrap();
    assert!(harvest < camp && festival < camp, "newest first:\n{body}");
    assert!(body.contains("12 people came"), "{body}");
    assert!(body.contains("Lively"), "{body}");
    // A page nobody uses has no such section.
    app.edit("Lonely", "Unused.").await;
    assert!(!app.get("/Lonely").await.body.contains("cw-used-in"));
}

#[actix_web::test]
async fn the_list_shows_upcoming_programmes_first_then_past_ones() {
    let app = TestApp::signed_in().await;
    let today = time::OffsetDateTime::now_utc().date();
    let soon = (today + time::Duration::days(10)).to_string();
    let later = (today + time::Duration::days(40)).to_string();
    let past = (today - time::Duration::days(40)).to_string();
    app.edit("Later", &programme_text("Later event", &later, 1))
        .await;
    app.edit("Past", &programme_text("Past event", &past, 1))
        .await;
    app.edit("Soon", &programme_text("Soon event", &soon, 1))
        .await;
    let body = app.get("/-/programmes").await.body;
    let at = |t: &str| body.find(t).unwrap_or_else(|| panic!("{t}:\n{body}"));
    assert!(at("Soon event") < at("Later event"));
    assert!(at("Later event") < at("Past</h2>"));
    assert!(at("Past</h2>") < at("Past event"));
    assert!(body.contains("href=\"/-/programmes/new\""));
}

#[actix_web::test]
async fn the_structured_editor_adds_a_row_without_javascript_and_saves_a_revision() {
    let app = TestApp::signed_in().await;
    let form = app.get("/-/programmes/new").await;
    form.assert_status(200);
    assert!(form.body.contains("name=\"slot-2-title\""));
    assert!(!form.body.contains("name=\"slot-3-title\""));
    assert!(!form.body.contains("<script>"));
    let fields: Vec<(&str, &str)> = vec![
        ("page", "Camp"),
        ("title", "Summer camp"),
        ("start", "2026-07-01"),
        ("end", "2026-07-02"),
        ("timezone", "Europe/Paris"),
        ("rooms", "Barn; Meadow"),
        ("slot-0-day", "2026-07-01"),
        ("slot-0-start", "10:00"),
        ("slot-0-duration", "60"),
        ("slot-0-room", "Barn"),
        ("slot-0-title", "Welcome"),
        ("slot-0-methods", "Check-in@1; Fish, bowl"),
        // Methods still to write, kept on purpose.
        ("missing", "keep"),
        ("slot-1-title", ""),
        ("rows", "3"),
        ("body", "Bring boots."),
        ("submission_id", "6f1c8f6e-1b9e-4d43-9e61-6a0f4e0c2a11"),
    ];
    let mut add = fields.clone();
    add.push(("action", "add"));
    let more = app.post("/-/programmes/new", &add).await;
    more.assert_status(200);
    assert!(more.body.contains("name=\"slot-3-title\""), "{}", more.body);
    assert!(more.body.contains("value=\"Welcome\""));
    assert_eq!(
        app.sql("SELECT count(*) FROM pages WHERE name = 'Camp'"),
        ["0"]
    );

    let mut save = fields.clone();
    save.push(("action", "save"));
    let saved = app.post("/-/programmes/new", &save).await;
    saved.assert_status(303);
    assert_eq!(
        saved.location(),
        "/Camp?saved=1#saved-6f1c8f6e-1b9e-4d43-9e61-6a0f4e0c2a11"
    );
    let raw = app.get("/Camp/raw").await.body;
    // The new slot is given its lasting id, written with it.
    let (before, id) = raw.split_once(", id: \"").expect("the slot's id");
    let (id, after) = id.split_once('"').unwrap();
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{raw}");
    assert_eq!(
        format!("{before}{after}"),
        "---\nprogramme: \"Summer camp\"\nstart: 2026-07-01\nend: 2026-07-02\n\
         timezone: \"Europe/Paris\"\nrooms: [\"Barn\", \"Meadow\"]\nslots:\n\
         - {day: 2026-07-01, start: \"10:00\", duration: 60, room: \"Barn\", title: \"Welcome\", \
         methods: [\"Check-in@1\", \"Fish, bowl\"]}\n---\nBring boots."
    );

    // Editing opens the structured editor on the saved values; removing a row by emptying it.
    let edit = app.get("/Camp/edit").await.body;
    assert!(edit.contains("action=\"/Camp/programme\""), "{edit}");
    assert!(edit.contains("value=\"Welcome\""));
    let base = app.latest_rev("Camp").await.to_string();
    let mut again = fields.clone();
    again.retain(|(k, _)| !k.starts_with("slot-") && !matches!(*k, "page" | "submission_id"));
    again.extend([
        ("slot-1-day", "2026-07-02"),
        ("slot-1-start", "16:00"),
        ("slot-1-duration", "30"),
        ("slot-1-title", "Goodbye"),
        ("base", base.as_str()),
        ("action", "save"),
        ("submission_id", "0a8d2b38-4a5c-4d0e-8a51-bb5f1b2f0b9c"),
    ]);
    app.post("/Camp/programme", &again).await.assert_status(303);
    let raw = app.get("/Camp/raw").await.body;
    assert!(raw.contains("title: \"Goodbye\""), "{raw}");
    assert!(!raw.contains("Welcome"), "{raw}");
    assert_eq!(app.latest_rev("Camp").await, 2);
}

#[actix_web::test]
async fn the_editor_answers_422_with_errors_next_to_fields_and_saves_nothing() {
    let app = TestApp::signed_in().await;
    let reply = app
        .post(
            "/-/programmes/new",
            &[
                ("page", "Broken"),
                ("title", ""),
                ("start", "2026-07-01"),
                ("end", "2026-07-01"),
                ("timezone", "Mars/Olympus"),
                ("slot-0-day", "2026-08-01"),
                ("slot-0-start", "10:00"),
                ("slot-0-duration", "60"),
                ("slot-0-title", "Out of range"),
                ("action", "save"),
            ],
        )
        .await;
    reply.assert_status(422);
    assert!(
        reply.body.contains("id=\"cw-err-timezone\""),
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("id=\"cw-err-slots-0-day\""),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("Unknown time zone"));
    assert!(reply.body.contains("id=\"cw-err-title\""), "{}", reply.body);
    assert!(
        reply
            .body
            .contains("href=\"#cw-p-slots-0-day\">Slot 1 · Day</a>"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("value=\"Out of range\""));
    assert_eq!(
        app.sql("SELECT count(*) FROM pages WHERE name = 'Broken'"),
        ["0"]
    );
    // The raw editor refuses an invalid programme text the same way.
    let raw = app
        .post(
            "/Broken/edit",
            &[(
                "body",
                "---\nprogramme: \"X\"\nstart: 2026-01-01\ntimezone: \"Nowhere\"\n---\n",
            )],
        )
        .await;
    raw.assert_status(422);
    assert!(raw.body.contains("Unknown time zone"), "{}", raw.body);
    assert_eq!(
        app.sql("SELECT count(*) FROM pages WHERE name = 'Broken'"),
        ["0"]
    );
}

#[actix_web::test]
async fn a_private_programme_is_missing_on_every_read_path() {
    let app = festival().await;
    app.post(
        "/Festival/permissions",
        &[("read", "tester"), ("write", "tester"), ("comment", "")],
    )
    .await
    .assert_status(303);
    let visitor = app.visitor();
    for path in [
        "/Festival",
        "/Festival/programme.ics",
        "/Festival/schedule.xml",
        "/Festival/schedule.json",
        "/Festival/programme.csv",
        "/Festival/print",
        "/festival/print",
    ] {
        let reply = visitor.get(path).await;
        assert_eq!(reply.status.as_u16(), 404, "{path}: {}", reply.body);
        assert!(!reply.body.contains("Festival 2026"), "{path}");
    }
    let api = visitor.get("/api/v1/programmes/Festival").await;
    api.assert_status(404);
    let error: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(error["error"]["code"], "not_found");
    assert!(error["error"]["message"].is_string());
    assert_eq!(visitor.get("/api/v1/programmes").await.body, "[]");
    assert!(
        !visitor
            .get("/-/programmes")
            .await
            .body
            .contains("Festival 2026")
    );
    let method = visitor.get("/FishBowl").await.body;
    assert!(!method.contains("Festival"), "{method}");
    assert!(!method.contains("Used in"), "{method}");
    // Its owner still sees everything.
    assert!(app.get("/FishBowl").await.body.contains("Used in 1 event"));
    app.get("/Festival/programme.ics").await.assert_status(200);
}

#[actix_web::test]
async fn a_programme_links_a_private_method_as_missing() {
    let app = festival().await;
    app.post(
        "/World_caf%C3%A9/permissions",
        &[("read", "tester"), ("write", "tester"), ("comment", "")],
    )
    .await
    .assert_status(303);
    let visitor = app.visitor();
    let body = visitor.get("/Festival").await.body;
    assert!(!body.contains("href=\"/World_caf%C3%A9\""), "{body}");
    let ics = visitor.get("/Festival/programme.ics").await.body;
    assert!(!ics.contains("World_caf"), "{ics}");
}

/// Sheets of the shipped Method form, for the catalogue's usage counts.
fn sheet(slug: &str) -> String {
    format!(
        "---\nform: Method\nlang: en\ntranslation: {slug}\nhook: \"Hook of {slug}\"\n\
         summary: \"Summary of {slug}\"\npurposes: [decide]\ngroup_size: {{min: 5, max: 30}}\n\
         duration: {{min: 30, max: 60}}\ndifficulty: easy\nmodality: [in_person]\n\
         phase: [convergent]\nsteps:\n- {{title: \"All\", duration: 30, text: \"Do it.\"}}\n\
         status: complete\n---\nBody of {slug}.\n"
    )
}

async fn exported(app: &TestApp, query: &str) -> Vec<String> {
    let reply = app.get(&format!("/-/methods.json?lang=en&{query}")).await;
    reply.assert_status(200);
    let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .map(|s| s["page"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn the_catalogue_counts_sorts_and_filters_by_use_in_readable_programmes() {
    let app = TestApp::signed_in().await;
    for name in ["Alpha", "Bravo", "Charlie"] {
        app.edit(name, &sheet(&name.to_lowercase())).await;
    }
    let uses = |methods: &str| {
        format!(
            "---\nprogramme: \"E\"\nstart: 2026-01-01\nend: 2026-01-01\ntimezone: \"UTC\"\n\
             slots:\n- {{day: 2026-01-01, start: \"10:00\", duration: 30, title: \"S\", methods: [{methods}]}}\n---\n"
        )
    };
    app.edit("E1", &uses("\"Charlie\", \"Bravo\"")).await;
    app.edit("E2", &uses("\"Charlie\"")).await;
    app.edit("E3", &uses("\"Charlie\"")).await;
    assert_eq!(
        exported(&app, "sort=usage").await,
        ["Charlie", "Bravo", "Alpha"]
    );
    assert_eq!(exported(&app, "used=1").await, ["Bravo", "Charlie"]);
    assert_eq!(exported(&app, "used=2").await, ["Charlie"]);
    let page = app.get("/-/methods?lang=en&sort=usage").await.body;
    assert!(page.contains("Used in 3 events"), "{page}");
    assert!(page.contains("Used in 1 event<"), "{page}");
    app.get("/-/methods?used=many").await.assert_status(400);
    // A private programme is not counted for others.
    app.post(
        "/E2/permissions",
        &[("read", "tester"), ("write", "tester"), ("comment", "")],
    )
    .await
    .assert_status(303);
    app.post(
        "/E3/permissions",
        &[("read", "tester"), ("write", "tester"), ("comment", "")],
    )
    .await
    .assert_status(303);
    let visitor = app.visitor();
    let reply = visitor.get("/-/methods.json?lang=en&used=2").await;
    reply.assert_status(200);
    assert_eq!(reply.body.trim(), "[]");
    assert!(
        visitor
            .get("/-/methods?lang=en")
            .await
            .body
            .contains("Used in 1 event<")
    );
}

#[actix_web::test]
async fn the_icalendar_export_parses_with_one_event_per_slot_in_utc() {
    let app = festival().await;
    let reply = app.get("/Festival/programme.ics").await;
    reply.assert_status(200);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("text/calendar")
    );
    assert!(reply.body.contains("\r\n"));
    let calendar = icalendar::Calendar::from_str(&reply.body).expect("a calendar");
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    assert_eq!(events.len(), 3);
    let opening = events
        .iter()
        .find(|e| e.get_summary() == Some("Opening circle"))
        .unwrap();
    // 09:30 in Paris in June is 07:30 UTC.
    assert_eq!(opening.property_value("DTSTART"), Some("20260601T073000Z"));
    assert_eq!(opening.property_value("DURATION"), Some("PT60M"));
    // The room, then the event's place.
    assert_eq!(opening.get_location(), Some("Hall, Lyon"));
    assert_eq!(opening.get_url(), Some("http://localhost/FishBowl?rev=1"));
    // The UID is the slot's id, as the API and the frab exports give it.
    let api: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/programmes/Festival").await.body).unwrap();
    assert_eq!(
        opening.get_uid().unwrap(),
        format!("{}@coopwiki", api["slots"][0]["id"].as_str().unwrap())
    );
    let description = opening.get_description().unwrap();
    assert!(
        description.contains("http://localhost/World_caf%C3%A9"),
        "{description}"
    );
    let uids: std::collections::HashSet<&str> = events.iter().filter_map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), 3);
}

#[actix_web::test]
async fn schedule_xml_is_valid_against_the_frab_xml_schema() {
    let app = festival().await;
    let reply = app.get("/Festival/schedule.xml").await;
    reply.assert_status(200);
    assert_valid_schedule_xml(&reply.body);
    assert!(
        reply
            .body
            .contains("<date>2026-06-01T09:30:00+02:00</date>"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("<duration>01:00</duration>"));
    assert!(
        reply
            .body
            .contains("href=\"http://localhost/FishBowl?rev=1\"")
    );
    assert_eq!(reply.body.matches("<event ").count(), 3);
}

/// The vendored frab schema or schedule `file` (under `tests/data/frab-schedule/`).
fn frab_file(file: &str) -> String {
    format!(
        "{}/tests/data/frab-schedule/{file}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The errors two validators that other projects wrote find in `json` against the vendored JSON
/// Schema `schema`: the Rust crate `jsonschema` (formats checked), and the Python package
/// `jsonschema`, which the format's own check (`check-jsonschema`) is built on (from PyPI:
/// `.ci/run` installs it; without it only the first runs, unless `CI` is set).
fn frab_json_errors(json: &serde_json::Value, schema: &str) -> Vec<String> {
    let schema_path = frab_file(schema);
    let schema_json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema_json)
        .unwrap();
    let mut errors: Vec<String> = validator
        .iter_errors(json)
        .map(|e| format!("jsonschema (Rust): {e} at {}", e.instance_path()))
        .collect();
    let instance = tempfile::NamedTempFile::with_suffix(".json").unwrap();
    std::fs::write(instance.path(), json.to_string()).unwrap();
    const SCRIPT: &str = "import json, sys\n\
        from jsonschema import validators\n\
        schema = json.load(open(sys.argv[1]))\n\
        instance = json.load(open(sys.argv[2]))\n\
        cls = validators.validator_for(schema)\n\
        cls.check_schema(schema)\n\
        for e in cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(instance):\n    \
            print(list(e.absolute_path), e.message[:300])\n";
    let out = std::process::Command::new("python3")
        .args(["-c", SCRIPT])
        .arg(&schema_path)
        .arg(instance.path())
        .output();
    match out {
        Ok(out) if out.status.success() => errors.extend(
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(|line| format!("jsonschema (Python): {line}")),
        ),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "Python's jsonschema is missing: pip install jsonschema rfc3339-validator"
            );
            eprintln!("SKIPPED Python jsonschema: pip install jsonschema rfc3339-validator");
        }
    }
    errors
}

/// Checks `xml` against the frab XML Schema with `xmllint`.
fn assert_valid_schedule_xml(xml: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("schedule.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--schema", &frab_file("schedule.xml.xsd")])
        .arg(&file)
        .output()
        .expect("xmllint (Debian package libxml2-utils) must be installed");
    assert!(
        out.status.success(),
        "{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn json_of(app: &TestApp, path: &str) -> serde_json::Value {
    let reply = app.get(path).await;
    reply.assert_status(200);
    serde_json::from_str(&reply.body).unwrap_or_else(|err| panic!("{path}: {err}\n{}", reply.body))
}

/// Both layouts of `schedule.json` pass their schema: the flat one of `schema2.json` at
/// `schedule.json`, the classic one of `schema.json` (what frab and pretalx export, and most apps
/// read) at `schedule.json?layout=classic`; each checked by two validators, which both refuse
/// the project's own invalid example.
#[actix_web::test]
async fn schedule_json_passes_its_schema_in_both_layouts() {
    let app = festival().await;
    let flat = json_of(&app, "/Festival/schedule.json").await;
    let errors = frab_json_errors(&flat, "schema2.json");
    assert!(errors.is_empty(), "{errors:#?}\n{flat:#}");
    let events = flat["schedule"]["events"].as_array().unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(events[0]["start"], "2026-06-01T09:30:00+02:00");
    assert_eq!(events[0]["end"], "2026-06-01T10:30:00+02:00");
    assert_eq!(
        flat["schedule"]["conference"]["time_zone_name"],
        "Europe/Paris"
    );

    let classic = json_of(&app, "/Festival/schedule.json?layout=classic").await;
    let errors = frab_json_errors(&classic, "schema.json");
    assert!(errors.is_empty(), "{errors:#?}\n{classic:#}");
    let conference = &classic["schedule"]["conference"];
    assert_eq!(conference["daysCount"], 2);
    assert_eq!(conference["timeslot_duration"], "00:15");
    let day = &conference["days"][0];
    assert_eq!(day["date"], "2026-06-01");
    assert_eq!(day["day_start"], "2026-06-01T00:00:00+02:00");
    let opening = &day["rooms"]["Hall"][0];
    assert_eq!(opening["title"], "Opening circle");
    assert_eq!(opening["date"], "2026-06-01T09:30:00+02:00");
    assert_eq!(opening["start"], "09:30");
    assert_eq!(opening["duration"], "01:00");
    assert_eq!(opening["guid"], events[0]["guid"]);
    assert_eq!(day["rooms"]["Garden"][0]["title"], "Walk and talk");
    assert_eq!(
        conference["days"][1]["rooms"]["Garden"][0]["title"],
        "Harvest"
    );
    // The same schedule either way, and not another layout by mistake.
    assert!(frab_json_errors(&classic, "schema2.json").len() > 1);
    assert!(frab_json_errors(&flat, "schema.json").len() > 1);
    app.get("/Festival/schedule.json?layout=sideways")
        .await
        .assert_status(400);

    let invalid: serde_json::Value =
        serde_json::from_str(include_str!("../data/frab-schedule/invalid-example.json")).unwrap();
    for schema in ["schema.json", "schema2.json"] {
        let errors = frab_json_errors(&invalid, schema);
        assert!(errors.iter().any(|e| e.contains("(Rust)")), "{schema}");
        if std::process::Command::new("python3")
            .args(["-c", "import jsonschema"])
            .status()
            .is_ok_and(|status| status.success())
        {
            assert!(errors.iter().any(|e| e.contains("(Python)")), "{schema}");
        }
    }
}

#[actix_web::test]
async fn the_csv_export_imports_back_to_the_same_slots() {
    let app = festival().await;
    let csv = app.get("/Festival/programme.csv").await;
    csv.assert_status(200);
    assert!(
        csv.body
            .starts_with("day,start,duration,room,title,facilitators,group,methods")
    );
    app.post(
        "/-/programmes/import",
        &[
            ("page", "Festival copy"),
            ("format", "csv"),
            ("data", &csv.body),
            ("action", "confirm"),
        ],
    )
    .await
    .assert_status(303);
    let original: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/programmes/Festival").await.body).unwrap();
    let copy: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/programmes/Festival_copy").await.body).unwrap();
    assert_eq!(copy["slots"], original["slots"]);
    assert_eq!(copy["start"], original["start"]);
    assert_eq!(copy["end"], original["end"]);
}

/// `csv` rewritten the way a spreadsheet set to French saves it: cells between semicolons,
/// behind a byte order mark.
fn as_french_spreadsheet(csv: &str) -> String {
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    out.write_record(reader.headers().unwrap()).unwrap();
    for record in reader.records() {
        out.write_record(&record.unwrap()).unwrap();
    }
    format!(
        "\u{feff}{}",
        String::from_utf8(out.into_inner().unwrap()).unwrap()
    )
}

#[actix_web::test]
async fn the_csv_export_ends_records_in_crlf_offers_a_bom_and_imports_back_from_semicolons() {
    let app = festival().await;
    let page = app.get("/Festival").await;
    assert!(
        page.body.contains("href=\"/Festival/programme.csv?bom=1\""),
        "{}",
        page.body
    );
    let plain = app.get("/Festival/programme.csv").await;
    plain.assert_status(200);
    let lines: Vec<&str> = plain.body.split_inclusive('\n').collect();
    assert!(lines.len() > 2, "{}", plain.body);
    // Each slot is one line here (no cell holds a line break).
    for line in &lines {
        assert!(line.ends_with("\r\n"), "{line:?}");
    }
    let spreadsheet = app.get("/Festival/programme.csv?bom=1").await;
    spreadsheet.assert_status(200);
    assert_eq!(spreadsheet.body, format!("\u{feff}{}", plain.body));
    assert_eq!(
        spreadsheet.header("content-disposition"),
        plain.header("content-disposition")
    );
    let french = as_french_spreadsheet(&spreadsheet.body);
    assert!(
        french.starts_with("\u{feff}day;start;duration;"),
        "{french}"
    );
    app.post(
        "/-/programmes/import",
        &[
            ("page", "Festival copy"),
            ("format", "csv"),
            ("data", &french),
            ("action", "confirm"),
        ],
    )
    .await
    .assert_status(303);
    let original: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/programmes/Festival").await.body).unwrap();
    let copy: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/programmes/Festival_copy").await.body).unwrap();
    assert_eq!(copy["slots"], original["slots"]);
}

#[actix_web::test]
async fn csv_cells_a_spreadsheet_would_run_are_exported_as_text_and_import_back_whole() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Risky",
        "---\nprogramme: \"Risky\"\nstart: 2026-06-01\nend: 2026-06-01\n\
         timezone: \"Europe/Paris\"\nrooms: [\"@Hall\"]\nslots:\n\
         - {day: 2026-06-01, start: \"09:30\", duration: 60, room: \"@Hall\", \
         title: \"=HYPERLINK(\\\"http://attacker.example/\\\")\", how: \"-rounds of two\"}\n---\n",
    )
    .await
    .assert_status(303);
    let csv = app.get("/Risky/programme.csv").await;
    csv.assert_status(200);
    let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
    let row = reader.records().next().expect("a slot").expect("a row");
    for cell in row.iter() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "a cell a spreadsheet would run: {cell}"
        );
    }
    assert!(row.iter().any(|cell| cell.starts_with("'=HYPERLINK(")));
    app.post(
        "/-/programmes/import",
        &[
            ("page", "Risky copy"),
            ("format", "csv"),
            ("data", &csv.body),
            ("action", "confirm"),
        ],
    )
    .await
    .assert_status(303);
    let copy: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/programmes/Risky_copy").await.body).unwrap();
    let slot = &copy["slots"][0];
    assert_eq!(slot["title"], "=HYPERLINK(\"http://attacker.example/\")");
    assert_eq!(slot["room"], "@Hall");
    assert_eq!(slot["outcome"]["how"], "-rounds of two");
}

const IMPORT_CSV: &str = "day,start,duration,room,title,methods\n\
    2026-09-01,10:00,60,Hall,Opening,FishBowl@1; Nowhere\n\
    2026-09-02,11:00,30,Hall,Closing,\n";

#[actix_web::test]
async fn an_import_shows_a_dry_run_then_saves_only_on_confirmation() {
    let app = festival().await;
    let dry = app
        .post(
            "/-/programmes/import",
            &[
                ("page", "Imported"),
                ("format", "csv"),
                ("data", IMPORT_CSV),
            ],
        )
        .await;
    dry.assert_status(200);
    assert!(dry.body.contains("2 slots"), "{}", dry.body);
    assert!(dry.body.contains("<td>Nowhere</td>"), "{}", dry.body);
    assert!(dry.body.contains("value=\"confirm\""));
    assert_eq!(
        app.sql("SELECT count(*) FROM pages WHERE name = 'Imported'"),
        ["0"]
    );
    app.post(
        "/-/programmes/import",
        &[
            ("page", "Imported"),
            ("format", "csv"),
            ("data", IMPORT_CSV),
            ("action", "confirm"),
        ],
    )
    .await
    .assert_status(303);
    assert_eq!(app.sql("SELECT count(*) FROM programme_slots s JOIN pages p ON p.id = s.programme_id WHERE p.name = 'Imported'"), ["2"]);
    // The same name again is refused.
    app.post(
        "/-/programmes/import",
        &[
            ("page", "Imported"),
            ("format", "csv"),
            ("data", IMPORT_CSV),
        ],
    )
    .await
    .assert_status(409);
}

#[actix_web::test]
async fn a_bad_import_is_refused_whole_with_a_clear_status() {
    let app = TestApp::signed_in().await;
    let bad_row = format!("{IMPORT_CSV}2026-09-02,25:00,30,Hall,Late,\n");
    let reply = app
        .post(
            "/-/programmes/import",
            &[
                ("page", "Half"),
                ("format", "csv"),
                ("data", &bad_row),
                ("action", "confirm"),
            ],
        )
        .await;
    reply.assert_status(422);
    assert!(
        reply
            .body
            .contains("Write a time of day between 0:00 and 23:59"),
        "{}",
        reply.body
    );
    assert_eq!(
        app.sql("SELECT count(*) FROM pages WHERE name = 'Half'"),
        ["0"]
    );
    assert_eq!(app.sql("SELECT count(*) FROM programme_slots"), ["0"]);
    let unreadable = app
        .post(
            "/-/programmes/import",
            &[("page", "Half"), ("format", "csv"), ("data", "title\nx\n")],
        )
        .await;
    unreadable.assert_status(400);
    assert!(
        unreadable.body.contains("lacks one of the columns"),
        "{}",
        unreadable.body
    );
    app.post(
        "/-/programmes/import",
        &[("page", "Half"), ("format", "frab"), ("data", "{not json")],
    )
    .await
    .assert_status(400);
    let huge = "x".repeat(app.state.settings.max_page_bytes + 1);
    app.post(
        "/-/programmes/import",
        &[("page", "Half"), ("format", "csv"), ("data", &huge)],
    )
    .await
    .assert_status(413);
    // Visitors who may not create pages may not import.
    let visitor = app.visitor();
    let refused = visitor
        .post(
            "/-/programmes/import",
            &[("page", "Half"), ("format", "csv"), ("data", IMPORT_CSV)],
        )
        .await;
    assert_eq!(refused.status.as_u16(), 303);
    assert!(refused.location().starts_with("/-/login"));
}

#[actix_web::test]
async fn the_printed_programme_has_a_page_per_day_with_qr_codes_of_the_revisions_used() {
    let app = festival().await;
    let reply = app.get("/Festival/print").await;
    reply.assert_status(200);
    let body = &reply.body;
    assert_eq!(body.matches("class=\"print-day\"").count(), 2, "{body}");
    assert!(body.contains("src=\"/FishBowl/qr.svg?rev=1\""), "{body}");
    assert!(
        body.contains("src=\"/World_caf%C3%A9/qr.svg?rev=1\""),
        "{body}"
    );
    // The later slot follows FishBowl's latest, revision 2.
    assert!(body.contains("src=\"/FishBowl/qr.svg?rev=2\""), "{body}");
    assert!(body.contains("alt=\"QR code of FishBowl\""));
    let css = app.get(&coopwiki::assets::url("programmes.css")).await;
    css.assert_status(200);
    assert!(css.body.contains("break-after: page"));
    // Other pages keep their own print layout.
    assert!(!app.get("/FishBowl/print").await.body.contains("print-day"));
}

#[actix_web::test]
async fn the_api_lists_and_describes_programmes() {
    let app = festival().await;
    let list: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/programmes").await.body).unwrap();
    assert_eq!(list[0]["name"], "Festival");
    assert_eq!(list[0]["url"], "http://localhost/Festival");
    let one = app.get("/api/v1/programmes/Festival").await;
    one.assert_status(200);
    let one: serde_json::Value = serde_json::from_str(&one.body).unwrap();
    assert_eq!(one["timezone"], "Europe/Paris");
    let method = &one["slots"][0]["methods"][0];
    assert_eq!(method["name"], "FishBowl");
    assert_eq!(method["pinned_rev"], 1);
    assert_eq!(method["latest_rev"], 2);
    assert_eq!(method["url"], "http://localhost/FishBowl?rev=1");
    assert!(one["slots"][0]["methods"][2]["url"].is_null());
    assert_eq!(one["slots"][2]["outcome"]["actual_size"], 12);
    let missing = app.get("/api/v1/programmes/FishBowl").await;
    missing.assert_status(404);
    assert!(
        missing
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    // Every answer matches its schema in the served OpenAPI document.
    let doc: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/openapi.json").await.body).unwrap();
    for (template, path) in [
        ("/api/v1/programmes", "/api/v1/programmes"),
        ("/api/v1/programmes/{name}", "/api/v1/programmes/Festival"),
        ("/api/v1/programmes/{name}", "/api/v1/programmes/FishBowl"),
        ("/api/v1/programmes/{name}", "/api/v1/programmes/a%3Cb"),
    ] {
        let reply = app.get(path).await;
        let mut schema = doc["paths"][template]["get"]["responses"]
            [reply.status.as_u16().to_string()]["content"]["application/json"]["schema"]
            .clone();
        assert!(schema.is_object(), "no schema for {path}: {}", reply.status);
        schema["components"] = doc["components"].clone();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let body: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:?}\n{}", reply.body);
    }
}

/// Every way of showing a programme shows its schedule, never its front matter: the page,
/// an old revision, the JSON API (latest and by revision), print and the embed card all go
/// through the programme's kind.
#[actix_web::test]
async fn a_programme_shows_its_schedule_on_every_path_that_shows_it() {
    let app = festival().await;
    let page = app.get("/Festival").await;
    page.assert_status(200);
    assert!(page.body.contains("Opening circle"), "{}", page.body);
    let old = app.get("/Festival?rev=1").await.body;
    assert!(
        old.contains("Opening circle") && !old.contains("slots:"),
        "{old}"
    );
    for path in [
        "/api/v1/pages/Festival",
        "/api/v1/pages/Festival/revisions/1",
    ] {
        let reply = app.get(path).await;
        reply.assert_status(200);
        let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        let html = json["html"].as_str().unwrap_or_default();
        assert!(html.contains("Opening circle"), "{path}: {html}");
        assert!(
            !html.contains("programme:") && !html.contains("slots:"),
            "{path}: {html}"
        );
    }
    let print = app.get("/Festival/print").await.body;
    assert!(print.contains("Opening circle"), "{print}");
    assert!(!print.contains("slots:"), "{print}");
    let embed = app.get("/Festival/embed").await.body;
    assert!(embed.contains("A festival of methods."), "{embed}");
    assert!(
        !embed.contains("programme:") && !embed.contains("slots:"),
        "{embed}"
    );
}

/// The structured editor answers a save from an older revision as every editor does: merged
/// with what others saved meanwhile when the changes do not overlap (and the page says so),
/// the conflict screen otherwise, with nothing written and nothing typed lost.
#[actix_web::test]
async fn the_programme_editor_merges_and_answers_conflicts_like_every_editor() {
    let app = TestApp::signed_in().await;
    let fields = |title: &'static str, base: &'static str| {
        vec![
            ("title", "Summer camp"),
            ("start", "2026-07-01"),
            ("end", "2026-07-02"),
            ("timezone", "Europe/Paris"),
            ("rooms", "Barn"),
            ("slot-0-day", "2026-07-01"),
            ("slot-0-start", "10:00"),
            ("slot-0-duration", "60"),
            ("slot-0-room", "Barn"),
            ("slot-0-title", title),
            ("body", "Bring boots."),
            ("base", base),
            ("action", "save"),
        ]
    };
    let mut create = fields("Welcome", "0");
    create.push(("page", "Camp"));
    app.post("/-/programmes/new", &create)
        .await
        .assert_status(303);
    let raw = app.get("/Camp/raw").await.body;
    app.edit(
        "Camp",
        &raw.replace("Bring boots.", "Bring boots and hats."),
    )
    .await;

    let merged = app
        .post("/Camp/programme", &fields("Welcome circle", "1"))
        .await;
    merged.assert_status(303);
    assert!(
        merged.location().starts_with("/Camp?merged=3#saved-"),
        "{}",
        merged.location()
    );
    let page = app.get(merged.location()).await.body;
    assert!(
        page.contains("Your change was merged with revision 2"),
        "{page}"
    );
    let raw = app.get("/Camp/raw").await.body;
    assert!(
        raw.contains("Welcome circle") && raw.contains("Bring boots and hats."),
        "{raw}"
    );

    let conflict = app.post("/Camp/programme", &fields("Opening", "1")).await;
    conflict.assert_status(409);
    assert!(
        conflict
            .body
            .contains("Someone saved this page while you were editing"),
        "{}",
        conflict.body
    );
    assert!(conflict.body.contains("class=\"conflict-regions\""));
    assert!(conflict.body.contains("Opening"), "our title is kept");
    assert_eq!(
        app.sql("SELECT count(*) FROM revisions r JOIN pages p ON p.id = r.page_id WHERE p.name = 'Camp'"),
        ["3"]
    );
}

/// Programmes are found from every page: the site's header links their list.
#[actix_web::test]
async fn every_page_leads_to_the_programmes() {
    let app = TestApp::new().await;
    for path in ["/", "/-/methods", "/-/recent", "/-/pages"] {
        let page = app.get(path).await;
        page.assert_status(200);
        let document = scraper::Html::parse_document(&page.body);
        let link = scraper::Selector::parse("header nav.site-nav a[href='/-/programmes']").unwrap();
        assert_eq!(document.select(&link).count(), 1, "{path}: {}", page.body);
    }
}

/// Every field of the form posting to `action` in `html`, as a browser sends it (the CSRF
/// token left out: `TestApp::post` adds it).
fn form_fields(html: &str, action: &str) -> Vec<(String, String)> {
    let document = scraper::Html::parse_document(html);
    let fields = scraper::Selector::parse(&format!(
        "form[action='{action}'] input, form[action='{action}'] textarea"
    ))
    .unwrap();
    document
        .select(&fields)
        .filter_map(|field| {
            let name = field.value().attr("name")?;
            let value = match field.value().name() {
                "textarea" => field.text().collect::<String>(),
                _ => field.value().attr("value").unwrap_or("").to_owned(),
            };
            (name != "csrf").then(|| (name.to_owned(), value))
        })
        .collect()
}

fn as_pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// Each slot's identifier in every export, by slot title: the API's id, the iCalendar UID, the
/// GUIDs of `schedule.xml` and both layouts of `schedule.json`, and the anchor of the event's
/// address; all must agree.
async fn identifiers(app: &TestApp, page: &str) -> Vec<(String, String)> {
    let api = json_of(app, &format!("/api/v1/programmes/{page}")).await;
    let ics = app.get(&format!("/{page}/programme.ics")).await.body;
    let calendar = icalendar::Calendar::from_str(&ics).expect("a calendar");
    let xml = app.get(&format!("/{page}/schedule.xml")).await.body;
    let flat = json_of(app, &format!("/{page}/schedule.json")).await;
    let classic = json_of(app, &format!("/{page}/schedule.json?layout=classic")).await;
    let classic_events = events_of(&classic);
    let mut ids = Vec::new();
    for slot in api["slots"].as_array().unwrap() {
        let (id, title) = (
            slot["id"].as_str().unwrap(),
            slot["title"].as_str().unwrap(),
        );
        let uid = calendar
            .events()
            .find(|e| e.get_summary() == Some(title))
            .and_then(|e| e.get_uid().map(str::to_owned));
        assert_eq!(uid, Some(format!("{id}@coopwiki")), "{title}");
        assert!(xml.contains(&format!("guid=\"{id}\"")), "{title}:\n{xml}");
        for events in [events_of(&flat), classic_events.clone()] {
            let event = events.iter().find(|e| e["title"] == title).unwrap();
            assert_eq!(event["guid"], id, "{title}");
            assert!(
                event["url"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("/{page}#slot-{id}")),
                "{event}"
            );
        }
        ids.push((title.to_owned(), id.to_owned()));
    }
    ids
}

/// A slot keeps its identity when others are removed, moved or added, through the source text
/// and the structured editor: calendars and conference apps keep their alarms and favourites on
/// the right session. Ids derived for a text written without them are the ones the editor then
/// writes down, and the programme's page has an element for every event's `#slot-…` address.
#[actix_web::test]
async fn slot_identifiers_stay_with_their_slots_through_edits_and_exports() {
    let app = festival().await;
    let before = identifiers(&app, "Festival").await;
    assert_eq!(before.len(), 3);
    assert_eq!(
        before
            .iter()
            .map(|(_, id)| id)
            .collect::<std::collections::HashSet<_>>()
            .len(),
        3
    );
    let page = app.get("/Festival").await.body;
    let document = scraper::Html::parse_document(&page);
    for (title, id) in &before {
        let anchor = scraper::Selector::parse(&format!("[id='slot-{id}']")).unwrap();
        let found: Vec<_> = document.select(&anchor).collect();
        assert_eq!(found.len(), 1, "{title}");
        assert!(found[0].text().any(|t| t.contains(title.as_str())));
    }

    // The first slot removed from the source text: the others keep their ids.
    let raw = app.get("/Festival/raw").await.body;
    let without_first: String = raw
        .lines()
        .filter(|line| !line.contains("Opening circle"))
        .map(|line| format!("{line}\n"))
        .collect();
    app.edit("Festival", &without_first).await;
    let after = identifiers(&app, "Festival").await;
    assert_eq!(after, before[1..]);

    // The structured editor carries the ids in its form; saving writes them into the text.
    let edit = app.get("/Festival/edit").await.body;
    let mut fields = form_fields(&edit, "/Festival/programme");
    for (_, id) in &after {
        assert!(fields.iter().any(|(_, v)| v == id), "{id} not in the form");
    }
    fields.push(("action".into(), "save".into()));
    app.post("/Festival/programme", &as_pairs(&fields))
        .await
        .assert_status(303);
    let raw = app.get("/Festival/raw").await.body;
    for (_, id) in &after {
        assert!(raw.contains(&format!("id: \"{id}\"")), "{raw}");
    }
    assert_eq!(identifiers(&app, "Festival").await, after);

    // Moved to another day and time, retitled, put last in the text: the same slot.
    let moved = raw
        .replace("title: \"Walk and talk\"", "title: \"Walk, talk\"")
        .replace(
            "{day: 2026-06-01, start: \"09:30\", duration: 45",
            "{day: 2026-06-02, start: \"16:00\", duration: 45",
        );
    let (head, rest) = moved
        .split_once("- {day: 2026-06-02, start: \"16:00\"")
        .unwrap();
    let (walk, tail) = rest.split_once('\n').unwrap();
    let (slots, description) = tail.split_once("---\n").unwrap();
    let reordered =
        format!("{head}{slots}- {{day: 2026-06-02, start: \"16:00\"{walk}\n---\n{description}");
    app.edit("Festival", &reordered).await;
    let ids: Vec<String> = identifiers(&app, "Festival")
        .await
        .into_iter()
        .map(|(_, id)| id)
        .collect();
    assert_eq!(ids, [after[1].1.clone(), after[0].1.clone()]);

    // A row added in the editor gets an id of its own, the others keep theirs.
    let edit = app.get("/Festival/edit").await.body;
    let mut fields = form_fields(&edit, "/Festival/programme");
    for (key, value) in [
        ("slot-2-day", "2026-06-02"),
        ("slot-2-start", "11:00"),
        ("slot-2-duration", "30"),
        ("slot-2-title", "Newcomer"),
        ("action", "save"),
    ] {
        fields.retain(|(k, _)| k != key);
        fields.push((key.into(), value.into()));
    }
    app.post("/Festival/programme", &as_pairs(&fields))
        .await
        .assert_status(303);
    let now = identifiers(&app, "Festival").await;
    assert_eq!(now.len(), 3);
    assert_eq!(now[0].1, after[1].1);
    assert_eq!(now[1].1, after[0].1);
    assert!(!ids.contains(&now[2].1));
}

/// A copied line copies the slot's id: the source text is refused, rather than two sessions be
/// one to every calendar.
#[actix_web::test]
async fn two_slots_with_one_id_are_refused() {
    let app = TestApp::signed_in().await;
    let line = "- {day: 2026-06-01, start: \"09:30\", duration: 60, title: \"Twin\", \
                id: \"6f1c8f6e-1b9e-4d43-9e61-6a0f4e0c2a11\"}\n";
    let text = format!(
        "---\nprogramme: \"Twins\"\nstart: 2026-06-01\nend: 2026-06-01\ntimezone: \"UTC\"\n\
         slots:\n{line}{line}---\n"
    );
    let reply = app.post("/Twins/edit", &[("body", &text)]).await;
    reply.assert_status(422);
    assert!(
        reply.body.contains("Another slot has this id"),
        "{}",
        reply.body
    );
}

/// Every event of a frab/pretalx `schedule.json`, in either layout.
fn events_of(json: &serde_json::Value) -> Vec<serde_json::Value> {
    let schedule = &json["schedule"];
    let mut events: Vec<serde_json::Value> =
        schedule["events"].as_array().cloned().unwrap_or_default();
    for day in schedule["conference"]["days"]
        .as_array()
        .into_iter()
        .flatten()
    {
        for room in day["rooms"]
            .as_object()
            .into_iter()
            .flat_map(|r| r.values())
        {
            events.extend(room.as_array().cloned().unwrap_or_default());
        }
    }
    events
}

/// The instant an event starts and its length in minutes, whichever layout wrote it.
fn event_times(event: &serde_json::Value) -> (jiff::Timestamp, i64) {
    let at = event["date"].as_str().or(event["start"].as_str()).unwrap();
    let start: jiff::Timestamp = at.parse().unwrap();
    let minutes = match event["duration"].as_str() {
        Some(duration) => {
            let (h, m) = duration.split_once(':').unwrap();
            h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap()
        }
        None => {
            let end: jiff::Timestamp = event["end"].as_str().unwrap().parse().unwrap();
            end.duration_since(start).as_mins()
        }
    };
    (start, minutes)
}

/// A free text of an event as the wiki keeps it (`null` is empty, line ends `\n`, trimmed).
fn event_text(event: &serde_json::Value, key: &str) -> String {
    event[key]
        .as_str()
        .unwrap_or("")
        .replace("\r\n", "\n")
        .trim()
        .to_owned()
}

fn event_people(event: &serde_json::Value) -> Vec<String> {
    event
        .get("persons")
        .or(event.get("participants"))
        .and_then(|p| p.as_array())
        .into_iter()
        .flatten()
        .filter_map(|p| p["public_name"].as_str().or(p["name"].as_str()))
        .map(|name| name.trim().to_owned())
        .collect()
}

fn event_room(event: &serde_json::Value) -> String {
    event["room"]
        .as_str()
        .or(event["room"]["name"].as_str())
        .unwrap()
        .to_owned()
}

/// Imports a real schedule, then checks that its export in the same layout, valid against its
/// schema, has every event with its GUID, time, length, room, title, subtitle, track, type,
/// language, abstract and people; that `schedule.xml` is valid and has every GUID; and that
/// this XML imports again to the same programme.
async fn real_schedule_round_trip(data: &str, layout: &str, zone: &str, days: usize) {
    let app = TestApp::signed_in().await;
    let source: serde_json::Value = serde_json::from_str(data).unwrap();
    let events = events_of(&source);
    let dry = app
        .post(
            "/-/programmes/import",
            &[("page", "Real"), ("format", "frab"), ("data", data)],
        )
        .await;
    dry.assert_status(200);
    assert!(
        dry.body.contains(&format!("{} slots", events.len())),
        "{}",
        dry.body
    );
    assert!(
        dry.body.contains(&format!("time zone {zone}")),
        "{}",
        dry.body
    );
    app.post(
        "/-/programmes/import",
        &[
            ("page", "Real"),
            ("format", "frab"),
            ("data", data),
            ("action", "confirm"),
        ],
    )
    .await
    .assert_status(303);
    let api = json_of(&app, "/api/v1/programmes/Real").await;
    assert_eq!(api["timezone"], zone);
    assert_eq!(api["title"], source["schedule"]["conference"]["title"]);

    let (path, schema) = match layout {
        "classic" => ("/Real/schedule.json?layout=classic", "schema.json"),
        _ => ("/Real/schedule.json", "schema2.json"),
    };
    let exported = json_of(&app, path).await;
    let errors = frab_json_errors(&exported, schema);
    assert!(errors.is_empty(), "{errors:#?}\n{exported:#}");
    let conference = &exported["schedule"]["conference"];
    assert_eq!(conference["days"].as_array().unwrap().len(), days);
    let out = events_of(&exported);
    assert_eq!(out.len(), events.len());
    for event in &events {
        let guid = event["guid"].as_str().unwrap();
        let back = out
            .iter()
            .find(|e| e["guid"] == guid)
            .unwrap_or_else(|| panic!("{guid} was not exported"));
        let title = event_text(event, "title");
        assert_eq!(event_times(back), event_times(event), "{title}");
        assert_eq!(event_room(back), event_room(event), "{title}");
        for key in ["title", "subtitle", "abstract", "language"] {
            assert_eq!(
                event_text(back, key),
                event_text(event, key),
                "{title}: {key}"
            );
        }
        assert_eq!(back["track"], event["track"], "{title}");
        assert_eq!(back["type"], event["type"], "{title}");
        assert_eq!(event_people(back), event_people(event), "{title}");
    }

    let xml = app.get("/Real/schedule.xml").await.body;
    assert_valid_schedule_xml(&xml);
    for event in &events {
        let guid = event["guid"].as_str().unwrap();
        assert!(xml.contains(&format!("guid=\"{guid}\"")), "{guid}");
    }
    app.post(
        "/-/programmes/import",
        &[
            ("page", "Real again"),
            ("format", "frab"),
            ("data", &xml),
            ("action", "confirm"),
        ],
    )
    .await
    .assert_status(303);
    let again = json_of(&app, "/api/v1/programmes/Real_again").await;
    for key in ["timezone", "start", "end", "language"] {
        assert_eq!(again[key], api[key], "{key}");
    }
    let slots = api["slots"].as_array().unwrap();
    assert_eq!(again["slots"].as_array().unwrap().len(), slots.len());
    for slot in slots {
        let back = again["slots"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == slot["id"]);
        assert_eq!(back, Some(slot), "through schedule.xml");
    }
}

/// pretalx's demo: its `time_zone_name` says UTC while its times are at `+01:00`. The zone
/// named is kept, and every time is read with its own offset: 09:00+01:00 is 08:00 UTC.
#[actix_web::test]
async fn the_real_pretalx_democon_schedule_round_trips() {
    let data = include_str!("../data/frab-schedule/pretalx-democon.json");
    real_schedule_round_trip(data, "classic", "UTC", 3).await;
}

/// rC3: no `time_zone_name`, every time at `+01:00`, tracks, types, German and English talks.
/// Before, every session came in an hour late, in UTC.
#[actix_web::test]
async fn the_real_pretalx_rc3_schedule_round_trips_in_the_zone_its_offsets_say() {
    let data = include_str!("../data/frab-schedule/pretalx-rc3.json");
    real_schedule_round_trip(data, "classic", "UTC+01:00", 4).await;
    let app = TestApp::signed_in().await;
    app.post(
        "/-/programmes/import",
        &[
            ("page", "rC3"),
            ("format", "frab"),
            ("data", data),
            ("action", "confirm"),
        ],
    )
    .await
    .assert_status(303);
    let api = json_of(&app, "/api/v1/programmes/rC3").await;
    let slot = api["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "c3642671-4c1f-5109-81ba-0535c1cc8428")
        .unwrap();
    assert_eq!(slot["day"], "2020-12-27");
    assert_eq!(slot["start"], "11:30");
    assert_eq!(slot["language"], "de");
    assert_eq!(slot["track"], "MON r3s Rhein VHS");
    assert_eq!(slot["type"], "Talk 30 min + 10min Q&A");
    assert_eq!(api["language"], "en");
    let ics = app.get("/rC3/programme.ics").await.body;
    assert!(ics.contains("DTSTART:20201227T103000Z"), "{ics}");
}

/// The hub's export, in the flat layout of `schema2.json`: tracks named by slug, rooms as
/// objects, a session after midnight.
#[actix_web::test]
async fn the_real_hub_schedule2_round_trips() {
    let data = include_str!("../data/frab-schedule/hub-schedule2.json");
    real_schedule_round_trip(data, "flat", "Europe/Berlin", 4).await;
}

/// `schedule.xml` pasted into the import form imports like JSON; a text that cannot be read
/// comes back in the form, with the page name, and a message in the visitor's language.
#[actix_web::test]
async fn a_pasted_schedule_xml_imports_and_a_broken_one_keeps_the_text() {
    let app = festival().await;
    let xml = app.get("/Festival/schedule.xml").await.body;
    let dry = app
        .post(
            "/-/programmes/import",
            &[("page", "From XML"), ("format", "frab"), ("data", &xml)],
        )
        .await;
    dry.assert_status(200);
    assert!(dry.body.contains("3 slots"), "{}", dry.body);
    // Pasted with "CSV" chosen, it is still a schedule.
    app.post(
        "/-/programmes/import",
        &[
            ("page", "From XML"),
            ("format", "csv"),
            ("data", &xml),
            ("action", "confirm"),
        ],
    )
    .await
    .assert_status(303);
    let original = json_of(&app, "/api/v1/programmes/Festival").await;
    let copy = json_of(&app, "/api/v1/programmes/From_XML").await;
    for key in ["timezone", "start", "end"] {
        assert_eq!(copy[key], original[key], "{key}");
    }
    let ids = |p: &serde_json::Value| -> Vec<String> {
        p["slots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&copy), ids(&original));

    let half = (0..=xml.len() / 2)
        .rev()
        .find(|at| xml.is_char_boundary(*at))
        .unwrap();
    let broken = &xml[..half];
    for (lang, message) in [
        (
            "en",
            "The XML could not be read as a frab or pretalx schedule.xml.",
        ),
        (
            "fr",
            "Le XML ne se lit pas comme un schedule.xml frab ou pretalx.",
        ),
    ] {
        app.set_cookie("lang", lang);
        let reply = app
            .post(
                "/-/programmes/import",
                &[("page", "Broken"), ("format", "frab"), ("data", broken)],
            )
            .await;
        reply.assert_status(400);
        assert!(reply.body.contains(message), "{}", reply.body);
        let document = scraper::Html::parse_document(&reply.body);
        let textarea = scraper::Selector::parse("textarea#cw-i-data").unwrap();
        let kept: String = document.select(&textarea).next().unwrap().text().collect();
        assert_eq!(kept, broken);
        assert!(reply.body.contains("value=\"Broken\""), "{}", reply.body);
    }
    app.set_cookie("lang", "en");
    let unnamed = app
        .post(
            "/-/programmes/import",
            &[("page", "a<b"), ("format", "frab"), ("data", &xml)],
        )
        .await;
    unnamed.assert_status(400);
    assert!(
        unnamed
            .body
            .contains("Give the programme a valid page name."),
        "{}",
        unnamed.body
    );
    assert!(
        unnamed.body.contains("&lt;schedule&gt;"),
        "the text is kept"
    );
    assert_eq!(
        app.sql("SELECT count(*) FROM pages WHERE name = 'Broken'"),
        ["0"]
    );
}

/// The CSV names the programme's time zone on every row: imported again, the times are in that
/// zone, not silently in UTC. Rows that disagree are refused, the text kept.
#[actix_web::test]
async fn the_programme_csv_keeps_its_time_zone() {
    let app = festival().await;
    let csv = app.get("/Festival/programme.csv").await.body;
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",timezone"), "{header}");
    assert!(
        csv.lines().nth(1).unwrap().ends_with(",Europe/Paris"),
        "{csv}"
    );
    app.post(
        "/-/programmes/import",
        &[
            ("page", "Copy"),
            ("format", "csv"),
            ("data", &csv),
            ("action", "confirm"),
        ],
    )
    .await
    .assert_status(303);
    let copy = json_of(&app, "/api/v1/programmes/Copy").await;
    assert_eq!(copy["timezone"], "Europe/Paris");
    let ics = app.get("/Copy/programme.ics").await.body;
    assert!(ics.contains("DTSTART:20260601T073000Z"), "{ics}");

    let mixed = csv.replacen(",Europe/Paris", ",Europe/Lisbon", 1);
    let reply = app
        .post(
            "/-/programmes/import",
            &[("page", "Mixed"), ("format", "csv"), ("data", &mixed)],
        )
        .await;
    reply.assert_status(422);
    assert!(
        reply.body.contains("name different time zones"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("Europe/Lisbon"), "the text is kept");
}

/// `<language>` of `schedule.xml` (and the JSON layouts) is the programme's, whoever asks: the
/// same document for every visitor, so nothing to vary on.
#[actix_web::test]
async fn the_schedule_language_is_the_programme_s_not_the_visitor_s() {
    let app = festival().await;
    let raw = app.get("/Festival/raw").await.body;
    app.edit(
        "Festival",
        &raw.replace(
            "timezone: \"Europe/Paris\"\n",
            "timezone: \"Europe/Paris\"\nlanguage: \"fr\"\n",
        ),
    )
    .await;
    let mut bodies = Vec::new();
    for accept in ["en-GB,en;q=0.9", "fr-FR,fr;q=0.9", "de"] {
        let reply = app
            .request(
                actix_web::test::TestRequest::get()
                    .uri("/Festival/schedule.xml")
                    .insert_header(("accept-language", accept)),
            )
            .await;
        reply.assert_status(200);
        assert_eq!(reply.body.matches("<language>fr</language>").count(), 3);
        assert!(
            !reply
                .header("vary")
                .unwrap_or("")
                .to_ascii_lowercase()
                .contains("accept-language")
        );
        bodies.push(reply.body);
    }
    assert!(bodies.windows(2).all(|pair| pair[0] == pair[1]));
    let flat = json_of(&app, "/Festival/schedule.json").await;
    assert!(events_of(&flat).iter().all(|e| e["language"] == "fr"));
    let classic = json_of(&app, "/Festival/schedule.json?layout=classic").await;
    assert!(events_of(&classic).iter().all(|e| e["language"] == "fr"));
}

/// 02:30 does not exist in Paris on the night clocks go forward: the slot is at 03:30 CEST,
/// and every export says so, its time and its date-time alike.
#[actix_web::test]
async fn a_slot_in_the_spring_forward_gap_exports_one_wall_clock_time() {
    let app = TestApp::signed_in().await;
    app.edit(
        "Night",
        "---\nprogramme: \"Night\"\nstart: 2026-03-29\nend: 2026-03-29\n\
         timezone: \"Europe/Paris\"\nslots:\n\
         - {day: 2026-03-29, start: \"02:30\", duration: 60, title: \"Owls\"}\n---\n",
    )
    .await;
    let xml = app.get("/Night/schedule.xml").await.body;
    assert_valid_schedule_xml(&xml);
    assert!(
        xml.contains("<date>2026-03-29T03:30:00+02:00</date>"),
        "{xml}"
    );
    assert!(xml.contains("<start>03:30</start>"), "{xml}");
    let classic = json_of(&app, "/Night/schedule.json?layout=classic").await;
    let event = &events_of(&classic)[0];
    assert_eq!(event["date"], "2026-03-29T03:30:00+02:00");
    assert_eq!(event["start"], "03:30");
    let flat = json_of(&app, "/Night/schedule.json").await;
    assert_eq!(events_of(&flat)[0]["start"], "2026-03-29T03:30:00+02:00");
    let ics = app.get("/Night/programme.ics").await.body;
    assert!(ics.contains("DTSTART:20260329T013000Z"), "{ics}");
}

/// One calendar to subscribe to for every programme: each slot of each programme the visitor
/// may read, under the UID its programme's own feed gives it (a calendar that had subscribed
/// to one programme does not count its events twice), and nothing of a private programme for
/// those who may not read it. `/-/programmes` links it.
#[actix_web::test]
async fn one_calendar_feed_holds_every_readable_programme_and_no_private_one() {
    let app = festival().await;
    app.edit("Winter", &programme_text("Winter meeting", "2026-12-14", 1))
        .await;
    app.edit("Secret", &programme_text("Secret retreat", "2026-11-02", 1))
        .await;
    app.post(
        "/Secret/permissions",
        &[("read", "tester"), ("write", "tester"), ("comment", "")],
    )
    .await
    .assert_status(303);
    let uids = |ics: &str| -> Vec<String> {
        let calendar = icalendar::Calendar::from_str(ics).expect("a calendar");
        calendar
            .events()
            .filter_map(|e| e.get_uid().map(str::to_owned))
            .collect()
    };

    let reply = app.visitor().get("/-/programmes.ics").await;
    reply.assert_status(200);
    assert!(
        reply
            .header("content-type")
            .is_some_and(|t| t.starts_with("text/calendar")),
        "{:?}",
        reply.header("content-type")
    );
    let mut expected = uids(&app.get("/Festival/programme.ics").await.body);
    expected.extend(uids(&app.get("/Winter/programme.ics").await.body));
    let mut got = uids(&reply.body);
    expected.sort();
    got.sort();
    assert_eq!(got.len(), 6, "{}", reply.body);
    assert_eq!(got, expected);
    assert!(!reply.body.contains("Secret"), "{}", reply.body);

    // Its owner gets the private programme's three slots too.
    let own = app.get("/-/programmes.ics").await;
    assert_eq!(uids(&own.body).len(), 9, "{}", own.body);
    assert!(own.body.contains("/Secret#slot-"), "{}", own.body);

    let list = app.visitor().get("/-/programmes").await.body;
    assert!(
        list.contains("rel=\"alternate\" type=\"text/calendar\" href=\"/-/programmes.ics\""),
        "{list}"
    );
}

/// A cell of the month grid: the day shown (none outside the month) and the programme links on
/// it (address, text).
type GridDay = (Option<String>, Vec<(String, String)>);

/// The cells of `/-/programmes`'s month grid, per week, per weekday.
fn month_grid(html: &str) -> Vec<Vec<GridDay>> {
    let document = scraper::Html::parse_document(html);
    let row = scraper::Selector::parse("table.month-grid tbody tr").unwrap();
    let cell = scraper::Selector::parse("td").unwrap();
    let day = scraper::Selector::parse("time").unwrap();
    let link = scraper::Selector::parse("a").unwrap();
    document
        .select(&row)
        .map(|row| {
            row.select(&cell)
                .map(|cell| {
                    let day = cell
                        .select(&day)
                        .next()
                        .and_then(|t| t.value().attr("datetime").map(str::to_owned));
                    let links = cell
                        .select(&link)
                        .map(|a| {
                            let href = a.value().attr("href").unwrap_or("").to_owned();
                            (href, a.text().collect::<String>())
                        })
                        .collect();
                    (day, links)
                })
                .collect()
        })
        .collect()
}

/// `/-/programmes` shows a month as a grid, weeks as rows and days from Monday as columns, each
/// programme named on every day it runs, with links to the months before and after; dates in
/// the visitor's language; a private programme only for those who may read it; the list of
/// programmes still below; a month that is none is refused, not an error of the server.
#[actix_web::test]
async fn the_programmes_page_shows_a_month_grid_of_readable_programmes() {
    let app = festival().await;
    app.edit("Winter", &programme_text("Winter meeting", "2026-12-14", 1))
        .await;
    app.edit("Across", &programme_text("Across months", "2026-11-30", 1))
        .await;
    app.edit("Secret", &programme_text("Secret retreat", "2026-12-02", 1))
        .await;
    app.post(
        "/Secret/permissions",
        &[("read", "tester"), ("write", "tester"), ("comment", "")],
    )
    .await
    .assert_status(303);

    let visitor = app.visitor();
    let reply = visitor.get("/-/programmes?month=2026-12").await;
    reply.assert_status(200);
    let body = &reply.body;
    let grid = month_grid(body);
    // December 2026 starts on a Tuesday and ends on a Thursday: five weeks of seven days.
    assert_eq!(grid.len(), 5, "{body}");
    assert!(grid.iter().all(|week| week.len() == 7), "{body}");
    assert_eq!(grid[0][0].0, None);
    assert_eq!(grid[0][1].0.as_deref(), Some("2026-12-01"));
    assert_eq!(grid[4][3].0.as_deref(), Some("2026-12-31"));
    assert_eq!(grid[4][4].0, None);
    let on = |date: &str| -> Vec<String> {
        grid.iter()
            .flatten()
            .find(|(day, _)| day.as_deref() == Some(date))
            .map(|(_, links)| links.iter().map(|(href, _)| href.clone()).collect())
            .unwrap_or_default()
    };
    assert_eq!(on("2026-12-14"), ["/Winter"]);
    assert_eq!(on("2026-12-15"), ["/Winter"]);
    assert_eq!(on("2026-12-01"), ["/Across"]);
    assert!(on("2026-12-02").is_empty(), "a private programme shown");
    assert!(on("2026-12-16").is_empty());
    assert!(!body.contains("Secret retreat"), "{body}");
    for text in [
        "December 2026",
        "<th scope=\"col\"><abbr title=\"Monday\">Mon</abbr></th>",
        "href=\"/-/programmes?month=2026-11\"",
        "href=\"/-/programmes?month=2027-01\"",
    ] {
        assert!(body.contains(text), "missing {text}:\n{body}");
    }
    // The list of every programme is still there, below the grid.
    assert!(
        body.find("month-grid") < body.find("Festival 2026"),
        "{body}"
    );

    // Its owner sees the private programme on its days.
    let own = month_grid(&app.get("/-/programmes?month=2026-12").await.body);
    let secret = own
        .iter()
        .flatten()
        .filter(|(_, links)| links.iter().any(|(href, _)| href == "/Secret"))
        .count();
    assert_eq!(secret, 2);

    // In French: month and day names, the week still from Monday.
    visitor.set_cookie("lang", "fr");
    let french = visitor.get("/-/programmes?month=2026-12").await.body;
    for text in [
        "décembre 2026",
        "<th scope=\"col\"><abbr title=\"lundi\">lun.</abbr></th>",
    ] {
        assert!(french.contains(text), "missing {text}:\n{french}");
    }

    for month in ["2026-13", "december", "99999-01", "2026-1-1"] {
        let reply = visitor.get(&format!("/-/programmes?month={month}")).await;
        assert_eq!(reply.status.as_u16(), 400, "{month}: {}", reply.body);
        assert!(reply.body.contains("2026-12"), "{month}: {}", reply.body);
    }
}

/// The fields of a one-slot programme for `/-/programmes/new`, its slot starting at `start`.
fn one_slot(page: &str, start: &str) -> Vec<(String, String)> {
    [
        ("page", page),
        ("title", "Times"),
        ("start", "2026-07-01"),
        ("end", "2026-07-01"),
        ("timezone", "Europe/Paris"),
        ("slot-0-day", "2026-07-01"),
        ("slot-0-start", start),
        ("slot-0-duration", "30"),
        ("slot-0-title", "Opening"),
        ("action", "save"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// Times typed as people write them (`9h30`, `9:30`, `09.30`, `9h`) are saved as `HH:MM`; a
/// time that cannot be (25h, 9h75, noon) is refused next to its field, what was typed kept, in
/// the visitor's language.
#[actix_web::test]
async fn the_editor_reads_times_as_people_write_them_and_refuses_impossible_ones() {
    let app = TestApp::signed_in().await;
    for (page, typed, saved) in [
        ("A", "9h30", "09:30"),
        ("B", "9:30", "09:30"),
        ("C", "09.30", "09:30"),
        ("D", "9h", "09:00"),
        ("E", " 14H05 ", "14:05"),
    ] {
        let fields = one_slot(page, typed);
        app.post("/-/programmes/new", &as_pairs(&fields))
            .await
            .assert_status(303);
        let raw = app.get(&format!("/{page}/raw")).await.body;
        assert!(
            raw.contains(&format!("start: \"{saved}\"")),
            "{typed}: {raw}"
        );
    }
    for (lang, message) in [
        ("en", "Write a time of day between 0:00 and 23:59"),
        ("fr", "Écrivez une heure entre 0:00 et 23:59"),
    ] {
        app.set_cookie("lang", lang);
        for typed in ["25h", "9h75", "noon", "9h3O"] {
            let fields = one_slot("Never", typed);
            let reply = app.post("/-/programmes/new", &as_pairs(&fields)).await;
            reply.assert_status(422);
            let body = &reply.body;
            assert!(body.contains("id=\"cw-err-slots-0-start\""), "{body}");
            assert!(body.contains(message), "{lang} {typed}: {body}");
            assert!(body.contains(&format!("value=\"{typed}\"")), "{body}");
        }
    }
    assert_eq!(
        app.sql("SELECT count(*) FROM pages WHERE name = 'Never'"),
        ["0"]
    );
}

/// A method name that leads to no page is not saved silently: the editor answers 422 with the
/// closest titles next to the slot's methods, what was typed kept, in the visitor's language;
/// the right name saves, and so does a name kept on purpose for a page still to write.
#[actix_web::test]
async fn a_method_that_leads_nowhere_is_shown_with_the_closest_titles() {
    let app = TestApp::signed_in().await;
    app.edit("Bocal à poissons", "Un cercle intérieur parle.")
        .await;
    app.edit("World café", "Tables of four.").await;
    app.search_settled();
    let with_methods = |page: &str, methods: &str| {
        let mut fields = one_slot(page, "10:00");
        fields.push(("slot-0-methods".into(), methods.into()));
        fields
    };

    let fields = with_methods("Typo", "World café; Bocal a poissons");
    let reply = app.post("/-/programmes/new", &as_pairs(&fields)).await;
    reply.assert_status(422);
    let body = &reply.body;
    assert!(body.contains("id=\"cw-err-slots-0-methods\""), "{body}");
    assert!(
        body.contains("No page is called “Bocal a poissons”. Closest titles: Bocal à poissons."),
        "{body}"
    );
    assert!(!body.contains("No page is called “World café”"), "{body}");
    assert!(
        body.contains("value=\"World café; Bocal a poissons\""),
        "{body}"
    );
    assert!(body.contains("name=\"missing\" value=\"keep\""), "{body}");
    assert_eq!(
        app.sql("SELECT count(*) FROM pages WHERE name = 'Typo'"),
        ["0"]
    );

    app.set_cookie("lang", "fr");
    let reply = app.post("/-/programmes/new", &as_pairs(&fields)).await;
    reply.assert_status(422);
    assert!(
        reply.body.contains(
            "Aucune page ne s’appelle « Bocal a poissons ». Titres les plus proches : Bocal à poissons."
        ),
        "{}",
        reply.body
    );

    let fields = with_methods("Right", "Bocal à poissons@1; World café");
    app.post("/-/programmes/new", &as_pairs(&fields))
        .await
        .assert_status(303);

    let mut fields = with_methods("Later", "Méthode à écrire");
    fields.push(("missing".into(), "keep".into()));
    app.post("/-/programmes/new", &as_pairs(&fields))
        .await
        .assert_status(303);
    assert!(
        app.get("/Later/raw")
            .await
            .body
            .contains("methods: [\"Méthode à écrire\"]")
    );
}

/// "Duplicate" opens the editor of a new programme filled with a copy of one the visitor may
/// read: its event, rooms, slots and description, the slots without their ids (another
/// edition's sessions are other events for calendars), the name to choose. A programme the
/// visitor may not read cannot be copied.
#[actix_web::test]
async fn a_programme_is_duplicated_as_the_start_of_a_new_one() {
    let app = festival().await;
    let page = app.get("/Festival").await.body;
    assert!(
        page.contains("href=\"/-/programmes/new?from=Festival\""),
        "{page}"
    );
    let form = app.get("/-/programmes/new?from=Festival").await;
    form.assert_status(200);
    let fields = form_fields(&form.body, "/-/programmes/new");
    let value = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(value("page").as_deref(), Some(""));
    assert_eq!(value("title").as_deref(), Some("Festival 2026"));
    assert_eq!(value("rooms").as_deref(), Some("Hall; Garden"));
    assert_eq!(value("slot-0-title").as_deref(), Some("Opening circle"));
    assert_eq!(value("body").as_deref(), Some("A *festival* of methods.\n"));
    assert!(
        fields.iter().all(|(k, _)| !k.ends_with("-id")),
        "{fields:?}"
    );

    let mut fields = fields;
    for (k, v) in &mut fields {
        if k == "page" {
            *v = "Festival 2027".into();
        }
    }
    fields.push(("action".into(), "save".into()));
    // The copy is a new programme: its method that leads nowhere is asked about once.
    let asked = app.post("/-/programmes/new", &as_pairs(&fields)).await;
    asked.assert_status(422);
    assert!(
        asked.body.contains("No page is called “Ghost method”"),
        "{}",
        asked.body
    );
    fields.push(("missing".into(), "keep".into()));
    app.post("/-/programmes/new", &as_pairs(&fields))
        .await
        .assert_status(303);
    let old = identifiers(&app, "Festival").await;
    let new = identifiers(&app, "Festival_2027").await;
    assert_eq!(new.len(), 3);
    for (title, id) in &new {
        assert!(
            old.iter().all(|(_, other)| other != id),
            "{title} kept the id of the original"
        );
    }

    app.post(
        "/Festival/permissions",
        &[("read", "tester"), ("write", "tester"), ("comment", "")],
    )
    .await
    .assert_status(303);
    let other = app.visitor();
    other.sign_up("Other").await;
    let refused = other.get("/-/programmes/new?from=Festival").await;
    refused.assert_status(404);
    assert!(!refused.body.contains("Opening circle"));
}
