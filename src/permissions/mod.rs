//! The permissions screen of a page (`/{name}/permissions`): who may read, write and comment
//! on it, and the history of those changes. The rules themselves are the core's
//! (`crate::access`).

pub mod queries;
pub mod routes;
pub mod views;
