-- Back to the SQL functions of the migrations that created them (a function cannot change its
-- language with CREATE OR REPLACE while keeping a SET clause, so the clauses are reset first).
ALTER FUNCTION search_guess_language(text) RESET ALL;
ALTER FUNCTION search_refresh(uuid[]) RESET ALL;

CREATE OR REPLACE FUNCTION search_title_text(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE WHEN split = name THEN name ELSE name || ' ' || split END
    FROM (SELECT regexp_replace(name, '([a-z0-9])([A-Z])', '\1 \2', 'g') AS split) AS s
$$;

CREATE OR REPLACE FUNCTION search_guess_language(body text) RETURNS text
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
