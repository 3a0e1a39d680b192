-- The catalogue and search, faster and searching method sheets:
--   1. a covering index for the catalogue's filters, counts and sorts;
--   2. `default_read` on the derived rows (`sheets`, `search_documents`), so listings skip the
--      per-row permission function for pages that follow the site's default list;
--   3. sheet fields in the search documents (weights B and C, reserved for them until now).

-- 1. The catalogue's filters, counts and sorts read only these columns: with this covering
-- index they run as an index-only scan of narrow tuples, whatever the size of `fields`, hook
-- and summary. It replaces the narrow-row setting, which only moved `fields` out of line.
DROP INDEX sheets_by_form_lang;
ALTER TABLE sheets RESET (toast_tuple_target);

-- 2. Whether the page has no read list of its own (`pages.read_acl IS NULL`): it is then
-- readable by whoever the site's default list lets in, which the application knows once per
-- request (`ReadFilter::default_allows`). Only pages with a list of their own (few) pay for
-- `coopwiki_acl_allows`. Kept by triggers, so no Rust code has to remember to.
ALTER TABLE sheets ADD COLUMN default_read boolean NOT NULL DEFAULT true;
ALTER TABLE search_documents ADD COLUMN default_read boolean NOT NULL DEFAULT true;

CREATE INDEX sheets_catalogue ON sheets (form, lang)
    INCLUDE (facet_bits, bounds, title, updated_at, page_id, default_read);

CREATE FUNCTION sheets_set_default_read() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    NEW.default_read := coalesce(
        (SELECT p.read_acl IS NULL FROM pages AS p WHERE p.id = NEW.page_id), false);
    RETURN NEW;
END
$$;
CREATE TRIGGER sheets_default_read
    BEFORE INSERT OR UPDATE ON sheets
    FOR EACH ROW EXECUTE FUNCTION sheets_set_default_read();

CREATE FUNCTION pages_after_read_acl_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE sheets SET default_read = NEW.read_acl IS NULL WHERE page_id = NEW.id;
    UPDATE search_documents SET default_read = NEW.read_acl IS NULL WHERE page_id = NEW.id;
    RETURN NULL;
END
$$;
CREATE TRIGGER pages_read_acl_change
    AFTER UPDATE OF read_acl ON pages
    FOR EACH ROW
    WHEN (OLD.read_acl IS DISTINCT FROM NEW.read_acl)
    EXECUTE FUNCTION pages_after_read_acl_change();

UPDATE sheets AS s SET default_read = p.read_acl IS NULL FROM pages AS p WHERE p.id = s.page_id;

-- 3. The words of a sheet's fields other than hook and summary (choice labels in the sheet's
-- language, list items, steps...), written by the application with the row
-- (`fields::search_text`): weight C in the search document; hook and summary weigh B.
ALTER TABLE sheets ADD COLUMN search_text text NOT NULL DEFAULT '';

-- A sheet's Markdown body without its front matter (the fields are indexed from `sheets`).
CREATE FUNCTION search_sheet_body(body text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT regexp_replace(body, '^---\n.*?\n---\n', '')
$$;

-- As in `2026-11-28-000700_search`, plus: for a page with a `sheets` row, the language is the
-- sheet's own, the body is indexed without its front matter, hook and summary with weight B
-- and the other fields with weight C; and `default_read`.
CREATE OR REPLACE FUNCTION search_refresh(ids uuid[]) RETURNS void
    LANGUAGE sql
AS $$
    DELETE FROM search_documents AS d
    WHERE d.page_id = ANY (ids)
      AND NOT EXISTS (SELECT 1 FROM pages AS p WHERE p.id = d.page_id AND p.deleted_at IS NULL);

    WITH latest AS MATERIALIZED (
        SELECT p.id,
               p.read_acl IS NULL AS default_read,
               search_title_text(p.name) AS title,
               search_plain_text(left(CASE WHEN s.page_id IS NULL THEN l.body
                                           ELSE search_sheet_body(l.body) END, 250000)) AS plain,
               coalesce(s.hook || ' ' || s.summary, '') AS sheet_summary,
               coalesce(left(s.search_text, 250000), '') AS sheet_fields,
               CASE WHEN s.page_id IS NULL THEN search_guess_language(l.body)
                    ELSE s.lang END AS language
        FROM pages AS p
        CROSS JOIN LATERAL (
            SELECT r.body FROM revisions AS r
            WHERE r.page_id = p.id
            ORDER BY r.number DESC
            LIMIT 1
        ) AS l
        LEFT JOIN sheets AS s ON s.page_id = p.id
        WHERE p.id = ANY (ids) AND p.deleted_at IS NULL
    ), language_changes AS (
        UPDATE pages AS p SET language = latest.language
        FROM latest
        WHERE p.id = latest.id AND p.language IS DISTINCT FROM latest.language
    )
    INSERT INTO search_documents AS d
        (page_id, config, title_folded, title_words, title_vector, vector, default_read)
    SELECT id,
           search_config(language),
           lower(unaccent(title)),
           to_tsvector('coopwiki_simple', title),
           to_tsvector(search_config(language), title),
           setweight(to_tsvector(search_config(language), title), 'A')
               || setweight(to_tsvector(search_config(language), sheet_summary), 'B')
               || setweight(to_tsvector(search_config(language), sheet_fields), 'C')
               || setweight(to_tsvector(search_config(language), plain), 'D'),
           default_read
    FROM latest
    ON CONFLICT (page_id) DO UPDATE SET
        config = excluded.config,
        title_folded = excluded.title_folded,
        title_words = excluded.title_words,
        title_vector = excluded.title_vector,
        vector = excluded.vector,
        default_read = excluded.default_read;
$$;

-- A sheet's row is written after its revision (in the same transaction, by
-- `catalogue::queries::after_save`), so its document is refreshed again once the row says
-- what the fields are; a page that stops being a sheet is refreshed when its row goes.
CREATE FUNCTION search_after_sheet_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM search_refresh(ARRAY[coalesce(NEW.page_id, OLD.page_id)]);
    RETURN NULL;
END
$$;
CREATE TRIGGER search_index_sheets
    AFTER INSERT OR DELETE OR UPDATE OF title, hook, summary, search_text, lang ON sheets
    FOR EACH ROW EXECUTE FUNCTION search_after_sheet_change();

-- Rebuild what exists: sheet texts are written again by the application (`coopwiki reindex`
-- re-derives them); the documents follow.
SELECT search_refresh(ARRAY(SELECT id FROM pages));
