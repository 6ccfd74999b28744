/**
 * Reading the actor register for one caller. Every row comes through the rule of
 * `server/http/readable-join.ts`: an actor, a link, an area or an owned asset is shown only when the
 * caller may read it in its own theme, and a link only with both of its actors.
 */
import { type SQL, sql } from 'drizzle-orm'
import type {
  ActorAreaSummary,
  ActorCard,
  ActorLinkSummary,
  ActorSummary,
  OwnedAsset,
  ResponsibleGroup,
} from '../../common/actor-register.ts'
import type { Sector } from '../../common/domain.ts'
import { containsPattern, type Orm, queryRows } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import { joinedValue, readableJoin } from '../http/readable-join.ts'

/** The kinds of area an actor's responsibility can be taken from, or filtered by. */
export const responsibilityAreaKinds = ['district', 'police_area', 'rescue_district'] as const

const summaryColumns = (access: Access) => sql`
  a.id::text AS id, a.name, a.short_name AS "shortName", a.actor_type AS "actorType", a.sector,
  a.on_call AS "onCall", a.classification,
  CASE WHEN a.geom IS NULL THEN NULL ELSE json_build_array(ST_X(a.geom), ST_Y(a.geom)) END AS position,
  (SELECT count(*)::int FROM actor_areas t WHERE t.actor_id = a.id AND ${readableJoin(access, 't', 'actors')}) AS "areaCount"`

export interface ActorFilters {
  q?: string
  types?: string[]
  sectors?: string[]
  areaId?: string
  onCall?: boolean
  limit: number
  offset: number
}

const anyOf = (column: SQL, values: string[] | undefined): SQL =>
  values?.length
    ? sql`AND ${column} IN (${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )})`
    : sql``

/** The register's list: search in names, descriptions and contacts, and the filters, by name. */
export async function listActors(
  handle: Orm,
  access: Access,
  f: ActorFilters,
): Promise<{ actors: ActorSummary[]; total: number }> {
  const text = f.q ? containsPattern(f.q) : undefined
  const rows = await queryRows<ActorSummary & { total: number }>(
    handle,
    sql`SELECT ${summaryColumns(access)}, count(*) OVER ()::int AS total
      FROM actors a
      WHERE ${readableJoin(access, 'a', 'actors')}
        ${
          text
            ? sql`AND (a.name ILIKE ${text} OR a.short_name ILIKE ${text} OR a.description ILIKE ${text}
                OR a.contacts::text ILIKE ${text} OR a.on_call::text ILIKE ${text})`
            : sql``
        }
        ${anyOf(sql`a.actor_type`, f.types)} ${anyOf(sql`a.sector`, f.sectors)}
        ${f.onCall === undefined ? sql`` : f.onCall ? sql`AND a.on_call IS NOT NULL` : sql`AND a.on_call IS NULL`}
        ${
          f.areaId
            ? sql`AND EXISTS (SELECT 1 FROM actor_areas t JOIN areas r ON r.id = ${f.areaId}::uuid
                WHERE t.actor_id = a.id AND ${readableJoin(access, 't', 'actors')}
                  AND ST_Intersects(t.geom, r.geom) AND NOT ST_Touches(t.geom, r.geom))`
            : sql``
        }
      ORDER BY a.name, a.id LIMIT ${f.limit} OFFSET ${f.offset}`,
  )
  return { actors: rows.map(({ total: _, ...actor }) => actor), total: rows[0]?.total ?? 0 }
}

