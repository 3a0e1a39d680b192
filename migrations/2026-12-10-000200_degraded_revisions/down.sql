DROP TABLE degraded_revisions;
