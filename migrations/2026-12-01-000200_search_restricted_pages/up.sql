-- The pages not everyone may read, found without reading the others: full-text search takes
-- its candidates among pages everyone may read first, then among these (`search::queries`).
-- Only such rows are in the index, so saves of ordinary pages never write to it.
CREATE INDEX search_documents_restricted ON search_documents (page_id) WHERE NOT default_read;
