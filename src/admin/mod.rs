//! Administration at `/-/admin/`: admins change users' roles and manage the groups that
//! permission lists name with `@group`.

pub mod queries;
pub mod routes;
pub mod views;
