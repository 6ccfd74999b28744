/**
 * The dependency graph as one caller may read it: the critical assets whose classification is within
 * the caller's clearance for infrastructure, and the dependencies the caller may read whose two ends
 * are among them (the same rules as the critical-assets and dependencies layers). A cascade runs on
 * this subgraph only, so its answer is exactly what it would be if everything else did not exist:
 * nothing hidden shows through a time, a count or an error.
 */
import { sql } from 'drizzle-orm'
import type { CascadeDependency } from '../../../common/cascade.ts'
import type { CascadeOwner } from '../../../common/cascade-api.ts'
import type { Classification, Resource } from '../../../common/domain.ts'
import type { Database } from '../../../db/client.ts'
import { type Access, cleared } from '../../http/access.ts'
import { joinedValue, markingOf, readableJoin } from '../../http/readable-join.ts'

export interface ReadableAsset {
  id: string
  name: string
  sector: string
  function: string
  acceptableOutageHours: number | null
  backupPowerType: string | null
  backupPowerHours: number | null
  residentsServed: number | null
  styrelClass: number | null
  vulnerableOccupants: Record<string, number>
  continuityPlanRef: string | null
  owner: CascadeOwner | null
  position: [number, number]
  /** The most classified of the asset and of the owner shown with it. */
  classification: Classification
}

export interface ReadableDependency extends CascadeDependency {
  classification: Classification
}

export interface ReadableGraph {
  assets: ReadableAsset[]
  dependencies: ReadableDependency[]
}

interface AssetRow {
  id: string
  name: string
  sector: string
  function: string
  acceptable_outage_hours: number | null
  backup_power_type: string | null
  backup_power_hours: number | null
  residents_served: number | null
  styrel_class: number | null
  vulnerable_occupants: Record<string, number> | null
  continuity_plan_ref: string | null
  owner_name: string | null
  on_call_function: string | null
  on_call_phone: string | null
  lon: number
  lat: number
  marking: Classification
}

export async function readableAssets(
  db: Database,
  access: Access,
  where = sql`true`,
): Promise<ReadableAsset[]> {
  const rows = await db.query<AssetRow>(sql`
    SELECT s.id::text AS id, s.name, s.sector, s.function, s.acceptable_outage_hours,
      s.backup_power_type, s.backup_power_hours, s.residents_served, s.styrel_class,
      s.vulnerable_occupants, s.continuity_plan_ref,
      ${joinedValue(access, 'o', 'actors', sql`o.name`)} AS owner_name,
      ${joinedValue(access, 'o', 'actors', sql`o.on_call->>'function'`)} AS on_call_function,
      ${joinedValue(access, 'o', 'actors', sql`o.on_call->>'phone'`)} AS on_call_phone,
      ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat,
      ${markingOf(access, sql`s.classification`, [['o', 'actors']])} AS marking
    FROM critical_assets s LEFT JOIN actors o ON o.id = s.owner_actor_id
    WHERE ${cleared(access, 'infrastructure')} AND ${where}
    ORDER BY s.id`)
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    sector: r.sector,
    function: r.function,
    acceptableOutageHours: r.acceptable_outage_hours,
    backupPowerType: r.backup_power_type,
    backupPowerHours: r.backup_power_hours,
    residentsServed: r.residents_served,
    styrelClass: r.styrel_class,
    vulnerableOccupants: r.vulnerable_occupants ?? {},
    continuityPlanRef: r.continuity_plan_ref,
    owner:
      r.owner_name === null
        ? null
        : { name: r.owner_name, onCallFunction: r.on_call_function, onCallPhone: r.on_call_phone },
    position: [Number(r.lon), Number(r.lat)],
    classification: r.marking,
  }))
}

interface DependencyRow {
  id: string
  dependent: string
  provider: string
  resource: Resource
  redundancy_group: string
  time_to_impact_hours: number
  backup_hours: number
  classification: Classification
}

export async function readableDependencies(db: Database, access: Access): Promise<ReadableDependency[]> {
  const rows = await db.query<DependencyRow>(sql`
    SELECT s.id::text AS id, s.dependent_asset_id::text AS dependent, s.provider_asset_id::text AS provider,
      s.resource, s.redundancy_group, s.time_to_impact_hours, s.backup_hours, s.classification
    FROM asset_dependencies s
      JOIN critical_assets p ON p.id = s.provider_asset_id
      JOIN critical_assets d ON d.id = s.dependent_asset_id
    WHERE ${cleared(access, 'infrastructure')}
      AND ${readableJoin(access, 'p', 'infrastructure')} AND ${readableJoin(access, 'd', 'infrastructure')}
    ORDER BY s.id`)
  return rows.map((r) => ({
    id: r.id,
    dependentAssetId: r.dependent,
    providerAssetId: r.provider,
    resource: r.resource,
    redundancyGroup: r.redundancy_group,
    timeToImpactHours: Number(r.time_to_impact_hours),
    backupHours: Number(r.backup_hours),
    classification: r.classification,
  }))
}

export async function readableGraph(db: Database, access: Access): Promise<ReadableGraph> {
  const [assets, dependencies] = await Promise.all([
    readableAssets(db, access),
    readableDependencies(db, access),
  ])
  return { assets, dependencies }
}

/**
 * The readable assets inside a readable hazard zone (or undefined when the caller may not read the
 * zone, or it does not exist: the two answer alike).
 */
export async function assetsInHazardZone(
  db: Database,
  access: Access,
  hazardZoneId: string,
): Promise<{ name: string; classification: Classification; assetIds: string[] } | undefined> {
  const zones = await db.query<{
    name: string
    classification: Classification
    asset_ids: string[] | null
  }>(sql`
    SELECT s.name, s.classification,
      (SELECT array_agg(a.id::text ORDER BY a.id) FROM critical_assets a
        WHERE ST_Intersects(a.geom, s.geom)
          AND ${readableJoin(access, 'a', 'infrastructure')}) AS asset_ids
    FROM hazard_zones s
    WHERE s.id = ${hazardZoneId} AND ${cleared(access, 'hazards')}`)
  const zone = zones[0]
  if (!zone) return undefined
  return { name: zone.name, classification: zone.classification, assetIds: zone.asset_ids ?? [] }
}

/** The readable assets inside a drawn polygon (WGS 84). */
export async function assetsInPolygon(db: Database, access: Access, polygon: unknown): Promise<string[]> {
  const rows = await db.query<{ id: string }>(sql`
    SELECT a.id::text AS id FROM critical_assets a
    WHERE ST_Intersects(a.geom, ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(polygon)}), 4326)))
      AND ${readableJoin(access, 'a', 'infrastructure')}
    ORDER BY a.id`)
  return rows.map((r) => r.id)
}
