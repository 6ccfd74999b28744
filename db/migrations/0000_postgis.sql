-- PostGIS first: every later migration uses geometry columns. drizzle-kit does not write this itself.
CREATE EXTENSION IF NOT EXISTS postgis;
