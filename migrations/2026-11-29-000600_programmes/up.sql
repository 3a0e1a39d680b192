-- Event programmes: derived, like `sheets`, from the latest revision of each page whose front
-- matter names a programme (src/programmes/queries.rs, `after_save`), in the transaction that
-- saves it; removed when the page is deleted, derived again when it comes back. The revision
-- text stays the truth; these tables make the programme list, "used in" and the catalogue's
-- usage counts queries instead of parses.
CREATE TABLE programmes (
    page_id uuid PRIMARY KEY REFERENCES pages (id),
    title text NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    place text NOT NULL DEFAULT '',
    time_zone text NOT NULL
);
CREATE INDEX programmes_by_start ON programmes (starts_on);

CREATE TABLE programme_slots (
    programme_id uuid NOT NULL REFERENCES programmes (page_id) ON DELETE CASCADE,
    -- Position of the slot in the programme's text (0-based).
    position integer NOT NULL,
    day date NOT NULL,
    -- Minutes after midnight, local time of the programme.
    start_minute integer NOT NULL,
    duration_minutes integer NOT NULL,
    room text NOT NULL DEFAULT '',
    title text NOT NULL,
    -- The outcome written after the event, when there is one.
    actual_size integer,
    outcome text NOT NULL DEFAULT '',
    PRIMARY KEY (programme_id, position)
);

-- One row per method a slot names. `method_page_id` is the page the name led to when the
-- programme was saved (its id, so a later rename of the method changes nothing); NULL while no
-- page has that name, filled in when one is created or renamed to it. `method_name` is kept
-- as written for the "not recognised" report.
CREATE TABLE programme_slot_methods (
    programme_id uuid NOT NULL,
    position integer NOT NULL,
    ordinal integer NOT NULL,
    method_name text NOT NULL,
    method_key text NOT NULL,
    method_page_id uuid REFERENCES pages (id),
    -- The revision the slot is pinned to; NULL follows the latest.
    pinned_rev integer,
    PRIMARY KEY (programme_id, position, ordinal),
    FOREIGN KEY (programme_id, position) REFERENCES programme_slots (programme_id, position)
        ON DELETE CASCADE
);
CREATE INDEX programme_slot_methods_by_method ON programme_slot_methods (method_page_id);
CREATE INDEX programme_slot_methods_pending ON programme_slot_methods (method_key)
    WHERE method_page_id IS NULL;
