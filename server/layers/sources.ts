/**
 * Where each catalogue layer's features come from. One source per layer yields rows of
 * `(id, geom, properties, tile_properties, name, classification)`; the features endpoint, the vector
 * tiles and the search all wrap these, so a layer is defined once.
 */
import { type SQL, sql } from 'drizzle-orm'
import { type LayerId, type LayerInfo, layerCatalogue } from '../../common/layers.ts'
import type { Database } from '../../db/client.ts'
import { riskBandSql, riskScoreSql, worstConsequenceSql } from '../analysis/risk-sql.ts'
import { visibleSessions } from '../crisis/session-access.ts'
import { type Access, cleared } from '../http/access.ts'
import { joinedValue, markingOf, readableJoin } from '../http/readable-join.ts'
import { incidentTwin, type TwinFeature } from './incident-hexagons.ts'

/** Property filters as validated from a query string. */
export interface LayerFilters {
  categories?: string[]
  /** Inclusive start, ISO date-time. */
  from?: string
  /** Exclusive end, ISO date-time. */
  to?: string
}

export interface LayerSource {
  info: LayerInfo
  /**
   * A SELECT yielding id text, geom geometry(4326), properties jsonb, tile_properties jsonb, name
   * text, classification text (the row's own, which decides whether the caller sees the row) and
   * marking text (the most classified of the row and the joined rows it shows, which outputs carry).
   * `within` is the box the caller will keep (a WGS 84 geometry); sources that aggregate use it to
   * count only what is near, the others leave the filtering to the caller. Attributes and geometry
   * taken from other rows follow `server/http/readable-join.ts` for `access`.
   */
  rows(filters: LayerFilters, within: SQL | undefined, access: Access): SQL
  /** Whether search looks at this layer's names (aggregates have none). */
  searchable: boolean
  /**
   * A further need-to-know condition on the row `s` beyond its classification: the crisis layers
   * show only the sessions the caller may see (invited, or leading every session).
   */
  restrictTo?: (access: Access) => SQL
  /**
   * Sources computed in the app rather than selected (the incident twin): the features for this
   * caller and filters, sorted by id, each with its WGS 84 `bbox`. The features endpoint, single
   * objects, exports and tiles read these instead of `rows`.
   */
  aggregate?: (db: Database, filters: LayerFilters, access: Access) => Promise<TwinFeature[]>
}

/** What a caller may read of a source: cleared for the row's classification, and any restriction. */
export function readableBy(access: Access, source: LayerSource): SQL {
  const classification = cleared(access, source.info.group)
  return source.restrictTo ? sql`${classification} AND ${source.restrictTo(access)}` : classification
}

/** The session rows a caller may see (`s.session_id` names the row's session). */
const visibleSessionRows = (access: Access): SQL =>
  // Note: inside the subquery `s` is crisis_sessions, as visibleSessions expects; the left operand
  // of IN stays in the outer query, where `s` is the layer's row.
  sql`s.session_id IN (SELECT s.id FROM crisis_sessions s WHERE ${visibleSessions(access)})`

const categoryIn = (column: SQL, f: LayerFilters): SQL =>
  f.categories?.length
    ? sql`AND ${column} IN (${sql.join(
        f.categories.map((c) => sql`${c}`),
        sql`, `,
      )})`
    : sql``

const timeWithin = (column: SQL, f: LayerFilters): SQL =>
  sql`${f.from ? sql`AND ${column} >= ${f.from}::timestamptz` : sql``} ${f.to ? sql`AND ${column} < ${f.to}::timestamptz` : sql``}`

const areaRows = (kind: string) => () =>
  sql`
  SELECT t.id::text AS id, t.geom,
    jsonb_build_object('name', t.name, 'code', t.code, 'kind', t.kind, 'population', t.population) || t.properties AS properties,
    jsonb_build_object('name', t.name, 'code', t.code) AS tile_properties,
    t.name, t.classification, t.classification AS marking
  FROM areas t WHERE t.kind = ${kind}`

/**
 * The twin's rows for callers that do not go through its `aggregate`: none. Its counts depend on
 * the caller's clearance and pass the disclosure control, which plain SQL over the layer cannot
 * apply, so a path that forgets `aggregate` shows nothing rather than raw counts.
 */
