DROP FUNCTION set_latest_revision(uuid, integer);

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
    ON CONFLICT (from_page, to_key) DO UPDATE SET to_name = excluded.to_name
    WHERE links.to_name <> excluded.to_name;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN removed + written;
END
$$;
