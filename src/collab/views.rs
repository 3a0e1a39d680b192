//! HTML for editing together: "also editing now" notices, the overlapping regions of a
//! conflict side by side, and the notice after a merged save. Pure functions of their data.

use std::time::{Duration, Instant};

use maud::{Markup, html};
use similar::{Algorithm, ChangeTag, TextDiff};

use crate::collab::queries::Others;
use crate::i18n::Lang;
use crate::merge::{ConflictRegion, Conflicted};

/// The sentence saying who else has the editor open (empty for nobody): signed-in people by
/// name, anonymous ones counted. Also the `text` of the presence endpoint's JSON, so the
/// script shows exactly what the server would.
pub fn editing_now(lang: Lang, others: &Others) -> String {
    let anonymous = lang.t_count("presence-anonymous", others.anonymous, &[]);
    match (others.names.as_slice(), others.anonymous) {
        ([], 0) => String::new(),
        ([], _) => lang.t_with("presence-editing-now", &[("people", &anonymous)]),
        (names, 0) => lang.t_with("presence-editing-now", &[("people", &names.join(", "))]),
        (names, _) => {
            let people = lang.t_with(
                "presence-names-and-anonymous",
                &[("names", &names.join(", ")), ("anonymous", &anonymous)],
            );
            lang.t_with("presence-editing-now", &[("people", &people)])
        }
    }
}

/// The editor's warning that others are editing. Always present (hidden when nobody is), so the
/// presence script can fill it in as people come and go; announced politely by screen readers.
pub fn editor_presence(lang: Lang, others: &Others) -> Markup {
    html! {
        div #cw-presence .notice.presence role="status" hidden[others.is_empty()] {
            p #cw-presence-text { (editing_now(lang, others)) }
            p { (lang.t("presence-editor-warning")) }
        }
    }
}

/// What the page view says about editing together: who is editing it now (nothing when nobody
/// is), and, right after a merged save, that it was merged.
pub fn page_notices(lang: Lang, others: &Others, merged: Option<&MergedNotice<'_>>) -> Markup {
    html! {
        @if !others.is_empty() {
            p.presence role="note" { (editing_now(lang, others)) }
        }
        @if let Some(merged) = merged { (merged_notice(lang, merged)) }
    }
}

/// Facts for the notice shown after a save that was merged.
pub struct MergedNotice<'a> {
    /// The page's address.
    pub path: &'a str,
    /// The revision the merged save created.
    pub number: i32,
    /// The revision it was merged with, and who saved that one.
    pub with: i32,
    pub author: &'a str,
}

fn merged_notice(lang: Lang, notice: &MergedNotice<'_>) -> Markup {
    let with = notice.with.to_string();
    html! {
        div.notice.merged role="status" {
            p { (lang.t_with("merged-notice", &[("with", &with), ("author", notice.author)])) }
            p {
                a href={(notice.path) "/diff?from=" (notice.with) "&to=" (notice.number)} {
                    (lang.t_with("merged-notice-diff", &[("with", &with)]))
                }
            }
        }
    }
}

/// Time allowed to find the differing words of all regions of one conflict.
const MARK_BUDGET: Duration = Duration::from_millis(200);

/// Both sides of a region, ours then theirs, each with the words the other side lacks in
/// `<mark>`.
fn marked_sides(ours: &str, theirs: &str, deadline: Instant) -> (Markup, Markup) {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .deadline(deadline)
        .diff_unicode_words(ours, theirs);
    let side = |own: ChangeTag| {
        html! {
            @for change in diff.iter_all_changes() {
                @if change.tag() == own {
                    mark { (change.value()) }
                } @else if change.tag() == ChangeTag::Equal {
                    (change.value())
                }
            }
        }
    };
    (side(ChangeTag::Delete), side(ChangeTag::Insert))
}

fn side(lang: Lang, class: &str, heading: &str, text: &str, marked: Markup) -> Markup {
    html! {
        section class={ "conflict-side " (class) } {
            h4 { (heading) }
            @if text.is_empty() {
                p.conflict-empty { (lang.t("conflict-side-empty")) }
            } @else {
                pre { (marked) }
            }
        }
    }
}

/// How a region is introduced: its heading, and the label of our side.
struct RegionLabels<'a> {
    heading: String,
    yours: &'a str,
}

