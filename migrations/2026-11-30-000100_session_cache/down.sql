DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'groups', 'group_members']
    LOOP
        EXECUTE format('DROP TRIGGER notify_sessions_truncated ON %I', t);
        EXECUTE format('DROP TRIGGER notify_sessions_changed ON %I', t);
    END LOOP;
END
$$;
DROP TRIGGER notify_sessions_truncated ON sessions;
DROP TRIGGER notify_sessions_changed ON sessions;
DROP TRIGGER notify_sessions_ended ON sessions;
DROP FUNCTION coopwiki_notify_sessions();
