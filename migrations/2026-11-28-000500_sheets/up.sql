-- The catalogue row of each live method sheet (or sheet of any form): derived from the page's
-- latest revision in the transaction that saves it (src/catalogue/queries.rs, `after_save`),
-- removed when the page is deleted and derived again when it is brought back, retitled when
-- it is renamed. The revision text stays the source of truth; this table makes the catalogue's
-- filters and counts fast without touching `pages` or `revisions`.
CREATE TABLE sheets (
    page_id uuid PRIMARY KEY REFERENCES pages (id),
    -- Name of the sheet's form (the page `Form.{form}` defines it).
    form text NOT NULL,
    -- Language of the sheet's content ('en' or 'fr').
    lang text NOT NULL,
    -- Slug shared by the translations of one method ('' when the sheet has none).
    translation text NOT NULL DEFAULT '',
    -- The page's current name.
    title text NOT NULL,
    hook text NOT NULL DEFAULT '',
    summary text NOT NULL DEFAULT '',
    -- Every valid field value, normalised, by key.
    fields jsonb NOT NULL DEFAULT '{}',
    -- 'key=id' for each choice made in a filterable choice field.
    facets text[] NOT NULL DEFAULT '{}',
    -- The same choices as bits (the form numbers the values of its filterable choice fields,
    -- in order, from bit 0 to 62): filtering and counting are integer operations.
    facet_bits bigint NOT NULL DEFAULT 0,
    -- [min, max] of each range field of the form, in form order (NULL when absent).
    bounds integer[] NOT NULL DEFAULT '{}',
    -- Whether the latest revision passed its form's checks (a restored old revision may not).
    valid boolean NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- The catalogue's filters, counts and sorts read only these columns: with this covering index
-- they run as an index-only scan of narrow tuples, whatever the size of `fields`, hook and
-- summary (which PostgreSQL only moves out of line past about 2 kB per row).
CREATE INDEX sheets_catalogue ON sheets (form, lang)
    INCLUDE (facet_bits, bounds, title, updated_at, page_id);
CREATE INDEX sheets_by_translation ON sheets (translation, lang);
CREATE INDEX sheets_by_facet ON sheets USING gin (facets);
