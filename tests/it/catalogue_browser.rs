//! The catalogue in a real browser: a facilitator looks for a method for a group of 12, with
//! 45 minutes, to decide, using only the filter form (no JavaScript of the test touches the
//! page), then opens a sheet.

use fantoccini::Locator;

use crate::browser::{
    browser, browser_without_javascript, click, click_save, sign_up_as, start_driver,
    start_wiki_with, type_into,
};
use crate::harness::TestDb;

#[actix_web::test]
async fn a_facilitator_filters_the_catalogue_and_opens_a_sheet_in_a_browser() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki_with(&db, data_dir.path(), |settings| {
        settings.starter_catalogue = true;
    });
    let client = browser(port, &base).await;

    client.goto(&format!("{base}/")).await.unwrap();
    client
        .find(Locator::LinkText("Methods"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let group = client
        .wait()
        .for_element(Locator::Css("input[name=group_size]"))
        .await
        .unwrap();
    group.send_keys("12").await.unwrap();
    client
        .find(Locator::Css("input[name=duration]"))
        .await
        .unwrap()
        .send_keys("45")
        .await
        .unwrap();
    // With the script, the typed figures already changed the counts: the boxes may have been
    // replaced meanwhile (`click` finds them again).
    click(&client, "input[name=purposes][value=decide]").await;
    click(&client, "form.filters button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css("ul.active-filters"))
        .await
        .unwrap();
    let url = client.current_url().await.unwrap();
    let query = url.query().unwrap_or("");
    for part in ["group_size=12", "duration=45", "purposes=decide"] {
        assert!(query.contains(part), "{query}");
    }
    let count = client
        .find(Locator::Id("cw-results-title"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(count, "3 methods");
    let titles: Vec<String> = {
        let mut titles = Vec::new();
        for card in client.find_all(Locator::Css("li.card h3 a")).await.unwrap() {
            titles.push(card.text().await.unwrap());
        }
        titles
    };
    assert_eq!(
        titles,
        [
            "Consent Decision-Making",
            "Six Thinking Hats",
            "Sociocratic Election"
        ]
    );

    client
        .find(Locator::LinkText("Sociocratic Election"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let glance = client
        .wait()
        .for_element(Locator::Css("aside.sheet-summary"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(glance.contains("Decide"), "{glance}");
    assert!(glance.contains("people"), "{glance}");
    let steps = client
        .find_all(Locator::Css("ol.steps > li"))
        .await
        .unwrap();
    assert!(steps.len() >= 3, "{} steps", steps.len());
    client
        .find(Locator::Css("a[hreflang=fr]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let french = client
        .wait()
        .for_element(Locator::Css("div.sheet[lang=fr]"))
        .await;
    assert!(french.is_ok(), "the French sheet opens");

    client.close().await.unwrap();
    drop(db);
}

const ALPHA: &str = "---\nform: Method\nlang: en\ntranslation: alpha\nhook: \"Hook of alpha\"\n\
    summary: \"Summary of alpha\"\npurposes: [decide]\ngroup_size: {min: 5, max: 30}\n\
    duration: {min: 30, max: 60}\ndifficulty: easy\nmodality: [in_person]\nphase: [convergent]\n\
    steps:\n- {title: \"Everything\", duration: 30, text: \"Do it.\"}\nstatus: complete\n---\n\
    Body of alpha.\n";

async fn set_hook(client: &fantoccini::Client, hook: &str) {
    let field = client
        .wait()
        .for_element(Locator::Css("[name='f.hook']"))
        .await
        .unwrap();
    field.clear().await.unwrap();
    field.send_keys(hook).await.unwrap();
}

/// Two people change the hook of one sheet in its typed editor: the second is answered with the
/// typed editor again (not the raw text), their own hook in its field, the other's beside it,
/// and saving again keeps theirs.
#[actix_web::test]
async fn a_conflict_on_one_field_stays_in_the_typed_editor_in_a_browser() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki_with(&db, data_dir.path(), |settings| {
        settings.anonymous_editing = true;
        settings.default_write_acl = vec!["*".into()];
    });
    let alice = browser(port, &base).await;
    let bob = browser(port, &base).await;
    let edit = format!("{base}/Alpha/edit");

    alice.goto(&edit).await.unwrap();
    let body = alice
        .wait()
        .for_element(Locator::Css("textarea[name=body]"))
        .await
        .unwrap();
    body.send_keys(ALPHA).await.unwrap();
    click_save(&alice).await;
    alice
        .wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap();

    alice.goto(&edit).await.unwrap();
    bob.goto(&edit).await.unwrap();
    set_hook(&alice, "Hook by Alice").await;
    click_save(&alice).await;
    alice
        .wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap();

    set_hook(&bob, "Hook by Bob").await;
    click_save(&bob).await;
    let notice = bob
        .wait()
        .for_element(Locator::Css("section.notice.conflict"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(notice.contains("Hook by Alice"), "{notice}");
    bob.find(Locator::Css("form[action='/Alpha/sheet']"))
        .await
        .expect("the typed editor, not the raw one");
    let hook = bob
        .find(Locator::Css("[name='f.hook']"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(hook.as_deref(), Some("Hook by Bob"));

    click_save(&bob).await;
    let page = bob
        .wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Hook by Bob"), "{page}");
}

/// Issue #21: with JavaScript, a ticked filter applies at once, without reloading the page
/// (the address follows, so the result can be shared); on a phone the results come first and
/// the filters fold away below them.
#[actix_web::test]
async fn filters_apply_as_they_are_ticked_and_fold_away_on_a_phone() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki_with(&db, data_dir.path(), |settings| {
        settings.starter_catalogue = true;
    });
    let client = browser(port, &base).await;
    client.goto(&format!("{base}/-/methods")).await.unwrap();
    let count = |client: fantoccini::Client| async move {
        client
            .find(Locator::Css(".results h2"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let before = count(client.clone()).await;
    // A mark on this very page: a reload would drop it.
    client
        .execute("window.coopwikiTestMark = 1;", vec![])
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("input[name=purposes][value=decide]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let started = std::time::Instant::now();
    while !client
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains("purposes=decide")
    {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "never applied"
        );
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let after = count(client.clone()).await;
    assert_ne!(before, after, "the count follows the filter");
    let mark = client
        .execute("return window.coopwikiTestMark === 1;", vec![])
        .await
        .unwrap();
    assert_eq!(
        mark,
        serde_json::Value::Bool(true),
        "applied without a reload"
    );

    client.set_window_size(390, 844).await.unwrap();
    client.goto(&format!("{base}/-/methods")).await.unwrap();
    let places = client
        .execute(
            "return [document.querySelector('.catalogue .results').getBoundingClientRect().top, \
             document.querySelector('form.filters').getBoundingClientRect().top, \
             document.querySelector('details.filters-fold').open];",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        places[0].as_f64().unwrap() < places[1].as_f64().unwrap(),
        "results first: {places}"
    );
    assert_eq!(places[2], serde_json::Value::Bool(false), "filters folded");
    client.close().await.unwrap();
}

/// Issue #21: the typed editor adds step rows in place with JavaScript (one blank row, then a
/// button), and offers five blank rows without it; both save every row filled.
#[actix_web::test]
async fn step_rows_are_added_in_place_and_five_wait_without_javascript() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki_with(&db, data_dir.path(), |settings| {
        settings.anonymous_editing = true;
        settings.default_write_acl = vec!["*".into()];
    });
    let steps = "ol.rows:has([name^='f.steps.'])";
    for scripted in [true, false] {
        let client = if scripted {
            browser(port, &base).await
        } else {
            browser_without_javascript(port, &base).await
        };
        client.goto(&format!("{base}/-/methods/new")).await.unwrap();
        let rows = client
            .find_all(Locator::Css(&format!("{steps} > li")))
            .await
            .unwrap();
        assert_eq!(
            rows.len(),
            if scripted { 1 } else { 5 },
            "scripted: {scripted}"
        );
        let name = if scripted {
            "Rows with script"
        } else {
            "Rows without script"
        };
        client
            .find(Locator::Css("[name=page]"))
            .await
            .unwrap()
            .send_keys(name)
            .await
            .unwrap();
        client
            .find(Locator::Css("[name='f.purposes'][value=decide]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        for (field, value) in [
            ("f.hook", "A hook"),
            ("f.summary", "A summary"),
            ("f.group_size.min", "5"),
            ("f.group_size.max", "30"),
            ("f.duration.min", "30"),
            ("f.duration.max", "60"),
        ] {
            client
                .find(Locator::Css(&format!("[name='{field}']")))
                .await
                .unwrap()
                .send_keys(value)
                .await
                .unwrap();
        }
        for n in 0..3 {
            if scripted && n > 0 {
                client
                    .find(Locator::Css(&format!("{steps} + button.add-row")))
                    .await
                    .unwrap()
                    .click()
                    .await
                    .unwrap();
                // The new row has the focus, its legend its number.
                let focused = client
                    .execute("return document.activeElement.name;", vec![])
                    .await
                    .unwrap();
                assert_eq!(
                    focused.as_str(),
                    Some(format!("f.steps.{n}.title").as_str())
                );
                let legend = client
                    .find(Locator::Css(&format!("{steps} > li:last-child legend")))
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                assert_eq!(legend, format!("Row {}", n + 1));
            }
            for (sub, value) in [
                ("title", format!("Step {n}")),
                ("duration", "10".to_owned()),
            ] {
                client
                    .find(Locator::Css(&format!("[name='f.steps.{n}.{sub}']")))
                    .await
                    .unwrap()
                    .send_keys(&value)
                    .await
                    .unwrap();
            }
        }
        click_save(&client).await;
        let Ok(saved) = client
            .wait()
            .for_element(Locator::Css("article.page"))
            .await
        else {
            panic!("not saved: {}", client.source().await.unwrap());
        };
        let page = saved.text().await.unwrap();
        for n in 0..3 {
            assert!(
                page.contains(&format!("Step {n}")),
                "scripted {scripted}: {page}"
            );
        }
        client.close().await.unwrap();
    }
}

/// Issue #21, in a browser: the typed editor tells a second editor who is already there; the
/// change they save reads field by field with the form's labels; restoring the first revision
/// shows what comes back and asks before doing it.
#[actix_web::test]
async fn a_sheet_edited_by_two_reads_field_by_field_and_is_restored_after_confirming() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki_with(&db, data_dir.path(), |_| {});
    let ada = browser(port, &base).await;
    let bea = browser(port, &base).await;
    sign_up_as(&ada, &base, "Ada").await;
    sign_up_as(&bea, &base, "Bea").await;
    let edit = format!("{base}/Alpha/edit");
    ada.goto(&edit).await.unwrap();
    type_into(&ada, "textarea[name=body]", ALPHA).await;
    click_save(&ada).await;
    ada.wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap();

    ada.goto(&edit).await.unwrap();
    ada.wait()
        .for_element(Locator::Css("form.editor.typed"))
        .await
        .unwrap();
    bea.goto(&edit).await.unwrap();
    let presence = bea
        .wait()
        .for_element(Locator::Css("#cw-presence"))
        .await
        .unwrap();
    assert!(presence.is_displayed().await.unwrap());
    let said = presence.text().await.unwrap();
    assert!(said.contains("Also editing now: Ada"), "{said}");

    set_hook(&bea, "Hook by Bea").await;
    click_save(&bea).await;
    bea.wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap();
    bea.goto(&format!("{base}/Alpha/diff")).await.unwrap();
    let changes = bea
        .wait()
        .for_element(Locator::Css(".sheet-changes"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for shown in [
        "Changes, field by field",
        "Hook",
        "Hook of alpha",
        "Hook by Bea",
    ] {
        assert!(changes.contains(shown), "{shown}: {changes}");
    }
    assert!(
        !changes.contains("hook:"),
        "labels, not YAML keys: {changes}"
    );

    bea.goto(&format!("{base}/Alpha/history")).await.unwrap();
    click(&bea, "a[href='/Alpha/restore?rev=1']").await;
    let asked = bea
        .wait()
        .for_element(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(asked.contains("Restore revision 1 of Alpha?"), "{asked}");
    assert!(
        asked.contains("Hook of alpha"),
        "what comes back is shown: {asked}"
    );
    type_into(&bea, "#cw-restore-reason", "back to the first hook").await;
    click(&bea, "form.restore-confirm button[type=submit]").await;
    let page = bea
        .wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Hook of alpha"), "{page}");
    assert!(!page.contains("Hook by Bea"), "{page}");
    bea.goto(&format!("{base}/Alpha/history")).await.unwrap();
    let history = bea
        .wait()
        .for_element(Locator::Css("main"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        history.matches("restored revision 1").count(),
        1,
        "{history}"
    );
    ada.close().await.unwrap();
    bea.close().await.unwrap();
}