fn region(
    lang: Lang,
    index: usize,
    labels: &RegionLabels<'_>,
    region: &ConflictRegion,
    their_heading: &str,
    deadline: Instant,
) -> Markup {
    let lines = region.ours.lines().count();
    let (ours, theirs) = marked_sides(&region.ours, &region.theirs, deadline);
    html! {
        li.conflict-region id={ "cw-conflict-" (index) }
            data-first-line=(region.first_line) data-line-count=(lines) {
            h3 { (labels.heading) }
            div.conflict-sides {
                (side(lang, "ours", labels.yours, &region.ours, ours))
                (side(lang, "theirs", their_heading, &region.theirs, theirs))
            }
            @if !region.base.is_empty() {
                details.conflict-base {
                    summary { (lang.t("conflict-before-both")) }
                    pre { (region.base) }
                }
            }
        }
    }
}

/// Every overlapping region of a conflict: our version (as it is in the editor) and theirs side
/// by side, the differing words marked, each with the line of the editor's text where it is.
pub fn conflict_regions(lang: Lang, conflict: &Conflicted, latest: i32, author: &str) -> Markup {
    let deadline = Instant::now() + MARK_BUDGET;
    let total = conflict.regions.len();
    let their_heading = lang.t_with(
        "conflict-theirs",
        &[("latest", &latest.to_string()), ("author", author)],
    );
    let yours = lang.t("conflict-yours");
    html! {
        p { (lang.t_count("conflict-regions-intro", i64::try_from(total).unwrap_or(i64::MAX), &[])) }
        ol.conflict-regions data-show-label=(lang.t("conflict-show-in-editor")) {
            @for (i, r) in conflict.regions.iter().enumerate() {
                @let labels = RegionLabels {
                    heading: lang.t_with("conflict-region-title", &[
                        ("index", &(i + 1).to_string()),
                        ("total", &total.to_string()),
                        ("line", &r.first_line.to_string()),
                    ]),
                    yours: &yours,
                };
                (region(lang, i + 1, &labels, r, &their_heading, deadline))
            }
        }
    }
}

/// The conflict of a form (the typed sheet editor), field by field: for each region, the
/// label `field_of` gives it (the field its lines belong to), our value as the form below
/// holds it and theirs side by side, the differing words marked.
pub fn conflict_fields(
    lang: Lang,
    conflict: &Conflicted,
    latest: i32,
    author: &str,
    field_of: &dyn Fn(&ConflictRegion) -> String,
) -> Markup {
    let deadline = Instant::now() + MARK_BUDGET;
    let (latest, their_heading) = (
        latest.to_string(),
        lang.t_with(
            "conflict-theirs",
            &[("latest", &latest.to_string()), ("author", author)],
        ),
    );
    let yours = lang.t("conflict-field-yours");
    html! {
        section.notice.conflict role="alert" aria-labelledby="cw-conflict-title" {
            h2 #cw-conflict-title { (lang.t("conflict-title")) }
            p { (lang.t_with("conflict-fields-explanation", &[("latest", &latest), ("author", author)])) }
            ol.conflict-regions {
                @for (i, r) in conflict.regions.iter().enumerate() {
                    @let labels = RegionLabels { heading: field_of(r), yours: &yours };
                    (region(lang, i + 1, &labels, r, &their_heading, deadline))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differing_words_are_marked_on_each_side_and_text_is_escaped() {
        let conflict = Conflicted {
            proposal: "a\n<b>ours</b> tables\n".into(),
            regions: vec![ConflictRegion {
                first_line: 2,
                ours: "<b>ours</b> tables\n".into(),
                theirs: "<b>theirs</b> tables\n".into(),
                base: "tables\n".into(),
            }],
        };
        let html = conflict_regions(Lang::EN, &conflict, 4, "anonymous").into_string();
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("<mark>ours</mark>"), "{html}");
        assert!(html.contains("<mark>theirs</mark>"), "{html}");
        assert!(html.contains("data-first-line=\"2\""), "{html}");
        assert!(html.contains("revision 4"), "{html}");
    }

    #[test]
    fn nobody_editing_shows_nothing_on_the_page() {
        let nobody = Others::default();
        assert_eq!(page_notices(Lang::EN, &nobody, None).into_string(), "");
        assert!(
            editor_presence(Lang::EN, &nobody)
                .into_string()
                .contains("hidden")
        );
        let one_anonymous = Others {
            names: Vec::new(),
            anonymous: 1,
        };
        assert_eq!(
            editing_now(Lang::EN, &one_anonymous),
            "Also editing now: one anonymous person."
        );
        let named = Others {
            names: vec!["Awa".into(), "Brune".into()],
            anonymous: 2,
        };
        assert_eq!(
            editing_now(Lang::EN, &named),
            "Also editing now: Awa, Brune and 2 anonymous people."
        );
        assert_eq!(
            editing_now(Lang::FR, &named),
            "Modifie aussi cette page en ce moment : Awa, Brune et 2 personnes anonymes."
        );
    }
}
