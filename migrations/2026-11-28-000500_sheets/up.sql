-- The catalogue row of each method sheet (or sheet of any form): derived from the page's latest
-- revision in the transaction that saves it (see src/catalogue/derive.rs). The revision text
-- stays the source of truth; this table only makes the catalogue's filters and counts fast.
CREATE TABLE sheets (
    page_id uuid PRIMARY KEY REFERENCES pages (id),
    -- Name of the sheet's form (the page `Form.{form}` defines it).
    form text NOT NULL,
    -- Language of the sheet's content ('en' or 'fr').
    lang text NOT NULL,
    -- Slug shared by the translations of one method ('' when the sheet has none).
    translation text NOT NULL DEFAULT '',
    hook text NOT NULL DEFAULT '',
    summary text NOT NULL DEFAULT '',
    -- Every valid field value, normalised, by key.
    fields jsonb NOT NULL DEFAULT '{}',
    -- 'key=id' for each choice made in a choice field: filtered with && and counted.
    facets text[] NOT NULL DEFAULT '{}',
    -- {key: [min, max]} for each range field: small, so range filters never read `fields`.
    ranges jsonb NOT NULL DEFAULT '{}',
    -- Whether the latest revision passed its form's checks (a restored old revision may not).
    valid boolean NOT NULL
);
CREATE INDEX sheets_by_form_lang ON sheets (form, lang);
CREATE INDEX sheets_by_translation ON sheets (translation, lang);
CREATE INDEX sheets_by_facet ON sheets USING gin (facets);
-- The Method form's ranges ("my group is 12", "I have 45 minutes"), and sorting by duration.
CREATE INDEX sheets_by_group_size ON sheets USING gist (
    int4range((ranges #>> '{group_size,0}')::int, (ranges #>> '{group_size,1}')::int, '[]'));
CREATE INDEX sheets_by_duration ON sheets USING gist (
    int4range((ranges #>> '{duration,0}')::int, (ranges #>> '{duration,1}')::int, '[]'));
CREATE INDEX sheets_by_duration_min ON sheets (form, lang, ((ranges #>> '{duration,0}')::int));
