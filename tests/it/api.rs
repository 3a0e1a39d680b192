//! The JSON API: pages, revisions and methods with the visitor's rights, pagination, JSON
//! errors, and the OpenAPI document checked against what the server answers (every response
//! deserialised into the server's own types, and validated against the served schemas).

use actix_web::test::TestRequest;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use coopwiki::api::methods::{MethodDetail, MethodList, MethodStep, Range};
use coopwiki::api::pages::{PageDetail, PageList, RevisionDetail, RevisionList};
use coopwiki::error::ErrorBody;

use crate::harness::{Reply, TestApp};

const BASE: &str = "http://localhost";

/// The answer to `path`, as the API's own type (unknown fields refused).
async fn typed<T: DeserializeOwned>(app: &TestApp, path: &str) -> T {
    let reply = app.get(path).await;
    reply.assert_status(200);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    serde_json::from_str(&reply.body).unwrap_or_else(|e| panic!("{path}: {e}\n{}", reply.body))
}

/// Checks an error answer: its status and code, as JSON whatever the client accepts.
async fn json_error(app: &TestApp, path: &str, status: u16, code: &str) {
    let reply = app
        .request(
            TestRequest::get()
                .uri(path)
                .insert_header(("accept", "text/html")),
        )
        .await;
    reply.assert_status(status);
    let body: ErrorBody = serde_json::from_str(&reply.body)
        .unwrap_or_else(|e| panic!("{path}: not a JSON error ({e}): {}", reply.body));
    assert_eq!(body.error.code, code, "{path}");
    assert!(!body.error.message.is_empty());
}

fn sheet(name: &str, lang: &str, purposes: &str, group: (i32, i32)) -> String {
    format!(
        "---\nform: Method\nlang: {lang}\ntranslation: {name}\nhook: \"Hook of {name}\"\n\
         summary: \"Summary of {name}\"\npurposes: [{purposes}]\n\
         group_size: {{min: {}, max: {}}}\nduration: {{min: 20, max: 40}}\n\
         difficulty: easy\nmodality: [in_person]\nphase: [convergent]\nsteps:\n\
         - {{title: \"Begin\", duration: 5, text: \"Say why.\"}}\n\
         - {{title: \"Decide\", duration: 15, text: \"\"}}\nstatus: complete\n---\nNotes of {name}.\n",
        group.0, group.1
    )
}

/// A wiki with pages `P1`…`P5`, `Notes` (three revisions) and three method sheets.
async fn api_wiki() -> TestApp {
    let app = TestApp::signed_in().await;
    for i in 1..=5 {
        app.edit(&format!("P{i}"), &format!("Page {i}")).await;
    }
    app.edit("Notes", "one").await;
    app.edit("Notes", "two").await;
    app.edit("Notes", "three **bold**").await;
    app.edit("Alpha", &sheet("alpha", "en", "decide, plan", (5, 30)))
        .await;
    app.edit("Bravo", &sheet("bravo", "en", "plan", (2, 8)))
        .await;
    app.edit("Charlie", &sheet("charlie", "fr", "decide", (10, 50)))
        .await;
    app.post("/Notes/discussion", &[("body", "A *remark*")])
        .await
        .assert_status(303);
    app
}

