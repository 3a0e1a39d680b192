use std::collections::{BTreeSet, HashMap};
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use proptest::prelude::*;
use sha2::{Digest, Sha256};

use super::*;

fn data(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/yeswiki")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_with<R: BufRead>(input: R, prefix: &str, cap: usize) -> (Vec<Record>, Vec<Problem>) {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for item in Reader::with_cap(input, prefix, cap) {
        match item {
            Ok(record) => records.push(record),
            Err(problem) => problems.push(problem),
        }
    }
    (records, problems)
}

fn read(dump: &[u8], prefix: &str) -> (Vec<Record>, Vec<Problem>) {
    read_with(dump, prefix, MAX_STATEMENT_BYTES)
}

/// Reads a dump that must have no problem.
fn sound(dump: &[u8], prefix: &str) -> Vec<Record> {
    let (records, problems) = read(dump, prefix);
    assert!(problems.is_empty(), "problems: {problems:#?}");
    records
}

fn pages(records: &[Record]) -> Vec<&PageRow> {
    records
        .iter()
        .filter_map(|r| match r {
            Record::Page(p) => Some(p),
            _ => None,
        })
        .collect()
}

fn bodies(records: &[Record]) -> Vec<&str> {
    pages(records).iter().map(|p| p.body.as_str()).collect()
}

