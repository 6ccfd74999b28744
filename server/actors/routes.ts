/**
 * The actor register's routes: `/api/actors` (the list with search and filters, one actor's card,
 * "who is responsible here"), `/api/actor-links` and `/api/actor-areas` (create, change, delete).
 * Actors themselves are written through the actors layer (`/api/layers/actors/features`). Roles
 * that edit actors edit their links and areas; each write runs in one transaction with its audit
 * record, and what the caller may not read answers like what does not exist.
 */
import { type SQL, sql } from 'drizzle-orm'
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import {
  ActorAreaChange,
  ActorLinkChange,
  ActorListQuery,
  mayEditActorRegister,
  NewActorArea,
  NewActorLink,
  ResponsibleAt,
  ResponsibleWithin,
} from '../../common/actor-register.ts'
import type { Classification } from '../../common/domain.ts'
import { type LayerId, layerCatalogue } from '../../common/layers.ts'
import { higherClassification } from '../../common/permissions.ts'
import { type Database, type Orm, queryRows } from '../../db/client.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import { type Access, type AppEnv, accessOf, forbidden } from '../http/access.ts'
import { HttpError, notFound } from '../http/errors.ts'
import { mayReadJoined, readableJoin } from '../http/readable-join.ts'
import { validate } from '../http/validate.ts'
import { classificationAfterWrite } from '../layers/edit-routes.ts'
import { geometryValue, requireValidGeometry } from '../layers/geometry-checks.ts'
import { actorCard, listActors, responsibilityAreaKinds, responsibleActors } from './register-queries.ts'

const Params = z.object({ id: z.uuid('ids are UUIDs') })
const asList = <T>(v: T | T[] | undefined): T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? v : [v]

const mayEditFirst: MiddlewareHandler<AppEnv> = async (c, next) => {
  const access = accessOf(c)
  if (!mayEditActorRegister(access.role))
    throw forbidden(`The role ${access.role} may not edit the actor register`)
  await next()
}

const infoOf = (id: LayerId) => layerCatalogue.find((l) => l.id === id)!

/**
 * The classification a link or an area stores: the one asked for (not below the layer's own, within
 * the writer's clearance) raised by the classification rules and by `atLeast` (what it joins).
 */
function classificationOf(
  layer: 'actor-links' | 'responsibility-areas',
  access: Access,
  properties: Record<string, unknown>,
  requested: Classification | undefined,
  current: Classification,
  atLeast: Classification,
): Classification {
  const info = infoOf(layer)
  if (requested !== undefined && higherClassification(requested, info.classification) !== requested)
    throw new HttpError(
      400,
      'validation_failed',
      `classification: objects of ${layer} are at least ${info.classification}`,
      { path: 'classification' },
    )
  return classificationAfterWrite(
    info,
    access,
    properties,
    requested === undefined ? undefined : higherClassification(requested, atLeast),
    higherClassification(current, atLeast),
  )
}

/** An actor the caller may read, for a link's end or an area's owner; 400 naming the field otherwise. */
async function readableActor(
  handle: Orm,
  access: Access,
  id: string,
  field: string,
): Promise<Classification> {
  const [row] = await queryRows<{ classification: Classification }>(
    handle,
    sql`SELECT classification FROM actors WHERE id = ${id}::uuid FOR SHARE`,
  )
  if (!row || !mayReadJoined(access, 'actors', row.classification))
    throw new HttpError(400, 'validation_failed', `${field}: no actor has the id ${id}`, { path: field })
  return row.classification
}

interface LinkRecord {
  id: string
  fromActorId: string
  toActorId: string
  from: string
  to: string
  linkType: string
  description: string | null
  classification: Classification
}

