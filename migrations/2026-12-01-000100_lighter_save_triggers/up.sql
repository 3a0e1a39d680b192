-- Two triggers that every save fired for nothing.
--
-- A page's update notified the view caches unless it changed only the rendered HTML, and it
-- told by comparing `to_jsonb(OLD)` with `to_jsonb(NEW)`: both rows, 20 KB of cached HTML
-- included, turned into JSON at each save and at each rendering stored. The trigger now fires
-- on updates that set any column but the rendered ones. A column added to `pages` must be
-- added here (the test `pages_update_trigger_watches_every_column_but_the_rendered_html` fails
-- until it is).
DROP TRIGGER notify_changed_update ON pages;
CREATE TRIGGER notify_changed_update
    AFTER UPDATE OF id, name, name_key, latest_rev, created_at, updated_at, deleted_at,
                    render_generation, owner_id, read_acl, write_acl, comment_acl, language
    ON pages
    FOR EACH ROW EXECUTE FUNCTION coopwiki_notify_changed();

-- The title vocabulary (misspelling suggestions) gained the words of a title at each upsert of
-- its search document, one index probe per word, though a save rarely changes the title.
DROP TRIGGER search_title_vocabulary ON search_documents;
CREATE TRIGGER search_title_vocabulary
    AFTER INSERT ON search_documents
    FOR EACH ROW EXECUTE FUNCTION search_after_title_words();
CREATE TRIGGER search_title_vocabulary_changed
    AFTER UPDATE OF title_words ON search_documents
    FOR EACH ROW
    WHEN (OLD.title_words IS DISTINCT FROM NEW.title_words)
    EXECUTE FUNCTION search_after_title_words();
