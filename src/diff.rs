//! Comparing two texts for people: a line diff with the changed words emphasised.
//!
//! Uses `similar` with one deadline for the whole comparison, so two huge, unrelated revisions
//! cost bounded time: past the deadline the diff gets coarser, never slower.

use std::time::{Duration, Instant};

use maud::{Markup, html};
use similar::{Algorithm, ChangeTag, TextDiff};

use crate::i18n::Lang;

/// Lines of unchanged context shown around each change.
const CONTEXT_LINES: usize = 3;
const TIME_BUDGET: Duration = Duration::from_millis(800);

/// A table of the changes from `old` to `new`.
pub fn render(lang: Lang, old: &str, new: &str) -> Markup {
    let deadline = Instant::now() + TIME_BUDGET;
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .deadline(deadline)
        .diff_lines(old, new);
    let groups = diff.grouped_ops(CONTEXT_LINES);
    if groups.is_empty() {
        return html! { p.diff-empty { (lang.t("diff-no-change")) } };
    }
    html! {
        table.diff {
            caption.visually-hidden { (lang.t("diff-caption")) }
            thead {
                tr {
                    th scope="col" { (lang.t("diff-old-line")) }
                    th scope="col" { (lang.t("diff-new-line")) }
                    th scope="col" { span.visually-hidden { (lang.t("diff-change")) } }
                    th scope="col" { (lang.t("diff-text")) }
                }
            }
            @for (index, group) in groups.iter().enumerate() {
                tbody {
                    @if index > 0 {
                        tr.diff-gap { td colspan="4" { "⋯" } }
                    }
                    @for op in group {
                        @for change in diff.iter_inline_changes_deadline(op, Some(deadline)) {
                            @let (class, sign, label) = match change.tag() {
                                ChangeTag::Delete => ("diff-del", "−", lang.t("diff-removed")),
                                ChangeTag::Insert => ("diff-ins", "+", lang.t("diff-added")),
                                ChangeTag::Equal => ("diff-eq", " ", String::new()),
                            };
                            tr class=(class) {
                                td.diff-num { @if let Some(i) = change.old_index() { (i + 1) } }
                                td.diff-num { @if let Some(i) = change.new_index() { (i + 1) } }
                                td.diff-sign aria-hidden="true" { (sign) }
                                td.diff-text {
                                    @if !label.is_empty() { span.visually-hidden { (label) ": " } }
                                    @for (emphasised, text) in change.iter_strings_lossy() {
                                        @let text = text.trim_end_matches('\n');
                                        @if emphasised {
                                            @match change.tag() {
                                                ChangeTag::Delete => del { (text) },
                                                ChangeTag::Insert => ins { (text) },
                                                ChangeTag::Equal => (text),
                                            }
                                        } @else {
                                            (text)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_are_emphasised_and_escaped() {
        let html = render(
            Lang::EN,
            "a fishbowl for <b>ten</b>\nsame\n",
            "a fishbowl for <b>twelve</b>\nsame\n",
        )
        .into_string();
        assert!(html.contains("<del>ten</del>"), "{html}");
        assert!(html.contains("<ins>twelve</ins>"), "{html}");
        assert!(html.contains("&lt;b&gt;"));
        assert!(!html.contains("<b>"));
    }

    #[test]
    fn identical_texts_say_so() {
        assert!(
            render(Lang::EN, "x\n", "x\n")
                .into_string()
                .contains("diff-empty")
        );
    }
}
