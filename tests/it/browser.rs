//! The key flow in a real browser: headless Debian Chromium through chromedriver (WebDriver).
//! Signs up when creating a page asks for it, creates, edits and views the page, reads its
//! history and compares revisions, logs out and in again, without any JavaScript of the test
//! touching the page: only clicks and typing, as a person would.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};

use crate::harness::{TestDb, free_port};

/// chromedriver, in a process group of its own with the browsers it starts: dropping it ends
/// them all, even those of a test that failed before closing its session (killing chromedriver
/// alone left its Chromium processes running after the tests).
pub(crate) struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        if let Ok(id) = i32::try_from(self.0.id()) {
            let _ = nix::sys::signal::killpg(
                nix::unistd::Pid::from_raw(id),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// chromedriver, or None when it is not installed outside CI (CI installs it and must run this).
pub(crate) fn start_driver() -> Option<(Driver, u16)> {
    let path = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(path) = path else {
        assert!(
            std::env::var("CI").is_err(),
            "chromedriver is missing: install Debian's chromium and chromium-driver"
        );
        eprintln!("SKIPPED browser test: install Debian's chromium and chromium-driver to run it");
        return None;
    };
    let port = free_port();
    let child = Command::new(path)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("start chromedriver");
    Some((Driver(child), port))
}

/// geckodriver and Debian's Firefox ESR, or None when either is missing outside CI (CI
/// installs both: geckodriver is built from crates.io, Mozilla's own WebDriver server).
pub(crate) fn start_gecko_driver() -> Option<(Driver, u16)> {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".cargo")))
        .map(|home| home.join("bin/geckodriver"));
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("geckodriver"))
            .find(|path| path.exists())
    });
    let driver = on_path.or(cargo_bin).filter(|path| path.exists());
    let (Some(driver), true) = (driver, std::path::Path::new(FIREFOX).exists()) else {
        assert!(
            std::env::var("CI").is_err(),
            "Firefox or geckodriver is missing: install Debian's firefox-esr and \
             `cargo install geckodriver --locked`"
        );
        eprintln!("SKIPPED Firefox test: install firefox-esr and geckodriver to run it");
        return None;
    };
    let port = free_port();
    let child = Command::new(driver)
        .args(["--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .expect("start geckodriver");
    Some((Driver(child), port))
}

const FIREFOX: &str = "/usr/bin/firefox-esr";

/// A headless Firefox session through the geckodriver on `port`.
pub(crate) async fn firefox(port: u16) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "moz:firefoxOptions".into(),
        serde_json::json!({
            "binary": FIREFOX,
            "args": ["-headless", "-width=1100", "-height=900"],
            "prefs": { "intl.accept_languages": "en" }
        }),
    );
    connect(port, caps).await
}

/// Serves the wiki on a real port, in a thread with its own actix system.
pub(crate) fn start_wiki(db: &TestDb, data_dir: &std::path::Path) -> String {
    start_wiki_with(db, data_dir, |_| {})
}

/// As [`start_wiki`], with settings changed first.
pub(crate) fn start_wiki_with(
    db: &TestDb,
    data_dir: &std::path::Path,
    change: impl FnOnce(&mut coopwiki::config::Settings),
) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut settings = coopwiki::config::Settings::for_local(&base, data_dir.to_owned());
    change(&mut settings);
    let url = db.url.clone();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(coopwiki::server::serve(
            listener,
            &url,
            settings,
            coopwiki::server::Serving {
                pool_size: 4,
                workers: Some(1),
                metrics: None,
                drain: std::time::Duration::ZERO,
            },
        ))
    });
    base
}

/// Waits for the element, then clicks it. A script may replace the element between the two
/// (the catalogue's live filters swap their option groups as a count changes): it is found
/// again then, as a person would click what is on the screen.
pub(crate) async fn click(client: &Client, css: &str) {
    for _ in 0..20 {
        let element = client.wait().for_element(Locator::Css(css)).await.unwrap();
        match element.click().await {
            Err(err) if err.is_stale_element_reference() => continue,
            done => return done.unwrap(),
        }
    }
    panic!("{css} was replaced each time it was about to be clicked");
}

