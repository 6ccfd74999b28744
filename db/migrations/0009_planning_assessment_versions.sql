CREATE TABLE "planning_assessment_versions" (
	"assessment_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"input" jsonb NOT NULL,
	"county" text NOT NULL,
	"findings" jsonb NOT NULL,
	"geom" geometry(Geometry, 4326) NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "planning_assessment_versions_assessment_id_version_pk" PRIMARY KEY("assessment_id","version")
);
--> statement-breakpoint
ALTER TABLE "planning_assessments" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "planning_assessment_versions" ADD CONSTRAINT "planning_assessment_versions_assessment_id_planning_assessments_id_fk" FOREIGN KEY ("assessment_id") REFERENCES "public"."planning_assessments"("id") ON DELETE cascade ON UPDATE no action;