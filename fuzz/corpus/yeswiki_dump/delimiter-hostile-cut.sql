DELIMITER ;;
/*!50003 CREATE*/ /*!50003 TRIGGER t BEFORE INSERT ON p_pages FOR EACH ROW BEGIN SET @x = 1; END */;;
DELIMITER ;
INSERT INTO p_acls VALUES ('P','read','*') ON DUPLICATE KEY UPDATE list = VALUES(list);
INSERT INTO p_pages VALUES (1,'P','2024-01-01 00:00:00','<script>alert(1)</script>\'); DROP TABLE x; --','','A','A','Y','page',''), (2) (3,
