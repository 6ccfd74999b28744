import { defineConfig } from 'drizzle-kit'

// Note: drizzle-kit only generates SQL here; it cannot open PGlite with PostGIS, so the app applies
// the migrations itself with drizzle's migrator (db/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
})
