-- What a save paid for triggers that had nothing to do.
--
-- Saves set `coopwiki.notify` to 'after_commit' and notify the view caches themselves once
-- committed (see `view_cache`), so the row triggers that notify returned at once during a save;
-- but each row written (the revision, the page, every link) still queued a trigger event and
-- ran a PL/pgSQL call to learn that. The test moves into the triggers' WHEN clause, which
-- PostgreSQL evaluates before queuing anything: a save now queues none of them, and every
-- other write (a rename, an import, SQL typed by hand) notifies as before.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT oid, tgrelid::regclass AS rel, tgname, pg_get_triggerdef(oid) AS def
        FROM pg_trigger
        WHERE tgfoid = 'coopwiki_notify_changed'::regproc AND tgtype & 1 = 1  -- row triggers
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', t.tgname, t.rel);
        EXECUTE replace(t.def, 'FOR EACH ROW EXECUTE',
            'FOR EACH ROW WHEN (current_setting(''coopwiki.notify'', true) IS DISTINCT FROM '
            '''after_commit'') EXECUTE');
    END LOOP;
END
$$;

-- A save's links were replaced by a statement the application sent as text, which PostgreSQL
-- parsed and planned again at every save (diesel does not keep statements it cannot tell are
-- constant as prepared statements). In a function its plan is kept for the connection's life.
-- Returns how many links it removed, added or renamed.
CREATE FUNCTION replace_links(page uuid, keys text[], names text[]) RETURNS integer
    LANGUAGE plpgsql
AS $$
DECLARE
    removed integer;
    written integer;
BEGIN
    DELETE FROM links WHERE from_page = page AND to_key <> ALL (keys);
    GET DIAGNOSTICS removed = ROW_COUNT;
    INSERT INTO links (from_page, to_key, to_name)
    SELECT page, linked.key, linked.name FROM unnest(keys, names) AS linked (key, name)
    ON CONFLICT (from_page, to_key) DO UPDATE SET to_name = excluded.to_name
    WHERE links.to_name <> excluded.to_name;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN removed + written;
END
$$;
