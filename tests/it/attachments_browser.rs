//! Attachments in a real browser: a signed-in person uploads an image through the plain upload
//! form (the browser's own file input, no script of the test submits anything), sees it listed,
//! and the page that embeds it with `attachment:` shows the image, decoded by the browser; and
//! the editor's toolbar formats text and inserts a file, shown placed on the saved page.

use fantoccini::Locator;

use crate::browser::{browser, click, sign_up_as, start_driver, start_wiki, type_into};
use crate::harness::TestDb;

#[actix_web::test]
async fn a_person_uploads_an_image_and_sees_it_on_the_page_in_a_browser() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let client = browser(port, &base).await;

    let files = tempfile::tempdir().unwrap();
    let picture = files.path().join("room setup.png");
    image::RgbImage::from_pixel(40, 30, image::Rgb([200, 80, 20]))
        .save(&picture)
        .unwrap();

    sign_up_as(&client, &base, "Facilitator").await;

    client.goto(&format!("{base}/Room/edit")).await.unwrap();
    type_into(
        &client,
        "textarea[name=body]",
        "The room: ![chairs in a circle](<attachment:room setup.png>)",
    )
    .await;
    click(&client, "button[value=save]").await;
    client
        .wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap();

    client
        .goto(&format!("{base}/Room/attachments"))
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("#cw-attachment-file"))
        .await
        .unwrap()
        .send_keys(picture.to_str().unwrap())
        .await
        .unwrap();
    click(&client, "form.attachment-upload button[type=submit]").await;
    let listed = client
        .wait()
        .for_element(Locator::XPath("//a[contains(., 'room setup.png')]"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(listed.contains("room"), "{listed}");

    client.goto(&format!("{base}/Room")).await.unwrap();
    client
        .wait()
        .for_element(Locator::Css("article.page img"))
        .await
        .unwrap();
    let width = decoded_width(&client, "article.page img").await;
    assert_eq!(
        width,
        serde_json::json!(40),
        "the browser decoded the embedded image"
    );
}

#[actix_web::test]
async fn the_editor_toolbar_formats_and_inserts_a_file_shown_on_the_saved_page() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let client = browser(port, &base).await;
    let files = tempfile::tempdir().unwrap();
    let picture = files.path().join("plan.png");
    image::RgbImage::from_pixel(64, 48, image::Rgb([20, 80, 200]))
        .save(&picture)
        .unwrap();

    sign_up_as(&client, &base, "Facilitator").await;
    client.goto(&format!("{base}/Room/edit")).await.unwrap();
    type_into(&client, "textarea[name=body]", "Room").await;
    click(&client, "button[value=save]").await;
    client
        .wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap();

    client.goto(&format!("{base}/Room/edit")).await.unwrap();
    // Bold from the button, by its accessible name, then from the keyboard.
    client
        .execute(
            "const t = document.querySelector('#cw-body'); t.focus(); t.setSelectionRange(0, 4);",
            vec![],
        )
        .await
        .unwrap();
    click(&client, ".md-toolbar button[aria-label='Bold']").await;
    let body = |client: &fantoccini::Client| {
        let client = client.clone();
        async move {
            client
                .execute("return document.querySelector('#cw-body').value;", vec![])
                .await
                .unwrap()
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_eq!(body(&client).await, "**Room**");
    client
        .execute(
            "const t = document.querySelector('#cw-body'); t.setSelectionRange(8, 8);",
            vec![],
        )
        .await
        .unwrap();
    let area = client.find(Locator::Css("#cw-body")).await.unwrap();
    area.send_keys("\n").await.unwrap();

    // A file through the toolbar: placed right, small; the browser's own file input.
    client
        .execute(
            "document.querySelector('.md-placement').value = 'right'; \
             document.querySelector('.md-size').value = 'small'; \
             document.querySelector('.md-file').hidden = false;",
            vec![],
        )
        .await
        .unwrap();
    client
        .find(Locator::Css(".md-file"))
        .await
        .unwrap()
        .send_keys(picture.to_str().unwrap())
        .await
        .unwrap();
    let mut text = String::new();
    for _ in 0..100 {
        text = body(&client).await;
        if text.contains("attachment:") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        text.contains("![plan.png](attachment:plan.png#right,small)"),
        "{text}"
    );
    let status = client
        .find(Locator::Css(".md-status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(status.contains("plan.png"), "{status}");
    click(&client, "button[value=save]").await;
    client
        .wait()
        .for_element(Locator::Css("article.page .img-right.img-small img"))
        .await
        .unwrap();
    let bold = client
        .find(Locator::Css("article.page strong"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(bold, "Room");
    let width = decoded_width(&client, "article.page img").await;
    assert_eq!(width, serde_json::json!(64), "the inserted image shows");
}

/// The natural width of the first image matching `css` once the browser has loaded it (null if
/// it did not within five seconds): what a person sees, not only the `<img>` in the markup.
async fn decoded_width(client: &fantoccini::Client, css: &str) -> serde_json::Value {
    for _ in 0..50 {
        let width = client
            .execute(
                "const i = document.querySelector(arguments[0]); \
                 return i && i.complete ? i.naturalWidth : null;",
                vec![serde_json::json!(css)],
            )
            .await
            .unwrap();
        if !width.is_null() {
            return width;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    serde_json::Value::Null
}
