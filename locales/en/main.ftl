# The language's own name, in the language switch.
language-name = English

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
action-copy = Duplicate
action-history = History
action-backlinks = What links here
action-raw = Source
action-rename = Rename
action-delete = Delete
action-undelete = Undelete this page
page-info-revision = Revision { $number } by
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
editor-preview-toggle = Show
editor-show-text = The text
editor-show-preview = The preview
conflict-title = Someone saved this page while you were editing
conflict-explanation = Revision { $latest } by { $author } was saved after you opened the editor. Nothing of yours was lost and nothing was saved yet: your text is below. Check their changes, bring them into your text if needed, then save again.
conflict-their-changes = Their changes
conflict-overlap-explanation = Revision { $latest } by { $author } was saved after you opened the editor, and it changed the same lines as you. Nothing was saved yet and nothing of yours is lost: the text in the editor below has your version of those lines, with their other changes already brought in. Compare each place below, correct the text in the editor, then save again.
conflict-regions-intro = { $count ->
    [one] Your change and theirs overlap in one place. The words that differ are highlighted.
   *[other] Your change and theirs overlap in { $count } places. The words that differ are highlighted.
}
conflict-region-title = Overlap { $index } of { $total }, at line { $line } of the text in the editor
conflict-yours = Your version (in the editor below)
conflict-theirs = Their version (revision { $latest } by { $author })
conflict-side-empty = This version removes these lines.
conflict-before-both = The text before both changes
conflict-show-in-editor = Select these lines in the editor
conflict-fields-explanation = Revision { $latest } by { $author } was saved after you opened the form, and it changed the same fields as you. Nothing was saved yet and nothing of yours is lost: the form below holds your value of those fields, with their other changes already brought in. Compare each field below, correct it in the form, then save again.
conflict-field-yours = Your value (in the form below)
editor-recreate = Recreate the page with my text
deleted-meanwhile-title = This page was deleted while you were editing
deleted-meanwhile-explanation = Nothing was saved and your text is kept below. You can recreate the page with your text, or leave it deleted: its history stays available either way.
deleted-editing-title = This page is deleted
deleted-editing-explanation = Saving brings the page back with the text below. Its history is kept.
draft-found = This browser kept text you had not saved on this page.
draft-restore = Put it back in the editor
draft-discard = Discard it

# Editing together
presence-editing-now = Also editing now: { $people }.
presence-anonymous = { $count ->
    [one] one anonymous person
   *[other] { $count } anonymous people
}
presence-names-and-anonymous = { $names } and { $anonymous }
presence-editor-warning = Someone else opened this editor in the last few minutes. You can both save: changes to different lines are merged, and if you change the same lines you will see both versions before anything is saved.
saved-notice = Saved as revision { $number }.
saved-notice-diff = See what changed
private-marker = Not public: readable by
private-marker-change = change
merged-notice = Your change was merged with revision { $with } by { $author }, saved while you were editing. Both changes are kept.
merged-notice-diff = See your change on top of revision { $with }
history-merged = merged with revision { $number }

# Backlinks, rename, delete
backlinks-title = Pages linking to { $page }
backlinks-none = No page links here yet.
backlinks-missing = This page does not exist yet.
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
restore-confirm-title = Restore revision { $number } of { $page }?
restore-confirm-explanation = The page will read as revision { $number } again: below, the latest text on the left and what comes back on the right. Nothing is erased: the revisions in between stay in the history.
restore-undeletes = The page is deleted: restoring brings it back.
restore-same = The latest revision already has this text: there is nothing to restore.
restore-reason = Why (optional, shown in the history)
restore-cancel = Cancel
events-title = Renames and deletions
event-rename = renamed from “{ $old }” to “{ $new }” by { $author }
event-delete = deleted by { $author }
event-undelete = undeleted by { $author }
sheet-changes-title = Changes, field by field
sheet-changes-none = The fields and the notes are the same.
sheet-changes-field = Field
sheet-changes-before = Before
sheet-changes-after = After
sheet-changes-empty = (empty)
sheet-changes-notes = Notes
diff-source = The text itself, line by line
diff-source-heading = The text, line by line
diff-rendered-heading = As the page reads
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
new-page-title = New page
new-page-name = Name of the new page
new-page-open = Open the editor
new-page-help = The name is the page's address and title: letters, digits, spaces and - _ . ' ( ) , are fine. Pages link to it with [[its name]].
index-title = All pages
feed-edit-summary = Revision { $number } of { $page } by { $author }
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
search-create = Create the page “{ $name }”
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
search-comments = Comments
search-comment-on = { $author } on { $page }
search-all-comments = { $count ->
    [one] The comment that matches
   *[other] All { $count } comments that match
}
search-all-comments-capped = At least { $count } comments match: see them
search-back-to-pages = Back to the pages found
search-no-comments = No comment matches “{ $query }”.
search-comment-count = { $count ->
    [one] One comment matches.
   *[other] { $count } comments match.
}
search-comment-count-capped = At least { $count } comments match; the best of them come first. Add a word to narrow the search.
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
name-error-mixed-scripts = “{ $name }” mixes alphabets within a word (a letter of one looks like a letter of another), so it could pass for another page’s name: write each word in one alphabet.

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
error-name-unavailable = “{ $wanted }” is not available. Choose another name.
error-unprocessable-title = Cannot be accepted
error-method-title = Not allowed
error-method = This address does not accept this kind of request.
error-unavailable-title = Temporarily unavailable
error-unavailable = The wiki cannot reach its database right now. Try again in a few seconds.
error-store-unavailable = The file store does not answer right now: nothing was saved. Try again in a moment.
error-disk-full = The wiki’s database has run out of disk space: nothing was saved. Go back to keep your text, and try again later; if this lasts, tell the wiki’s administrators.
error-internal-title = Something went wrong
error-internal = An unexpected error happened on the server. It has been logged.

