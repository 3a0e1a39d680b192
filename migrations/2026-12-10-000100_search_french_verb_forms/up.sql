-- French verbs in the present tense (issue #25, "Search"): PostgreSQL's French Snowball stemmer
-- leaves `-ons` and `-ent` on verbs (`décidons` → `decidon`, `décident` → `decident`) while
-- every other form of the verb meets at `decid` (`décide`, `décidez`, `décidions`, `décidé`),
-- so "décidons" did not find a page saying "on décide", nor "décide" a page saying "nous
-- décidons". The stemmer cannot be changed without files on the database server, so both sides
-- carry the missing form:
-- * a French document (or one of an unsure language) also holds, after its own words, the
--   stem of each word ending in `-ons` or `-ent` (not `-ment`: adverbs) with that ending cut
--   (`décid`, `avanc`). Those lexemes come after every real position, so phrases are unchanged;
-- * a French query reads a lone word ending so as "that word or its stem"
--   (`'décidons'` → `('décidons' | 'décid')`), never inside a phrase or a prefix (`word*`).
-- A noun with those endings (`maisons`, `client`) gains a shorter alternative too; it only
-- ever adds matches, for French pages only, and ranks below the word itself.

-- The letters of a French word are written out in each pattern below (ASCII letters, Latin-1's
-- and the French ligatures), and words are delimited by them rather than by `\m` and `\M`: a
-- database in the C locale knows no accented letter as a word character, so `\m` would cut
-- `écoutons` at its `c`.

-- The stems of the words of `text` that end in `-ons` or `-ent` (not `-ment`), the ending cut,
-- separated by spaces. At least three letters remain, so short words (`bons`, `dent`) add nothing.
CREATE FUNCTION search_french_verb_stems(text text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT coalesce(string_agg(m[1], ' '), '')
    FROM regexp_matches(
        text,
        '(?<![0-9A-Za-zÀ-ÖØ-öø-ÿŒœÆæ_])([A-Za-zÀ-ÖØ-öø-ÿŒœÆæ]{3,})(?:ons|ONS|(?<![mM])ent|(?<![mM])ENT)(?![0-9A-Za-zÀ-ÖØ-öø-ÿŒœÆæ_])',
        'g') AS m
$$;

-- The tsquery text `query` (as `search::query` writes it: every word a quoted lexeme, quotes
-- inside doubled) with each lone quoted word ending in `-ons` or `-ent` (not `-ment`) read as
-- "the word or its stem". A quote preceded or followed by a quote is a doubled one inside a
-- lexeme, and `:` starts a prefix's `:*`: neither is matched, so the text stays well formed.
CREATE FUNCTION search_french_query(query text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT regexp_replace(
        query,
        $re$(?<!')'([A-Za-zÀ-ÖØ-öø-ÿŒœÆæ]{3,})(ons|ONS|(?<![mM])ent|(?<![mM])ENT)'(?![:'])$re$,
        $to$('\1\2' | '\1')$to$,
        'g')
$$;

CREATE OR REPLACE FUNCTION search_query_any(query text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT to_tsquery('coopwiki_fr', search_french_query(query))
        || to_tsquery('coopwiki_en', query)
        || to_tsquery('coopwiki_simple', query)
$$;

CREATE OR REPLACE FUNCTION search_query_for(config regconfig, query text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE config
        WHEN 'coopwiki_fr'::regconfig THEN to_tsquery('coopwiki_fr', search_french_query(query))
        WHEN 'coopwiki_en'::regconfig THEN to_tsquery('coopwiki_en', query)
        ELSE search_query_any(query)
    END
$$;

CREATE OR REPLACE FUNCTION search_matches(config regconfig, vector tsvector, query text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT (config = 'coopwiki_fr'::regconfig AND vector @@ to_tsquery('coopwiki_fr', search_french_query(query)))
        OR (config = 'coopwiki_en'::regconfig AND vector @@ to_tsquery('coopwiki_en', query))
        OR (config = 'coopwiki_simple'::regconfig AND vector @@ search_query_any(query))
$$;

-- As in `2026-12-08-000200_search_unsure_language`, plus the verb stems of French documents
-- and of those of an unsure language.
CREATE OR REPLACE FUNCTION search_refresh_texts(ids uuid[]) RETURNS void
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
               p.name,
               search_title_text(p.name) AS title,
               CASE WHEN aside.page_id IS NOT NULL THEN ''
                    ELSE search_plain_text(left(CASE WHEN s.page_id IS NULL THEN l.body
                                                     ELSE search_sheet_body(l.body) END, 250000))
               END AS plain,
               CASE WHEN aside.page_id IS NOT NULL THEN ''
                    ELSE search_parsable(coalesce(s.hook || ' ' || s.summary, ''))
               END AS sheet_summary,
               CASE WHEN aside.page_id IS NOT NULL THEN ''
                    ELSE search_parsable(coalesce(left(s.search_text, 250000), ''))
               END AS sheet_fields,
               CASE WHEN aside.page_id IS NOT NULL THEN NULL
                    WHEN s.page_id IS NULL THEN search_guess_language(l.body)
                    ELSE s.lang END AS language
        FROM pages AS p
        CROSS JOIN LATERAL (
            SELECT r.body FROM revisions AS r
            WHERE r.page_id = p.id
            ORDER BY r.number DESC
            LIMIT 1
        ) AS l
        LEFT JOIN sheets AS s ON s.page_id = p.id
        LEFT JOIN search_set_aside AS aside ON aside.page_id = p.id
        WHERE p.id = ANY (ids) AND p.deleted_at IS NULL
    ), language_changes AS (
        UPDATE pages AS p SET language = latest.language
        FROM latest
        WHERE p.id = latest.id AND p.language IS DISTINCT FROM latest.language
        RETURNING p.id
    ), written AS (
        INSERT INTO search_documents AS d (page_id, config, vector, default_read, technical)
        SELECT id,
               search_config(language),
               setweight(to_tsvector(search_config(language), title), 'A')
                   || setweight(to_tsvector(search_config(language), sheet_summary), 'B')
                   || setweight(to_tsvector(search_config(language), sheet_fields), 'C')
                   || setweight(to_tsvector(search_config(language), plain), 'D')
                   || CASE WHEN language IS NULL THEN
                          setweight(to_tsvector('coopwiki_fr', title), 'A')
                              || setweight(to_tsvector('coopwiki_fr', left(plain, 20000)), 'D')
                              || setweight(to_tsvector('coopwiki_en', title), 'A')
                              || setweight(to_tsvector('coopwiki_en', left(plain, 20000)), 'D')
                      ELSE ''::tsvector END
                   || CASE WHEN language IS NULL OR language = 'fr' THEN
                          setweight(to_tsvector('coopwiki_fr', search_french_verb_stems(title)), 'A')
                              || setweight(to_tsvector('coopwiki_fr', search_french_verb_stems(
                                     sheet_summary || ' ' || sheet_fields || ' '
                                         || CASE WHEN language IS NULL THEN left(plain, 20000)
                                                 ELSE plain END)), 'D')
                      ELSE ''::tsvector END,
               default_read,
               search_technical(name)
        FROM latest
        ON CONFLICT (page_id) DO UPDATE SET
            config = excluded.config,
            vector = excluded.vector,
            default_read = excluded.default_read,
            technical = excluded.technical
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

-- French pages and those of an unsure language are indexed again, with their verb stems, by
-- the indexers (a moment after the migration, without holding it).
SELECT search_enqueue(ARRAY(SELECT page_id FROM search_documents
                            WHERE config IN ('coopwiki_fr'::regconfig, 'coopwiki_simple'::regconfig)));
