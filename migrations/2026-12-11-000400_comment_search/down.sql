DROP INDEX comments_words;
ALTER TABLE comments DROP COLUMN words;
