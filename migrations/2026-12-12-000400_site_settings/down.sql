-- The settings go with their table (and its triggers): the wiki falls back to the command
-- line's name and home page and the shipped colours.
DROP TABLE site_settings;
