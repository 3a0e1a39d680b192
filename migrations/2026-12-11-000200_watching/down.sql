DROP TABLE watched_searches;
DROP TABLE watch_feeds;
DROP TABLE watches;
