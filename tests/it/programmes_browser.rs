//! Programmes in a real browser: an organiser builds a small programme in the structured
//! editor (adding a row with the form's own button, no script of the test submits anything),
//! pins a method, the method is edited, and the programme shows the "moved on" notice whose
//! link opens the diff. The slot rows are added, duplicated, moved and removed in place, and
//! slots moved on the planner's grid with the keyboard and by dragging; without JavaScript the
//! plain form does the same work.

use std::time::Duration;

use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};

use crate::browser::{
    browser, browser_without_javascript, click, sign_up_as, start_driver, start_wiki, type_into,
};
use crate::harness::TestDb;

/// Waits until a save has led the browser to `path` and its schedule is shown. The editor
/// shows a schedule grid too (the planner): waiting for the grid alone could find the editor's
/// before the save's answer arrived.
async fn saved_to(client: &Client, path: &str) {
    for _ in 0..200 {
        if client.current_url().await.unwrap().path() == path {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(client.current_url().await.unwrap().path(), path);
    client
        .wait()
        .for_element(Locator::Css("div.schedule-grid"))
        .await
        .unwrap();
}

/// Date inputs take typed digits in the browser's locale order; the test sets their value
/// as a date picker would.
async fn set_date(client: &Client, name: &str, date: &str) {
    client
        .execute(
            "document.querySelector(`input[name='${arguments[0]}']`).value = arguments[1];",
            vec![name.into(), date.into()],
        )
        .await
        .unwrap();
}

async fn save_page(client: &Client, base: &str, name: &str, text: &str) {
    client.goto(&format!("{base}/{name}/edit")).await.unwrap();
    let body = client
        .wait()
        .for_element(Locator::Css("textarea[name=body]"))
        .await
        .unwrap();
    body.clear().await.unwrap();
    body.send_keys(text).await.unwrap();
    click(client, "button[value=save]").await;
    client
        .wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap();
}

#[actix_web::test]
async fn an_organiser_pins_a_method_and_sees_when_it_moved_on_in_a_browser() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let client = browser(port, &base).await;

    client.goto(&format!("{base}/-/signup")).await.unwrap();
    type_into(&client, "input[name=name]", "Organiser").await;
    type_into(&client, "input[name=email]", "org@example.org").await;
    type_into(&client, "input[name=password]", "a long enough password").await;
    click(&client, "form[action='/-/signup'] button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css("span.signed-in"))
        .await
        .unwrap();

    save_page(&client, &base, "FishBowl", "An inner circle talks.").await;

    client
        .goto(&format!("{base}/-/programmes/new"))
        .await
        .unwrap();
    type_into(&client, "input[name=page]", "Camp").await;
    type_into(&client, "input[name=title]", "Summer camp").await;
    set_date(&client, "start", "2026-07-01").await;
    set_date(&client, "end", "2026-07-01").await;
    type_into(&client, "input[name=rooms]", "Barn").await;
    type_into(
        &client,
        "input[name=place]",
        "La ferme de la Coopérative, chemin des Écoliers, Saint-Jean-de-Maurienne",
    )
    .await;
    type_into(
        &client,
        "input[name=organisers]",
        "Association des facilitateurs; Réseau des tiers-lieux",
    )
    .await;
    type_into(&client, "input[name=licence]", "CC-BY-SA-4.0").await;
    // Three empty rows at first; the form's button brings a fourth.
    click(&client, "button[value=add]").await;
    client
        .wait()
        .for_element(Locator::Css("input[name=slot-3-title]"))
        .await
        .unwrap();
    set_date(&client, "slot-3-day", "2026-07-01").await;
    type_into(&client, "input[name=slot-3-start]", "10:00").await;
    type_into(&client, "input[name=slot-3-duration]", "60").await;
    type_into(&client, "input[name=slot-3-room]", "Barn").await;
    type_into(&client, "input[name=slot-3-title]", "Opening circle").await;
    type_into(&client, "input[name=slot-3-methods]", "FishBowl@1").await;
    click(&client, "button[value=save]").await;
    saved_to(&client, "/Camp").await;
    assert!(
        client
            .find_all(Locator::Css(".moved-on"))
            .await
            .unwrap()
            .is_empty()
    );

    save_page(
        &client,
        &base,
        "FishBowl",
        "An inner circle talks; others listen.",
    )
    .await;

    client.goto(&format!("{base}/Camp")).await.unwrap();
    let notice = client
        .wait()
        .for_element(Locator::Css(".moved-on"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        notice.contains("This programme used revision 1; the sheet is now at revision 2."),
        "{notice}"
    );
    click(&client, ".moved-on a[href='/FishBowl/diff?from=1&to=2']").await;
    client
        .wait()
        .for_element(Locator::Css("main"))
        .await
        .unwrap();
    let url = client.current_url().await.unwrap();
    assert_eq!(url.path(), "/FishBowl/diff");
    assert_eq!(url.query(), Some("from=1&to=2"));
    let page = client.source().await.unwrap();
    assert!(page.contains("others listen"), "{page}");

    // On a phone, in both languages, the programme fits the screen and says what its facts
    // are without the editor's hints.
    client.set_window_size(390, 844).await.unwrap();
    for lang in ["en", "fr"] {
        client.goto(&format!("{base}/Camp")).await.unwrap();
        client
            .find(Locator::Css("#cw-lang"))
            .await
            .unwrap()
            .select_by_value(lang)
            .await
            .unwrap();
        click(&client, "form.lang-switch button[type=submit]").await;
        client.goto(&format!("{base}/Camp")).await.unwrap();
        client
            .wait()
            .for_element(Locator::Css(&format!("html[lang={lang}] .programme-facts")))
            .await
            .unwrap();
        let overflow = client
            .execute(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            overflow,
            serde_json::json!(0),
            "the {lang} programme scrolls sideways"
        );
        let facts = client
            .find(Locator::Css(".programme-facts"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            !facts.contains("e.g.") && !facts.contains("p. ex."),
            "{facts}"
        );
    }
    client.close().await.unwrap();
}

/// What a page measures in the browser: how far the document reaches past the window's right
/// edge, how far any field of a form or the slot table does, and the narrowest field (px).
const MEASURE: &str = "
    const fields = [...document.querySelectorAll('main input:not([type=hidden]), main textarea, main select, table.slot-editor')];
    const rights = fields.map(f => f.getBoundingClientRect().right);
    const widths = [...document.querySelectorAll('table.slot-editor input:not([type=hidden])')]
        .map(f => f.getBoundingClientRect().width);
    return {
        page: document.documentElement.scrollWidth - window.innerWidth,
        fields: Math.max(0, ...rights) - window.innerWidth,
        narrowest: Math.min(1000, ...widths),
    };";

/// The programme editor, the programme's page and the programmes' calendar fit a 1,280 px
/// screen and a 390 px phone: nothing scrolls sideways, neither the page nor the slot table
/// inside it, and every slot field is wide enough to read what it holds.
#[actix_web::test]
async fn the_programme_editor_and_pages_fit_a_wide_screen_and_a_phone() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let client = browser(port, &base).await;

    client.goto(&format!("{base}/-/signup")).await.unwrap();
    type_into(&client, "input[name=name]", "Organiser").await;
    type_into(&client, "input[name=email]", "org@example.org").await;
    type_into(&client, "input[name=password]", "a long enough password").await;
    click(&client, "form[action='/-/signup'] button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css("span.signed-in"))
        .await
        .unwrap();
    save_page(
        &client,
        &base,
        "Camp",
        "---\nprogramme: \"Rencontres coopératives des tiers-lieux et des facilitateurs\"\n\
         start: 2026-07-01\nend: 2026-07-02\nplace: \"La ferme de la Coopérative, chemin des Écoliers\"\n\
         timezone: \"Europe/Paris\"\nrooms: [\"Grange\", \"Prairie\"]\nslots:\n\
         - {day: 2026-07-01, start: \"09:30\", duration: 90, room: \"Grange\", \
         title: \"Cercle d’ouverture et présentation des intentions de chacune et chacun\", \
         facilitators: [\"Anne-Sophie Delacroix-Martin\", \"Jean-Baptiste Fontaine\"], group: 40, \
         methods: [\"Bocal à poissons\", \"Forum ouvert\"]}\n\
         - {day: 2026-07-02, start: \"14:00\", duration: 60, room: \"Prairie\", title: \"Récolte\"}\n\
         ---\nDeux jours.\n",
    )
    .await;

    for (width, height) in [(1280, 900), (390, 844)] {
        client.set_window_size(width, height).await.unwrap();
        for path in [
            "/Camp/edit",
            "/-/programmes/new",
            "/Camp",
            "/-/programmes?month=2026-07",
        ] {
            client.goto(&format!("{base}{path}")).await.unwrap();
            client
                .wait()
                .for_element(Locator::Css("main"))
                .await
                .unwrap();
            let measured = client.execute(MEASURE, vec![]).await.unwrap();
            let at = |key: &str| measured[key].as_f64().unwrap();
            assert!(
                at("page") <= 0.0,
                "{path} at {width} px scrolls sideways: {measured}"
            );
            assert!(
                at("fields") <= 0.0,
                "{path} at {width} px has fields past the screen's edge: {measured}"
            );
            assert!(
                at("narrowest") >= 120.0,
                "{path} at {width} px has fields too narrow to read: {measured}"
            );
        }
    }
    client.close().await.unwrap();
}

/// A programme of two slots in the Barn, each with its lasting id, saved through the raw
/// editor (which needs no script).
const CAMP: &str = "---\nprogramme: \"Camp\"\nstart: 2026-07-01\nend: 2026-07-01\n\
    timezone: \"Europe/Paris\"\nrooms: [\"Barn\", \"Meadow\"]\nslots:\n\
    - {day: 2026-07-01, start: \"10:00\", duration: 60, room: \"Barn\", title: \"Opening\", \
    id: \"4b8f2a52-4c1e-4d57-9d0b-5a0c7f1e2d01\"}\n\
    - {day: 2026-07-01, start: \"12:00\", duration: 60, room: \"Barn\", title: \"Lunch\", \
    id: \"4b8f2a52-4c1e-4d57-9d0b-5a0c7f1e2d02\"}\n---\n";

/// The value of a field of the form, by name.
async fn value_of(client: &Client, name: &str) -> String {
    client
        .find(Locator::Css(&format!("input[name='{name}']")))
        .await
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// What the script of a page answers.
async fn run(client: &Client, script: &str) -> serde_json::Value {
    client.execute(script, vec![]).await.unwrap()
}

/// The saved text of a page.
async fn raw_text(client: &Client, base: &str, name: &str) -> String {
    client.goto(&format!("{base}/{name}/raw")).await.unwrap();
    client
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Issue #20, with JavaScript: slot rows are duplicated, moved, removed and added in place
/// (the page is never loaded again: a mark left on `window` survives), focus lands where the
/// next step is and a status says what happened; on the planner a slot moves with the arrow
/// keys and another by dragging (WebDriver's pointer actions). Saving is the form's own save,
/// and the saved text holds every change, each slot keeping its id and the copy a new one.
#[actix_web::test]
async fn slots_are_reordered_and_moved_on_the_grid_without_reloading_in_a_browser() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let client = browser(port, &base).await;
    client.set_window_size(1280, 1000).await.unwrap();
    sign_up_as(&client, &base, "Organiser").await;
    save_page(&client, &base, "Camp", CAMP).await;

    client.goto(&format!("{base}/Camp/edit")).await.unwrap();
    client
        .wait()
        .for_element(Locator::Css("td.slot-actions"))
        .await
        .unwrap();
    run(&client, "window.stillHere = true;").await;
    let status = async || {
        client
            .find(Locator::Css("#cw-slot-status"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let focused = async || {
        run(
            &client,
            "return document.activeElement.name || document.activeElement.dataset.act || '';",
        )
        .await
    };

    // Opening, Lunch and the blank row: Opening duplicated, the copy renamed and moved last.
    click(&client, "tbody tr:nth-child(1) [data-act=duplicate]").await;
    assert_eq!(focused().await, "slot-1-day");
    assert_eq!(status().await, "Slot 2 added, a copy of slot 1.");
    assert_eq!(value_of(&client, "slot-1-title").await, "Opening");
    let title = client
        .find(Locator::Css("input[name=slot-1-title]"))
        .await
        .unwrap();
    title.clear().await.unwrap();
    title.send_keys("Closing").await.unwrap();
    click(&client, "tbody tr:nth-child(2) [data-act=down]").await;
    assert_eq!(focused().await, "down");
    assert_eq!(status().await, "Slot moved to position 3.");
    assert_eq!(value_of(&client, "slot-2-title").await, "Closing");
    assert_eq!(value_of(&client, "slot-1-title").await, "Lunch");
    // The copy has no id of its own yet; the others keep theirs, renumbered.
    assert_eq!(
        value_of(&client, "slot-1-id").await,
        "4b8f2a52-4c1e-4d57-9d0b-5a0c7f1e2d02"
    );
    assert!(
        client
            .find(Locator::Css("input[name=slot-2-id]"))
            .await
            .is_err()
    );
    // The blank row goes; Remove hands the focus to the row before it.
    click(&client, "tbody tr:nth-child(4) [data-act=remove]").await;
    assert_eq!(status().await, "Slot 4 removed.");
    assert_eq!(focused().await, "remove");
    assert_eq!(value_of(&client, "rows").await, "3");
    // "Add a slot" adds a row in place, focused.
    click(&client, "button[value=add]").await;
    assert_eq!(focused().await, "slot-3-day");
    assert_eq!(status().await, "Slot 4 added, empty.");
    set_date(&client, "slot-3-day", "2026-07-01").await;
    type_into(&client, "input[name=slot-3-start]", "16h").await;
    type_into(&client, "input[name=slot-3-duration]", "30").await;
    type_into(&client, "input[name=slot-3-room]", "Meadow").await;
    type_into(&client, "input[name=slot-3-title]", "Walk").await;
    assert_eq!(value_of(&client, "rows").await, "4");

    // The planner: Opening moved half an hour later and to the Meadow with the arrow keys.
    let opening = client
        .find(Locator::Css(".planner-slot[data-row='0']"))
        .await
        .unwrap();
    opening
        .send_keys(&format!("{}{}{}", Key::Down, Key::Down, Key::Right))
        .await
        .unwrap();
    assert_eq!(value_of(&client, "slot-0-start").await, "10:30");
    assert_eq!(value_of(&client, "slot-0-room").await, "Meadow");
    assert_eq!(status().await, "Opening: 10:30, Meadow.");
    assert_eq!(
        run(&client, "return document.activeElement.dataset.row;").await,
        "0"
    );

    // Lunch dragged one hour down and one room right, as a mouse does.
    let offsets = run(
        &client,
        "document.querySelector('.planner-slot[data-row=\"1\"]').scrollIntoView({block: 'center'}); \
         const grid = document.querySelector('.planner-grid'); \
         const box = (css) => grid.querySelector(css).getBoundingClientRect(); \
         return [box('.grid-room.room-2').left - box('.grid-room.room-1').left, \
                 box('.grid-hour[data-minutes=\"780\"]').top - box('.grid-hour[data-minutes=\"720\"]').top];",
    )
    .await;
    let (dx, dy) = (offsets[0].as_f64().unwrap(), offsets[1].as_f64().unwrap());
    let lunch = client
        .find(Locator::Css(".planner-slot[data-row='1']"))
        .await
        .unwrap();
    let step = |x: f64, y: f64| PointerAction::MoveBy {
        duration: Some(Duration::from_millis(50)),
        x,
        y,
    };
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: lunch,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(step((dx / 2.0).round(), (dy / 2.0).round()))
        .then(step(dx - (dx / 2.0).round(), dy - (dy / 2.0).round()))
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    client.perform_actions(drag).await.unwrap();
    assert_eq!(value_of(&client, "slot-1-start").await, "13:00");
    assert_eq!(value_of(&client, "slot-1-room").await, "Meadow");
    assert_eq!(status().await, "Lunch: 13:00, Meadow.");
    assert_eq!(
        run(&client, "return window.stillHere === true;").await,
        true
    );

    click(&client, "button[value=save]").await;
    saved_to(&client, "/Camp").await;
    let text = raw_text(&client, &base, "Camp").await;
    let slots: Vec<&str> = text
        .lines()
        .filter(|line| line.starts_with("- {"))
        .collect();
    assert_eq!(slots.len(), 4, "{text}");
    for (line, expected) in slots.iter().zip([
        "start: \"10:30\", duration: 60, room: \"Meadow\", title: \"Opening\", id: \"4b8f2a52-4c1e-4d57-9d0b-5a0c7f1e2d01\"",
        "start: \"13:00\", duration: 60, room: \"Meadow\", title: \"Lunch\", id: \"4b8f2a52-4c1e-4d57-9d0b-5a0c7f1e2d02\"",
        "start: \"10:00\", duration: 60, room: \"Barn\", title: \"Closing\", id: \"",
        "start: \"16:00\", duration: 30, room: \"Meadow\", title: \"Walk\", id: \"",
    ]) {
        assert!(line.contains(expected), "{line} lacks {expected}");
    }
    assert!(
        !slots[2].contains("5a0c7f1e2d0"),
        "the copy has an id of its own: {text}"
    );
    client.close().await.unwrap();
}

/// Issue #20, without JavaScript: the same form works as a plain form. No row buttons or
/// planner show; "Add a slot" comes back with one more row, a slot moves by typing its start
/// and room, a row emptied removes its slot, and the save keeps it all.
#[actix_web::test]
async fn the_plain_slot_form_adds_moves_and_removes_slots_without_javascript() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let client = browser_without_javascript(port, &base).await;
    sign_up_as(&client, &base, "Organiser").await;
    save_page(&client, &base, "Camp", CAMP).await;

    client.goto(&format!("{base}/Camp/edit")).await.unwrap();
    client
        .wait()
        .for_element(Locator::Css("input[name=slot-2-title]"))
        .await
        .unwrap();
    assert!(client.find(Locator::Css("td.slot-actions")).await.is_err());
    assert!(
        !client
            .find(Locator::Css(".slot-planner"))
            .await
            .unwrap()
            .is_displayed()
            .await
            .unwrap()
    );
    click(&client, "button[value=add]").await;
    client
        .wait()
        .for_element(Locator::Css("input[name=slot-3-title]"))
        .await
        .unwrap();
    // Lunch moved to the Meadow at 13:00; Opening emptied; a walk in the last row.
    for (name, text) in [("slot-1-start", "13:00"), ("slot-1-room", "Meadow")] {
        let field = client
            .find(Locator::Css(&format!("input[name={name}]")))
            .await
            .unwrap();
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }
    for key in ["day", "start", "duration", "room", "title"] {
        client
            .find(Locator::Css(&format!("input[name=slot-0-{key}]")))
            .await
            .unwrap()
            .clear()
            .await
            .unwrap();
    }
    // A date field takes the digits of the browser's locale (en-US: month, day, year).
    type_into(&client, "input[name=slot-3-day]", "07012026").await;
    type_into(&client, "input[name=slot-3-start]", "16h").await;
    type_into(&client, "input[name=slot-3-duration]", "30").await;
    type_into(&client, "input[name=slot-3-title]", "Walk").await;
    click(&client, "button[value=save]").await;
    saved_to(&client, "/Camp").await;
    let text = raw_text(&client, &base, "Camp").await;
    let slots: Vec<&str> = text
        .lines()
        .filter(|line| line.starts_with("- {"))
        .collect();
    assert_eq!(slots.len(), 2, "{text}");
    assert!(
        slots[0].contains("start: \"13:00\", duration: 60, room: \"Meadow\", title: \"Lunch\""),
        "{text}"
    );
    assert!(
        slots[1].contains("day: 2026-07-01, start: \"16:00\", duration: 30, title: \"Walk\""),
        "{text}"
    );
    client.close().await.unwrap();
}
