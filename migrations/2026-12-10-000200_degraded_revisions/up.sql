-- Old revisions whose text is past the rendering bounds (issue #27, item 12). Such a text is
-- shown as its escaped source, but finding that out means parsing it up to the bound: about
-- half a second for the worst texts under the size limit, on every `?rev=`, print, embed and
-- API request. The latest revision's rendering is kept in `pages.rendered_html`; an older
-- revision is rendered at each view, so the verdict is remembered here (revisions never
-- change, so neither does it). Only bounds of the text itself are remembered, never a parse
-- that ran out of time under load.
CREATE TABLE degraded_revisions (
    page_id uuid NOT NULL,
    number integer NOT NULL,
    PRIMARY KEY (page_id, number),
    FOREIGN KEY (page_id, number) REFERENCES revisions (page_id, number) ON DELETE CASCADE
);
