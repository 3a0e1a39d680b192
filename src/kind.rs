//! Page kinds: what a revision's text is (a plain page, a catalogue form, a method sheet, a
//! programme, and the kinds to come), and everything that differs between them, behind one
//! trait.
//!
//! `pages/` shows, edits, saves, prints and serves every page through [`Kinds`], the registry
//! that `app` fills and keeps in `state::AppState`; it never names a kind. A kind is detected
//! once per text by [`Kinds::of`] (the first that claims it, in registration order; none means
//! a plain Markdown page). Each capability that brings a kind implements [`Kind`] in its own
//! folder (`catalogue::kind`, `programmes::kind`). What another capability adds below every
//! page whatever its kind ("used in" programmes today, discussions tomorrow) is an [`Annex`].

use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse};
use async_trait::async_trait;
use diesel::result::QueryResult;
use diesel_async::AsyncPgConnection;
use futures_util::future::LocalBoxFuture;
use maud::Markup;
use uuid::Uuid;

use crate::access::Access;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::merge::TextMerge;
use crate::model::{Page, Revision};
use crate::names::PageName;

/// A revision being shown to a visitor: in their language, under their rights.
pub struct Shown<'a> {
    pub lang: Lang,
    pub access: &'a Access<'a>,
    pub page: &'a Page,
    pub revision: &'a Revision,
}

/// What happened to a page's name, for [`Kind::after_naming`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// The page was created under this name.
    Created,
    /// The page was renamed to this name.
    Renamed,
}

/// A method sheet in brief: what a printed card or an embed shows of it.
#[derive(Debug, Clone, Default)]
pub struct Brief {
    pub hook: String,
    pub summary: String,
    /// `(label, value)` in the visitor's language.
    pub facts: Vec<(String, String)>,
    pub steps: Vec<Step>,
    /// The sheet's own language code (`""` when unknown), for the `lang` attribute.
    pub content_lang: String,
}

/// One step of a method, as a card lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub title: String,
    pub text: String,
    pub minutes: Option<i64>,
}

/// One kind of page. Every method but [`Kind::name`] and [`Kind::claims`] has a default that
/// is what a plain page does, so a kind implements only where it differs.
///
/// The hooks on derived rows (`after_save`, `forget`, `after_naming`) are called for **every**
/// registered kind on every save, deletion and naming, inside the writing transaction: a page
/// that stops being a sheet must leave the catalogue, which only the sheet kind knows.
#[async_trait]
pub trait Kind: Send + Sync {
    /// A short name for logs and tests: `form`, `sheet`, `programme`.
    fn name(&self) -> &'static str;

    /// Whether the text of a page called `name` is of this kind.
    fn claims(&self, name: &str, body: &str) -> bool;

    /// Whether only administrators may create a page called `name` (a form: it defines a
    /// catalogue).
    fn reserved_for_admins(&self, _name: &str) -> bool {
        false
    }

    /// Where a new page starting as a copy of `name` is made, for kinds whose new pages have
    /// an editor of their own (the page's actions then offer "Duplicate"); `None`: no such
    /// action (an ordinary page is copied by copying its text).
    fn copy_href(&self, _name: &str) -> Option<String> {
        None
    }

    /// The HTML of a revision as its page shows it; `None` shows it as Markdown (a sheet whose
    /// form is missing, say).
    async fn content(
        &self,
        _conn: &mut AsyncPgConnection,
        _shown: &Shown<'_>,
    ) -> Result<Option<String>, AppError> {
        Ok(None)
    }

