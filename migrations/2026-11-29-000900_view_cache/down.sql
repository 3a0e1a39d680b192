DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['revisions', 'page_names', 'links', 'sheets', 'editor_presence',
                             'users', 'groups', 'group_members', 'page_events', 'programmes',
                             'programme_slots', 'programme_slot_methods', 'pages']
    LOOP
        EXECUTE format('DROP TRIGGER notify_changed ON %I', t);
        EXECUTE format('DROP TRIGGER notify_truncated ON %I', t);
    END LOOP;
END
$$;
DROP TRIGGER notify_changed_update ON pages;
DROP FUNCTION coopwiki_notify_changed();