async function readLink(handle: Orm, access: Access, id: string): Promise<LinkRecord | undefined> {
  const [row] = await queryRows<LinkRecord>(
    handle,
    sql`SELECT t.id::text AS id, t.from_actor_id::text AS "fromActorId", t.to_actor_id::text AS "toActorId",
        a.name AS "from", b.name AS "to", t.link_type AS "linkType", t.description, t.classification
      FROM actor_links t JOIN actors a ON a.id = t.from_actor_id JOIN actors b ON b.id = t.to_actor_id
      WHERE t.id = ${id}::uuid AND ${readableJoin(access, 't', 'actors')}
        AND ${readableJoin(access, 'a', 'actors')} AND ${readableJoin(access, 'b', 'actors')}`,
  )
  return row
}

interface AreaRecord {
  id: string
  actorId: string
  actor: string
  responsibility: string
  areaId: string | null
  geometry: unknown
  classification: Classification
}

async function readArea(handle: Orm, access: Access, id: string): Promise<AreaRecord | undefined> {
  const [row] = await queryRows<AreaRecord>(
    handle,
    sql`SELECT t.id::text AS id, t.actor_id::text AS "actorId", a.name AS actor, t.responsibility,
        t.area_id::text AS "areaId", ST_AsGeoJSON(t.geom, 7)::json AS geometry, t.classification
      FROM actor_areas t JOIN actors a ON a.id = t.actor_id
      WHERE t.id = ${id}::uuid AND ${readableJoin(access, 't', 'actors')} AND ${readableJoin(access, 'a', 'actors')}`,
  )
  return row
}

/** The geometry of a new or changed area: drawn (checked in PostGIS) or taken from a known area. */
async function areaGeometry(
  handle: Orm,
  input: { geometry?: Parameters<typeof geometryValue>[0]; areaId?: string },
): Promise<SQL> {
  if (input.geometry) {
    const value = sql`ST_Multi(${geometryValue(input.geometry)})`
    await requireValidGeometry(handle, value)
    return value
  }
  const [area] = await queryRows<{ id: string }>(
    handle,
    sql`SELECT id::text AS id FROM areas WHERE id = ${input.areaId}::uuid
      AND kind IN (${sql.join(
        responsibilityAreaKinds.map((k) => sql`${k}`),
        sql`, `,
      )})`,
  )
  if (!area)
    throw new HttpError(
      400,
      'validation_failed',
      `areaId: no district, police area or rescue district has the id ${input.areaId}`,
      { path: 'areaId' },
    )
  return sql`(SELECT ST_Multi(geom) FROM areas WHERE id = ${input.areaId}::uuid)`
}

const audit = (
  tx: Orm,
  access: Access,
  entity: 'actor-links' | 'responsibility-areas',
  action: AuditAction,
  id: string,
  states: { before?: unknown; after?: unknown },
) => appendAudit(tx, { actor: access.username, action, entity, entityId: id, ...states })

export function actorRegisterRoutes(db: Database) {
  return new Hono<AppEnv>()
    .get('/', validate('query', ActorListQuery), async (c) => {
      const access = accessOf(c)
      const q = c.req.valid('query')
      if (q.areaId) {
        const [area] = await db.query(sql`SELECT 1 FROM areas WHERE id = ${q.areaId}::uuid`)
        if (!area) throw new HttpError(400, 'validation_failed', `areaId: no area has the id ${q.areaId}`)
      }
      return c.json(
        await listActors(db.orm, access, {
          q: q.q || undefined,
          types: asList(q.type),
          sectors: asList(q.sector),
          areaId: q.areaId,
          onCall: q.onCall === undefined ? undefined : q.onCall === 'true',
          limit: q.limit,
          offset: q.offset,
        }),
      )
    })
    .get('/responsible', validate('query', ResponsibleAt), async (c) => {
      const { lon, lat } = c.req.valid('query')
      const point = sql`ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)`
      return c.json({ groups: await responsibleActors(db.orm, accessOf(c), point) })
    })
    .post('/responsible', validate('json', ResponsibleWithin), async (c) => {
      const { geometry } = c.req.valid('json')
      const value = geometryValue(geometry)
      await requireValidGeometry(db.orm, value)
      return c.json({ groups: await responsibleActors(db.orm, accessOf(c), value) })
    })
    .get('/:id', validate('param', Params), async (c) => {
      const { id } = c.req.valid('param')
      const card = await actorCard(db.orm, accessOf(c), id)
      if (!card) throw notFound(`No actor ${id}`)
      return c.json(card)
    })
}

