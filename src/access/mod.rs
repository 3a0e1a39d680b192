//! Who may read, write and comment on each page (YesWiki's lists, see `crate::acl`), and the one
//! place handlers ask. Part of the core: every capability that shows a page asks here.
//!
//! A page the visitor may not read must look exactly like a missing page on every path, so
//! handlers never test a list themselves: they resolve pages through
//! `pages::resolve::resolve`, which asks [`Access::may_read`], and listings filter in SQL
//! with [`ReadFilter`] (the same rules, as the SQL function `coopwiki_acl_allows`) before any
//! limit, so counts and pagination only ever see readable pages.

use diesel::expression::{BoxableExpression, SelectableExpression};
use diesel::pg::Pg;
use diesel::sql_types::{Array, Bool, Nullable, Text, Uuid as SqlUuid};
use uuid::Uuid;

use crate::acl::{Acl, Subject};
use crate::config::Settings;
use crate::db::schema::pages;
use crate::db::sql::{Bind, Sql};
use crate::error::AppError;
use crate::identity::{Role, Viewer};
use crate::model::Page;

/// Nobody signed in.
static NOBODY: Viewer = Viewer {
    user: None,
    session: None,
};

diesel::define_sql_function! {
    /// See the migration `2026-11-28-000300_accounts` and [`Acl::allows`].
    fn coopwiki_acl_allows(
        page_acl: Nullable<Array<Text>>,
        default_acl: Array<Text>,
        owner: Nullable<SqlUuid>,
        viewer: Nullable<SqlUuid>,
        is_admin: Bool,
        user_key: Text,
        groups: Array<Text>,
    ) -> Bool;
}

/// What listings need to keep only the pages a visitor may read, evaluated in SQL.
#[derive(Debug, Clone)]
pub struct ReadFilter {
    pub default_acl: Vec<String>,
    pub viewer: Option<Uuid>,
    pub is_admin: bool,
    pub user_key: String,
    pub groups: Vec<String>,
}

impl ReadFilter {
    /// Whether the site's default list lets this visitor read a page that has no list of its
    /// own (and that they do not own: owning only adds). Derived rows flag such pages
    /// (`default_read`), so a listing checks this once rather than calling
    /// `coopwiki_acl_allows` for each of them.
    pub fn default_allows(&self) -> bool {
        Acl::from_stored(&self.default_acl).allows(&Subject {
            user: self
                .viewer
                .map(|_| (self.user_key.as_str(), self.groups.as_slice())),
            is_owner: false,
            is_admin: self.is_admin,
        })
    }

    /// A condition on `pages` (alone or joined) that holds for readable pages.
    pub fn pages<QS>(&self) -> Box<dyn BoxableExpression<QS, Pg, SqlType = Bool>>
    where
        pages::read_acl: SelectableExpression<QS>,
        pages::owner_id: SelectableExpression<QS>,
    {
        Box::new(coopwiki_acl_allows(
            pages::read_acl,
            self.default_acl.clone(),
            pages::owner_id,
            self.viewer,
            self.is_admin,
            self.user_key.clone(),
            self.groups.clone(),
        ))
    }
}

impl ReadFilter {
    /// The read predicate of one query, its values bound once into `sql` (only when it needs
    /// them: an administrator reads everything).
    pub fn bind(&self, sql: &mut Sql) -> Readable {
        if self.is_admin {
            return Readable::Everything;
        }
        let args = format!(
            "{}::text[], {{owner}}, {}::uuid, false, {}, {}::text[]",
            sql.bind(Bind::Texts(self.default_acl.clone())),
            sql.bind(Bind::Uuid(self.viewer)),
            sql.bind(Bind::Text(self.user_key.clone())),
            sql.bind(Bind::Texts(self.groups.clone())),
        );
        Readable::Some {
            by_default: self.default_allows(),
            args,
        }
    }
}

