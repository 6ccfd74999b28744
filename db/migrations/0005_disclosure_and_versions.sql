-- The disclosure control's secret. The cell-key method derives each record's key from its id and
-- this value, so nobody without the database can compute the noise of a published count. The
-- database draws it once (gen_random_uuid uses a strong random source), and every app process
-- sharing the database shares it.
INSERT INTO "app_meta" ("key", "value")
VALUES ('disclosure_secret', to_jsonb(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '')))
ON CONFLICT ("key") DO NOTHING;--> statement-breakpoint
-- A write counter per table, raised by every statement that writes the table, whoever runs it (the
-- API, an import, the seed, a script). App processes keep caches of what they derive from the table
-- and compare this counter before serving one, so a write in one process empties the others' too.
INSERT INTO "app_meta" ("key", "value") VALUES ('data_version:incidents', '0'::jsonb)
ON CONFLICT ("key") DO NOTHING;--> statement-breakpoint
CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "app_meta" SET "value" = to_jsonb(("value" #>> '{}')::bigint + 1), "updated_at" = now()
  WHERE "key" = 'data_version:' || TG_ARGV[0];
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER incidents_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "incidents"
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('incidents');
