-- First-run setup: while a wiki has no administrator, each start of the server issues a link
-- (printed in its log) that lets the first person to open it create the administrator account.
-- Only the SHA-256 of the link's token is kept; the table empties once an administrator exists.
CREATE TABLE setup_tokens (
    token_hash bytea PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
