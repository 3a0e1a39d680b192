//! Administration at `/-/admin/`: admins change users' roles, manage the groups that
//! permission lists name with `@group`, and set the site's name, look, home page, default
//! language and licence (`/-/admin/settings`, see `site`).

pub mod queries;
pub mod routes;
pub mod settings;
pub mod views;
