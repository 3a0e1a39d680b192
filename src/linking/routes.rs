//! Handlers for `/{name}/qr.svg`, `/{name}/print`, `/{name}/embed` and `/-/oembed`. Thin:
//! resolve the page as the right visitor, pick what to show by the page's kind, call a view.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, CacheControl, CacheDirective, ContentType};
use actix_web::{HttpRequest, HttpResponse, web};
use diesel_async::AsyncPgConnection;
use serde::Deserialize;

use crate::access::Access;
use crate::ctx::{Ctx, html};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::kind::{self, Brief, Kinds};
use crate::linking::cards::{Paper, paper_href};
use crate::linking::oembed::{self, Rich};
use crate::linking::qr;
use crate::linking::views::{self, Card, CardSet, Shown};
use crate::model::{Page, Revision};
use crate::names::{PageName, page_path, page_url};
use crate::pages::queries::{self, Found};
use crate::pages::render::revision_html;
use crate::pages::resolve::{find_readable, live_page_at};
use crate::security::Framable;
use crate::state::AppState;

/// An HTML answer with status 200.
fn ok_html(markup: maud::Markup) -> HttpResponse {
    html(StatusCode::OK, markup)
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/-/oembed", web::get().to(oembed))
        .route("/{name}/qr.svg", web::get().to(qr_code))
        .route("/{name}/print", web::get().to(print))
        .route("/{name}/embed", web::get().to(embed));
}

#[derive(Deserialize)]
pub struct RevQuery {
    rev: Option<i32>,
}

/// A live page the visitor may read, and its revision `rev` (the latest by default); or the
/// redirect to its canonical address.
async fn readable_revision(
    conn: &mut AsyncPgConnection,
    raw: &str,
    req: &HttpRequest,
    access: &Access<'_>,
    rev: Option<i32>,
) -> Result<(Page, Revision), AppError> {
    let page = live_page_at(conn, raw, req, access).await?;
    let revision = queries::revision(conn, page.id, rev.unwrap_or(page.latest_rev))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((page, revision))
}

/// How a revision prints and embeds, as its kind decides.
enum Printable {
    /// The kind prints its own content (a programme's days); `opening` as for a page.
    Own {
        content: maud::Markup,
        opening: String,
    },
    /// A card: a method sheet whose form exists.
    Card(Brief),
    /// Anything else, as its page view shows it (rendered HTML), and the Markdown an opening
    /// text is taken from.
    Page { html: String, opening: String },
}

async fn printable(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
    shown: &kind::Shown<'_>,
) -> Result<Printable, AppError> {
    let body = &shown.revision.body;
    let kind = kinds.of(&shown.page.name, body);
    let opening = kind.map_or_else(|| body.clone(), |kind| kind.opening(body));
    if let Some(kind) = kind {
        if let Some(content) = kind.print(conn, shown).await? {
            return Ok(Printable::Own { content, opening });
        }
        if let Some(brief) = kind.brief(conn, shown.lang, shown.revision).await? {
            return Ok(Printable::Card(brief));
        }
    }
    Ok(Printable::Page {
        html: revision_html(conn, kinds, shown).await?,
        opening,
    })
}

/// Shared caches may keep what anyone may read; the rest stays in the visitor's browser.
fn cache_control(public: bool, max_age: u32, immutable: bool) -> CacheControl {
    let mut directives = vec![
        if public {
            CacheDirective::Public
        } else {
            CacheDirective::Private
        },
        CacheDirective::MaxAge(max_age),
    ];
    if immutable {
        directives.push(CacheDirective::Extension("immutable".into(), None));
    }
    CacheControl(directives)
}

/// `GET /{name}/qr.svg` (`?rev=n`: pinned to that revision's permanent link). A pinned code
/// never changes, so it is cached for a year.
async fn qr_code(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    query: web::Query<RevQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let access = ctx.access();
    let (page, revision) = readable_revision(&mut conn, &name, &req, &access, query.rev).await?;
    let settings = &ctx.state.settings;
    let pinned = query.rev.map(|_| revision.number);
    let svg = qr::svg(&page_url(&settings.base_url, &page.name, pinned))
        .map_err(|err| AppError::Internal(err.to_string()))?;
    let public = Access::anonymous(settings).may_read(&page);
    let cache = match pinned {
        Some(_) => cache_control(public, 31_536_000, true),
        None => cache_control(public, 300, false),
    };
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(cache)
        .body(svg))
}

/// `GET /{name}/print` (`?rev=n` for an old revision): a standalone page to print, a method
/// card for a method sheet (`?paper=a4`: four to an A4 sheet). Each kind of page chooses its printable layout here.
async fn print(
    ctx: Ctx,
    req: HttpRequest,
    name: web::Path<String>,
    query: web::Query<RevQuery>,
) -> Result<HttpResponse, AppError> {
    let mut conn = ctx.state.pool.get().await?;
    let access = ctx.access();
    let (page, revision) = readable_revision(&mut conn, &name, &req, &access, query.rev).await?;
    let settings = &ctx.state.settings;
    let url = page_url(&settings.base_url, &page.name, None);
    let pinned_url = page_url(&settings.base_url, &page.name, Some(revision.number));
    let shown = Shown {
        name: &page.name,
        number: revision.number,
        url: &url,
        pinned_url: &pinned_url,
        site: &ctx.site,
    };
    let page_shown = kind::Shown {
        lang: ctx.lang,
        access: &access,
        page: &page,
        revision: &revision,
    };
    let markup = match printable(&mut conn, &ctx.state.kinds, &page_shown).await? {
        Printable::Own { content, .. } => views::programme_page(ctx.lang, &shown, content),
        Printable::Card(brief) => {
            let card = Card {
                name: page.name.clone(),
                number: revision.number,
                pinned_url: pinned_url.clone(),
                brief,
            };
            let path = page_path(&page.name);
            let back = ctx.lang.t("back-to-page");
            cards_document(
                &ctx,
                &req,
                CardsOf {
                    title: &page.name,
                    path: &format!("{path}/print"),
                    back: (&path, &back),
                },
                &[card],
            )
        }
        Printable::Page { html, .. } => views::print_page(ctx.lang, &shown, &html),
    };
    Ok(ok_html(markup))
}

