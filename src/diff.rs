//! Comparing two texts for people: a line diff with the changed words emphasised, and the
//! rendered diff of two pages' HTML, block by block.
//!
//! Uses `similar` with one deadline for the whole comparison, so two huge, unrelated revisions
//! cost bounded time: past the deadline the diff gets coarser, never slower.

use std::time::{Duration, Instant};

use maud::{Markup, PreEscaped, html};
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

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

/// The top-level blocks of an HTML fragment (paragraphs, headings, lists, tables…), each as
/// its HTML, read by a real HTML parser. Text between blocks stands alone.
fn blocks(html: &str) -> Vec<String> {
    let fragment = scraper::Html::parse_fragment(html);
    let root = fragment.root_element();
    root.children()
        .filter_map(|child| {
            if let Some(element) = scraper::ElementRef::wrap(child) {
                Some(element.html())
            } else {
                let text = child.value().as_text()?.trim();
                (!text.is_empty()).then(|| html_escape(text))
            }
        })
        .collect()
}

fn html_escape(text: &str) -> String {
    html! { (text) }.into_string()
}

/// The page as `new_html` shows it, with the blocks that changed from `old_html` marked: a
/// removed block shown struck in its place (`<del>`), an added or changed one marked new
/// (`<ins>`), each announced to screen readers. Both texts are the wiki's own rendering (already
/// sanitised): blocks are moved as they are, never parsed again as anything but HTML.
pub fn render_blocks(lang: Lang, old_html: &str, new_html: &str) -> Markup {
    let deadline = Instant::now() + TIME_BUDGET;
    let old = blocks(old_html);
    let new = blocks(new_html);
    let ops =
        similar::capture_diff_slices_deadline(Algorithm::Patience, &old, &new, Some(deadline));
    if ops.iter().all(|op| matches!(op, DiffOp::Equal { .. })) {
        return html! { p.diff-empty { (lang.t("diff-no-change")) } };
    }
    let removed = |range: std::ops::Range<usize>| {
        html! {
            @for block in &old[range] {
                del.diff-block {
                    span.visually-hidden { (lang.t("diff-removed")) ": " }
                    (PreEscaped(block))
                }
            }
        }
    };
    let added = |range: std::ops::Range<usize>| {
        html! {
            @for block in &new[range] {
                ins.diff-block {
                    span.visually-hidden { (lang.t("diff-added")) ": " }
                    (PreEscaped(block))
                }
            }
        }
    };
    // Styled as a page's content is (`page-content`: wide tables and code scroll in place).
    html! {
        div.rendered-diff.page-content {
            @for op in &ops {
                @match *op {
                    DiffOp::Equal { new_index, len, .. } => {
                        @for block in &new[new_index..new_index + len] { (PreEscaped(block)) }
                    }
                    DiffOp::Delete { old_index, old_len, .. } => (removed(old_index..old_index + old_len)),
                    DiffOp::Insert { new_index, new_len, .. } => (added(new_index..new_index + new_len)),
                    DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                        (removed(old_index..old_index + old_len))
                        (added(new_index..new_index + new_len))
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
    fn changed_blocks_are_marked_and_the_others_left_alone() {
        let html = render_blocks(
            Lang::EN,
            "<h2>Steps</h2>\n<p>Ten chairs.</p>\n<ul>\n<li>one</li>\n</ul>\n<p>Gone.</p>\n",
            "<h2>Steps</h2>\n<p>Twelve chairs.</p>\n<ul>\n<li>one</li>\n</ul>\n<p>New &amp; <em>here</em>.</p>\n",
        )
        .into_string();
        assert!(
            html.starts_with("<div class=\"rendered-diff page-content\"><h2>Steps</h2>"),
            "{html}"
        );
        assert!(
            html.contains("<del class=\"diff-block\"><span class=\"visually-hidden\">removed: </span><p>Ten chairs.</p></del><ins class=\"diff-block\"><span class=\"visually-hidden\">added: </span><p>Twelve chairs.</p></ins>"),
            "{html}"
        );
        assert!(
            html.contains("</ins><ul>\n<li>one</li>\n</ul><del"),
            "{html}"
        );
        assert!(
            html.contains("<p>New &amp; <em>here</em>.</p></ins></div>"),
            "{html}"
        );
        assert!(
            render_blocks(Lang::EN, "<p>x</p>", "<p>x</p>\n")
                .into_string()
                .contains("diff-empty")
        );
    }

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