#[actix_web::test]
async fn pages_are_listed_in_pages_of_results_that_link_to_the_next() {
    let app = api_wiki().await;
    let mut names = Vec::new();
    let mut path = "/api/v1/pages?limit=3".to_owned();
    let mut answers = 0;
    loop {
        let list: PageList = typed(&app, &path).await;
        answers += 1;
        assert!(list.pages.len() <= 3);
        for page in &list.pages {
            assert_eq!(page.url, format!("{BASE}/{}", page.name.replace(' ', "_")));
            assert_eq!(
                page.api,
                format!("{BASE}/api/v1/pages/{}", page.name.replace(' ', "_"))
            );
        }
        names.extend(list.pages.into_iter().map(|p| p.name));
        match list.next {
            Some(next) => path = next.strip_prefix(BASE).unwrap().to_owned(),
            None => break,
        }
    }
    for expected in ["P1", "P5", "Notes", "Alpha", "HomePage"] {
        assert!(
            names.contains(&expected.to_owned()),
            "{expected} in {names:?}"
        );
    }
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    sorted.dedup();
    assert_eq!(names, sorted, "each page once, by name");
    assert!(answers >= 4);
    let all: PageList = typed(&app, "/api/v1/pages?limit=200").await;
    assert_eq!(all.pages.len(), names.len());
    assert_eq!(all.next, None);

    json_error(&app, "/api/v1/pages?limit=0", 400, "bad_request").await;
    json_error(&app, "/api/v1/pages?limit=201", 400, "bad_request").await;
    json_error(&app, "/api/v1/pages?limit=many", 400, "bad_request").await;
    json_error(&app, "/api/v1/nothing", 404, "not_found").await;
}

#[actix_web::test]
async fn a_page_comes_with_its_markdown_html_and_revisions() {
    let app = api_wiki().await;
    let page: PageDetail = typed(&app, "/api/v1/pages/Notes").await;
    assert_eq!(page.name, "Notes");
    assert_eq!(page.revision, 3);
    assert_eq!(page.markdown, "three **bold**");
    assert!(page.html.contains("<strong>bold</strong>"), "{}", page.html);
    assert_eq!(page.revision_url, format!("{BASE}/Notes?rev=3"));
    assert_eq!(page.author, "tester");
    // Any spelling finds it.
    let other: PageDetail = typed(&app, "/api/v1/pages/notes").await;
    assert_eq!(other.name, "Notes");

    let first: RevisionList = typed(&app, "/api/v1/pages/Notes/revisions?limit=2").await;
    let numbers: Vec<i32> = first.revisions.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [3, 2]);
    let next = first.next.expect("a next page of revisions");
    let rest: RevisionList = typed(&app, next.strip_prefix(BASE).unwrap()).await;
    assert_eq!(
        rest.revisions.iter().map(|r| r.number).collect::<Vec<_>>(),
        [1]
    );
    assert_eq!(rest.next, None);

    let one: RevisionDetail = typed(&app, "/api/v1/pages/Notes/revisions/1").await;
    assert_eq!((one.revision.number, one.latest), (1, 3));
    assert_eq!(one.markdown, "one");
    assert_eq!(one.revision.url, format!("{BASE}/Notes?rev=1"));

    json_error(&app, "/api/v1/pages/Notes/revisions/9", 404, "not_found").await;
    json_error(&app, "/api/v1/pages/Notes/revisions/x", 404, "not_found").await;
    json_error(&app, "/api/v1/pages/Nobody", 404, "not_found").await;
    // No page can have this name: there is none, and the answer says why.
    json_error(&app, "/api/v1/pages/a%3Cb", 404, "invalid_name").await;
    json_error(&app, "/api/v1/methods/a%C2%AEb", 404, "invalid_name").await;
}

