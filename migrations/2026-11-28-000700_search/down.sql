-- The extensions stay: other objects may use them, and `up.sql` installs them only if missing.
DROP TRIGGER search_index_pages ON pages;
DROP FUNCTION search_after_page_change();
DROP TRIGGER search_index_revisions ON revisions;
DROP FUNCTION search_after_revisions();
DROP FUNCTION search_refresh(uuid[]);
DROP FUNCTION search_title_text(text);
DROP FUNCTION search_plain_text(text);
DROP FUNCTION search_query_any(text);
DROP FUNCTION search_query_for(regconfig, text);
DROP FUNCTION search_config(text);
DROP FUNCTION search_guess_language(text);
DROP TABLE search_documents;
ALTER TABLE pages DROP COLUMN language;
DROP TEXT SEARCH CONFIGURATION coopwiki_simple;
DROP TEXT SEARCH CONFIGURATION coopwiki_en;
DROP TEXT SEARCH CONFIGURATION coopwiki_fr;
DROP TEXT SEARCH DICTIONARY coopwiki_english_stop;
DROP TEXT SEARCH DICTIONARY coopwiki_french_stop;
