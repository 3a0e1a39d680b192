//! A YesWiki site moved in with the command a newcomer runs (`coopwiki import yeswiki`, the
//! real binary), then read in a real browser: its converted pages, their images, their links,
//! and a member logging in with the password they had in YesWiki to read their group's page.

use fantoccini::{Client, Locator};

use crate::browser::{browser, click, start_driver, start_wiki, type_into};
use crate::harness::TestDb;

async fn text_of(client: &Client, css: &str) -> String {
    client
        .wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

#[actix_web::test]
async fn an_imported_yeswiki_site_reads_in_a_browser() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/yeswiki");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_coopwiki"))
        .arg("--data-dir")
        .arg(data_dir.path())
        .args(["import", "yeswiki"])
        .arg(data.join("dump-extended.sql"))
        .arg("--files")
        .arg(data.join("files.tar.gz"))
        .env("DATABASE_URL", &db.url)
        .output()
        .expect("run coopwiki import yeswiki");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("59  pages"), "{stdout}");

    let base = start_wiki(&db, data_dir.path());
    let client = browser(port, &base).await;

    client
        .goto(&format!("{base}/BocalAPoissons"))
        .await
        .unwrap();
    let heading = text_of(&client, "article.page h1, article.page h2").await;
    assert!(heading.to_lowercase().contains("bocal"), "{heading}");
    let mut width = serde_json::Value::Null;
    for _ in 0..50 {
        width = client
            .execute(
                "const i = document.querySelector('article.page img[src*=\"bocalapoissons.jpg\"]'); \
                 return i && i.complete ? i.naturalWidth : null;",
                vec![],
            )
            .await
            .unwrap();
        if !width.is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        width.as_u64().is_some_and(|w| w > 0),
        "the browser decoded the imported image: {width}"
    );
    client
        .find(Locator::Css("article.page a[href='/BoiteAOutils']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_url(&url::Url::parse(&format!("{base}/BoiteAOutils")).unwrap())
        .await
        .unwrap();

    // The animators' space is theirs: a member logs in with their YesWiki password.
    client
        .goto(&format!("{base}/EspaceAnimateurs"))
        .await
        .unwrap();
    text_of(&client, "main").await;
    assert!(
        client
            .find(Locator::Css("article.page table"))
            .await
            .is_err(),
        "a visitor reads the animators' space"
    );
    client.goto(&format!("{base}/-/login")).await.unwrap();
    type_into(&client, "input[name=login]", "YannickLeGall").await;
    type_into(&client, "input[name=password]", "BocalPoisson#56").await;
    click(&client, "form[action='/-/login'] button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css("span.signed-in"))
        .await
        .unwrap();
    client
        .goto(&format!("{base}/EspaceAnimateurs"))
        .await
        .unwrap();
    let table = text_of(&client, "article.page table").await;
    assert!(!table.is_empty());
}
