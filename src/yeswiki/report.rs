//! What an import did and what it could not do: printed at the end of the command and kept as
//! a page only administrators may read, so the people who moved the site can check it later.

use std::fmt::Write as _;

/// How many of each thing were carried. On a second run of the same dump, everything already
/// there counts as `unchanged`, nothing as new.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub pages: usize,
    pub deleted_pages: usize,
    pub revisions: usize,
    pub unchanged_revisions: usize,
    pub accounts: usize,
    pub groups: usize,
    pub forms: usize,
    pub entries: usize,
    pub lists: usize,
    pub comments: usize,
    pub unchanged_comments: usize,
    pub files: usize,
    pub file_versions: usize,
    pub skipped_pages: usize,
}

impl Counts {
    /// Adds what another part of the import counted.
    pub fn add(&mut self, other: &Counts) {
        let Counts {
            pages,
            deleted_pages,
            revisions,
            unchanged_revisions,
            accounts,
            groups,
            forms,
            entries,
            lists,
            comments,
            unchanged_comments,
            files,
            file_versions,
            skipped_pages,
        } = other;
        self.pages += pages;
        self.deleted_pages += deleted_pages;
        self.revisions += revisions;
        self.unchanged_revisions += unchanged_revisions;
        self.accounts += accounts;
        self.groups += groups;
        self.forms += forms;
        self.entries += entries;
        self.lists += lists;
        self.comments += comments;
        self.unchanged_comments += unchanged_comments;
        self.files += files;
        self.file_versions += file_versions;
        self.skipped_pages += skipped_pages;
    }
}

/// One thing the import could not carry whole, with the page it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Warning {
    pub page: Option<String>,
    pub text: String,
}

#[derive(Debug, Default, Clone)]
pub struct Report {
    pub counts: Counts,
    pub warnings: Vec<Warning>,
    pub dry_run: bool,
}

impl Report {
    pub fn warn(&mut self, page: Option<&str>, text: impl Into<String>) {
        self.warnings.push(Warning {
            page: page.map(str::to_owned),
            text: text.into(),
        });
    }

    /// Whether the run wrote anything (a second run of the same dump writes nothing).
    pub fn changed_anything(&self) -> bool {
        let c = &self.counts;
        c.revisions + c.accounts + c.groups + c.file_versions + c.deleted_pages + c.comments > 0
    }

    fn lines(&self) -> Vec<(String, usize)> {
        let c = &self.counts;
        [
            ("pages", c.pages),
            ("of them deleted in YesWiki", c.deleted_pages),
            ("revisions written", c.revisions),
            ("revisions already there", c.unchanged_revisions),
            ("accounts", c.accounts),
            ("groups", c.groups),
            ("Bazar forms", c.forms),
            ("Bazar lists", c.lists),
            ("Bazar entries", c.entries),
            ("comments", c.comments),
            ("comments already there", c.unchanged_comments),
            ("files", c.files),
            ("file versions written", c.file_versions),
            ("pages skipped (name taken)", c.skipped_pages),
        ]
        .into_iter()
        .map(|(label, n)| (label.to_owned(), n))
        .collect()
    }

    /// The warnings once each, in the order first met, with how many times each was: a page's
    /// revisions repeat their conversion's warnings (a dump of 100,000 revisions gave 98,000,
    /// mostly ten of each, and the report page of them alone took the import's memory from
    /// 171 to 454 MB).
    fn distinct_warnings(&self) -> Vec<(&Warning, usize)> {
        let mut seen: indexmap::IndexMap<&Warning, usize> = indexmap::IndexMap::new();
        for warning in &self.warnings {
            *seen.entry(warning).or_default() += 1;
        }
        seen.into_iter().collect()
    }

    /// For the terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.dry_run {
            out.push_str("Dry run: nothing was written.\n");
        }
        for (label, n) in self.lines() {
            let _ = writeln!(out, "{n:>8}  {label}");
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(out, "\n{} warning(s):", self.warnings.len());
            for (warning, times) in self.distinct_warnings() {
                let repeated = repeated(times);
                match &warning.page {
                    Some(page) => {
                        let _ = writeln!(out, "- {page}: {}{repeated}", warning.text);
                    }
                    None => {
                        let _ = writeln!(out, "- {}{repeated}", warning.text);
                    }
                }
            }
        }
        out
    }

    /// For the report page: a table of counts, then the warnings with links to their pages.
    /// Every text from the dump is escaped: the report is Markdown like any page.
    pub fn to_markdown(&self, title: &str) -> String {
        let mut out = format!("# {}\n\n| | |\n|---|---:|\n", escape(title));
        for (label, n) in self.lines() {
            let _ = writeln!(out, "| {label} | {n} |");
        }
        if self.warnings.is_empty() {
            out.push_str("\nNo warnings.\n");
        } else {
            let _ = writeln!(out, "\n## Warnings ({})\n", self.warnings.len());
            for (warning, times) in self.distinct_warnings() {
                let (text, repeated) = (escape(&warning.text), repeated(times));
                match &warning.page {
                    Some(page) if crate::names::PageName::parse(page).is_ok() => {
                        let _ = writeln!(out, "- [[{page}]]: {text}{repeated}");
                    }
                    Some(page) => {
                        let _ = writeln!(out, "- {}: {text}{repeated}", escape(page));
                    }
                    None => {
                        let _ = writeln!(out, "- {text}{repeated}");
                    }
                }
            }
        }
        out
    }
}

/// What follows a warning met more than once.
fn repeated(times: usize) -> String {
    if times > 1 {
        format!(" ({times} times)")
    } else {
        String::new()
    }
}

/// Backslash-escapes the characters Markdown would read as markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_are_escaped_and_linked_to_their_page() {
        let mut report = Report::default();
        report.counts.pages = 3;
        report.warn(Some("BocalAPoissons"), "<script>alert(1)</script> [[x]]");
        let markdown = report.to_markdown("YesWiki import");
        assert!(markdown.contains("| pages | 3 |"), "{markdown}");
        assert!(
            markdown.contains("- [[BocalAPoissons]]: \\<script\\>"),
            "{markdown}"
        );
        assert!(!markdown.contains("[[x]]"), "{markdown}");
        let rendered = crate::markup::render(&markdown, &|_| None);
        assert!(!rendered.html.contains("<script"), "{}", rendered.html);
        assert!(report.to_text().contains("- BocalAPoissons: <script>"));
    }

    #[test]
    fn a_warning_met_in_many_revisions_is_listed_once_with_its_count() {
        let mut report = Report::default();
        for _ in 0..3 {
            report.warn(Some("Fishbowl"), "action {{menu}} kept as it was");
        }
        report.warn(Some("WorldCafe"), "action {{menu}} kept as it was");
        report.warn(Some("Fishbowl"), "action {{menu}} kept as it was");
        let markdown = report.to_markdown("YesWiki import");
        assert!(markdown.contains("## Warnings (5)"), "{markdown}");
        let lines: Vec<&str> = markdown.lines().filter(|l| l.starts_with("- ")).collect();
        assert_eq!(
            lines,
            [
                "- [[Fishbowl]]: action \\{\\{menu\\}\\} kept as it was (4 times)",
                "- [[WorldCafe]]: action \\{\\{menu\\}\\} kept as it was",
            ]
        );
        let text = report.to_text();
        assert!(text.contains("5 warning(s):"), "{text}");
        assert!(
            text.contains("- Fishbowl: action {{menu}} kept as it was (4 times)\n"),
            "{text}"
        );
        assert_eq!(text.matches("Fishbowl").count(), 1, "{text}");
    }
}
