DROP INDEX sheets_by_update;
DROP INDEX notifications_search_once;
DELETE FROM notifications WHERE reason = 'search';
ALTER TABLE notifications DROP CONSTRAINT notifications_reason_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_reason_check
    CHECK (reason IN ('watched', 'mention', 'reply'));
DROP INDEX watched_searches_to_look_at;
ALTER TABLE watched_searches DROP COLUMN looked_at;
