
--
-- Table structure for table `yeswiki_users`
--

DROP TABLE IF EXISTS `yeswiki_users`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `yeswiki_users` (
  `name` varchar(80) NOT NULL,
  `password` varchar(256) NOT NULL,
  `email` varchar(191) NOT NULL,
  `motto` text NOT NULL,
  `revisioncount` int(10) unsigned NOT NULL DEFAULT 20,
  `changescount` int(10) unsigned NOT NULL DEFAULT 50,
  `doubleclickedit` enum('Y','N') NOT NULL DEFAULT 'Y',
  `signuptime` datetime NOT NULL,
  `show_comments` enum('Y','N') NOT NULL DEFAULT 'N',
  PRIMARY KEY (`name`),
  KEY `idx_name` (`name`),
  KEY `idx_signuptime` (`signuptime`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `yeswiki_users`
--

LOCK TABLES `yeswiki_users` WRITE;
/*!40000 ALTER TABLE `yeswiki_users` DISABLE KEYS */;
INSERT INTO `yeswiki_users` VALUES
('CamilleMartin','$2y$13$Oh5dh0Xwq.TRNLQ.1nAra.N75WAkAgWxgCVNaYy6M8U.v45c4Gbx2','camille.martin@coconstruire.example','',20,50,'Y','2024-05-03 18:21:01','N'),
('SophieNguyen','$2y$13$eF/fOQ3jynKvhVWqGuSA1OQ37mR6jMw9uK6mfw1fzWHG4IigLMH9C','sophie.nguyen@coconstruire.example','',20,50,'Y','2024-05-06 21:13:01','N'),
('ThomasBernard','$2y$13$EOz6s9WNHAfKWa/WOE6LXeiWqjoe.MDNEDN4ssB3V/VU/pHXjxfL.','thomas.bernard@coconstruire.example','',20,50,'Y','2024-05-10 19:55:01','N'),
('WikiAdmin','$2y$13$p9CBgxkfhoQwq8pnrRrq7uqWHTmpKNoECrst2KStzz7E6F.qpXX5.','admin@coconstruire.example','',20,50,'Y','2024-05-02 09:25:00','N'),
('YannickLeGall','$2y$13$Gc9NqVv5BcY8IL6suSl9yuaz7anOCwIBgpeUsFnUtq.2SF10DTLQu','yannick.legall@coconstruire.example','',20,50,'Y','2024-05-04 08:47:01','N');
/*!40000 ALTER TABLE `yeswiki_users` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;
/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40014 SET UNIQUE_CHECKS=@OLD_UNIQUE_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;
/*!40101 SET CHARACTER_SET_RESULTS=@OLD_CHARACTER_SET_RESULTS */;
/*!40101 SET COLLATION_CONNECTION=@OLD_COLLATION_CONNECTION */;
/*!40111 SET SQL_NOTES=@OLD_SQL_NOTES */;

-- Dump completed on 2024-06-15 20:14:00
