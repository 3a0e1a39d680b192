DROP TRIGGER search_title_vocabulary_changed ON search_documents;
DROP TRIGGER search_title_vocabulary ON search_documents;
CREATE TRIGGER search_title_vocabulary
    AFTER INSERT OR UPDATE OF title_words ON search_documents
    FOR EACH ROW EXECUTE FUNCTION search_after_title_words();

DROP TRIGGER notify_changed_update ON pages;
CREATE TRIGGER notify_changed_update AFTER UPDATE ON pages
    FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'rendered_generation' - 'rendered_html')
          IS DISTINCT FROM (to_jsonb(NEW) - 'rendered_generation' - 'rendered_html'))
    EXECUTE FUNCTION coopwiki_notify_changed();
