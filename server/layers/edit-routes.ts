/**
 * Creating, changing and deleting objects of the editable layers. Each write runs in one
 * transaction with its audit record (before and after as the layer shows the object), stamps
 * `created_by`/`updated_by`, and is refused whole when anything in it is wrong.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Feature, Geometry } from 'geojson'
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import { minimumClassification, rulesFor } from '../../common/classification-rules.ts'
import { Classification } from '../../common/domain.ts'
import { GeoJsonGeometry } from '../../common/geojson.ts'
import type { LayerInfo } from '../../common/layers.ts'
import { higherClassification, mayRead } from '../../common/permissions.ts'
import { type Database, type Orm, queryRows } from '../../db/client.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import { type Access, type AppEnv, accessOf, forbidden, requireEditableLayer } from '../http/access.ts'
import { HttpError, notFound } from '../http/errors.ts'
import { validate } from '../http/validate.ts'
import { geometryValue, requireValidGeometry } from './geometry-checks.ts'
import { queryFeature } from './query.ts'
import { type LayerSource, layerSources } from './sources.ts'
import { columnValue, derivedColumns, type WritableLayer, writableLayers } from './writable.ts'

const NewFeature = z
  .object({
    type: z.literal('Feature'),
    geometry: GeoJsonGeometry,
    properties: z.record(z.string(), z.unknown()),
  })
  .strict()

const FeatureChange = z
  .object({
    geometry: GeoJsonGeometry.optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()
  .refine((v) => v.geometry !== undefined || v.properties !== undefined, 'give geometry, properties or both')

const Params = z.object({ id: z.string().max(64) })
const FeatureParams = Params.extend({ featureId: z.uuid('feature ids of editable layers are UUIDs') })

function editable(access: Access, layerId: string): { source: LayerSource; layer: WritableLayer } {
  const source = layerSources.get(layerId)
  if (!source) throw notFound(`No layer named ${layerId}`)
  requireEditableLayer(access, source.info)
  const layer = writableLayers.get(layerId)
  if (!layer) throw forbidden(`The layer ${layerId} is not edited through this API`)
  return { source, layer }
}

/** Validates properties against the layer; `partial` for a change. Throws 400 naming the field. */
function parseProperties(
  layer: WritableLayer,
  info: LayerInfo,
  access: Access,
  input: Record<string, unknown>,
  partial: boolean,
): { values: Record<string, unknown>; classification?: Classification } {
  const { classification: rawClassification, ...rest } = input
  const schema = partial ? layer.properties.partial() : layer.properties
  const parsed = schema.safeParse(rest)
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      path: ['properties', ...i.path].join('.'),
      message: i.message,
    }))
    throw new HttpError(
      400,
      'validation_failed',
      `Invalid properties: ${details[0]?.path}: ${details[0]?.message}`,
      details,
    )
  }
  if (rawClassification === undefined) return { values: parsed.data }
  const classification = Classification.safeParse(rawClassification)
  if (!classification.success)
    throw new HttpError(
      400,
      'validation_failed',
      'properties.classification must be open, internal or restricted',
    )
  const levels = Classification.options
  if (levels.indexOf(classification.data) < levels.indexOf(info.classification))
    throw new HttpError(
      400,
      'validation_failed',
      `Objects of ${info.id} are at least ${info.classification}; ${classification.data} is too low`,
    )
  if (!mayRead(access.role, info.group, classification.data))
    throw forbidden(`You may not mark objects ${classification.data}: it is above your own clearance`)
  return { values: parsed.data, classification: classification.data }
}

/**
 * The classification a write stores: the one asked for (or `current`, the object's own or the
 * layer's), raised to what the classification rules ask of the object as it will stand. Asking for
 * less than a rule is refused, naming the rule; the result must be within the writer's clearance.
 */
