//! Discussions in a real browser: commenting, replying, editing and removing, with
//! JavaScript (no reload) and without it (plain forms).

use fantoccini::{Client, Locator};

use crate::browser::{
    browser, browser_without_javascript, click, click_save, sign_up_as, start_driver, start_wiki,
    type_into,
};
use crate::harness::TestDb;

/// Creates the page `Harvest` through the editor.
async fn create_page(client: &Client, base: &str) {
    client.goto(&format!("{base}/Harvest/edit")).await.unwrap();
    type_into(
        client,
        "textarea[name=body]",
        "# Harvest\n\nWhat the world café said.",
    )
    .await;
    click_save(client).await;
    client
        .wait()
        .for_element(Locator::Css("div.notice.saved"))
        .await
        .unwrap();
}

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

/// Waits until the page's text contains `wanted`.
async fn wait_for_text(client: &Client, wanted: &str) {
    for _ in 0..100 {
        if client.source().await.unwrap().contains(wanted) {
            return;
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!(
        "{wanted:?} never showed:\n{}",
        client.source().await.unwrap()
    );
}

#[actix_web::test]
async fn comments_and_replies_appear_without_reloading_the_page() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let client = browser(port, &base).await;
    sign_up_as(&client, &base, "Ada").await;
    create_page(&client, &base).await;
    client.goto(&format!("{base}/Harvest")).await.unwrap();
    // A value that survives only if the page is not loaded again.
    client
        .execute("window.stillHere = true; return null;", vec![])
        .await
        .unwrap();
    type_into(&client, "#comment-body", "Twelve tables, three rounds.").await;
    click(&client, "#comment-form button[type=submit]").await;
    wait_for_text(&client, "Twelve tables, three rounds.").await;
    let focused = client
        .execute("return document.activeElement.className;", vec![])
        .await
        .unwrap();
    assert!(
        focused.as_str().unwrap().contains("comment"),
        "the new comment has the focus: {focused}"
    );
    // A reply, from the folded reply form of that comment.
    click(&client, "details.reply summary").await;
    type_into(&client, "details.reply textarea", "Which questions?").await;
    click(&client, "details.reply button[type=submit]").await;
    wait_for_text(&client, "Which questions?").await;
    assert!(
        text_of(&client, "ol.replies")
            .await
            .contains("Which questions?")
    );
    // A blank comment (spaces pass the browser's own check) is refused in place, the reason
    // read out and the focus back in the text.
    type_into(&client, "#comment-body", "   ").await;
    click(&client, "#comment-form button[type=submit]").await;
    let alert = text_of(&client, "#comment-form [role=alert]").await;
    assert!(alert.contains("The comment is empty"), "{alert}");
    let focused = client
        .execute("return document.activeElement.id;", vec![])
        .await
        .unwrap();
    assert_eq!(focused, "comment-body");
    let still = client
        .execute("return window.stillHere === true;", vec![])
        .await
        .unwrap();
    assert_eq!(
        still,
        serde_json::Value::Bool(true),
        "the page was reloaded"
    );
    assert!(text_of(&client, "#discussion-title").await.contains("(2)"));
    // The new comments' times were put in this browser's zone too (what the test without
    // JavaScript checks did not happen there).
    let title = client
        .execute(
            "return document.querySelector('article.comment time').title;",
            vec![],
        )
        .await
        .unwrap();
    assert_ne!(title, "");
    client.close().await.unwrap();
}

#[actix_web::test]
async fn a_discussion_works_with_plain_forms_without_javascript() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let client = browser_without_javascript(port, &base).await;
    sign_up_as(&client, &base, "Ada").await;
    create_page(&client, &base).await;
    client.goto(&format!("{base}/Harvest")).await.unwrap();
    let scripted = client
        .execute("return document.querySelector('time').title;", vec![])
        .await
        .unwrap();
    assert_eq!(scripted, "", "app.js ran: times were rewritten");
    type_into(&client, "#comment-body", "A first remark").await;
    click(&client, "#comment-form button[type=submit]").await;
    wait_for_text(&client, "A first remark").await;
    // Reply.
    click(&client, "details.reply summary").await;
    type_into(&client, "details.reply textarea", "An answer").await;
    click(&client, "details.reply button[type=submit]").await;
    wait_for_text(&client, "An answer").await;
    // Edit the first comment.
    click(&client, ".comment-actions a").await;
    let body = client
        .wait()
        .for_element(Locator::Css("textarea[name=body]"))
        .await
        .unwrap();
    body.clear().await.unwrap();
    body.send_keys("A first remark, corrected").await.unwrap();
    click(&client, "form.comment-form button[type=submit]").await;
    wait_for_text(&client, "A first remark, corrected").await;
    assert!(text_of(&client, "a.edited").await.contains("edited"));
    // Remove the reply: its place says so.
    click(&client, "ol.replies .comment-actions form button").await;
    wait_for_text(&client, "Comment removed by Ada").await;
    assert!(!client.source().await.unwrap().contains("An answer"));
    client.close().await.unwrap();
}

