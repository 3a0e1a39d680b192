/*!40101 SET NAMES latin1 */;
CREATE TABLE `wiki_pages` (`id` int, `tag` varchar(50), `time` datetime, `body` text, `body_r` text, `owner` varchar(50), `user` varchar(50), `latest` enum('Y','N'), `handler` varchar(30), `comment_on` varchar(50)) DEFAULT CHARSET=latin1;
CREATE TABLE wiki_users (name varchar(80), password varchar(256), email varchar(191), motto text, revisioncount int, changescount int, doubleclickedit enum('Y','N'), signuptime datetime, show_comments enum('Y','N')) DEFAULT CHARSET=latin1;
INSERT INTO `wiki_pages` (id, tag, time, body, body_r, owner, user, latest, handler, comment_on) VALUES (1,'Fête','2008-01-02 03:04:05','Été € « créé » \' \\ \n','','A','A','Y','page',''),(2,'FÃƒÂªte','0000-00-00 00:00:00','x','','A','A','N','page','');
INSERT INTO wiki_users VALUES ('Ana',md5('x'),'a@b','',20,50,'Y','0000-00-00 00:00:00','N');
