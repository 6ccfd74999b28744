CREATE TABLE "incident_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"by" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_risk_links" (
	"incident_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_risk_links_incident_id_risk_id_pk" PRIMARY KEY("incident_id","risk_id")
);
--> statement-breakpoint
CREATE TABLE "rsa_measures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"risk_id" uuid NOT NULL,
	"title" text NOT NULL,
	"owner" text NOT NULL,
	"deadline" date,
	"status" text DEFAULT 'proposed' NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rsa_scale_levels" (
	"scale" text NOT NULL,
	"level" smallint NOT NULL,
	"label_sv" text NOT NULL,
	"label_en" text NOT NULL,
	"description_sv" text DEFAULT '' NOT NULL,
	"description_en" text DEFAULT '' NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rsa_scale_levels_scale_level_pk" PRIMARY KEY("scale","level")
);
--> statement-breakpoint
CREATE TABLE "rsa_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"term_start" integer NOT NULL,
	"term_end" integer NOT NULL,
	"copied_from_id" uuid,
	"sections" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "status" text;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "reported_by_id" uuid;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "responsible_id" uuid;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "injured" boolean;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "place_name" text;--> statement-breakpoint
ALTER TABLE "rsa_risks" ADD COLUMN "version_id" uuid;--> statement-breakpoint
ALTER TABLE "rsa_risks" ADD COLUMN "lineage_id" uuid;--> statement-breakpoint
ALTER TABLE "rsa_risks" ADD COLUMN "uncertainty" smallint;--> statement-breakpoint
ALTER TABLE "rsa_risks" ADD COLUMN "gaps" text;--> statement-breakpoint
ALTER TABLE "rsa_risks" ADD COLUMN "critical_activities" text;--> statement-breakpoint
ALTER TABLE "rsa_risks" ADD COLUMN "critical_asset_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "incident_events" ADD CONSTRAINT "incident_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_risk_links" ADD CONSTRAINT "incident_risk_links_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_risk_links" ADD CONSTRAINT "incident_risk_links_risk_id_rsa_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."rsa_risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rsa_measures" ADD CONSTRAINT "rsa_measures_risk_id_rsa_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."rsa_risks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_events_incident_idx" ON "incident_events" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "incident_risk_links_risk_idx" ON "incident_risk_links" USING btree ("risk_id");--> statement-breakpoint
CREATE INDEX "rsa_measures_risk_idx" ON "rsa_measures" USING btree ("risk_id");--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_reported_by_id_users_id_fk" FOREIGN KEY ("reported_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_responsible_id_users_id_fk" FOREIGN KEY ("responsible_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rsa_risks" ADD CONSTRAINT "rsa_risks_version_id_rsa_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."rsa_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incidents_reported_by_idx" ON "incidents" USING btree ("reported_by_id");--> statement-breakpoint
CREATE INDEX "incidents_responsible_idx" ON "incidents" USING btree ("responsible_id");--> statement-breakpoint
CREATE INDEX "rsa_risks_version_idx" ON "rsa_risks" USING btree ("version_id");--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_status_check" CHECK ("status" IS NULL OR "status" IN ('received', 'investigating', 'measures_decided', 'closed'));--> statement-breakpoint
ALTER TABLE "rsa_measures" ADD CONSTRAINT "rsa_measures_status_check" CHECK ("status" IN ('proposed', 'decided', 'in_progress', 'done'));--> statement-breakpoint
ALTER TABLE "rsa_risks" ADD CONSTRAINT "rsa_risks_uncertainty_check" CHECK ("uncertainty" IS NULL OR "uncertainty" BETWEEN 1 AND 3);--> statement-breakpoint
ALTER TABLE "rsa_scale_levels" ADD CONSTRAINT "rsa_scale_levels_check" CHECK ("scale" IN ('likelihood', 'consequence') AND "level" BETWEEN 1 AND 5);
