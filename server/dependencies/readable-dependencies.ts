/**
 * The dependencies a caller may read, as SQL: a dependency is shown only when the caller may read
 * its own row and both of its assets (`server/http/readable-join.ts`), so a role that may not read
 * an asset never learns that anything depends on it or that it depends on anything. The list, the
 * chains, the writes' answers and the audit records all read through here.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { DependencyView } from '../../common/dependencies.ts'
import { type Orm, queryRows } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import { markingOf, readableJoin } from '../http/readable-join.ts'

/** Rows of `DependencyView`, filtered by `where` (on `t` the dependency, `p` provider, `d` dependent). */
export function readableDependencies(access: Access, where: SQL = sql`true`): SQL {
  return sql`
    SELECT t.id::text AS id, t.dependent_asset_id::text AS "dependentAssetId",
      t.provider_asset_id::text AS "providerAssetId", t.resource, t.redundancy_group AS "redundancyGroup",
      t.time_to_impact_hours AS "timeToImpactHours", t.backup_hours AS "backupHours",
      d.name AS "dependentName", p.name AS "providerName",
      json_build_array(ST_X(d.geom), ST_Y(d.geom)) AS "dependentPosition",
      json_build_array(ST_X(p.geom), ST_Y(p.geom)) AS "providerPosition",
      ${markingOf(access, sql`t.classification`, [
        ['p', 'infrastructure'],
        ['d', 'infrastructure'],
      ])} AS classification
    FROM asset_dependencies t
      JOIN critical_assets p ON p.id = t.provider_asset_id
      JOIN critical_assets d ON d.id = t.dependent_asset_id
    WHERE ${readableJoin(access, 't', 'infrastructure')}
      AND ${readableJoin(access, 'p', 'infrastructure')} AND ${readableJoin(access, 'd', 'infrastructure')}
      AND ${where}`
}

const numeric = (row: DependencyView): DependencyView => ({
  ...row,
  timeToImpactHours: Number(row.timeToImpactHours),
  backupHours: Number(row.backupHours),
})

/** The readable dependencies matching `where`, sorted by dependent then provider name. */
export async function listDependencies(handle: Orm, access: Access, where?: SQL): Promise<DependencyView[]> {
  const rows = await queryRows<DependencyView>(
    handle,
    sql`SELECT * FROM (${readableDependencies(access, where)}) v
      ORDER BY v."dependentName", v."providerName", v.resource, v.id`,
  )
  return rows.map(numeric)
}

/** One readable dependency, or undefined (missing and unreadable alike). */
export async function readDependency(
  handle: Orm,
  access: Access,
  id: string,
): Promise<DependencyView | undefined> {
  const [row] = await listDependencies(handle, access, sql`t.id = ${id}::uuid`)
  return row
}

/** One dependency reached by a walk, with the number of edges from the asset it started at. */
export type ChainEdge = DependencyView & { depth: number }

/**
 * Breadth-first over `edges` from `assetId`: `upstream` follows providers, `downstream` dependents;
 * each edge comes once, at the depth it was first reached, and a cycle ends where it returns to an
 * asset already visited. Pure, so the walk is tested apart from the database.
 */
export function walkChains(
  edges: readonly DependencyView[],
  assetId: string,
): { upstream: ChainEdge[]; downstream: ChainEdge[] } {
  const walk = (next: (e: DependencyView) => string, from: (e: DependencyView) => string) => {
    const byFrom = new Map<string, DependencyView[]>()
    for (const e of edges) byFrom.set(from(e), [...(byFrom.get(from(e)) ?? []), e])
    const seen = new Set([assetId])
    const out: ChainEdge[] = []
    let frontier = [assetId]
    for (let depth = 1; frontier.length > 0; depth++) {
      const following: string[] = []
      for (const asset of frontier)
        for (const e of byFrom.get(asset) ?? []) {
          out.push({ ...e, depth })
          if (!seen.has(next(e))) {
            seen.add(next(e))
            following.push(next(e))
          }
        }
      frontier = following
    }
    return out
  }
  return {
    upstream: walk(
      (e) => e.providerAssetId,
      (e) => e.dependentAssetId,
    ),
    downstream: walk(
      (e) => e.dependentAssetId,
      (e) => e.providerAssetId,
    ),
  }
}

/** The chains through one asset over the edges the caller may read (a chain stops where clearance ends). */
export async function dependencyChains(
  handle: Orm,
  access: Access,
  assetId: string,
): Promise<{ upstream: ChainEdge[]; downstream: ChainEdge[] }> {
  return walkChains(await listDependencies(handle, access), assetId)
}
