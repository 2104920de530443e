-- A monitoring note changes what the project page shows beside each indicator, so writing one names its
-- project like any fact does (docs/design.md "Caches and invalidation"): the page's derived views are kept
-- beside the progress answer and dropped with it.
CREATE TRIGGER monitoring_notes_note_insert AFTER INSERT ON monitoring_notes REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION note_touched_projects('indicator');
--> statement-breakpoint
CREATE TRIGGER monitoring_notes_note_update AFTER UPDATE ON monitoring_notes REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION note_touched_projects('indicator');
--> statement-breakpoint
CREATE TRIGGER monitoring_notes_note_delete AFTER DELETE ON monitoring_notes REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION note_touched_projects('indicator');
--> statement-breakpoint
CREATE TRIGGER monitoring_notes_note_truncate AFTER TRUNCATE ON monitoring_notes
  FOR EACH STATEMENT EXECUTE FUNCTION note_truncate();