#[actix_web::test]
async fn methods_are_filtered_as_in_the_catalogue_and_a_sheet_has_typed_fields() {
    let app = api_wiki().await;
    let names = |list: &MethodList| {
        list.methods
            .iter()
            .map(|m| m.name.clone())
            .collect::<Vec<_>>()
    };
    let all: MethodList = typed(&app, "/api/v1/methods").await;
    assert_eq!(names(&all), ["Alpha", "Bravo", "Charlie"], "every language");
    assert_eq!(all.total, 3);
    let decide: MethodList = typed(&app, "/api/v1/methods?purposes=decide&group_size=12").await;
    assert_eq!(names(&decide), ["Alpha", "Charlie"]);
    let french: MethodList = typed(&app, "/api/v1/methods?purposes=decide&lang=fr").await;
    assert_eq!(names(&french), ["Charlie"]);
    let alpha = &all.methods[0];
    assert_eq!(alpha.ranges["group_size"], Range { min: 5, max: 30 });
    assert_eq!(alpha.choices["purposes"], ["decide", "plan"]);
    assert_eq!(alpha.hook, "Hook of alpha");

    let page: MethodList = typed(&app, "/api/v1/methods?limit=2").await;
    assert_eq!(names(&page), ["Alpha", "Bravo"]);
    let next = page.next.expect("a next page of methods");
    let rest: MethodList = typed(&app, next.strip_prefix(BASE).unwrap()).await;
    assert_eq!(names(&rest), ["Charlie"]);
    assert_eq!((rest.offset, rest.next), (2, None));

    json_error(&app, "/api/v1/methods?purposes=dance", 400, "bad_request").await;
    json_error(&app, "/api/v1/methods?group_size=many", 400, "bad_request").await;

    let sheet: MethodDetail = typed(&app, "/api/v1/methods/alpha").await;
    assert_eq!(sheet.name, "Alpha");
    assert_eq!(sheet.form, "Method");
    assert_eq!(sheet.group_size, Some(Range { min: 5, max: 30 }));
    assert_eq!(sheet.duration, Some(Range { min: 20, max: 40 }));
    assert_eq!(sheet.purposes, ["decide", "plan"]);
    assert_eq!(
        sheet.steps[0],
        MethodStep {
            title: "Begin".into(),
            text: "Say why.".into(),
            duration: 5
        }
    );
    assert_eq!(sheet.fields["difficulty"], "easy");
    assert_eq!(sheet.notes, "Notes of alpha.\n");
    assert!(sheet.valid);
    json_error(&app, "/api/v1/methods/Notes", 404, "not_found").await;
}

/// The schema of the JSON answer `status` of `GET template` in the OpenAPI document, with the
/// document's components so its references resolve.
fn response_schema(doc: &Value, template: &str, status: u16) -> Value {
    let mut schema = doc["paths"][template]["get"]["responses"][status.to_string()]["content"]
        ["application/json"]["schema"]
        .clone();
    assert!(schema.is_object(), "no schema for {status} of {template}");
    schema["components"] = doc["components"].clone();
    schema
}

fn validate(doc: &Value, template: &str, reply: &Reply) {
    let schema = response_schema(doc, template, reply.status.as_u16());
    let validator =
        jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("schema of {template}: {e}"));
    let instance: Value = serde_json::from_str(&reply.body).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| e.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "{template} ({}) does not match its schema: {errors:?}\n{}",
        reply.status,
        reply.body
    );
}

