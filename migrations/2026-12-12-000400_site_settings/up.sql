-- The site's identity and look as its administrators set them at `/-/admin/settings`: name,
-- tagline, logo, colours, home page, default language, the licence in the footer.
--
-- One row, always there (`id` can only be true), so a save is one UPDATE and never races an
-- INSERT. Every column may be NULL, meaning "what the command line or the shipped stylesheet
-- says" (`--site-name`, `--home-page`, English, the colours of `assets/style.css`): an operator
-- who never opens the page keeps the wiki they configured.
CREATE TABLE site_settings (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    name text CHECK (char_length(name) BETWEEN 1 AND 80),
    tagline text CHECK (char_length(tagline) BETWEEN 1 AND 200),
    -- An image attached to a page: attachments are kept in the blob store (a directory or an
    -- object store), so the logo is served like any attachment on every instance. Forgetting
    -- the attachment forgets the logo, never the settings.
    logo uuid REFERENCES attachments (id) ON DELETE SET NULL,
    -- `#rrggbb`, lower case: what the settings form writes after the contrast check.
    text_colour text CHECK (text_colour ~ '^#[0-9a-f]{6}$'),
    background_colour text CHECK (background_colour ~ '^#[0-9a-f]{6}$'),
    accent_colour text CHECK (accent_colour ~ '^#[0-9a-f]{6}$'),
    home_page text CHECK (char_length(home_page) BETWEEN 1 AND 200),
    language text CHECK (language ~ '^[a-z]{2,3}(-[a-z0-9]+)*$'),
    licence text CHECK (char_length(licence) BETWEEN 1 AND 300),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by uuid REFERENCES users (id) ON DELETE SET NULL
);

INSERT INTO site_settings DEFAULT VALUES;

-- Every page shows these settings: a change empties every instance's view cache and its copy
-- of the settings, through the same notification as a save (`src/cache.rs`).
CREATE TRIGGER notify_changed AFTER INSERT OR UPDATE OR DELETE ON site_settings
    FOR EACH ROW EXECUTE FUNCTION coopwiki_notify_changed();
CREATE TRIGGER notify_truncated AFTER TRUNCATE ON site_settings
    FOR EACH STATEMENT EXECUTE FUNCTION coopwiki_notify_changed();