fn at(text: &str) -> DateTime {
    text.parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// The real site

#[test]
fn real_dumps_hold_what_the_manifest_says() {
    let manifest: serde_json::Value = serde_json::from_slice(&data("MANIFEST.json")).unwrap();
    for name in ["dump-extended.sql", "dump-skip-extended.sql"] {
        let dump = data(name);
        assert_eq!(
            detect_prefix(dump.as_slice()).unwrap().as_deref(),
            Some("yeswiki_"),
            "{name}"
        );
        let records = sound(&dump, "yeswiki_");
        let count = |f: fn(&Record) -> bool| records.iter().filter(|r| f(r)).count();
        assert_eq!(count(|r| matches!(r, Record::Page(_))), 124, "{name}");
        assert_eq!(count(|r| matches!(r, Record::User(_))), 5, "{name}");
        assert_eq!(count(|r| matches!(r, Record::Acl(_))), 108, "{name}");
        assert_eq!(count(|r| matches!(r, Record::Triple(_))), 61, "{name}");
        assert_eq!(count(|r| matches!(r, Record::Form(_))), 6, "{name}");
        let pages = pages(&records);
        let tags: BTreeSet<&str> = pages.iter().map(|p| p.tag.as_str()).collect();
        assert_eq!(tags.len(), 89);
        assert_eq!(pages.iter().filter(|p| p.latest).count(), 89);

        // Every revision, field by field, its body by its SHA-256.
        let by_id: HashMap<u64, &PageRow> = pages.iter().map(|p| (p.id, *p)).collect();
        let mut checked = 0;
        for page in manifest["pages"].as_array().unwrap() {
            for revision in page["revisions"].as_array().unwrap() {
                let id = revision["id"].as_u64().unwrap();
                let row = by_id[&id];
                assert_eq!(row.tag, page["tag"].as_str().unwrap());
                assert_eq!(row.time, at(revision["time"].as_str().unwrap()));
                assert_eq!(row.user, revision["user"].as_str().unwrap());
                assert_eq!(row.owner, revision["owner"].as_str().unwrap());
                assert_eq!(row.latest, revision["latest"].as_bool().unwrap());
                assert_eq!(
                    row.comment_on,
                    revision["comment_on"].as_str().unwrap_or_default()
                );
                assert_eq!(row.body.len() as u64, revision["bytes"].as_u64().unwrap());
                assert_eq!(
                    hex::encode(Sha256::digest(row.body.as_bytes())),
                    revision["sha256"].as_str().unwrap(),
                    "revision {id} of {}",
                    row.tag
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 124);

        for user in manifest["users"].as_array().unwrap() {
            let name = user["name"].as_str().unwrap();
            let row = records
                .iter()
                .find_map(|r| match r {
                    Record::User(u) if u.name == name => Some(u),
                    _ => None,
                })
                .unwrap();
            assert_eq!(row.email, user["email"].as_str().unwrap());
            assert!(row.password.starts_with("$2y$13$"), "{}", row.password);
            assert_eq!(
                row.signup_time,
                Some(at(user["signuptime"].as_str().unwrap()))
            );
        }

        let forms: Vec<&FormRow> = records
            .iter()
            .filter_map(|r| match r {
                Record::Form(f) => Some(f),
                _ => None,
            })
            .collect();
        for (form, expected) in forms.iter().zip(manifest["forms"].as_array().unwrap()) {
            assert_eq!(u64::from(form.id), expected["id"].as_u64().unwrap());
            assert_eq!(form.label, expected["label"].as_str().unwrap());
            assert_eq!(form.description, expected["description"].as_str().unwrap());
            assert_eq!(form.template, expected["template"].as_str().unwrap());
            assert_eq!(form.sem_type, expected["sem_type"].as_str().unwrap());
        }
        assert_eq!(forms[4].label, "Méthode d'animation");

        let groups = records
            .iter()
            .find_map(|r| match r {
                Record::Triple(t) if t.resource == "ThisWikiGroup:animateurs" => Some(t),
                _ => None,
            })
            .unwrap();
        assert_eq!(groups.value, "CamilleMartin\nYannickLeGall");
        assert!(records.contains(&Record::Acl(AclRow {
            page_tag: "CharteDesAnimateurs".into(),
            privilege: "write".into(),
            list: "@admins".into(),
        })));
    }
}

#[test]
fn both_real_dumps_give_the_same_records() {
    let extended = sound(&data("dump-extended.sql"), "yeswiki_");
    let one_by_one = sound(&data("dump-skip-extended.sql"), "yeswiki_");
    assert_eq!(extended, one_by_one);
}

#[test]
fn a_real_dump_through_a_tiny_buffer_reads_the_same() {
    // Every statement, row and string crosses buffer boundaries.
    let dump = data("dump-extended.sql");
    let (records, problems) = read_with(
        BufReader::with_capacity(3, dump.as_slice()),
        "yeswiki_",
        MAX_STATEMENT_BYTES,
    );
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(records, sound(&dump, "yeswiki_"));
}

/// The real dump, cut at `at` bytes.
fn cut(name: &str, at: usize) -> Vec<u8> {
    let mut dump = data(name);
    dump.truncate(at);
    dump
}

#[test]
fn a_dump_cut_inside_a_row_yields_the_rows_before_then_a_problem() {
    let full = data("dump-extended.sql");
    let text = String::from_utf8(full.clone()).unwrap();
    // Inside the body of page 50: the statement holding all pages is cut mid-string.
    let row = text.find("\n(50,'").unwrap();
    let at = row + 8;
    let (records, problems) = read(&cut("dump-extended.sql", at), "yeswiki_");
    let pages = pages(&records);
    assert_eq!(pages.len(), 49);
    assert_eq!(pages.last().unwrap().id, 49);
    // The acls, links and nature tables come before pages.
    assert_eq!(records.len(), 108 + 6 + 49);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let line = text[..row + 1].lines().count() as u64 + 1;
    assert_eq!(problems[0].line, line);
    assert_eq!(problems[0].row, Some(50));
    assert_eq!(problems[0].table.as_deref(), Some("yeswiki_pages"));
    assert!(problems[0].message.contains("cut"), "{}", problems[0]);

    // With one row per statement, the same.
    let full = data("dump-skip-extended.sql");
    let text = String::from_utf8(full).unwrap();
    let row = text.find("VALUES (50,'").unwrap();
    let (records, problems) = read(&cut("dump-skip-extended.sql", row + 15), "yeswiki_");
    assert_eq!(self::pages(&records).len(), 49);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].row, Some(1));
}

#[test]
fn a_dump_cut_at_any_byte_yields_a_prefix_of_its_records() {
    let dump = data("dump-extended.sql");
    let full = sound(&dump, "yeswiki_");
    for at in (0..dump.len()).step_by(997) {
        let (records, problems) = read(&dump[..at], "yeswiki_");
        assert!(records.len() <= full.len());
        assert_eq!(records[..], full[..records.len()], "cut at {at}");
        // A cut is reported once at most (there is no statement after it).
        assert!(problems.len() <= 1, "cut at {at}: {problems:#?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-made dumps

const PAGES_TABLE: &str = "CREATE TABLE `{p}pages` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `tag` varchar(191) NOT NULL,
  `time` datetime NOT NULL,
  `body` longtext NOT NULL,
  `body_r` text NOT NULL,
  `owner` varchar(191) NOT NULL,
  `user` varchar(191) NOT NULL,
  `latest` enum('Y','N') NOT NULL DEFAULT 'N',
  `handler` varchar(30) NOT NULL DEFAULT 'page',
  `comment_on` varchar(191) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET={charset};
";

const USERS_TABLE: &str = "CREATE TABLE `{p}users` (
  `name` varchar(80) NOT NULL,
  `password` varchar(256) NOT NULL,
  `email` varchar(191) NOT NULL,
  `motto` text NOT NULL,
  `revisioncount` int(10) unsigned NOT NULL DEFAULT 20,
  `changescount` int(10) unsigned NOT NULL DEFAULT 50,
  `doubleclickedit` enum('Y','N') NOT NULL DEFAULT 'Y',
  `signuptime` datetime NOT NULL,
  `show_comments` enum('Y','N') NOT NULL DEFAULT 'N',
  PRIMARY KEY (`name`)
) ENGINE=InnoDB DEFAULT CHARSET={charset};
";

fn tables(prefix: &str, charset: &str) -> String {
    [PAGES_TABLE, USERS_TABLE]
        .iter()
        .map(|t| t.replace("{p}", prefix).replace("{charset}", charset))
        .collect()
}

/// A page row's values with `body` (already escaped).
fn page_values(id: u64, tag: &str, body: &str) -> String {
    format!(
        "({id},'{tag}','2024-05-02 09:25:00','{body}','','WikiAdmin','WikiAdmin','Y','page','')"
    )
}

fn page(id: u64, tag: &str, body: &str) -> PageRow {
    PageRow {
        id,
        tag: tag.into(),
        time: at("2024-05-02 09:25:00"),
        body: body.into(),
        owner: "WikiAdmin".into(),
        user: "WikiAdmin".into(),
        latest: true,
        handler: "page".into(),
        comment_on: String::new(),
    }
}

fn small_site(prefix: &str) -> String {
    format!(
        "{}INSERT INTO `{prefix}pages` VALUES {},{};\n\
         INSERT INTO `{prefix}users` VALUES ('Ana','$2y$13$x','ana@example.org','',20,50,'Y','2024-05-03 18:21:01','N');\n",
        tables(prefix, "utf8mb4"),
        page_values(1, "PagePrincipale", "Bonjour"),
        page_values(2, "Autre", "Texte"),
    )
}

fn small_site_records() -> Vec<Record> {
    vec![
        Record::Page(page(1, "PagePrincipale", "Bonjour")),
        Record::Page(page(2, "Autre", "Texte")),
        Record::User(UserRow {
            name: "Ana".into(),
            password: "$2y$13$x".into(),
            email: "ana@example.org".into(),
            signup_time: Some(at("2024-05-03 18:21:01")),
        }),
    ]
}

#[test]
fn any_prefix_is_detected_and_read() {
    for prefix in ["wiki2_", "", "YesWiki"] {
        let dump = small_site(prefix);
        assert_eq!(
            detect_prefix(dump.as_bytes()).unwrap().as_deref(),
            Some(prefix)
        );
        assert_eq!(sound(dump.as_bytes(), prefix), small_site_records());
        // Another prefix reads nothing, and says nothing: other tables are normal.
        assert_eq!(sound(dump.as_bytes(), "other_"), vec![]);
    }
}

#[test]
fn prefixes_are_told_from_other_tables_and_from_each_other() {
    // `wp_pages` without `wp_users` is not a site; the tables of other applications are skipped.
    let dump = format!(
        "CREATE TABLE wp_pages (id int);\nINSERT INTO wp_pages VALUES (1),(2);\n{}",
        small_site("yw_")
    );
    assert_eq!(
        detect_prefix(dump.as_bytes()).unwrap().as_deref(),
        Some("yw_")
    );
    assert_eq!(sound(dump.as_bytes(), "yw_"), small_site_records());

    let two = format!("{}{}", small_site("a_"), small_site("b_"));
    match detect_prefix(two.as_bytes()) {
        Err(PrefixError::Ambiguous(prefixes)) => assert_eq!(prefixes, ["a_", "b_"]),
        other => panic!("{other:?}"),
    }
    assert_eq!(detect_prefix(&b"SELECT 1;"[..]).unwrap(), None);
    // A data-only dump (`--no-create-info`) names its tables in its INSERTs.
    let data_only = "INSERT INTO `x_pages` VALUES (1);\nINSERT INTO x_users VALUES ('a');\n";
    assert_eq!(
        detect_prefix(data_only.as_bytes()).unwrap().as_deref(),
        Some("x_")
    );
}

#[test]
fn complete_inserts_follow_their_column_list() {
    // `mysqldump --complete-insert`, columns in an order of their own.
    let dump = format!(
        "{}INSERT INTO `yeswiki_pages` (`tag`, `id`, `body`, `time`, `latest`, `owner`, `user`, \
         `handler`, `comment_on`, `body_r`) VALUES \
         ('Autre',2,'Texte','2024-05-02 09:25:00','Y','WikiAdmin','WikiAdmin','page','','');\n\
         REPLACE INTO yeswiki_users (name, email, password, signuptime) VALUES \
         ('Ana','ana@example.org','$2y$13$x','2024-05-03 18:21:01');\n",
        tables("yeswiki_", "utf8mb4")
    );
    assert_eq!(
        sound(dump.as_bytes(), "yeswiki_"),
        small_site_records()[1..]
    );
}

#[test]
fn a_dump_without_create_table_uses_yeswiki_column_order() {
    let dump = format!(
        "INSERT IGNORE INTO `yeswiki_pages` VALUES {};\n\
         INSERT INTO yeswiki_acls VALUES ('Autre','read','*');\n\
         INSERT INTO yeswiki_triples VALUES (1,'ThisWikiGroup:admins','http://www.wikini.net/_vocabulary/acls','Ana');\n\
         INSERT INTO yeswiki_nature VALUES (5,'Méthode','Des méthodes','','','Event',0,'texte***bf_titre***Nom','fr-FR','N',NULL);\n",
        page_values(2, "Autre", "Texte")
    );
    assert_eq!(
        sound(dump.as_bytes(), "yeswiki_"),
        vec![
            Record::Page(page(2, "Autre", "Texte")),
            Record::Acl(AclRow {
                page_tag: "Autre".into(),
                privilege: "read".into(),
                list: "*".into()
            }),
            Record::Triple(TripleRow {
                id: 1,
                resource: "ThisWikiGroup:admins".into(),
                property: "http://www.wikini.net/_vocabulary/acls".into(),
                value: "Ana".into()
            }),
            Record::Form(FormRow {
                id: 5,
                label: "Méthode".into(),
                description: "Des méthodes".into(),
                template: "texte***bf_titre***Nom".into(),
                sem_type: "Event".into()
            }),
        ]
    );
}

#[test]
fn a_latin1_dump_with_windows_1252_bytes_is_decoded() {
    let mut dump = b"/*!40101 SET NAMES latin1 */;\n".to_vec();
    dump.extend(tables("yeswiki_", "latin1").as_bytes());
    dump.extend(b"INSERT INTO `yeswiki_pages` VALUES ");
    // é, € (0x80), ’ (0x92), œ (0x9C), and the French « créé » with no-break spaces, whose
    // bytes E9 A0 BB are also valid UTF-8.
    let body = b"\xc9t\xe9 \x80 l\x92\x9cuvre \xab\xa0cr\xe9\xe9\xa0\xbb";
    dump.extend(
        page_values(1, "Page", "BODY")
            .replace("BODY", "\u{0}")
            .as_bytes(),
    );
    let at = dump.iter().position(|&b| b == 0).unwrap();
    dump.splice(at..=at, body.iter().copied());
    dump.extend(b";\n");
    let records = sound(&dump, "yeswiki_");
    assert_eq!(bodies(&records), ["Été € l’œuvre «\u{a0}créé\u{a0}»"]);
}

#[test]
fn a_latin1_table_holding_utf8_bytes_is_read_as_utf8() {
    // YesWiki wrote UTF-8 through a latin1 connection, and the dump kept the bytes.
    let dump = format!(
        "/*!40101 SET NAMES latin1 */;\n{}INSERT INTO `yeswiki_pages` VALUES {};\n",
        tables("yeswiki_", "latin1"),
        page_values(1, "Page", "Été à la fête « créé »")
    );
    assert_eq!(
        bodies(&sound(dump.as_bytes(), "yeswiki_")),
        ["Été à la fête « créé »"]
    );
}

#[test]
fn double_encoded_utf8_is_repaired_in_latin1_tables_only() {
    // UTF-8 bytes in a latin1 column, dumped through a utf8mb4 connection: each byte became a
    // character.
    let twice = "Ã‰tÃ© Ã\u{a0} la fÃªte â€” Â«Â\u{a0}crÃ©Ã©Â\u{a0}Â»";
    for (charset, expected) in [
        ("latin1", "Été à la fête — «\u{a0}créé\u{a0}»"),
        ("utf8mb4", twice),
    ] {
        let dump = format!(
            "/*!40101 SET NAMES utf8mb4 */;\n{}INSERT INTO `yeswiki_pages` VALUES {};\n",
            tables("yeswiki_", charset),
            page_values(1, "Page", twice)
        );
        assert_eq!(bodies(&sound(dump.as_bytes(), "yeswiki_")), [expected]);
    }
    // Text in a latin1 column that is not UTF-8 twice stays as it is.
    let dump = format!(
        "{}INSERT INTO `yeswiki_pages` VALUES {};\n",
        tables("yeswiki_", "latin1"),
        page_values(1, "Page", "Ã€ propos: Ã and ©, 2 €")
    );
    assert_eq!(
        bodies(&sound(dump.as_bytes(), "yeswiki_")),
        ["Ã€ propos: Ã and ©, 2 €"]
    );
}

#[test]
fn a_column_declared_latin1_is_repaired_in_a_utf8mb4_table() {
    let dump = "CREATE TABLE `yeswiki_acls` (\n\
        `page_tag` varchar(191) CHARACTER SET latin1 NOT NULL,\n\
        `privilege` varchar(20) NOT NULL,\n\
        `list` text NOT NULL\n\
        ) DEFAULT CHARSET=utf8mb4;\n\
        INSERT INTO yeswiki_acls VALUES ('FÃªte','read','FÃªte');\n";
    assert_eq!(
        sound(dump.as_bytes(), "yeswiki_"),
        [Record::Acl(AclRow {
            page_tag: "Fête".into(),
            privilege: "read".into(),
            list: "FÃªte".into()
        })]
    );
}

#[test]
fn mixed_encodings_are_decoded_value_by_value() {
    // A site that moved from latin1 to UTF-8: old revisions in latin1, new ones in UTF-8, in
    // one statement, and a UTF-8 tag next to a latin1 body in one row.
    let mut dump = tables("yeswiki_", "utf8mb4").into_bytes();
    dump.extend(b"INSERT INTO `yeswiki_pages` VALUES ");
    dump.extend(b"(1,'F\xc3\xaate','2024-05-02 09:25:00','f\xeate d\x92\xe9t\xe9','','A','A','N','page',''),");
    dump.extend(b"(2,'F\xc3\xaate','2024-05-02 09:25:00','f\xc3\xaate d\xe2\x80\x99\xc3\xa9t\xc3\xa9','','A','A','Y','page','');\n");
    let records = sound(&dump, "yeswiki_");
    let pages = pages(&records);
    assert_eq!(pages[0].tag, "Fête");
    assert_eq!(pages[0].body, "fête d’été");
    assert_eq!(pages[1].body, "fête d’été");
}

#[test]
fn text_is_normalised_to_nfc() {
    let dump = format!(
        "{}INSERT INTO `yeswiki_pages` VALUES {};\n",
        tables("yeswiki_", "utf8mb4"),
        page_values(1, "Fe\u{302}te", "cre\u{301}e\u{301}")
    );
    let records = sound(dump.as_bytes(), "yeswiki_");
    assert_eq!(pages(&records)[0].tag, "Fête");
    assert_eq!(pages(&records)[0].body, "créé");
}

#[test]
fn sql_and_script_in_strings_stay_text() {
    let hostile = [
        (r"\'); DROP TABLE x; --", "'); DROP TABLE x; --"),
        (
            r"\'); DELETE FROM yeswiki_users; #",
            "'); DELETE FROM yeswiki_users; #",
        ),
        (r"a */ ; /* b", "a */ ; /* b"),
        (
            r#"<script>alert(\"x\")</script><img src=x onerror=alert(1)>"#,
            r#"<script>alert("x")</script><img src=x onerror=alert(1)>"#,
        ),
        (r"it''s doubled", "it's doubled"),
        (r"\\', 'extra", r"\"),
    ];
    for (escaped, expected) in hostile {
        // The last case closes its string early: the row then has too many values.
        let dump = format!(
            "{}INSERT INTO `yeswiki_pages` VALUES {},{};\n",
            tables("yeswiki_", "utf8mb4"),
            page_values(1, "Page", escaped),
            page_values(2, "Suite", "ok"),
        );
        let (records, problems) = read(dump.as_bytes(), "yeswiki_");
        if expected == r"\" {
            assert_eq!(problems.len(), 1, "{problems:#?}");
            assert_eq!(bodies(&records), ["ok"]);
        } else {
            assert!(problems.is_empty(), "{escaped}: {problems:#?}");
            assert_eq!(bodies(&records), [expected, "ok"], "{escaped}");
        }
    }
}

#[test]
fn a_row_with_the_wrong_number_of_values_is_reported_and_the_others_read() {
    let dump = format!(
        "{}INSERT INTO `yeswiki_pages` VALUES {},\n(2,'Court','2024-05-02 09:25:00','x'),\n{};\n",
        tables("yeswiki_", "utf8mb4"),
        page_values(1, "Un", "a"),
        page_values(3, "Trois", "c"),
    );
    let (records, problems) = read(dump.as_bytes(), "yeswiki_");
    assert_eq!(bodies(&records), ["a", "c"]);
    assert_eq!(problems.len(), 1);
    let line = dump.lines().position(|l| l.starts_with("(2,")).unwrap() as u64 + 1;
    assert_eq!(
        problems[0],
        Problem {
            line,
            row: Some(2),
            table: Some("yeswiki_pages".into()),
            message: "4 values for 10 columns: skipped".into(),
        }
    );
    assert_eq!(
        problems[0].to_string(),
        format!("line {line}, row 2 (yeswiki_pages): 4 values for 10 columns: skipped")
    );
}

#[test]
fn bad_values_cost_their_row_only() {
    let rows = [
        page_values(1, "Un", "a"),
        "(2,'Zero','0000-00-00 00:00:00','b','','A','A','Y','page','')".into(),
        "(3,'Fonction',NOW(),'c','','A','A','Y','page','')".into(),
        "(-4,'Negatif','2024-05-02 09:25:00','d','','A','A','Y','page','')".into(),
        "(5,'Latest','2024-05-02 09:25:00','e','','A','A','Peut-être','page','')".into(),
        "(6,'Syntaxe','2024-05-02 09:25:00','f' 'g' + ,'','A','A','Y','page','')".into(),
        page_values(7, "Sept", "h"),
        "('8',NULL,'2024-05-02 09:25:00',NULL,'',NULL,'A','N',NULL,NULL)".into(),
    ];
    let dump = format!(
        "{}INSERT INTO `yeswiki_pages` VALUES {};\n",
        tables("yeswiki_", "utf8mb4"),
        rows.join(",\n")
    );
    let (records, problems) = read(dump.as_bytes(), "yeswiki_");
    let pages = pages(&records);
    assert_eq!(
        pages.iter().map(|p| p.id).collect::<Vec<_>>(),
        [1, 7, 8],
        "{problems:#?}"
    );
    // NULL is empty text; a quoted number is a number.
    assert_eq!((pages[2].tag.as_str(), pages[2].body.as_str()), ("", ""));
    assert_eq!(
        problems.iter().map(|p| p.row.unwrap()).collect::<Vec<_>>(),
        [2, 3, 4, 5, 6]
    );
    assert!(
        problems[0].message.contains("not a date"),
        "{}",
        problems[0]
    );
    assert!(
        problems[1].message.contains("not a literal"),
        "{}",
        problems[1]
    );
    for (problem, line) in problems.iter().zip(2..) {
        let first = dump.lines().position(|l| l.starts_with("INSERT")).unwrap() as u64;
        assert_eq!(problem.line, first + line);
    }
}

#[test]
fn a_user_signed_up_at_the_zero_date_has_no_signup_time() {
    let dump = "INSERT INTO yeswiki_users VALUES \
        ('Ana','md5','a@example.org','',20,50,'Y','0000-00-00 00:00:00','N');";
    let records = read(dump.as_bytes(), "yeswiki_").0;
    assert_eq!(
        records,
        [Record::User(UserRow {
            name: "Ana".into(),
            password: "md5".into(),
            email: "a@example.org".into(),
            signup_time: None,
        })]
    );
}

#[test]
fn a_row_over_the_cap_is_skipped_without_being_held() {
    let big = "x".repeat(10_000);
    let dump = format!(
        "{}INSERT INTO `yeswiki_pages` VALUES {},{},{};\n{}",
        tables("yeswiki_", "utf8mb4"),
        page_values(1, "Un", "a"),
        page_values(2, "Enorme", &big),
        page_values(3, "Trois", "c"),
        "INSERT INTO `yeswiki_pages` VALUES (4, 'Quatre', ".to_owned()
            + &format!("'2024-05-02 09:25:00','{big}','','A','A','Y','page','');\n"),
    );
    let (records, problems) = read_with(dump.as_bytes(), "yeswiki_", 4096);
    assert_eq!(bodies(&records), ["a", "c"]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(problems[0].row, Some(2));
    assert_eq!(problems[1].row, Some(1));
    assert!(
        problems[0].message.contains("more than the 4096"),
        "{}",
        problems[0]
    );
    // With the usual cap, it is read.
    assert_eq!(read(dump.as_bytes(), "yeswiki_").0.len(), 4);
}

#[test]
fn a_create_table_over_the_cap_is_reported() {
    let comment = "y".repeat(5000);
    let dump = format!(
        "CREATE TABLE `yeswiki_acls` (`page_tag` varchar(191) COMMENT '{comment}', \
         `privilege` varchar(20), `list` text);\n\
         INSERT INTO yeswiki_acls VALUES ('P','read','*');\n"
    );
    let (records, problems) = read_with(dump.as_bytes(), "yeswiki_", 4096);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].line, 1);
    assert!(problems[0].row.is_none());
    // YesWiki's column order is then assumed.
    assert_eq!(records.len(), 1);
}

#[test]
fn unknown_tables_are_skipped_silently_even_when_enormous() {
    let big = "z".repeat(50_000);
    let dump = format!(
        "CREATE TABLE wp_posts (id int, body longtext);\n\
         INSERT INTO wp_posts VALUES (1, '{big}'), (2, 'x');\n\
         INSERT INTO `yeswiki_links` VALUES (1,'A','B');\n{}",
        small_site("yeswiki_")
    );
    assert_eq!(sound_with(dump.as_bytes(), 1024), small_site_records());
}

fn sound_with<R: BufRead>(dump: R, cap: usize) -> Vec<Record> {
    let (records, problems) = read_with(dump, "yeswiki_", cap);
    assert!(problems.is_empty(), "{problems:#?}");
    records
}

#[test]
fn comments_conditional_comments_and_the_sandbox_line_are_skipped() {
    let dump = format!(
        "/*M!999999\\- enable the sandbox mode */ \n\
         -- MariaDB dump; with a semicolon\n\
         # a hash comment; too\n\
         /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;\n\
         /* a comment with 'a quote */\n\
         {}LOCK TABLES `yeswiki_pages` WRITE;\n\
         /*!40000 ALTER TABLE `yeswiki_pages` DISABLE KEYS */;\n\
         INSERT /* hint */ INTO `yeswiki_pages` -- comment (with a parenthesis\n\
         VALUES {} /* between; rows */ , # another\n\
         {};\n\
         UNLOCK TABLES;\n\
         INSERT INTO `yeswiki_users` VALUES ('Ana','$2y$13$x','ana@example.org','',20,50,'Y',\
         '2024-05-03 18:21:01','N')",
        tables("yeswiki_", "utf8mb4"),
        page_values(1, "PagePrincipale", "Bonjour"),
        page_values(2, "Autre", "Texte"),
    );
    let (records, problems) = read(dump.as_bytes(), "yeswiki_");
    assert_eq!(records, small_site_records());
    // The last statement has no `;`: read, and reported, as the file may be cut.
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].message.contains("no delimiter"));
}

