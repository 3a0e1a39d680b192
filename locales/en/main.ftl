# Frame
skip-to-content = Skip to content
nav-label = Site
nav-recent = Recent changes
nav-index = All pages
menu-label = Menu
language = Language
language-apply = Apply
back-to-page = Back to the page
reason = Reason (optional)
bytes = bytes

# Page view
page-actions = Page actions
action-edit = Edit
action-history = History
action-backlinks = What links here
action-raw = Source
action-rename = Rename
action-delete = Delete
action-undelete = Undelete this page
page-info-revision = Revision { $number } by { $author }
old-revision-notice = You are reading revision { $number }, an old version of this page. The current version is revision { $latest }.
old-revision-current = Read the current version
old-revision-diff = Compare with the current version
missing-page = This page does not exist yet. You can create it: every page starts with one person writing a first version.
missing-page-create = Create this page
deleted-page = This page was deleted. Its history is kept, and it can be brought back.

# Editor
editor-title = Editing { $page }
editor-title-create = Creating { $page }
editor-body = Page text (Markdown)
editor-body-help = Markdown with tables, task lists and footnotes. Link to a page with [[Page name]] or [[Page name|label]].
editor-summary = Summary of your change (optional)
editor-save = Save
editor-preview = Preview
editor-cancel = Cancel
editor-preview-title = Preview (not saved yet)
conflict-title = Someone saved this page while you were editing
conflict-explanation = Revision { $latest } by { $author } was saved after you opened the editor. Nothing of yours was lost and nothing was saved yet: your text is below. Check their changes, bring them into your text if needed, then save again.
conflict-their-changes = Their changes

# Backlinks, rename, delete
backlinks-title = Pages linking to { $page }
backlinks-none = No page links here yet.
rename-title = Rename { $page }
rename-explanation = The old name will keep leading to this page, forever: printed links stay valid.
rename-new-name = New name
delete-title = Delete { $page }
delete-explanation = The page will be hidden. Its whole history is kept and it can be undeleted at any time.

# History and diff
history-title = History of { $page }
history-caption = Revisions, newest first
history-from = From
history-to = To
history-from-label = Compare from revision { $number }
history-to-label = Compare to revision { $number }
history-revision = Revision
history-date = Date
history-author = Author
history-size = Size
history-summary = Summary
history-actions = Actions
history-diff-prev = changes
history-compare = Compare selected revisions
history-older = Older revisions
history-restored = restored revision { $number }
restore-title = Restore an earlier revision
restore-explanation = Restoring adds a new revision with the old text. Nothing is erased: the revisions in between stay in the history.
restore-button = Restore revision { $number }
restore-summary = Restored revision { $number }
events-title = Renames and deletions
event-rename = renamed from “{ $old }” to “{ $new }” by { $author }
event-delete = deleted by { $author }
event-undelete = undeleted by { $author }
diff-title = Changes to { $page }
diff-revision = Revision { $number }
diff-nav = Other changes
diff-older = Previous change
diff-newer = Next change
diff-no-change = These two revisions have the same text.
diff-caption = Line-by-line changes
diff-old-line = Old line
diff-new-line = New line
diff-change = Change
diff-text = Text
diff-removed = removed
diff-added = added

# Listings
listings-label = Listings
recent-title = Recent changes
recent-feed-title = Recent changes (Atom feed)
recent-none = Nothing has changed yet.
recent-revision = revision { $number }
recent-new-page = new page
feed-edit-title = { $page } (revision { $number })
index-title = All pages
index-none = There are no pages yet.
index-next = Next pages
wanted-title = Wanted pages
wanted-explanation = Pages that are linked to but do not exist yet.
wanted-none = Every link leads to an existing page.
wanted-links = { $count ->
    [one] one link
   *[other] { $count } links
}
orphans-title = Orphaned pages
orphans-explanation = Pages that no other page links to.
orphans-none = Every page is linked from another page.

# Search
search-label = Search the wiki
search-placeholder = Search
search-button = Search
search-title = Search
search-title-for = Search: { $query }
search-syntax = Every word is looked for, in any of its forms (“animate” also finds “animation”), with or without accents. Put "a phrase" in quotes, -word to leave a word out, OR between alternatives, word* for words starting with “word”.
search-nothing-to-look-for = This search has nothing to look for: it only has very common words, or only words to leave out. Add a word.
search-no-results = No page matches “{ $query }”.
search-count = { $count ->
    [one] One page matches.
   *[other] { $count } pages match.
}
search-count-capped = At least { $count } pages match; the best of them come first. Add a word to narrow the search.
search-similar-titles = Pages with a similar title
search-results = Results
search-updated = Updated
search-no-more = There are no more results.
search-pages = Result pages
search-previous = Previous results
search-next = More results
opensearch-description = Search { $site }

# Page names
name-error-empty = A page name cannot be empty.
name-error-too-long = A page name is limited to { $max } characters; this one has { $count }.
name-error-forbidden = The character “{ $char }” is not allowed in page names. Use letters, digits, spaces and - _ . ' ( ) ,
name-error-control = Page names cannot contain control characters.
name-error-bidi = Page names cannot contain text-direction override characters.
name-error-only-dots = A page name cannot be made only of dots.
name-error-leading-dash = A page name cannot start with “-”: those addresses are reserved for the wiki's special pages.
name-error-reserved = “{ $name }” is reserved by the wiki and cannot be a page name.

# Errors
error-back-home = Go to the home page
error-not-found-title = Not found
error-not-found = There is nothing at this address.
error-bad-name-title = Invalid page name
error-bad-request-title = Invalid request
error-bad-request = The request could not be understood.
error-bad-query = A parameter in the address has an invalid value.
error-bad-form = The form could not be read.
error-bad-language = This language is not available.
error-search-too-long = A search is limited to 200 characters. Shorten it and search again.
error-search-page = This page of results does not exist.
error-nul-byte = The text contains a NUL character, which cannot be saved.
error-csrf-title = Form expired
error-csrf = This form was not sent from this wiki's page, or it expired. Go back, reload the page and send it again: your text is still in your browser's form.
error-cross-origin-title = Request refused
error-cross-origin = This request came from another site and was refused.
error-too-large-title = Too large
error-too-large = What was sent is too large.
error-page-too-large = The page is { $size } bytes long; the limit is { $limit } bytes. Split it into several pages.
error-name-taken-title = Name already in use
error-name-taken = “{ $wanted }” cannot be used: it is the same name as “{ $existing }”, spelled differently, or a former name of that page.
error-unprocessable-title = Cannot be accepted
error-method-title = Not allowed
error-method = This address does not accept this kind of request.
error-unavailable-title = Temporarily unavailable
error-unavailable = The wiki cannot reach its database right now. Try again in a few seconds.
error-internal-title = Something went wrong
error-internal = An unexpected error happened on the server. It has been logged.
