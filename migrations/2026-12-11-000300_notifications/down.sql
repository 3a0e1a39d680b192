DROP TRIGGER notify_readers ON comments;
DROP FUNCTION coopwiki_notify_comment();
DROP TRIGGER notify_watchers ON revisions;
DROP FUNCTION coopwiki_notify_revision();
DROP TABLE notifications;
ALTER TABLE users DROP COLUMN notified_at;
ALTER TABLE users DROP COLUMN notify;
