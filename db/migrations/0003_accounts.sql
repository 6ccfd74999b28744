-- The incident twin counts in metres; accounts are checked; the audit log refuses TRUNCATE.
ALTER TABLE "incidents" ADD COLUMN "sweref99_x" double precision GENERATED ALWAYS AS (ST_X(ST_Transform(geom, 3006))) STORED;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "sweref99_y" double precision GENERATED ALWAYS AS (ST_Y(ST_Transform(geom, 3006))) STORED;--> statement-breakpoint
-- Accounts take one of the six roles; the audit log cannot be emptied by TRUNCATE either.
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK (role IN ('admin', 'crisis', 'analyst', 'police', 'planner', 'viewer'));--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