export function classificationAfterWrite(
  info: LayerInfo,
  access: Access,
  properties: Record<string, unknown>,
  requested: Classification | undefined,
  current: Classification,
): Classification {
  const rules = rulesFor(info.id, properties)
  const floor = minimumClassification(info.id, properties)
  if (requested !== undefined && higherClassification(requested, floor) !== requested)
    throw new HttpError(
      400,
      'validation_failed',
      `properties.classification: this object is at least ${floor} (${rules.map((r) => r.reason.en).join('; ')})`,
      { path: 'properties.classification', rules: rules.map((r) => r.key) },
    )
  const classification = higherClassification(requested ?? current, floor)
  if (!mayRead(access.role, info.group, classification))
    throw forbidden(`Objects like this are ${classification}: above your own clearance`)
  return classification
}

/**
 * The geometry as SQL, after the checks zod cannot make: the type the layer takes, validity in
 * PostGIS's sense (no self-intersection), and a place near the municipality.
 */
async function geometrySql(
  handle: Orm,
  layer: WritableLayer,
  info: LayerInfo,
  geometry: Geometry,
): Promise<SQL> {
  if (!layer.geometryTypes.includes(geometry.type))
    throw new HttpError(
      400,
      'validation_failed',
      `The layer ${info.id} takes ${layer.geometryTypes.join(' or ')} geometries, not ${geometry.type}`,
    )
  const base = geometryValue(geometry)
  const value = layer.multi ? sql`ST_Multi(${base})` : base
  await requireValidGeometry(handle, value)
  return value
}

/** The layer's rule across properties, on the object as it will stand. */
function requireConsistent(layer: WritableLayer, properties: Record<string, unknown>): void {
  const fault = layer.check?.(properties)
  if (fault)
    throw new HttpError(400, 'validation_failed', `${fault.path}: ${fault.message}`, { path: fault.path })
}

/** Every UUID property that names another row names one that exists. */
async function checkReferences(
  handle: Orm,
  layer: WritableLayer,
  values: Record<string, unknown>,
): Promise<void> {
  for (const [key, value] of Object.entries(values)) {
    const target = layer.columns[key]?.references
    if (!target || value === null || value === undefined) continue
    const rows = await queryRows(
      handle,
      sql`SELECT 1 FROM ${sql.identifier(target)} WHERE id = ${value}::uuid`,
    )
    if (rows.length === 0)
      throw new HttpError(
        400,
        'validation_failed',
        `properties.${key}: no ${target} row has the id ${value}`,
        {
          path: `properties.${key}`,
        },
      )
  }
}

const asDatabase = (handle: Orm): Pick<Database, 'query'> => ({
  query: (statement) => queryRows(handle, statement),
})

async function readFeature(
  handle: Orm,
  source: LayerSource,
  access: Access,
  id: string,
): Promise<Feature | undefined> {
  return queryFeature(asDatabase(handle), source, access, id)
}

/**
 * Checks that the caller may edit the layer before the body is validated, so that a role that may
 * not edit learns 403 (or 404 for a layer it may not read) whatever it sends.
 */
const mayEditFirst: MiddlewareHandler<AppEnv> = async (c, next) => {
  editable(accessOf(c), c.req.param('id') ?? '')
  await next()
}

