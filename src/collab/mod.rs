//! Editing together without losing work: the three-way merge a save falls back on when the
//! page moved on (`merge`), and presence, who else has the editor of a page open (`presence`,
//! `queries`, `routes`, `views`).
//!
//! The save itself stays in `pages::queries::save`, which runs the merge inside its
//! transaction against the locked latest revision; this capability gives it the pure merge and
//! gives the editor and page views their "also editing now" notices and conflict regions.

pub mod merge;
pub mod presence;
pub mod queries;
pub mod routes;
pub mod views;
