//! The pages a new wiki starts with: a home page, and the site menu and footer that frame every
//! view (as YesWiki's PageMenuHaut and PageFooter, ordinary pages anyone can improve).

use diesel_async::AsyncPgConnection;

use crate::error::AppError;
use crate::identity::Author;
use crate::kind::Kinds;
use crate::names::PageName;
use crate::pages::queries;
use crate::pages::render::outgoing_links;
use crate::pages::save::{Base, NewRevision, OnStale, SaveRequest, Writer, save};
use crate::pages::{FOOTER_PAGE, MENU_PAGE};

const SEED_AUTHOR: &str = "coopwiki";

/// Both languages of the interface, since it is the first page anyone sees, whatever their
/// browser says: what the site is for, where things are, how to start.
const HOME: &str = "\
**Bienvenue · Welcome!** This wiki gathers methods for cooperative work: facilitation \
techniques, decision processes, programmes of workshops and events.\n\n\
## Pour commencer · Getting started\n\n\
- [Les méthodes · The methods](/-/methods), the catalogue.\n\
- [Les programmes · Programmes](/-/programmes) of workshops and events.\n\
- [Modifications récentes · Recent changes](/-/recent) and [toutes les pages · all \
pages](/-/pages).\n\
- [Créer une page · Create a page](/-/new).\n\n\
## Écrire ici · Writing here\n\n\
Every page can be edited: use **Edit** at the bottom of a page. Every revision is kept, and \
any of them can be compared and restored. Link pages with `[[Page name]]` or \
`[[Page name|a label]]`; a link to a page that does not exist yet shows in another colour and \
creates it when followed.\n\n\
The menu above is the page [[SiteMenu]] and the footer is [[SiteFooter]]: edit them like any page.\n";

const MENU: &str = "- [[HomePage|Home · Accueil]]\n";

const FOOTER: &str = "Contenu partagé sous [CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/deed.fr) \
sauf mention contraire · Content shared under \
[CC BY-SA 4.0](https://creativecommons.org/licenses/by-sa/4.0/) unless a page says otherwise. \
Propulsé par · Powered by coopwiki.\n";

/// The names of the pages a new wiki starts with (`pages` creates them; capabilities may add
/// their own, see `server::seed`).
pub fn default_names(home_page: &PageName) -> Result<Vec<PageName>, AppError> {
    Ok(vec![
        home_page.clone(),
        PageName::parse(MENU_PAGE)?,
        PageName::parse(FOOTER_PAGE)?,
    ])
}

/// Creates each default page that does not exist yet (and was never renamed away). Safe to run
/// at every start, from several instances at once.
pub async fn ensure_defaults(
    conn: &mut AsyncPgConnection,
    kinds: &Kinds,
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
            at: None,
        };
        let request = SaveRequest {
            name: name.clone(),
            base: Base::New,
            revision,
        };
        save(conn, kinds, &request, Writer::Wiki).await?;
        // The menu and footer frame every page: only administrators change them.
        if name != home_page {
            queries::reserve_for_admins(conn, name).await?;
        }
    }
    Ok(())
}
