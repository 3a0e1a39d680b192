# Cadre
skip-to-content = Aller au contenu
nav-label = Site
nav-recent = Modifications récentes
nav-index = Toutes les pages
menu-label = Menu
language = Langue
language-apply = Appliquer
back-to-page = Retour à la page
reason = Motif (facultatif)
bytes = octets

# Page
page-actions = Actions sur la page
action-edit = Modifier
action-history = Historique
action-backlinks = Pages liées
action-raw = Source
action-rename = Renommer
action-delete = Supprimer
action-undelete = Restaurer cette page
page-info-revision = Version { $number } par
old-revision-notice = Vous lisez la version { $number }, une ancienne version de cette page. La version actuelle est la { $latest }.
old-revision-current = Lire la version actuelle
old-revision-diff = Comparer avec la version actuelle
missing-page = Cette page n'existe pas encore. Vous pouvez la créer : chaque page commence par une personne qui en écrit une première version.
missing-page-create = Créer cette page
deleted-page = Cette page a été supprimée. Son historique est conservé et elle peut être restaurée.

# Éditeur
editor-title = Modification de { $page }
editor-title-create = Création de { $page }
editor-body = Texte de la page (Markdown)
editor-body-help = Markdown avec tableaux, listes de tâches et notes de bas de page. Pour lier une page : [[Nom de la page]] ou [[Nom de la page|texte du lien]].
editor-summary = Résumé de votre modification (facultatif)
editor-save = Enregistrer
editor-preview = Prévisualiser
editor-cancel = Annuler
editor-preview-title = Prévisualisation (pas encore enregistrée)
conflict-title = Quelqu'un a enregistré cette page pendant que vous la modifiiez
conflict-explanation = La version { $latest } de { $author } a été enregistrée après l'ouverture de votre éditeur. Rien de votre travail n'est perdu et rien n'est encore enregistré : votre texte est ci-dessous. Regardez ses modifications, reprenez-les dans votre texte si besoin, puis enregistrez à nouveau.
conflict-their-changes = Ses modifications
conflict-overlap-explanation = La version { $latest } de { $author } a été enregistrée après l'ouverture de votre éditeur, et elle modifie les mêmes lignes que vous. Rien n'est encore enregistré et rien de votre travail n'est perdu : le texte de l'éditeur ci-dessous contient votre version de ces lignes, avec ses autres modifications déjà reprises. Comparez chaque passage ci-dessous, corrigez le texte dans l'éditeur, puis enregistrez à nouveau.
conflict-regions-intro = { $count ->
    [one] Votre modification et la sienne se recouvrent à un endroit. Les mots qui diffèrent sont surlignés.
   *[other] Votre modification et la sienne se recouvrent à { $count } endroits. Les mots qui diffèrent sont surlignés.
}
conflict-region-title = Recouvrement { $index } sur { $total }, à la ligne { $line } du texte de l'éditeur
conflict-yours = Votre version (dans l'éditeur ci-dessous)
conflict-theirs = Sa version (version { $latest } de { $author })
conflict-side-empty = Cette version supprime ces lignes.
conflict-before-both = Le texte avant les deux modifications
conflict-show-in-editor = Sélectionner ces lignes dans l'éditeur
editor-recreate = Recréer la page avec mon texte
deleted-meanwhile-title = Cette page a été supprimée pendant que vous la modifiiez
deleted-meanwhile-explanation = Rien n'a été enregistré et votre texte est conservé ci-dessous. Vous pouvez recréer la page avec votre texte, ou la laisser supprimée : son historique reste disponible dans les deux cas.
deleted-editing-title = Cette page est supprimée
deleted-editing-explanation = Enregistrer rétablit la page avec le texte ci-dessous. Son historique est conservé.
draft-found = Ce navigateur a gardé un texte que vous n'aviez pas enregistré sur cette page.
draft-restore = Le remettre dans l'éditeur
draft-discard = L'abandonner

# Édition à plusieurs
presence-editing-now = { $count ->
    [one] Modifie aussi cette page en ce moment : une autre personne (anonyme).
   *[other] Modifient aussi cette page en ce moment : { $count } autres personnes (anonymes).
}
presence-editor-warning = Quelqu'un d'autre a ouvert cet éditeur ces dernières minutes. Vous pouvez enregistrer tous les deux : les modifications de lignes différentes sont fusionnées, et si vous modifiez les mêmes lignes, vous verrez les deux versions avant que rien ne soit enregistré.
merged-notice = Votre modification a été fusionnée avec la version { $with } de { $author }, enregistrée pendant que vous modifiiez la page. Les deux modifications sont conservées.
merged-notice-diff = Voir votre modification appliquée à la version { $with }
history-merged = fusionnée avec la version { $number }

# Liens, renommage, suppression
backlinks-title = Pages qui mènent à { $page }
backlinks-none = Aucune page ne mène ici pour l'instant.
rename-title = Renommer { $page }
rename-explanation = L'ancien nom continuera de mener à cette page, pour toujours : les liens imprimés restent valables.
rename-new-name = Nouveau nom
delete-title = Supprimer { $page }
delete-explanation = La page sera masquée. Tout son historique est conservé et elle peut être restaurée à tout moment.

# Historique et comparaison
history-title = Historique de { $page }
history-caption = Versions, de la plus récente à la plus ancienne
history-from = De
history-to = À
history-from-label = Comparer depuis la version { $number }
history-to-label = Comparer jusqu'à la version { $number }
history-revision = Version
history-date = Date
history-author = Auteur·ice
history-size = Taille
history-summary = Résumé
history-actions = Actions
history-diff-prev = modifications
history-compare = Comparer les versions choisies
history-older = Versions plus anciennes
history-restored = version { $number } restaurée
restore-title = Restaurer une version antérieure
restore-explanation = Restaurer ajoute une nouvelle version avec l'ancien texte. Rien n'est effacé : les versions intermédiaires restent dans l'historique.
restore-button = Restaurer la version { $number }
restore-summary = Version { $number } restaurée
events-title = Renommages et suppressions
event-rename = renommée de « { $old } » en « { $new } » par { $author }
event-delete = supprimée par { $author }
event-undelete = restaurée par { $author }
diff-title = Modifications de { $page }
diff-revision = Version { $number }
diff-nav = Autres modifications
diff-older = Modification précédente
diff-newer = Modification suivante
diff-no-change = Ces deux versions ont le même texte.
diff-caption = Modifications ligne par ligne
diff-old-line = Ancienne ligne
diff-new-line = Nouvelle ligne
diff-change = Changement
diff-text = Texte
diff-removed = supprimé
diff-added = ajouté

# Listes
listings-label = Listes
recent-title = Modifications récentes
recent-feed-title = Modifications récentes (flux Atom)
recent-none = Rien n'a encore changé.
recent-revision = version { $number }
recent-new-page = nouvelle page
feed-edit-title = { $page } (version { $number })
index-title = Toutes les pages
index-none = Il n'y a pas encore de page.
index-next = Pages suivantes
wanted-title = Pages demandées
wanted-explanation = Pages vers lesquelles mènent des liens mais qui n'existent pas encore.
wanted-none = Tous les liens mènent à une page existante.
wanted-links = { $count ->
    [one] un lien
   *[other] { $count } liens
}
orphans-title = Pages orphelines
orphans-explanation = Pages vers lesquelles aucune autre page ne mène.
orphans-none = Chaque page est liée depuis une autre page.

# Recherche
search-label = Chercher dans le wiki
search-placeholder = Chercher
search-button = Chercher
search-title = Recherche
search-title-for = Recherche : { $query }
search-syntax = Chaque mot est cherché sous toutes ses formes (« animer » trouve aussi « animation »), avec ou sans accents. Mettez "une expression" entre guillemets, -mot pour exclure un mot, OR entre deux possibilités, mot* pour les mots qui commencent par « mot ».
search-nothing-to-look-for = Cette recherche n'a rien à chercher : elle ne contient que des mots très courants, ou que des mots à exclure. Ajoutez un mot.
search-no-results = Aucune page ne correspond à « { $query } ».
search-count = { $count ->
    [one] Une page correspond.
   *[other] { $count } pages correspondent.
}
search-count-capped = Au moins { $count } pages correspondent ; les meilleures viennent en premier. Ajoutez un mot pour affiner la recherche.
search-similar-titles = Pages au titre proche
search-results = Résultats
search-updated = Modifiée le
search-no-more = Il n'y a pas d'autres résultats.
search-pages = Pages de résultats
search-previous = Résultats précédents
search-next = Plus de résultats
opensearch-description = Chercher dans { $site }

# Noms de page
name-error-empty = Un nom de page ne peut pas être vide.
name-error-too-long = Un nom de page est limité à { $max } caractères ; celui-ci en a { $count }.
name-error-forbidden = Le caractère « { $char } » n'est pas autorisé dans les noms de page. Utilisez des lettres, des chiffres, des espaces et - _ . ' ( ) ,
name-error-control = Les noms de page ne peuvent pas contenir de caractères de contrôle.
name-error-bidi = Les noms de page ne peuvent pas contenir de caractères qui forcent le sens du texte.
name-error-only-dots = Un nom de page ne peut pas être composé uniquement de points.
name-error-leading-dash = Un nom de page ne peut pas commencer par « - » : ces adresses sont réservées aux pages spéciales du wiki.
name-error-reserved = « { $name } » est réservé par le wiki et ne peut pas être un nom de page.

# Erreurs
error-back-home = Aller à la page d'accueil
error-not-found-title = Introuvable
error-not-found = Il n'y a rien à cette adresse.
error-bad-name-title = Nom de page invalide
error-bad-request-title = Requête invalide
error-bad-request = La requête n'a pas pu être comprise.
error-bad-query = Un paramètre de l'adresse a une valeur invalide.
error-bad-form = Le formulaire n'a pas pu être lu.
error-bad-language = Cette langue n'est pas disponible.
error-search-too-long = Une recherche est limitée à 200 caractères. Raccourcissez-la et cherchez à nouveau.
error-search-page = Cette page de résultats n'existe pas.
error-nul-byte = Le texte contient un caractère NUL, qui ne peut pas être enregistré.
error-csrf-title = Formulaire expiré
error-csrf = Ce formulaire n'a pas été envoyé depuis une page de ce wiki, ou il a expiré. Revenez en arrière, rechargez la page et envoyez-le à nouveau : votre texte est toujours dans le formulaire de votre navigateur.
error-cross-origin-title = Requête refusée
error-cross-origin = Cette requête venait d'un autre site et a été refusée.
error-too-large-title = Trop volumineux
error-too-large = Ce qui a été envoyé est trop volumineux.
error-page-too-large = La page fait { $size } octets ; la limite est de { $limit } octets. Répartissez-la sur plusieurs pages.
error-name-taken-title = Nom déjà utilisé
error-name-taken = « { $wanted } » ne peut pas être utilisé : c'est le même nom que « { $existing } », écrit autrement, ou un ancien nom de cette page.
error-unprocessable-title = Impossible d'accepter
error-method-title = Non autorisé
error-method = Cette adresse n'accepte pas ce type de requête.
error-unavailable-title = Momentanément indisponible
error-unavailable = Le wiki ne parvient pas à joindre sa base de données. Réessayez dans quelques secondes.
error-internal-title = Une erreur s'est produite
error-internal = Une erreur inattendue s'est produite sur le serveur. Elle a été enregistrée.

# Comptes
account-nav-label = Compte
account-signed-in-as = Connecté·e en tant que
action-login = Se connecter
action-logout = Se déconnecter
action-signup = Créer un compte
action-permissions = Droits d'accès
signup-title = Créer un compte
signup-have-account = Vous avez déjà un compte ?
account-name = Nom d'utilisateur·ice
account-name-help = De 2 à 40 lettres, chiffres, « - », « _ » ou « . » ; affiché comme auteur·ice de vos modifications.
account-email = Adresse e-mail
account-password = Mot de passe
account-password-help = Au moins { $min } caractères. Une phrase de quelques mots est facile à retenir et difficile à deviner.
login-title = Se connecter
login-name-or-email = Nom d'utilisateur·ice ou adresse e-mail
login-forgot = Mot de passe oublié ?
login-error = Ce nom ou cette adresse e-mail et ce mot de passe ne correspondent à aucun compte.
login-after-reset = Votre mot de passe a été changé. Connectez-vous avec le nouveau.
account-title = Votre compte
account-role = Rôle
account-groups = Groupes
account-change-password = Changer de mot de passe
account-change-password-explanation = Changer de mot de passe vous déconnecte partout ailleurs, sur tous vos appareils.
account-current-password = Mot de passe actuel
account-new-password = Nouveau mot de passe
account-change-email = Changer d'adresse e-mail
account-password-changed = Votre mot de passe a été changé ; toutes vos autres sessions ont été fermées.
account-email-changed = Votre adresse e-mail a été changée.
account-error-name-length = Un nom d'utilisateur·ice a de 2 à 40 caractères.
account-error-name-chars = Un nom d'utilisateur·ice peut contenir des lettres, des chiffres, « - », « _ » et « . », et ne peut pas commencer par « - » ou « . ».
account-error-name-reserved = Ce nom est réservé.
account-error-email = Cette adresse e-mail n'est pas valide.
account-error-password-short = Ce mot de passe est trop court.
account-error-password-long = Ce mot de passe est trop long (1024 octets au plus).
account-error-name-taken = Ce nom est déjà pris. Choisissez-en un autre.
account-error-email-taken = Un compte utilise déjà cette adresse e-mail. Connectez-vous, ou réinitialisez son mot de passe.
account-error-current = Le mot de passe actuel n'est pas le bon.
role-admin = Administrateur·ice
role-editor = Éditeur·ice
role-member = Membre
reset-title = Réinitialiser votre mot de passe
reset-explanation = Indiquez votre nom ou votre adresse e-mail : nous enverrons un lien pour choisir un nouveau mot de passe. Il fonctionne une fois, pendant une heure.
reset-send = Envoyer le lien
reset-sent = Si un compte correspond, un message avec un lien a été envoyé à son adresse e-mail. Le lien fonctionne une fois, pendant une heure.
reset-invalid = Ce lien n'est pas valide : il a déjà servi, il a expiré, ou il a été copié incomplet.
reset-again = Demander un nouveau lien
reset-set = Enregistrer le nouveau mot de passe
reset-mail-subject = { $site } : réinitialiser votre mot de passe
reset-mail-body = Bonjour { $name },

    Quelqu'un (vous, espérons-le) a demandé à réinitialiser votre mot de passe sur { $site }. Pour en choisir un nouveau, ouvrez ce lien dans l'heure :

    { $link }

    Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même.
contributions-title = Contributions de { $user }
contributions-none = Aucune contribution à afficher.

# Droits d'accès
permissions-title = Droits d'accès de { $page }
permissions-owner = Propriétaire :
permissions-no-owner = Cette page n'a pas de propriétaire (créée anonymement ou avant les comptes) : seul·es les administrateur·ices changent ses droits.
permissions-syntax-title = Comment écrire les droits
permissions-syntax-everyone = tout le monde
permissions-syntax-signed-in = toute personne connectée
permissions-syntax-owner = la ou le propriétaire de la page
permissions-syntax-group = les membres du groupe
permissions-syntax-user = cette personne
permissions-syntax-deny = devant une entrée : refusé
permissions-syntax-rules = Une entrée par ligne. La première ligne qui correspond à une personne décide ; une personne qu'aucune ligne ne désigne est refusée. Les administrateur·ices et la ou le propriétaire passent toujours. Laissez un champ vide pour la valeur par défaut du site.
permissions-read = Qui peut lire
permissions-write = Qui peut modifier
permissions-comment = Qui peut commenter
permissions-default = Vide : la valeur par défaut du site ({ $default }).
permissions-site-default = valeur par défaut du site
permissions-save = Enregistrer les droits
permissions-history = Changements des droits
permissions-history-none = Les droits de cette page n'ont jamais été changés.
permissions-error-invalid = Ligne { $line } : « { $text } » n'est pas une entrée de droits. Utilisez *, +, %, @groupe, un nom, précédés de ! pour refuser.
permissions-error-too-many = Une liste de droits a au plus { $max } entrées.

# Administration
admin-title = Administration
admin-users = Comptes
admin-users-explanation = Les administrateur·ices gèrent comptes et groupes et passent tous les droits. Les éditeur·ices peuvent modifier, renommer, supprimer et restaurer toute page qu'iels peuvent lire. Les membres suivent les droits de chaque page.
admin-since = Depuis
admin-role-of = Rôle de { $user }
admin-change = Changer
admin-groups = Groupes
admin-groups-explanation = Les groupes se nomment dans les droits avec @, par exemple @animateurs.
admin-group-empty = Personne dans ce groupe pour l'instant.
admin-remove-member = Retirer { $user }
admin-add-member = Ajouter un·e membre (nom d'utilisateur·ice)
admin-add = Ajouter
admin-delete-group = Supprimer le groupe { $group }
admin-new-group = Nom du nouveau groupe
admin-create-group = Créer le groupe
admin-error-role = Ce rôle n'existe pas.
admin-error-last-admin = Le wiki n'aurait plus d'administrateur·ice : nommez d'abord quelqu'un d'autre.
admin-error-group-name = Un nom de groupe a de 1 à 40 lettres, chiffres, « - », « _ » ou « . ».
admin-error-group-exists = Ce groupe existe déjà.
admin-error-no-user = Aucun compte n'a ce nom.

# Erreurs des comptes et des droits
error-forbidden-title = Non autorisé
error-forbidden-write = Vous ne pouvez pas modifier cette page. Ses droits la réservent à d'autres ; demandez à sa ou son propriétaire ou à une administratrice.
error-forbidden-permissions = Seul·es la ou le propriétaire de la page et les administrateur·ices peuvent changer ses droits.
error-forbidden-admin = Seul·es les administrateur·ices peuvent faire cela.
error-login-required-title = Connectez-vous d'abord
error-login-required = Connectez-vous pour faire cela.
error-too-many-title = Trop de tentatives
error-too-many = Trop de tentatives pour ce compte ou depuis votre réseau. Attendez un quart d'heure, puis réessayez.
