-- Titles in a table of their own, so that a save rewrites only the text's document.
--
-- A search document held a page's title three ways (folded for prefixes and trigrams, as typed
-- words, stemmed) beside the vector of its text. A save changes the text, rarely the title, but
-- rewriting the row inserted new entries in all nine of its indexes: four of them for a title
-- that had not changed (the trigram index alone grew by 480 pending pages over one 10 s run of
-- the save benchmark, which title searches then read through). Titles now change when the
-- page is created, renamed, deleted or brought back, or when its text's language changes (the
-- stemmed title follows the page's language).
CREATE TABLE search_titles (
    page_id uuid PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
    -- Name, with CamelCase split, unaccented and lower-cased: for title autocomplete by prefix
    -- (byte order, so a btree serves `LIKE 'pre%'` whatever the database's collation) and for
    -- trigram matching of misspelled titles ("fishbol" finds FishBowl).
    title_folded text COLLATE "C" NOT NULL,
    -- Title words as typed (unaccented, not stemmed): title autocomplete by word prefix.
    title_words tsvector NOT NULL,
    -- Stemmed title, in the page's language: the title matches of a query.
    title_vector tsvector NOT NULL,
    -- As `search_documents.default_read`.
    default_read boolean NOT NULL DEFAULT true
);
INSERT INTO search_titles (page_id, title_folded, title_words, title_vector, default_read)
SELECT page_id, title_folded, title_words, title_vector, default_read FROM search_documents;
CREATE INDEX search_titles_vector ON search_titles USING gin (title_vector);
CREATE INDEX search_titles_words ON search_titles USING gin (title_words);
CREATE INDEX search_titles_prefix ON search_titles (title_folded);
CREATE INDEX search_titles_trgm ON search_titles USING gin (title_folded gin_trgm_ops);

DROP TRIGGER search_title_vocabulary ON search_documents;
DROP TRIGGER search_title_vocabulary_changed ON search_documents;
CREATE TRIGGER search_title_vocabulary
    AFTER INSERT ON search_titles
    FOR EACH ROW EXECUTE FUNCTION search_after_title_words();
CREATE TRIGGER search_title_vocabulary_changed
    AFTER UPDATE OF title_words ON search_titles
    FOR EACH ROW
    WHEN (OLD.title_words IS DISTINCT FROM NEW.title_words)
    EXECUTE FUNCTION search_after_title_words();

ALTER TABLE search_documents
    DROP COLUMN title_folded,
    DROP COLUMN title_words,
    DROP COLUMN title_vector;
COMMENT ON COLUMN search_documents.config IS
    'The configuration `vector` was built with (from `pages.language`); queries are parsed with the same one, so stems match stems.';

-- The titles of these pages, from their names and languages. Deleted pages and pages without a
-- revision lose theirs; a title that has not changed is not written again.
CREATE FUNCTION search_refresh_titles(ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
    DELETE FROM search_titles AS t
    WHERE t.page_id = ANY (ids)
      AND NOT EXISTS (SELECT 1 FROM pages AS p WHERE p.id = t.page_id AND p.deleted_at IS NULL);

    INSERT INTO search_titles AS t (page_id, title_folded, title_words, title_vector, default_read)
    SELECT p.id,
           lower(unaccent(title)),
           to_tsvector('coopwiki_simple', title),
           to_tsvector(search_config(p.language), title),
           p.read_acl IS NULL
    FROM pages AS p
    CROSS JOIN LATERAL search_title_text(p.name) AS title
    WHERE p.id = ANY (ids) AND p.deleted_at IS NULL
      AND EXISTS (SELECT 1 FROM revisions AS r WHERE r.page_id = p.id)
    ON CONFLICT (page_id) DO UPDATE SET
        title_folded = excluded.title_folded,
        title_words = excluded.title_words,
        title_vector = excluded.title_vector,
        default_read = excluded.default_read
    WHERE (t.title_folded, t.title_words, t.title_vector, t.default_read)
          IS DISTINCT FROM (excluded.title_folded, excluded.title_words, excluded.title_vector,
                            excluded.default_read);
END
$$;

-- The documents of these pages' texts, from their names (the title weighs most) and latest
-- revisions (the revision with the highest number, so this is right even before
-- `pages.latest_rev` is updated in the same transaction), and each page's guessed language.
-- Deleted pages and pages without a revision lose their document. Only the first 250,000
-- characters of a body are indexed: a tsvector is limited to 1 MB, and a save must never fail
-- because of search. Titles are written too where the language changed or none exists yet
-- (the page is new): a save of the same page in the same language leaves them alone.
CREATE FUNCTION search_refresh_texts(ids uuid[]) RETURNS void
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    retitled uuid[];
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
        RETURNING p.id
    ), written AS (
        INSERT INTO search_documents AS d (page_id, config, vector, default_read)
        SELECT id,
               search_config(language),
               setweight(to_tsvector(search_config(language), title), 'A')
                   || setweight(to_tsvector(search_config(language), sheet_summary), 'B')
                   || setweight(to_tsvector(search_config(language), sheet_fields), 'C')
                   || setweight(to_tsvector(search_config(language), plain), 'D'),
               default_read
        FROM latest
        ON CONFLICT (page_id) DO UPDATE SET
            config = excluded.config,
            vector = excluded.vector,
            default_read = excluded.default_read
    )
    SELECT array(SELECT id FROM language_changes
                 UNION
                 SELECT id FROM latest
                 WHERE NOT EXISTS (SELECT 1 FROM search_titles AS t WHERE t.page_id = latest.id))
    INTO retitled;

    IF cardinality(retitled) > 0 THEN
        PERFORM search_refresh_titles(retitled);
    END IF;
END
$$;

-- Both: after a rename, a deletion or an undeletion, and for `coopwiki reindex`.
CREATE OR REPLACE FUNCTION search_refresh(ids uuid[]) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM search_refresh_texts(ids);
    PERFORM search_refresh_titles(ids);
END
$$;

-- Saves and sheet changes only change texts.
CREATE OR REPLACE FUNCTION search_after_revisions() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM search_refresh_texts(ARRAY(SELECT DISTINCT page_id FROM added));
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION search_after_sheet_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM search_refresh_texts(ARRAY[coalesce(NEW.page_id, OLD.page_id)]);
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION pages_after_read_acl_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE sheets SET default_read = NEW.read_acl IS NULL WHERE page_id = NEW.id;
    UPDATE search_documents SET default_read = NEW.read_acl IS NULL WHERE page_id = NEW.id;
    UPDATE search_titles SET default_read = NEW.read_acl IS NULL WHERE page_id = NEW.id;
    RETURN NULL;
END
$$;