#[test]
fn a_byte_order_mark_and_windows_line_ends_are_read_through() {
    let dump = format!("\u{feff}{}", small_site("yeswiki_").replace('\n', "\r\n"));
    assert_eq!(
        detect_prefix(dump.as_bytes()).unwrap().as_deref(),
        Some("yeswiki_")
    );
    assert_eq!(
        sound_with(
            BufReader::with_capacity(1, dump.as_bytes()),
            MAX_STATEMENT_BYTES
        ),
        small_site_records()
    );
}

#[test]
fn insert_modifiers_are_accepted() {
    let dump = "INSERT DELAYED IGNORE INTO yeswiki_acls VALUES ('P','read','*');\n\
                INSERT LOW_PRIORITY INTO `db`.`yeswiki_acls` VALUES ('P','write','*');\n\
                REPLACE yeswiki_acls VALUE ('P','comment','+');\n\
                insert into YESWIKI_ACLS values('Q','read','*');\n";
    assert_eq!(sound(dump.as_bytes(), "yeswiki_").len(), 4);
}

#[test]
fn delimiter_commands_are_followed() {
    let dump = format!(
        "{}DELIMITER ;;\n\
         CREATE TRIGGER t BEFORE INSERT ON yeswiki_pages FOR EACH ROW BEGIN\n\
           INSERT INTO yeswiki_pages VALUES (99); SET @x = 1;\n\
         END ;;\n\
         DELIMITER ;\n\
         INSERT INTO `yeswiki_pages` VALUES {},{};\n\
         INSERT INTO `yeswiki_users` VALUES ('Ana','$2y$13$x','ana@example.org','',20,50,'Y',\
         '2024-05-03 18:21:01','N');\n",
        tables("yeswiki_", "utf8mb4"),
        page_values(1, "PagePrincipale", "Bonjour"),
        page_values(2, "Autre", "Texte"),
    );
    assert_eq!(sound(dump.as_bytes(), "yeswiki_"), small_site_records());
}

