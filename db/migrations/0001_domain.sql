CREATE TABLE "actor_areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"actor_id" uuid NOT NULL,
	"area_id" uuid,
	"responsibility" text NOT NULL,
	"geom" geometry(MultiPolygon, 4326) NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "actor_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_actor_id" uuid NOT NULL,
	"to_actor_id" uuid NOT NULL,
	"link_type" text NOT NULL,
	"description" text,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "actors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"actor_type" text NOT NULL,
	"sector" text,
	"description" text,
	"address" text,
	"contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"on_call" jsonb,
	"geom" geometry(Point, 4326),
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "annotations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" bigint NOT NULL,
	"deleted_at" timestamp with time zone,
	"geom" geometry(Geometry, 4326) NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "app_meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "applied_ops" (
	"session_id" uuid NOT NULL,
	"op_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"applied_by" text NOT NULL,
	"applied_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "applied_ops_session_id_op_id_pk" PRIMARY KEY("session_id","op_id")
);
--> statement-breakpoint
CREATE TABLE "areas" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"population" integer,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"geom" geometry(MultiPolygon, 4326) NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "asset_dependencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dependent_asset_id" uuid NOT NULL,
	"provider_asset_id" uuid NOT NULL,
	"resource" text NOT NULL,
	"redundancy_group" text NOT NULL,
	"time_to_impact_hours" real DEFAULT 0 NOT NULL,
	"backup_hours" real DEFAULT 0 NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"entity" text NOT NULL,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "basemap_features" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"layer" text NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"rank" smallint DEFAULT 0 NOT NULL,
	"geom" geometry(Geometry, 4326) NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "crime_statistics" (
	"area_id" uuid NOT NULL,
	"month" date NOT NULL,
	"category" text NOT NULL,
	"count" integer NOT NULL,
	"source" text DEFAULT 'demo' NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crime_statistics_area_id_month_category_pk" PRIMARY KEY("area_id","month","category")
);
--> statement-breakpoint
CREATE TABLE "crisis_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"event_type" text,
	"status" text DEFAULT 'open' NOT NULL,
	"escalation_level" text DEFAULT 'normal' NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"agenda_step" text,
	"affected_area" geometry(Geometry, 4326),
	"closed_at" timestamp with time zone,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "critical_assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"sector" text NOT NULL,
	"function" text NOT NULL,
	"owner_actor_id" uuid,
	"acceptable_outage_hours" real,
	"backup_power_type" text,
	"backup_power_hours" real,
	"residents_served" integer,
	"vulnerable_occupants" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"continuity_plan_ref" text,
	"styrel_class" smallint,
	"geom" geometry(Point, 4326) NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_sites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"operator" text,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"geom" geometry(Point, 4326) NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hazard_zones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"source" text,
	"level_m" real,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"geom" geometry(MultiPolygon, 4326) NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"category" text NOT NULL,
	"category_group" text NOT NULL,
	"severity" smallint DEFAULT 1 NOT NULL,
	"source" text NOT NULL,
	"reporter" text,
	"description" text,
	"follow_up" text,
	"geom" geometry(Point, 4326) NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planning_assessments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"land_uses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"report" jsonb,
	"geom" geometry(Geometry, 4326) NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "planning_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"county" text NOT NULL,
	"rule_key" text NOT NULL,
	"version" text NOT NULL,
	"hazard_kind" text NOT NULL,
	"description" text NOT NULL,
	"parameters" jsonb NOT NULL,
	"source" text NOT NULL,
	"verified" boolean DEFAULT false NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rsa_risks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"hazard" text NOT NULL,
	"description" text,
	"analysis_year" integer NOT NULL,
	"likelihood" smallint NOT NULL,
	"consequences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"vulnerabilities" text,
	"measures" text,
	"owner_actor_id" uuid,
	"geom" geometry(Geometry, 4326),
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"entry" jsonb NOT NULL,
	"version" bigint NOT NULL,
	"geom" geometry(Point, 4326),
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_participants" (
	"session_id" uuid NOT NULL,
	"user_id" uuid,
	"actor_id" uuid,
	"role" text DEFAULT 'participant' NOT NULL,
	"invited_by" text NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"name" text NOT NULL,
	"seq" bigint NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_results" (
	"survey" text NOT NULL,
	"area_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"indicator" text NOT NULL,
	"value" double precision NOT NULL,
	"respondents" integer NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_results_survey_area_id_year_indicator_pk" PRIMARY KEY("survey","area_id","year","indicator")
);
--> statement-breakpoint
CREATE TABLE "transport_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mode" text NOT NULL,
	"road_class" text,
	"name" text,
	"ref" text,
	"hazardous_goods_route" text,
	"geom" geometry(LineString, 4326) NOT NULL,
	"classification" text DEFAULT 'internal' NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"role" text NOT NULL,
	"actor_id" uuid,
	"password_hash" text NOT NULL,
	"disabled" boolean DEFAULT false NOT NULL,
	"created_by" text DEFAULT 'system' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text DEFAULT 'system' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "actor_areas" ADD CONSTRAINT "actor_areas_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actor_areas" ADD CONSTRAINT "actor_areas_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actor_links" ADD CONSTRAINT "actor_links_from_actor_id_actors_id_fk" FOREIGN KEY ("from_actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "actor_links" ADD CONSTRAINT "actor_links_to_actor_id_actors_id_fk" FOREIGN KEY ("to_actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_session_id_crisis_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."crisis_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applied_ops" ADD CONSTRAINT "applied_ops_session_id_crisis_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."crisis_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_dependencies" ADD CONSTRAINT "asset_dependencies_dependent_asset_id_critical_assets_id_fk" FOREIGN KEY ("dependent_asset_id") REFERENCES "public"."critical_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "asset_dependencies" ADD CONSTRAINT "asset_dependencies_provider_asset_id_critical_assets_id_fk" FOREIGN KEY ("provider_asset_id") REFERENCES "public"."critical_assets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crime_statistics" ADD CONSTRAINT "crime_statistics_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "critical_assets" ADD CONSTRAINT "critical_assets_owner_actor_id_actors_id_fk" FOREIGN KEY ("owner_actor_id") REFERENCES "public"."actors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rsa_risks" ADD CONSTRAINT "rsa_risks_owner_actor_id_actors_id_fk" FOREIGN KEY ("owner_actor_id") REFERENCES "public"."actors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_log" ADD CONSTRAINT "session_log_session_id_crisis_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."crisis_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_participants" ADD CONSTRAINT "session_participants_session_id_crisis_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."crisis_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_participants" ADD CONSTRAINT "session_participants_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_participants" ADD CONSTRAINT "session_participants_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_snapshots" ADD CONSTRAINT "session_snapshots_session_id_crisis_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."crisis_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_results" ADD CONSTRAINT "survey_results_area_id_areas_id_fk" FOREIGN KEY ("area_id") REFERENCES "public"."areas"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "actor_areas_actor_idx" ON "actor_areas" USING btree ("actor_id");--> statement-breakpoint
CREATE INDEX "actor_areas_geom_idx" ON "actor_areas" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "actor_links_from_idx" ON "actor_links" USING btree ("from_actor_id");--> statement-breakpoint
CREATE INDEX "actor_links_to_idx" ON "actor_links" USING btree ("to_actor_id");--> statement-breakpoint
CREATE INDEX "actors_geom_idx" ON "actors" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "annotations_session_version_idx" ON "annotations" USING btree ("session_id","version");--> statement-breakpoint
CREATE INDEX "annotations_geom_idx" ON "annotations" USING gist ("geom");--> statement-breakpoint
CREATE UNIQUE INDEX "areas_kind_code_key" ON "areas" USING btree ("kind","code");--> statement-breakpoint
CREATE INDEX "areas_geom_idx" ON "areas" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "asset_dependencies_dependent_idx" ON "asset_dependencies" USING btree ("dependent_asset_id");--> statement-breakpoint
CREATE INDEX "asset_dependencies_provider_idx" ON "asset_dependencies" USING btree ("provider_asset_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity","entity_id");--> statement-breakpoint
CREATE INDEX "basemap_features_geom_idx" ON "basemap_features" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "basemap_features_layer_idx" ON "basemap_features" USING btree ("layer");--> statement-breakpoint
CREATE INDEX "critical_assets_geom_idx" ON "critical_assets" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "critical_assets_sector_idx" ON "critical_assets" USING btree ("sector");--> statement-breakpoint
CREATE INDEX "hazard_sites_geom_idx" ON "hazard_sites" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "hazard_zones_geom_idx" ON "hazard_zones" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "hazard_zones_kind_idx" ON "hazard_zones" USING btree ("kind");--> statement-breakpoint
CREATE INDEX "incidents_geom_idx" ON "incidents" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "incidents_occurred_at_idx" ON "incidents" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "incidents_category_idx" ON "incidents" USING btree ("category");--> statement-breakpoint
CREATE INDEX "planning_assessments_geom_idx" ON "planning_assessments" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "rsa_risks_geom_idx" ON "rsa_risks" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "session_log_session_version_idx" ON "session_log" USING btree ("session_id","version");--> statement-breakpoint
CREATE INDEX "session_participants_session_idx" ON "session_participants" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "transport_links_geom_idx" ON "transport_links" USING gist ("geom");--> statement-breakpoint
CREATE INDEX "user_sessions_user_idx" ON "user_sessions" USING btree ("user_id");