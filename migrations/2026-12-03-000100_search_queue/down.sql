-- Back to indexing inside the save: what is still queued is indexed now.
SELECT search_refresh_texts(ARRAY(SELECT page_id FROM search_queue));

CREATE OR REPLACE FUNCTION search_after_revisions() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM search_refresh_texts(ARRAY(SELECT DISTINCT page_id FROM added));
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION search_after_sheet_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM search_refresh_texts(ARRAY[coalesce(NEW.page_id, OLD.page_id)]);
    RETURN NULL;
END
$$;

DROP FUNCTION search_index_queued(integer);
DROP FUNCTION search_enqueue(uuid[]);
DROP TABLE search_queue;
