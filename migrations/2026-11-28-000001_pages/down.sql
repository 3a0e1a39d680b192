DROP TABLE links;
DROP TABLE page_events;
DROP TABLE page_names;
DROP TRIGGER revisions_are_immutable ON revisions;
DROP TABLE revisions;
DROP FUNCTION refuse_revision_change();
DROP TABLE pages;
