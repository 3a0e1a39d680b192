DROP FUNCTION search_index_saved(uuid);
