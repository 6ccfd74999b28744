CREATE TABLE "action_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"problem" text NOT NULL,
	"description" text,
	"owner_actor_id" uuid,
	"partners" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date,
	"status" text NOT NULL,
	"indicators" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"area_id" uuid,
	"geom" geometry(MultiPolygon, 4326) NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_measures_period" CHECK ("action_measures"."end_date" IS NULL OR "action_measures"."end_date" >= "action_measures"."start_date"),
	CONSTRAINT "action_measures_status" CHECK ("action_measures"."status" IN ('planned', 'ongoing', 'completed', 'cancelled')),
	CONSTRAINT "action_measures_classification_check" CHECK ("action_measures"."classification" IN ('open', 'internal', 'restricted'))
);
--> statement-breakpoint
ALTER TABLE "action_measures" ADD CONSTRAINT "action_measures_owner_actor_id_actors_id_fk" FOREIGN KEY ("owner_actor_id") REFERENCES "public"."actors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "action_measures" ADD CONSTRAINT "action_measures_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_measures_geom_idx" ON "action_measures" USING gist ("geom");--> statement-breakpoint
-- Hand-written (keep when regenerating): the action plan is a map layer, so its writes raise the
-- layers' write counter like the other layer tables (0007_layer_versions.sql, server/cache/).
CREATE TRIGGER action_measures_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "action_measures"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');