#[test]
fn text_after_the_rows_is_reported_unless_it_is_on_duplicate_key() {
    let dump = "INSERT INTO yeswiki_acls VALUES ('P','read','*') \
                ON DUPLICATE KEY UPDATE list = VALUES(list);\n\
                INSERT INTO yeswiki_acls VALUES ('P','write','*') ('P','comment','+');\n";
    let (records, problems) = read(dump.as_bytes(), "yeswiki_");
    assert_eq!(records.len(), 2);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].message.contains("('P','comment','+')"),
        "{}",
        problems[0]
    );
    assert_eq!(problems[0].line, 2);
}

#[test]
fn literals_of_every_kind_are_read() {
    let dump = "INSERT INTO yeswiki_triples VALUES \
        (1, X'C3A9', \"double \\\"quoted\\\"\", _utf8mb4'introduced'),\
        ('2', 0x6869, N'national', 'a' 'b'),\
        (+3, 'tab\\there\\Z\\0', 'c', 'd');";
    let records = sound(dump.as_bytes(), "yeswiki_");
    assert_eq!(
        records,
        [
            Record::Triple(TripleRow {
                id: 1,
                resource: "é".into(),
                property: "double \"quoted\"".into(),
                value: "introduced".into()
            }),
            Record::Triple(TripleRow {
                id: 2,
                resource: "hi".into(),
                property: "national".into(),
                value: "ab".into()
            }),
            Record::Triple(TripleRow {
                id: 3,
                resource: "tab\there\u{1a}\0".into(),
                property: "c".into(),
                value: "d".into()
            }),
        ]
    );
}

