//! The pages a new wiki starts with: a home page, and the site menu and footer that frame every
//! view (as YesWiki's PageMenuHaut and PageFooter, ordinary pages anyone can improve).

use diesel_async::AsyncPgConnection;

use crate::error::AppError;
use crate::pages::names::PageName;
use crate::pages::queries::{self, Author, NewRevision, OnStale};
use crate::pages::render::outgoing_links;
use crate::pages::{FOOTER_PAGE, MENU_PAGE};

const SEED_AUTHOR: &str = "coopwiki";

const HOME: &str = "\
Bienvenue ! This wiki gathers methods for cooperative work: facilitation techniques, decision \
processes, programmes of workshops and events.\n\n\
- Browse [all pages](/-/pages) or the [recent changes](/-/recent).\n\
- Every page can be edited: use **Edit** at the bottom of a page. Every revision is kept, and \
any of them can be compared and restored.\n\
- Link pages with `[[Page name]]` or `[[Page name|a label]]`; a link to a page that does not \
exist yet shows in another colour and creates it when followed.\n\n\
The menu above is the page [[SiteMenu]] and the footer is [[SiteFooter]]: edit them like any page.\n";

const MENU: &str = "- [[HomePage|Home · Accueil]]\n";

const FOOTER: &str = "Content of this wiki is shared under [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/) \
unless a page says otherwise. Powered by coopwiki.\n";

/// The names of the pages a new wiki starts with, the catalogue's form page included.
pub fn default_names(home_page: &PageName) -> Result<Vec<PageName>, AppError> {
    Ok(vec![
        home_page.clone(),
        PageName::parse(MENU_PAGE)?,
        PageName::parse(FOOTER_PAGE)?,
        PageName::parse(&crate::catalogue::form::form_page_name(
            crate::catalogue::form::METHOD_FORM,
        ))?,
    ])
}

/// Creates each default page that does not exist yet (and was never renamed away). Safe to run
/// at every start, from several instances at once.
pub async fn ensure_defaults(
    conn: &mut AsyncPgConnection,
    home_page: &PageName,
) -> Result<(), AppError> {
    let menu = PageName::parse(MENU_PAGE)?;
    let footer = PageName::parse(FOOTER_PAGE)?;
    for (name, body) in [(home_page, HOME), (&menu, MENU), (&footer, FOOTER)] {
        if queries::find(conn, name).await?.is_some() {
            continue;
        }
        let revision = NewRevision {
            body: body.to_owned(),
            summary: "Default page created by coopwiki".to_owned(),
            author: Author {
                id: None,
                name: SEED_AUTHOR.to_owned(),
            },
            restored_from: None,
            submission_id: None,
            links: outgoing_links(body),
            on_stale: OnStale::Refuse,
            undelete: false,
        };
        queries::save(conn, name, 0, &revision).await?;
    }
    Ok(())
}
