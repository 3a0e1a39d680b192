//! The catalogue in a real browser: a facilitator looks for a method for a group of 12, with
//! 45 minutes, to decide, using only the filter form (no JavaScript of the test touches the
//! page), then opens a sheet.

use std::net::TcpListener;
use std::time::Duration;

use fantoccini::{ClientBuilder, Locator};

use crate::browser::start_driver;
use crate::harness::TestDb;

/// Serves a wiki that installed the starter catalogue, on a real port.
fn start_wiki_with_starter(db: &TestDb) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut settings = coopwiki::config::Settings::for_local(&base, std::env::temp_dir());
    settings.starter_catalogue = true;
    let url = db.url.clone();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(coopwiki::server::serve(
            listener,
            &url,
            settings,
            4,
            Some(1),
        ))
    });
    base
}

#[actix_web::test]
async fn a_facilitator_filters_the_catalogue_and_opens_a_sheet_in_a_browser() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let base = start_wiki_with_starter(&db);
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--lang=en", "--window-size=1100,900"]
        }),
    );
    let mut client = None;
    for _ in 0..50 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => actix_web::rt::time::sleep(Duration::from_millis(100)).await,
        }
    }
    let client = client.expect("connect to chromedriver");
    // Installing the starter catalogue takes a moment before the server listens.
    for _ in 0..100 {
        if client.goto(&format!("{base}/-/health")).await.is_ok()
            && client.source().await.unwrap_or_default().contains("ok")
        {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }

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
