-- Watching (issue #23): people follow pages (a programme is a page too). A watch remembers the
-- revision and the time of the watcher's last visit, so the page and the watchlist can say what
-- changed since.
CREATE TABLE watches (
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    seen_rev integer NOT NULL,
    seen_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, page_id)
);
CREATE INDEX watches_by_page ON watches (page_id);

-- The secret address of a person's watchlist feed: only its hash is kept, so the address can be
-- given out once and revoked by making another.
CREATE TABLE watch_feeds (
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A page view shows whether its visitor watches it: a change empties the view caches.
CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE OR DELETE ON watches
    FOR EACH ROW EXECUTE FUNCTION coopwiki_notify_changed();
CREATE TRIGGER notify_truncated AFTER TRUNCATE ON watches
    FOR EACH STATEMENT EXECUTE FUNCTION coopwiki_notify_changed();

-- Watched catalogue searches ("tell me when a method for deciding in large groups appears"):
-- the catalogue's query string, and when its watcher last looked at what it finds.
CREATE TABLE watched_searches (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    query text NOT NULL CHECK (length(query) <= 2000),
    seen_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, query)
);
