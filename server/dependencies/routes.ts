/**
 * `/api/dependencies` (CONTRACT, "Dependencies and the cascade"): read, create, change and delete
 * the directed edges between critical assets. Roles that edit critical assets edit dependencies;
 * every write runs in one transaction with its audit record. A dependency is read only with both of
 * its assets (`readable-dependencies.ts`), and an asset the caller may not read answers like one
 * that does not exist, in reads and in writes alike.
 */
import { type SQL, sql } from 'drizzle-orm'
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import {
  DependencyChange,
  type DependencyView,
  dependencyClassification,
  mayEditDependencies,
  NewDependency,
} from '../../common/dependencies.ts'
import type { Classification } from '../../common/domain.ts'
import { higherClassification } from '../../common/permissions.ts'
import { type Database, type Orm, queryRows } from '../../db/client.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import { type Access, type AppEnv, accessOf, forbidden } from '../http/access.ts'
import { HttpError, notFound } from '../http/errors.ts'
import { mayReadJoined } from '../http/readable-join.ts'
import { validate } from '../http/validate.ts'
import { dependencyChains, listDependencies, readDependency } from './readable-dependencies.ts'

const ListQuery = z.object({ assetId: z.uuid('assetId must be a UUID').optional() }).strict()
const ChainQuery = z.object({ assetId: z.uuid('assetId must be a UUID') }).strict()
const Params = z.object({ id: z.uuid('dependency ids are UUIDs') })

const mayEditFirst: MiddlewareHandler<AppEnv> = async (c, next) => {
  const access = accessOf(c)
  if (!mayEditDependencies(access.role)) throw forbidden(`The role ${access.role} may not edit dependencies`)
  await next()
}

/** A 404 for an asset that does not exist or that the caller may not read: the same answer. */
async function requireReadableAsset(handle: Orm, access: Access, assetId: string): Promise<void> {
  const [asset] = await queryRows<{ classification: Classification }>(
    handle,
    sql`SELECT classification FROM critical_assets WHERE id = ${assetId}::uuid`,
  )
  if (!asset || !mayReadJoined(access, 'infrastructure', asset.classification))
    throw notFound(`No critical asset ${assetId}`)
}

/**
 * The classification of a dependency between the two assets, after checking that both exist and
 * that the caller may read them (an unreadable asset is refused like an unknown id, naming the field).
 */
async function endsOf(
  handle: Orm,
  access: Access,
  ends: { dependentAssetId: string; providerAssetId: string },
): Promise<Classification> {
  const levels: Classification[] = []
  for (const field of ['dependentAssetId', 'providerAssetId'] as const) {
    const id = ends[field]
    // Note: FOR SHARE keeps the asset from being deleted before the new edge is written.
    const [asset] = await queryRows<{ classification: Classification }>(
      handle,
      sql`SELECT classification FROM critical_assets WHERE id = ${id}::uuid FOR SHARE`,
    )
    if (!asset || !mayReadJoined(access, 'infrastructure', asset.classification))
      throw new HttpError(400, 'validation_failed', `${field}: no critical asset has the id ${id}`, {
        path: field,
      })
    levels.push(asset.classification)
  }
  return dependencyClassification(levels[0]!, levels[1]!)
}

/** 409 when the same dependent already needs the same resource from the same provider. */
async function requireNoDuplicate(
  handle: Orm,
  d: { dependentAssetId: string; providerAssetId: string; resource: string },
  except?: string,
): Promise<void> {
  const rows = await queryRows(
    handle,
    sql`SELECT 1 FROM asset_dependencies WHERE dependent_asset_id = ${d.dependentAssetId}::uuid
      AND provider_asset_id = ${d.providerAssetId}::uuid AND resource = ${d.resource}
      ${except ? sql`AND id <> ${except}::uuid` : sql``}`,
  )
  if (rows.length > 0)
    throw new HttpError(
      409,
      'conflict',
      'This asset already needs this resource from that provider; change that dependency instead',
    )
}

const audited = async (
  tx: Orm,
  access: Access,
  action: AuditAction,
  id: string,
  states: { before?: DependencyView; after?: DependencyView },
) =>
  appendAudit(tx, {
    actor: access.username,
    action,
    entity: 'dependencies',
    entityId: id,
    ...states,
  })

