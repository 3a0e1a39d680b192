//! The programme kind of page (see `crate::kind`): YAML front matter with `programme:` (and no
//! `form:`, which makes a sheet), its slots linking to methods. Its rows (`programmes`,
//! `programme_slots`, `programme_slot_methods`) are derived from the latest text. And
//! [`UsedIn`], what it adds below every page that a programme's slot names.

use actix_web::{HttpRequest, HttpResponse};
use async_trait::async_trait;
use diesel::result::QueryResult;
use diesel_async::AsyncPgConnection;
use futures_util::future::LocalBoxFuture;
use maud::Markup;
use uuid::Uuid;

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::kind::{Annex, Kind, Naming, Shown};
use crate::names::PageName;
use crate::programmes::{programme, queries, routes, views};

/// An event's programme: days, rooms and slots.
pub struct ProgrammeKind;

#[async_trait]
impl Kind for ProgrammeKind {
    fn name(&self) -> &'static str {
        "programme"
    }

    fn claims(&self, _name: &str, body: &str) -> bool {
        programme::looks_like_programme(body)
    }

    /// The schedule, with each method reference resolved for the visitor.
    async fn content(
        &self,
        conn: &mut AsyncPgConnection,
        shown: &Shown<'_>,
    ) -> Result<Option<String>, AppError> {
        routes::schedule(conn, shown).await
    }

    fn editor<'a>(
        &'a self,
        req: &'a HttpRequest,
        conn: &'a mut AsyncPgConnection,
        name: &'a str,
        body: &'a str,
        base: i32,
    ) -> LocalBoxFuture<'a, Result<Option<HttpResponse>, AppError>> {
        Box::pin(async move {
            let ctx = Ctx::of(req).await?;
            routes::typed_editor(&ctx, conn, name, body, base).await
        })
    }

    async fn problems(
        &self,
        _conn: &mut AsyncPgConnection,
        _name: &PageName,
        body: &str,
        lang: Lang,
    ) -> Result<Vec<(String, String)>, AppError> {
        Ok(routes::raw_problems(body, lang))
    }

    /// The event's description, not its front matter.
    fn opening(&self, body: &str) -> String {
        programme::parse(body).map_or_else(String::new, |(programme, _)| programme.description)
    }

    /// One day per printed sheet.
    async fn print(
        &self,
        conn: &mut AsyncPgConnection,
        shown: &Shown<'_>,
    ) -> Result<Option<Markup>, AppError> {
        routes::print_view(shown.lang, conn, shown.access, shown.revision).await
    }

    async fn after_save(
        &self,
        conn: &mut AsyncPgConnection,
        page_id: Uuid,
        _name: &str,
        body: &str,
        previous: &str,
    ) -> QueryResult<()> {
        queries::after_save(conn, page_id, body, previous).await
    }

    async fn forget(&self, conn: &mut AsyncPgConnection, page_id: Uuid) -> QueryResult<()> {
        queries::forget(conn, page_id).await
    }

    /// References that named the page before any page had the name now lead to it.
    async fn after_naming(
        &self,
        conn: &mut AsyncPgConnection,
        page_id: Uuid,
        name: &PageName,
        _how: Naming,
    ) -> QueryResult<()> {
        queries::after_naming(conn, page_id, name.key()).await
    }
}

/// "Used in": the readable programmes whose slots name a page, below that page.
pub struct UsedIn;

#[async_trait]
impl Annex for UsedIn {
    async fn below(
        &self,
        conn: &mut AsyncPgConnection,
        shown: &Shown<'_>,
        _kind: Option<&'static str>,
        _csrf: &str,
    ) -> Result<Option<Markup>, AppError> {
        let uses = queries::used_in(conn, shown.page.id, &shown.access.read_filter()).await?;
        Ok((!uses.is_empty()).then(|| views::used_in(shown.lang, &uses)))
    }
}
