//! The shape of the code, checked like rust-analyzer's `tidy`: reading `src/` as text, every
//! `crate::…` path outside tests is an import of one top-level module by another, and the
//! layering of `ARCHITECTURE.md` must hold:
//!
//! - the core imports no capability (only other core modules);
//! - `pages/` imports no module that brings a kind of page (`impl Kind for`, `impl Annex for`):
//!   it knows kinds through the `kind::Kind` trait only;
//! - the composition roots (`app`, `bench`, `cli`, `server`) are imported by no other module;
//! - no two top-level modules import each other, directly or through others;
//! - no `views.rs` mentions diesel: views are pure.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The core: what every capability stands on, and which names none of them.
const CORE: &[&str] = &[
    "access",
    "acl",
    "assets",
    "cache",
    "config",
    "ctx",
    "db",
    "diff",
    "error",
    "i18n",
    "identity",
    "kind",
    "layout",
    "markup",
    "merge",
    "model",
    "names",
    "security",
    "site",
    "spreadsheet",
    "state",
    "storage",
    "tokens",
];

/// The modules that put the capabilities together: the app factory, the command line, the
/// start-up, the benchmarks' generators.
const ROOTS: &[&str] = &["app", "bench", "cli", "server"];

struct Source {
    /// Path under `src/`.
    path: String,
    /// The top-level module the file belongs to.
    module: String,
    /// The text without comments and without `#[cfg(test)]` items.
    code: String,
}

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            into.push(path);
        }
    }
}

/// The code of a file as the build sees it outside tests: comments removed (line by line),
/// then each `#[cfg(test)]` item (a `mod … { … }` block, or one item up to its `;`) removed.
fn production_code(text: &str) -> String {
    let without_comments: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .map(|line| format!("{line}\n"))
        .collect();
    let mut code = String::new();
    let mut rest = without_comments.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        code.push_str(&rest[..at]);
        let item = &rest[at + "#[cfg(test)]".len()..];
        let brace = item.find('{');
        let semicolon = item.find(';');
        let end = match (brace, semicolon) {
            (Some(open), Some(semi)) if semi < open => semi + 1,
            (Some(open), _) => matching_brace(item, open),
            (None, Some(semi)) => semi + 1,
            (None, None) => item.len(),
        };
        rest = &item[end..];
    }
    code.push_str(rest);
    code
}

/// The index just past the brace that closes the one at `open`.
fn matching_brace(text: &str, open: usize) -> usize {
    let mut depth = 0usize;
    for (at, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + at + 1;
                }
            }
            _ => {}
        }
    }
    text.len()
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files
        .into_iter()
        .filter_map(|file| {
            let path = file
                .strip_prefix(&root)
                .expect("under src/")
                .to_string_lossy()
                .replace('\\', "/");
            let first = path.split('/').next().unwrap_or_default();
            let module = first.trim_end_matches(".rs").to_owned();
            if module == "lib" || module == "main" {
                return None;
            }
            let text = fs::read_to_string(&file).expect("a readable source file");
            Some(Source {
                code: production_code(&text),
                path,
                module,
            })
        })
        .collect()
}

/// The top-level modules a piece of code names through `crate::`.
fn imports(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = matching_brace(after, 0).saturating_sub(1);
            let mut depth = 0;
            let mut item = String::new();
            for c in group[..end.saturating_sub(1)].chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        if let Some(name) = leading_name(item.trim()) {
                            found.insert(name);
                        }
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
        } else if let Some(name) = leading_name(after) {
            found.insert(name);
        }
        rest = after;
    }
    found
}

fn leading_name(text: &str) -> Option<String> {
    let name: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// For each top-level module, the other top-level modules it imports, with the files.
fn graph(sources: &[Source]) -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let modules: BTreeSet<&str> = sources.iter().map(|s| s.module.as_str()).collect();
    let mut graph: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for source in sources {
        let edges = graph.entry(source.module.clone()).or_default();
        for target in imports(&source.code) {
            if target != source.module && modules.contains(target.as_str()) {
                edges.entry(target).or_default().insert(source.path.clone());
            }
        }
    }
    graph
}

#[test]
fn the_core_imports_no_capability() {
    let graph = graph(&sources());
    let mut wrong = Vec::new();
    for module in CORE {
        let Some(edges) = graph.get(*module) else {
            panic!("the core module {module} is not in src/: update CORE");
        };
        for (target, files) in edges {
            if !CORE.contains(&target.as_str()) {
                wrong.push(format!("{module} imports {target} in {files:?}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the core imports capabilities:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn pages_imports_no_kind() {
    let sources = sources();
    let kinds: BTreeSet<&str> = sources
        .iter()
        .filter(|s| s.code.contains("impl Kind for") || s.code.contains("impl Annex for"))
        .map(|s| s.module.as_str())
        .collect();
    assert!(
        kinds.contains("catalogue") && kinds.contains("programmes"),
        "the kinds were not found: {kinds:?}"
    );
    let graph = graph(&sources);
    let wrong: Vec<String> = graph["pages"]
        .iter()
        .filter(|(target, _)| kinds.contains(target.as_str()))
        .map(|(target, files)| format!("pages imports {target} in {files:?}"))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn only_the_composition_roots_import_the_composition_roots() {
    let graph = graph(&sources());
    let wrong: Vec<String> = graph
        .iter()
        .filter(|(module, _)| !ROOTS.contains(&module.as_str()))
        .flat_map(|(module, edges)| {
            edges
                .iter()
                .filter(|(target, _)| ROOTS.contains(&target.as_str()))
                .map(move |(target, files)| format!("{module} imports {target} in {files:?}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn no_two_top_level_modules_import_each_other() {
    let graph = graph(&sources());
    // A module is in a cycle when it can reach itself; report each such path once.
    let mut cycles = BTreeSet::new();
    for start in graph.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((module, path)) = stack.pop() {
            for next in graph
                .get(&module)
                .into_iter()
                .flat_map(|edges| edges.keys())
            {
                if next == start {
                    let mut cycle = path.clone();
                    cycle.push(next.clone());
                    cycles.insert(cycle.join(" -> "));
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "import cycles between top-level modules:\n{}",
        cycles.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn views_never_touch_the_database() {
    let wrong: Vec<String> = sources()
        .into_iter()
        .filter(|s| s.path.ends_with("views.rs") && s.code.contains("diesel"))
        .map(|s| s.path)
        .collect();
    assert!(wrong.is_empty(), "views that mention diesel: {wrong:?}");
}

#[test]
fn the_reader_of_imports_sees_groups_and_paths() {
    let code = "use crate::{accounts, pages::{queries, save::Base}};\nlet x = crate::ctx::html(a);";
    let found: Vec<String> = imports(code).into_iter().collect();
    assert_eq!(found, ["accounts", "ctx", "pages"]);
    let tested = "use crate::a;\n#[cfg(test)]\nmod tests {\n    use crate::b;\n}\n// crate::c\nuse crate::d;\n";
    let found: Vec<String> = imports(&production_code(tested)).into_iter().collect();
    assert_eq!(found, ["a", "d"]);
}