/// The read rule of [`ReadFilter`] as SQL text, for queries written as text (search, the
/// catalogue, wanted pages): written here once, so that no query spells the rule itself.
/// Placed before a query's `LIMIT`, it keeps results, counts and pagination to readable pages.
#[derive(Debug, Clone)]
pub enum Readable {
    /// An administrator: every page.
    Everything,
    Some {
        /// The site's default list lets the visitor in (see [`ReadFilter::default_allows`]).
        by_default: bool,
        /// The arguments of `coopwiki_acl_allows` after the page's list, `{owner}` standing
        /// for the page's owner column.
        args: String,
    },
}

impl Readable {
    /// Whether the visitor may read the page aliased `page` (a row of `pages`).
    pub fn page(&self, page: &str) -> String {
        match self {
            Readable::Everything => "true".to_owned(),
            Readable::Some { args, .. } => format!(
                "coopwiki_acl_allows({page}.read_acl, {})",
                args.replace("{owner}", &format!("{page}.owner_id"))
            ),
        }
    }

    /// Whether a row whose page has no list of its own (its `default_read` column is
    /// `default_read`) is readable on that ground alone: decided once per request, no call.
    pub fn by_default(&self, default_read: &str) -> String {
        match self {
            Readable::Everything => "true".to_owned(),
            Readable::Some {
                by_default: true, ..
            } => default_read.to_owned(),
            Readable::Some { .. } => "false".to_owned(),
        }
    }

    /// Whether the page `page_id` of a derived row may be read by its list (the call).
    pub fn by_list(&self, page_id: &str) -> String {
        format!(
            "EXISTS (SELECT 1 FROM pages AS rp WHERE rp.id = {page_id} AND {})",
            self.page("rp")
        )
    }

    /// Whether a row derived from the page `page_id`, with its `default_read` column, may be
    /// read: by default when its page follows the site's list, by its list otherwise.
    pub fn row(&self, page_id: &str, default_read: &str) -> String {
        match self {
            Readable::Everything => "true".to_owned(),
            Readable::Some {
                by_default: true, ..
            } => format!("({default_read} OR {})", self.by_list(page_id)),
            Readable::Some { .. } => self.by_list(page_id),
        }
    }
}

/// A visitor's rights under the site's settings.
#[derive(Clone, Copy)]
pub struct Access<'a> {
    pub settings: &'a Settings,
    pub viewer: &'a Viewer,
    /// Where the login form comes back to (see `Ctx::return_to`).
    pub here: &'a str,
}

impl<'a> Access<'a> {
    /// The rights of a visitor who is not signed in, whatever the request's cookies say: what
    /// embeds and oEmbed describe to other sites.
    pub fn anonymous(settings: &'a Settings) -> Access<'a> {
        Access {
            settings,
            viewer: &NOBODY,
            here: "/",
        }
    }

    fn subject(&self, owner: Option<Uuid>) -> Subject<'a> {
        let user = self.viewer.user.as_ref();
        Subject {
            user: user.map(|u| (u.name_key.as_str(), u.groups.as_slice())),
            is_owner: user.is_some_and(|u| Some(u.id) == owner),
            is_admin: user.is_some_and(|u| u.is_admin()),
        }
    }

    fn list(stored: Option<&Vec<String>>, default: &[String]) -> Acl {
        Acl::from_stored(stored.map_or(default, Vec::as_slice))
    }

    pub fn is_admin(&self) -> bool {
        self.viewer.user.as_ref().is_some_and(|u| u.is_admin())
    }

    pub fn may_read(&self, page: &Page) -> bool {
        self.may_read_under(page.read_acl.as_ref(), page.owner_id)
    }

    /// [`Access::may_read`] for a page known only by its read list and owner.
    pub fn may_read_under(&self, read_acl: Option<&Vec<String>>, owner: Option<Uuid>) -> bool {
        Self::list(read_acl, &self.settings.default_read_acl).allows(&self.subject(owner))
    }

