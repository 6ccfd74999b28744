-- Need-to-know classification takes one of three values on every table that carries it.
ALTER TABLE "actor_areas" ADD CONSTRAINT "actor_areas_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "actor_links" ADD CONSTRAINT "actor_links_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "actors" ADD CONSTRAINT "actors_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "areas" ADD CONSTRAINT "areas_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "asset_dependencies" ADD CONSTRAINT "asset_dependencies_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "basemap_features" ADD CONSTRAINT "basemap_features_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "crime_statistics" ADD CONSTRAINT "crime_statistics_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "crisis_sessions" ADD CONSTRAINT "crisis_sessions_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "critical_assets" ADD CONSTRAINT "critical_assets_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "hazard_sites" ADD CONSTRAINT "hazard_sites_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "hazard_zones" ADD CONSTRAINT "hazard_zones_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "planning_assessments" ADD CONSTRAINT "planning_assessments_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "planning_rules" ADD CONSTRAINT "planning_rules_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "rsa_risks" ADD CONSTRAINT "rsa_risks_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "session_log" ADD CONSTRAINT "session_log_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "session_snapshots" ADD CONSTRAINT "session_snapshots_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "survey_results" ADD CONSTRAINT "survey_results_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
ALTER TABLE "transport_links" ADD CONSTRAINT "transport_links_classification_check" CHECK (classification IN ('open', 'internal', 'restricted'));--> statement-breakpoint
-- The audit log is append-only for the application: updates and deletes are refused in the database.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();--> statement-breakpoint
ALTER TABLE "critical_assets" ADD CONSTRAINT "critical_assets_styrel_class_check" CHECK (styrel_class BETWEEN 1 AND 8);--> statement-breakpoint
ALTER TABLE "rsa_risks" ADD CONSTRAINT "rsa_risks_likelihood_check" CHECK (likelihood BETWEEN 1 AND 5);