#[actix_web::test]
async fn the_openapi_document_describes_every_answer_the_server_gives() {
    let app = api_wiki().await;
    let reply = app.get("/api/v1/openapi.json").await;
    reply.assert_status(200);
    let doc: Value = serde_json::from_str(&reply.body).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert_eq!(doc["servers"][0]["url"], BASE);
    // The document parses as OpenAPI with the same library that wrote it.
    let _: utoipa::openapi::OpenApi = serde_json::from_value(doc.clone()).unwrap();
    let documented: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        documented,
        [
            "/api/v1/methods",
            "/api/v1/methods/{name}",
            "/api/v1/pages",
            "/api/v1/pages/{name}",
            "/api/v1/pages/{name}/comments",
            "/api/v1/pages/{name}/revisions",
            "/api/v1/pages/{name}/revisions/{number}",
            "/api/v1/programmes",
            "/api/v1/programmes/{name}",
        ]
    );
    for (template, path) in [
        ("/api/v1/pages", "/api/v1/pages?limit=2"),
        ("/api/v1/pages", "/api/v1/pages?limit=0"),
        ("/api/v1/pages/{name}", "/api/v1/pages/Notes"),
        ("/api/v1/pages/{name}", "/api/v1/pages/Alpha"),
        ("/api/v1/pages/{name}", "/api/v1/pages/Nobody"),
        ("/api/v1/pages/{name}", "/api/v1/pages/a%3Cb"),
        (
            "/api/v1/pages/{name}/revisions",
            "/api/v1/pages/Notes/revisions?limit=1",
        ),
        (
            "/api/v1/pages/{name}/revisions",
            "/api/v1/pages/Notes/revisions?limit=x",
        ),
        (
            "/api/v1/pages/{name}/revisions",
            "/api/v1/pages/Nobody/revisions",
        ),
        (
            "/api/v1/pages/{name}/revisions/{number}",
            "/api/v1/pages/Notes/revisions/2",
        ),
        (
            "/api/v1/pages/{name}/revisions/{number}",
            "/api/v1/pages/Notes/revisions/7",
        ),
        (
            "/api/v1/pages/{name}/comments",
            "/api/v1/pages/Notes/comments",
        ),
        (
            "/api/v1/pages/{name}/comments",
            "/api/v1/pages/Notes/comments?limit=0",
        ),
        (
            "/api/v1/pages/{name}/comments",
            "/api/v1/pages/Nobody/comments",
        ),
        ("/api/v1/methods", "/api/v1/methods?purposes=decide&limit=1"),
        ("/api/v1/methods", "/api/v1/methods?purposes=dance"),
        ("/api/v1/methods/{name}", "/api/v1/methods/Bravo"),
        ("/api/v1/methods/{name}", "/api/v1/methods/Notes"),
    ] {
        validate(&doc, template, &app.get(path).await);
    }
    // A response missing a required field, or with one the schema does not know, fails:
    // the check is not vacuous.
    let schema = response_schema(&doc, "/api/v1/pages", 200);
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&json!({"pages": [], "next": null})));
    assert!(!validator.is_valid(&json!({"pages": []})));
    assert!(!validator.is_valid(&json!({"pages": [], "next": null, "extra": 1})));
    assert!(!validator.is_valid(&json!({"pages": [{"name": "A"}], "next": null})));
}

/// Every operation of the API document has its own `operationId` (validators refuse
/// duplicates, and client generators name their functions after them).
#[actix_web::test]
async fn every_operation_has_its_own_id() {
    let app = TestApp::new().await;
    let doc: Value = serde_json::from_str(&app.get("/api/v1/openapi.json").await.body).unwrap();
    let mut ids: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|path| path.as_object().unwrap().values())
        .filter_map(|operation| operation["operationId"].as_str().map(str::to_owned))
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "{ids:?}");
    assert!(count >= 8, "{ids:?}");
}

