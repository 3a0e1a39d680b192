//! coopwiki: a collaborative wiki for the people who run cooperative work.
//!
//! See `ARCHITECTURE.md` for the map of these modules and the invariants they keep.

pub mod access;
pub mod accounts;
pub mod acl;
pub mod admin;
pub mod api;
pub mod app;
pub mod assets;
pub mod attachments;
pub mod bench;
pub mod cache;
pub mod catalogue;
pub mod cli;
pub mod collab;
pub mod compat;
pub mod config;
pub mod ctx;
pub mod db;
pub mod diff;
pub mod discussions;
pub mod error;
pub mod i18n;
pub mod identity;
pub mod kind;
pub mod layout;
pub mod linking;
pub mod markup;
pub mod merge;
pub mod model;
pub mod names;
pub mod navigation;
pub mod operations;
pub mod pages;
pub mod permissions;
pub mod programmes;
pub mod revisions;
pub mod search;
pub mod security;
pub mod server;
pub mod spreadsheet;
pub mod state;
pub mod storage;
pub mod tokens;
pub mod watching;
pub mod yeswiki;