/** One actor's card, or undefined when it does not exist or the caller may not read it. */
export async function actorCard(handle: Orm, access: Access, id: string): Promise<ActorCard | undefined> {
  const [actor] = await queryRows<ActorCard['actor']>(
    handle,
    sql`SELECT ${summaryColumns(access)}, a.description, a.address, a.contacts
      FROM actors a WHERE a.id = ${id}::uuid AND ${readableJoin(access, 'a', 'actors')}`,
  )
  if (!actor) return undefined
  const areas = await queryRows<ActorAreaSummary>(
    handle,
    sql`SELECT t.id::text AS id, t.responsibility, t.area_id::text AS "areaId",
        ${joinedValue(access, 'r', 'actors', sql`r.name`)} AS "areaName",
        json_build_array(ST_XMin(t.geom), ST_YMin(t.geom), ST_XMax(t.geom), ST_YMax(t.geom)) AS bbox,
        t.classification
      FROM actor_areas t LEFT JOIN areas r ON r.id = t.area_id
      WHERE t.actor_id = ${id}::uuid AND ${readableJoin(access, 't', 'actors')}
      ORDER BY t.responsibility, t.id`,
  )
  const links = await queryRows<ActorLinkSummary>(
    handle,
    sql`SELECT t.id::text AS id, CASE WHEN t.from_actor_id = ${id}::uuid THEN 'out' ELSE 'in' END AS direction,
        t.link_type AS "linkType", t.description, o.id::text AS "otherActorId", o.name AS "otherActorName",
        o.actor_type AS "otherActorType", t.classification
      FROM actor_links t
        JOIN actors o ON o.id = CASE WHEN t.from_actor_id = ${id}::uuid THEN t.to_actor_id ELSE t.from_actor_id END
      WHERE (t.from_actor_id = ${id}::uuid OR t.to_actor_id = ${id}::uuid)
        AND ${readableJoin(access, 't', 'actors')} AND ${readableJoin(access, 'o', 'actors')}
      ORDER BY t.link_type, o.name, t.id`,
  )
  // Note: an owned asset is shown only to those who may read it in the infrastructure theme.
  const assets = await queryRows<OwnedAsset>(
    handle,
    sql`SELECT c.id::text AS id, c.name, c.sector, c.function, c.styrel_class AS "styrelClass"
      FROM critical_assets c
      WHERE c.owner_actor_id = ${id}::uuid AND ${readableJoin(access, 'c', 'infrastructure')}
      ORDER BY c.name, c.id`,
  )
  return { actor, areas, links, assets }
}

/**
 * "Who is responsible here": the actors whose readable areas of responsibility meet `place` (a
 * WGS 84 geometry as SQL), grouped by the actors' function (their MSB sector), each actor once with
 * the responsibilities that cover the place.
 */
export async function responsibleActors(
  handle: Orm,
  access: Access,
  place: SQL,
): Promise<ResponsibleGroup[]> {
  const rows = await queryRows<{
    id: string
    name: string
    shortName: string | null
    actorType: ResponsibleGroup['actors'][number]['actorType']
    sector: Sector | null
    onCall: ResponsibleGroup['actors'][number]['onCall']
    areaId: string
    responsibility: string
  }>(
    handle,
    sql`SELECT a.id::text AS id, a.name, a.short_name AS "shortName", a.actor_type AS "actorType", a.sector,
        a.on_call AS "onCall", t.id::text AS "areaId", t.responsibility
      FROM actor_areas t JOIN actors a ON a.id = t.actor_id, (SELECT ${place} AS g) p
      WHERE ${readableJoin(access, 't', 'actors')} AND ${readableJoin(access, 'a', 'actors')}
        AND ST_Intersects(t.geom, p.g)
      ORDER BY a.sector NULLS LAST, a.name, a.id, t.responsibility`,
  )
  const groups: ResponsibleGroup[] = []
  for (const row of rows) {
    let group = groups.at(-1)
    if (!group || group.sector !== row.sector) {
      group = { sector: row.sector, actors: [] }
      groups.push(group)
    }
    let actor = group.actors.at(-1)
    if (actor?.id !== row.id) {
      actor = {
        id: row.id,
        name: row.name,
        shortName: row.shortName,
        actorType: row.actorType,
        onCall: row.onCall,
        responsibilities: [],
      }
      group.actors.push(actor)
    }
    actor.responsibilities.push({ areaId: row.areaId, responsibility: row.responsibility })
  }
  return groups
}
