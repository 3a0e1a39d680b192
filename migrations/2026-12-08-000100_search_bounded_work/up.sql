-- Bounded text-search work per page (issue #27, item 10).
--
-- PostgreSQL's `default` parser (behind every `to_tsvector` and `ts_headline`) tries to read
-- a tag or comment at each `<`, and a long word at each run joined by `_`, and both are
-- quadratic on hostile runs: `a <!--` repeated 10,000 times took 5 s in `to_tsvector`
-- ('simple'), 40,000 times about a minute, and `a_` repeated 20,000 times 19 s. A 234 KB page
-- held the indexer for minutes, and every other page waited behind it in the queue.
--
-- 1. The text given to the parser never holds `<` or `_`: `search_parsable` turns them into
--    the control characters U+0002 and U+0003, which the parser reads as spaces in every
--    locale (a non-ASCII stand-in would be a letter in the C locale of the embedded cluster),
--    and `search::Snippet` turns back into `<` and `_` in snippets, so a reader sees the text
--    as written. No word is lost: the parser counts neither as part of a word, and this wiki
--    shows raw HTML as text, so a tag in a page is words for its reader. The parser is then
--    linear (the same 40,000 repetitions: 60 ms). Page text reaches it through
--    `search_plain_text` (indexing, snippets, the language guess), sheet fields and summaries
--    through `search_parsable` itself.
-- 2. A page whose document still cannot be built within the indexer's time budget (a
--    statement timeout the application sets, see `search::queries::index_queued`) is set
--    aside: it leaves the queue with a note (`search_set_aside`) and is indexed by its title
--    alone, so that the pages behind it go on. A new revision brings it back to the queue.

-- Text made safe for the parser, as above. Control characters U+0002 and U+0003 already in
-- the text are dropped, so that only a `<` or a `_` comes back as one.
CREATE FUNCTION search_parsable(text text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT translate(text, E'<_\x02\x03', E'\x02\x03')
$$;

CREATE OR REPLACE FUNCTION search_plain_text(markdown text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
    SELECT search_parsable(regexp_replace(
        regexp_replace(
            regexp_replace(
                regexp_replace(markdown, '\[\[[^]|]*\|([^]]*)\]\]', '\1', 'g'),
                '\[\[([^]]*)\]\]', '\1', 'g'),
            '!?\[([^]]*)\]\([^)]*\)', '\1', 'g'),
        '[*_`~#>|\\=]+', ' ', 'g'))
$$;

-- The language guess reads the page's plain text: the parser must not see a raw body.
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
    FROM unnest(to_tsvector('simple', search_plain_text(left(body, 10000))));
    RETURN CASE
        WHEN fr >= 3 AND fr >= 2 * en THEN 'fr'
        WHEN en >= 3 AND en >= 2 * fr THEN 'en'
    END;
END
$$;

-- Pages whose document could not be built within the indexer's budget: indexed by their title
-- alone until a new revision. `revision` is the one that was tried, `reason` what PostgreSQL
-- said (a statement timeout).
CREATE TABLE search_set_aside (
    page_id uuid PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
    revision integer NOT NULL,
    reason text NOT NULL,
    set_aside_at timestamptz NOT NULL DEFAULT now()
);

-- As in `2026-12-03-000100_search_queue`, plus: a new text of a page set aside is tried again.
CREATE OR REPLACE FUNCTION search_enqueue(ids uuid[]) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO search_queue AS q (page_id)
    SELECT DISTINCT id FROM unnest(ids) AS id
    ON CONFLICT (page_id) DO UPDATE SET due_at = excluded.due_at
    WHERE q.due_at > excluded.due_at;
    DELETE FROM search_set_aside WHERE page_id = ANY (ids);
END
$$;

-- As in `2026-12-02-000100_search_titles`, plus: every text reaches the parser through
-- `search_plain_text` or `search_parsable`, and a page set aside is indexed by its title alone
-- (whatever path rebuilds it: the indexer, a rename, an undeletion, `coopwiki reindex`).
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

-- Builds the document of one queued page, if it is due and no other transaction holds it, and
-- says whether it did: `search_index_queued` for a single page, which the indexer calls page
-- by page, each under its time budget, when a batch ran out of time.
CREATE FUNCTION search_index_page(page uuid) RETURNS boolean
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM 1 FROM pages AS p
    WHERE p.id = page
      AND EXISTS (SELECT 1 FROM search_queue AS q
                  WHERE q.page_id = page AND q.due_at <= clock_timestamp())
    FOR NO KEY UPDATE OF p SKIP LOCKED;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM set_config('coopwiki.notify', 'after_commit', true);
    DELETE FROM search_queue WHERE page_id = page;
    BEGIN
        PERFORM search_refresh_texts(ARRAY[page]);
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'search document of page % not built: %', page, SQLERRM;
        INSERT INTO search_queue (page_id, due_at)
        VALUES (page, clock_timestamp() + interval '1 hour');
    END;
    RETURN true;
END
$$;

-- Sets a queued page aside (see `search_set_aside`) and indexes it by its title, if its latest
-- revision is still the one that was tried and no other transaction holds it; says whether it
-- did. A page saved meanwhile stays queued: its new text deserves its own try.
CREATE FUNCTION search_set_aside(page uuid, tried integer, why text) RETURNS boolean
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM 1 FROM pages AS p
    WHERE p.id = page AND p.latest_rev = tried
    FOR NO KEY UPDATE OF p SKIP LOCKED;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM set_config('coopwiki.notify', 'after_commit', true);
    DELETE FROM search_queue WHERE page_id = page;
    INSERT INTO search_set_aside AS a (page_id, revision, reason)
    VALUES (page, tried, why)
    ON CONFLICT (page_id) DO UPDATE SET
        revision = excluded.revision,
        reason = excluded.reason,
        set_aside_at = excluded.set_aside_at;
    PERFORM search_refresh_texts(ARRAY[page]);
    RETURN true;
END
$$;
