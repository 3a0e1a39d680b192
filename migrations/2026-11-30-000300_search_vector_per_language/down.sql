DROP FUNCTION search_matches(regconfig, tsvector, text);
CREATE INDEX search_documents_vector ON search_documents USING gin (vector);
DROP INDEX search_documents_vector_simple;
DROP INDEX search_documents_vector_en;
DROP INDEX search_documents_vector_fr;
