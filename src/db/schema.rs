//! Diesel's view of the tables in `migrations/`. Kept by hand, checked by the tests: every query
//! in the test suite runs against the migrated schema.

/// PostgreSQL types diesel has no name for, declared as `diesel print-schema` would.
pub mod sql_types {
    #[derive(diesel::query_builder::QueryId, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "tsvector", schema = "pg_catalog"))]
    pub struct Tsvector;

    #[derive(diesel::query_builder::QueryId, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "regconfig", schema = "pg_catalog"))]
    pub struct Regconfig;
}

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
        language -> Nullable<Text>,
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

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::{Regconfig, Tsvector};

    /// Written only by the triggers of the search migration; read with SQL in
    /// `search/queries.rs`.
    search_documents (page_id) {
        page_id -> Uuid,
        config -> Regconfig,
        title_folded -> Text,
        title_words -> Tsvector,
        title_vector -> Tsvector,
        vector -> Tsvector,
    }
}

diesel::joinable!(revisions -> pages (page_id));
diesel::joinable!(page_names -> pages (page_id));
diesel::joinable!(page_events -> pages (page_id));
diesel::joinable!(links -> pages (from_page));
diesel::joinable!(search_documents -> pages (page_id));

diesel::allow_tables_to_appear_in_same_query!(
    pages,
    revisions,
    page_names,
    page_events,
    links,
    search_documents
);
