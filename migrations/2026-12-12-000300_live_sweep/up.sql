-- Typing no revision holds yet (`live_updates` rows still credited to someone) is few rows at
-- any time: the sweep of `src/live/sweep.rs` finds the pages where it has waited too long
-- through this index alone, whatever the number of pages and saved updates.
CREATE INDEX live_updates_unsaved ON live_updates (page_id, created_at) WHERE author_name IS NOT NULL;
