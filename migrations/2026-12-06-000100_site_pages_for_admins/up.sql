-- The site menu and footer frame every page, and a form defines a whole catalogue: on a wiki
-- where every member may edit, any of them could put a link (a phishing one, say) on every
-- page, or start a catalogue. By default only administrators change them now: their write
-- list becomes the owner entry `%`, which the wiki itself (their author) never matches, and
-- administrators pass every list. A list an admin already set is kept.
UPDATE pages
SET write_acl = ARRAY['%']
WHERE write_acl IS NULL
  AND (name_key IN ('sitemenu', 'sitefooter') OR name_key LIKE 'form.%');
