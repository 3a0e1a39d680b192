DROP TABLE revision_coauthors;
DROP TABLE live_updates;
DROP TABLE live_rooms;
