-- Live editing (issue #24, src/live): a page's live document is the Yjs updates received
-- since it was opened, kept here as they arrive so that an acknowledged keystroke survives the
-- restart of any instance, and so that every instance can rebuild the same document.

-- One row per page with a live document: the revision it is in step with, and the last
-- update already written into a revision. Locked (FOR UPDATE) by whoever saves it or merges a
-- plain save into it, so one instance at a time does either.
CREATE TABLE live_rooms (
    page_id uuid PRIMARY KEY REFERENCES pages (id) ON DELETE CASCADE,
    base_revision integer NOT NULL,
    saved_through bigint NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- The updates of a live document in the order they were accepted. Who typed each one is kept
-- to credit them in the revision that includes it. A revision's save compacts the rows it
-- covers into the first of them.
CREATE TABLE live_updates (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    page_id uuid NOT NULL REFERENCES live_rooms (page_id) ON DELETE CASCADE,
    body bytea NOT NULL,
    author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    author_name text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX live_updates_by_page ON live_updates (page_id, id);

-- Everyone besides its author who wrote a revision: the people who typed in a live document
-- between two of its revisions.
CREATE TABLE revision_coauthors (
    page_id uuid NOT NULL,
    number integer NOT NULL,
    author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    author_name text NOT NULL,
    PRIMARY KEY (page_id, number, author_name),
    FOREIGN KEY (page_id, number) REFERENCES revisions (page_id, number) ON DELETE CASCADE
);
CREATE INDEX revision_coauthors_by_user ON revision_coauthors (author_id) WHERE author_id IS NOT NULL;
