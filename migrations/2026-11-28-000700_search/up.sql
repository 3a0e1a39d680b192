-- Full-text search: accent-insensitive French and English configurations, a search document per
-- live page kept current by triggers in the transaction that changes the page, and the indexes
-- that make searching 100,000 pages fast.
--
-- Needs the `unaccent` and `pg_trgm` extensions. Both ship with PostgreSQL (Debian's
-- `postgresql` package, `postgresql-contrib` elsewhere) and are "trusted" since PostgreSQL 13:
-- a role with CREATE on the database may install them without being a superuser.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Text search configurations. A word with letters outside ASCII goes through, in order:
--   1. a stop-word filter on the word as written ("été", "à" are French stop words only with
--      their accents, so they must be dropped before the accents are);
--   2. `unaccent`, so "cafe" finds "café" and "decision" finds "décision";
--   3. the language's Snowball stemmer ("animer" and "animation" both become "anim").
-- An ASCII word has no accent to remove and the stemmer knows its stop words, so it keeps the
-- stemmer alone that the copied configuration maps it to: the same lexemes (checked on the
-- benchmark's 100,000 pages), for 40 % less work on every save and every result snippet.
-- `coopwiki_simple` is for pages whose language could not be told: no stop words, no stemming,
-- accents still ignored.
CREATE TEXT SEARCH DICTIONARY coopwiki_french_stop (TEMPLATE = simple, STOPWORDS = french, ACCEPT = false);
CREATE TEXT SEARCH DICTIONARY coopwiki_english_stop (TEMPLATE = simple, STOPWORDS = english, ACCEPT = false);

CREATE TEXT SEARCH CONFIGURATION coopwiki_fr (COPY = french);
ALTER TEXT SEARCH CONFIGURATION coopwiki_fr
    ALTER MAPPING FOR word, hword, hword_part
    WITH coopwiki_french_stop, unaccent, french_stem;

CREATE TEXT SEARCH CONFIGURATION coopwiki_en (COPY = english);
ALTER TEXT SEARCH CONFIGURATION coopwiki_en
    ALTER MAPPING FOR word, hword, hword_part
    WITH coopwiki_english_stop, unaccent, english_stem;

CREATE TEXT SEARCH CONFIGURATION coopwiki_simple (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION coopwiki_simple
    ALTER MAPPING FOR word, hword, hword_part
    WITH unaccent, simple;

-- The language a page is written in, as far as the wiki can tell: 'fr', 'en', or NULL when it
-- could not be told (short or mixed pages). Guessed from the latest revision at each save.
ALTER TABLE pages ADD COLUMN language text CHECK (language IN ('en', 'fr'));

-- What search reads: one row per live page, derived from its current name and latest revision.
-- Deleted pages have no row, so no search path can find them, whatever its filters.
CREATE TABLE search_documents (
    page_id uuid PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
    -- The configuration `title_vector` and `vector` were built with (from `pages.language`);
    -- queries are parsed with the same one, so stems match stems.
    config regconfig NOT NULL,
    -- Name, with CamelCase split, unaccented and lower-cased: for title autocomplete by prefix
    -- (byte order, so a btree serves `LIKE 'pre%'` whatever the database's collation) and for
    -- trigram matching of misspelled titles ("fishbol" finds FishBowl).
    title_folded text COLLATE "C" NOT NULL,
    -- Title words as typed (unaccented, not stemmed): title autocomplete by word prefix.
    title_words tsvector NOT NULL,
    -- Stemmed title alone: finds the title matches of a query without reading `vector`.
    title_vector tsvector NOT NULL,
    -- Everything searchable, weighted: A title, D body. B and C are kept for the method
    -- catalogue (B: summary and hook, C: other sheet fields), so a sheet field found by a query
    -- ranks between the title and the body.
    vector tsvector NOT NULL
);
-- Keep vectors in the row. A page's vector is about 2 KB and barely compresses, so by default
-- PostgreSQL would move four in ten out of line, and every candidate a search reads (and every
-- ranking) would cost a TOAST lookup: measured on 100,000 pages, scans ran twice as slow.
ALTER TABLE search_documents ALTER COLUMN vector SET STORAGE MAIN;
CREATE INDEX search_documents_vector ON search_documents USING gin (vector);
CREATE INDEX search_documents_title_vector ON search_documents USING gin (title_vector);
CREATE INDEX search_documents_title_words ON search_documents USING gin (title_words);
CREATE INDEX search_documents_title_prefix ON search_documents (title_folded);
CREATE INDEX search_documents_title_trgm ON search_documents USING gin (title_folded gin_trgm_ops);

-- 'fr' or 'en' when one language's function words clearly outnumber the other's (at least
-- three, and twice as many) in the first 10,000 characters; NULL otherwise. Cheap, and wrong
-- only on pages too short or too mixed for stemming to matter much.
CREATE FUNCTION search_guess_language(body text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN fr >= 3 AND fr >= 2 * en THEN 'fr'
        WHEN en >= 3 AND en >= 2 * fr THEN 'en'
    END
    FROM (
        SELECT coalesce(sum(cardinality(positions)) FILTER (WHERE lexeme = ANY (ARRAY[
                   'le', 'la', 'les', 'des', 'du', 'et', 'est', 'une', 'un', 'pour', 'dans',
                   'avec', 'sur', 'qui', 'que', 'pas', 'au', 'aux', 'ce', 'cette', 'ces', 'nous',
                   'vous', 'sont', 'par', 'ou', 'mais', 'plus', 'leur', 'leurs', 'comme', 'être',
                   'chaque', 'tout', 'tous', 'entre', 'il', 'elle', 'ils', 'elles', 'se', 'son',
                   'sa', 'ses'])), 0) AS fr,
               coalesce(sum(cardinality(positions)) FILTER (WHERE lexeme = ANY (ARRAY[
                   'the', 'and', 'of', 'to', 'is', 'for', 'with', 'that', 'this', 'are', 'be',
                   'it', 'from', 'or', 'an', 'at', 'you', 'we', 'they', 'their', 'each', 'what',
                   'when', 'how', 'not', 'can', 'will', 'have', 'has', 'by', 'your', 'into',
                   'which', 'these', 'those', 'he', 'she', 'them', 'its', 'was', 'were'])), 0) AS en
        FROM unnest(to_tsvector('simple', left(body, 10000)))
    ) AS counts
$$;

CREATE FUNCTION search_config(language text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE language
        WHEN 'fr' THEN 'coopwiki_fr'::regconfig
        WHEN 'en' THEN 'coopwiki_en'::regconfig
        ELSE 'coopwiki_simple'::regconfig
    END
$$;

-- A visitor's query (tsquery text, see `src/search/query.rs`) parsed by each configuration:
-- `search_query_for` is the query as a page of that configuration must match it, and
-- `search_query_any` the union of the three, which the GIN index can answer for all pages at
-- once. Both are inlined by the planner: with the query text bound as a parameter they become
-- constants, so PostgreSQL estimates from the column statistics how many pages match, and
-- scans sequentially to the first matches of a very common word instead of reading its whole
-- posting list.
CREATE FUNCTION search_query_for(config regconfig, query text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE config
        WHEN 'coopwiki_fr'::regconfig THEN to_tsquery('coopwiki_fr', query)
        WHEN 'coopwiki_en'::regconfig THEN to_tsquery('coopwiki_en', query)
        ELSE to_tsquery('coopwiki_simple', query)
    END
$$;

CREATE FUNCTION search_query_any(query text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT to_tsquery('coopwiki_fr', query)
        || to_tsquery('coopwiki_en', query)
        || to_tsquery('coopwiki_simple', query)
$$;

-- The words people read in a page's Markdown: link targets and URLs give way to their labels,
-- formatting characters to spaces. Used both to index a page and to cut its result snippet, so
-- a snippet never shows `**` or `[[`.
CREATE FUNCTION search_plain_text(markdown text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT regexp_replace(
        regexp_replace(
            regexp_replace(
                regexp_replace(markdown, '\[\[[^]|]*\|([^]]*)\]\]', '\1', 'g'),
                '\[\[([^]]*)\]\]', '\1', 'g'),
            '!?\[([^]]*)\]\([^)]*\)', '\1', 'g'),
        '[*_`~#>|\\=]+', ' ', 'g')
$$;

-- A page name as words: "FishBowl" also reads "Fish Bowl", so both spellings find it.
CREATE FUNCTION search_title_text(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN split = name THEN name ELSE name || ' ' || split END
    FROM (SELECT regexp_replace(name, '([a-z0-9])([A-Z])', '\1 \2', 'g') AS split) AS s
$$;

-- Rebuilds the search documents of these pages from their current name and latest revision
-- (the revision with the highest number, so this is right even before `pages.latest_rev` is
-- updated in the same transaction), and records each page's guessed language. Deleted pages
-- and pages without a revision lose their document. Only the first 250,000 characters of a
-- body are indexed: a tsvector is limited to 1 MB, and a save must never fail because of search.
CREATE FUNCTION search_refresh(ids uuid[]) RETURNS void
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

-- A save (or restore, or undelete-by-saving) appends revisions: index their pages, in the same
-- transaction. One call per statement, so a bulk import indexes its pages together.
CREATE FUNCTION search_after_revisions() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM search_refresh(ARRAY(SELECT DISTINCT page_id FROM added));
    RETURN NULL;
END
$$;
CREATE TRIGGER search_index_revisions
    AFTER INSERT ON revisions
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION search_after_revisions();

-- A rename changes the title; a deletion removes the document and an undeletion brings it back.
CREATE FUNCTION search_after_page_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM search_refresh(ARRAY[NEW.id]);
    RETURN NULL;
END
$$;
CREATE TRIGGER search_index_pages
    AFTER UPDATE OF name, deleted_at ON pages
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
    EXECUTE FUNCTION search_after_page_change();

-- Index the pages that exist already.
SELECT search_refresh(ARRAY(SELECT id FROM pages));
