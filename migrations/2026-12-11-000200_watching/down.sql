DROP TABLE watch_feeds;
DROP TABLE watches;