export function featureEditRoutes(db: Database) {
  return new Hono<AppEnv>()
    .post(
      '/:id/features',
      validate('param', Params),
      mayEditFirst,
      validate('json', NewFeature),
      async (c) => {
        const access = accessOf(c)
        const { source, layer } = editable(access, c.req.valid('param').id)
        const input = c.req.valid('json')
        const { values, classification } = parseProperties(
          layer,
          source.info,
          access,
          input.properties,
          false,
        )
        requireConsistent(layer, values)
        const feature = await db.transaction(async (tx) => {
          await checkReferences(tx, layer, values)
          const geom = await geometrySql(tx, layer, source.info, input.geometry)
          const columns: [string, SQL][] = [
            ...Object.entries(values).map(([k, v]): [string, SQL] => [
              layer.columns[k]!.column,
              columnValue(layer.columns[k]!, v),
            ]),
            ...derivedColumns(source.info.id, values),
            ['geom', geom],
            [
              'classification',
              sql`${classificationAfterWrite(source.info, access, values, classification, source.info.classification)}`,
            ],
            ['created_by', sql`${access.username}`],
            ['updated_by', sql`${access.username}`],
          ]
          if (source.info.id === 'incidents') columns.push(['reporter', sql`${access.displayName}`])
          const [row] = await queryRows<{ id: string }>(
            tx,
            sql`INSERT INTO ${sql.identifier(layer.table)} (${sql.join(
              columns.map(([name]) => sql.identifier(name)),
              sql`, `,
            )}) VALUES (${sql.join(
              columns.map(([, v]) => v),
              sql`, `,
            )}) RETURNING id::text AS id`,
          )
          const created = row && (await readFeature(tx, source, access, row.id))
          if (!created) throw new HttpError(500, 'internal', 'The new object could not be read back')
          await appendAudit(tx, {
            actor: access.username,
            action: AuditAction.create,
            entity: source.info.id,
            entityId: row.id,
            after: created,
          })
          return created
        })
        return c.json(feature, 201)
      },
    )
    .patch(
      '/:id/features/:featureId',
      validate('param', FeatureParams),
      mayEditFirst,
      validate('json', FeatureChange),
      async (c) => {
        const access = accessOf(c)
        const { id, featureId } = c.req.valid('param')
        const { source, layer } = editable(access, id)
        const change = c.req.valid('json')
        const parsed = change.properties
          ? parseProperties(layer, source.info, access, change.properties, true)
          : { values: {} as Record<string, unknown>, classification: undefined }
        const feature = await db.transaction(async (tx) => {
          // Note: the row lock makes two edits of one object apply one after the other, each
          // recording the state the other left as its `before`.
          const [own] = await queryRows<{ classification: Classification }>(
            tx,
            sql`SELECT classification FROM ${sql.identifier(layer.table)} WHERE id = ${featureId}::uuid FOR UPDATE`,
          )
          const before = await readFeature(tx, source, access, featureId)
          if (!before || !own) throw notFound(`No feature ${featureId} in layer ${id}`)
          await checkReferences(tx, layer, parsed.values)
          requireConsistent(layer, { ...before.properties, ...parsed.values })
          // Note: the rules see the object as it will stand, so changing a Styrel class to 1 raises it.
          const classification = classificationAfterWrite(
            source.info,
            access,
            { ...before.properties, ...parsed.values },
            parsed.classification,
            own.classification,
          )
          const sets: [string, SQL][] = [
            ...Object.entries(parsed.values).map(([k, v]): [string, SQL] => [
              layer.columns[k]!.column,
              columnValue(layer.columns[k]!, v),
            ]),
            ...derivedColumns(id, parsed.values),
            ['updated_by', sql`${access.username}`],
            ['updated_at', sql`now()`],
          ]
          if (change.geometry) sets.push(['geom', await geometrySql(tx, layer, source.info, change.geometry)])
          if (classification !== own.classification) sets.push(['classification', sql`${classification}`])
          await queryRows(
            tx,
            sql`UPDATE ${sql.identifier(layer.table)} SET ${sql.join(
              sets.map(([name, v]) => sql`${sql.identifier(name)} = ${v}`),
              sql`, `,
            )} WHERE id = ${featureId}::uuid`,
          )
          const after = await readFeature(tx, source, access, featureId)
          if (!after) throw new HttpError(500, 'internal', 'The changed object could not be read back')
          await appendAudit(tx, {
            actor: access.username,
            action: AuditAction.update,
            entity: id,
            entityId: featureId,
            before,
            after,
          })
          return after
        })
        return c.json(feature)
      },
    )
    .delete('/:id/features/:featureId', validate('param', FeatureParams), async (c) => {
      const access = accessOf(c)
      const { id, featureId } = c.req.valid('param')
      const { source, layer } = editable(access, id)
      await db.transaction(async (tx) => {
        await queryRows(
          tx,
          sql`SELECT 1 FROM ${sql.identifier(layer.table)} WHERE id = ${featureId}::uuid FOR UPDATE`,
        )
        const before = await readFeature(tx, source, access, featureId)
        if (!before) throw notFound(`No feature ${featureId} in layer ${id}`)
        await queryRows(tx, sql`DELETE FROM ${sql.identifier(layer.table)} WHERE id = ${featureId}::uuid`)
        await appendAudit(tx, {
          actor: access.username,
          action: AuditAction.delete,
          entity: id,
          entityId: featureId,
          before,
        })
      })
      return c.body(null, 204)
    })
}