/// The document says what the server enforces: page sizes between 1 and 200, names of 1 to 120
/// characters without the characters no name may hold; and it is valid OpenAPI to a validator
/// that another project wrote (`openapi-spec-validator`, from PyPI; required in CI).
#[actix_web::test]
async fn the_openapi_document_states_the_limits_and_passes_a_validator() {
    let app = TestApp::new().await;
    let body = app.get("/api/v1/openapi.json").await.body;
    let doc: Value = serde_json::from_str(&body).unwrap();
    let parameters = |path: &str| -> Vec<Value> {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .clone()
    };
    let named = |path: &str, name: &str| -> Value {
        parameters(path)
            .into_iter()
            .find(|parameter| parameter["name"] == name)
            .unwrap_or_else(|| panic!("{path} has no {name}"))["schema"]
            .clone()
    };
    for path in [
        "/api/v1/pages",
        "/api/v1/pages/{name}/revisions",
        "/api/v1/methods",
    ] {
        let limit = named(path, "limit");
        assert_eq!(limit["minimum"], 1, "{path}: {limit}");
        assert_eq!(limit["maximum"], 200, "{path}: {limit}");
    }
    for path in [
        "/api/v1/pages/{name}",
        "/api/v1/pages/{name}/revisions",
        "/api/v1/pages/{name}/revisions/{number}",
        "/api/v1/methods/{name}",
        "/api/v1/programmes/{name}",
    ] {
        let name = named(path, "name");
        assert_eq!(name["minLength"], 1, "{path}: {name}");
        assert_eq!(name["maxLength"], 120, "{path}: {name}");
        // Checked the way JSON Schema validators read the pattern (ECMA-262).
        let pattern = jsonschema::validator_for(&json!({ "pattern": name["pattern"] })).unwrap();
        for refused in ["a<b", "a/b", "a%b", "a#b", "a{b}", "a\u{7}b"] {
            assert!(
                !pattern.is_valid(&json!(refused)),
                "{path} allows {refused:?}"
            );
        }
        for accepted in ["Fishbowl", "World café", "1-2-4-All", "Ольга (notes)"] {
            assert!(
                pattern.is_valid(&json!(accepted)),
                "{path} refuses {accepted}"
            );
        }
    }

    let validator = ["openapi-spec-validator"].into_iter().find(|tool| {
        std::process::Command::new(tool)
            .arg("--help")
            .output()
            .is_ok()
    });
    let Some(validator) = validator else {
        assert!(
            std::env::var_os("CI").is_none(),
            "openapi-spec-validator is missing: pip install openapi-spec-validator"
        );
        eprintln!("SKIPPED: pip install openapi-spec-validator to validate the API document");
        return;
    };
    let file = tempfile::NamedTempFile::with_suffix(".json").unwrap();
    std::fs::write(file.path(), &body).unwrap();
    let checked = std::process::Command::new(validator)
        .arg(file.path())
        .output()
        .unwrap();
    assert!(
        checked.status.success(),
        "{}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );
}

/// A method the API does not answer is 405 with the methods it does (`Allow`), in JSON; an
/// address it does not know stays 404.
#[actix_web::test]
async fn other_methods_on_api_paths_are_405_with_allow() {
    let app = TestApp::new().await;
    for path in [
        "/api/v1/pages",
        "/api/v1/pages/Notes",
        "/api/v1/openapi.json",
    ] {
        for method in ["TRACE", "DELETE", "PUT"] {
            let reply = app
                .request(
                    TestRequest::default()
                        .method(actix_web::http::Method::from_bytes(method.as_bytes()).unwrap())
                        .uri(path),
                )
                .await;
            assert_eq!(reply.status, 405, "{method} {path}: {}", reply.body);
            assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{method} {path}");
            let body: Value = serde_json::from_str(&reply.body).unwrap();
            assert!(body["error"]["code"].is_string(), "{}", reply.body);
        }
    }
    app.get("/api/v1/nothing-here").await.assert_status(404);
}

/// Issue #25: schemathesis (from PyPI; required in CI) generates requests from the document,
/// valid and invalid, and checks every answer against it (`--checks all`: no server error,
/// statuses, content types and bodies as documented, invalid input refused, valid input
/// accepted, other methods 405 with `Allow`). Bounded: a fixed seed and a few examples per
/// operation, against a wiki with the starter pages, a method sheet and a programme.
#[actix_web::test]
async fn schemathesis_finds_every_answer_as_the_document_says() {
    let found = std::process::Command::new("schemathesis")
        .arg("--version")
        .output()
        .is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "schemathesis is missing: pip install schemathesis"
        );
        eprintln!("SKIPPED: pip install schemathesis to test the API against its document");
        return;
    }
    let app = TestApp::signed_in().await;
    app.edit("Notes", "# Notes\n\nA page with [[HomePage]] in it.")
        .await;
    let data = tempfile::tempdir().unwrap();
    let base = crate::browser::start_wiki(&app.db, data.path());
    let reports = tempfile::tempdir().unwrap();
    let run = std::process::Command::new("schemathesis")
        .args(["run", &format!("{base}/api/v1/openapi.json")])
        .args(["--url", &base])
        .args(["--checks", "all", "--max-examples", "20", "--seed", "2026"])
        .args(["--workers", "1", "--request-timeout", "10", "--no-color"])
        .args(["--generation-database", "none"])
        .arg("--report-dir")
        .arg(reports.path())
        // schemathesis keeps a cache in the directory it runs in: not the repository.
        .current_dir(reports.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(stdout.contains("passed"), "{stdout}");
}
