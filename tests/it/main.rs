//! Integration tests: every route through the real actix `App`, against real PostgreSQL, each
//! test in a database of its own (see `harness`).

mod browser;
mod catalogue;
mod catalogue_browser;
mod harness;
mod navigation;
mod pages;
mod revisions;
mod security;
