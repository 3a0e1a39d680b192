//! Live editing in real browsers (headless Chromium): people typing at the same place converge
//! on one text that becomes one revision crediting them all, and a browser that goes offline
//! keeps typing and merges its text when it is back.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

use crate::browser::{browser, sign_up_as, start_driver, start_wiki_with};
use crate::harness::TestApp;

/// Opens the live page and waits until its document is synced and writable.
async fn open_live(client: &Client, base: &str) {
    client.goto(&format!("{base}/Harvest/live")).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let ready = client
            .execute(
                "const t = document.getElementById('cw-live-text');
                 return !!window.coopwikiLive && window.coopwikiLive.provider.synced && !t.readOnly;",
                vec![],
            )
            .await
            .unwrap();
        if ready == serde_json::Value::Bool(true) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the live editor never became ready"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Puts the caret at `index` of the text area.
async fn caret_at(client: &Client, index: u32) {
    client
        .execute(
            "const t = document.getElementById('cw-live-text'); t.focus(); t.setSelectionRange(arguments[0], arguments[0]);",
            vec![serde_json::json!(index)],
        )
        .await
        .unwrap();
}

async fn type_text(client: &Client, text: &str) {
    client
        .find(Locator::Id("cw-live-text"))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

async fn value(client: &Client) -> String {
    client
        .execute(
            "return document.getElementById('cw-live-text').value;",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

/// Waits until every browser shows the same text containing all of `parts`; that text.
async fn converged(clients: &[&Client], parts: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let mut values = Vec::new();
        for client in clients {
            values.push(value(client).await);
        }
        let same = values.iter().all(|v| v == &values[0]);
        if same && parts.iter().all(|p| values[0].contains(p)) {
            return values.remove(0);
        }
        assert!(Instant::now() < deadline, "never converged: {values:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn wiki(quiet: Duration) -> (TestApp, String) {
    let app = TestApp::signed_in().await;
    app.edit("Harvest", "Harvest\n").await.assert_status(303);
    let base = start_wiki_with(&app.db, app.data_dir.as_ref().unwrap().path(), |s| {
        s.live_quiet = quiet;
    });
    (app, base)
}

#[actix_web::test]
async fn three_people_typing_at_the_same_place_converge_into_one_revision_crediting_them_all() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let (app, base) = wiki(Duration::from_secs(3)).await;
    let names = ["Alba", "Bruno", "Chiara"];
    let mut clients = Vec::new();
    for name in names {
        let client = browser(port, &base).await;
        sign_up_as(&client, &base, name).await;
        open_live(&client, &base).await;
        clients.push(client);
    }
    for client in &clients {
        caret_at(client, 7).await;
    }
    // All three at once, at the end of the first word.
    let typed: Vec<String> = names.iter().map(|name| format!(" {name}")).collect();
    futures_util::future::join_all(
        clients
            .iter()
            .zip(&typed)
            .map(|(client, text)| type_text(client, text)),
    )
    .await;
    let all: Vec<&Client> = clients.iter().collect();
    let text = converged(&all, &[" Alba", " Bruno", " Chiara"]).await;
    assert!(
        text.starts_with("Harvest ") && text.ends_with('\n'),
        "{text:?}"
    );

    // Quiet for three seconds: one revision, crediting the three of them.
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.sql("SELECT latest_rev FROM pages WHERE name = 'Harvest'")[0] == "1" {
        assert!(
            Instant::now() < deadline,
            "the live document was never saved"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(
        app.sql("SELECT latest_rev FROM pages WHERE name = 'Harvest'")[0],
        "2",
        "one revision"
    );
    assert_eq!(
        app.sql("SELECT body FROM revisions WHERE number = 2")[0],
        text
    );
    clients[0]
        .goto(&format!("{base}/Harvest/history"))
        .await
        .unwrap();
    let history = clients[0].source().await.unwrap();
    for name in names {
        assert!(history.contains(name), "{name} is credited in the history");
    }
    // And in the contributions of each, though only one is the revision's author.
    for name in names {
        let contributions = app.get(&format!("/-/users/{name}")).await;
        assert!(
            contributions.body.contains("/Harvest/diff?from=1&amp;to=2"),
            "{name}'s contributions list the revision"
        );
    }
    for client in clients {
        client.close().await.unwrap();
    }
}

#[actix_web::test]
async fn a_browser_taken_offline_keeps_typing_and_merges_when_back() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let (_app, base) = wiki(Duration::from_secs(3600)).await;
    let online = browser(port, &base).await;
    sign_up_as(&online, &base, "Alba").await;
    open_live(&online, &base).await;
    let offline = browser(port, &base).await;
    sign_up_as(&offline, &base, "Bruno").await;
    open_live(&offline, &base).await;

    offline
        .execute("window.coopwikiLive.provider.disconnect();", vec![])
        .await
        .unwrap();
    caret_at(&offline, 7).await;
    type_text(&offline, " typed offline").await;
    caret_at(&online, 0).await;
    type_text(&online, "# ").await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(
        !value(&online).await.contains("offline"),
        "nothing left while offline"
    );
    assert_eq!(value(&offline).await, "Harvest typed offline\n");

    offline
        .execute("window.coopwikiLive.provider.connect();", vec![])
        .await
        .unwrap();
    let text = converged(&[&online, &offline], &["# ", " typed offline"]).await;
    assert_eq!(text, "# Harvest typed offline\n");
    online.close().await.unwrap();
    offline.close().await.unwrap();
}