/// Waits for the field, then types into it as a person would.
pub(crate) async fn type_into(client: &Client, css: &str, text: &str) {
    client
        .wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

/// Signs up as `name` through the sign-up form, and waits until signed in.
pub(crate) async fn sign_up_as(client: &Client, base: &str, name: &str) {
    client.goto(&format!("{base}/-/signup")).await.unwrap();
    type_into(client, "input[name=name]", name).await;
    let email = format!("{}@example.org", name.to_lowercase());
    type_into(client, "input[name=email]", &email).await;
    type_into(client, "input[name=password]", "a long enough password").await;
    click(client, "form[action='/-/signup'] button[type=submit]").await;
    client
        .wait()
        .for_element(Locator::Css("form[action='/-/logout']"))
        .await
        .unwrap();
}

/// Clicks an editor's "Save" button (the page editor's and the typed editors' alike).
pub(crate) async fn click_save(client: &Client) {
    client
        .find(Locator::Css("button[value=save]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

/// A headless Chromium session (each one has its own cookies and storage), once the wiki at
/// `base` answers.
pub(crate) async fn browser(port: u16, base: &str) -> Client {
    browser_with(port, base, true).await
}

/// [`browser`] with JavaScript turned off, as some visitors browse: every page must work so.
pub(crate) async fn browser_without_javascript(port: u16, base: &str) -> Client {
    browser_with(port, base, false).await
}

/// A session of the WebDriver server on `port` (chromedriver, geckodriver), retried while the
/// server starts.
async fn connect(port: u16, caps: serde_json::Map<String, serde_json::Value>) -> Client {
    for _ in 0..100 {
        match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => return client,
            Err(_) => actix_web::rt::time::sleep(Duration::from_millis(100)).await,
        }
    }
    panic!("no WebDriver session on port {port}");
}

async fn browser_with(port: u16, base: &str, javascript: bool) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--no-first-run", "--lang=en", "--window-size=1100,900"],
            "prefs": {
                "profile.managed_default_content_settings.javascript": if javascript { 1 } else { 2 }
            }
        }),
    );
    let client = connect(port, caps).await;

    // The server may take a moment to accept connections (longer when it installs the
    // starter catalogue first).
    for _ in 0..100 {
        if client.goto(&format!("{base}/-/health")).await.is_ok()
            && client.source().await.unwrap_or_default().contains("ok")
        {
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    client
}

#[actix_web::test]
async fn a_person_signs_up_creates_edits_and_reads_the_history_of_a_page_in_a_browser() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let client = browser(port, &base).await;

    // A missing page offers to create it.
    client
        .goto(&format!("{base}/World_caf%C3%A9"))
        .await
        .unwrap();
    client
        .find(Locator::LinkText("Create this page"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // Editing needs an account: the login form comes, and its sign-up link keeps the way back.
    client
        .wait()
        .for_element(Locator::Css("form[action='/-/login']"))
        .await
        .unwrap();
    client
        .find(Locator::Css("main a[href^='/-/signup']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let name = client
        .wait()
        .for_element(Locator::Css("input[name=name]"))
        .await
        .unwrap();
    name.send_keys("Alice").await.unwrap();
    client
        .find(Locator::Css("input[name=email]"))
        .await
        .unwrap()
        .send_keys("alice@example.org")
        .await
        .unwrap();
    client
        .find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys("a long enough password")
        .await
        .unwrap();
    client
        .find(Locator::Css("form[action='/-/signup'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let body = client
        .wait()
        .for_element(Locator::Css("textarea[name=body]"))
        .await
        .unwrap();
    assert_eq!(
        client.current_url().await.unwrap().path(),
        "/World_caf%C3%A9/edit"
    );
    body.send_keys("Small tables of *four*, three rounds.")
        .await
        .unwrap();
    client
        .find(Locator::Css("button[value=preview]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let preview = client
        .wait()
        .for_element(Locator::Css(".preview em"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(preview, "four");
    client
        .find(Locator::Css("button[value=save]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("article.page"))
        .await
        .unwrap();
    let url = client.current_url().await.unwrap();
    assert_eq!(
        url.path(),
        "/World_caf%C3%A9",
        "{}",
        client.source().await.unwrap()
    );
    let text = client
        .find(Locator::Css(".page-content"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("Small tables of four"), "{text}");

    // Edit it.
    client
        .find(Locator::LinkText("Edit"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let body = client
        .wait()
        .for_element(Locator::Css("textarea[name=body]"))
        .await
        .unwrap();
    body.clear().await.unwrap();
    body.send_keys("Small tables of *five*, three rounds, then a harvest.")
        .await
        .unwrap();
    client
        .find(Locator::Css("input[name=summary]"))
        .await
        .unwrap()
        .send_keys("five per table")
        .await
        .unwrap();
    client
        .find(Locator::Css("button[value=save]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let text = client
        .wait()
        .for_element(Locator::Css("article.page .page-content"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains("five"), "{text}");

    // Its history shows both revisions and compares them.
    client
        .find(Locator::LinkText("History"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css(".history-table"))
        .await
        .unwrap();
    let rows = client
        .find_all(Locator::Css(".history-table tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let summary = rows[0].text().await.unwrap();
    assert!(summary.contains("five per table"), "{summary}");
    client
        .find(Locator::Css("form.history button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let removed = client
        .wait()
        .for_element(Locator::Css("tr.diff-del del"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let added = client
        .find(Locator::Css("tr.diff-ins ins"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(removed.contains("four"), "{removed}");
    assert!(added.contains("five"), "{added}");
    let author = client
        .find(Locator::Css(".diff-side a.author"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(author, "Alice");

    // Log out, and back in by e-mail.
    client
        .find(Locator::Css("form.logout button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css(".account-nav a[href^='/-/login']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .wait()
        .for_element(Locator::Css("input[name=login]"))
        .await
        .unwrap()
        .send_keys("alice@example.org")
        .await
        .unwrap();
    client
        .find(Locator::Css("input[name=password]"))
        .await
        .unwrap()
        .send_keys("a long enough password")
        .await
        .unwrap();
    client
        .find(Locator::Css("form[action='/-/login'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let signed_in = client
        .wait()
        .for_element(Locator::Css(".signed-in a"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(signed_in, "Alice");

    client.close().await.unwrap();
    drop(db);
}

/// A PDF that a headless browser printed, read back with poppler's `pdfinfo` and `pdftotext`.
pub(crate) struct Pdf {
    pub pages: usize,
    /// Width and height of the first page, in points.
    pub size: (f64, f64),
    /// The text of each page.
    pub texts: Vec<String>,
    /// The text of each quarter of each page (top left, top right, bottom left, bottom
    /// right), when asked for: the four cards of an A4 sheet.
    pub quarters: Vec<[String; 4]>,
}

impl Pdf {
    /// Whether `text` is printed, compared without white space: a line break in the PDF is
    /// where the browser wrapped a line.
    pub fn shows(&self, text: &str) -> bool {
        squeeze(&self.texts.concat()).contains(&squeeze(text))
    }

    /// Whether every word of `text` is printed, in order: a text that continues on the next
    /// card side has that side's heading in the middle, a cut one lacks its last words.
    pub fn shows_in_order(&self, text: &str) -> bool {
        let printed = squeeze(&self.texts.concat());
        let mut at = 0;
        text.split_whitespace()
            .map(squeeze)
            .all(|word| match printed[at..].find(&word) {
                Some(found) => {
                    at += found + word.len();
                    true
                }
                None => false,
            })
    }

    /// Pages without a printed character.
    pub fn empty_pages(&self) -> Vec<usize> {
        (0..self.pages)
            .filter(|&i| self.texts.get(i).is_none_or(|t| t.trim().is_empty()))
            .map(|i| i + 1)
            .collect()
    }

    pub fn assert_size(&self, (width, height): (f64, f64), what: &str) {
        assert!(
            (self.size.0 - width).abs() < 1.0 && (self.size.1 - height).abs() < 1.0,
            "{what}: pages of {:?} pt, not {:?}",
            self.size,
            (width, height)
        );
    }
}

/// `text` without white space, in compatibility form: Firefox prints "fi" and "fl" as the
/// ligatures `ﬁ` and `ﬂ`, which `pdftotext` gives back as such.
pub(crate) fn squeeze(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// A6 and A4 in PostScript points.
pub(crate) const A6: (f64, f64) = (297.64, 419.53);
pub(crate) const A4: (f64, f64) = (595.28, 841.89);

/// `url` printed to PDF by headless Chromium as "Save as PDF" prints it (on the paper the
/// page's `@page` asks for, Letter otherwise, without the browser's own header and footer);
/// None when Chromium or poppler is missing outside CI.
pub(crate) fn print_to_pdf(url: &str, quarters: bool) -> Option<Pdf> {
    let tools = [
        "/usr/bin/chromium",
        "/usr/bin/pdfinfo",
        "/usr/bin/pdftotext",
    ];
    if let Some(missing) = tools.iter().find(|t| !std::path::Path::new(t).exists()) {
        assert!(
            std::env::var("CI").is_err(),
            "{missing} is missing: install Debian's chromium and poppler-utils"
        );
        eprintln!("SKIPPED print test: install Debian's chromium and poppler-utils to run it");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("printed.pdf");
    // In a process group of its own, ended with everything it started when done or failed.
    let mut chromium = Driver(
        Command::new("/usr/bin/chromium")
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-pdf-header-footer",
                "--lang=en",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join("profile").display()
            ))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("start chromium"),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while chromium.0.try_wait().unwrap().is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "chromium did not print {url} in two minutes"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(chromium);
    Some(Pdf::read(&pdf, quarters))
}

impl Pdf {
    /// The PDF at `pdf`, read with poppler; the text of each page's quarters too when asked.
    pub fn read(pdf: &std::path::Path, quarters: bool) -> Pdf {
        let info = Command::new("/usr/bin/pdfinfo").arg(pdf).output().unwrap();
        let info = String::from_utf8_lossy(&info.stdout).into_owned();
        let field = |name: &str| {
            info.lines()
                .find_map(|line| line.strip_prefix(name))
                .unwrap_or_else(|| panic!("no {name} in {info}"))
                .trim()
                .to_owned()
        };
        let pages: usize = field("Pages:").parse().unwrap();
        // "297.638 x 419.528 pts (A6)"
        let size = field("Page size:");
        let mut numbers = size
            .split_whitespace()
            .filter_map(|word| word.parse::<f64>().ok());
        let size = (numbers.next().unwrap(), numbers.next().unwrap());
        let text = Command::new("/usr/bin/pdftotext")
            .arg(pdf)
            .arg("-")
            .output()
            .unwrap();
        // pdftotext ends every page with a form feed.
        let texts = String::from_utf8_lossy(&text.stdout)
            .split('\u{c}')
            .take(pages)
            .map(str::to_owned)
            .collect();
        let text_in = |page: usize, quarter: usize| {
            // pdftotext crops in pixels at 72 dpi: points.
            let (w, h) = (size.0 / 2.0, size.1 / 2.0);
            let (x, y) = (w * (quarter % 2) as f64, h * (quarter / 2) as f64);
            let page = (page + 1).to_string();
            let crop = [x, y, w, h].map(|n| format!("{}", n.floor()));
            let out = Command::new("/usr/bin/pdftotext")
                .args(["-f", &page, "-l", &page, "-x", &crop[0], "-y", &crop[1]])
                .args(["-W", &crop[2], "-H", &crop[3]])
                .arg(pdf)
                .arg("-")
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let quarters = if quarters {
            (0..pages)
                .map(|page| [0, 1, 2, 3].map(|quarter| text_in(page, quarter)))
                .collect()
        } else {
            Vec::new()
        };
        Pdf {
            pages,
            size,
            texts,
            quarters,
        }
    }
}

/// Issue #20, item 1, as a person lives it: the session ends (here on the server, as an idle
/// or absolute end does) while the editor is open; "Save" leads to the login page, which says
/// the text is kept; after logging in, the text is shown and sent again with one click, and
/// the page holds it.
#[actix_web::test]
async fn a_text_typed_as_the_session_ended_is_saved_after_logging_in_again() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let client = browser(port, &base).await;

    sign_up_as(&client, &base, "Ada").await;

    client.goto(&format!("{base}/Harvest/edit")).await.unwrap();
    let text = "World café harvest: table 1 decides together, table 2 asks for a second round.";
    type_into(&client, "textarea[name=body]", text).await;
    let session = client
        .get_named_cookie("session")
        .await
        .unwrap()
        .value()
        .to_owned();
    let url = db.url.clone();
    crate::harness::admin(url, |conn| {
        use diesel::RunQueryDsl;
        diesel::sql_query("DELETE FROM sessions").execute(conn)
    })
    .unwrap();
    // The wiki's session cache forgets the session once told: asked aside with the same cookie,
    // the account page sends to the login page from then on.
    let port_of_wiki: u16 = base.rsplit(':').next().unwrap().parse().unwrap();
    let ask = format!(
        "GET /-/account HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: session={session}\r\nConnection: close\r\n\r\n"
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while crate::harness::exchange(port_of_wiki, &ask).unwrap().0 == 200 {
        assert!(
            std::time::Instant::now() < deadline,
            "the session never ended"
        );
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    click_save(&client).await;

    let kept = client
        .wait()
        .for_element(Locator::Css("form[action='/-/login']"))
        .await
        .unwrap();
    assert!(
        client
            .source()
            .await
            .unwrap()
            .contains("What you sent is kept"),
        "the login page says the text is kept"
    );
    drop(kept);
    type_into(&client, "input[name=login]", "Ada").await;
    type_into(&client, "input[name=password]", "a long enough password").await;
    click(&client, "form[action='/-/login'] button[type=submit]").await;

    let shown = client
        .wait()
        .for_element(Locator::Css("main textarea[readonly]"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(shown, text);
    click(
        &client,
        "main form[action='/Harvest/edit'] button[type=submit]",
    )
    .await;
    client
        .wait()
        .for_element(Locator::Css("main .page-content, main article"))
        .await
        .unwrap();
    assert_eq!(client.current_url().await.unwrap().path(), "/Harvest");
    assert!(
        client
            .source()
            .await
            .unwrap()
            .contains("table 1 decides together")
    );
    client.close().await.unwrap();
}

/// Issue #21: times read in the visitor's language, and with JavaScript in their own zone (the
/// server's UTC text stays as the element's title); without it, in UTC as the server wrote them.
#[actix_web::test]
async fn times_show_in_the_visitors_language_and_zone() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let client = browser(port, &base).await;
    client
        .goto(&format!("{base}/HomePage/history"))
        .await
        .unwrap();
    let time = client
        .wait()
        .for_element(Locator::Css("main time[datetime]"))
        .await
        .unwrap();
    let server_text = time.attr("title").await.unwrap().unwrap_or_default();
    assert!(server_text.ends_with(" UTC"), "{server_text:?}");
    let shown = time.text().await.unwrap();
    let expected = client
        .execute(
            "const t = document.querySelector('main time[datetime]'); \
             return new Intl.DateTimeFormat(document.documentElement.lang, \
             {dateStyle: 'medium', timeStyle: 'short'}).format(new Date(t.dateTime));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(serde_json::Value::String(shown), expected);
    client.close().await.unwrap();
}

/// Issue #21: on a wide screen the preview stands beside its text; on a phone the two take
/// turns under a toggle, the preview first (below the text without JavaScript).
#[actix_web::test]
async fn the_preview_stands_beside_the_text_on_a_wide_screen_and_takes_turns_with_it_on_a_phone() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let text = "# Harvest\n\nThree *rounds*.";
    for javascript in [true, false] {
        let client = if javascript {
            browser(port, &base).await
        } else {
            browser_without_javascript(port, &base).await
        };
        sign_up_as(&client, &base, if javascript { "Ada" } else { "Bea" }).await;
        client.goto(&format!("{base}/Notes/edit")).await.unwrap();
        type_into(&client, "textarea[name=body]", text).await;
        click(&client, "button[value=preview]").await;
        client
            .wait()
            .for_element(Locator::Css("section.preview em"))
            .await
            .unwrap();
        let toggles = client
            .find_all(Locator::Css(".preview-toggle button"))
            .await
            .unwrap();
        assert_eq!(toggles.len(), if javascript { 2 } else { 0 });

        client.set_window_size(1400, 900).await.unwrap();
        let (text_x, text_y, text_width, _) = rectangle_of(&client, "textarea[name=body]").await;
        let (preview_x, preview_y, _, _) = rectangle_of(&client, "section.preview").await;
        assert!(
            preview_x >= text_x + text_width,
            "beside: preview at x {preview_x}, text from {text_x} to {}",
            text_x + text_width
        );
        assert!(preview_y <= text_y + 200.0, "side by side, not below");
        if javascript {
            assert!(
                !displayed(&client, ".preview-toggle").await,
                "no toggle on a wide screen"
            );
        }

        client.set_window_size(390, 844).await.unwrap();
        if !javascript {
            let (_, form_y, _, form_height) = rectangle_of(&client, "form.editor").await;
            let (_, preview_y, _, _) = rectangle_of(&client, "section.preview").await;
            assert!(preview_y >= form_y + form_height, "below on a phone");
            assert!(displayed(&client, "textarea[name=body]").await);
            client.close().await.unwrap();
            continue;
        }
        // The preview first, the text folded away, Save still at hand below the preview.
        assert!(displayed(&client, ".preview-toggle").await);
        assert!(displayed(&client, "section.preview").await);
        assert!(
            !displayed(&client, "textarea[name=body]").await,
            "the text waits its turn"
        );
        let (_, preview_y, _, preview_height) = rectangle_of(&client, "section.preview").await;
        let (_, save_y, _, _) = rectangle_of(&client, "button[value=save]").await;
        assert!(
            save_y >= preview_y + preview_height,
            "Save below the preview"
        );
        let pressed = |side: &'static str| {
            let client = client.clone();
            async move {
                client
                    .find(Locator::Css(&format!(".preview-toggle [data-side={side}]")))
                    .await
                    .unwrap()
                    .attr("aria-pressed")
                    .await
                    .unwrap()
            }
        };
        assert_eq!(pressed("preview").await.as_deref(), Some("true"));
        click(&client, ".preview-toggle [data-side=text]").await;
        assert!(displayed(&client, "textarea[name=body]").await);
        assert!(
            !displayed(&client, "section.preview").await,
            "the preview waits its turn"
        );
        assert_eq!(pressed("text").await.as_deref(), Some("true"));
        let focused = client
            .execute("return document.activeElement.name;", vec![])
            .await
            .unwrap();
        assert_eq!(
            focused,
            serde_json::json!("body"),
            "focus follows to the text"
        );
        let kept = client
            .find(Locator::Css("textarea[name=body]"))
            .await
            .unwrap()
            .prop("value")
            .await
            .unwrap();
        assert_eq!(kept.as_deref(), Some(text));
        click(&client, ".preview-toggle [data-side=preview]").await;
        assert!(displayed(&client, "section.preview").await);
        click_save(&client).await;
        client
            .wait()
            .for_element(Locator::Css(".page-content em"))
            .await
            .unwrap();
        client.close().await.unwrap();
    }
}

/// Where the first element matching `css` is on the screen: x, y, width, height.
pub(crate) async fn rectangle_of(client: &Client, css: &str) -> (f64, f64, f64, f64) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .rectangle()
        .await
        .unwrap()
}

/// Whether the first element matching `css` is shown.
pub(crate) async fn displayed(client: &Client, css: &str) -> bool {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap()
}

/// Issue #21: on a phone (390 × 844) the header takes under a fifth of the first screen, for a
/// visitor and for a signed-in person, and nothing scrolls sideways.
#[actix_web::test]
async fn the_header_takes_under_a_fifth_of_a_phone_screen() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki(&db, data_dir.path());
    let client = browser(port, &base).await;
    client.set_window_size(390, 844).await.unwrap();
    let measure = async || {
        client
            .execute(
                "return [document.querySelector('header.site-header').getBoundingClientRect().height, \
                 window.innerHeight, document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            )
            .await
            .unwrap()
    };
    client.goto(&format!("{base}/HomePage")).await.unwrap();
    let visitor = measure().await;
    sign_up_as(&client, &base, "Ada").await;
    client.goto(&format!("{base}/HomePage")).await.unwrap();
    let member = measure().await;
    for (who, m) in [("visitor", visitor), ("member", member)] {
        let [header, screen, scroll, width] = [0, 1, 2, 3].map(|i| m[i].as_f64().unwrap());
        eprintln!("{who}: header {header} px of {screen} px");
        assert!(
            header < screen / 5.0,
            "{who}: header {header} px of {screen} px"
        );
        assert!(
            scroll <= width,
            "{who}: the page scrolls sideways ({scroll} > {width})"
        );
    }
    client.close().await.unwrap();
}

/// Issue #20: no page scrolls sideways on a phone (390 px): every page type a member reaches,
/// with the starter catalogue, a page with a history, a long unbroken word and a wide table.
#[actix_web::test]
async fn no_page_scrolls_sideways_on_a_phone() {
    let Some((_driver, port)) = start_driver() else {
        return;
    };
    let db = TestDb::new();
    let data_dir = tempfile::tempdir().unwrap();
    let base = start_wiki_with(&db, data_dir.path(), |settings| {
        settings.starter_catalogue = true;
    });
    let client = browser(port, &base).await;
    client.set_window_size(390, 844).await.unwrap();
    sign_up_as(&client, &base, "Ada").await;
    let long_word = "Anticonstitutionnellement".repeat(8);
    for text in [
        format!("# Notes\n\nFirst version with {long_word}."),
        format!(
            "# Notes\n\nSecond version with {long_word}.\n\n| a | b | c | d | e | f |\n|---|---|---|---|---|---|\n| {long_word} | 2 | 3 | 4 | 5 | 6 |\n"
        ),
    ] {
        client.goto(&format!("{base}/Notes/edit")).await.unwrap();
        let body = client
            .wait()
            .for_element(Locator::Css("textarea[name=body]"))
            .await
            .unwrap();
        body.clear().await.unwrap();
        body.send_keys(&text).await.unwrap();
        click_save(&client).await;
        client
            .wait()
            .for_element(Locator::Css("div.notice.saved"))
            .await
            .unwrap();
    }
    let paths = [
        "/",
        "/Notes",
        "/Notes?rev=1",
        "/Notes/edit",
        "/Notes/history",
        "/Notes/diff?from=1&to=2",
        "/Notes/restore?rev=1",
        "/Notes/backlinks",
        "/Notes/permissions",
        "/Notes/attachments",
        "/Notes/rename",
        "/-/search?q=circle",
        "/-/methods",
        "/-/methods?layout=list",
        "/Fishbowl",
        "/Fishbowl/edit",
        "/-/methods/new",
        "/-/programmes",
        "/-/programmes/new",
        "/-/recent",
        "/-/pages",
        "/-/new",
        "/-/account",
        "/-/forms",
    ];
    let mut wide = Vec::new();
    for path in paths {
        client.goto(&format!("{base}{path}")).await.unwrap();
        let sizes = client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            )
            .await
            .unwrap();
        let (scroll, width) = (sizes[0].as_f64().unwrap(), sizes[1].as_f64().unwrap());
        if scroll > width {
            // The widest element, to say what to mend.
            let culprit = client
                .execute(
                    "const clipped = (e) => { for (let a = e.parentElement; a; a = a.parentElement) { \
                     if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true; } \
                     return false; }; \
                     let worst = null; for (const e of document.querySelectorAll('body *')) { \
                     const r = e.getBoundingClientRect(); \
                     if (r.right > window.innerWidth && !clipped(e) && (!worst || r.right > worst[1])) \
                     worst = [e.tagName + '.' + e.className, r.right]; } return worst;",
                    vec![],
                )
                .await
                .unwrap();
            wide.push(format!("{path}: {scroll} px for {width} ({culprit})"));
        }
    }
    assert!(wide.is_empty(), "pages wider than the phone: {wide:#?}");
    client.close().await.unwrap();
}
