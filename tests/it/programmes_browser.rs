//! Programmes in a real browser: an organiser builds a small programme in the structured
//! editor (adding a row with the form's own button, no script of the test submits anything),
//! pins a method, the method is edited, and the programme shows the "moved on" notice whose
//! link opens the diff.

use fantoccini::{Client, Locator};

use crate::browser::{browser, click, start_driver, start_wiki, type_into};
use crate::harness::TestDb;

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
    client
        .wait()
        .for_element(Locator::Css("div.schedule-grid"))
        .await
        .unwrap();
    assert_eq!(client.current_url().await.unwrap().path(), "/Camp");
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
