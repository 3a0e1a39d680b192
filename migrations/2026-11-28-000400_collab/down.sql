DROP TABLE editor_presence;
ALTER TABLE revisions DROP COLUMN merged_with;
