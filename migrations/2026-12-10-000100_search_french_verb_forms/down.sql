-- Back to French documents and queries without verb stems.
CREATE OR REPLACE FUNCTION search_query_any(query text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT to_tsquery('coopwiki_fr', query)
        || to_tsquery('coopwiki_en', query)
        || to_tsquery('coopwiki_simple', query)
$$;

CREATE OR REPLACE FUNCTION search_query_for(config regconfig, query text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT CASE config
        WHEN 'coopwiki_fr'::regconfig THEN to_tsquery('coopwiki_fr', query)
        WHEN 'coopwiki_en'::regconfig THEN to_tsquery('coopwiki_en', query)
        ELSE search_query_any(query)
    END
$$;

CREATE OR REPLACE FUNCTION search_matches(config regconfig, vector tsvector, query text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT (config = 'coopwiki_fr'::regconfig AND vector @@ to_tsquery('coopwiki_fr', query))
        OR (config = 'coopwiki_en'::regconfig AND vector @@ to_tsquery('coopwiki_en', query))
        OR (config = 'coopwiki_simple'::regconfig AND vector @@ search_query_any(query))
$$;

-- As in `2026-12-08-000100_search_bounded_work`, plus: French and English analyses for a page
-- of an unsure language, and `technical`.
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

DROP FUNCTION search_french_query(text);
DROP FUNCTION search_french_verb_stems(text);

SELECT search_enqueue(ARRAY(SELECT page_id FROM search_documents
                            WHERE config IN ('coopwiki_fr'::regconfig, 'coopwiki_simple'::regconfig)));
