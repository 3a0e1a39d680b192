# Le nom de la langue, dans le sélecteur de langue.
language-name = Français

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
action-copy = Dupliquer
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
editor-preview-toggle = Afficher
editor-show-text = Le texte
editor-show-preview = La prévisualisation
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
conflict-fields-explanation = La version { $latest } de { $author } a été enregistrée après l'ouverture de votre formulaire, et elle modifie les mêmes champs que vous. Rien n'est encore enregistré et rien de votre travail n'est perdu : le formulaire ci-dessous contient votre valeur de ces champs, avec ses autres modifications déjà reprises. Comparez chaque champ ci-dessous, corrigez-le dans le formulaire, puis enregistrez à nouveau.
conflict-field-yours = Votre valeur (dans le formulaire ci-dessous)
editor-recreate = Recréer la page avec mon texte
deleted-meanwhile-title = Cette page a été supprimée pendant que vous la modifiiez
deleted-meanwhile-explanation = Rien n'a été enregistré et votre texte est conservé ci-dessous. Vous pouvez recréer la page avec votre texte, ou la laisser supprimée : son historique reste disponible dans les deux cas.
deleted-editing-title = Cette page est supprimée
deleted-editing-explanation = Enregistrer rétablit la page avec le texte ci-dessous. Son historique est conservé.
draft-found = Ce navigateur a gardé un texte que vous n'aviez pas enregistré sur cette page.
draft-restore = Le remettre dans l'éditeur
draft-discard = L'abandonner

# Édition à plusieurs
presence-editing-now = Modifie aussi cette page en ce moment : { $people }.
presence-anonymous = { $count ->
    [one] une personne anonyme
   *[other] { $count } personnes anonymes
}
presence-names-and-anonymous = { $names } et { $anonymous }
presence-editor-warning = Quelqu'un d'autre a ouvert cet éditeur ces dernières minutes. Vous pouvez enregistrer tous les deux : les modifications de lignes différentes sont fusionnées, et si vous modifiez les mêmes lignes, vous verrez les deux versions avant que rien ne soit enregistré.
saved-notice = Enregistré : version { $number }.
saved-notice-diff = Voir ce qui a changé
private-marker = Page non publique, lisible par
private-marker-change = modifier
merged-notice = Votre modification a été fusionnée avec la version { $with } de { $author }, enregistrée pendant que vous modifiiez la page. Les deux modifications sont conservées.
merged-notice-diff = Voir votre modification appliquée à la version { $with }
history-merged = fusionnée avec la version { $number }

