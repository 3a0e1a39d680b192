DROP TRIGGER search_index_sheets ON sheets;
DROP FUNCTION search_after_sheet_change();
-- The search function of `2026-11-28-000700_search`, as it was.
CREATE OR REPLACE FUNCTION search_refresh(ids uuid[]) RETURNS void
    LANGUAGE sql
AS $$
    DELETE FROM search_documents AS d
    WHERE d.page_id = ANY (ids)
      AND NOT EXISTS (SELECT 1 FROM pages AS p WHERE p.id = d.page_id AND p.deleted_at IS NULL);

    WITH latest AS MATERIALIZED (
        SELECT p.id,
               search_title_text(p.name) AS title,
               search_plain_text(left(l.body, 250000)) AS plain,
               search_guess_language(l.body) AS language
        FROM pages AS p
        CROSS JOIN LATERAL (
            SELECT r.body FROM revisions AS r
            WHERE r.page_id = p.id
            ORDER BY r.number DESC
            LIMIT 1
        ) AS l
        WHERE p.id = ANY (ids) AND p.deleted_at IS NULL
    ), language_changes AS (
        UPDATE pages AS p SET language = latest.language
        FROM latest
        WHERE p.id = latest.id AND p.language IS DISTINCT FROM latest.language
    )
    INSERT INTO search_documents AS d (page_id, config, title_folded, title_words, title_vector, vector)
    SELECT id,
           search_config(language),
           lower(unaccent(title)),
           to_tsvector('coopwiki_simple', title),
           to_tsvector(search_config(language), title),
           setweight(to_tsvector(search_config(language), title), 'A')
               || setweight(to_tsvector(search_config(language), plain), 'D')
    FROM latest
    ON CONFLICT (page_id) DO UPDATE SET
        config = excluded.config,
        title_folded = excluded.title_folded,
        title_words = excluded.title_words,
        title_vector = excluded.title_vector,
        vector = excluded.vector;
$$;
DROP FUNCTION search_sheet_body(text);
ALTER TABLE sheets DROP COLUMN search_text;
DROP TRIGGER pages_read_acl_change ON pages;
DROP FUNCTION pages_after_read_acl_change();
DROP TRIGGER sheets_default_read ON sheets;
DROP FUNCTION sheets_set_default_read();
DROP INDEX sheets_catalogue;
ALTER TABLE search_documents DROP COLUMN default_read;
ALTER TABLE sheets DROP COLUMN default_read;
ALTER TABLE sheets SET (toast_tuple_target = 256);
CREATE INDEX sheets_by_form_lang ON sheets (form, lang);
