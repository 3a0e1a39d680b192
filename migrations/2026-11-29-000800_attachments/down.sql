DROP TABLE attachment_versions;
DROP FUNCTION attachment_versions_immutable();
DROP TABLE attachments;
