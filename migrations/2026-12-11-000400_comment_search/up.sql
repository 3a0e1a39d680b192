-- Comments are found by search (issue #23): each published comment's words, analysed both in
-- French and in English (a comment's language is not recorded, and a thread may mix both),
-- held beside its text so that the index follows every edit with no queue. Search matches it
-- with `search_query_any`, the query parsed every way.
ALTER TABLE comments ADD COLUMN words tsvector GENERATED ALWAYS AS (
    to_tsvector('coopwiki_fr', search_plain_text(body))
        || to_tsvector('coopwiki_en', search_plain_text(body))
) STORED;

-- Only what a thread shows is searched: neither a comment waiting for a moderator nor a
-- removed one.
CREATE INDEX comments_words ON comments USING gin (words)
    WHERE NOT pending AND removed_at IS NULL;
