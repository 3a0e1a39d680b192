-- Comments are found by search (issue #23): each published comment's words, analysed both in
-- French and in English (a comment's language is not recorded, and a thread may mix both),
-- held beside its text so that the index follows every edit with no queue. Search matches it
-- with `search_query_any`, the query parsed every way.
--
-- The expression names only built-in functions: a restore (`pg_restore`, which runs with an
-- empty search path) computes generated columns again, and could not find the wiki's own. The
-- parser is superlinear on runs of `<` and `_`, so they become characters it skips, as
-- `search_parsable` does for pages.
ALTER TABLE comments ADD COLUMN words tsvector GENERATED ALWAYS AS (
    to_tsvector('coopwiki_fr', translate(body, E'<_\x02\x03', E'\x02\x03'))
        || to_tsvector('coopwiki_en', translate(body, E'<_\x02\x03', E'\x02\x03'))
) STORED;

-- Only what a thread shows is searched: neither a comment waiting for a moderator nor a
-- removed one.
CREATE INDEX comments_words ON comments USING gin (words)
    WHERE NOT pending AND removed_at IS NULL;
