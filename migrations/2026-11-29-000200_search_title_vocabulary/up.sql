-- The distinct words of page titles, for suggestions on misspellings: "fishbol" is first
-- matched against this vocabulary (a few thousand words), then the titles having the words
-- it is close to are found by their exact word (`title_words`). Matching the misspelling
-- against every title directly made the trigram index return every title sharing enough
-- trigrams (15,000 "Fishbowl ..." titles of the benchmark's 100,000 for "fishbol") before the
-- first 50 could be taken. Words are only added, never removed: a word whose titles are gone
-- or unreadable leads to no title.
CREATE TABLE search_title_words (word text COLLATE "C" PRIMARY KEY);
CREATE INDEX search_title_words_trgm ON search_title_words USING gin (word gin_trgm_ops);

CREATE FUNCTION search_after_title_words() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO search_title_words (word)
    SELECT unnest(tsvector_to_array(NEW.title_words))
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER search_title_vocabulary
    AFTER INSERT OR UPDATE OF title_words ON search_documents
    FOR EACH ROW EXECUTE FUNCTION search_after_title_words();

INSERT INTO search_title_words (word)
SELECT DISTINCT unnest(tsvector_to_array(title_words)) FROM search_documents
ON CONFLICT DO NOTHING;
