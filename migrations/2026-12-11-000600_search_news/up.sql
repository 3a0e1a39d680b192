-- A watched catalogue search tells by mail too (issue #23: "tell me when a method for deciding
-- in large groups appears"). The sender looks again at a search when a sheet changed after it
-- last looked (`looked_at`), as its person (their rights, their language), and queues what it
-- finds as `search` news for the ordinary queue: digests, permissions checked again when the
-- mail is built, never twice.
ALTER TABLE watched_searches ADD COLUMN looked_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX watched_searches_to_look_at ON watched_searches (looked_at);
-- Every instance's sender asks for the latest sheet change each poll: one index entry, not a
-- scan of every sheet.
CREATE INDEX sheets_by_update ON sheets (updated_at);

ALTER TABLE notifications DROP CONSTRAINT notifications_reason_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_reason_check
    CHECK (reason IN ('watched', 'mention', 'reply', 'search'));
-- A sheet found again by a later look is not news again.
CREATE UNIQUE INDEX notifications_search_once ON notifications (user_id, page_id, revision)
    WHERE reason = 'search';
