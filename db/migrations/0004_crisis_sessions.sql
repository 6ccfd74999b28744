-- Crisis sessions: the change history that replaces applied_ops (idempotency and replay in one
-- append-only table), the presenter, and participants with their own id, invited once each.
CREATE TABLE "session_changes" (
	"session_id" uuid NOT NULL,
	"seq" bigint NOT NULL,
	"op_id" text NOT NULL,
	"change" jsonb NOT NULL,
	"applied_by" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_changes_session_id_seq_pk" PRIMARY KEY("session_id","seq")
);
--> statement-breakpoint
ALTER TABLE "crisis_sessions" ADD COLUMN "presenter_id" uuid;--> statement-breakpoint
ALTER TABLE "session_participants" ADD COLUMN "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "session_changes" ADD CONSTRAINT "session_changes_session_id_crisis_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."crisis_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "session_changes_op_idx" ON "session_changes" USING btree ("session_id","op_id");--> statement-breakpoint
ALTER TABLE "crisis_sessions" ADD CONSTRAINT "crisis_sessions_presenter_id_users_id_fk" FOREIGN KEY ("presenter_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "session_participants_user_idx" ON "session_participants" USING btree ("session_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "session_participants_actor_idx" ON "session_participants" USING btree ("session_id","actor_id");--> statement-breakpoint
DROP TABLE "applied_ops" CASCADE;--> statement-breakpoint
CREATE FUNCTION session_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'session_changes is append-only';
END $$;--> statement-breakpoint
CREATE TRIGGER session_changes_no_update BEFORE UPDATE ON "session_changes"
  FOR EACH ROW EXECUTE FUNCTION session_changes_append_only();
