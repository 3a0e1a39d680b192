-- The language a person reads the wiki in, remembered with their account so that what reaches
-- them outside a request (notification mails and digests) speaks it too: set at sign-up, and
-- each time they choose a language with the switch or save their mail settings.
ALTER TABLE users ADD COLUMN language text NOT NULL DEFAULT 'en';
