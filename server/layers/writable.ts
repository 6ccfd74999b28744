/**
 * The layers whose objects users create, change and delete through the features API, each with
 * its table, the geometry it takes and the properties it accepts. Who may edit which layer is in
 * `common/permissions.ts`; this file says what an edit may contain.
 */
import { type SQL, sql } from 'drizzle-orm'
import { z } from 'zod'
import { ActionMeasureProperties, periodFault } from '../../common/action-plan.ts'
import { isoDateTime } from '../../common/dates.ts'
import {
  actorTypeTerms,
  hazardSiteTerms,
  hazardTerms,
  hazardZoneTerms,
  incidentCategoryTerms,
  protectedValueTerms,
  Sector,
} from '../../common/domain.ts'
import type { LayerId } from '../../common/layers.ts'

const keysOf = <T extends object>(terms: T) => z.enum(Object.keys(terms) as [string, ...string[]])

const text = (max = 500) => z.string().trim().min(1).max(max)
const optionalText = (max = 2000) => z.string().trim().max(max).nullable().optional()
const hours = z
  .number()
  .finite()
  .min(0)
  .max(24 * 365)

const Contact = z
  .object({
    name: text(120),
    role: optionalText(120),
    phone: optionalText(40),
    email: z.email().max(200).nullable().optional(),
  })
  .strict()

const OnCall = z
  .object({
    function: text(120),
    phone: optionalText(40),
    email: z.email().max(200).nullable().optional(),
    hours: optionalText(120),
  })
  .strict()

/** The column a property writes to, and how its value becomes SQL. */
type ColumnMap = Record<
  string,
  {
    column: string
    cast?: 'jsonb' | 'uuid' | 'timestamptz' | 'date'
    /** The table a UUID must name a row of; checked before the write, for a 400 that says which. */
    references?: 'actors' | 'areas'
  }
>

export interface WritableLayer {
  table: string
  /** GeoJSON geometry types the layer takes; the first is what the column stores. */
  geometryTypes: readonly string[]
  /** Store as a multi-geometry (the column is MultiPolygon). */
  multi?: boolean
  /** The properties an object is created with; PATCH takes any subset. */
  properties: z.ZodObject
  columns: ColumnMap
  /**
   * A rule across properties that zod cannot check on a change alone (it needs the stored object):
   * given the object as it will stand, the fault as `{ path, message }`, or undefined.
   */
  check?: (properties: Record<string, unknown>) => { path: string; message: string } | undefined
}

const hazardZoneProperties = (kinds: readonly string[]) =>
  z
    .object({
      name: text(200),
      kind: z.enum(kinds as [string, ...string[]]),
      source: optionalText(500),
      levelM: z.number().finite().min(-50).max(500).nullable().optional(),
    })
    .strict()

const zoneColumns: ColumnMap = {
  name: { column: 'name' },
  kind: { column: 'kind' },
  source: { column: 'source' },
  levelM: { column: 'level_m' },
}

const floodKinds = Object.keys(hazardZoneTerms).filter((k) => k.startsWith('flood'))
const otherZoneKinds = Object.keys(hazardZoneTerms).filter((k) => !k.startsWith('flood'))

/**
 * What an edit of each layer may contain; `null` for the layers nobody edits through the features API
 * (boundaries and statistics come from their sources; sessions, annotations and planning assessments
 * have their own routes).
 */
