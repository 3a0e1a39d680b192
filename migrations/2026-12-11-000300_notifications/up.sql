-- Notifications by e-mail (issue #23): what to tell whom waits in a durable queue in
-- PostgreSQL until a mail that holds it was sent; each person chooses how often they hear.
ALTER TABLE users ADD COLUMN notify text NOT NULL DEFAULT 'immediately'
    CHECK (notify IN ('never', 'immediately', 'daily', 'weekly'));
-- When the last mail to this person was sent: a digest waits a day (or a week) after it.
ALTER TABLE users ADD COLUMN notified_at timestamptz;

CREATE TABLE notifications (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
    -- Why this person hears of it: a page they watch, their name in a comment, a reply to them.
    reason text NOT NULL CHECK (reason IN ('watched', 'mention', 'reply')),
    revision integer,
    comment_id bigint REFERENCES comments (id) ON DELETE CASCADE,
    CHECK ((revision IS NULL) <> (comment_id IS NULL)),
    actor_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    -- Set in the transaction that sent the mail holding it: never sent twice.
    sent_at timestamptz,
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_waiting ON notifications (user_id, next_attempt_at) WHERE sent_at IS NULL;

-- A new revision is news for the page's watchers who hear of things (not its author). Written
-- with the revision, whoever saves it; read permissions are checked when the mail is built.
CREATE FUNCTION coopwiki_notify_revision() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO notifications (user_id, page_id, reason, revision, actor_name)
    SELECT w.user_id, NEW.page_id, 'watched', NEW.number, NEW.author_name
    FROM watches w JOIN users u ON u.id = w.user_id
    WHERE w.page_id = NEW.page_id AND u.notify <> 'never'
      AND w.user_id IS DISTINCT FROM NEW.author_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER notify_watchers AFTER INSERT ON revisions
    FOR EACH ROW EXECUTE FUNCTION coopwiki_notify_revision();

-- A comment is news once published (posted, or approved): for the page's watchers, the people
-- it names (`@name`) and the author of the comment it answers; once per person, the most
-- personal reason first.
CREATE FUNCTION coopwiki_notify_comment() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.pending OR NEW.removed_at IS NOT NULL OR NEW.source IS NOT NULL
       OR (TG_OP = 'UPDATE' AND NOT OLD.pending) THEN
        RETURN NULL;
    END IF;
    INSERT INTO notifications (user_id, page_id, reason, comment_id, actor_name)
    SELECT DISTINCT ON (who.user_id) who.user_id, NEW.page_id, who.reason, NEW.id, NEW.author_name
    FROM (
        SELECT u.id AS user_id, 'reply' AS reason, 1 AS rank
        FROM comments c JOIN users u ON u.id = c.author_id
        WHERE c.id = NEW.reply_to
        UNION ALL
        SELECT u.id, 'mention', 2
        -- `@name` after a space, a bracket or the start (not an e-mail address), up to a space
        -- or punctuation; a full stop ending the sentence is not part of the name.
        FROM regexp_matches(NEW.body, '(?:^|[[:space:](\[])@([^[:space:],;:!?()<>"\[\]{}*]+)', 'g') AS m
        JOIN users u ON u.name_key = lower(rtrim(m[1], '.'))
        UNION ALL
        SELECT w.user_id, 'watched', 3 FROM watches w WHERE w.page_id = NEW.page_id
    ) AS who JOIN users u ON u.id = who.user_id
    WHERE u.notify <> 'never' AND who.user_id IS DISTINCT FROM NEW.author_id
    ORDER BY who.user_id, who.rank;
    RETURN NULL;
END
$$;
CREATE TRIGGER notify_readers AFTER INSERT OR UPDATE OF pending ON comments
    FOR EACH ROW EXECUTE FUNCTION coopwiki_notify_comment();
