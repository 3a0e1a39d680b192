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
page-info-revision = Version { $number } par { $author }
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
