-- Every committed end of a session, and every change to what a session says of its user (the
-- account, its role, its groups), tells each app instance to empty its in-process cache of
-- sessions (`src/cache.rs`, `src/accounts/sessions.rs`): a NOTIFY on `coopwiki_sessions`, sent
-- by PostgreSQL at commit, whoever wrote (logout, password change, expiry sweep, an
-- administrator, SQL typed by hand). Marking a session as used (`last_seen_at`) and starting one
-- change no one's rights, so they do not notify. Page saves notify only `coopwiki_changed`, so
-- they leave the sessions cached.
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

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'groups', 'group_members']
    LOOP
        EXECUTE format('CREATE TRIGGER notify_sessions_changed AFTER INSERT OR UPDATE OR DELETE ON %I
                        FOR EACH ROW EXECUTE FUNCTION coopwiki_notify_sessions()', t);
        EXECUTE format('CREATE TRIGGER notify_sessions_truncated AFTER TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION coopwiki_notify_sessions()', t);
    END LOOP;
END
$$;