# Accounts
account-nav-label = Account
account-signed-in-as = Signed in as
action-login = Log in
action-logout = Log out
action-signup = Sign up
action-permissions = Permissions
signup-title = Create an account
signup-have-account = Already have an account?
account-name = User name
account-name-help = 2 to 40 letters, digits, “-”, “_” or “.”; shown as the author of your changes.
account-email = E-mail address
account-password = Password
account-password-help = At least { $min } characters. A sentence of a few words is easy to remember and hard to guess.
login-title = Log in
login-name-or-email = User name or e-mail address
login-forgot = Forgot your password?
login-error = This user name or e-mail address and this password do not match an account.
login-after-reset = Your password was changed. Log in with the new one.
login-held = What you sent is kept: log in and it comes back, ready to be sent again.
held-title = What you sent before logging in
held-intro = You had to log in before this could be saved. Here is what you sent, kept for you; send it again to save it. It has now been forgotten by the wiki: if you leave this page, it is lost.
held-send = Send it again
held-drop = Leave it
account-title = Your account
account-role = Role
account-groups = Groups
account-change-password = Change password
account-change-password-explanation = Changing your password logs you out everywhere else, on every device.
account-current-password = Current password
account-new-password = New password
account-change-email = Change e-mail address
account-password-changed = Your password was changed; every other session was logged out.
account-email-changed = Your e-mail address was changed.
account-error-name-length = A user name has 2 to 40 characters.
account-error-name-chars = A user name may contain letters, digits, “-”, “_” and “.”, and cannot start with “-” or “.”.
account-error-name-mixed = A user name is written in one script (letters that look like another script’s could pass for someone else).
account-error-name-reserved = This user name is reserved.
account-error-email = This e-mail address is not valid.
account-error-password-short = This password is too short.
account-error-password-long = This password is too long (1024 bytes at most).
account-error-name-taken = This user name is taken. Choose another.
account-error-email-taken = An account already uses this e-mail address. Log in, or reset its password.
account-error-current = The current password is not right.
role-admin = Administrator
role-editor = Editor
role-member = Member
reset-title = Reset your password
reset-explanation = Give your user name or e-mail address: we will send a link to choose a new password. It works once, for one hour.
reset-send = Send the link
reset-sent = If an account matches, a message with a link was sent to its e-mail address. The link works once, for one hour.
reset-invalid = This link is not valid: it was already used, it expired, or it was copied incompletely.
reset-again = Ask for a new link
reset-set = Set the new password
reset-mail-subject = { $site }: reset your password
reset-mail-body = Hello { $name },

    Someone (hopefully you) asked to reset your password on { $site }. To choose a new one, open this link within one hour:

    { $link }

    If you did not ask for it, ignore this message: your password stays the same.
contributions-title = Contributions of { $user }
contributions-none = No contributions to show.

# Permissions
permissions-title = Permissions of { $page }
permissions-owner = Owner:
permissions-no-owner = This page has no owner (it was created anonymously or before accounts existed): only administrators change its permissions.
permissions-syntax-title = How to write permissions
permissions-syntax-everyone = everyone
permissions-syntax-signed-in = every signed-in user
permissions-syntax-owner = the owner of the page
permissions-syntax-group = members of the group
permissions-syntax-user = that user
permissions-syntax-deny = before an entry: denied
permissions-syntax-rules = One entry per line. The first line that matches a visitor decides; a visitor no line matches is refused. Administrators and the owner always pass. Leave a field empty to use the site's default.
permissions-read = Who may read
permissions-write = Who may edit
permissions-comment = Who may comment
permissions-default = Empty: the site default ({ $default }).
permissions-site-default = site default
permissions-unknown = This wiki has no group or person named {$names}: nobody would match them, and only the owner and administrators would keep the access they give. Correct the lists, or confirm below.
permissions-unknown-confirm = Save anyway: these names are meant
permissions-save = Save permissions
permissions-history = Changes of permissions
permissions-history-none = The permissions of this page were never changed.
permissions-error-invalid = Line { $line }: “{ $text }” is not a permission entry. Use *, +, %, @group, a user name, with ! before to deny.
permissions-error-too-many = A permission list has at most { $max } entries.