#[actix_web::test]
async fn a_watcher_sees_what_changed_since_the_last_visit_and_opens_the_diff() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let ada = browser(port, &base).await;
    sign_up_as(&ada, &base, "Ada").await;
    create_page(&ada, &base).await;
    let bob = browser(port, &base).await;
    sign_up_as(&bob, &base, "Bob").await;
    bob.goto(&format!("{base}/Harvest")).await.unwrap();
    click(&bob, "form.watch button").await;
    assert!(
        text_of(&bob, "form.watch")
            .await
            .contains("You watch this page.")
    );
    // Ada changes the page and comments.
    ada.goto(&format!("{base}/Harvest/edit")).await.unwrap();
    let body = ada
        .wait()
        .for_element(Locator::Css("textarea[name=body]"))
        .await
        .unwrap();
    body.send_keys("\n\nA second round next year.")
        .await
        .unwrap();
    click_save(&ada).await;
    ada.wait()
        .for_element(Locator::Css("div.notice.saved"))
        .await
        .unwrap();
    type_into(&ada, "#comment-body", "Who takes the notes?").await;
    click(&ada, "#comment-form button[type=submit]").await;
    wait_for_text(&ada, "Who takes the notes?").await;
    // Bob's watchlist says so; the page too, once; its link opens the diff.
    bob.goto(&format!("{base}/-/watchlist")).await.unwrap();
    let line = text_of(&bob, "ul.watchlist li.changed").await;
    assert!(
        line.contains("one new revision") && line.contains("one new comment"),
        "{line}"
    );
    bob.goto(&format!("{base}/Harvest")).await.unwrap();
    let notice = text_of(&bob, ".changed-since").await;
    assert!(notice.contains("Changed since your last visit"), "{notice}");
    click(&bob, ".changed-since a").await;
    wait_for_text(&bob, "A second round next year.").await;
    assert!(
        bob.current_url()
            .await
            .unwrap()
            .as_str()
            .contains("/Harvest/diff?from=1&to=2")
    );
    bob.goto(&format!("{base}/Harvest")).await.unwrap();
    text_of(&bob, "form.watch").await;
    assert!(
        !bob.source()
            .await
            .unwrap()
            .contains("Changed since your last visit")
    );
    ada.close().await.unwrap();
    bob.close().await.unwrap();
}

#[actix_web::test]
async fn a_guests_comment_waits_until_the_pages_owner_approves_it() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let ada = browser_without_javascript(port, &base).await;
    sign_up_as(&ada, &base, "Ada").await;
    create_page(&ada, &base).await;
    // Ada lets everyone comment on her page.
    ada.goto(&format!("{base}/Harvest/permissions"))
        .await
        .unwrap();
    type_into(&ada, "textarea[name=comment]", "*").await;
    click(
        &ada,
        "form[action='/Harvest/permissions'] button[type=submit]",
    )
    .await;
    wait_for_text(&ada, "comment").await;
    // A guest comments: it waits, and says so.
    let guest = browser(port, &base).await;
    guest.goto(&format!("{base}/Harvest")).await.unwrap();
    type_into(&guest, "#comment-body", "Lovely harvest, from a passer-by").await;
    click(&guest, "#comment-form button[type=submit]").await;
    wait_for_text(&guest, "waits for a moderator").await;
    guest.goto(&format!("{base}/Harvest")).await.unwrap();
    text_of(&guest, "#discussion-title").await;
    assert!(!guest.source().await.unwrap().contains("from a passer-by"));
    // Ada finds it in her queue and approves it.
    ada.goto(&format!("{base}/Harvest")).await.unwrap();
    assert!(
        text_of(&ada, "#discussion")
            .await
            .contains("One comment waits for your approval.")
    );
    click(&ada, "#discussion p.notice a").await;
    wait_for_text(&ada, "from a passer-by").await;
    click(&ada, "ol.moderation form[action$='/approve'] button").await;
    wait_for_text(&ada, "No comment waits for your approval.").await;
    guest.goto(&format!("{base}/Harvest")).await.unwrap();
    wait_for_text(&guest, "from a passer-by").await;
    ada.close().await.unwrap();
    guest.close().await.unwrap();
}
