-- Accounts take one of the six roles; the audit log cannot be emptied by TRUNCATE either.
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK (role IN ('admin', 'crisis', 'analyst', 'police', 'planner', 'viewer'));--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