export function actorLinkRoutes(db: Database) {
  return new Hono<AppEnv>()
    .post('/', mayEditFirst, validate('json', NewActorLink), async (c) => {
      const access = accessOf(c)
      const input = c.req.valid('json')
      const link = await db.transaction(async (tx) => {
        const ends = higherClassification(
          await readableActor(tx, access, input.fromActorId, 'fromActorId'),
          await readableActor(tx, access, input.toActorId, 'toActorId'),
        )
        const classification = classificationOf(
          'actor-links',
          access,
          input,
          input.classification,
          'internal',
          ends,
        )
        const [row] = await queryRows<{ id: string }>(
          tx,
          sql`INSERT INTO actor_links (from_actor_id, to_actor_id, link_type, description, classification, created_by, updated_by)
            VALUES (${input.fromActorId}::uuid, ${input.toActorId}::uuid, ${input.linkType}, ${input.description ?? null},
              ${classification}, ${access.username}, ${access.username})
            RETURNING id::text AS id`,
        )
        const created = row && (await readLink(tx, access, row.id))
        if (!created) throw new HttpError(500, 'internal', 'The new link could not be read back')
        await audit(tx, access, 'actor-links', AuditAction.create, created.id, { after: created })
        return created
      })
      return c.json({ link }, 201)
    })
    .patch('/:id', validate('param', Params), mayEditFirst, validate('json', ActorLinkChange), async (c) => {
      const access = accessOf(c)
      const { id } = c.req.valid('param')
      const change = c.req.valid('json')
      const link = await db.transaction(async (tx) => {
        await queryRows(tx, sql`SELECT 1 FROM actor_links WHERE id = ${id}::uuid FOR UPDATE`)
        const before = await readLink(tx, access, id)
        if (!before) throw notFound(`No actor link ${id}`)
        const merged = { ...before, ...change }
        if (merged.fromActorId === merged.toActorId)
          throw new HttpError(400, 'validation_failed', 'toActorId: an actor cannot be linked to itself', {
            path: 'toActorId',
          })
        const ends = higherClassification(
          await readableActor(tx, access, merged.fromActorId, 'fromActorId'),
          await readableActor(tx, access, merged.toActorId, 'toActorId'),
        )
        const classification = classificationOf(
          'actor-links',
          access,
          merged,
          change.classification,
          before.classification,
          ends,
        )
        await queryRows(
          tx,
          sql`UPDATE actor_links SET from_actor_id = ${merged.fromActorId}::uuid, to_actor_id = ${merged.toActorId}::uuid,
              link_type = ${merged.linkType}, description = ${merged.description ?? null},
              classification = ${classification}, updated_by = ${access.username}, updated_at = now()
            WHERE id = ${id}::uuid`,
        )
        const after = await readLink(tx, access, id)
        if (!after) throw new HttpError(500, 'internal', 'The changed link could not be read back')
        await audit(tx, access, 'actor-links', AuditAction.update, id, { before, after })
        return after
      })
      return c.json({ link })
    })
    .delete('/:id', validate('param', Params), mayEditFirst, async (c) => {
      const access = accessOf(c)
      const { id } = c.req.valid('param')
      await db.transaction(async (tx) => {
        await queryRows(tx, sql`SELECT 1 FROM actor_links WHERE id = ${id}::uuid FOR UPDATE`)
        const before = await readLink(tx, access, id)
        if (!before) throw notFound(`No actor link ${id}`)
        await queryRows(tx, sql`DELETE FROM actor_links WHERE id = ${id}::uuid`)
        await audit(tx, access, 'actor-links', AuditAction.delete, id, { before })
      })
      return c.body(null, 204)
    })
}