const noRowsWithoutDisclosureControl = () => sql`
  SELECT NULL::text AS id, NULL::geometry AS geom, NULL::jsonb AS properties, NULL::jsonb AS tile_properties,
    NULL::text AS name, NULL::text AS classification, NULL::text AS marking
  WHERE false`

/** The rows of one layer under the caller's filters (see `LayerSource.rows`). */
type SourceRows = (f: LayerFilters, within: SQL | undefined, access: Access) => SQL

/** Every layer's source: a layer without one does not compile. */
export const sourceRows = {
  municipality: areaRows('municipality'),
  districts: areaRows('district'),
  'police-areas': areaRows('police_area'),
  'rescue-districts': areaRows('rescue_district'),

  actors: (f) => sql`
    SELECT t.id::text AS id, t.geom,
      jsonb_build_object('name', t.name, 'shortName', t.short_name, 'actorType', t.actor_type, 'sector', t.sector,
        'description', t.description, 'address', t.address, 'contacts', t.contacts, 'onCall', t.on_call) AS properties,
      jsonb_build_object('name', t.name, 'actorType', t.actor_type, 'hasOnCall', t.on_call IS NOT NULL) AS tile_properties,
      t.name, t.classification, t.classification AS marking
    FROM actors t WHERE t.geom IS NOT NULL ${categoryIn(sql`t.actor_type`, f)}`,

  // Note: the area is the row's own; the actor responsible for it comes only to those who may read
  // the actor, the others see the area and the responsibility without a name.
  'responsibility-areas': (_f, _within, access) => {
    const actor = (value: SQL) => joinedValue(access, 'a', 'actors', value)
    return sql`
    SELECT t.id::text AS id, t.geom,
      jsonb_strip_nulls(jsonb_build_object('actor', ${actor(sql`a.name`)}, 'actorId', ${actor(sql`a.id`)},
        'actorType', ${actor(sql`a.actor_type`)})) || jsonb_build_object('responsibility', t.responsibility) AS properties,
      jsonb_strip_nulls(jsonb_build_object('actor', ${actor(sql`a.name`)}, 'actorType', ${actor(sql`a.actor_type`)}))
        || jsonb_build_object('responsibility', t.responsibility) AS tile_properties,
      coalesce(${actor(sql`a.name`)} || ': ', '') || t.responsibility AS name, t.classification,
      ${markingOf(access, sql`t.classification`, [['a', 'actors']])} AS marking
    FROM actor_areas t LEFT JOIN actors a ON a.id = t.actor_id`
  },

  // Note: a link is drawn between its two actors' positions, so it is left out unless the caller
  // may read both ends: without one the line and the names would point at the actor withheld.
  'actor-links': (f, _within, access) => sql`
    SELECT t.id::text AS id, ST_MakeLine(a.geom, b.geom) AS geom,
      jsonb_build_object('linkType', t.link_type, 'from', a.name, 'to', b.name, 'fromActorId', a.id, 'toActorId', b.id,
        'description', t.description) AS properties,
      jsonb_build_object('linkType', t.link_type) AS tile_properties,
      a.name || ' → ' || b.name AS name, t.classification,
      ${markingOf(access, sql`t.classification`, [
        ['a', 'actors'],
        ['b', 'actors'],
      ])} AS marking
    FROM actor_links t JOIN actors a ON a.id = t.from_actor_id JOIN actors b ON b.id = t.to_actor_id
    WHERE a.geom IS NOT NULL AND b.geom IS NOT NULL
      AND ${readableJoin(access, 'a', 'actors')} AND ${readableJoin(access, 'b', 'actors')}
      ${categoryIn(sql`t.link_type`, f)}`,

  // Note: the owner comes from the actor register, and only to those who may read that actor.
  'critical-assets': (f, _within, access) => sql`
    SELECT t.id::text AS id, t.geom,
      jsonb_build_object('name', t.name, 'sector', t.sector, 'function', t.function,
        'owner', ${joinedValue(access, 'o', 'actors', sql`o.name`)},
        'ownerActorId', ${joinedValue(access, 'o', 'actors', sql`o.id`)}, 'acceptableOutageHours', t.acceptable_outage_hours,
        'backupPowerType', t.backup_power_type, 'backupPowerHours', t.backup_power_hours,
        'residentsServed', t.residents_served, 'vulnerableOccupants', t.vulnerable_occupants,
        'continuityPlanRef', t.continuity_plan_ref, 'styrelClass', t.styrel_class) AS properties,
      jsonb_build_object('name', t.name, 'sector', t.sector, 'function', t.function, 'styrelClass', t.styrel_class) AS tile_properties,
      t.name, t.classification, ${markingOf(access, sql`t.classification`, [['o', 'actors']])} AS marking
    FROM critical_assets t LEFT JOIN actors o ON o.id = t.owner_actor_id
    WHERE true ${categoryIn(sql`t.sector`, f)}`,

  // Note: a dependency is a line between its provider and its dependent, so it is left out unless
  // the caller may read both assets.
  dependencies: (f, _within, access) => sql`
    SELECT t.id::text AS id, ST_MakeLine(p.geom, d.geom) AS geom,
      jsonb_build_object('resource', t.resource, 'provider', p.name, 'dependent', d.name,
        'providerAssetId', p.id, 'dependentAssetId', d.id, 'redundancyGroup', t.redundancy_group,
        'timeToImpactHours', t.time_to_impact_hours, 'backupHours', t.backup_hours) AS properties,
      jsonb_build_object('resource', t.resource) AS tile_properties,
      p.name || ' → ' || d.name AS name, t.classification,
      ${markingOf(access, sql`t.classification`, [
        ['p', 'infrastructure'],
        ['d', 'infrastructure'],
      ])} AS marking
    FROM asset_dependencies t
      JOIN critical_assets p ON p.id = t.provider_asset_id
      JOIN critical_assets d ON d.id = t.dependent_asset_id
    WHERE ${readableJoin(access, 'p', 'infrastructure')} AND ${readableJoin(access, 'd', 'infrastructure')}
      ${categoryIn(sql`t.resource`, f)}`,

  roads: (f) => sql`
    SELECT t.id::text AS id, t.geom,
      jsonb_build_object('name', t.name, 'ref', t.ref, 'mode', t.mode, 'roadClass', coalesce(t.road_class, t.mode),
        'hazardousGoodsRoute', t.hazardous_goods_route) AS properties,
      jsonb_build_object('name', t.name, 'ref', t.ref, 'roadClass', coalesce(t.road_class, t.mode)) AS tile_properties,
      t.name, t.classification, t.classification AS marking
    FROM transport_links t WHERE true ${categoryIn(sql`coalesce(t.road_class, t.mode)`, f)}`,

  'hazardous-goods-routes': (f) => sql`
    SELECT t.id::text AS id, t.geom,
      jsonb_build_object('name', t.name, 'ref', t.ref, 'mode', t.mode, 'hazardousGoodsRoute', t.hazardous_goods_route) AS properties,
      jsonb_build_object('name', t.name, 'hazardousGoodsRoute', t.hazardous_goods_route) AS tile_properties,
      t.name, t.classification, t.classification AS marking
    FROM transport_links t WHERE t.hazardous_goods_route IS NOT NULL ${categoryIn(sql`t.hazardous_goods_route`, f)}`,

  'flood-zones': (f) => sql`
    SELECT t.id::text AS id, t.geom,
      jsonb_build_object('name', t.name, 'kind', t.kind, 'levelM', t.level_m, 'source', t.source) || t.properties AS properties,
      jsonb_build_object('name', t.name, 'kind', t.kind, 'levelM', t.level_m) AS tile_properties,
      t.name, t.classification, t.classification AS marking
    FROM hazard_zones t WHERE t.kind LIKE 'flood%' ${categoryIn(sql`t.kind`, f)}`,

  'hazard-zones': (f) => sql`
    SELECT t.id::text AS id, t.geom,
      jsonb_build_object('name', t.name, 'kind', t.kind, 'source', t.source) || t.properties AS properties,
      jsonb_build_object('name', t.name, 'kind', t.kind) AS tile_properties,
      t.name, t.classification, t.classification AS marking
    FROM hazard_zones t WHERE t.kind NOT LIKE 'flood%' ${categoryIn(sql`t.kind`, f)}`,

  'hazard-sites': (f) => sql`
    SELECT t.id::text AS id, t.geom,
      jsonb_build_object('name', t.name, 'kind', t.kind, 'operator', t.operator) || t.properties AS properties,
      jsonb_build_object('name', t.name, 'kind', t.kind) AS tile_properties,
      t.name, t.classification, t.classification AS marking
    FROM hazard_sites t WHERE true ${categoryIn(sql`t.kind`, f)}`,

  // Note: place-bound risks only; a risk without a geometry (a pandemic) has no place on the map.
  'rsa-risks': (f) => sql`
    SELECT t.id::text AS id, ST_PointOnSurface(t.geom) AS geom,
      jsonb_build_object('title', t.title, 'hazard', t.hazard, 'description', t.description,
        'analysisYear', t.analysis_year, 'likelihood', t.likelihood, 'consequences', t.consequences,
        'maxConsequence', r.max_consequence, 'riskScore', r.score, 'riskBand', ${riskBandSql(sql`r.score`)},
        'vulnerabilities', t.vulnerabilities, 'measures', t.measures) AS properties,
      jsonb_build_object('title', t.title, 'hazard', t.hazard, 'riskScore', r.score) AS tile_properties,
      t.title AS name, t.classification, t.classification AS marking
    FROM rsa_risks t,
      LATERAL (SELECT ${worstConsequenceSql(sql`t.consequences`)} AS max_consequence,
        ${riskScoreSql(sql`t.likelihood`, sql`t.consequences`)} AS score) r
    WHERE t.geom IS NOT NULL ${categoryIn(sql`t.hazard`, f)}
      -- Note: the map shows the newest term's RSA; earlier versions are copies kept for comparison.
      AND (t.version_id IS NULL OR t.version_id = (
        SELECT v.id FROM rsa_versions v ORDER BY v.term_start DESC, v.created_at DESC LIMIT 1))`,

  'planning-assessments': () => sql`
    SELECT t.id::text AS id, t.geom,
      jsonb_build_object('title', t.title, 'landUses', t.land_uses, 'createdBy', t.created_by, 'createdAt', t.created_at) AS properties,
      jsonb_build_object('title', t.title) AS tile_properties,
      t.title AS name, t.classification, t.classification AS marking
    FROM planning_assessments t`,

  incidents: (f) => sql`
    SELECT t.id::text AS id, t.geom,
      jsonb_build_object('category', t.category, 'categoryGroup', t.category_group, 'occurredAt', t.occurred_at,
        'severity', t.severity, 'source', t.source, 'reporter', t.reporter, 'description', t.description,
        'followUp', t.follow_up) AS properties,
      jsonb_build_object('category', t.category, 'categoryGroup', t.category_group, 'severity', t.severity,
        'occurredAt', to_char(t.occurred_at AT TIME ZONE 'Europe/Stockholm', 'YYYY-MM-DD HH24:MI')) AS tile_properties,
      NULL::text AS name, t.classification, t.classification AS marking
    FROM incidents t WHERE true ${categoryIn(sql`t.category`, f)} ${timeWithin(sql`t.occurred_at`, f)}`,

  'incident-hexagons': noRowsWithoutDisclosureControl,

  'crime-statistics': (f, _within, access) => sql`
    SELECT a.id::text AS id, a.geom,
      jsonb_build_object('name', a.name, 'code', a.code, 'population', a.population, 'total', s.total,
        'per1000', round((s.total * 1000.0 / nullif(a.population, 0))::numeric, 1),
        'months', s.months, 'categories', s.categories) AS properties,
      jsonb_build_object('name', a.name, 'total', s.total,
        'per1000', round((s.total * 1000.0 / nullif(a.population, 0))::numeric, 1)) AS tile_properties,
      a.name, 'open'::text AS classification,
      ${markingOf(access, sql`'open'`, [['a', 'actors']])} AS marking
    FROM areas a JOIN (
      SELECT c.area_id, sum(c.total)::int AS total, max(c.months)::int AS months,
        jsonb_object_agg(c.category, c.total) AS categories
      FROM (SELECT area_id, category, sum(count) AS total, count(DISTINCT month) AS months
            FROM crime_statistics WHERE true ${categoryIn(sql`category`, f)} ${timeWithin(sql`month`, f)}
            GROUP BY area_id, category) c
      GROUP BY c.area_id) s ON s.area_id = a.id
    WHERE a.kind = 'district' AND ${readableJoin(access, 'a', 'actors')}`,

  // Note: one row per district for the latest survey year within the time filter; the category
  // filter picks the indicator whose value the map colours by (default: the problem index).
  'safety-survey': (f, _within, access) => sql`
    SELECT a.id::text AS id, a.geom,
      jsonb_build_object('name', a.name, 'survey', r.survey, 'year', r.year, 'indicator', r.indicator,
        'value', r.value, 'respondents', r.respondents, 'indicators', i.indicators) AS properties,
      jsonb_build_object('name', a.name, 'year', r.year, 'indicator', r.indicator, 'value', r.value,
        'respondents', r.respondents) AS tile_properties,
      a.name, 'open'::text AS classification,
      ${markingOf(access, sql`'open'`, [['a', 'actors']])} AS marking
    FROM areas a
    JOIN LATERAL (
      SELECT * FROM survey_results sr
      WHERE sr.area_id = a.id AND sr.indicator = ${f.categories?.[0] ?? 'problem_index'}
        ${f.from ? sql`AND make_date(sr.year, 12, 31) >= ${f.from}::date` : sql``}
        ${f.to ? sql`AND make_date(sr.year, 1, 1) < ${f.to}::date` : sql``}
      ORDER BY sr.year DESC LIMIT 1) r ON true
    JOIN LATERAL (
      SELECT jsonb_object_agg(sr.indicator, sr.value) AS indicators FROM survey_results sr
      WHERE sr.area_id = a.id AND sr.year = r.year AND sr.survey = r.survey) i ON true
    WHERE a.kind = 'district' AND ${readableJoin(access, 'a', 'actors')}`,

  // Note: the owner is joined from the actor register under the join rule; the district (when the
  // place was taken from one) is an open area and needs no rule.
  'action-measures': (f, _within, access) => {
    const owner = (value: SQL) => joinedValue(access, 'a', 'actors', value)
    return sql`
    SELECT t.id::text AS id, t.geom,
      jsonb_build_object('title', t.title, 'problem', t.problem, 'description', t.description,
        'ownerActorId', ${owner(sql`a.id`)}, 'owner', ${owner(sql`a.name`)}, 'partners', t.partners,
        'startDate', t.start_date, 'endDate', t.end_date, 'status', t.status, 'indicators', t.indicators,
        'areaId', t.area_id, 'district', d.name, 'updatedBy', t.updated_by, 'updatedAt', t.updated_at) AS properties,
      jsonb_build_object('title', t.title, 'status', t.status, 'endDate', t.end_date) AS tile_properties,
      t.title AS name, t.classification, ${markingOf(access, sql`t.classification`, [['a', 'actors']])} AS marking
    FROM action_measures t LEFT JOIN actors a ON a.id = t.owner_actor_id LEFT JOIN areas d ON d.id = t.area_id
    WHERE true ${categoryIn(sql`t.status`, f)}`
  },

  'crisis-sessions': () => sql`
    SELECT t.id::text AS id, t.affected_area AS geom,
      jsonb_build_object('title', t.title, 'eventType', t.event_type, 'status', t.status,
        'escalationLevel', t.escalation_level, 'createdAt', t.created_at) AS properties,
      jsonb_build_object('title', t.title, 'escalationLevel', t.escalation_level) AS tile_properties,
      t.title AS name, t.classification, t.classification AS marking, t.id AS session_id
    FROM crisis_sessions t WHERE t.status = 'open' AND t.affected_area IS NOT NULL`,

  // Note: the session is one the caller may see (`restrictTo`), so its title comes along.
  'crisis-annotations': (_f, _within, access) => sql`
    SELECT t.id::text AS id, t.geom,
      jsonb_build_object('kind', t.kind, 'sessionId', t.session_id, 'session', s.title, 'createdBy', t.created_by,
        'createdAt', t.created_at) || t.properties AS properties,
      jsonb_build_object('kind', t.kind, 'label', t.properties->>'label', 'symbol', t.properties->>'symbol',
        'color', t.properties->>'color') AS tile_properties,
      t.properties->>'label' AS name, t.classification,
      ${markingOf(access, sql`t.classification`, [['s', 'crisis']])} AS marking, t.session_id
    FROM annotations t JOIN crisis_sessions s ON s.id = t.session_id
    WHERE t.deleted_at IS NULL AND s.status = 'open'`,
} satisfies Record<LayerId, SourceRows>

export const layerSources: ReadonlyMap<string, LayerSource> = new Map(
  layerCatalogue.map((info) => {
    const rows: SourceRows = sourceRows[info.id]
    const restrictTo = info.group === 'crisis' ? visibleSessionRows : undefined
    const aggregate = info.id === 'incident-hexagons' ? incidentTwin : undefined
    return [info.id, { info, rows, searchable: !aggregate, restrictTo, aggregate }]
  }),
)