export const layerWrites = {
  actors: {
    table: 'actors',
    geometryTypes: ['Point'],
    properties: z
      .object({
        name: text(200),
        shortName: optionalText(40),
        actorType: keysOf(actorTypeTerms),
        sector: Sector.nullable().optional(),
        description: optionalText(),
        address: optionalText(300),
        contacts: z.array(Contact).max(50).optional(),
        onCall: OnCall.nullable().optional(),
      })
      .strict(),
    columns: {
      name: { column: 'name' },
      shortName: { column: 'short_name' },
      actorType: { column: 'actor_type' },
      sector: { column: 'sector' },
      description: { column: 'description' },
      address: { column: 'address' },
      contacts: { column: 'contacts', cast: 'jsonb' },
      onCall: { column: 'on_call', cast: 'jsonb' },
    },
  },
  'critical-assets': {
    table: 'critical_assets',
    geometryTypes: ['Point'],
    properties: z
      .object({
        name: text(200),
        sector: Sector,
        function: text(200),
        ownerActorId: z.uuid().nullable().optional(),
        acceptableOutageHours: hours.nullable().optional(),
        backupPowerType: z.enum(['none', 'diesel', 'battery', 'gas', 'mobile']).nullable().optional(),
        backupPowerHours: hours.nullable().optional(),
        residentsServed: z.number().int().min(0).max(10_000_000).nullable().optional(),
        vulnerableOccupants: z.record(z.string().max(60), z.number().int().min(0).max(100_000)).optional(),
        continuityPlanRef: optionalText(200),
        styrelClass: z.number().int().min(1).max(8).nullable().optional(),
      })
      .strict(),
    columns: {
      name: { column: 'name' },
      sector: { column: 'sector' },
      function: { column: 'function' },
      ownerActorId: { column: 'owner_actor_id', cast: 'uuid', references: 'actors' },
      acceptableOutageHours: { column: 'acceptable_outage_hours' },
      backupPowerType: { column: 'backup_power_type' },
      backupPowerHours: { column: 'backup_power_hours' },
      residentsServed: { column: 'residents_served' },
      vulnerableOccupants: { column: 'vulnerable_occupants', cast: 'jsonb' },
      continuityPlanRef: { column: 'continuity_plan_ref' },
      styrelClass: { column: 'styrel_class' },
    },
  },
  'hazard-sites': {
    table: 'hazard_sites',
    geometryTypes: ['Point'],
    properties: z
      .object({ name: text(200), kind: keysOf(hazardSiteTerms), operator: optionalText(200) })
      .strict(),
    columns: { name: { column: 'name' }, kind: { column: 'kind' }, operator: { column: 'operator' } },
  },
  'hazard-zones': {
    table: 'hazard_zones',
    geometryTypes: ['MultiPolygon', 'Polygon'],
    multi: true,
    properties: hazardZoneProperties(otherZoneKinds),
    columns: zoneColumns,
  },
  'flood-zones': {
    table: 'hazard_zones',
    geometryTypes: ['MultiPolygon', 'Polygon'],
    multi: true,
    properties: hazardZoneProperties(floodKinds),
    columns: zoneColumns,
  },
  'rsa-risks': {
    table: 'rsa_risks',
    geometryTypes: ['Polygon', 'MultiPolygon', 'Point', 'LineString'],
    properties: z
      .object({
        title: text(200),
        hazard: keysOf(hazardTerms),
        description: optionalText(4000),
        analysisYear: z.number().int().min(2000).max(2100),
        likelihood: z.number().int().min(1).max(5),
        consequences: z.partialRecord(keysOf(protectedValueTerms), z.number().int().min(1).max(5)).optional(),
        vulnerabilities: optionalText(4000),
        measures: optionalText(4000),
      })
      .strict(),
    columns: {
      title: { column: 'title' },
      hazard: { column: 'hazard' },
      description: { column: 'description' },
      analysisYear: { column: 'analysis_year' },
      likelihood: { column: 'likelihood' },
      consequences: { column: 'consequences', cast: 'jsonb' },
      vulnerabilities: { column: 'vulnerabilities' },
      measures: { column: 'measures' },
    },
  },
  incidents: {
    table: 'incidents',
    geometryTypes: ['Point'],
    properties: z
      .object({
        category: keysOf(incidentCategoryTerms),
        occurredAt: isoDateTime('occurredAt'),
        severity: z.number().int().min(1).max(5).optional(),
        source: z.enum(['police', 'rescue', 'municipality']),
        description: optionalText(4000),
        followUp: optionalText(4000),
      })
      .strict(),
    columns: {
      category: { column: 'category' },
      occurredAt: { column: 'occurred_at', cast: 'timestamptz' },
      severity: { column: 'severity' },
      source: { column: 'source' },
      description: { column: 'description' },
      followUp: { column: 'follow_up' },
    },
  },
  'action-measures': {
    table: 'action_measures',
    geometryTypes: ['MultiPolygon', 'Polygon'],
    multi: true,
    properties: ActionMeasureProperties,
    check: (m) => {
      const fault = periodFault(m)
      return fault ? { path: 'properties.endDate', message: fault } : undefined
    },
    columns: {
      title: { column: 'title' },
      problem: { column: 'problem' },
      description: { column: 'description' },
      ownerActorId: { column: 'owner_actor_id', cast: 'uuid', references: 'actors' },
      partners: { column: 'partners', cast: 'jsonb' },
      startDate: { column: 'start_date', cast: 'date' },
      endDate: { column: 'end_date', cast: 'date' },
      status: { column: 'status' },
      indicators: { column: 'indicators', cast: 'jsonb' },
      areaId: { column: 'area_id', cast: 'uuid', references: 'areas' },
    },
  },
  municipality: null,
  districts: null,
  'police-areas': null,
  'rescue-districts': null,
  'responsibility-areas': null,
  'actor-links': null,
  dependencies: null,
  roads: null,
  'hazardous-goods-routes': null,
  'planning-assessments': null,
  'incident-hexagons': null,
  'crime-statistics': null,
  'safety-survey': null,
  'crisis-sessions': null,
  'crisis-annotations': null,
} satisfies Record<LayerId, WritableLayer | null>

export const writableLayers: ReadonlyMap<string, WritableLayer> = new Map(
  Object.entries(layerWrites).flatMap(([id, layer]): [string, WritableLayer][] =>
    layer ? [[id, layer]] : [],
  ),
)

/** The incident category's group is derived, never given, so the two cannot disagree. */
export function derivedColumns(layerId: string, properties: Record<string, unknown>): [string, SQL][] {
  if (layerId === 'incidents' && typeof properties.category === 'string') {
    const group = (incidentCategoryTerms as Record<string, { group: string }>)[properties.category]?.group
    return group ? [['category_group', sql`${group}`]] : []
  }
  return []
}

/** A property value as SQL for its column. */
export function columnValue(map: ColumnMap[string], value: unknown): SQL {
  if (value === null || value === undefined) return sql`NULL`
  switch (map.cast) {
    case 'jsonb':
      return sql`${JSON.stringify(value)}::jsonb`
    case 'uuid':
      return sql`${value}::uuid`
    case 'timestamptz':
      return sql`${value}::timestamptz`
    case 'date':
      return sql`${value}::date`
    case undefined:
      return sql`${value}`
    default: {
      const never: never = map.cast
      throw new Error(`unknown cast ${never}`)
    }
  }
}
