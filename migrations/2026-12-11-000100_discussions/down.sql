DELETE FROM login_attempts WHERE kind = 'comment';
ALTER TABLE login_attempts DROP CONSTRAINT login_attempts_kind_check;
ALTER TABLE login_attempts ADD CONSTRAINT login_attempts_kind_check
    CHECK (kind IN ('login', 'reset'));
DROP TABLE comment_edits;
DROP TABLE comments;
