/**
 * Reference data every installation needs, demo or not: the real boundaries of Sweden's
 * municipalities and counties (data/sweden, MIT), for the offline basemap and for the chosen
 * municipality's own area.
 */
import { readFileSync } from 'node:fs'
import { eq, sql } from 'drizzle-orm'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import type { Database } from './client.ts'
import { appMeta } from './schema.ts'

const REFERENCE_VERSION = 1

type Boundaries = FeatureCollection<Polygon | MultiPolygon, Record<string, string>>

const readBoundaries = (file: string): Boundaries =>
  JSON.parse(readFileSync(new URL(`../data/sweden/${file}`, import.meta.url), 'utf8'))

export interface Municipality {
  code: string
  name: string
  countyCode: string
  geometry: Polygon | MultiPolygon
}

/** Looks a municipality up by its four-digit kommunkod. */
export function findMunicipality(kommun: string): Municipality | undefined {
  const feature = readBoundaries('kommuner.geojson').features.find((f) => f.properties.KnKod === kommun)
  if (!feature) return undefined
  return {
    code: kommun,
    name: feature.properties.KnNamn,
    countyCode: kommun.slice(0, 2),
    geometry: feature.geometry,
  }
}

/** A GeoJSON geometry as a WGS 84 PostGIS geometry, repaired where the generalisation broke it. */
const validGeometry = (g: Polygon | MultiPolygon) =>
  sql`ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), 4326))`

/**
 * Loads the boundaries once (recorded in app_meta) and makes sure the chosen municipality has its
 * `areas` row. Safe to call at every start and from several processes.
 */
export async function loadReferenceData(db: Database, kommun: string): Promise<void> {
  const municipality = findMunicipality(kommun)
  if (!municipality) throw new Error(`Unknown kommunkod ${kommun}: not among Sweden's 290 municipalities`)
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(5812006544)`)
    const done = await tx.select().from(appMeta).where(eq(appMeta.key, 'reference_data'))
    if (done.length === 0) {
      const kommuner = readBoundaries('kommuner.geojson').features
      const lan = readBoundaries('lan.geojson').features
      const values = [
        ...kommuner.map((f) => ({
          layer: 'land',
          kind: 'municipality',
          name: f.properties.KnNamn,
          geometry: f.geometry,
        })),
        ...lan.map((f) => ({
          layer: 'county',
          kind: 'county',
          name: `${f.properties.LnNamn} län`,
          geometry: f.geometry,
        })),
      ]
      for (let i = 0; i < values.length; i += 100) {
        const chunk = values.slice(i, i + 100)
        await tx.execute(sql`
          INSERT INTO basemap_features (layer, kind, name, geom, classification, created_by, updated_by)
          VALUES ${sql.join(
            chunk.map(
              (v) =>
                sql`(${v.layer}, ${v.kind}, ${v.name}, ${validGeometry(v.geometry)}, 'open', 'reference', 'reference')`,
            ),
            sql`, `,
          )}`)
      }
      await tx.execute(sql`
        INSERT INTO app_meta (key, value) VALUES ('reference_data', ${JSON.stringify({ version: REFERENCE_VERSION })}::jsonb)`)
    }
    await tx.execute(sql`
      INSERT INTO areas (kind, code, name, geom, classification, created_by, updated_by)
      VALUES ('municipality', ${municipality.code}, ${municipality.name},
        ST_Multi(${validGeometry(municipality.geometry)}), 'open', 'reference', 'reference')
      ON CONFLICT (kind, code) DO NOTHING`)
  })
}
