//! coopwiki: a collaborative wiki for the people who run cooperative work.
//!
//! See `ARCHITECTURE.md` for the map of these modules and the invariants they keep.

pub mod app;
pub mod assets;
pub mod catalogue;
pub mod compat;
pub mod config;
pub mod db;
pub mod error;
pub mod i18n;
pub mod layout;
pub mod markup;
pub mod navigation;
pub mod pages;
pub mod revisions;
pub mod security;
pub mod server;
