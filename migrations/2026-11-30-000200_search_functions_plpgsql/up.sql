-- The save path's search indexing, in PL/pgSQL instead of SQL. A SQL function that cannot be
-- inlined (these have several statements or a FROM clause) is parsed and planned again at every
-- call, and the trigger of each save calls `search_refresh`, which calls the two others: under
-- the save benchmark (`bench/load.sh`), `perf` put 40% of all CPU time in `fmgr_sql`, most of
-- it parsing and planning. PL/pgSQL keeps each statement's plan for the life of the connection,
-- and `force_generic_plan` keeps it from planning again for each new argument (it would, as the
-- generic plan's estimate for `= ANY (ids)` looks worse than a custom one's, though both are the
-- same index lookups): `search_refresh` of one small page went from ~1.1 ms to ~0.25 ms in psql.
-- Same statements, same results.

CREATE OR REPLACE FUNCTION search_title_text(name text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
    split text := regexp_replace(name, '([a-z0-9])([A-Z])', '\1 \2', 'g');
BEGIN
    RETURN CASE WHEN split = name THEN name ELSE name || ' ' || split END;
END
$$;

CREATE OR REPLACE FUNCTION search_guess_language(body text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    fr bigint;
    en bigint;
BEGIN
    SELECT coalesce(sum(cardinality(positions)) FILTER (WHERE lexeme = ANY (ARRAY[
               'le', 'la', 'les', 'des', 'du', 'et', 'est', 'une', 'un', 'pour', 'dans',
               'avec', 'sur', 'qui', 'que', 'pas', 'au', 'aux', 'ce', 'cette', 'ces', 'nous',
               'vous', 'sont', 'par', 'ou', 'mais', 'plus', 'leur', 'leurs', 'comme', 'être',
               'chaque', 'tout', 'tous', 'entre', 'il', 'elle', 'ils', 'elles', 'se', 'son',
               'sa', 'ses'])), 0),
           coalesce(sum(cardinality(positions)) FILTER (WHERE lexeme = ANY (ARRAY[
               'the', 'and', 'of', 'to', 'is', 'for', 'with', 'that', 'this', 'are', 'be',
               'it', 'from', 'or', 'an', 'at', 'you', 'we', 'they', 'their', 'each', 'what',
               'when', 'how', 'not', 'can', 'will', 'have', 'has', 'by', 'your', 'into',
               'which', 'these', 'those', 'he', 'she', 'them', 'its', 'was', 'were'])), 0)
    INTO fr, en
    FROM unnest(to_tsvector('simple', left(body, 10000)));
    RETURN CASE
        WHEN fr >= 3 AND fr >= 2 * en THEN 'fr'
        WHEN en >= 3 AND en >= 2 * fr THEN 'en'
    END;
END
$$;

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
