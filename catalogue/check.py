#!/usr/bin/env python3
"""Validate the coopwiki starter catalogue of method sheets.

Usage: python3 catalogue/check.py [CATALOGUE_DIR]

Reads every catalogue/methods/{en,fr}/*.md file, parses its YAML front
matter and checks it against the format described in catalogue/README.md.
Prints one line per problem and exits 1 if there is any, 0 otherwise.
Needs only Python 3 and PyYAML.
"""
import os
import re
import sys
import unicodedata

import yaml

LANGS = ("en", "fr")
KEYS = [
    "form", "page", "lang", "translation", "other_names", "hook", "summary",
    "purposes", "makes_possible", "when_to_use", "when_not_to_use",
    "group_size", "duration", "preparation", "difficulty", "modality", "phase",
    "facilitators", "invitation", "setup", "materials", "configuration",
    "steps", "tips", "variants", "online", "related", "origin", "sources",
    "licence", "attribution", "status", "tags",
]
PURPOSES = {"open_start", "create_connections", "share_knowledge",
            "generate_ideas", "decide", "plan", "evaluate", "resolve_tension",
            "energise", "close"}
DIFFICULTY = {"easy", "medium", "expert"}
MODALITY = {"in_person", "online", "hybrid"}
PHASE = {"opening", "divergent", "convergent", "closing", "energiser"}
PER = {"person", "group", "session"}
KINDS = {"variant_of", "alternative_to", "often_followed_by",
         "often_preceded_by"}
STATUS = {"draft", "stub", "complete"}
# Fields that carry no language and must be equal in the two sheets of a pair.
PAIR_SAME = ["form", "translation", "purposes", "group_size", "duration",
             "preparation", "difficulty", "modality", "phase", "facilitators",
             "related", "licence", "status"]
HOOK_MAX = 160
SUMMARY_MAX = 500
PAGE_MAX = 120
RESERVED = {"api", "assets", "static", "favicon.ico", "robots.txt"}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WIKILINK_RE = re.compile(r"\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")
# Free-text fields that must be non-empty strings on a complete sheet.
TEXT_REQUIRED = ["hook", "summary", "makes_possible", "when_to_use",
                 "when_not_to_use", "invitation", "setup", "configuration",
                 "tips", "origin", "attribution"]
# Free-text fields that may be "" but must be strings.
TEXT_OPTIONAL = ["variants", "online"]


def page_name_problem(name):
    """Return why `name` is not a valid page name, or None (see urls.md)."""
    if not isinstance(name, str) or not name.strip():
        return "is empty"
    n = unicodedata.normalize("NFC", name)
    if n != name:
        return "is not in NFC"
    if n != n.strip() or "  " in n:
        return "has leading, trailing or doubled spaces"
    if len(n) > PAGE_MAX:
        return f"is longer than {PAGE_MAX} characters"
    if n.startswith("-"):
        return "starts with '-'"
    if set(n) <= {"."}:
        return "is only dots"
    if n.lower() in RESERVED:
        return "is a reserved word"
    for ch in n:
        if ch.isalpha() or ch.isdigit() or ch in " -_.'(),":
            continue
        return f"contains the forbidden character {ch!r}"
    return None


def split_front_matter(text):
    """Return (front matter text, body) or raise ValueError."""
    if not text.startswith("---\n"):
        raise ValueError("does not start with a '---' line")
    end = text.find("\n---\n", 4)
    if end < 0:
        raise ValueError("has no closing '---' line")
    return text[4:end + 1], text[end + 5:]


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_range(errs, where, v, key):
    if not isinstance(v, dict) or set(v) != {"min", "max"}:
        errs.append(f"{where}: {key} must be {{min: N, max: M}}")
        return None
    if not (is_int(v["min"]) and is_int(v["max"])):
        errs.append(f"{where}: {key} min and max must be integers")
        return None
    if v["min"] < 0 or v["min"] > v["max"]:
        errs.append(f"{where}: {key} needs 0 <= min <= max, got {v}")
        return None
    return v["min"], v["max"]


def check_choices(errs, where, v, key, allowed, non_empty=True):
    if not isinstance(v, list) or (non_empty and not v):
        errs.append(f"{where}: {key} must be a non-empty list")
        return
    for x in v:
        if x not in allowed:
            errs.append(f"{where}: {key} has unknown id {x!r} "
                        f"(allowed: {', '.join(sorted(allowed))})")
    if len(set(map(str, v))) != len(v):
        errs.append(f"{where}: {key} has duplicates")


def check_strings(errs, where, v, key):
    if not isinstance(v, list) or not all(isinstance(s, str) and s.strip()
                                          for s in v):
        errs.append(f"{where}: {key} must be a list of non-empty strings")


