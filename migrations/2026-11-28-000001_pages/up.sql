-- Pages, their immutable revisions, every name they ever had, and the derived link graph.

CREATE TABLE pages (
    id uuid PRIMARY KEY,
    -- Current display name (NFC, spaces not underscores).
    name text NOT NULL,
    -- Case- and compatibility-folded form of `name`: the page's identity for lookups.
    name_key text NOT NULL UNIQUE,
    latest_rev integer NOT NULL CHECK (latest_rev >= 1),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- Soft delete: the page is hidden, every revision stays.
    deleted_at timestamptz,
    -- Bumped whenever the rendered HTML of the latest revision may have changed (a save, or a
    -- linked page appearing, moving or disappearing). The cache is valid only for this value.
    render_generation bigint NOT NULL DEFAULT 0,
    rendered_generation bigint,
    rendered_html text
);

CREATE TABLE revisions (
    page_id uuid NOT NULL REFERENCES pages (id),
    number integer NOT NULL CHECK (number >= 1),
    body text NOT NULL,
    summary text NOT NULL DEFAULT '',
    -- Filled once accounts exist; until then every edit is by "anonymous".
    author_id uuid,
    author_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    size_bytes integer NOT NULL,
    -- The revision this one restored, when it was made by "restore".
    restored_from integer,
    -- Random id carried by the edit form: a second submission of the same form is recognised.
    submission_id uuid UNIQUE,
    PRIMARY KEY (page_id, number)
);
CREATE INDEX revisions_by_time ON revisions (created_at DESC);

-- Every name a page has ever had, the current one included: old names keep redirecting forever
-- and can never be taken by another page.
CREATE TABLE page_names (
    name_key text PRIMARY KEY,
    page_id uuid NOT NULL REFERENCES pages (id),
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX page_names_by_page ON page_names (page_id);

-- Renames, deletions and undeletions, shown in history and recent changes.
CREATE TABLE page_events (
    id bigserial PRIMARY KEY,
    page_id uuid NOT NULL REFERENCES pages (id),
    kind text NOT NULL CHECK (kind IN ('rename', 'delete', 'undelete')),
    old_name text,
    new_name text,
    author_id uuid,
    author_name text NOT NULL,
    reason text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX page_events_by_page ON page_events (page_id, created_at DESC);
CREATE INDEX page_events_by_time ON page_events (created_at DESC);

-- Wiki links of each page's latest revision, by the folded key of their target.
CREATE TABLE links (
    from_page uuid NOT NULL REFERENCES pages (id),
    to_key text NOT NULL,
    to_name text NOT NULL,
    PRIMARY KEY (from_page, to_key)
);
CREATE INDEX links_by_target ON links (to_key);

-- Revisions are history: the database itself refuses to change or remove one.
CREATE FUNCTION refuse_revision_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'revisions are immutable';
END
$$;
CREATE TRIGGER revisions_are_immutable
    BEFORE UPDATE OR DELETE ON revisions
    FOR EACH ROW EXECUTE FUNCTION refuse_revision_change();