    /// The editor of this kind for the latest text, when it has one of its own (`None`: the
    /// raw editor). It gets the request, from which it takes the context it needs (`ctx::Ctx`
    /// is extracted once per request), so that kinds depend on the context and not the
    /// reverse.
    ///
    /// Not `Send` (it holds the request), unlike the hooks a save's transaction awaits.
    fn editor<'a>(
        &'a self,
        _req: &'a HttpRequest,
        _conn: &'a mut AsyncPgConnection,
        _name: &'a str,
        _body: &'a str,
        _base: i32,
    ) -> LocalBoxFuture<'a, Result<Option<HttpResponse>, AppError>> {
        Box::pin(async { Ok(None) })
    }

    /// What is wrong with a text of this kind, as (what, why) pairs in `lang`: a save through
    /// any editor is refused (422, nothing written) while this is not empty.
    async fn problems(
        &self,
        _conn: &mut AsyncPgConnection,
        _name: &PageName,
        _body: &str,
        _lang: Lang,
    ) -> Result<Vec<(String, String)>, AppError> {
        Ok(Vec::new())
    }

    /// A three-way merge of this kind's own (a sheet merges field by field); `None` leaves it
    /// to the line merge. CPU work goes off the async worker.
    async fn merge(
        &self,
        _conn: &mut AsyncPgConnection,
        _base: &str,
        _ours: &str,
        _theirs: &str,
    ) -> QueryResult<Option<TextMerge>> {
        Ok(None)
    }

    /// How a change from `old` to `new` reads for this kind, shown above the line diff of the
    /// text (a sheet: field by field, with the form's labels and readable values); `None`: the
    /// line diff alone.
    async fn changes(
        &self,
        _conn: &mut AsyncPgConnection,
        _lang: Lang,
        _old: &str,
        _new: &str,
    ) -> Result<Option<Markup>, AppError> {
        Ok(None)
    }

    /// The Markdown an embed's opening text is taken from (a programme's description; by
    /// default the whole text).
    fn opening(&self, body: &str) -> String {
        body.to_owned()
    }

    /// The brief a printed card and an embed show, for kinds printed as a card.
    async fn brief(
        &self,
        _conn: &mut AsyncPgConnection,
        _lang: Lang,
        _revision: &Revision,
    ) -> Result<Option<Brief>, AppError> {
        Ok(None)
    }

    /// The content of the print page when it differs from the page's (a programme prints its
    /// days one per sheet of paper).
    async fn print(
        &self,
        _conn: &mut AsyncPgConnection,
        _shown: &Shown<'_>,
    ) -> Result<Option<Markup>, AppError> {
        Ok(None)
    }

    /// Brings the rows this kind derives from a page's text in step with its latest text,
    /// `previous` being the text they were derived from ("" when there are none).
    async fn after_save(
        &self,
        _conn: &mut AsyncPgConnection,
        _page_id: Uuid,
        _name: &str,
        _body: &str,
        _previous: &str,
    ) -> QueryResult<()> {
        Ok(())
    }

    /// Removes the rows of a page that was deleted.
    async fn forget(&self, _conn: &mut AsyncPgConnection, _page_id: Uuid) -> QueryResult<()> {
        Ok(())
    }

    /// A page took a name, at its creation or by a rename.
    async fn after_naming(
        &self,
        _conn: &mut AsyncPgConnection,
        _page_id: Uuid,
        _name: &PageName,
        _how: Naming,
    ) -> QueryResult<()> {
        Ok(())
    }
}

/// What a capability adds below every page's content, whatever its kind.
#[async_trait]
pub trait Annex: Send + Sync {
    /// `kind` is the name of the shown revision's kind (`None` for a plain page), and `csrf`
    /// the visitor's token, for an annex that holds a form.
    async fn below(
        &self,
        conn: &mut AsyncPgConnection,
        shown: &Shown<'_>,
        kind: Option<&'static str>,
        csrf: &str,
    ) -> Result<Option<Markup>, AppError>;

    /// A notice above the page's content, for this visitor ("changed since your last visit").
    /// Called on the view of the latest revision only.
    async fn above(
        &self,
        _conn: &mut AsyncPgConnection,
        _shown: &Shown<'_>,
    ) -> Result<Option<Markup>, AppError> {
        Ok(None)
    }
}

/// The kinds and annexes of this wiki, in the order they are asked.
#[derive(Clone, Default)]
pub struct Kinds {
    kinds: Vec<Arc<dyn Kind>>,
    annexes: Vec<Arc<dyn Annex>>,
}

impl Kinds {
    pub fn new(kinds: Vec<Arc<dyn Kind>>, annexes: Vec<Arc<dyn Annex>>) -> Kinds {
        Kinds { kinds, annexes }
    }

    /// The kind of a page's text: the first that claims it; `None` for a plain page.
    pub fn of(&self, name: &str, body: &str) -> Option<&dyn Kind> {
        self.kinds
            .iter()
            .find(|kind| kind.claims(name, body))
            .map(|kind| kind.as_ref())
    }

    /// Every kind, for the hooks that each must hear (derived rows).
    pub fn all(&self) -> impl Iterator<Item = &dyn Kind> {
        self.kinds.iter().map(|kind| kind.as_ref())
    }

    /// Whether a kind keeps the creation of a page called `name` for administrators.
    pub fn reserved_for_admins(&self, name: &str) -> bool {
        self.all().any(|kind| kind.reserved_for_admins(name))
    }

    pub fn annexes(&self) -> impl Iterator<Item = &dyn Annex> {
        self.annexes.iter().map(|annex| annex.as_ref())
    }
}
