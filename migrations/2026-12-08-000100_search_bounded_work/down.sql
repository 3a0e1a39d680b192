-- Back to the texts as they were given to the parser, and to no pages set aside.
DROP FUNCTION search_set_aside(uuid, integer, text);
DROP FUNCTION search_index_page(uuid);

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

CREATE OR REPLACE FUNCTION search_enqueue(ids uuid[]) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO search_queue AS q (page_id)
    SELECT DISTINCT id FROM unnest(ids) AS id
    ON CONFLICT (page_id) DO UPDATE SET due_at = excluded.due_at
    WHERE q.due_at > excluded.due_at;
END
$$;

DROP TABLE search_set_aside;

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

DROP FUNCTION search_parsable(text);

CREATE OR REPLACE FUNCTION search_plain_text(markdown text) RETURNS text
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