export function actorAreaRoutes(db: Database) {
  return new Hono<AppEnv>()
    .post('/', mayEditFirst, validate('json', NewActorArea), async (c) => {
      const access = accessOf(c)
      const input = c.req.valid('json')
      const area = await db.transaction(async (tx) => {
        const owner = await readableActor(tx, access, input.actorId, 'actorId')
        const classification = classificationOf(
          'responsibility-areas',
          access,
          input,
          input.classification,
          'internal',
          owner,
        )
        const geom = await areaGeometry(tx, input)
        const [row] = await queryRows<{ id: string }>(
          tx,
          sql`INSERT INTO actor_areas (actor_id, area_id, responsibility, geom, classification, created_by, updated_by)
            VALUES (${input.actorId}::uuid, ${input.areaId ?? null}::uuid, ${input.responsibility}, ${geom},
              ${classification}, ${access.username}, ${access.username})
            RETURNING id::text AS id`,
        )
        const created = row && (await readArea(tx, access, row.id))
        if (!created) throw new HttpError(500, 'internal', 'The new area could not be read back')
        await audit(tx, access, 'responsibility-areas', AuditAction.create, created.id, { after: created })
        return created
      })
      return c.json({ area }, 201)
    })
    .patch('/:id', validate('param', Params), mayEditFirst, validate('json', ActorAreaChange), async (c) => {
      const access = accessOf(c)
      const { id } = c.req.valid('param')
      const change = c.req.valid('json')
      const area = await db.transaction(async (tx) => {
        await queryRows(tx, sql`SELECT 1 FROM actor_areas WHERE id = ${id}::uuid FOR UPDATE`)
        const before = await readArea(tx, access, id)
        if (!before) throw notFound(`No area of responsibility ${id}`)
        const owner = await readableActor(tx, access, before.actorId, 'actorId')
        const classification = classificationOf(
          'responsibility-areas',
          access,
          { ...before, ...change },
          change.classification,
          before.classification,
          owner,
        )
        const sets: SQL[] = [
          sql`classification = ${classification}`,
          sql`updated_by = ${access.username}`,
          sql`updated_at = now()`,
        ]
        if (change.responsibility !== undefined) sets.push(sql`responsibility = ${change.responsibility}`)
        if (change.geometry || change.areaId) {
          sets.push(sql`geom = ${await areaGeometry(tx, change)}`)
          // Note: a drawn area is no longer the district it was taken from.
          sets.push(sql`area_id = ${change.areaId ?? null}::uuid`)
        }
        await queryRows(tx, sql`UPDATE actor_areas SET ${sql.join(sets, sql`, `)} WHERE id = ${id}::uuid`)
        const after = await readArea(tx, access, id)
        if (!after) throw new HttpError(500, 'internal', 'The changed area could not be read back')
        await audit(tx, access, 'responsibility-areas', AuditAction.update, id, { before, after })
        return after
      })
      return c.json({ area })
    })
    .delete('/:id', validate('param', Params), mayEditFirst, async (c) => {
      const access = accessOf(c)
      const { id } = c.req.valid('param')
      await db.transaction(async (tx) => {
        await queryRows(tx, sql`SELECT 1 FROM actor_areas WHERE id = ${id}::uuid FOR UPDATE`)
        const before = await readArea(tx, access, id)
        if (!before) throw notFound(`No area of responsibility ${id}`)
        await queryRows(tx, sql`DELETE FROM actor_areas WHERE id = ${id}::uuid`)
        await audit(tx, access, 'responsibility-areas', AuditAction.delete, id, { before })
      })
      return c.body(null, 204)
    })
}
