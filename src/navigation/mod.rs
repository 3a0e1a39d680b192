//! Finding one's way: recent changes and their Atom feed, the index of all pages, wanted pages
//! (links to pages that do not exist) and orphaned pages (pages nothing links to).

pub mod feed;
pub mod queries;
pub mod routes;
pub mod views;