/// What a printed set of cards says about where it comes from.
pub struct CardsOf<'a> {
    pub title: &'a str,
    /// The address printing them (the request's query string is added to it).
    pub path: &'a str,
    /// Where the screen-only hint leads back to, and its words.
    pub back: (&'a str, &'a str),
}

/// Method cards printed on the paper the request asks for (`?paper=a4`, A6 otherwise), with
/// links to the same cards on the other paper: one card (`/{name}/print`), or the sets of
/// `/-/methods/cards` and `/{name}/cards`.
pub fn cards_document(
    ctx: &Ctx,
    req: &HttpRequest,
    of: CardsOf<'_>,
    cards: &[Card],
) -> maud::Markup {
    let query = req.query_string();
    views::method_cards(
        ctx.lang,
        &CardSet {
            title: of.title,
            back: of.back,
            site: &ctx.site,
            paper: Paper::from_query(query),
            on_a6: &paper_href(of.path, query, Paper::A6),
            on_a4: &paper_href(of.path, query, Paper::A4),
            cards,
        },
    )
}

/// `GET /{name}/embed`: the card other sites put in an iframe. Public content only: the page
/// is resolved as an anonymous visitor and the session cookie is never read, so what a
/// framing site shows is what anyone may see; the response may be framed and sets no cookie.
async fn embed(
    state: web::Data<AppState>,
    lang: Lang,
    req: HttpRequest,
    name: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let settings = &state.settings;
    let site = crate::ctx::site(&state).await;
    let access = Access::anonymous(settings);
    let mut conn = state.pool.get().await?;
    let (page, revision) = readable_revision(&mut conn, &name, &req, &access, None).await?;
    let url = page_url(&settings.base_url, &page.name, None);
    let pinned_url = page_url(&settings.base_url, &page.name, Some(revision.number));
    let shown = Shown {
        name: &page.name,
        number: revision.number,
        url: &url,
        pinned_url: &pinned_url,
        site: &site,
    };
    let page_shown = kind::Shown {
        lang,
        access: &access,
        page: &page,
        revision: &revision,
    };
    let markup = match printable(&mut conn, &state.kinds, &page_shown).await? {
        Printable::Card(brief) => views::embed(lang, &shown, Some(&brief), ""),
        Printable::Own { opening, .. } | Printable::Page { opening, .. } => {
            let opening = crate::markup::plain_text(&opening, 280);
            views::embed(lang, &shown, None, &opening)
        }
    };
    // The card is in the language of the `lang` cookie or of Accept-Language: a cache that
    // keeps it (the browser's, a shared one) must not hand one language's card to a visitor of
    // the other.
    let mut response = HttpResponse::Ok()
        .content_type(ContentType::html())
        .insert_header(cache_control(true, 300, false))
        .insert_header((header::VARY, "Accept-Language, Cookie"))
        .body(markup.into_string());
    response.extensions_mut().insert(Framable);
    Ok(response)
}

#[derive(Deserialize)]
pub struct OembedQuery {
    url: Option<String>,
    maxwidth: Option<u32>,
    maxheight: Option<u32>,
    format: Option<String>,
}

/// `GET /-/oembed?url=…`: the oEmbed description of a page's embed card, for public pages
/// only (as [`embed`] shows them). Only JSON is offered: any other format is 501, as the
/// oEmbed specification asks; a URL of another site or of no public page is 404.
async fn oembed(
    state: web::Data<AppState>,
    query: web::Query<OembedQuery>,
) -> Result<HttpResponse, AppError> {
    if query.format.as_deref().is_some_and(|f| f != "json") {
        return Err(AppError::NotImplemented("oembed-json-only"));
    }
    let url = query
        .url
        .as_deref()
        .ok_or(AppError::BadRequest("oembed-no-url"))?;
    let settings = &state.settings;
    let site = crate::ctx::site(&state).await;
    let segment = oembed::page_segment(&settings.base_url, url).ok_or(AppError::NotFound)?;
    let name = if segment.is_empty() {
        site.home_page.clone()
    } else {
        let decoded = percent_encoding::percent_decode_str(segment)
            .decode_utf8()
            .map_err(|_| AppError::NotFound)?;
        PageName::parse(&decoded).map_err(|_| AppError::NotFound)?
    };
    let mut conn = state.pool.get().await?;
    let page = match find_readable(&mut conn, &name, &Access::anonymous(settings)).await? {
        Some(Found::Current(page) | Found::FormerName(page)) if page.deleted_at.is_none() => page,
        _ => return Err(AppError::NotFound),
    };
    let embed_url = format!("{}/embed", page_url(&settings.base_url, &page.name, None));
    let rich = Rich::new(
        &page.name,
        &embed_url,
        &site.name,
        &settings.base_url,
        (query.maxwidth, query.maxheight),
    );
    Ok(HttpResponse::Ok()
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header(cache_control(true, 300, false))
        .json(rich))
}