def check_sheet(path, lang, slug, data, body, errs):
    where = os.path.relpath(path)
    keys = list(data)
    missing = [k for k in KEYS if k not in data]
    extra = [k for k in keys if k not in KEYS]
    if missing:
        errs.append(f"{where}: missing keys {missing}")
    if extra:
        errs.append(f"{where}: unknown keys {extra}")
    if missing:
        return
    if data["form"] != "Method":
        errs.append(f"{where}: form must be 'Method'")
    if data["lang"] != lang:
        errs.append(f"{where}: lang {data['lang']!r} but file is under {lang}/")
    if data["translation"] != slug:
        errs.append(f"{where}: translation {data['translation']!r} must equal "
                    f"the file slug {slug!r}")
    problem = page_name_problem(data["page"])
    if problem:
        errs.append(f"{where}: page name {data['page']!r} {problem}")
    for k in TEXT_REQUIRED:
        if not isinstance(data[k], str) or not data[k].strip():
            errs.append(f"{where}: {k} must be a non-empty string")
    for k in TEXT_OPTIONAL:
        if not isinstance(data[k], str):
            errs.append(f"{where}: {k} must be a string (\"\" if empty)")
    if isinstance(data["hook"], str) and len(data["hook"]) > HOOK_MAX:
        errs.append(f"{where}: hook is {len(data['hook'])} characters "
                    f"(max {HOOK_MAX})")
    if isinstance(data["summary"], str) and len(data["summary"]) > SUMMARY_MAX:
        errs.append(f"{where}: summary is {len(data['summary'])} characters "
                    f"(max {SUMMARY_MAX})")
    check_strings(errs, where, data["other_names"], "other_names") \
        if data["other_names"] != [] else None
    check_choices(errs, where, data["purposes"], "purposes", PURPOSES)
    check_choices(errs, where, data["modality"], "modality", MODALITY)
    check_choices(errs, where, data["phase"], "phase", PHASE)
    if data["difficulty"] not in DIFFICULTY:
        errs.append(f"{where}: difficulty {data['difficulty']!r} not in "
                    f"{sorted(DIFFICULTY)}")
    if data["status"] not in STATUS:
        errs.append(f"{where}: status {data['status']!r} not in {sorted(STATUS)}")
    if data["licence"] != "CC-BY-SA-4.0":
        errs.append(f"{where}: licence must be CC-BY-SA-4.0 for the catalogue")
    check_range(errs, where, data["group_size"], "group_size")
    if isinstance(data["group_size"], dict) and data["group_size"].get("min") == 0:
        errs.append(f"{where}: group_size min must be at least 1")
    dur = check_range(errs, where, data["duration"], "duration")
    for k in ("preparation", "facilitators"):
        if not is_int(data[k]) or data[k] < 0:
            errs.append(f"{where}: {k} must be a non-negative integer")
    if is_int(data["facilitators"]) and data["facilitators"] < 1:
        errs.append(f"{where}: facilitators must be at least 1")
    # materials
    mats = data["materials"]
    if not isinstance(mats, list):
        errs.append(f"{where}: materials must be a list")
    else:
        for i, m in enumerate(mats):
            if (not isinstance(m, dict) or set(m) != {"item", "quantity", "per"}
                    or not isinstance(m["item"], str) or not m["item"].strip()
                    or not is_int(m["quantity"]) or m["quantity"] < 1
                    or m["per"] not in PER):
                errs.append(f"{where}: materials[{i}] must be {{item: text, "
                            f"quantity: integer >= 1, per: person|group|session}}"
                            f", got {m}")
    # steps
    steps = data["steps"]
    if not isinstance(steps, list) or not steps:
        errs.append(f"{where}: steps must be a non-empty list")
    else:
        total = 0
        ok = True
        for i, s in enumerate(steps):
            if (not isinstance(s, dict) or set(s) != {"title", "duration", "text"}
                    or not isinstance(s["title"], str) or not s["title"].strip()
                    or not isinstance(s["text"], str) or not s["text"].strip()
                    or not is_int(s["duration"]) or s["duration"] < 0):
                errs.append(f"{where}: steps[{i}] must be {{title: text, "
                            f"duration: integer minutes, text: text}}, got {s}")
                ok = False
            else:
                total += s["duration"]
        if ok and dur and not (dur[0] <= total <= dur[1]):
            errs.append(f"{where}: steps add up to {total} min, outside the "
                        f"duration range {dur[0]}-{dur[1]}")
    # related
    rel = data["related"]
    if not isinstance(rel, list):
        errs.append(f"{where}: related must be a list")
    else:
        for i, r in enumerate(rel):
            if (not isinstance(r, dict) or set(r) != {"method", "kind"}
                    or r["kind"] not in KINDS or not isinstance(r["method"], str)):
                errs.append(f"{where}: related[{i}] must be {{method: slug, "
                            f"kind: {'|'.join(sorted(KINDS))}}}, got {r}")
            elif r["method"] == slug:
                errs.append(f"{where}: related[{i}] points to itself")
    check_strings(errs, where, data["sources"], "sources")
    if isinstance(data["sources"], list) and not data["sources"]:
        errs.append(f"{where}: sources must not be empty on a complete sheet")
    check_strings(errs, where, data["tags"], "tags")
    if not body.strip():
        errs.append(f"{where}: the Markdown body is empty")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(
        os.path.abspath(__file__))
    methods = os.path.join(root, "methods")
    errs = []
    sheets = {}  # (lang, slug) -> (path, data, body)
    for lang in LANGS:
        d = os.path.join(methods, lang)
        if not os.path.isdir(d):
            errs.append(f"{d}: missing directory")
            continue
        for fn in sorted(os.listdir(d)):
            path = os.path.join(d, fn)
            if not fn.endswith(".md"):
                errs.append(f"{path}: not a .md file")
                continue
            slug = fn[:-3]
            if not SLUG_RE.match(slug):
                errs.append(f"{path}: slug {slug!r} is not lowercase ASCII "
                            f"words joined by hyphens")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            if unicodedata.normalize("NFC", text) != text:
                errs.append(f"{path}: text is not in Unicode NFC")
            try:
                fm, body = split_front_matter(text)
                data = yaml.safe_load(fm)
            except (ValueError, yaml.YAMLError) as e:
                errs.append(f"{path}: front matter does not parse: {e}")
                continue
            if not isinstance(data, dict):
                errs.append(f"{path}: front matter is not a mapping")
                continue
            check_sheet(path, lang, slug, data, body, errs)
            sheets[(lang, slug)] = (path, data, body)
    slugs = {slug for (_, slug) in sheets}
    # pairs
    for slug in sorted(slugs):
        for lang in LANGS:
            if (lang, slug) not in sheets:
                errs.append(f"{slug}: no {lang} sheet (every sheet needs both)")
    # the two languages of a pair describe the same method: the language-
    # independent fields must agree
    for slug in sorted(slugs):
        if not all((lang, slug) in sheets for lang in LANGS):
            continue
        a = sheets[(LANGS[0], slug)][1]
        b = sheets[(LANGS[1], slug)][1]
        for k in PAIR_SAME:
            if k in a and k in b and a[k] != b[k]:
                errs.append(f"{slug}: {k} differs between the {LANGS[0]} and "
                            f"{LANGS[1]} sheets")
        sa, sb = a.get("steps"), b.get("steps")
        if isinstance(sa, list) and isinstance(sb, list):
            da = [s.get("duration") for s in sa if isinstance(s, dict)]
            db = [s.get("duration") for s in sb if isinstance(s, dict)]
            if da != db:
                errs.append(f"{slug}: step durations differ between languages "
                            f"({da} vs {db})")
    # unique page names, case-insensitively, after NFC
    seen = {}
    for (lang, slug), (path, data, _) in sorted(sheets.items()):
        page = data.get("page")
        if not isinstance(page, str):
            continue
        key = unicodedata.normalize("NFC", page).casefold()
        if key in seen:
            errs.append(f"{os.path.relpath(path)}: page name {page!r} clashes "
                        f"with {os.path.relpath(seen[key])}")
        else:
            seen[key] = path
    pages = {unicodedata.normalize("NFC", d["page"]).casefold(): (lang, s)
             for (lang, s), (_, d, _) in sheets.items()
             if isinstance(d.get("page"), str)}
    # related slugs exist; wiki links resolve to a sheet of the same language
    for (lang, slug), (path, data, body) in sorted(sheets.items()):
        where = os.path.relpath(path)
        for r in data.get("related") or []:
            if isinstance(r, dict) and r.get("method") not in slugs:
                errs.append(f"{where}: related method {r.get('method')!r} "
                            f"is not a slug of this catalogue")
        texts = [body] + [v for v in data.values() if isinstance(v, str)]
        for t in texts:
            for target in WIKILINK_RE.findall(t):
                hit = pages.get(unicodedata.normalize("NFC", target.strip())
                                .casefold())
                if hit is None:
                    errs.append(f"{where}: wiki link [[{target}]] matches no "
                                f"page name in the catalogue")
                elif hit[0] != lang:
                    errs.append(f"{where}: wiki link [[{target}]] points to a "
                                f"{hit[0]} sheet from a {lang} sheet")
    for e in errs:
        print(e)
    n = len(sheets)
    print(f"{n} sheets ({len(slugs)} methods), {len(errs)} problem(s)")
    return 1 if errs or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
