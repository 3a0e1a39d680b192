DROP INDEX live_updates_unsaved;
