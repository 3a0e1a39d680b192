//! From a revision's Markdown to the HTML shown, with wiki links coloured by whether their
//! target exists now. Markdown itself is `crate::markup`'s job; this module adds what needs the
//! database: link states, and the per-page cache.

use std::collections::HashMap;

use actix_web::web;
use diesel_async::AsyncPgConnection;
use futures_util::future::LocalBoxFuture;

use crate::access::Access;
use crate::error::AppError;
use crate::kind::{Kinds, Shown};
use crate::layout::Chrome;
use crate::markup::{self, ResolvedLink};
use crate::model::Page;
use crate::names::{PageName, page_path};
use crate::pages::queries::{self, OutgoingLink};
use crate::pages::{FOOTER_PAGE, MENU_PAGE};

/// The valid wiki-link targets of a text, as they will be stored in the link graph.
pub fn outgoing_links(body: &str) -> Vec<OutgoingLink> {
    markup::wiki_link_targets(body)
        .iter()
        .filter_map(|target| PageName::parse(target).ok())
        .map(|name| OutgoingLink {
            key: name.key().to_owned(),
            name: name.as_str().to_owned(),
        })
        .collect()
}

/// Renders any text (a revision, a preview) for this visitor, with its wiki links resolved
/// against the pages that exist now. The CPU-bound part runs off the async worker.
///
/// `page` is the name of the page the text belongs to, so `attachment:` links resolve to its
/// files (see `markup::render_page`).
pub async fn render_text(
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    page: Option<&str>,
    body: String,
) -> Result<String, AppError> {
    Ok(render_markdown(conn, access, page, String::new(), body)
        .await?
        .html)
}

/// HTML rendered for one visitor, and whether it may be kept for everyone.
pub struct Rendering {
    pub html: String,
    /// Every visitor would get this same HTML (every linked page is public, or the text is
    /// shown as its source) and it is complete (no deadline was hit: one hit under load is
    /// tried again next time rather than kept).
    pub cacheable: bool,
    /// The text is past the rendering bounds whenever it is rendered (see
    /// `markup::Rendered::lasting`).
    pub degrades: bool,
}

/// Renders a text for one visitor ([`resolve_links`]). The result is shareable only when every linked page is public:
/// then it is the same for everyone, and may go into the page's HTML cache.
///
/// `piece` is the part of its page the text is, `""` for the page's own text (see
/// `markup::render_page`: it scopes the ids the text makes).
pub async fn render_markdown(
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    page: Option<&str>,
    piece: String,
    body: String,
) -> Result<Rendering, AppError> {
    let attachments_base = page.map(page_path);
    let links = resolve_links(conn, access, std::slice::from_ref(&body)).await?;
    let rendered = web::block(move || {
        markup::render_page(&body, attachments_base.as_deref(), &piece, &|target| {
            links.resolved.get(target).cloned()
        })
    })
    .await?;
    Ok(Rendering {
        cacheable: rendered.lasting || (links.shareable && !rendered.degraded),
        degrades: rendered.lasting,
        html: rendered.html,
    })
}

/// Several texts of one page rendered for this visitor, each as its own `piece` (see
/// [`render_markdown`]), with one query for the links of them all: a discussion's comments.
pub async fn render_pieces(
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    page: &str,
    pieces: Vec<(String, String)>,
) -> Result<Vec<String>, AppError> {
    let bodies: Vec<String> = pieces.iter().map(|(_, body)| body.clone()).collect();
    let links = resolve_links(conn, access, &bodies).await?;
    let attachments_base = page_path(page);
    Ok(web::block(move || {
        pieces
            .iter()
            .map(|(piece, body)| {
                markup::render_page(body, Some(&attachments_base), piece, &|target| {
                    links.resolved.get(target).cloned()
                })
                .html
            })
            .collect()
    })
    .await?)
}

/// The wiki links of some texts, resolved for one visitor.
struct Links {
    resolved: HashMap<String, ResolvedLink>,
    /// Every linked page is public: the links look the same to everyone.
    shareable: bool,
}

/// A link to a page the visitor may not read looks like a link to a missing page, so that its
/// colour cannot reveal the page.
async fn resolve_links(
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    bodies: &[String],
) -> Result<Links, AppError> {
    let targets: Vec<(String, Option<PageName>)> = bodies
        .iter()
        .flat_map(|body| markup::wiki_link_targets(body))
        .map(|target| {
            let name = PageName::parse(&target).ok();
            (target, name)
        })
        .collect();
    let keys: Vec<String> = targets
        .iter()
        .filter_map(|(_, name)| name.as_ref().map(|n| n.key().to_owned()))
        .collect();
    let live = queries::live_targets(conn, &keys).await?;
    let shareable = live
        .values()
        .all(|target| access.is_public_under(target.read_acl.as_ref()));
    let resolved = targets
        .into_iter()
        .filter_map(|(target, name)| {
            let name = name?;
            let link = match live.get(name.key()) {
                Some(page) if access.may_read_under(page.read_acl.as_ref(), page.owner_id) => {
                    ResolvedLink {
                        href: page_path(&page.name),
                        exists: true,
                    }
                }
                _ => ResolvedLink {
                    href: format!("{}/edit", name.path()),
                    exists: false,
                },
            };
            Some((target, link))
        })
        .collect();
    Ok(Links {
        resolved,
        shareable,
    })
}

