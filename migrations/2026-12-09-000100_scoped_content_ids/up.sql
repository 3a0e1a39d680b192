-- Markdown renders its ids differently (headings `h-…`, footnotes numbered, scoped by the
-- piece of the page): the HTML cached before this would keep the old ids until each page's
-- next save. Emptying the cache makes every page render again at its next view.
UPDATE pages SET rendered_html = NULL, rendered_generation = NULL WHERE rendered_html IS NOT NULL;
