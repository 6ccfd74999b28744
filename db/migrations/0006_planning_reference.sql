ALTER TABLE "planning_rules" ADD COLUMN "description_en" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "planning_rules" ADD COLUMN "origin" text DEFAULT 'reference' NOT NULL;--> statement-breakpoint
ALTER TABLE "planning_rules" ADD COLUMN "adopted_year" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "planning_rules_key_idx" ON "planning_rules" USING btree ("county","rule_key","origin");--> statement-breakpoint
ALTER TABLE "planning_rules" ADD CONSTRAINT "planning_rules_origin_check" CHECK ("planning_rules"."origin" IN ('reference', 'county'));