//! The catalogue in a real browser: a facilitator looks for a method for a group of 12, with
//! 45 minutes, to decide, using only the filter form (no JavaScript of the test touches the
//! page), then opens a sheet.

use fantoccini::Locator;

use crate::browser::{browser, start_driver, start_wiki_with};
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
    client
        .find(Locator::Css("input[name=purposes][value=decide]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .find(Locator::Css("form.filters button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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