#[test]
fn an_insert_missing_a_needed_column_is_reported_once() {
    let dump = "INSERT INTO yeswiki_acls (page_tag, list) VALUES ('P','*'),('Q','+');\n\
                INSERT INTO yeswiki_acls SELECT * FROM elsewhere;\n\
                INSERT INTO yeswiki_acls VALUES ('R','read','*')";
    let (records, problems) = read(dump.as_bytes(), "yeswiki_");
    assert_eq!(records.len(), 1);
    let messages: Vec<_> = problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                1,
                "no column `privilege`: the rows of this INSERT are not read"
            ),
            (2, "INSERT without VALUES rows: not read"),
            (
                3,
                "the last statement has no delimiter: the dump may be cut"
            ),
        ]
    );
}

/// Fails after `ok` bytes.
struct Failing {
    data: Vec<u8>,
    ok: usize,
}

impl Read for Failing {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.ok == 0 {
            return Err(io::Error::other("disk on fire"));
        }
        let n = buf.len().min(self.ok).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data.drain(..n);
        self.ok -= n;
        Ok(n)
    }
}

#[test]
fn a_read_error_is_a_problem_and_the_end() {
    let dump = small_site("yeswiki_").into_bytes();
    let ok = dump.len() - 20;
    let input = BufReader::new(Failing { data: dump, ok });
    let items: Vec<_> = Reader::new(input, "yeswiki_").collect();
    assert_eq!(items.len(), 3, "{items:#?}");
    assert!(items[..2].iter().all(Result::is_ok));
    let Err(problem) = &items[2] else {
        panic!("{items:#?}")
    };
    assert!(problem.message.contains("disk on fire"), "{problem}");

    let input = BufReader::new(Failing {
        data: small_site("yeswiki_").into_bytes(),
        ok: 100,
    });
    assert!(matches!(detect_prefix(input), Err(PrefixError::Io(_))));
}

