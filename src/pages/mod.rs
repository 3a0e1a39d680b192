//! Pages: reading, editing, renaming and deleting them.
//!
//! A page is a stable id with a current name; each save appends an immutable revision
//! (`queries::save`). The HTML of the latest revision is rendered once and cached on the page row
//! (`render::latest_html`), re-rendered only when its text or the existence of a page it links to
//! changes.

pub mod answer;
pub mod presence;
pub mod queries;
pub mod render;
pub mod resolve;
pub mod routes;
pub mod save;
pub mod seed;
pub mod views;

/// Names of the wiki pages that frame every view, editable like any other page.
pub const MENU_PAGE: &str = "SiteMenu";
pub const FOOTER_PAGE: &str = "SiteFooter";
