DROP TRIGGER notify_sessions_truncated ON sessions;
DROP TRIGGER notify_sessions_changed ON sessions;
DROP TRIGGER notify_sessions_ended ON sessions;
DROP FUNCTION coopwiki_notify_sessions();
