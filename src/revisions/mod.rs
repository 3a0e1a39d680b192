//! Revisions: a page's history, comparing any two revisions, and restoring an old one (which
//! appends a new revision: nothing is ever destroyed).

pub mod routes;
pub mod views;
