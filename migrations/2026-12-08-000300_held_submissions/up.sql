-- A form sent by a visitor who had to log in first (issue #20): its body is kept here, under
-- the SHA-256 of a token only that visitor's browser holds (a cookie), until they log in and
-- take it back, or for a day. Nobody else can read it, and nothing typed is lost on the way.
CREATE TABLE held_submissions (
    token_hash bytea PRIMARY KEY,
    -- Where the form was sent (path and query), to send it there again.
    action text NOT NULL,
    body bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX held_submissions_created ON held_submissions (created_at);
