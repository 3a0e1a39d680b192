//! Diesel's view of the tables in `migrations/`. Kept by hand, checked by the tests: every query
//! in the test suite runs against the migrated schema.

diesel::table! {
    pages (id) {
        id -> Uuid,
        name -> Text,
        name_key -> Text,
        latest_rev -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        deleted_at -> Nullable<Timestamptz>,
        render_generation -> Int8,
        rendered_generation -> Nullable<Int8>,
        rendered_html -> Nullable<Text>,
    }
}

diesel::table! {
    revisions (page_id, number) {
        page_id -> Uuid,
        number -> Int4,
        body -> Text,
        summary -> Text,
        author_id -> Nullable<Uuid>,
        author_name -> Text,
        created_at -> Timestamptz,
        size_bytes -> Int4,
        restored_from -> Nullable<Int4>,
        submission_id -> Nullable<Uuid>,
    }
}

diesel::table! {
    page_names (name_key) {
        name_key -> Text,
        page_id -> Uuid,
        name -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    page_events (id) {
        id -> Int8,
        page_id -> Uuid,
        kind -> Text,
        old_name -> Nullable<Text>,
        new_name -> Nullable<Text>,
        author_id -> Nullable<Uuid>,
        author_name -> Text,
        reason -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    links (from_page, to_key) {
        from_page -> Uuid,
        to_key -> Text,
        to_name -> Text,
    }
}

diesel::joinable!(revisions -> pages (page_id));
diesel::joinable!(page_names -> pages (page_id));
diesel::joinable!(page_events -> pages (page_id));
diesel::joinable!(links -> pages (from_page));

diesel::allow_tables_to_appear_in_same_query!(pages, revisions, page_names, page_events, links);

diesel::table! {
    sheets (page_id) {
        page_id -> Uuid,
        form -> Text,
        lang -> Text,
        translation -> Text,
        title -> Text,
        hook -> Text,
        summary -> Text,
        fields -> Jsonb,
        facets -> Array<Text>,
        facet_bits -> Int8,
        bounds -> Array<Nullable<Int4>>,
        valid -> Bool,
        updated_at -> Timestamptz,
    }
}

diesel::joinable!(sheets -> pages (page_id));
diesel::allow_tables_to_appear_in_same_query!(sheets, pages);
diesel::allow_tables_to_appear_in_same_query!(sheets, revisions);
