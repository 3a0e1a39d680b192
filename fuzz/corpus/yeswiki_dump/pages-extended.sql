
--
-- Table structure for table `yeswiki_pages`
--

DROP TABLE IF EXISTS `yeswiki_pages`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `yeswiki_pages` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `tag` varchar(191) NOT NULL,
  `time` datetime NOT NULL,
  `body` longtext NOT NULL,
  `body_r` text NOT NULL,
  `owner` varchar(191) NOT NULL,
  `user` varchar(191) NOT NULL,
  `latest` enum('Y','N') NOT NULL DEFAULT 'N',
  `handler` varchar(30) NOT NULL DEFAULT 'page',
  `comment_on` varchar(191) NOT NULL DEFAULT '',
  PRIMARY KEY (`id`),
  KEY `idx_tag` (`tag`),
  KEY `idx_time` (`time`),
  KEY `idx_latest` (`latest`),
  KEY `idx_comment_on` (`comment_on`),
  FULLTEXT KEY `tag` (`tag`,`body`)
) ENGINE=InnoDB AUTO_INCREMENT=125 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `yeswiki_pages`
--

LOCK TABLES `yeswiki_pages` WRITE;
/*!40000 ALTER TABLE `yeswiki_pages` DISABLE KEYS */;
INSERT INTO `yeswiki_pages` VALUES
(1,'AnnuaireAlpha','2024-05-02 09:25:00','{{nav links=\"TrombiAnnuaire, AnnuaireAlpha, CartoAnnuaire, SaisirAnnuaire\" titles=\"Trombinoscope, Annuaire alphabétique, Annuaire cartographique, S\'inscrire dans l\'annuaire\"}}\n\n{{bazarliste id=\"1\" template=\"annuaire_alphabetique\"}}','','WikiAdmin','WikiAdmin','Y','page',''),
(2,'BacASable','2024-05-02 09:25:00','# Bac à sable\n## Premiers défis à réaliser\n1) premier défi => **écrire dans cette page**\n  - cliquez sur \"éditer la page\" (en bas) ou double cliquez dans la page,\n  - l\'aspect de la page va légèrement changer car vous êtes en __mode édition__\n  - écrivez ce que vous voulez ici => \n  - puis cliquez sur le bouton \"sauver\" (en haut à gauche) et observez votre travail\n\n2) deuxième défi => **insérer un bouton**\n  - cliquez sur \"éditer la page\" ou double cliquez dans la page,\n  - Positionnez votre curseur ici\n  - cliquez sur __composants__ / boutons et laissez vous guider,\n  - cliquez sur \"insérer dans la page\",\n  - sauvez\n   - vous pourrez ensuite explorer les autres composants\n\n3) troisième défi => **modifier votre bouton**\n  - Passez la page en mode édition,\n  - cliquez sur la ligne correspondant au code du bouton => un petit crayon apparaît dans la marge,\n  - cliquez sur __le petit crayon__ et changez les paramètres,\n  - cliquez sur \"mettre à jour le code\",\n  - sauvez\n   - Cette démarche de modification fonctionnera pour tous les codes des composants\n\n4) quatrième défi => **restaurer la version précédente d\'une page** (en cas de préférence ou d\'erreur)\n  - cliquez, en bas de la page, sur Dernière édition\n  - choisissez une des versions précédentes,\n  - cliquez sur \"Restaurer cette version\",\n  - le tour est joué.\n\n5) cinquième défi => **insérer une image** \n  - en édition, placez-vous tout en bas de cette page\n  - cliquez ensuite sur fichier dans la berre d\'édition\n  - choisissez un fichier image (jpeg, png ou gif) de moins de 500 ko sur votre ordinateur\n  - jouez avec les paramètres\n  - sauvez\n\n6) sixième défi => **trouver le nom d\'une page**\n  - Regardez l\'url de cette page \n  - le nom de cette page est le mot se situant après le ?\n  - maintenant cherchez le nom de la page d\'accueil\n  - ensuite transformer \"retour vers la page d\'accueil\" en un lien cliquable vers cette page\n\nUne aide simple est aisément accessible en cliquant sur l\'icone \"?\" lorsque vous êtes en mode édition.','','WikiAdmin','WikiAdmin','Y','page',''),
(3,'BazaR','2024-05-02 09:25:00','{{bazar showexportbuttons=\"1\"}}','','WikiAdmin','WikiAdmin','Y','page',''),
(4,'CartoAnnuaire','2024-05-02 09:25:00','{{nav links=\"TrombiAnnuaire, AnnuaireAlpha, CartoAnnuaire, SaisirAnnuaire\" titles=\"Trombinoscope, Annuaire alphabétique, Annuaire cartographique, S\'inscrire dans l\'annuaire\"}}\n\n{{bazarliste id=\"1\" template=\"map\" markersize=\"small\" height=\"800px\" zoom=\"6\"}}','','WikiAdmin','WikiAdmin','Y','page',''),
(5,'DerniersChangementsRSS','2024-05-02 09:25:00','{{recentchangesrss}}','','WikiAdmin','WikiAdmin','Y','page',''),;
INSERT INTO `yeswiki_pages` VALUES
(119,'Comment1','2024-06-11 20:30:01','Super fiche ! Est-ce qu\'on peut faire un bocal à poissons en visio ?','','ThomasBernard','ThomasBernard','Y','page','BocalAPoissons'),
(120,'Comment2','2024-06-12 08:05:02','Oui, avec une « chaise vide » virtuelle : la personne allume sa caméra et son micro. Ça marche bien jusqu\'à 30 personnes.','','YannickLeGall','YannickLeGall','Y','page','Comment1'),
(121,'Comment3','2024-06-12 09:40:01','Les inscriptions bénévoles sont-elles encore ouvertes pour la cuisine ?','','SophieNguyen','SophieNguyen','Y','page','LeFestivalCoConstruire'),
(122,'Comment4','2024-06-12 12:15:02','Oui Sophie, écris directement à contact@coconstruire.example, merci !','','CamilleMartin','CamilleMartin','Y','page','LeFestivalCoConstruire'),
(123,'InfosPratiques','2024-06-13 07:30:02','# Infos pratiques\n\n{{grid}}\n{{col size=\"6\"}}\n## Venir\n- En train : gare de Saint-Agrève, navette le jeudi matin.\n- En covoiturage : [la page covoiturage](https://exemple.org/covoiturage-coconstruire)\n{{end elem=\"col\"}}\n{{col size=\"6\"}}\n## Dormir\nCamping sur place (prévoir sa tente), quelques lits en dortoir.\n{{end elem=\"col\"}}\n{{end elem=\"grid\"}}\n\n## Manger\nRepas bio et végétariens préparés par l\'association //Les Marmites// (prix libre).\n\n----\nUne question ? Écrivez à **contact@coconstruire.example**.','','ThomasBernard','SophieNguyen','Y','page',''),
(124,'PagePrincipale','2024-06-13 09:00:01','{{section bgcolor=\"var(--primary-color)\" class=\"white text-center cover full-width\" height=\"250\"}}\n======Bienvenue sur le wiki Co-construire======\nLe wiki des facilitateurs et facilitatrices du festival de la coopération\n{{end elem=\"section\"}}\n\nCe wiki rassemble la communauté des **facilitateurs et facilitatrices** du festival de la coopération //Co-construire//. Il est ouvert : chacun·e peut proposer une méthode, corriger une page ou commenter.\n\n{{grid}}\n{{col size=\"4\"}}\n=====Le festival=====\nTrois jours pour expérimenter la coopération, du **4 au 6 juillet 2024** à la ferme de la Bergerie.\n{{button class=\"btn-primary\" link=\"LeFestivalCoConstruire\" text=\"Découvrir le festival\" icon=\"fas fa-seedling\"}}\n{{end elem=\"col\"}}\n{{col size=\"4\"}}\n=====La boîte à outils=====\nNos méthodes d\'animation : [[BocalAPoissons bocal à poissons]], [[WorldCafe world café]], [[ForumOuvert forum ouvert]]...\n{{button class=\"btn-secondary-1\" link=\"BoiteAOutils\" text=\"Voir les méthodes\"}}\n{{end elem=\"col\"}}\n{{col size=\"4\"}}\n=====Le programme=====\nTous les ateliers, jour par jour.\n{{button class=\"btn-secondary-2\" link=\"ProgrammeDuFestival\" text=\"Voir le programme\"}}\n{{end elem=\"col\"}}\n{{end elem=\"grid\"}}\n\n----\n//Dernières modifications du wiki :// {{recentchanges max=\"5\"}}','','WikiAdmin','CamilleMartin','Y','page','');
