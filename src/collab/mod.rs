//! Editing together without losing work: presence, who else has the editor of a page open
//! (`presence`: the editor's cookie; `queries`: the `editor_presence` table), and the notices
//! the editor and page views show ("also editing now", a merged save, conflict regions side by
//! side, in `views`).
//!
//! The three-way merge itself is the core's (`crate::merge`), run by the one save
//! (`pages::save`) inside its transaction; the heartbeat route is the page editor's
//! (`pages::presence`).

pub mod presence;
pub mod queries;
pub mod views;
