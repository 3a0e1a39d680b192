-- The full-text index of page texts, one per language configuration instead of one for all.
--
-- A document matches when its vector matches the query as parsed in the document's own
-- language. With one index, the only query it could answer was the three parses joined by `|`
-- (`search_query_any`): for a phrase of common words ("cercle de parole" among 100,000 pages)
-- the index checked every page holding any of the words against all three parses, 15 ms of the
-- 30 ms of the search. With a partial index per configuration, each parse is looked up only
-- among the documents of its language, and the three lookups are OR-ed by the planner
-- (`search_matches` is inlined, so the partial indexes' predicates are seen): phrases went from
-- 17-30 ms to 14-23 ms (`cargo bench --bench search`).
CREATE INDEX search_documents_vector_fr ON search_documents USING gin (vector)
    WHERE config = 'coopwiki_fr'::regconfig;
CREATE INDEX search_documents_vector_en ON search_documents USING gin (vector)
    WHERE config = 'coopwiki_en'::regconfig;
CREATE INDEX search_documents_vector_simple ON search_documents USING gin (vector)
    WHERE config = 'coopwiki_simple'::regconfig;
DROP INDEX search_documents_vector;

-- Whether a document matches `query` (tsquery text) parsed in its own language. A single
-- expression, so that it is inlined into the calling query and uses the indexes above.
CREATE FUNCTION search_matches(config regconfig, vector tsvector, query text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT (config = 'coopwiki_fr'::regconfig AND vector @@ to_tsquery('coopwiki_fr', query))
        OR (config = 'coopwiki_en'::regconfig AND vector @@ to_tsquery('coopwiki_en', query))
        OR (config = 'coopwiki_simple'::regconfig
            AND vector @@ to_tsquery('coopwiki_simple', query))
$$;
