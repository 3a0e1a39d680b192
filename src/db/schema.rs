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
        owner_id -> Nullable<Uuid>,
        read_acl -> Nullable<Array<Text>>,
        write_acl -> Nullable<Array<Text>>,
        comment_acl -> Nullable<Array<Text>>,
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
        merged_with -> Nullable<Int4>,
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
    users (id) {
        id -> Uuid,
        name -> Text,
        name_key -> Text,
        email -> Text,
        email_key -> Text,
        password_hash -> Text,
        role -> Text,
        created_at -> Timestamptz,
        notify -> Text,
        notified_at -> Nullable<Timestamptz>,
        language -> Text,
    }
}

diesel::table! {
    groups (name) {
        name -> Text,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    group_members (group_name, user_id) {
        group_name -> Text,
        user_id -> Uuid,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Bytea,
        user_id -> Uuid,
        created_at -> Timestamptz,
        last_seen_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> Int8,
        kind -> Text,
        account_key -> Text,
        address -> Text,
        at -> Timestamptz,
    }
}

diesel::table! {
    held_submissions (token_hash) {
        token_hash -> Bytea,
        action -> Text,
        body -> Bytea,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    setup_tokens (token_hash) {
        token_hash -> Bytea,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    password_resets (token_hash) {
        token_hash -> Bytea,
        user_id -> Uuid,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
        used_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    site_secret (id) {
        id -> Bool,
        secret -> Bytea,
    }
}

diesel::table! {
    page_acl_changes (id) {
        id -> Int8,
        page_id -> Uuid,
        author_id -> Nullable<Uuid>,
        author_name -> Text,
        read_acl -> Nullable<Array<Text>>,
        write_acl -> Nullable<Array<Text>>,
        comment_acl -> Nullable<Array<Text>>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    editor_presence (page_key, session_id) {
        page_key -> Text,
        session_id -> Uuid,
        user_id -> Nullable<Uuid>,
        last_seen -> Timestamptz,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::{Regconfig, Tsvector};

    /// Written only by the triggers of the search migrations; read with SQL in
    /// `search/queries.rs`.
    search_documents (page_id) {
        page_id -> Uuid,
        config -> Regconfig,
        vector -> Tsvector,
        default_read -> Bool,
        technical -> Bool,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::Tsvector;

    /// Written only by the triggers of the search migrations; read with SQL in
    /// `search/queries.rs`.
    search_titles (page_id) {
        page_id -> Uuid,
        title_folded -> Text,
        title_words -> Tsvector,
        title_vector -> Tsvector,
        default_read -> Bool,
    }
}

diesel::table! {
    /// Pages whose search document waits to be built: written by the revision and sheet
    /// triggers, emptied by `search::indexer`.
    search_queue (page_id) {
        page_id -> Uuid,
        due_at -> Timestamptz,
    }
}

diesel::table! {
    /// Pages whose search document took longer than the indexer's budget: indexed by their
    /// title alone until a new revision (`search::queries::index_queued`).
    search_set_aside (page_id) {
        page_id -> Uuid,
        revision -> Int4,
        reason -> Text,
        set_aside_at -> Timestamptz,
    }
}

diesel::joinable!(revisions -> pages (page_id));
diesel::joinable!(page_names -> pages (page_id));
diesel::joinable!(page_events -> pages (page_id));
diesel::joinable!(links -> pages (from_page));
diesel::joinable!(search_documents -> pages (page_id));
diesel::joinable!(search_titles -> pages (page_id));
diesel::joinable!(search_queue -> pages (page_id));
diesel::joinable!(search_set_aside -> pages (page_id));

diesel::joinable!(group_members -> users (user_id));
diesel::joinable!(group_members -> groups (group_name));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(password_resets -> users (user_id));
diesel::joinable!(page_acl_changes -> pages (page_id));

diesel::allow_tables_to_appear_in_same_query!(
    pages,
    revisions,
    page_names,
    page_events,
    links,
    users,
    groups,
    group_members,
    sessions,
    login_attempts,
    password_resets,
    page_acl_changes,
    search_documents,
    search_titles,
    search_set_aside,
    search_queue,
);

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
        default_read -> Bool,
        search_text -> Text,
    }
}

diesel::joinable!(sheets -> pages (page_id));
diesel::allow_tables_to_appear_in_same_query!(sheets, pages);
diesel::allow_tables_to_appear_in_same_query!(sheets, revisions);
diesel::allow_tables_to_appear_in_same_query!(editor_presence, users);

diesel::table! {
    programmes (page_id) {
        page_id -> Uuid,
        title -> Text,
        starts_on -> Date,
        ends_on -> Date,
        place -> Text,
        time_zone -> Text,
    }
}

diesel::table! {
    programme_slots (programme_id, position) {
        programme_id -> Uuid,
        position -> Int4,
        day -> Date,
        start_minute -> Int4,
        duration_minutes -> Int4,
        room -> Text,
        title -> Text,
        actual_size -> Nullable<Int4>,
        outcome -> Text,
    }
}

diesel::table! {
    programme_slot_methods (programme_id, position, ordinal) {
        programme_id -> Uuid,
        position -> Int4,
        ordinal -> Int4,
        method_name -> Text,
        method_key -> Text,
        method_page_id -> Nullable<Uuid>,
        pinned_rev -> Nullable<Int4>,
    }
}

diesel::joinable!(programmes -> pages (page_id));
diesel::allow_tables_to_appear_in_same_query!(programmes, programme_slots, programme_slot_methods);
diesel::allow_tables_to_appear_in_same_query!(programmes, pages);
diesel::allow_tables_to_appear_in_same_query!(programmes, revisions);
diesel::allow_tables_to_appear_in_same_query!(programme_slots, pages);
diesel::allow_tables_to_appear_in_same_query!(programme_slot_methods, pages);
diesel::allow_tables_to_appear_in_same_query!(programme_slot_methods, page_names);

diesel::table! {
    attachments (id) {
        id -> Uuid,
        page_id -> Uuid,
        name -> Text,
        name_key -> Text,
        latest_version -> Int4,
        deleted_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    attachment_versions (attachment_id, number) {
        attachment_id -> Uuid,
        number -> Int4,
        sha256 -> Text,
        size_bytes -> Int8,
        kind -> Text,
        width -> Nullable<Int4>,
        height -> Nullable<Int4>,
        author_id -> Nullable<Uuid>,
        author_name -> Text,
        restored_from -> Nullable<Int4>,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(attachments -> pages (page_id));
diesel::joinable!(attachment_versions -> attachments (attachment_id));
diesel::allow_tables_to_appear_in_same_query!(attachments, attachment_versions);

diesel::table! {
    comments (id) {
        id -> Int8,
        page_id -> Uuid,
        reply_to -> Nullable<Int8>,
        author_id -> Nullable<Uuid>,
        author_name -> Text,
        body -> Text,
        is_field_note -> Bool,
        group_size -> Nullable<Int4>,
        duration_minutes -> Nullable<Int4>,
        pending -> Bool,
        created_at -> Timestamptz,
        edited_at -> Nullable<Timestamptz>,
        removed_at -> Nullable<Timestamptz>,
        removed_by_name -> Nullable<Text>,
        source -> Nullable<Text>,
    }
}

diesel::table! {
    comment_edits (comment_id, number) {
        comment_id -> Int8,
        number -> Int4,
        body -> Text,
        replaced_at -> Timestamptz,
    }
}

diesel::joinable!(comments -> pages (page_id));
diesel::joinable!(comment_edits -> comments (comment_id));
diesel::allow_tables_to_appear_in_same_query!(comments, pages);
diesel::allow_tables_to_appear_in_same_query!(comments, comment_edits);

diesel::table! {
    watches (user_id, page_id) {
        user_id -> Uuid,
        page_id -> Uuid,
        seen_rev -> Int4,
        seen_at -> Timestamptz,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    watch_feeds (user_id) {
        user_id -> Uuid,
        token_hash -> Bytea,
        created_at -> Timestamptz,
    }
}

diesel::joinable!(watches -> pages (page_id));
diesel::allow_tables_to_appear_in_same_query!(watches, pages);

diesel::table! {
    notifications (id) {
        id -> Int8,
        user_id -> Uuid,
        page_id -> Uuid,
        reason -> Text,
        revision -> Nullable<Int4>,
        comment_id -> Nullable<Int8>,
        actor_name -> Text,
        created_at -> Timestamptz,
        sent_at -> Nullable<Timestamptz>,
        attempts -> Int4,
        next_attempt_at -> Timestamptz,
    }
}

diesel::joinable!(notifications -> pages (page_id));
diesel::allow_tables_to_appear_in_same_query!(notifications, pages);

diesel::table! {
    watched_searches (id) {
        id -> Int8,
        user_id -> Uuid,
        query -> Text,
        seen_at -> Timestamptz,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    live_rooms (page_id) {
        page_id -> Uuid,
        base_revision -> Int4,
        saved_through -> Int8,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    live_updates (id) {
        id -> Int8,
        page_id -> Uuid,
        body -> Bytea,
        author_id -> Nullable<Uuid>,
        author_name -> Nullable<Text>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    revision_coauthors (page_id, number, author_name) {
        page_id -> Uuid,
        number -> Int4,
        author_id -> Nullable<Uuid>,
        author_name -> Text,
    }
}

diesel::joinable!(live_rooms -> pages (page_id));
diesel::allow_tables_to_appear_in_same_query!(live_rooms, pages);
diesel::allow_tables_to_appear_in_same_query!(revision_coauthors, revisions);
diesel::allow_tables_to_appear_in_same_query!(revision_coauthors, pages);

diesel::table! {
    site_settings (id) {
        id -> Bool,
        name -> Nullable<Text>,
        tagline -> Nullable<Text>,
        logo -> Nullable<Uuid>,
        text_colour -> Nullable<Text>,
        background_colour -> Nullable<Text>,
        accent_colour -> Nullable<Text>,
        home_page -> Nullable<Text>,
        language -> Nullable<Text>,
        licence -> Nullable<Text>,
        updated_at -> Timestamptz,
        updated_by -> Nullable<Uuid>,
    }
}

diesel::joinable!(site_settings -> attachments (logo));
diesel::allow_tables_to_appear_in_same_query!(site_settings, attachments, pages);