// ---------------------------------------------------------------------------------------------
// Properties

/// Escapes text the way mysqldump does (`mysql_real_escape_string`).
fn mysqldump_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            '\u{1a}' => out.push_str("\\Z"),
            c => out.push(c),
        }
    }
    out
}

/// Pieces of dumps, to make inputs that reach past the lexer.
fn fragment() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..8),
        prop::sample::select(vec![
            "INSERT INTO `yeswiki_pages` VALUES ",
            "INSERT INTO yeswiki_acls (page_tag, privilege, list) VALUES ",
            "REPLACE INTO yeswiki_users VALUES ",
            "CREATE TABLE `yeswiki_acls` (`page_tag` text, `list` text) CHARSET=latin1",
            "CREATE TABLE `pages` (",
            "SET NAMES latin1",
            "/*!40101 SET NAMES latin1 */",
            "(1,'Tag','2024-05-02 09:25:00','body','','A','B','Y','page','')",
            "('P','read','*')",
            "(",
            ")",
            "'",
            "\"",
            "`",
            "\\",
            ",",
            ";",
            "/*",
            "*/",
            "-- ",
            "#",
            "\n",
            "DELIMITER ;;\n",
            "DELIMITER ;\n",
            "NULL",
            "0x",
            "X'",
            "_binary",
            "é",
            "\u{301}",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_bytes_are_read_to_their_end_without_panic(
        parts in prop::collection::vec(fragment(), 0..40),
        cap in prop::sample::select(vec![16usize, 200, MAX_STATEMENT_BYTES]),
        buffer in 1usize..64,
    ) {
        let dump = parts.concat();
        let _ = detect_prefix(BufReader::with_capacity(buffer, dump.as_slice()));
        for prefix in ["yeswiki_", ""] {
            let reader = Reader::with_cap(
                BufReader::with_capacity(buffer, dump.as_slice()), prefix, cap);
            // Each item comes from at least one byte, plus one for the end.
            let items = reader.take(dump.len() + 2).count();
            prop_assert!(items <= dump.len() + 1);
        }
    }

    #[test]
    fn a_body_reads_back_as_written(body in any::<String>(), tag in "[A-Za-zé]{1,20}") {
        let dump = format!(
            "{}INSERT INTO `yeswiki_pages` VALUES {},{};\n",
            tables("yeswiki_", "utf8mb4"),
            page_values(1, &tag, &mysqldump_escape(&body)),
            page_values(2, "Suite", "ok"),
        );
        let records = sound(dump.as_bytes(), "yeswiki_");
        let expected = nfc(body.clone());
        prop_assert_eq!(bodies(&records), vec![expected.as_str(), "ok"]);
        // The same, cut into one-byte reads.
        let (again, _) = read_with(
            BufReader::with_capacity(1, dump.as_bytes()), "yeswiki_", MAX_STATEMENT_BYTES);
        prop_assert_eq!(again, records);
    }
}
