//! HTML of the search page, and the OpenSearch description. Pure functions from data to markup:
//! every string from a page or a visitor is escaped by maud; a snippet's matched words become
//! `<mark>` elements, and that is the only markup search adds.

use maud::{Markup, PreEscaped, html};

use crate::i18n::Lang;
use crate::layout::time as show_time;
use crate::names::{comment_path, page_path};
use crate::search::Snippet;
use crate::search::queries::{CommentHit, CommentsFound, Found};
use crate::search::query::MAX_QUERY_CHARS;
use crate::search::routes::Scope;

/// What the search page shows.
pub struct Results<'a> {
    /// The query as typed.
    pub query: &'a str,
    /// Whether a query was typed at all (else the page only shows the form).
    pub searched: bool,
    /// Pages (with a glimpse of the comments) or comments alone.
    pub scope: Scope,
    /// Pages found (searching pages).
    pub found: &'a Found,
    /// Comments found: all of this result page's when searching comments, the best few under
    /// the first page of pages.
    pub comments: &'a CommentsFound,
    /// Titles that look like the query, not already among the results.
    pub similar: &'a [String],
    /// The query as the name of a page to create (no readable page has it).
    pub create: Option<&'a str>,
    /// 1-based result page.
    pub page: u32,
    pub per_page: u32,
}

fn search_href(query: &str, scope: Scope, page: u32) -> String {
    let page = page.to_string();
    let mut pairs = vec![("q", query)];
    if scope == Scope::Comments {
        pairs.push(("in", "comments"));
    }
    pairs.push(("page", &page));
    let encoded = serde_urlencoded::to_string(pairs).unwrap_or_default();
    format!("/-/search?{encoded}")
}

fn snippet(lang_attr: Option<&str>, snippet: &Snippet) -> Markup {
    html! {
        p.snippet lang=[lang_attr] {
            @for run in &snippet.0 {
                @if run.matched { mark { (run.text) } } @else { (run.text) }
            }
        }
    }
}

/// The search form of the search page itself (the header has a smaller one). Both are search
/// landmarks: this one is named by the page's heading, the header's by its own label, so that
/// a screen reader's list of landmarks tells them apart.
fn form(lang: Lang, query: &str) -> Markup {
    html! {
        form.search-form role="search" method="get" action="/-/search" aria-labelledby="cw-search-title" {
            label for="cw-search-query" { (lang.t("search-label")) }
            div.search-row {
                input #cw-search-query type="search" name="q" value=(query)
                    maxlength=(MAX_QUERY_CHARS) autocomplete="off"
                    list="cw-search-query-titles" aria-describedby="cw-search-help";
                datalist #cw-search-query-titles {}
                button type="submit" { (lang.t("search-button")) }
            }
            p.help #cw-search-help { (lang.t("search-syntax")) }
        }
    }
}

pub fn results(lang: Lang, view: &Results<'_>) -> Markup {
    html! {
        h1 #cw-search-title { (lang.t("search-title")) }
        (form(lang, view.query))
        @if view.searched {
            @match view.scope {
                Scope::Pages => (pages_found(lang, view)),
                Scope::Comments => (comments_found(lang, view)),
            }
        }
    }
}

fn pages_found(lang: Lang, view: &Results<'_>) -> Markup {
    let found = view.found;
    let first = (view.page - 1) * view.per_page + 1;
    let more = i64::from(view.page * view.per_page) < found.total;
    let comments = view.comments;
    html! {
        @if !found.searchable {
            p.search-count { (lang.t("search-nothing-to-look-for")) }
        } @else if found.total == 0 {
            p.search-count { (lang.t_with("search-no-results", &[("query", view.query)])) }
        } @else if found.capped {
            p.search-count { (lang.t_count("search-count-capped", found.total, &[])) }
        } @else {
            p.search-count { (lang.t_count("search-count", found.total, &[])) }
        }
        @if let Some(name) = view.create {
            p.search-create {
                a href={(page_path(name)) "/edit"} { (lang.t_with("search-create", &[("name", name)])) }
            }
        }
        @if !view.similar.is_empty() {
            section.search-similar aria-labelledby="cw-similar-heading" {
                h2 #cw-similar-heading { (lang.t("search-similar-titles")) }
                ul {
                    @for name in view.similar { li { a href=(page_path(name)) { (name) } } }
                }
            }
        }
        @if !found.hits.is_empty() {
            section aria-labelledby="cw-results-heading" {
                h2.visually-hidden #cw-results-heading { (lang.t("search-results")) }
                ol.search-results start=(first) {
                    @for hit in &found.hits {
                        li {
                            a.search-hit href=(page_path(&hit.name)) { (hit.name) }
                            (snippet(hit.language.as_deref(), &hit.snippet))
                            p.search-meta { (lang.t("search-updated")) " " (show_time(lang, hit.updated_at)) }
                        }
                    }
                }
            }
        } @else if view.page > 1 && found.total > 0 {
            p { (lang.t("search-no-more")) }
        }
        (pagination(lang, view, more))
        @if !comments.hits.is_empty() {
            section.search-comments aria-labelledby="cw-comments-heading" {
                h2 #cw-comments-heading { (lang.t("search-comments")) }
                ol.search-results {
                    @for hit in &comments.hits { li { (comment_hit(lang, hit)) } }
                }
                @if comments.total > comments.hits.len() as i64 {
                    p {
                        a href=(search_href(view.query, Scope::Comments, 1)) {
                            (lang.t_count(if comments.capped { "search-all-comments-capped" } else { "search-all-comments" }, comments.total, &[]))
                        }
                    }
                }
            }
        }
    }
}

