-- A write counter for everything the map layers read outside crisis sessions: raised by every
-- statement that writes one of these tables, whoever runs it, so each app process can keep the
-- layers' answers and still never serve one older than the last write (server/cache/).
INSERT INTO "app_meta" ("key", "value") VALUES ('data_version:layers', '0'::jsonb)
ON CONFLICT ("key") DO NOTHING;--> statement-breakpoint
-- Note: one counter for all of them, the incidents included, so that a transaction writing two of
-- these tables takes only one counter row: two counters locked in different orders by two
-- transactions could deadlock.
DROP TRIGGER incidents_data_version ON "incidents";--> statement-breakpoint
DELETE FROM "app_meta" WHERE "key" = 'data_version:incidents';--> statement-breakpoint
CREATE TRIGGER areas_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "areas"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER actors_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "actors"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER actor_areas_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "actor_areas"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER actor_links_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "actor_links"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER critical_assets_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "critical_assets"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER asset_dependencies_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "asset_dependencies"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER transport_links_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "transport_links"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER hazard_zones_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "hazard_zones"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER hazard_sites_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "hazard_sites"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER rsa_risks_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "rsa_risks"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER planning_assessments_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "planning_assessments"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER incidents_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "incidents"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER crime_statistics_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "crime_statistics"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER survey_results_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "survey_results"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');--> statement-breakpoint
CREATE TRIGGER users_layers_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('layers');
