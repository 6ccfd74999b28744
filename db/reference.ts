/**
 * Reference data every installation needs, demo or not: the real boundaries of Sweden's
 * municipalities and counties (data/sweden, MIT), for the offline basemap and for the chosen
 * municipality's own area, and the planning rules (data/planning-rules, with their sources).
 */
import { readFileSync } from 'node:fs'
import { eq, sql } from 'drizzle-orm'
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson'
import { planningRuleKinds, ReferenceRuleFile } from '../common/planning.ts'
import type { Database } from './client.ts'
import { appMeta } from './schema.ts'

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]

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

/** The reference planning rules as shipped; a file that does not validate stops the start. */
export function readPlanningRules(): ReferenceRuleFile {
  const file = JSON.parse(readFileSync(new URL('../data/planning-rules/rules.json', import.meta.url), 'utf8'))
  const parsed = ReferenceRuleFile.safeParse(file)
  if (!parsed.success)
    throw new Error(
      `data/planning-rules/rules.json is not valid: ${JSON.stringify(parsed.error.issues.slice(0, 5))}`,
    )
  return parsed.data
}

const PLANNING_RULES_KEY = 'planning_rules'
const REFERENCE_USER = 'reference'

/**
 * Brings the reference planning rules up to the file's version: each rule inserted or updated in
 * place by county and key, and those the file no longer has removed. A county's own rules, which an
 * administrator entered, are never touched. Nothing happens when the stored version is current.
 */
async function loadPlanningRules(tx: Transaction, file: ReferenceRuleFile): Promise<void> {
  const [stored] = await tx.select().from(appMeta).where(eq(appMeta.key, PLANNING_RULES_KEY))
  const storedVersion = (stored?.value as { version?: number } | undefined)?.version ?? 0
  if (storedVersion >= file.version) return
  for (const rule of file.rules) {
    await tx.execute(sql`
      INSERT INTO planning_rules (county, rule_key, version, hazard_kind, description, description_en,
        parameters, source, verified, origin, classification, created_by, updated_by)
      VALUES (${rule.county}, ${rule.ruleKey}, ${rule.version}, ${planningRuleKinds[rule.ruleKey].hazardKind},
        ${rule.description.sv}, ${rule.description.en}, ${JSON.stringify(rule.parameters)}::jsonb,
        ${rule.source}, ${rule.verified}, 'reference', 'open', ${REFERENCE_USER}, ${REFERENCE_USER})
      ON CONFLICT (county, rule_key, origin) DO UPDATE SET
        version = excluded.version, hazard_kind = excluded.hazard_kind,
        description = excluded.description, description_en = excluded.description_en,
        parameters = excluded.parameters, source = excluded.source, verified = excluded.verified,
        classification = 'open', updated_by = ${REFERENCE_USER}, updated_at = now()`)
  }
  await tx.execute(sql`
    DELETE FROM planning_rules WHERE origin = 'reference' AND (county, rule_key) NOT IN (VALUES ${sql.join(
      file.rules.map((r) => sql`(${r.county}, ${r.ruleKey})`),
      sql`, `,
    )})`)
  await tx.execute(sql`
    INSERT INTO app_meta (key, value) VALUES (${PLANNING_RULES_KEY}, ${JSON.stringify({ version: file.version })}::jsonb)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
}

/** A GeoJSON geometry as a WGS 84 PostGIS geometry, repaired where the generalisation broke it. */
const validGeometry = (g: Polygon | MultiPolygon) =>
  sql`ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(g)}), 4326))`

/**
 * Loads the boundaries once (recorded in app_meta), brings the planning rules up to their file's
 * version and makes sure the chosen municipality has its `areas` row. Safe to call at every start
 * and from several processes (one advisory lock orders them).
 */
export async function loadReferenceData(
  db: Database,
  kommun: string,
  planningRules: ReferenceRuleFile = readPlanningRules(),
): Promise<void> {
  const municipality = findMunicipality(kommun)
  if (!municipality) throw new Error(`Unknown kommunkod ${kommun}: not among Sweden's 290 municipalities`)
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(5812006544)`)
    await loadPlanningRules(tx, planningRules)
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
