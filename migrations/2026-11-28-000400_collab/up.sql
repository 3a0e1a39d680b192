-- Editing together: merged saves, and who has an editor open.

-- When a save started from an older revision and was merged three-way with the latest, the
-- number of that latest revision. NULL for an ordinary save.
ALTER TABLE revisions ADD COLUMN merged_with integer;

-- Editors open now, one row per page and browser. Kept in the database (not in an app
-- instance's memory) so every instance shows the same people. Rows older than a few minutes
-- are ignored and swept.
CREATE TABLE editor_presence (
    -- The folded name of the page (`pages.name_key`, or the wanted name of a page being
    -- created), so people creating the same page see each other too.
    page_key text NOT NULL,
    -- Random id from the editor cookie; one per browser.
    session_id uuid NOT NULL,
    -- Filled once accounts exist; NULL for anonymous editors, who are shown as a count.
    user_id uuid,
    last_seen timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (page_key, session_id)
);
CREATE INDEX editor_presence_by_time ON editor_presence (last_seen);
