//! Integration tests: every route through the real actix `App`, against real PostgreSQL, each
//! test in a database of its own (see `harness`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on what it did not expect"
)]

mod accessibility_browser;
mod accounts;
mod api;
mod attachments;
mod attachments_browser;
mod browser;
mod catalogue;
mod catalogue_browser;
mod collab;
mod discussions;
mod discussions_browser;
mod faults;
mod harness;
mod html_validity;
mod linking;
mod live;
mod live_browser;
mod navigation;
mod operations;
mod pages;
mod permissions;
mod print_browser;
mod programmes;
mod programmes_browser;
mod revisions;
mod search;
mod security;
mod session_cache;
mod site_settings;
mod tidy;
mod view_cache;
mod watching;
mod weight;
mod yeswiki;
mod yeswiki_browser;
