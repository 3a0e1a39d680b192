-- A save builds its page's search document itself, in its own transaction (issue #26).
--
-- The indexer (`search::indexer`) built documents from the queue after the save's commit, on a
-- connection of its own. Alone it builds about 3,000 documents a second; beside 16 editors it
-- was one backend among seventeen on two cores, fell behind, and a page saved during a burst
-- was found by search seconds after (47 s at the end of a 10 s burst, before the indexer
-- stopped resting between batches; 1.3 s at the median after). Built in the save, a page is
-- searchable when its save is answered, and a burst of saves pays for its own indexing instead
-- of leaving it behind.
--
-- The queue stays for everything else: saves of texts too long to index while an editor waits
-- (the save leaves them queued; see `pages::save::INDEXED_IN_THE_SAVE`), imports, renames,
-- changes of readers, and a document that fails to build here.

-- Builds the search document of a page the calling transaction just saved (and holds locked),
-- and takes it out of the queue. A document that cannot be built leaves the page queued for the
-- indexer, whose time budget and set-aside deal with it: the save itself goes on.
CREATE FUNCTION search_index_saved(page uuid) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM search_queue WHERE page_id = page;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    BEGIN
        PERFORM search_refresh_texts(ARRAY[page]);
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'search document of page % not built in its save: %', page, SQLERRM;
        INSERT INTO search_queue (page_id) VALUES (page) ON CONFLICT (page_id) DO NOTHING;
    END;
END
$$;
