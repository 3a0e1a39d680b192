#!/usr/bin/env python3
"""Writes a generated YesWiki site as `mysqldump` would (extended inserts), for the import
benchmark (`bench/import.sh`): PAGES wiki pages with REVISIONS revisions in all, ENTRIES Bazar
entries of one form with two lists, a few hundred accounts and the permissions of some pages.
Deterministic: the same arguments give the same bytes.

usage: yeswiki-dump.py PAGES REVISIONS ENTRIES [TSV] > site.sql

With TSV, the revisions (tag, time, text) are also written there in PostgreSQL's COPY format:
the benchmark's reference is PostgreSQL loading them itself.
"""

import json
import random
import sys

PAGES, REVISIONS, ENTRIES = (int(a) for a in sys.argv[1:4])
tsv = open(sys.argv[4], "w", encoding="utf-8") if len(sys.argv) > 4 else None
rng = random.Random(42)
out = sys.stdout
USERS = [f"Animateur{i}" for i in range(200)]
WORDS = ("cercle parole écoute groupe décision consentement idée tour table post-it "
         "facilitation méthode atelier plénière bocal poissons forum ouvert café monde "
         "énergie clôture ouverture récolte synthèse").split()


def esc(text):
    return "'" + (text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
                  .replace("\r", "\\r")) + "'"


