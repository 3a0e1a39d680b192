DROP FUNCTION replace_links(uuid, text[], text[]);

DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT oid, tgrelid::regclass AS rel, tgname, pg_get_triggerdef(oid) AS def
        FROM pg_trigger
        WHERE tgfoid = 'coopwiki_notify_changed'::regproc AND tgtype & 1 = 1
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.rel);
        EXECUTE replace(t.def,
            'FOR EACH ROW WHEN ((current_setting(''coopwiki.notify''::text, true) IS DISTINCT FROM '
            '''after_commit''::text)) EXECUTE', 'FOR EACH ROW EXECUTE');
    END LOOP;
END
$$;