export function dependencyRoutes(db: Database) {
  return new Hono<AppEnv>()
    .get('/', validate('query', ListQuery), async (c) => {
      const access = accessOf(c)
      const { assetId } = c.req.valid('query')
      let where: SQL | undefined
      if (assetId) {
        await requireReadableAsset(db.orm, access, assetId)
        where = sql`(t.dependent_asset_id = ${assetId}::uuid OR t.provider_asset_id = ${assetId}::uuid)`
      }
      return c.json({ dependencies: await listDependencies(db.orm, access, where) })
    })
    .get('/chains', validate('query', ChainQuery), async (c) => {
      const access = accessOf(c)
      const { assetId } = c.req.valid('query')
      await requireReadableAsset(db.orm, access, assetId)
      return c.json({ assetId, ...(await dependencyChains(db.orm, access, assetId)) })
    })
    .post('/', mayEditFirst, validate('json', NewDependency), async (c) => {
      const access = accessOf(c)
      const input = c.req.valid('json')
      const dependency = await db.transaction(async (tx) => {
        const classification = await endsOf(tx, access, input)
        await requireNoDuplicate(tx, input)
        const [row] = await queryRows<{ id: string }>(
          tx,
          sql`INSERT INTO asset_dependencies (dependent_asset_id, provider_asset_id, resource, redundancy_group,
              time_to_impact_hours, backup_hours, classification, created_by, updated_by)
            VALUES (${input.dependentAssetId}::uuid, ${input.providerAssetId}::uuid, ${input.resource},
              ${input.redundancyGroup ?? input.resource}, ${input.timeToImpactHours}, ${input.backupHours},
              ${classification}, ${access.username}, ${access.username})
            RETURNING id::text AS id`,
        )
        const created = row && (await readDependency(tx, access, row.id))
        if (!created) throw new HttpError(500, 'internal', 'The new dependency could not be read back')
        await audited(tx, access, AuditAction.create, created.id, { after: created })
        return created
      })
      return c.json({ dependency }, 201)
    })
    .patch('/:id', validate('param', Params), mayEditFirst, validate('json', DependencyChange), async (c) => {
      const access = accessOf(c)
      const { id } = c.req.valid('param')
      const change = c.req.valid('json')
      const dependency = await db.transaction(async (tx) => {
        // Note: the row lock makes two edits of one dependency apply one after the other.
        const [own] = await queryRows<{ classification: Classification }>(
          tx,
          sql`SELECT classification FROM asset_dependencies WHERE id = ${id}::uuid FOR UPDATE`,
        )
        const before = own && (await readDependency(tx, access, id))
        if (!before || !own) throw notFound(`No dependency ${id}`)
        const merged = { ...before, ...change }
        if (merged.dependentAssetId === merged.providerAssetId)
          throw new HttpError(400, 'validation_failed', 'providerAssetId: an asset cannot depend on itself', {
            path: 'providerAssetId',
          })
        // Note: a dependency never drops below what it was marked, only rises with a new end.
        const classification = higherClassification(own.classification, await endsOf(tx, access, merged))
        await requireNoDuplicate(tx, merged, id)
        await queryRows(
          tx,
          sql`UPDATE asset_dependencies SET dependent_asset_id = ${merged.dependentAssetId}::uuid,
              provider_asset_id = ${merged.providerAssetId}::uuid, resource = ${merged.resource},
              redundancy_group = ${merged.redundancyGroup}, time_to_impact_hours = ${merged.timeToImpactHours},
              backup_hours = ${merged.backupHours}, classification = ${classification},
              updated_by = ${access.username}, updated_at = now()
            WHERE id = ${id}::uuid`,
        )
        const after = await readDependency(tx, access, id)
        if (!after) throw new HttpError(500, 'internal', 'The changed dependency could not be read back')
        await audited(tx, access, AuditAction.update, id, { before, after })
        return after
      })
      return c.json({ dependency })
    })
    .delete('/:id', validate('param', Params), mayEditFirst, async (c) => {
      const access = accessOf(c)
      const { id } = c.req.valid('param')
      await db.transaction(async (tx) => {
        await queryRows(tx, sql`SELECT 1 FROM asset_dependencies WHERE id = ${id}::uuid FOR UPDATE`)
        const before = await readDependency(tx, access, id)
        if (!before) throw notFound(`No dependency ${id}`)
        await queryRows(tx, sql`DELETE FROM asset_dependencies WHERE id = ${id}::uuid`)
        await audited(tx, access, AuditAction.delete, id, { before })
      })
      return c.body(null, 204)
    })
}
