DROP TRIGGER search_title_vocabulary ON search_documents;
DROP FUNCTION search_after_title_words();
DROP TABLE search_title_words;
