-- Search documents written after the save, from a queue, instead of inside it.
--
-- Indexing a page's text (plain text by regular expressions, the language guessed, four
-- `to_tsvector`, the GIN insertions) was over half of what PostgreSQL spent on a save. A save
-- now only queues its page, in its own transaction; each instance's indexer
-- (`search::indexer`) builds the queued documents in batches. It wakes on `coopwiki_changed`,
-- which every transaction that queues a page sends anyway (it wrote a revision), so queueing
-- adds no notification to a save's commit. Search shows a save a moment later (the time of one batch when the wiki is
-- quiet), and under a burst of saves indexing yields to the editors (see the indexer).
--
-- One row per page: a page saved twice before it is indexed is indexed once. The row goes in the
-- transaction that builds the document, so a page is never dropped from the queue unindexed.
-- `due_at`: when it was queued, or when to try again after its document could not be built.
CREATE TABLE search_queue (
    page_id uuid PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
    due_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- Oldest first: a page waits no longer than the backlog ahead of it.
CREATE INDEX search_queue_due ON search_queue (due_at);

-- Queues these pages for indexing now. A page already queued keeps its place, unless it was
-- waiting for a retry: a new text deserves a new try. PL/pgSQL rather than SQL, which would be
-- planned again at every save.
CREATE FUNCTION search_enqueue(ids uuid[]) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO search_queue AS q (page_id)
    SELECT DISTINCT id FROM unnest(ids) AS id
    ON CONFLICT (page_id) DO UPDATE SET due_at = excluded.due_at
    WHERE q.due_at > excluded.due_at;
END
$$;

-- Builds the documents of up to `batch` queued pages that are due, oldest first, and returns
-- how many.
--
-- Each page is locked first (`FOR NO KEY UPDATE`, what an `UPDATE` of the row takes), and a page
-- that another transaction holds (a save, a rename, a change of who may read it) is skipped
-- until its next turn: so nothing changes what a document is built from between the build
-- and its commit, and a stale document can never overwrite a newer one, whichever instance
-- indexes. A save's own queue row is committed with its revision, after its lock was taken, so
-- an indexer that sees the row sees the revision. Pages deleted for good leave the queue with
-- their rows.
--
-- A page whose document cannot be built (an error in PostgreSQL's text search on some text)
-- must not stop the queue behind it: the batch is then built page by page, and a page that
-- fails alone is logged and queued again an hour later, behind the others.
CREATE FUNCTION search_index_queued(batch integer) RETURNS integer
    LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
    ids uuid[];
    id uuid;
BEGIN
    -- The queued ids as an array, so that each page is found by its key (as a subquery, the
    -- generic plan hashed it against every page).
    ids := ARRAY(
        SELECT p.id FROM pages AS p
        WHERE p.id = ANY (ARRAY(SELECT q.page_id FROM search_queue AS q
                                WHERE q.due_at <= clock_timestamp()
                                ORDER BY q.due_at LIMIT batch))
        FOR NO KEY UPDATE OF p SKIP LOCKED
    );
    IF cardinality(ids) = 0 THEN
        RETURN 0;
    END IF;
    -- What this writes (documents, titles, `pages.language`) is read by search alone, which no
    -- instance caches: nothing to tell the view caches, and a transaction that notifies would
    -- commit under the database-wide lock that makes commits wait for each other's fsync.
    PERFORM set_config('coopwiki.notify', 'after_commit', true);
    DELETE FROM search_queue WHERE page_id = ANY (ids);
    BEGIN
        PERFORM search_refresh_texts(ids);
    EXCEPTION WHEN OTHERS THEN
        FOREACH id IN ARRAY ids LOOP
            BEGIN
                PERFORM search_refresh_texts(ARRAY[id]);
            EXCEPTION WHEN OTHERS THEN
                RAISE WARNING 'search document of page % not built: %', id, SQLERRM;
                INSERT INTO search_queue (page_id, due_at)
                VALUES (id, clock_timestamp() + interval '1 hour');
            END;
        END LOOP;
    END;
    RETURN cardinality(ids);
END
$$;

CREATE OR REPLACE FUNCTION search_after_revisions() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM search_enqueue(ARRAY(SELECT DISTINCT page_id FROM added));
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION search_after_sheet_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM search_enqueue(ARRAY[coalesce(NEW.page_id, OLD.page_id)]);
    RETURN NULL;
END
$$;
