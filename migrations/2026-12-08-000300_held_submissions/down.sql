DROP TABLE held_submissions;