# Administration
admin-title = Administration
admin-users = Users
admin-users-explanation = Administrators manage users and groups and pass every permission. Editors may edit, rename, delete and restore every page they can read. Members follow the permissions of each page.
admin-imported-not-logged-in = Imported; has not logged in since (still holds the old wiki's password hash)
admin-error-no-such-user = No account is named “{$user}”: check the spelling (the user list above has every name).
setup-title = Create the administrator
setup-explanation = This wiki has no administrator yet: the account you create here will be its first, able to manage every page, account and group. The link you followed then stops working.
admin-since = Since
admin-role-of = Role of { $user }
admin-change = Change
admin-groups = Groups
admin-groups-explanation = Groups are named in permissions with @, e.g. @facilitators.
admin-group-empty = Nobody is in this group yet.
admin-remove-member = Remove { $user }
admin-add-member = Add a member (user name)
admin-add = Add
admin-delete-group = Delete the group { $group }
admin-new-group = New group name
admin-create-group = Create the group
admin-error-role = This role does not exist.
admin-error-last-admin = The wiki would have no administrator left: make someone else an administrator first.
admin-error-group-name = A group name has 1 to 40 letters, digits, “-”, “_” or “.”.
admin-error-group-exists = This group already exists.
admin-search-set-aside = Pages search finds by their title only
admin-search-set-aside-explanation = Indexing the text of these pages for search took longer than allowed, so only their titles can be found. Their next revision is tried again.
admin-search-page = Page
admin-search-revision = Revision
admin-search-reason = Why
admin-nav-label = Administration pages
admin-nav-people = People and groups
settings-title = Site settings
settings-explanation = These settings change every page at once, on every server of the wiki. Leave a field empty to keep its default.
settings-name = Site name
settings-default = Default: { $value }
settings-tagline = Tagline
settings-tagline-help = A short line under the name, in the header of every page.
settings-logo = Logo
settings-logo-help = An image attached to a page, written Page/file.png. Attach it to a page everyone may read.
settings-logo-now = The logo now:
settings-colours = Colours
settings-colours-help = Written #rrggbb. Every text must keep a contrast ratio of at least { $minimum }:1 with what it is written on, so that everyone can read it.
settings-text-colour = Text colour
settings-background-colour = Background colour
settings-accent-colour = Accent colour (site name, buttons)
settings-home-page = Home page
settings-language = Default language
settings-language-help = For visitors whose browser asks for none of the wiki's languages.
settings-licence = Licence in the footer
settings-licence-help = For example: Content under CC BY-SA 4.0 unless noted otherwise.
settings-save = Save the settings
settings-saved = The settings are saved.
settings-problems = The settings were not saved: correct the fields marked below.
settings-error-too-long = At most { $max } characters.
settings-error-colour = Write a colour as #rrggbb, for example #1f6f50.
settings-error-contrast = { $fore } on { $back } has a contrast ratio of { $ratio }:1; at least { $minimum }:1 is needed for everyone to read it.
settings-error-page-name = This is not a valid page name.
settings-error-language = Choose one of the languages of the list.
settings-error-logo = No image is attached under this name: write Page/file.png, the name of an image attached to a page.

# Errors of accounts and permissions
error-forbidden-title = Not allowed
error-forbidden-write = You may not change this page. Its permissions allow other people only; ask its owner or an administrator.
error-forbidden-permissions = Only the page's owner and administrators may change its permissions.
error-forbidden-admin = Only administrators may do this.
error-login-required-title = Log in first
error-login-required = Log in to do this.
error-too-many-title = Too many attempts
error-too-many = Too many attempts for this account or from your network. Wait a quarter of an hour, then try again.
# Catalogue: navigation
nav-programmes = Programmes
nav-methods = Methods

# Catalogue: a sheet
sheet-at-a-glance = At a glance
sheet-people = { $n } people
sheet-minutes = { $n } min
sheet-yes = Yes
sheet-no = No
sheet-problems = Some values of this sheet do not fit its form any more; they are kept in its source.
sheet-read-in-this-language = Read in English
sheet-steps-total = Total: { $n } min
sheet-material-item = Item
sheet-material-quantity = Quantity
sheet-material-per = Per
sheet-per-person = person
sheet-per-group = group
sheet-per-session = session

# Catalogue: forms
form-page-intro = This page is the “{ $form }” form: the fields of its sheets. Edit it to add, change or remove a field; values already saved in sheets are never erased.
form-field-key = Key
form-field-label = Label
form-field-type = Type
form-field-rules = Rules and values
form-required = required.
form-filterable = filter of the catalogue.
form-max-length = at most { $max } characters.
form-type-text = short text
form-type-markdown = long text (Markdown)
form-type-number = number
form-type-intrange = range of numbers
form-type-durationrange = range of minutes
form-type-choice = single choice
form-type-choices = multiple choice
form-type-yesno = yes/no
form-type-url = web address
form-type-pagelink = page link
form-type-pagelinks = list of page links
form-type-steps = steps with durations
form-type-materials = list of materials
form-type-tags = tags
form-type-texts = list of texts
form-type-licence = licence (SPDX)
form-type-image = image
form-type-relations = related methods
form-problem-title = Form
form-problem-yaml = The form is not valid YAML: { $detail }
form-problem-name = “{ $name }” is not a form name: use letters and digits only, starting with a letter.
form-problem-page = The form is named “{ $name }” but its page is “{ $page }”: the name after “Form.” must be the form's name.
form-problem-too-many = A form has at most { $max } fields.
form-problem-too-many-filters = A form has at most { $max } filterable fields.
form-problem-key = “{ $key }” cannot be a field key: use lowercase letters, digits and _, starting with a letter, and none of form, page, lang, translation, body, q, sort, layout, offset.
form-problem-duplicate = Two fields have the key “{ $key }”.
form-problem-label = The field “{ $key }” needs a label in English and in French.
form-problem-choices = The field “{ $key }” needs a list of allowed values (at most 100).
form-problem-choice-id = In the field “{ $key }”, “{ $id }” is not a valid value id (or is repeated).
form-problem-filterable = The field “{ $key }” cannot be a filter: only choices and ranges can.
form-problem-total-within = In the field “{ $key }”, total_within must name a duration range, and only steps can have it.

# Catalogue: checking a sheet
label-value = { $label }: { $value }
sheet-not-saved = Nothing was saved: please correct these fields
sheet-front-matter = Front matter
sheet-error-unclosed = The front matter has no closing “---” line.
sheet-error-yaml = The front matter is not valid YAML: { $detail }
sheet-error-no-form = The front matter must name its form, for example “form: Method”.
field-unknown-form = There is no form called “{ $form }” (its page Form.{ $form } is missing or invalid).
field-bad-lang = Choose the language of the sheet: en or fr.
field-bad-slug = The identifier is made of lowercase letters and digits, in words joined by hyphens, e.g. world-cafe.
field-required = This field is required.
field-too-long = At most { $max } characters; this has { $count }.
field-not-text = This must be text.
field-one-line = This must fit on one line.
field-not-number = This must be a whole number.
field-number-min = This must be at least { $min }.
field-number-max = This must be at most { $max }.
field-too-many = At most { $max } items.
field-not-list = This must be a list.
field-item-not-record = Item { $n } is not complete.
field-not-range = Give a smallest and a largest value.
field-range-both = Give both the smallest and the largest value.
field-range-order = The smallest value is larger than the largest.
field-unknown-choice = “{ $value }” is not one of the allowed values.
field-duplicate = “{ $value }” is chosen twice.
field-not-yes-no = This must be yes or no.
field-not-url = This must be a web address starting with https:// or http://.
field-not-page-name = This is not a valid page name ({ $detail }).
field-unknown-licence = “{ $value }” is not an SPDX licence identifier (for example CC-BY-SA-4.0).
field-not-image = Give the picture's address and a description.
field-image-src = The picture must be on this site: its address starts with /.
field-image-alt = Describe the picture for people who cannot see it.
field-step-title = Step { $n } needs a title.
field-step-duration = Step { $n } needs a duration in minutes (0 or more).
field-material-quantity = Material { $n } needs a quantity of 1 or more.
field-material-per = Material { $n } needs “per person”, “per group” or “per session”.
field-relation-slug = Related method { $n }: give the identifier of a method, e.g. world-cafe.
field-relation-kind = Related method { $n }: choose how it is related.
field-steps-total = The steps add up to { $total } min, outside the duration ({ $min }–{ $max } min).

# Catalogue: the typed editor
sheet-new-title = New sheet: { $form }
sheet-header = Page and language
sheet-header-page = Page name
sheet-header-lang = Language of the sheet
sheet-header-translation = Identifier of the method
sheet-header-translation-help = Shared by the translations of one method, e.g. world-cafe. Left empty, it is made from the page name.
sheet-header-form = Form
sheet-body = Notes, examples and anything else (Markdown)
sheet-page-exists = A page called “{ $page }” already exists: choose another name, or edit that page.
sheet-bad-page-name = This is not a valid page name: use letters, digits, spaces and - _ . ' ( ) , (120 characters at most).
editor-raw-link = Edit the source text instead
editor-required = required
editor-none = None
editor-range-min = From
editor-range-max = to
editor-row = Row { $n }
editor-add-step = Add a step
editor-add-material = Add a material
editor-add-relation = Add a related method
editor-sub-title = Title
editor-sub-duration = Minutes
editor-sub-text = Text
editor-sub-item = Item
editor-sub-quantity = Quantity
editor-sub-per = Per
editor-sub-method = Method (identifier)
editor-sub-kind = Relation
editor-image-src = Address of the picture (on this site)
editor-image-alt = Description of the picture

# Catalogue: browsing
catalogue-title = Method catalogue
catalogue-form-title = Catalogue: { $form }
catalogue-all-forms = All catalogues
forms-title = Catalogues
forms-intro = Each form has its own catalogue of sheets, with filters on the fields the form marks as filterable.
forms-definition = the form
catalogue-new = New method sheet
catalogue-import = Import
catalogue-export-csv = Export as CSV
catalogue-export-json = Export as JSON
catalogue-print-cards = { $count ->
    [one] Print this method as a card
   *[other] Print these { $count } methods as cards
}
export-csv-spreadsheet = for spreadsheets (Excel)
catalogue-filters = Filters
catalogue-filters-show = Show the filters
catalogue-to-filters = Filter these methods ↓
catalogue-search = Search in titles and summaries
catalogue-language = Language of the sheets
catalogue-all-languages = All languages
catalogue-filter-people = my group is (people)
catalogue-filter-minutes = I have (minutes)
catalogue-sort = Sort by
catalogue-sort-title = title
catalogue-sort-recent = recently changed
catalogue-sort-duration = duration
catalogue-sort-relevance = best match
catalogue-sort-usage = use in programmes
catalogue-filter-used = Used in at least this many events
catalogue-layout = Show as
catalogue-layout-cards = cards
catalogue-layout-list = list
catalogue-apply = Apply filters
catalogue-clear = Clear all filters
catalogue-count = { $count ->
    [one] One method
   *[other] { $count } methods
}
catalogue-active-filters = Active filters
catalogue-remove-filter = (remove this filter)
catalogue-column-method = Method
catalogue-column-hook = In one sentence
catalogue-column-facts = Group, duration, purposes
catalogue-pages = More results
catalogue-previous = Previous methods
catalogue-next = More methods
catalogue-empty = No method matches all these filters.
catalogue-empty-none = The catalogue has no sheet in this language yet.
catalogue-empty-several = Loosening one filter is not enough:
catalogue-loosen = Remove “{ $filter }” to see { $count ->
    [one] one method
   *[other] { $count } methods
}
catalogue-no-form = The catalogue needs its form: the page Form.Method is missing, deleted or invalid. Restore it from its history.
catalogue-bad-lang = The language of the sheets must be en, fr or all.
catalogue-bad-sort = Sort by title, recent or duration.
catalogue-bad-layout = Show as cards or list.
catalogue-bad-number = A number in the address is not a whole number in the accepted range.
catalogue-bad-choice = A filter value in the address is not one of the form's values.

# Catalogue: import
import-title = Import method sheets
import-explanation = Paste sheets as JSON (an array of objects with the sheet's keys and “body”) or CSV (a header line with the same keys; lists as JSON). Check first: the dry run says what would be created, updated or refused, and why. The import writes everything or nothing.
import-format = Format
import-data = Sheets to import
import-data-help = An export of this catalogue (CSV or JSON) can be imported back as it is. “page” names the page to create or update.
import-dry-run = Check (dry run)
import-apply = Import
import-report-dry-run = Dry run: nothing was saved
import-report-applied = Imported
import-totals = Created: { $created } · updated: { $updated } · unchanged: { $unchanged } · refused: { $rejected }.
import-row = Row
import-page = Page
import-outcome = Result
import-reasons = Why
import-outcome-created = created
import-outcome-updated = updated
import-outcome-unchanged = unchanged
import-outcome-rejected = refused
import-refused = Nothing was imported: some rows are refused. Correct or remove them, then import again.
import-moved = Nothing was imported: the page “{ $page }” changed while importing. Check again.
import-bad-json = The JSON could not be read: { $detail }
import-not-array = The JSON must be an array of sheets: [ {"{"} … {"}"}, … ].
import-not-object = Item { $detail } of the JSON is not an object.
import-too-many = At most { $detail } sheets per import.
import-bad-csv = The CSV could not be read: { $detail }
import-bad-page = “page” is missing or not a valid page name.
import-duplicate = Another row of this file has the same page.
import-too-large = The sheet is over the page size limit.

## Attachments
action-attachments = Attachments
attachments-title = Attachments of { $page }
attachments-none = No files are attached to this page yet.
attachments-deleted = Deleted files
attachments-back = Back to the attachments
attachment-file = File
attachment-kind = Type
attachment-size = Size
attachment-version = Version
attachment-markdown = To show it in the page
attachment-uploaded-by = Uploaded by
attachment-current = current version
attachment-restore = Make this version current
attachment-restored-from = (copy of version { $number })
attachment-deleted-notice = This file was deleted. Its versions are kept, and it can be brought back.
action-undelete-attachment = Undelete
attachment-history-title = Versions of { $file }
attachment-upload-label = File to attach
attachment-upload = Upload
attachment-upload-help = Images (PNG, JPEG, GIF, WebP), PDF, text, CSV, Markdown and office documents, up to { $limit }. Uploading a file with the same name adds a version.
attachment-drop-hint = You can also drop a file here.
attachment-kind-image = image
attachment-kind-svg = SVG drawing (download)
attachment-kind-pdf = PDF
attachment-kind-text = text
attachment-kind-document = office document
attachment-size-kib = { $size } KB
attachment-size-mib = { $size } MB
attachment-error-name = This file name is empty once paths, hidden characters and leading dots are removed. Rename the file and upload it again.
attachment-error-type = This type of file is not accepted. Allowed: PNG, JPEG, GIF and WebP images, SVG drawings, PDF, plain text, CSV, Markdown and office documents.
attachment-error-pixels = This image has too many pixels. Reduce its size and upload it again.
attachment-error-corrupt = This file looks like an image but cannot be read as one.
attachment-error-upload = The upload could not be read. Try again from the attachments page.
attachment-error-no-file = Choose a file to upload.
# Linking: permanent links, QR codes, printing, embeds, oEmbed, API
page-permanent-link = Permanent link to this revision
action-print = Print
action-qr = QR code
print-hint = This page is ready to print: use your browser's Print command (Ctrl+P or ⌘P), or save it as PDF.
print-cards-hint = { $count ->
    [one] This method card is ready to print, each side on its own page: use your browser's Print command (Ctrl+P or ⌘P), or save it as PDF; print on both sides to make a card.
   *[other] These { $count } method cards are ready to print, each side on its own page: use your browser's Print command (Ctrl+P or ⌘P), or save them as PDF; print on both sides to make cards.
}
print-cards-paper = Paper:
print-cards-a6 = A6, one card side per page
print-cards-a4 = four cards to an A4 sheet (both sides, flip on the long edge, then cut)
print-cards-none = No method sheet to print here.
print-cards-title = { $count ->
    [one] One method card
   *[other] { $count } method cards
}
print-cards-of = Method cards of { $programme }
print-cards-back-catalogue = Back to the catalogue
print-cards-back-programme = Back to the programme
print-card-front = Front of the card { $name }
print-card-back = Back of the card { $name } ({ $side }/{ $sides })
print-card-notes-side = Notes of the card { $name } ({ $side }/{ $sides })
print-card-steps = Steps
print-card-steps-continued = Steps (continued)
print-card-continued = (continued)
print-card-notes = Notes
print-card-no-steps = This sheet has no steps yet.
print-qr-alt = QR code of { $url }
print-source = From { $site }, revision { $number }.
embed-read-on = Read on { $site } ↗
error-not-implemented-title = Not available
oembed-json-only = Only the JSON format is available (format=json).
oembed-no-url = The “url” parameter is missing: which page should be described?
api-bad-limit = “limit” must be a number from 1 to 200.
## Programmes
programmes-title = Programmes
programmes-new = New programme
programmes-import = Import a programme
programmes-upcoming = Upcoming and current
programmes-past = Past
programmes-none = No programme yet.
programmes-calendar-feed = Subscribe to every programme (iCalendar)
programmes-months = Other months
programmes-month-none = No programme this month.
programmes-bad-month = This is not a month: write it as year-month, for example 2026-12.
programmes-month-year = { $month } { $year }
programmes-month-1 = January
programmes-month-2 = February
programmes-month-3 = March
programmes-month-4 = April
programmes-month-5 = May
programmes-month-6 = June
programmes-month-7 = July
programmes-month-8 = August
programmes-month-9 = September
programmes-month-10 = October
programmes-month-11 = November
programmes-month-12 = December
programmes-weekday-1 = Monday
programmes-weekday-2 = Tuesday
programmes-weekday-3 = Wednesday
programmes-weekday-4 = Thursday
programmes-weekday-5 = Friday
programmes-weekday-6 = Saturday
programmes-weekday-7 = Sunday
programmes-weekday-short-1 = Mon
programmes-weekday-short-2 = Tue
programmes-weekday-short-3 = Wed
programmes-weekday-short-4 = Thu
programmes-weekday-short-5 = Fri
programmes-weekday-short-6 = Sat
programmes-weekday-short-7 = Sun
programme-event = Event
programme-field-title = Title of the event
programme-field-start = First day
programme-field-end = Last day
programme-field-dates = Dates
programme-field-place = Place
programme-fact-timezone = Time zone
programme-fact-licence = Licence
programme-field-timezone = Time zone (e.g. Europe/Paris)
programme-field-language = Language (a code such as fr or en)
programme-field-organisers = Organisers
programme-field-licence = Licence (SPDX id, e.g. CC-BY-SA-4.0)
programme-field-rooms = Rooms
programme-list-help = Separate several with a semicolon (;).
programme-slots = Slots
programme-slots-help = One row per slot. Day as YYYY-MM-DD, start as HH:MM, duration in minutes; methods as page names, “Name@12” to pin revision 12; lists separated by “;”. Empty a row to remove its slot.
programme-slot = Slot
programme-slot-day = Day
programme-slot-start = Start
programme-slot-duration = Minutes
programme-slot-room = Room
programme-slot-title = Title
programme-slot-facilitators = Facilitators
programme-slot-group = Expected group size
programme-slot-methods = Methods
programme-slot-actual = Actual group size
programme-slot-how = How it went
programme-slot-learnings = Learnings
programme-add-slot = Add a slot
programme-slot-actions = Actions
programme-slot-duplicate = Duplicate
programme-slot-remove = Remove
programme-slot-up = Move up
programme-slot-down = Move down
programme-slot-added = Slot { $n } added, empty.
programme-slot-duplicated = Slot { $n } added, a copy of slot { $from }.
programme-slot-removed = Slot { $n } removed.
programme-slot-moved = Slot moved to position { $n }.
programme-planner = Plan on the grid
programme-planner-help = Drag a slot to another time or room, or select it and use the arrow keys: up and down move it by 15 minutes, left and right to the room beside. The slot’s fields follow; save the programme to keep the change.
programme-planner-moved = { $title }: { $start }, { $room }.
programme-planner-no-room = no room
programme-description = Description (Markdown)
programme-not-saved = The programme was not saved. Correct the fields below.
programme-day = Day { $n }: { $date }
programme-time = Time
programme-no-slot = Nothing scheduled this day.
programme-facilitators = Facilitated by
programme-group-size = { $count ->
    [one] For { $count } person
   *[other] For { $count } people
}
programme-actual-size = { $count ->
    [one] { $count } person came
   *[other] { $count } people came
}
programme-methods = Methods used
programme-outcome = Outcome
programme-learnings = Learnings
programme-pinned = (revision { $rev })
programme-moved-on = This programme used revision { $rev }; the sheet is now at revision { $latest }.
programme-see-changes = See what changed
programme-method-missing = (not found)
programme-exports = Exports
programme-print = Print
programme-print-cards = Print its methods as cards
programme-export-ics = Calendar (iCalendar)
programme-export-xml = frab schedule.xml
programme-export-json = frab schedule.json
programme-export-json-classic = frab schedule.json (classic layout)
programme-export-csv = CSV
programme-qr-alt = QR code of { $method }
programme-export-csv-spreadsheet = CSV for spreadsheets (Excel)
programme-duplicate = Duplicate as a new programme
programme-used-in = { $count ->
    [one] Used in { $count } event
   *[other] Used in { $count } events
}
programme-error-unclosed = The front matter has no closing “---” line.
programme-error-yaml = The front matter is not valid YAML.
programme-error-title = Give the event a title.
programme-error-date = Write a date as YYYY-MM-DD.
programme-error-end-before-start = The last day is before the first.
programme-error-too-long = An event lasts at most 31 days.
programme-error-timezone = Unknown time zone: use a name such as Europe/Paris or UTC, or a fixed offset such as UTC+01:00.
programme-error-language = Not a language code: write one such as fr, en or pt-BR.
programme-error-id = A slot’s id is a UUID (such as 6f1c8f6e-1b9e-4d43-9e61-6a0f4e0c2a11): remove this one and the slot gets one.
programme-error-duplicate-id = Another slot has this id (a copied line?): remove it from this slot, which then gets one of its own.
programme-error-licence = Not a licence identifier (SPDX), e.g. CC-BY-SA-4.0.
programme-error-slots = “slots” must be a list.
programme-error-too-many-slots = A programme has at most 500 slots.
programme-error-slot = A slot must be a mapping of its fields.
programme-error-day-outside = This day is not within the event’s dates.
programme-error-time = Write a time of day between 0:00 and 23:59, such as 9:30, 9h30 or 09.30.
programme-error-method-unknown = No page is called “{ $method }”. Closest titles: { $titles }.
programme-error-method-nowhere = No page is called “{ $method }”, and no title is close to it.
programme-error-method-missing = No page is called “{ $method }”.
programme-keep-missing = Save the method names that lead to no page as they are: their pages will be written later.
programme-error-duration = Write the duration in minutes (1 to 1440).
programme-error-slot-title = Give the slot a title.
programme-error-number = Write a whole number.
programme-error-method = Not a page name (append @N to pin a revision).
programme-error-page = Give the programme a valid page name.
programme-import-format = Format
programme-import-data = File contents
programme-import-help = CSV with the columns of the CSV export (day, start, duration, title…; timezone for the zone of the times), or a frab/pretalx schedule.json or schedule.xml.
programme-import-check = Check (nothing is saved)
programme-import-confirm = Import
programme-import-report = What the import will create
programme-import-will-create = The page “{ $page }” with the programme “{ $title }”.
programme-import-slots = { $count ->
    [one] { $count } slot
   *[other] { $count } slots
}
programme-import-unknown = Methods not recognised
programme-import-summary = Imported programme
programme-import-empty = The file has no slot.
programme-import-bad-csv = The CSV could not be read, or lacks one of the columns day, start, duration, title.
programme-import-bad-json = The JSON could not be read as a frab or pretalx schedule.json.
programme-import-bad-xml = The XML could not be read as a frab or pretalx schedule.xml.
programme-import-zones = The rows of the timezone column name different time zones: a programme has one.
programme-import-refused = Nothing was imported
programme-import-timezone = Times are in the time zone { $zone }; you can change it after the import.
programme-export-bad-layout = Unknown layout: ask for layout=classic, or for none (the schema2 layout).

# Dates as people read them (layout::time, layout::long_date).
date-long = { $weekday } { $day } { $month } { $year }
time-shown = { $day } { $month } { $year }, { $time } UTC
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec

## Discussions
discussion-title = Discussion of { $page }
discussion-heading = Discussion
discussion-earlier = { $count ->
    [one] One earlier comment
   *[other] { $count } earlier comments
}
discussion-empty = No comment yet. Questions, experiences and proposals are welcome.
discussion-pages = Pages of the discussion
discussion-previous = Earlier comments
discussion-next = Later comments
discussion-page-of = Page { $page } of { $pages }
discussion-waiting-moderators = { $count ->
    [one] One comment waits for your approval.
   *[other] { $count } comments wait for your approval.
}
discussion-waiting-notice = Thank you: your comment waits for a moderator, and will appear once approved.
discussion-removed-by = Comment removed by { $name }
discussion-removed = (removed)
discussion-edited = edited
discussion-pending = Waiting for approval
discussion-field-note = Field note: used in practice
discussion-group-size = { $count ->
    [one] one person
   *[other] { $count } people
}
discussion-duration = { $count ->
    [one] one minute
   *[other] { $count } minutes
}
discussion-edit = Edit
discussion-approve = Approve
discussion-remove = Remove
discussion-honeypot = Leave this field empty
discussion-reply = Reply
discussion-your-reply = Your reply
discussion-send-reply = Send the reply
discussion-your-comment = Your comment
discussion-help = Markdown works here, as on pages: **bold**, *italic*, [[Page links]], lists.
discussion-field-note-legend = A field note
discussion-field-note-used = I used this method: this comment tells how it went
discussion-field-note-group = Group size (people)
discussion-field-note-duration = Duration (minutes)
discussion-guest-note = You are not signed in: your comment is signed with a pseudonym made from your address.
discussion-send = Post the comment
discussion-closed = Comments on this page are closed.
discussion-login = Log in to take part in the discussion
discussion-edit-title = Edit a comment
discussion-back = Back to the discussion
discussion-save-edit = Save the comment
discussion-history-title = Earlier versions of a comment
discussion-history-current = Now:
discussion-history-replaced = Until
discussion-error-empty = The comment is empty: write something before sending it.
discussion-error-too-long = The comment is too long: at most { $max } characters. Make it a page and link to it?
discussion-error-honeypot = The comment looks sent by a robot (a hidden field was filled in). If you are a person, empty the field named "Leave this field empty" and send again.
discussion-error-reply = The comment you answer is not on this page any more. Your text is below: send it as a new comment.
discussion-error-figure = Group size and duration are whole numbers from 1 to 100000.
discussion-error-too-many = You have sent many comments in a short time: wait a quarter of an hour and send this one again. Your text is kept below.
error-forbidden-comment = You may not comment on this page: its permissions keep comments for other people.
error-forbidden-comment-edit = Only its author may edit a comment.
error-forbidden-comment-remove = Only its author, the page's owner and administrators may remove a comment.
error-forbidden-moderation = Only the page's owner and administrators moderate its discussion.
moderation-title = Comments waiting for approval
moderation-empty = No comment waits for your approval.
comments-by-title = Comments by { $user }
comments-by-edits = Their edits
comments-by-empty = No comment on the pages you may read.
recent-show-label = Show
recent-show-all = Everything
recent-show-edits = Edits only
recent-show-comments = Comments only
recent-comment = comment
recent-reply = reply
recent-field-note = field note
feed-comment-title = { $author } commented on { $page }
feed-reply-title = { $author } replied on { $page }
feed-field-note-title = { $author } added a field note to { $page }
catalogue-sort-practice = field notes
catalogue-field-notes = { $count ->
    [one] one field note
   *[other] { $count } field notes
}

## Watching
watch-start = Watch this page
watch-stop = Stop watching
watch-stop-page = Stop watching { $page }
watch-watching = You watch this page.
watch-changed-since = Changed since your last visit:
watch-new-revisions = { $count ->
    [one] one new revision
   *[other] { $count } new revisions
}
watch-new-comments = { $count ->
    [one] one new comment
   *[other] { $count } new comments
}
watchlist-title = Watchlist
watchlist-help = The pages you watch, those changed by others since your last visit first. Visiting a page marks it seen.
watchlist-empty = You watch no page yet: "Watch this page" at the bottom of any page adds it here.
watchlist-all-seen = Mark everything as seen
watchlist-deleted = deleted
watchlist-unchanged = nothing new
watchlist-feed-title = Your watchlist as a feed
watchlist-feed-help = A private Atom feed of the changes and comments on the pages you watch, for a feed reader. Its address is a secret: whoever has it reads what you may read on those pages.
watchlist-feed-new = Your feed's address (shown only now: copy it into your feed reader):
watchlist-feed-create = Make a feed address
watchlist-feed-replace = Make a new address (the old one stops working)
watchlist-feed-revoke = Stop the feed
error-forbidden-watch = Log in to watch pages.
watchlist-mail-legend = E-mail me about the pages I watch, comments that name me (@name) and replies to mine
watchlist-mail-immediately = at once
watchlist-mail-daily = once a day at most (a daily digest)
watchlist-mail-weekly = once a week at most (a weekly digest)
watchlist-mail-never = never
watchlist-mail-save = Save this choice
watchlist-mail-invalid = Choose one of the offered answers.
watchlist-mail-language = Mails are written in the language you use here when you save this choice, or choose with the language switch.
notify-mail-greeting = Hello { $name },
notify-mail-intro = What happened on { $site } on pages you follow:
notify-mail-revision = { $page }: revision { $number } by { $author } ({ $when })
notify-mail-found = { $page }: found by a search you watch, revision { $number } by { $author } ({ $when })
notify-mail-comment = { $page }: { $author } commented ({ $when }):
notify-mail-reply = { $page }: { $author } replied to you ({ $when }):
notify-mail-mention = { $page }: { $author } mentioned you ({ $when }):
notify-mail-watchlist = Your watchlist, where you choose how often these mails come: { $link }
notify-mail-stop = Stop these mails: { $link }
notify-mail-subject-one = [{ $site }] { $page }
notify-mail-subject-many = { $count ->
    [one] [{ $site }] One piece of news on pages you follow
   *[other] [{ $site }] { $count } pieces of news on pages you follow
}
unsubscribe-title = Stop notification mails
unsubscribe-ask = Stop all notification mails from this wiki to your address? You can turn them on again from your watchlist.
unsubscribe-button = Stop the mails
unsubscribe-done = Done: this wiki sends you no more notification mail.
catalogue-watch-search = Watch this search: show me the methods it finds from now on
watchlist-searches-title = Searches you watch
watchlist-searches-empty = In the method catalogue, "Watch this search" keeps its filters here: the methods it finds that are new or changed since you last looked show here.
watchlist-search-new = { $count ->
    [one] one new or changed method
   *[other] { $count } new or changed methods
}
watchlist-search-gone = its catalogue no longer exists
watchlist-search-invalid = This is not a catalogue search that can be watched.

## Live editing (src/live)
action-live = Edit live
live-title = { $page }, live
live-help = Everyone here types in the same text at once; it is saved as a revision when nobody has typed for a while, when the last person leaves, or when you ask. Without JavaScript, use the
live-plain-editor = plain editor.
live-needs-script = Live editing needs JavaScript; the text below is the latest revision.
live-connecting = Connecting…
live-connected = Connected: your typing reaches the others as you type.
live-offline = Offline: keep typing, your text is merged when the connection is back.
live-read-only = You may read this page but not edit it: you are watching.
live-closed = The connection was closed:
live-people = Here now
live-guest = Guest
live-save-now = Save a version now
live-saved = Saved as revision { $number }.
live-invalid = The live text was not saved as a revision: as it stands it cannot be saved (the plain editor would say why). Fix it in the live editor; it is saved once it can be.
live-back = Back to the page

## Editor toolbar (assets/app.js shows it; without JavaScript it stays hidden)
toolbar = Formatting
toolbar-bold = Bold
toolbar-italic = Italic
toolbar-heading = Heading
toolbar-list = Bulleted list
toolbar-link = Link to a web address
toolbar-wikilink = Link to a page of the wiki
toolbar-wikilink-page = Page to link to
toolbar-wikilink-insert = Insert the link
toolbar-table = Table
toolbar-table-text = | Column | Column |
    | --- | --- |
    | Text | Text |
toolbar-file = Insert a file
toolbar-file-help = Choose a file, or drop it on the text: it is attached to the page and shown where the cursor is.
toolbar-placement = Image placement
toolbar-placement-inline = As it comes
toolbar-placement-left = Left, text around
toolbar-placement-right = Right, text around
toolbar-placement-center = Centred
toolbar-size = Image size
toolbar-size-full = Full width
toolbar-size-small = Small
toolbar-size-medium = Medium
toolbar-uploading = Uploading { $file }…
toolbar-uploaded = { $file } attached and inserted.
toolbar-upload-failed = { $file } was not attached: { $reason }