fn comments_found(lang: Lang, view: &Results<'_>) -> Markup {
    let found = view.comments;
    let first = (view.page - 1) * view.per_page + 1;
    let more = i64::from(view.page * view.per_page) < found.total;
    html! {
        p { a href=(search_href(view.query, Scope::Pages, 1)) { (lang.t("search-back-to-pages")) } }
        @if !found.searchable {
            p.search-count { (lang.t("search-nothing-to-look-for")) }
        } @else if found.total == 0 {
            p.search-count { (lang.t_with("search-no-comments", &[("query", view.query)])) }
        } @else if found.capped {
            p.search-count { (lang.t_count("search-comment-count-capped", found.total, &[])) }
        } @else {
            p.search-count { (lang.t_count("search-comment-count", found.total, &[])) }
        }
        @if !found.hits.is_empty() {
            section aria-labelledby="cw-results-heading" {
                h2.visually-hidden #cw-results-heading { (lang.t("search-comments")) }
                ol.search-results start=(first) {
                    @for hit in &found.hits { li { (comment_hit(lang, hit)) } }
                }
            }
        } @else if view.page > 1 && found.total > 0 {
            p { (lang.t("search-no-more")) }
        }
        (pagination(lang, view, more))
    }
}

/// A comment found: where it was said, by whom and when, its words around the match.
fn comment_hit(lang: Lang, hit: &CommentHit) -> Markup {
    html! {
        a.search-hit href=(comment_path(&hit.page_name, hit.id)) {
            (lang.t_with("search-comment-on", &[("page", &hit.page_name), ("author", &hit.author_name)]))
        }
        (snippet(hit.language.as_deref(), &hit.snippet))
        p.search-meta { (show_time(lang, hit.created_at)) }
    }
}

fn pagination(lang: Lang, view: &Results<'_>, more: bool) -> Markup {
    html! {
        @if view.page > 1 || more {
            nav.search-pages aria-label=(lang.t("search-pages")) {
                ul {
                    @if view.page > 1 {
                        li { a rel="prev" href=(search_href(view.query, view.scope, view.page - 1)) { (lang.t("search-previous")) } }
                    }
                    @if more {
                        li { a rel="next" href=(search_href(view.query, view.scope, view.page + 1)) { (lang.t("search-next")) } }
                    }
                }
            }
        }
    }
}

/// `/-/opensearch.xml`: lets browsers add the wiki as a search engine
/// (<https://github.com/dewitt/opensearch>). `ShortName` is limited to 16 characters.
pub fn opensearch(lang: Lang, site_name: &str, base_url: &str) -> String {
    let short_name: String = site_name.chars().take(16).collect();
    let markup = html! {
        (PreEscaped("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
        OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/" {
            ShortName { (short_name) }
            Description { (lang.t_with("opensearch-description", &[("site", site_name)])) }
            InputEncoding { "UTF-8" }
            Image width="16" height="16" type="image/svg+xml" { (base_url) "/favicon.ico" }
            Url type="text/html" method="get" template={(base_url) "/-/search?q={searchTerms}"} {}
            Url type="application/x-suggestions+json" method="get" template={(base_url) "/-/search/suggest?q={searchTerms}"} {}
            Url type="application/opensearchdescription+xml" rel="self" template={(base_url) "/-/opensearch.xml"} {}
        }
    };
    markup.into_string()
}
