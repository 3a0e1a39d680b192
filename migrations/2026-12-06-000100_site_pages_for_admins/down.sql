UPDATE pages
SET write_acl = NULL
WHERE write_acl = ARRAY['%']
  AND (name_key IN ('sitemenu', 'sitefooter') OR name_key LIKE 'form.%');