def words(n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def page_body(tag, version):
    lines = [f"======{tag}======", "", f"**{words(3)}** //{words(2)}// {words(30)}", ""]
    for step in range(rng.randint(2, 8)):
        lines.append(f" - {words(8)} [[{rng.choice(tags)} {words(2)}]]")
    lines += ["", f"====Version {version}====", words(60), "",
              "{{attach file=\"plan.png\" desc=\"plan\" size=\"medium\" class=\"right\"}}",
              f"[[https://exemple.org/{tag} lien]] @@{words(2)}@@ __{words(2)}__", ""]
    return "\n".join(lines)


def time_of(i):
    seconds = 1_700_000_000 + i * 37
    day, rest = divmod(seconds - 1_700_000_000, 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    month, mday = divmod(day, 28)
    return f"{2024 + month // 12}-{month % 12 + 1:02d}-{mday + 1:02d} {h:02d}:{m:02d}:{s:02d}"


def insert(table, rows, per_statement=200):
    for start in range(0, len(rows), per_statement):
        chunk = rows[start:start + per_statement]
        out.write(f"INSERT INTO `yeswiki_{table}` VALUES " +
                  ",".join("(" + ",".join(chunk_row) + ")" for chunk_row in chunk) + ";\n")


tags = [f"PageMethode{i}" for i in range(PAGES)]
entries = [f"FicheMethode{i}" for i in range(ENTRIES)]
out.write("/*M!999999\\- enable the sandbox mode */ \n-- MariaDB dump 10.19\n")
out.write("/*!40101 SET NAMES utf8mb4 */;\n")
schemas = {
    "acls": "`page_tag` varchar(191) NOT NULL, `privilege` varchar(20) NOT NULL, `list` text NOT NULL",
    "nature": "`bn_id_nature` int(10) unsigned NOT NULL, `bn_label_nature` varchar(255), `bn_description` text, "
              "`bn_condition` text, `bn_sem_context` text, `bn_sem_type` varchar(255), "
              "`bn_sem_use_template` tinyint(1) NOT NULL, `bn_template` text NOT NULL, `bn_ce_i18n` varchar(5) NOT NULL, "
              "`bn_only_one_entry` enum('Y','N') NOT NULL, `bn_only_one_entry_message` text",
    "pages": "`id` int(10) unsigned NOT NULL, `tag` varchar(191) NOT NULL, `time` datetime NOT NULL, `body` longtext NOT NULL, "
             "`body_r` text NOT NULL, `owner` varchar(191) NOT NULL, `user` varchar(191) NOT NULL, "
             "`latest` enum('Y','N') NOT NULL, `handler` varchar(30) NOT NULL, `comment_on` varchar(191) NOT NULL",
    "triples": "`id` int(10) unsigned NOT NULL, `resource` varchar(255) NOT NULL, `property` varchar(255) NOT NULL, `value` text NOT NULL",
    "users": "`name` varchar(80) NOT NULL, `password` varchar(255) NOT NULL, `email` varchar(254) NOT NULL, `motto` text NOT NULL, "
             "`revisioncount` int(10) unsigned NOT NULL, `changescount` int(10) unsigned NOT NULL, "
             "`doubleclickedit` enum('Y','N') NOT NULL, `signuptime` datetime NOT NULL, `show_comments` enum('Y','N') NOT NULL",
}
for table, columns in schemas.items():
    out.write(f"CREATE TABLE `yeswiki_{table}` ({columns}) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;\n")

insert("acls", [[esc(tag), esc("read"), esc("@animateurs" if i % 50 == 0 else "*")]
                for i, tag in enumerate(tags)])
template = ("texte***bf_titre***Nom de la méthode***60***255*** *** ***text***1*** *** *** * *** * *** *** *** ***\r\n"
            "textelong***bf_description***Déroulé***5***12*** *** ***wiki***1*** *** *** * *** * *** *** *** ***\r\n"
            "liste***ListeTypeDeMethode***Type de méthode*** *** *** ***bf_type*** ***1*** *** *** * *** * *** *** *** ***\r\n"
            "texte***bf_duree***Durée (en minutes)***10***480*** *** ***number***1*** *** *** * *** * *** *** *** ***")
insert("nature", [["5", esc("Méthode d'animation"), esc(""), esc(""), esc(""), esc(""), "0", esc(template),
                   esc("fr-FR"), esc("N"), "NULL"]])

# Revisions: each page gets at least one; the rest are spread at random, and every page's rows
# come in id (time) order, as YesWiki writes them.
extra = max(REVISIONS - PAGES - ENTRIES, 0)
counts = {tag: 1 for tag in tags}
for _ in range(extra):
    counts[rng.choice(tags)] += 1
schedule = [tag for tag, n in counts.items() for _ in range(n)] + entries + ["ListeTypeDeMethode"]
rng.shuffle(schedule)
seen = {}
rows = []
for i, tag in enumerate(schedule, start=1):
    seen[tag] = seen.get(tag, 0) + 1
    total = counts.get(tag, 1)
    latest = "'Y'" if seen[tag] == total else "'N'"
    if tag.startswith("FicheMethode"):
        body = json.dumps({"bf_titre": f"Méthode {tag}", "bf_description": words(80),
                           "listeListeTypeDeMethodebf_type": rng.choice(["divergence", "convergence"]),
                           "bf_duree": str(rng.randint(10, 240)), "id_typeannonce": "5",
                           "id_fiche": tag}, ensure_ascii=False)
    elif tag == "ListeTypeDeMethode":
        body = json.dumps({"label": {"divergence": "Divergence", "convergence": "Convergence"},
                           "titre_liste": "Type de méthode"}, ensure_ascii=False)
    else:
        body = page_body(tag, seen[tag])
    user = rng.choice(USERS)
    if tsv:
        copy = body.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        tsv.write(f"{tag}\t{time_of(i)}\t{copy}\n")
    rows.append([str(i), esc(tag), esc(time_of(i)), esc(body), esc(""), esc(user), esc(user), latest,
                 esc("page"), esc("")])
    if len(rows) == 100:
        insert("pages", rows, 100)
        rows = []
insert("pages", rows, 100)

triples = [[str(i + 1), esc(tag), esc("http://outils-reseaux.org/_vocabulary/type"), esc("fiche_bazar")]
           for i, tag in enumerate(entries)]
triples.append([str(len(triples) + 1), esc("ListeTypeDeMethode"),
                esc("http://outils-reseaux.org/_vocabulary/type"), esc("liste")])
triples.append([str(len(triples) + 1), esc("ThisWikiGroup:animateurs"),
                esc("http://www.wikini.net/_vocabulary/acls"), esc("\n".join(USERS[:20]))])
insert("triples", triples)
# One bcrypt hash for everyone (cost 4): hashing 200 passwords is not what is measured.
bcrypt = "$2y$04$Mbd3jkc8sCUOBPvv4C1PDuwyzVPIMcMmS1vnD0cpAyUQuSZWwcsmq"
insert("users", [[esc(u), esc(bcrypt), esc(f"{u.lower()}@exemple.org"), esc(""), "20", "50", "'Y'",
                  esc("2023-01-01 10:00:00"), "'N'"] for u in USERS])
