//! The in-process cache of sessions (`src/cache.rs`, `src/accounts/sessions.rs`): a signed-in
//! visitor's request reads no session from the database while nothing changed, and ending a
//! session or changing an account takes effect at once on the instance that did it and as soon
//! as the notification arrives on the others.

use std::time::{Duration, Instant};

use coopwiki::identity::Role;

use crate::harness::{PASSWORD, TestApp};

const SIGNED_IN_AS_TESTER: &str = "href=\"/-/account\">tester<";

async fn listening(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !app.state.caches.sessions.is_listening() {
        assert!(
            Instant::now() < deadline,
            "the session cache never listened"
        );
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A visitor of `instance` holding `session` as their session cookie.
fn holding(instance: &TestApp, session: &str) -> TestApp {
    let visitor = instance.visitor();
    visitor.set_cookie("session", session);
    visitor
}

/// Removes every session behind the wiki's back, without notifying anyone: only a request
/// that reads the session from the database notices.
fn delete_sessions_silently(app: &TestApp) {
    app.execute(
        "DO $$ BEGIN
             PERFORM set_config('session_replication_role', 'replica', true);
             DELETE FROM sessions;
         END $$",
    );
}

#[actix_web::test]
async fn a_known_session_is_not_read_again_until_it_ends_on_another_instance() {
    let a = TestApp::signed_in().await;
    let session = a.cookie("session").expect("a session cookie");
    let b = a.instance();
    listening(&b).await;
    let on_b = holding(&b, &session);
    assert!(
        on_b.get("/HomePage")
            .await
            .body
            .contains(SIGNED_IN_AS_TESTER)
    );
    assert_eq!(b.state.caches.sessions.len(), 1, "the session was kept");

    // Saves change pages, not sessions: once B has seen a save's notification (its view shows
    // the new text), the session is still kept.
    a.edit("Written meanwhile", "A save through A.").await;
    let deadline = Instant::now() + Duration::from_secs(5);
    while !on_b
        .get("/Written_meanwhile")
        .await
        .body
        .contains("A save through A.")
    {
        assert!(Instant::now() < deadline, "the save never reached B");
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        b.state.caches.sessions.len(),
        1,
        "a save emptied the session cache"
    );

    delete_sessions_silently(&a);
    let again = on_b.get("/-/recent").await;
    assert!(
        again.body.contains(SIGNED_IN_AS_TESTER),
        "the second request read the session from the database"
    );

    // A real end of a session, through the other instance, reaches this one by notification.
    a.login_as("tester", PASSWORD).await;
    let session = a.cookie("session").expect("a new session cookie");
    let on_b = holding(&b, &session);
    assert!(
        on_b.get("/-/recent")
            .await
            .body
            .contains(SIGNED_IN_AS_TESTER)
    );
    a.post("/-/logout", &[]).await.assert_status(303);
    let deadline = Instant::now() + Duration::from_secs(5);
    while on_b
        .get("/-/recent")
        .await
        .body
        .contains(SIGNED_IN_AS_TESTER)
    {
        assert!(
            Instant::now() < deadline,
            "the session ended on one instance still works on another"
        );
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
}

#[actix_web::test]
async fn a_stolen_cookie_stops_working_at_once_on_the_instance_that_logged_out() {
    let app = TestApp::signed_in().await;
    listening(&app).await;
    let session = app.cookie("session").expect("a session cookie");
    let thief = holding(&app, &session);
    assert!(
        thief
            .get("/-/recent")
            .await
            .body
            .contains(SIGNED_IN_AS_TESTER)
    );
    assert_eq!(app.state.caches.sessions.len(), 1);

    app.post("/-/logout", &[]).await.assert_status(303);
    let after = thief.get("/-/recent").await;
    assert!(
        !after.body.contains(SIGNED_IN_AS_TESTER),
        "the cookie still signs in right after the logout"
    );
}

#[actix_web::test]
async fn a_change_of_groups_or_password_takes_effect_at_once_on_the_same_instance() {
    let admin = TestApp::new().await;
    admin.add_user("root", Role::Admin).await;
    admin.login_as("root", PASSWORD).await;
    admin.edit("Team notes", "For the team only.").await;
    admin.execute("UPDATE pages SET read_acl = ARRAY['@team'] WHERE name = 'Team notes'");
    admin
        .post("/-/admin/groups", &[("name", "team")])
        .await
        .assert_status(303);
    let member = admin.visitor();
    member.sign_up("tester").await;
    listening(&admin).await;
    member.get("/Team_notes").await.assert_status(404);
    member.get("/Team_notes").await.assert_status(404);

    admin
        .post("/-/admin/groups/team/members", &[("user", "tester")])
        .await
        .assert_status(303);
    let now_in = member.get("/Team_notes").await;
    now_in.assert_status(200);
    assert!(now_in.body.contains("For the team only."));

    admin
        .post("/-/admin/groups/team/members/remove", &[("user", "tester")])
        .await
        .assert_status(303);
    member.get("/Team_notes").await.assert_status(404);

    // A password change ends every other session of the account, here at once.
    let other_device = holding(&admin, &member.cookie("session").expect("a session"));
    assert!(
        other_device
            .get("/-/recent")
            .await
            .body
            .contains(SIGNED_IN_AS_TESTER)
    );
    let new_password = "another horse battery staple";
    member
        .post(
            "/-/account/password",
            &[("current", PASSWORD), ("new", new_password)],
        )
        .await
        .assert_status(303);
    assert!(
        !other_device
            .get("/-/recent")
            .await
            .body
            .contains(SIGNED_IN_AS_TESTER)
    );
    assert!(
        member
            .get("/-/recent")
            .await
            .body
            .contains(SIGNED_IN_AS_TESTER)
    );
}
