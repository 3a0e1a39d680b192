-- Files attached to pages. The bytes live in the blob store (a directory or an S3 bucket),
-- content-addressed by SHA-256; here is what they are, which version is current and who
-- uploaded each.

-- One row per file name on a page. `name_key` is the case-folded normalised name: uploading
-- "Room.jpg" after "room.jpg" adds a version of the same attachment.
CREATE TABLE attachments (
    id uuid PRIMARY KEY,
    page_id uuid NOT NULL REFERENCES pages (id),
    name text NOT NULL,
    name_key text NOT NULL,
    latest_version integer NOT NULL DEFAULT 0,
    -- Soft deletion: the versions stay, undelete brings the attachment back.
    deleted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (page_id, name_key)
);

-- Every upload and restore appends a version; versions are never changed or removed.
CREATE TABLE attachment_versions (
    attachment_id uuid NOT NULL REFERENCES attachments (id),
    number integer NOT NULL,
    -- Hex SHA-256 of the stored bytes (after image metadata was removed): the blob's key.
    sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes bigint NOT NULL,
    -- What the content was found to be (`attachments::inspect::Kind`); decides the
    -- Content-Type served.
    kind text NOT NULL,
    width integer,
    height integer,
    author_id uuid REFERENCES users (id),
    author_name text NOT NULL,
    -- For a restore: the version copied.
    restored_from integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (attachment_id, number)
);

CREATE FUNCTION attachment_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'attachment versions are immutable';
END $$;

CREATE TRIGGER attachment_versions_immutable BEFORE UPDATE OR DELETE ON attachment_versions
    FOR EACH ROW EXECUTE FUNCTION attachment_versions_immutable();