# Liens, renommage, suppression
backlinks-title = Pages qui mènent à { $page }
backlinks-none = Aucune page ne mène ici pour l'instant.
backlinks-missing = Cette page n'existe pas encore.
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
restore-confirm-title = Restaurer la version { $number } de { $page } ?
restore-confirm-explanation = La page reprendra le texte de la version { $number } : ci-dessous, le dernier texte à gauche et ce qui revient à droite. Rien n'est effacé : les versions intermédiaires restent dans l'historique.
restore-undeletes = La page est supprimée : la restaurer la fait revenir.
restore-same = La dernière version a déjà ce texte : il n'y a rien à restaurer.
restore-reason = Pourquoi (facultatif, affiché dans l'historique)
restore-cancel = Annuler
events-title = Renommages et suppressions
event-rename = renommée de « { $old } » en « { $new } » par { $author }
event-delete = supprimée par { $author }
event-undelete = restaurée par { $author }
sheet-changes-title = Changements, champ par champ
sheet-changes-none = Les champs et les notes sont les mêmes.
sheet-changes-field = Champ
sheet-changes-before = Avant
sheet-changes-after = Après
sheet-changes-empty = (vide)
sheet-changes-notes = Notes
diff-source = Le texte lui-même, ligne à ligne
diff-source-heading = Le texte, ligne à ligne
diff-rendered-heading = Tel que la page se lit
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
new-page-title = Nouvelle page
new-page-name = Nom de la nouvelle page
new-page-open = Ouvrir l'éditeur
new-page-help = Le nom est l'adresse et le titre de la page : lettres, chiffres, espaces et - _ . ' ( ) , conviennent. Les pages y renvoient avec [[son nom]].
index-title = Toutes les pages
feed-edit-summary = Version { $number } de { $page } par { $author }
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
search-create = Créer la page « { $name } »
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
search-comments = Commentaires
search-comment-on = { $author } sur { $page }
search-all-comments = { $count ->
    [one] Le commentaire qui correspond
   *[other] Les { $count } commentaires qui correspondent
}
search-all-comments-capped = Au moins { $count } commentaires correspondent : les voir
search-back-to-pages = Revenir aux pages trouvées
search-no-comments = Aucun commentaire ne correspond à « { $query } ».
search-comment-count = { $count ->
    [one] Un commentaire correspond.
   *[other] { $count } commentaires correspondent.
}
search-comment-count-capped = Au moins { $count } commentaires correspondent ; les meilleurs viennent en premier. Ajoutez un mot pour affiner la recherche.
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
name-error-mixed-scripts = « { $name } » mêle des alphabets dans un même mot (une lettre de l’un ressemble à une lettre de l’autre) : ce nom pourrait passer pour celui d’une autre page. Écrivez chaque mot dans un seul alphabet.

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
error-name-unavailable = « { $wanted } » n'est pas disponible. Choisissez un autre nom.
error-unprocessable-title = Impossible d'accepter
error-method-title = Non autorisé
error-method = Cette adresse n'accepte pas ce type de requête.
error-unavailable-title = Momentanément indisponible
error-unavailable = Le wiki ne parvient pas à joindre sa base de données. Réessayez dans quelques secondes.
error-store-unavailable = Le stockage des fichiers ne répond pas pour le moment : rien n’a été enregistré. Réessayez dans un instant.
error-disk-full = Le disque de la base de données du wiki est plein : rien n’a été enregistré. Revenez en arrière pour garder votre texte, et réessayez plus tard ; si cela dure, prévenez les administrateur·ices du wiki.
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
login-held = Ce que vous avez envoyé est gardé : connectez-vous et il reviendra, prêt à être renvoyé.
held-title = Ce que vous avez envoyé avant de vous connecter
held-intro = Il fallait vous connecter pour enregistrer ceci. Voici ce que vous avez envoyé, gardé pour vous ; renvoyez-le pour l'enregistrer. Le wiki l'a maintenant oublié : si vous quittez cette page, il est perdu.
held-send = Le renvoyer
held-drop = Y renoncer
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
account-error-name-mixed = Un nom d'utilisateur·ice s'écrit dans une seule écriture (des lettres d'une autre écriture qui se ressemblent pourraient passer pour quelqu'un d'autre).
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
permissions-unknown = Ce wiki n'a aucun groupe ni aucune personne nommés {$names} : personne ne leur correspondrait, et seuls le propriétaire et les administrateurs garderaient l'accès qu'ils donnent. Corrigez les listes, ou confirmez ci-dessous.
permissions-unknown-confirm = Enregistrer quand même : ces noms sont voulus
permissions-save = Enregistrer les droits
permissions-history = Changements des droits
permissions-history-none = Les droits de cette page n'ont jamais été changés.
permissions-error-invalid = Ligne { $line } : « { $text } » n'est pas une entrée de droits. Utilisez *, +, %, @groupe, un nom, précédés de ! pour refuser.
permissions-error-too-many = Une liste de droits a au plus { $max } entrées.

# Administration
admin-title = Administration
admin-users = Comptes
admin-users-explanation = Les administrateur·ices gèrent comptes et groupes et passent tous les droits. Les éditeur·ices peuvent modifier, renommer, supprimer et restaurer toute page qu'iels peuvent lire. Les membres suivent les droits de chaque page.
admin-imported-not-logged-in = Importé ; pas connecté depuis (garde l'empreinte de mot de passe de l'ancien wiki)
admin-error-no-such-user = Aucun compte ne s'appelle « {$user} » : vérifiez l'orthographe (la liste des personnes ci-dessus donne tous les noms).
setup-title = Créer l'administrateur
setup-explanation = Ce wiki n'a pas encore d'administrateur : le compte que vous créez ici sera le premier, qui pourra gérer toutes les pages, tous les comptes et tous les groupes. Le lien que vous avez suivi cesse alors de fonctionner.
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
admin-search-set-aside = Pages que la recherche ne trouve que par leur titre
admin-search-set-aside-explanation = Indexer le texte de ces pages pour la recherche a pris plus de temps que permis : seul leur titre peut être trouvé. Leur prochaine version sera de nouveau essayée.
admin-search-page = Page
admin-search-revision = Version
admin-search-reason = Pourquoi
admin-nav-label = Pages d’administration
admin-nav-people = Personnes et groupes
settings-title = Réglages du site
settings-explanation = Ces réglages changent toutes les pages à la fois, sur chaque serveur du wiki. Laissez un champ vide pour garder sa valeur par défaut.
settings-name = Nom du site
settings-default = Par défaut : { $value }
settings-tagline = Slogan
settings-tagline-help = Une courte ligne sous le nom, dans l’en-tête de chaque page.
settings-logo = Logo
settings-logo-help = Une image jointe à une page, écrite Page/fichier.png. Joignez-la à une page que tout le monde peut lire.
settings-logo-now = Le logo actuel :
settings-colours = Couleurs
settings-colours-help = Écrites #rrvvbb. Chaque texte doit garder un rapport de contraste d’au moins { $minimum }:1 avec son fond, pour que tout le monde puisse le lire.
settings-text-colour = Couleur du texte
settings-background-colour = Couleur de fond
settings-accent-colour = Couleur d’accent (nom du site, boutons)
settings-home-page = Page d’accueil
settings-language = Langue par défaut
settings-language-help = Pour les visiteurs dont le navigateur ne demande aucune des langues du wiki.
settings-licence = Licence en pied de page
settings-licence-help = Par exemple : Contenu sous licence CC BY-SA 4.0 sauf mention contraire.
settings-save = Enregistrer les réglages
settings-saved = Les réglages sont enregistrés.
settings-problems = Les réglages n’ont pas été enregistrés : corrigez les champs signalés ci-dessous.
settings-error-too-long = { $max } caractères au plus.
settings-error-colour = Écrivez une couleur sous la forme #rrvvbb, par exemple #1f6f50.
settings-error-contrast = { $fore } sur { $back } a un rapport de contraste de { $ratio }:1 ; il faut au moins { $minimum }:1 pour que tout le monde puisse lire.
settings-error-page-name = Ce n’est pas un nom de page valide.
settings-error-language = Choisissez l’une des langues de la liste.
settings-error-logo = Aucune image n’est jointe sous ce nom : écrivez Page/fichier.png, le nom d’une image jointe à une page.

# Erreurs des comptes et des droits
error-forbidden-title = Non autorisé
error-forbidden-write = Vous ne pouvez pas modifier cette page. Ses droits la réservent à d'autres ; demandez à sa ou son propriétaire ou à une administratrice.
error-forbidden-permissions = Seul·es la ou le propriétaire de la page et les administrateur·ices peuvent changer ses droits.
error-forbidden-admin = Seul·es les administrateur·ices peuvent faire cela.
error-login-required-title = Connectez-vous d'abord
error-login-required = Connectez-vous pour faire cela.
error-too-many-title = Trop de tentatives
error-too-many = Trop de tentatives pour ce compte ou depuis votre réseau. Attendez un quart d'heure, puis réessayez.
# Catalogue : navigation
nav-programmes = Programmes
nav-methods = Méthodes

# Catalogue : une fiche
sheet-at-a-glance = En bref
sheet-people = { $n } personnes
sheet-minutes = { $n } min
sheet-yes = Oui
sheet-no = Non
sheet-problems = Certaines valeurs de cette fiche ne correspondent plus à son formulaire ; elles restent dans sa source.
sheet-read-in-this-language = Lire en français
sheet-steps-total = Total : { $n } min
sheet-material-item = Matériel
sheet-material-quantity = Quantité
sheet-material-per = Par
sheet-per-person = personne
sheet-per-group = groupe
sheet-per-session = séance

# Catalogue : formulaires
form-page-intro = Cette page est le formulaire « { $form } » : les champs de ses fiches. Modifiez-la pour ajouter, changer ou retirer un champ ; les valeurs déjà enregistrées dans les fiches ne sont jamais effacées.
form-field-key = Clé
form-field-label = Libellé
form-field-type = Type
form-field-rules = Règles et valeurs
form-required = obligatoire.
form-filterable = filtre du catalogue.
form-max-length = { $max } caractères au plus.
form-type-text = texte court
form-type-markdown = texte long (Markdown)
form-type-number = nombre
form-type-intrange = intervalle de nombres
form-type-durationrange = intervalle de minutes
form-type-choice = choix unique
form-type-choices = choix multiple
form-type-yesno = oui/non
form-type-url = adresse web
form-type-pagelink = lien vers une page
form-type-pagelinks = liste de liens vers des pages
form-type-steps = étapes avec durées
form-type-materials = liste de matériel
form-type-tags = étiquettes
form-type-texts = liste de textes
form-type-licence = licence (SPDX)
form-type-image = image
form-type-relations = méthodes liées
form-problem-title = Formulaire
form-problem-yaml = Le formulaire n'est pas du YAML valide : { $detail }
form-problem-name = « { $name } » n'est pas un nom de formulaire : lettres et chiffres seulement, en commençant par une lettre.
form-problem-page = Le formulaire s'appelle « { $name } » mais sa page est « { $page } » : le nom après « Form. » doit être celui du formulaire.
form-problem-too-many = Un formulaire a au plus { $max } champs.
form-problem-too-many-filters = Un formulaire a au plus { $max } champs filtrables.
form-problem-key = « { $key } » ne peut pas être une clé de champ : minuscules, chiffres et _, en commençant par une lettre, et aucun de form, page, lang, translation, body, q, sort, layout, offset.
form-problem-duplicate = Deux champs ont la clé « { $key } ».
form-problem-label = Le champ « { $key } » a besoin d'un libellé en anglais et en français.
form-problem-choices = Le champ « { $key } » a besoin d'une liste de valeurs permises (100 au plus).
form-problem-choice-id = Dans le champ « { $key } », « { $id } » n'est pas un identifiant de valeur valide (ou est répété).
form-problem-filterable = Le champ « { $key } » ne peut pas être un filtre : seuls les choix et les intervalles le peuvent.
form-problem-total-within = Dans le champ « { $key } », total_within doit nommer un intervalle de durée, et seules les étapes peuvent l'avoir.

# Catalogue : vérifier une fiche
label-value = { $label } : { $value }
sheet-not-saved = Rien n'a été enregistré : corrigez ces champs
sheet-front-matter = En-tête
sheet-error-unclosed = L'en-tête n'a pas de ligne « --- » de fermeture.
sheet-error-yaml = L'en-tête n'est pas du YAML valide : { $detail }
sheet-error-no-form = L'en-tête doit nommer son formulaire, par exemple « form: Method ».
field-unknown-form = Il n'y a pas de formulaire « { $form } » (sa page Form.{ $form } manque ou n'est pas valide).
field-bad-lang = Choisissez la langue de la fiche : en ou fr.
field-bad-slug = L'identifiant est fait de minuscules et de chiffres, en mots reliés par des tirets, par ex. world-cafe.
field-required = Ce champ est obligatoire.
field-too-long = { $max } caractères au plus ; il y en a { $count }.
field-not-text = Ceci doit être du texte.
field-one-line = Ceci doit tenir sur une ligne.
field-not-number = Ceci doit être un nombre entier.
field-number-min = Ceci doit valoir au moins { $min }.
field-number-max = Ceci doit valoir au plus { $max }.
field-too-many = { $max } éléments au plus.
field-not-list = Ceci doit être une liste.
field-item-not-record = L'élément { $n } est incomplet.
field-not-range = Donnez une valeur minimale et une valeur maximale.
field-range-both = Donnez à la fois la valeur minimale et la valeur maximale.
field-range-order = La valeur minimale dépasse la valeur maximale.
field-unknown-choice = « { $value } » ne fait pas partie des valeurs permises.
field-duplicate = « { $value } » est choisi deux fois.
field-not-yes-no = Ceci doit être oui ou non.
field-not-url = Ceci doit être une adresse web commençant par https:// ou http://.
field-not-page-name = Ce n'est pas un nom de page valide ({ $detail }).
field-unknown-licence = « { $value } » n'est pas un identifiant de licence SPDX (par exemple CC-BY-SA-4.0).
field-not-image = Donnez l'adresse de l'image et une description.
field-image-src = L'image doit être sur ce site : son adresse commence par /.
field-image-alt = Décrivez l'image pour les personnes qui ne la voient pas.
field-step-title = L'étape { $n } a besoin d'un titre.
field-step-duration = L'étape { $n } a besoin d'une durée en minutes (0 ou plus).
field-material-quantity = Le matériel { $n } a besoin d'une quantité de 1 ou plus.
field-material-per = Le matériel { $n } a besoin de « par personne », « par groupe » ou « par séance ».
field-relation-slug = Méthode liée { $n } : donnez l'identifiant d'une méthode, par ex. world-cafe.
field-relation-kind = Méthode liée { $n } : choisissez le type de lien.
field-steps-total = Les étapes font { $total } min au total, hors de la durée ({ $min }–{ $max } min).

# Catalogue : l'éditeur de fiche
sheet-new-title = Nouvelle fiche : { $form }
sheet-header = Page et langue
sheet-header-page = Nom de la page
sheet-header-lang = Langue de la fiche
sheet-header-translation = Identifiant de la méthode
sheet-header-translation-help = Commun aux traductions d'une même méthode, par ex. world-cafe. Laissé vide, il est tiré du nom de la page.
sheet-header-form = Formulaire
sheet-body = Notes, exemples et tout le reste (Markdown)
sheet-page-exists = Une page « { $page } » existe déjà : choisissez un autre nom, ou modifiez cette page.
sheet-bad-page-name = Ce n'est pas un nom de page valide : lettres, chiffres, espaces et - _ . ' ( ) , (120 caractères au plus).
editor-raw-link = Modifier plutôt le texte source
editor-required = obligatoire
editor-none = Aucun
editor-range-min = De
editor-range-max = à
editor-row = Ligne { $n }
editor-add-step = Ajouter une étape
editor-add-material = Ajouter un matériel
editor-add-relation = Ajouter une méthode liée
editor-sub-title = Titre
editor-sub-duration = Minutes
editor-sub-text = Texte
editor-sub-item = Matériel
editor-sub-quantity = Quantité
editor-sub-per = Par
editor-sub-method = Méthode (identifiant)
editor-sub-kind = Lien
editor-image-src = Adresse de l'image (sur ce site)
editor-image-alt = Description de l'image

# Catalogue : parcourir
catalogue-title = Catalogue de méthodes
catalogue-form-title = Catalogue : { $form }
catalogue-all-forms = Tous les catalogues
forms-title = Catalogues
forms-intro = Chaque formulaire a son catalogue de fiches, filtrable sur les champs que le formulaire déclare filtrables.
forms-definition = le formulaire
catalogue-new = Nouvelle fiche méthode
catalogue-import = Importer
catalogue-export-csv = Exporter en CSV
catalogue-export-json = Exporter en JSON
catalogue-print-cards = { $count ->
    [one] Imprimer cette méthode en carte
   *[other] Imprimer ces { $count } méthodes en cartes
}
export-csv-spreadsheet = pour tableur (Excel)
catalogue-filters = Filtres
catalogue-filters-show = Afficher les filtres
catalogue-to-filters = Filtrer ces méthodes ↓
catalogue-search = Chercher dans les titres et résumés
catalogue-language = Langue des fiches
catalogue-all-languages = Toutes les langues
catalogue-filter-people = mon groupe compte (personnes)
catalogue-filter-minutes = j'ai (minutes)
catalogue-sort = Trier par
catalogue-sort-title = titre
catalogue-sort-recent = modification récente
catalogue-sort-duration = durée
catalogue-sort-relevance = pertinence
catalogue-sort-usage = usage dans les programmes
catalogue-filter-used = Utilisée dans au moins ce nombre d’événements
catalogue-layout = Afficher en
catalogue-layout-cards = cartes
catalogue-layout-list = liste
catalogue-apply = Appliquer les filtres
catalogue-clear = Retirer tous les filtres
catalogue-count = { $count ->
    [0] Aucune méthode
    [one] Une méthode
   *[other] { $count } méthodes
}
catalogue-active-filters = Filtres actifs
catalogue-remove-filter = (retirer ce filtre)
catalogue-column-method = Méthode
catalogue-column-hook = En une phrase
catalogue-column-facts = Groupe, durée, objectifs
catalogue-pages = Plus de résultats
catalogue-previous = Méthodes précédentes
catalogue-next = Plus de méthodes
catalogue-empty = Aucune méthode ne correspond à tous ces filtres.
catalogue-empty-none = Le catalogue n'a pas encore de fiche dans cette langue.
catalogue-empty-several = Retirer un seul filtre ne suffit pas :
catalogue-loosen = Retirez « { $filter } » pour voir { $count ->
    [one] une méthode
   *[other] { $count } méthodes
}
catalogue-no-form = Le catalogue a besoin de son formulaire : la page Form.Method manque, est supprimée ou n'est pas valide. Restaurez-la depuis son historique.
catalogue-bad-lang = La langue des fiches doit être en, fr ou all.
catalogue-bad-sort = Triez par title, recent ou duration.
catalogue-bad-layout = Affichez en cards ou list.
catalogue-bad-number = Un nombre de l'adresse n'est pas un entier dans les limites acceptées.
catalogue-bad-choice = Une valeur de filtre de l'adresse ne fait pas partie des valeurs du formulaire.

# Catalogue : import
import-title = Importer des fiches méthode
import-explanation = Collez des fiches en JSON (un tableau d'objets avec les clés de la fiche et « body ») ou en CSV (une ligne d'en-tête avec les mêmes clés ; les listes en JSON). Vérifiez d'abord : l'essai à blanc dit ce qui serait créé, mis à jour ou refusé, et pourquoi. L'import enregistre tout ou rien.
import-format = Format
import-data = Fiches à importer
import-data-help = Un export de ce catalogue (CSV ou JSON) peut être réimporté tel quel. « page » nomme la page à créer ou à mettre à jour.
import-dry-run = Vérifier (essai à blanc)
import-apply = Importer
import-report-dry-run = Essai à blanc : rien n'a été enregistré
import-report-applied = Importé
import-totals = Créées : { $created } · mises à jour : { $updated } · inchangées : { $unchanged } · refusées : { $rejected }.
import-row = Ligne
import-page = Page
import-outcome = Résultat
import-reasons = Pourquoi
import-outcome-created = créée
import-outcome-updated = mise à jour
import-outcome-unchanged = inchangée
import-outcome-rejected = refusée
import-refused = Rien n'a été importé : des lignes sont refusées. Corrigez-les ou retirez-les, puis importez à nouveau.
import-moved = Rien n'a été importé : la page « { $page } » a changé pendant l'import. Vérifiez à nouveau.
import-bad-json = Le JSON n'a pas pu être lu : { $detail }
import-not-array = Le JSON doit être un tableau de fiches : [ {"{"} … {"}"}, … ].
import-not-object = L'élément { $detail } du JSON n'est pas un objet.
import-too-many = { $detail } fiches au plus par import.
import-bad-csv = Le CSV n'a pas pu être lu : { $detail }
import-bad-page = « page » manque ou n'est pas un nom de page valide.
import-duplicate = Une autre ligne de ce fichier a la même page.
import-too-large = La fiche dépasse la taille maximale d'une page.

## Attachments
action-attachments = Fichiers joints
attachments-title = Fichiers joints de { $page }
attachments-none = Aucun fichier n'est encore joint à cette page.
attachments-deleted = Fichiers supprimés
attachments-back = Retour aux fichiers joints
attachment-file = Fichier
attachment-kind = Type
attachment-size = Taille
attachment-version = Version
attachment-markdown = Pour l'afficher dans la page
attachment-uploaded-by = Envoyé par
attachment-current = version actuelle
attachment-restore = Rendre cette version actuelle
attachment-restored-from = (copie de la version { $number })
attachment-deleted-notice = Ce fichier a été supprimé. Ses versions sont conservées et il peut être restauré.
action-undelete-attachment = Restaurer
attachment-history-title = Versions de { $file }
attachment-upload-label = Fichier à joindre
attachment-upload = Envoyer
attachment-upload-help = Images (PNG, JPEG, GIF, WebP), PDF, texte, CSV, Markdown et documents bureautiques, jusqu'à { $limit }. Envoyer un fichier du même nom ajoute une version.
attachment-drop-hint = Vous pouvez aussi déposer un fichier ici.
attachment-kind-image = image
attachment-kind-svg = dessin SVG (téléchargement)
attachment-kind-pdf = PDF
attachment-kind-text = texte
attachment-kind-document = document bureautique
attachment-size-kib = { $size } Ko
attachment-size-mib = { $size } Mo
attachment-error-name = Ce nom de fichier est vide une fois retirés les chemins, les caractères invisibles et les points initiaux. Renommez le fichier puis envoyez-le à nouveau.
attachment-error-type = Ce type de fichier n'est pas accepté. Acceptés : images PNG, JPEG, GIF et WebP, dessins SVG, PDF, texte, CSV, Markdown et documents bureautiques.
attachment-error-pixels = Cette image a trop de pixels. Réduisez sa taille puis envoyez-la à nouveau.
attachment-error-corrupt = Ce fichier ressemble à une image mais ne peut pas être lu comme telle.
attachment-error-upload = L'envoi n'a pas pu être lu. Réessayez depuis la page des fichiers joints.
attachment-error-no-file = Choisissez un fichier à envoyer.
# Liens : liens permanents, codes QR, impression, intégrations, oEmbed, API
page-permanent-link = Lien permanent vers cette révision
action-print = Imprimer
action-qr = Code QR
print-hint = Cette page est prête à imprimer : utilisez la commande Imprimer de votre navigateur (Ctrl+P ou ⌘P), ou enregistrez-la en PDF.
print-cards-hint = { $count ->
    [one] Cette fiche méthode est prête à imprimer, chaque face sur sa page : utilisez la commande Imprimer de votre navigateur (Ctrl+P ou ⌘P), ou enregistrez-la en PDF ; imprimez en recto verso pour en faire une carte.
   *[other] Ces { $count } fiches méthode sont prêtes à imprimer, chaque face sur sa page : utilisez la commande Imprimer de votre navigateur (Ctrl+P ou ⌘P), ou enregistrez-les en PDF ; imprimez en recto verso pour en faire des cartes.
}
print-cards-paper = Papier :
print-cards-a6 = A6, une face de carte par page
print-cards-a4 = quatre cartes par feuille A4 (recto verso, retournement bord long, puis découper)
print-cards-none = Aucune fiche méthode à imprimer ici.
print-cards-title = { $count ->
    [0] Aucune fiche méthode
    [one] Une fiche méthode
   *[other] { $count } fiches méthode
}
print-cards-of = Fiches méthode de { $programme }
print-cards-back-catalogue = Retour au catalogue
print-cards-back-programme = Retour au programme
print-card-front = Recto de la fiche { $name }
print-card-back = Verso de la fiche { $name } ({ $side }/{ $sides })
print-card-notes-side = Notes de la fiche { $name } ({ $side }/{ $sides })
print-card-steps = Étapes
print-card-steps-continued = Étapes (suite)
print-card-continued = (suite)
print-card-notes = Notes
print-card-no-steps = Cette fiche n'a pas encore d'étapes.
print-qr-alt = Code QR de { $url }
print-source = Tiré de { $site }, révision { $number }.
embed-read-on = Lire sur { $site } ↗
error-not-implemented-title = Non disponible
oembed-json-only = Seul le format JSON est disponible (format=json).
oembed-no-url = Le paramètre « url » manque : quelle page faut-il décrire ?
api-bad-limit = « limit » doit être un nombre de 1 à 200.
## Programmes
programmes-title = Programmes
programmes-new = Nouveau programme
programmes-import = Importer un programme
programmes-upcoming = À venir et en cours
programmes-past = Passés
programmes-none = Aucun programme pour l’instant.
programmes-calendar-feed = S’abonner à tous les programmes (iCalendar)
programmes-months = Autres mois
programmes-month-none = Aucun programme ce mois-ci.
programmes-bad-month = Ce n’est pas un mois : écrivez-le année-mois, par exemple 2026-12.
programmes-month-year = { $month } { $year }
programmes-month-1 = janvier
programmes-month-2 = février
programmes-month-3 = mars
programmes-month-4 = avril
programmes-month-5 = mai
programmes-month-6 = juin
programmes-month-7 = juillet
programmes-month-8 = août
programmes-month-9 = septembre
programmes-month-10 = octobre
programmes-month-11 = novembre
programmes-month-12 = décembre
programmes-weekday-1 = lundi
programmes-weekday-2 = mardi
programmes-weekday-3 = mercredi
programmes-weekday-4 = jeudi
programmes-weekday-5 = vendredi
programmes-weekday-6 = samedi
programmes-weekday-7 = dimanche
programmes-weekday-short-1 = lun.
programmes-weekday-short-2 = mar.
programmes-weekday-short-3 = mer.
programmes-weekday-short-4 = jeu.
programmes-weekday-short-5 = ven.
programmes-weekday-short-6 = sam.
programmes-weekday-short-7 = dim.
programme-event = Événement
programme-field-title = Titre de l’événement
programme-field-start = Premier jour
programme-field-end = Dernier jour
programme-field-dates = Dates
programme-field-place = Lieu
programme-fact-timezone = Fuseau horaire
programme-fact-licence = Licence
programme-field-timezone = Fuseau horaire (p. ex. Europe/Paris)
programme-field-language = Langue (un code comme fr ou en)
programme-field-organisers = Organisation
programme-field-licence = Licence (identifiant SPDX, p. ex. CC-BY-SA-4.0)
programme-field-rooms = Salles
programme-list-help = Séparez-en plusieurs par un point-virgule (;).
programme-slots = Créneaux
programme-slots-help = Une ligne par créneau. Jour au format AAAA-MM-JJ, début HH:MM, durée en minutes ; méthodes par nom de page, « Nom@12 » pour épingler la révision 12 ; listes séparées par « ; ». Videz une ligne pour retirer son créneau.
programme-slot = Créneau
programme-slot-day = Jour
programme-slot-start = Début
programme-slot-duration = Minutes
programme-slot-room = Salle
programme-slot-title = Titre
programme-slot-facilitators = Animation
programme-slot-group = Taille de groupe prévue
programme-slot-methods = Méthodes
programme-slot-actual = Participation réelle
programme-slot-how = Comment ça s’est passé
programme-slot-learnings = Enseignements
programme-add-slot = Ajouter un créneau
programme-slot-actions = Actions
programme-slot-duplicate = Dupliquer
programme-slot-remove = Retirer
programme-slot-up = Monter
programme-slot-down = Descendre
programme-slot-added = Créneau { $n } ajouté, vide.
programme-slot-duplicated = Créneau { $n } ajouté, copie du créneau { $from }.
programme-slot-removed = Créneau { $n } retiré.
programme-slot-moved = Créneau déplacé en position { $n }.
programme-planner = Planifier sur la grille
programme-planner-help = Faites glisser un créneau vers une autre heure ou une autre salle, ou sélectionnez-le et utilisez les flèches : haut et bas le déplacent de 15 minutes, gauche et droite vers la salle voisine. Les champs du créneau suivent ; enregistrez le programme pour garder le changement.
programme-planner-moved = { $title } : { $start }, { $room }.
programme-planner-no-room = sans salle
programme-description = Description (Markdown)
programme-not-saved = Le programme n’a pas été enregistré. Corrigez les champs ci-dessous.
programme-day = Jour { $n } : { $date }
programme-time = Heure
programme-no-slot = Rien de prévu ce jour-là.
programme-facilitators = Animé par
programme-group-size = { $count ->
    [one] Pour { $count } personne
   *[other] Pour { $count } personnes
}
programme-actual-size = { $count ->
    [one] { $count } personne est venue
   *[other] { $count } personnes sont venues
}
programme-methods = Méthodes utilisées
programme-outcome = Bilan
programme-learnings = Enseignements
programme-pinned = (révision { $rev })
programme-moved-on = Ce programme utilisait la révision { $rev } ; la fiche en est maintenant à la révision { $latest }.
programme-see-changes = Voir ce qui a changé
programme-method-missing = (introuvable)
programme-exports = Exports
programme-print = Imprimer
programme-print-cards = Imprimer ses méthodes en cartes
programme-export-ics = Agenda (iCalendar)
programme-export-xml = schedule.xml (frab)
programme-export-json = schedule.json (frab)
programme-export-json-classic = schedule.json (frab, présentation classique)
programme-export-csv = CSV
programme-qr-alt = Code QR de { $method }
programme-export-csv-spreadsheet = CSV pour tableur (Excel)
programme-duplicate = Dupliquer en un nouveau programme
programme-used-in = { $count ->
    [one] Utilisée dans { $count } événement
   *[other] Utilisée dans { $count } événements
}
programme-error-unclosed = L’en-tête n’a pas de ligne « --- » de fermeture.
programme-error-yaml = L’en-tête n’est pas du YAML valide.
programme-error-title = Donnez un titre à l’événement.
programme-error-date = Écrivez une date au format AAAA-MM-JJ.
programme-error-end-before-start = Le dernier jour précède le premier.
programme-error-too-long = Un événement dure au plus 31 jours.
programme-error-timezone = Fuseau horaire inconnu : utilisez un nom comme Europe/Paris ou UTC, ou un décalage fixe comme UTC+01:00.
programme-error-language = Ce n’est pas un code de langue : écrivez-en un comme fr, en ou pt-BR.
programme-error-id = L’identifiant d’un créneau est un UUID (comme 6f1c8f6e-1b9e-4d43-9e61-6a0f4e0c2a11) : retirez celui-ci et le créneau en reçoit un.
programme-error-duplicate-id = Un autre créneau a cet identifiant (une ligne copiée ?) : retirez-le de ce créneau, qui en reçoit alors un à lui.
programme-error-licence = Ce n’est pas un identifiant de licence (SPDX), p. ex. CC-BY-SA-4.0.
programme-error-slots = « slots » doit être une liste.
programme-error-too-many-slots = Un programme a au plus 500 créneaux.
programme-error-slot = Un créneau doit être une table de ses champs.
programme-error-day-outside = Ce jour n’est pas dans les dates de l’événement.
programme-error-time = Écrivez une heure entre 0:00 et 23:59, par exemple 9:30, 9h30 ou 09.30.
programme-error-method-unknown = Aucune page ne s’appelle « { $method } ». Titres les plus proches : { $titles }.
programme-error-method-nowhere = Aucune page ne s’appelle « { $method } », et aucun titre n’en est proche.
programme-error-method-missing = Aucune page ne s’appelle « { $method } ».
programme-keep-missing = Enregistrer tels quels les noms de méthodes qui ne mènent à aucune page : leurs pages seront écrites plus tard.
programme-error-duration = Écrivez la durée en minutes (1 à 1440).
programme-error-slot-title = Donnez un titre au créneau.
programme-error-number = Écrivez un nombre entier.
programme-error-method = Ce n’est pas un nom de page (ajoutez @N pour épingler une révision).
programme-error-page = Donnez au programme un nom de page valide.
programme-import-format = Format
programme-import-data = Contenu du fichier
programme-import-help = Un CSV avec les colonnes de l’export CSV (day, start, duration, title… ; timezone pour le fuseau des heures), ou un schedule.json ou schedule.xml frab/pretalx.
programme-import-check = Vérifier (rien n’est enregistré)
programme-import-confirm = Importer
programme-import-report = Ce que l’import va créer
programme-import-will-create = La page « { $page } » avec le programme « { $title } ».
programme-import-slots = { $count ->
    [one] { $count } créneau
   *[other] { $count } créneaux
}
programme-import-unknown = Méthodes non reconnues
programme-import-summary = Programme importé
programme-import-empty = Le fichier n’a aucun créneau.
programme-import-bad-csv = Le CSV est illisible, ou il lui manque une des colonnes day, start, duration, title.
programme-import-bad-json = Le JSON ne se lit pas comme un schedule.json frab ou pretalx.
programme-import-bad-xml = Le XML ne se lit pas comme un schedule.xml frab ou pretalx.
programme-import-zones = Les lignes de la colonne timezone nomment des fuseaux horaires différents : un programme n’en a qu’un.
programme-import-refused = Rien n’a été importé
programme-import-timezone = Les heures sont dans le fuseau horaire { $zone } ; vous pourrez le changer après l’import.
programme-export-bad-layout = Présentation inconnue : demandez layout=classic, ou aucune (la présentation schema2).

# Dates as people read them (layout::time, layout::long_date).
date-long = { $weekday } { $day } { $month } { $year }
time-shown = { $day } { $month } { $year }, { $time } UTC
month-1 = janv.
month-2 = févr.
month-3 = mars
month-4 = avr.
month-5 = mai
month-6 = juin
month-7 = juil.
month-8 = août
month-9 = sept.
month-10 = oct.
month-11 = nov.
month-12 = déc.

## Discussions
discussion-title = Discussion de { $page }
discussion-heading = Discussion
discussion-earlier = { $count ->
    [one] Un commentaire plus ancien
   *[other] { $count } commentaires plus anciens
}
discussion-empty = Pas encore de commentaire. Questions, retours d'expérience et propositions sont les bienvenus.
discussion-pages = Pages de la discussion
discussion-previous = Commentaires précédents
discussion-next = Commentaires suivants
discussion-page-of = Page { $page } sur { $pages }
discussion-waiting-moderators = { $count ->
    [one] Un commentaire attend votre validation.
   *[other] { $count } commentaires attendent votre validation.
}
discussion-waiting-notice = Merci : votre commentaire attend la validation d'une personne qui modère ; il apparaîtra une fois validé.
discussion-removed-by = Commentaire retiré par { $name }
discussion-removed = (retiré)
discussion-edited = modifié
discussion-pending = En attente de validation
discussion-field-note = Retour de terrain : méthode utilisée
discussion-group-size = { $count ->
    [one] une personne
   *[other] { $count } personnes
}
discussion-duration = { $count ->
    [one] une minute
   *[other] { $count } minutes
}
discussion-edit = Modifier
discussion-approve = Valider
discussion-remove = Retirer
discussion-honeypot = Laissez ce champ vide
discussion-reply = Répondre
discussion-your-reply = Votre réponse
discussion-send-reply = Envoyer la réponse
discussion-your-comment = Votre commentaire
discussion-help = Le Markdown fonctionne ici comme dans les pages : **gras**, *italique*, [[Liens vers des pages]], listes.
discussion-field-note-legend = Un retour de terrain
discussion-field-note-used = J'ai utilisé cette méthode : ce commentaire raconte comment ça s'est passé
discussion-field-note-group = Taille du groupe (personnes)
discussion-field-note-duration = Durée (minutes)
discussion-guest-note = Vous n'êtes pas connecté·e : votre commentaire sera signé d'un pseudonyme tiré de votre adresse.
discussion-send = Publier le commentaire
discussion-closed = Les commentaires de cette page sont fermés.
discussion-login = Connectez-vous pour participer à la discussion
discussion-edit-title = Modifier un commentaire
discussion-back = Retour à la discussion
discussion-save-edit = Enregistrer le commentaire
discussion-history-title = Versions précédentes d'un commentaire
discussion-history-current = Aujourd'hui :
discussion-history-replaced = Jusqu'au
discussion-error-empty = Le commentaire est vide : écrivez quelque chose avant de l'envoyer.
discussion-error-too-long = Le commentaire est trop long : { $max } caractères au plus. Et si vous en faisiez une page, liée d'ici ?
discussion-error-honeypot = Le commentaire semble envoyé par un robot (un champ caché a été rempli). Si vous êtes une personne, videz le champ « Laissez ce champ vide » et envoyez à nouveau.
discussion-error-reply = Le commentaire auquel vous répondez n'est plus sur cette page. Votre texte est ci-dessous : envoyez-le comme nouveau commentaire.
discussion-error-figure = La taille du groupe et la durée sont des nombres entiers de 1 à 100000.
discussion-error-too-many = Vous avez envoyé beaucoup de commentaires en peu de temps : attendez un quart d'heure et envoyez celui-ci à nouveau. Votre texte est gardé ci-dessous.
error-forbidden-comment = Vous ne pouvez pas commenter cette page : ses droits réservent les commentaires à d'autres personnes.
error-forbidden-comment-edit = Seule la personne qui l'a écrit peut modifier un commentaire.
error-forbidden-comment-remove = Seuls l'auteur·ice, la ou le propriétaire de la page et les administrateur·ices peuvent retirer un commentaire.
error-forbidden-moderation = Seuls la ou le propriétaire de la page et les administrateur·ices modèrent sa discussion.
moderation-title = Commentaires en attente de validation
moderation-empty = Aucun commentaire n'attend votre validation.
comments-by-title = Commentaires de { $user }
comments-by-edits = Ses modifications
comments-by-empty = Aucun commentaire sur les pages que vous pouvez lire.
recent-show-label = Afficher
recent-show-all = Tout
recent-show-edits = Modifications seulement
recent-show-comments = Commentaires seulement
recent-comment = commentaire
recent-reply = réponse
recent-field-note = retour de terrain
feed-comment-title = { $author } a commenté { $page }
feed-reply-title = { $author } a répondu sur { $page }
feed-field-note-title = { $author } a ajouté un retour de terrain à { $page }
catalogue-sort-practice = retours de terrain
catalogue-field-notes = { $count ->
    [one] un retour de terrain
   *[other] { $count } retours de terrain
}

## Watching
watch-start = Suivre cette page
watch-stop = Ne plus suivre
watch-stop-page = Ne plus suivre { $page }
watch-watching = Vous suivez cette page.
watch-changed-since = Modifiée depuis votre dernière visite :
watch-new-revisions = { $count ->
    [one] une nouvelle version
   *[other] { $count } nouvelles versions
}
watch-new-comments = { $count ->
    [one] un nouveau commentaire
   *[other] { $count } nouveaux commentaires
}
watchlist-title = Pages suivies
watchlist-help = Les pages que vous suivez, d'abord celles que d'autres ont modifiées depuis votre dernière visite. Visiter une page la marque comme vue.
watchlist-empty = Vous ne suivez encore aucune page : « Suivre cette page », en bas de chaque page, l'ajoute ici.
watchlist-all-seen = Tout marquer comme vu
watchlist-deleted = supprimée
watchlist-unchanged = rien de nouveau
watchlist-feed-title = Vos pages suivies en flux
watchlist-feed-help = Un flux Atom privé des modifications et commentaires des pages que vous suivez, pour un lecteur de flux. Son adresse est secrète : qui la connaît lit ce que vous pouvez lire de ces pages.
watchlist-feed-new = L'adresse de votre flux (montrée seulement maintenant : copiez-la dans votre lecteur de flux) :
watchlist-feed-create = Créer une adresse de flux
watchlist-feed-replace = Créer une nouvelle adresse (l'ancienne ne marchera plus)
watchlist-feed-revoke = Arrêter le flux
error-forbidden-watch = Connectez-vous pour suivre des pages.
watchlist-mail-legend = M'écrire au sujet des pages que je suis, des commentaires qui me nomment (@nom) et des réponses aux miens
watchlist-mail-immediately = tout de suite
watchlist-mail-daily = une fois par jour au plus (un résumé quotidien)
watchlist-mail-weekly = une fois par semaine au plus (un résumé hebdomadaire)
watchlist-mail-never = jamais
watchlist-mail-save = Enregistrer ce choix
watchlist-mail-invalid = Choisissez une des réponses proposées.
watchlist-mail-language = Les courriels sont écrits dans la langue que vous utilisez ici quand vous enregistrez ce choix, ou que vous choisissez avec le sélecteur de langue.
notify-mail-greeting = Bonjour { $name },
notify-mail-intro = Ce qui s'est passé sur { $site } dans les pages que vous suivez :
notify-mail-revision = { $page } : version { $number } par { $author } ({ $when })
notify-mail-found = { $page } : trouvée par une recherche que vous suivez, version { $number } par { $author } ({ $when })
notify-mail-comment = { $page } : { $author } a commenté ({ $when }) :
notify-mail-reply = { $page } : { $author } vous a répondu ({ $when }) :
notify-mail-mention = { $page } : { $author } vous a mentionné·e ({ $when }) :
notify-mail-watchlist = Votre liste de suivi, où choisir à quelle fréquence ces courriels arrivent : { $link }
notify-mail-stop = Ne plus recevoir ces courriels : { $link }
notify-mail-subject-one = [{ $site }] { $page }
notify-mail-subject-many = { $count ->
    [one] [{ $site }] Une nouvelle des pages que vous suivez
   *[other] [{ $site }] { $count } nouvelles des pages que vous suivez
}
unsubscribe-title = Arrêter les courriels de notification
unsubscribe-ask = Arrêter tous les courriels de notification de ce wiki vers votre adresse ? Vous pourrez les réactiver depuis vos pages suivies.
unsubscribe-button = Arrêter les courriels
unsubscribe-done = C'est fait : ce wiki ne vous envoie plus de courriel de notification.
catalogue-watch-search = Suivre cette recherche : me montrer les méthodes qu'elle trouvera désormais
watchlist-searches-title = Recherches suivies
watchlist-searches-empty = Dans le catalogue des méthodes, « Suivre cette recherche » garde ses filtres ici : les méthodes qu'elle trouve, nouvelles ou modifiées depuis votre dernier regard, s'affichent ici.
watchlist-search-new = { $count ->
    [one] une méthode nouvelle ou modifiée
   *[other] { $count } méthodes nouvelles ou modifiées
}
watchlist-search-gone = son catalogue n'existe plus
watchlist-search-invalid = Ce n'est pas une recherche du catalogue qui peut être suivie.

## Édition en direct (src/live)
action-live = Modifier en direct
live-title = { $page }, en direct
live-help = Tout le monde ici écrit dans le même texte en même temps ; il est enregistré comme révision quand personne n’a écrit depuis un moment, quand la dernière personne part, ou à votre demande. Sans JavaScript, utilisez
live-plain-editor = l’éditeur simple.
live-needs-script = L’édition en direct demande JavaScript ; le texte ci-dessous est la dernière révision.
live-connecting = Connexion…
live-connected = Connecté : ce que vous écrivez parvient aux autres au fil de la frappe.
live-offline = Hors ligne : continuez d’écrire, votre texte sera fusionné au retour de la connexion.
live-read-only = Vous pouvez lire cette page mais pas la modifier : vous regardez.
live-closed = La connexion a été fermée :
live-people = Présents
live-guest = Invité
live-save-now = Enregistrer une version maintenant
live-saved = Enregistré comme révision { $number }.
live-invalid = Le texte en direct n’a pas été enregistré comme révision : en l’état il ne peut pas l’être (l’éditeur simple dirait pourquoi). Corrigez-le dans l’éditeur en direct ; il sera enregistré dès que possible.
live-back = Retour à la page

## Editor toolbar (assets/app.js shows it; without JavaScript it stays hidden)
toolbar = Mise en forme
toolbar-bold = Gras
toolbar-italic = Italique
toolbar-heading = Titre
toolbar-list = Liste à puces
toolbar-link = Lien vers une adresse web
toolbar-wikilink = Lien vers une page du wiki
toolbar-wikilink-page = Page à lier
toolbar-wikilink-insert = Insérer le lien
toolbar-table = Tableau
toolbar-table-text = | Colonne | Colonne |
    | --- | --- |
    | Texte | Texte |
toolbar-file = Insérer un fichier
toolbar-file-help = Choisissez un fichier, ou déposez-le sur le texte : il est joint à la page et affiché à l’emplacement du curseur.
toolbar-placement = Position de l’image
toolbar-placement-inline = Telle quelle
toolbar-placement-left = À gauche, texte autour
toolbar-placement-right = À droite, texte autour
toolbar-placement-center = Centrée
toolbar-size = Taille de l’image
toolbar-size-full = Pleine largeur
toolbar-size-small = Petite
toolbar-size-medium = Moyenne
toolbar-uploading = Envoi de { $file }…
toolbar-uploaded = { $file } joint et inséré.
toolbar-upload-failed = { $file } n’a pas été joint : { $reason }
