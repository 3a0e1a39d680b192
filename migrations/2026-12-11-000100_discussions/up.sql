-- Discussions (issue #23): a thread under every page. A comment answers the page or, one level
-- deep, another comment of the same page; a field note is a comment on a method sheet that
-- says how the method went in practice (its figures in their own columns, so the catalogue
-- can count and sort by them).
--
-- Nothing said is lost: an edit keeps the previous text in `comment_edits`, and a removal
-- keeps the row (the thread shows "removed by ..." in its place); only the text stops being
-- shown.
CREATE TABLE comments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    -- The comment this one answers: always a top-level comment of the same page.
    reply_to bigint REFERENCES comments (id) ON DELETE CASCADE,
    author_id uuid REFERENCES users (id) ON DELETE SET NULL,
    -- The account's name, or the pseudonym of a visitor without an account.
    author_name text NOT NULL,
    body text NOT NULL,
    -- A field note's figures; all NULL on a plain comment.
    is_field_note boolean NOT NULL DEFAULT false,
    group_size integer CHECK (group_size BETWEEN 1 AND 100000),
    duration_minutes integer CHECK (duration_minutes BETWEEN 1 AND 100000),
    -- Waiting for a moderator: shown only to its author, the page's owner and admins.
    pending boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    edited_at timestamptz,
    removed_at timestamptz,
    removed_by_name text,
    -- Where an imported comment came from (`yeswiki:Comment12`), so an import run again
    -- recognises what it already brought.
    source text,
    CHECK ((removed_at IS NULL) = (removed_by_name IS NULL))
);
CREATE UNIQUE INDEX comments_by_source ON comments (page_id, source) WHERE source IS NOT NULL;
CREATE INDEX comments_by_page ON comments (page_id, created_at, id);
CREATE INDEX comments_by_time ON comments (created_at DESC, id DESC);
CREATE INDEX comments_by_author ON comments (author_id, created_at DESC) WHERE author_id IS NOT NULL;
CREATE INDEX comments_waiting ON comments (created_at) WHERE pending AND removed_at IS NULL;
CREATE INDEX comments_field_notes ON comments (page_id) WHERE is_field_note AND NOT pending AND removed_at IS NULL;

-- The texts a comment had before each edit.
CREATE TABLE comment_edits (
    comment_id bigint NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    number integer NOT NULL,
    body text NOT NULL,
    -- When this text was replaced.
    replaced_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (comment_id, number)
);

-- A page view shows its thread: a change to it empties the view caches (see `view_cache`).
CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE OR DELETE ON comments
    FOR EACH ROW EXECUTE FUNCTION coopwiki_notify_changed();
CREATE TRIGGER notify_truncated AFTER TRUNCATE ON comments
    FOR EACH STATEMENT EXECUTE FUNCTION coopwiki_notify_changed();

-- Comments are throttled per account and per address like logins, in the same table.
ALTER TABLE login_attempts DROP CONSTRAINT login_attempts_kind_check;
ALTER TABLE login_attempts ADD CONSTRAINT login_attempts_kind_check
    CHECK (kind IN ('login', 'reset', 'comment'));