/// The HTML of a page's latest revision for this visitor, from the cache when it is still
/// valid. Only renderings that are the same for every visitor are cached (see
/// [`render_markdown`]); a page linking to a restricted page renders at each view.
pub async fn latest_html(
    conn: &mut AsyncPgConnection,
    access: &Access<'_>,
    page: &Page,
) -> Result<String, AppError> {
    if let Some(html) = page.cached_html() {
        return Ok(html.to_owned());
    }
    let body = queries::latest_body(conn, page).await?;
    let rendering = render_markdown(conn, access, Some(&page.name), String::new(), body).await?;
    if rendering.cacheable {
        queries::store_rendered(conn, page.id, page.render_generation, &rendering.html).await?;
    }
    Ok(rendering.html)
}

/// The HTML of a revision as its page shows it, whatever its kind: its kind's own content
/// when it has one, else its Markdown rendered (from the page's cache for the latest
/// revision). The page view, `?rev=`, print, the API and feeds all show a revision through
/// here, so they cannot disagree.
pub async fn revision_html(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    shown: &Shown<'_>,
) -> Result<String, AppError> {
    if let Some(kind) = kinds.of(&shown.page.name, &shown.revision.body)
        && let Some(html) = kind.content(conn, shown).await?
    {
        return Ok(html);
    }
    let (page, revision) = (shown.page, shown.revision);
    if revision.number == page.latest_rev {
        return latest_html(conn, shown.access, page).await;
    }
    if queries::renders_degraded(conn, page.id, revision.number).await? {
        return Ok(markup::source_fallback(&revision.body).html);
    }
    let rendering = render_markdown(
        conn,
        shown.access,
        Some(&page.name),
        String::new(),
        revision.body.clone(),
    )
    .await?;
    if rendering.degrades {
        queries::remember_degraded(conn, page.id, revision.number).await?;
    }
    Ok(rendering.html)
}

/// What other capabilities add below a page's content (`kind::Annex`), in registration order.
pub async fn annexes(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    shown: &Shown<'_>,
    csrf: &str,
) -> Result<String, AppError> {
    let kind = kinds
        .of(&shown.page.name, &shown.revision.body)
        .map(|kind| kind.name());
    let mut below = String::new();
    for annex in kinds.annexes() {
        if let Some(markup) = annex.below(conn, shown, kind, csrf).await? {
            below.push_str(&markup.into_string());
        }
    }
    Ok(below)
}

/// What other capabilities say above the latest revision of a page, for this visitor.
pub async fn notices_above(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    shown: &Shown<'_>,
) -> Result<String, AppError> {
    let mut above = String::new();
    if shown.revision.number != shown.page.latest_rev {
        return Ok(above);
    }
    for annex in kinds.annexes() {
        if let Some(markup) = annex.above(conn, shown).await? {
            above.push_str(&markup.into_string());
        }
    }
    Ok(above)
}

/// [`chrome`], as the core's request context calls it (`state::LoadChrome`).
pub fn load_chrome<'a>(
    conn: &'a mut AsyncPgConnection,
    access: &'a Access<'a>,
) -> LocalBoxFuture<'a, Result<Chrome, AppError>> {
    Box::pin(chrome(conn, access))
}

/// The site menu and footer. A wiki without them (deleted, not yet created, or not readable by
/// this visitor) still works.
pub async fn chrome(conn: &mut AsyncPgConnection, access: &Access<'_>) -> Result<Chrome, AppError> {
    let menu_key = PageName::parse(MENU_PAGE)
        .map(|n| n.key().to_owned())
        .unwrap_or_default();
    let footer_key = PageName::parse(FOOTER_PAGE)
        .map(|n| n.key().to_owned())
        .unwrap_or_default();
    let pages = queries::by_keys(conn, &[&menu_key, &footer_key]).await?;
    let mut chrome = Chrome::default();
    for page in pages.into_iter().filter(|page| access.may_read(page)) {
        let html = latest_html(conn, access, &page).await?;
        if page.name_key == menu_key {
            chrome.menu = Some(html);
        } else {
            chrome.footer = Some(html);
        }
    }
    Ok(chrome)
}