    /// Whether anyone, signed in or not, may read a page with this read list. What depends
    /// only on public pages may be shared between visitors (the rendered-HTML cache); anything
    /// else may not.
    pub fn is_public_under(&self, read_acl: Option<&Vec<String>>) -> bool {
        let anonymous = Subject {
            user: None,
            is_owner: false,
            is_admin: false,
        };
        Self::list(read_acl, &self.settings.default_read_acl).allows(&anonymous)
    }

    /// Whether the visitor may change `page` (edit, rename, delete, undelete, restore), or
    /// create a page when `page` is `None`. Anonymous visitors only when the site allows
    /// anonymous editing; editors and admins on every page they can read.
    pub fn may_write(&self, page: Option<&Page>) -> bool {
        if page.is_some_and(|p| !self.may_read(p)) {
            return false;
        }
        let Some(user) = &self.viewer.user else {
            if !self.settings.anonymous_editing {
                return false;
            }
            return self.write_list(page).allows(&self.subject(None));
        };
        matches!(user.role, Role::Admin | Role::Editor)
            || self
                .write_list(page)
                .allows(&self.subject(page.and_then(|p| p.owner_id)))
    }

    fn write_list(&self, page: Option<&Page>) -> Acl {
        Self::list(
            page.and_then(|p| p.write_acl.as_ref()),
            &self.settings.default_write_acl,
        )
    }

    /// [`Access::may_write`], as the answer a refused visitor gets: the login form for anonymous
    /// visitors, 403 with an explanation for signed-in ones.
    pub fn check_write(&self, page: Option<&Page>) -> Result<(), AppError> {
        if self.may_write(page) {
            Ok(())
        } else {
            Err(self.refusal("error-forbidden-write"))
        }
    }

    /// Whether the visitor may comment on `page`: its comment list (or the site's) decides,
    /// among those who may read it. Visitors without an account only where the list lets
    /// everyone in (`*`).
    pub fn may_comment(&self, page: &Page) -> bool {
        self.may_read(page)
            && Self::list(
                page.comment_acl.as_ref(),
                &self.settings.default_comment_acl,
            )
            .allows(&self.subject(page.owner_id))
    }

    /// [`Access::may_comment`], as the answer a refused visitor gets.
    pub fn check_comment(&self, page: &Page) -> Result<(), AppError> {
        if self.may_comment(page) {
            Ok(())
        } else {
            Err(self.refusal("error-forbidden-comment"))
        }
    }

    /// Whether the visitor moderates the discussion of `page`: its owner and admins, as for
    /// its permissions.
    pub fn may_moderate(&self, page: &Page) -> bool {
        self.may_manage(page)
    }

    /// Only the page's owner and admins change who may do what with it.
    pub fn may_manage(&self, page: &Page) -> bool {
        let Some(user) = &self.viewer.user else {
            return false;
        };
        self.may_read(page) && (user.is_admin() || page.owner_id == Some(user.id))
    }

    pub fn check_manage(&self, page: &Page) -> Result<(), AppError> {
        if self.may_manage(page) {
            Ok(())
        } else {
            Err(self.refusal("error-forbidden-permissions"))
        }
    }

    /// Only admins manage users and groups.
    pub fn check_admin(&self) -> Result<(), AppError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(self.refusal("error-forbidden-admin"))
        }
    }

    /// Anonymous visitors are sent to sign in; signed-in ones are told why not.
    pub fn refusal(&self, message: &'static str) -> AppError {
        if self.viewer.is_signed_in() {
            AppError::Forbidden(message)
        } else {
            AppError::LoginRequired {
                next: self.here.to_owned(),
            }
        }
    }

    pub fn read_filter(&self) -> ReadFilter {
        let user = self.viewer.user.as_ref();
        ReadFilter {
            default_acl: self.settings.default_read_acl.clone(),
            viewer: user.map(|u| u.id),
            is_admin: self.is_admin(),
            user_key: user.map(|u| u.name_key.clone()).unwrap_or_default(),
            groups: user.map(|u| u.groups.clone()).unwrap_or_default(),
        }
    }
}
