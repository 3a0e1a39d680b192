-- Two statements of a save that PostgreSQL did more work for than they needed.

-- Makes revision `latest` the page's latest, so that its views render again: what a save writes
-- to the page's row. A function, so that PostgreSQL keeps its plan: diesel never prepares an
-- `UPDATE`, which the server then parsed and planned again at every save (a third of the
-- statement's time, read from pg_stat_statements' plan times in the load benchmark).
CREATE FUNCTION set_latest_revision(page uuid, latest integer) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE pages
    SET latest_rev = latest, updated_at = now(), render_generation = render_generation + 1
    WHERE id = page;
END
$$;

-- A save that kept a link wrote it all the same: `ON CONFLICT DO UPDATE ... WHERE` locks the
-- existing row before it tests the condition, and a row lock is a write (to the row's page,
-- and a record in the WAL). Most saves keep their links: the links already there, under the
-- same name, are now left out before the insert. The save holds its page's row, so nothing
-- else changes that page's links meanwhile.
CREATE OR REPLACE FUNCTION replace_links(page uuid, keys text[], names text[]) RETURNS integer
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
    WHERE NOT EXISTS (SELECT FROM links AS kept
                      WHERE kept.from_page = page AND kept.to_key = linked.key
                        AND kept.to_name = linked.name)
    ON CONFLICT (from_page, to_key) DO UPDATE SET to_name = excluded.to_name
    WHERE links.to_name <> excluded.to_name;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN removed + written;
END
$$;
