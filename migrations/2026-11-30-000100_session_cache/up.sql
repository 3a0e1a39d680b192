-- Every committed end of a session tells each app instance to empty its in-process cache of
-- sessions (`src/cache.rs`, `src/accounts/sessions.rs`): a NOTIFY on `coopwiki_sessions`, sent
-- by PostgreSQL at commit, whoever ended it (logout, password change, expiry sweep, SQL typed by
-- hand). Marking a session as used (`last_seen_at`) and starting one change no one's rights, so
-- they do not notify. Changes to accounts and groups already notify `coopwiki_changed`, which
-- empties the session cache too.
CREATE FUNCTION coopwiki_notify_sessions() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('coopwiki_sessions', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER notify_sessions_ended AFTER DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION coopwiki_notify_sessions();
CREATE TRIGGER notify_sessions_changed AFTER UPDATE ON sessions
    FOR EACH ROW
    WHEN (OLD.token_hash IS DISTINCT FROM NEW.token_hash
          OR OLD.user_id IS DISTINCT FROM NEW.user_id
          OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
    EXECUTE FUNCTION coopwiki_notify_sessions();
CREATE TRIGGER notify_sessions_truncated AFTER TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION coopwiki_notify_sessions();
