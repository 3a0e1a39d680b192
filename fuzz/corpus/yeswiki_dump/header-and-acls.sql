/*M!999999\- enable the sandbox mode */ 
-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: localhost    Database: yeswiki_a
-- ------------------------------------------------------
-- Server version	10.11.19-MariaDB-0+deb12u1

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET @OLD_CHARACTER_SET_RESULTS=@@CHARACTER_SET_RESULTS */;
/*!40101 SET @OLD_COLLATION_CONNECTION=@@COLLATION_CONNECTION */;
/*!40101 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;
/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */;
/*!40111 SET @OLD_SQL_NOTES=@@SQL_NOTES, SQL_NOTES=0 */;

--
-- Table structure for table `yeswiki_acls`
--

DROP TABLE IF EXISTS `yeswiki_acls`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE `yeswiki_acls` (
  `page_tag` varchar(191) NOT NULL,
  `privilege` varchar(20) NOT NULL,
  `list` text NOT NULL,
  PRIMARY KEY (`page_tag`,`privilege`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table `yeswiki_acls`
--

LOCK TABLES `yeswiki_acls` WRITE;
/*!40000 ALTER TABLE `yeswiki_acls` DISABLE KEYS */;
INSERT INTO `yeswiki_acls` VALUES
('AccelerateurDeProjet','comment','comments-closed'),
('AccelerateurDeProjet','read','*'),
('AccelerateurDeProjet','write','*'),
('AtelierAccelerateurDeProjetsCooperatifs','comment','comments-closed'),
('AtelierAccelerateurDeProjetsCooperatifs','read','*'),
('AtelierAccelerateurDeProjetsCooperatifs','write','*'),
('BocalAPoissons','comment','+'),
('BocalAPoissons','read','*'),
('BocalAPoissons','write','*'),
('BoiteAOutils','comment','comments-closed'),
('BoiteAOutils','read','*'),
('BoiteAOutils','write','*'),
('CharteDesAnimateurs','comment','comments-closed'),
('CharteDesAnimateurs','read','*'),
('CharteDesAnimateurs','write','@admins'),
('Comment1','comment','+'),
('Comment1','read','*'),
('Comment1','write','%'),
('Comment2','comment','+'),
('Comment2','read','*'),
('Comment2','write','%'),
('Comment3','comment','+'),
('Comment3','read','*'),
('Comment3','write','%'),
('Comment4','comment','+'),
('Comment4','read','*'),
('Comment4','write','%'),
('CompteRenduAG2024','comment','comments-closed'),
('CompteRenduAG2024','read','+'),
('CompteRenduAG2024','write','@admins'),
('ConferenceSansConferencier','comment','comments-closed'),
('ConferenceSansConferencier','read','*'),
('ConferenceSansConferencier','write','*'),
('DecisionParConsentement','comment','comments-closed'),
('DecisionParConsentement','read','*'),
('DecisionParConsentement','write','*'),
('EspaceAnimateurs','comment','comments-closed'),
('EspaceAnimateurs','read','@animateurs'),
('Esp