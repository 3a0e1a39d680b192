-- Accounts, server-side sessions, login throttling, password resets, groups, and page
-- permissions (YesWiki-style ACLs) that every listing can evaluate in SQL.

CREATE TABLE users (
    id uuid PRIMARY KEY,
    -- Shown as author and used in permission lists; never changes.
    name text NOT NULL,
    -- Lower-cased `name`: names are unique whatever their case.
    name_key text NOT NULL UNIQUE,
    email text NOT NULL,
    -- Lower-cased `email`, for login by e-mail and uniqueness.
    email_key text NOT NULL UNIQUE,
    -- PHC string (argon2id); rehashed at login when its parameters are weaker than today's.
    password_hash text NOT NULL,
    role text NOT NULL DEFAULT 'member' CHECK (role IN ('admin', 'editor', 'member')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE groups (
    -- Lower-case, as written after `@` in permission lists.
    name text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE group_members (
    group_name text NOT NULL REFERENCES groups (name) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (group_name, user_id)
);
CREATE INDEX group_members_by_user ON group_members (user_id);

-- Only a SHA-256 of each session token is stored: a copy of this table opens no session.
CREATE TABLE sessions (
    token_hash bytea PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    -- Absolute end, whatever the activity.
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Failed logins (and reset requests), counted in a sliding window before any hashing, per
-- account and per address, shared by every instance.
CREATE TABLE login_attempts (
    id bigserial PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('login', 'reset')),
    account_key text NOT NULL,
    address text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_by_account ON login_attempts (kind, account_key, at);
CREATE INDEX login_attempts_by_address ON login_attempts (kind, address, at);

CREATE TABLE password_resets (
    token_hash bytea PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz
);
CREATE INDEX password_resets_by_user ON password_resets (user_id);

-- One row: the key of the pseudonyms given to anonymous editors (HMAC of their address).
CREATE TABLE site_secret (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    secret bytea NOT NULL
);

-- The creator of a page owns it; NULL for pages created anonymously or before accounts.
ALTER TABLE pages ADD COLUMN owner_id uuid REFERENCES users (id) ON DELETE SET NULL;
-- Permission lists, one normalised entry per element; NULL means the site default.
ALTER TABLE pages ADD COLUMN read_acl text[];
ALTER TABLE pages ADD COLUMN write_acl text[];
ALTER TABLE pages ADD COLUMN comment_acl text[];
UPDATE pages p SET owner_id = r.author_id
    FROM revisions r
    WHERE r.page_id = p.id AND r.number = 1 AND r.author_id IS NOT NULL;

CREATE INDEX revisions_by_author ON revisions (author_id, created_at DESC);

-- Every change of a page's permissions, kept like revisions.
CREATE TABLE page_acl_changes (
    id bigserial PRIMARY KEY,
    page_id uuid NOT NULL REFERENCES pages (id),
    author_id uuid,
    author_name text NOT NULL,
    read_acl text[],
    write_acl text[],
    comment_acl text[],
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX page_acl_changes_by_page ON page_acl_changes (page_id, created_at DESC);

-- Whether a permission list lets a visitor in. The same rules as `permissions::acl::Acl::allows`
-- (a test checks both agree): admins and the owner always pass; otherwise the first entry that
-- matches the visitor decides (`!` before it denies); nothing matching denies.
-- `page_acl` NULL falls back to `default_acl`; `viewer` NULL is an anonymous visitor;
-- `user_key` is the visitor's lower-case name and `groups` their groups.
CREATE FUNCTION coopwiki_acl_allows(
    page_acl text[], default_acl text[], owner uuid, viewer uuid, is_admin boolean,
    user_key text, groups text[]
) RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    entry text;
    negated boolean;
    hit boolean;
BEGIN
    IF is_admin OR (viewer IS NOT NULL AND owner = viewer) THEN
        RETURN true;
    END IF;
    FOREACH entry IN ARRAY coalesce(page_acl, default_acl) LOOP
        negated := left(entry, 1) = '!';
        IF negated THEN
            entry := substr(entry, 2);
        END IF;
        hit := CASE
            WHEN entry = '*' THEN true
            WHEN entry = '+' THEN viewer IS NOT NULL
            WHEN entry = '%' THEN false
            WHEN left(entry, 1) = '@' THEN viewer IS NOT NULL AND substr(entry, 2) = ANY (groups)
            ELSE viewer IS NOT NULL AND entry = user_key
        END;
        IF hit THEN
            RETURN NOT negated;
        END IF;
    END LOOP;
    RETURN false;
END
$$;
