-- Titles back into the search documents.
ALTER TABLE search_documents
    ADD COLUMN title_folded text COLLATE "C" NOT NULL DEFAULT '',
    ADD COLUMN title_words tsvector NOT NULL DEFAULT '',
    ADD COLUMN title_vector tsvector NOT NULL DEFAULT '';
UPDATE search_documents AS d
SET title_folded = t.title_folded, title_words = t.title_words, title_vector = t.title_vector
FROM search_titles AS t
WHERE t.page_id = d.page_id;
ALTER TABLE search_documents
    ALTER COLUMN title_folded DROP DEFAULT,
    ALTER COLUMN title_words DROP DEFAULT,
    ALTER COLUMN title_vector DROP DEFAULT;
CREATE INDEX search_documents_title_vector ON search_documents USING gin (title_vector);
CREATE INDEX search_documents_title_words ON search_documents USING gin (title_words);
CREATE INDEX search_documents_title_prefix ON search_documents (title_folded);
CREATE INDEX search_documents_title_trgm ON search_documents USING gin (title_folded gin_trgm_ops);
COMMENT ON COLUMN search_documents.config IS NULL;

DROP TABLE search_titles;
CREATE TRIGGER search_title_vocabulary
    AFTER INSERT ON search_documents
    FOR EACH ROW EXECUTE FUNCTION search_after_title_words();
CREATE TRIGGER search_title_vocabulary_changed
    AFTER UPDATE OF title_words ON search_documents
    FOR EACH ROW
    WHEN (OLD.title_words IS DISTINCT FROM NEW.title_words)
    EXECUTE FUNCTION search_after_title_words();

CREATE OR REPLACE FUNCTION search_after_revisions() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM search_refresh(ARRAY(SELECT DISTINCT page_id FROM added));
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION search_after_sheet_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM search_refresh(ARRAY[coalesce(NEW.page_id, OLD.page_id)]);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pages_after_read_acl_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE sheets SET default_read = NEW.read_acl IS NULL WHERE page_id = NEW.id;
    UPDATE search_documents SET default_read = NEW.read_acl IS NULL WHERE page_id = NEW.id;
    RETURN NULL;
END
$$;

DROP FUNCTION search_refresh(uuid[]);
DROP FUNCTION search_refresh_texts(uuid[]);
DROP FUNCTION search_refresh_titles(uuid[]);
CREATE OR REPLACE FUNCTION search_refresh(ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $$
BEGIN

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
END
$$;
