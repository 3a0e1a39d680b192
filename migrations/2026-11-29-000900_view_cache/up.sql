-- Every committed change to what a page view reads tells each app instance to empty its
-- in-process cache of rendered views (`src/cache.rs`): a NOTIFY on `coopwiki_changed`, sent by
-- PostgreSQL at commit, whoever wrote (a save, a rename, an import, SQL typed by hand). The
-- notification carries no payload: identical notifications of one transaction are delivered
-- once, so a save that touches many rows sends one.
--
-- A transaction that notifies holds a database-wide lock until its commit is on disk, so
-- notifying transactions commit one fsync after another. Saves, the frequent writes, therefore
-- set `coopwiki.notify` to 'after_commit' and notify in a transaction of their own right after
-- committing (`cache::notify_changed`), which does not wait for the disk.
CREATE FUNCTION coopwiki_notify_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('coopwiki.notify', true), '') <> 'after_commit' THEN
        PERFORM pg_notify('coopwiki_changed', '');
    END IF;
    RETURN NULL;
END
$$;

-- Tables a page view reads (pages, names, text, links, catalogue rows, presence, programmes and
-- the methods their slots use) and those
-- that decide who may read what (users, groups). Sessions are not here: they are checked at
-- every signed-in request.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['revisions', 'page_names', 'links', 'sheets', 'editor_presence',
                             'users', 'groups', 'group_members', 'page_events', 'programmes',
                             'programme_slots', 'programme_slot_methods']
    LOOP
        EXECUTE format('CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE OR DELETE ON %I
                        FOR EACH ROW EXECUTE FUNCTION coopwiki_notify_changed()', t);
        EXECUTE format('CREATE TRIGGER notify_truncated AFTER TRUNCATE ON %I
                        FOR EACH STATEMENT EXECUTE FUNCTION coopwiki_notify_changed()', t);
    END LOOP;
END
$$;

CREATE TRIGGER notify_changed AFTER INSERT OR DELETE ON pages
    FOR EACH ROW EXECUTE FUNCTION coopwiki_notify_changed();
CREATE TRIGGER notify_truncated AFTER TRUNCATE ON pages
    FOR EACH STATEMENT EXECUTE FUNCTION coopwiki_notify_changed();
-- Storing a page's rendered HTML (the render cache, written by views) changes nothing a visitor
-- sees: only other changes notify, so views never empty the cache they fill.
CREATE TRIGGER notify_changed_update AFTER UPDATE ON pages
    FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'rendered_generation' - 'rendered_html')
          IS DISTINCT FROM (to_jsonb(NEW) - 'rendered_generation' - 'rendered_html'))
    EXECUTE FUNCTION coopwiki_notify_changed();
