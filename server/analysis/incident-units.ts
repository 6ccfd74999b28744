/**
 * The stored incidents as analysis units: counts per cell of the analyses' grid or per district,
 * for the caller's question. A role cleared for every incident gets true counts for exactly what it
 * asks; any other role gets what the disclosure control publishes (`server/disclosure/`): the
 * question widened to a fixed period and category group, each unit's count perturbed by the
 * cell-key method and, under the threshold, taken as zero, so a suppressed unit and an empty one
 * look alike and every statistic is a function of published counts only.
 */
import { sql } from 'drizzle-orm'
import type { Polygon } from 'geojson'
import proj4 from 'proj4'
import { type IncidentCategory, incidentCategoryTerms, incidentGroupTerms } from '../../common/domain.ts'
import { SWEREF99TM_PROJ4 } from '../../common/geo.ts'
import {
  cellAt,
  cellCentre,
  cellId,
  cellRing,
  cellsCovering,
  type GridCell,
  type GridSpec,
} from '../../common/grid.ts'
import type { Database } from '../../db/client.ts'
import { CELL_KEY_RANGE, DISCLOSURE_THRESHOLD, publishedCount, recordKeySql } from '../disclosure/cell-key.ts'
import type { Access } from '../http/access.ts'
import { badRequest } from '../http/errors.ts'
import { incidentWhere, questionOf, seesTrueCounts, type TwinQuestion } from '../layers/incident-hexagons.ts'
import { PolygonLookup } from './hotspots/point-in-polygon.ts'
import type { PolygonRings, XY } from './hotspots/weights.ts'

/** The incidents of one question, as SWEREF 99 TM coordinates (and record keys under the cell-key method). */
export interface IncidentSample {
  question: TwinQuestion
  x: number[]
  y: number[]
  /** Record keys, present only under the cell-key method. */
  keys: number[] | null
  /** Months since year 0 (year·12 + month − 1) in Stockholm's time, for monthly bins. */
  months: number[]
}

const groupNames = Object.keys(incidentGroupTerms)

/** Category names with group names expanded into their categories; an unknown name is a 400. */
export function expandCategories(category: string | readonly string[] | undefined): string[] | undefined {
  if (category === undefined) return undefined
  const asked = typeof category === 'string' ? [category] : [...category]
  if (asked.length === 0) return undefined
  const out = new Set<string>()
  for (const c of asked) {
    if (c in incidentCategoryTerms) out.add(c)
    else if (groupNames.includes(c))
      for (const [name, term] of Object.entries(incidentCategoryTerms)) {
        if (term.group === c) out.add(name as IncidentCategory)
      }
    else throw badRequest(`No incident category or group named ${c}`, { field: 'category' })
  }
  return [...out].sort()
}

export interface IncidentFilters {
  category?: string | readonly string[]
  from?: string
  to?: string
}

/** The question this caller may ask of the incidents. */
export function incidentQuestion(filters: IncidentFilters, access: Access): TwinQuestion {
  if (filters.from && filters.to && Date.parse(filters.from) >= Date.parse(filters.to))
    throw badRequest('from must be before to', { field: 'from' })
  const asked = typeof filters.category === 'string' ? [filters.category] : filters.category
  // Note: a cleared caller's groups become their categories; the fixed groups of the cell-key
  // method take group and category names as they are.
  const categories = seesTrueCounts(access) ? expandCategories(asked) : asked ? [...asked] : undefined
  return questionOf({ categories, from: filters.from, to: filters.to }, access)
}

export async function loadIncidents(db: Database, question: TwinQuestion): Promise<IncidentSample> {
  const withKeys = question.disclosure === 'cell-key'
  // Note: three arrays in one row cost a fifth of 100,000 rows of three columns through the driver.
  const [row] = await db.query<{
    x: number[] | null
    y: number[] | null
    k: number[] | null
    m: number[] | null
  }>(sql`
    SELECT array_agg(t.sweref99_x ORDER BY t.id) AS x, array_agg(t.sweref99_y ORDER BY t.id) AS y,
      ${withKeys ? sql`array_agg(${recordKeySql(sql`t.id::text`)} ORDER BY t.id)` : sql`NULL::int[]`} AS k,
      array_agg((extract(year FROM t.occurred_at AT TIME ZONE 'Europe/Stockholm') * 12
        + extract(month FROM t.occurred_at AT TIME ZONE 'Europe/Stockholm') - 1)::int ORDER BY t.id) AS m
    FROM incidents t WHERE true ${incidentWhere(question)}`)
  return {
    question,
    x: (row?.x ?? []).map(Number),
    y: (row?.y ?? []).map(Number),
    keys: withKeys ? (row?.k ?? []).map(Number) : null,
    months: (row?.m ?? []).map(Number),
  }
}

/** A unit's count and the sum of its records' keys. */
class Tally {
  count = 0
  keySum = 0
  add(key: number) {
    this.count++
    this.keySum = (this.keySum + key) % CELL_KEY_RANGE
  }
  /** The true count, or the published one (0 when suppressed) under the cell-key method. */
  value(cellKey: boolean): number {
    if (!cellKey) return this.count
    return publishedCount(this.count, this.keySum) ?? 0
  }
}

/** Counts per grid cell of the sample's incidents (indices `only`, when given). */
export function tallyCells(
  sample: IncidentSample,
  spec: GridSpec,
  only?: readonly number[],
): Map<string, Tally> {
  const cells = new Map<string, Tally>()
  const visit = (i: number) => {
    const id = cellId(cellAt(spec, [sample.x[i]!, sample.y[i]!]))
    let t = cells.get(id)
    if (!t) {
      t = new Tally()
      cells.set(id, t)
    }
    t.add(sample.keys ? sample.keys[i]! : 0)
  }
  if (only) for (const i of only) visit(i)
  else for (let i = 0; i < sample.x.length; i++) visit(i)
  return cells
}

/** The values a unit shows this caller: published counts under the cell-key method. */
export const unitValue = (tally: Tally | undefined, sample: IncidentSample): number =>
  tally ? tally.value(sample.keys !== null) : 0

/** The disclosure part of an answer. */
export function disclosureOf(question: TwinQuestion) {
  if (question.disclosure === 'none')
    return {
      control: 'none' as const,
      period: null,
      periodFrom: null,
      periodTo: null,
      categoryGroup: null,
      minimumCount: null,
    }
  const { period, group } = question
  return {
    control: 'cell-key' as const,
    period: period.label,
    periodFrom: period.kind === 'all' ? null : period.start,
    periodTo: period.kind === 'all' ? null : period.end,
    categoryGroup: group,
    minimumCount: DISCLOSURE_THRESHOLD,
  }
}

const toWgs84 = proj4(SWEREF99TM_PROJ4, 'EPSG:4326')
const round7 = (v: number) => Math.round(v * 1e7) / 1e7
export const swerefToWgs84 = (xy: XY): [number, number] =>
  toWgs84.forward([xy[0], xy[1]]).map(round7) as [number, number]

export function cellPolygon(spec: GridSpec, cell: GridCell): Polygon {
  return { type: 'Polygon', coordinates: [cellRing(spec, cell).map(swerefToWgs84)] }
}

/** Rings of a GeoJSON Polygon or MultiPolygon (the parts flattened). */
export function ringsOf(geometry: { type: string; coordinates: unknown }): PolygonRings {
  if (geometry.type === 'Polygon') return geometry.coordinates as XY[][]
  if (geometry.type === 'MultiPolygon') return (geometry.coordinates as XY[][][]).flat()
  throw new Error(`not a polygon: ${geometry.type}`)
}

/** The municipality's outline in SWEREF 99 TM. */
export async function municipalityRings(db: Database): Promise<PolygonRings> {
  const rows = await db.query<{ g: { type: string; coordinates: unknown } }>(
    sql`SELECT ST_AsGeoJSON(ST_Transform(geom, 3006))::json AS g FROM areas WHERE kind = 'municipality'`,
  )
  return rows.flatMap((r) => ringsOf(r.g))
}

/** The cells whose centres lie inside the municipality: the grid's study area. */
export function studyAreaCells(spec: GridSpec, rings: PolygonRings): GridCell[] {
  if (rings.length === 0) return []
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (const ring of rings)
    for (const [x, y] of ring) {
      minX = Math.min(minX, x)
      minY = Math.min(minY, y)
      maxX = Math.max(maxX, x)
      maxY = Math.max(maxY, y)
    }
  const lookup = new PolygonLookup([rings])
  return cellsCovering(spec, [minX, minY, maxX, maxY]).filter((c) => lookup.find(cellCentre(spec, c)) === 0)
}

export interface District {
  id: string
  name: string
  rings: PolygonRings
  /** The centroid in SWEREF 99 TM, for distance weights. */
  centre: XY
  geometry: unknown
}

export async function loadDistricts(db: Database): Promise<District[]> {
  const rows = await db.query<{
    code: string
    name: string
    g: { type: string; coordinates: unknown }
    w: unknown
    cx: number
    cy: number
  }>(
    sql`SELECT code, name, ST_AsGeoJSON(ST_Transform(geom, 3006))::json AS g, ST_AsGeoJSON(geom, 7)::json AS w,
          ST_X(ST_Centroid(ST_Transform(geom, 3006))) AS cx, ST_Y(ST_Centroid(ST_Transform(geom, 3006))) AS cy
        FROM areas WHERE kind = 'district' ORDER BY code`,
  )
  return rows.map((r) => ({
    id: r.code,
    name: r.name,
    rings: ringsOf(r.g),
    centre: [Number(r.cx), Number(r.cy)] as XY,
    geometry: r.w,
  }))
}

/** Counts per district (by position in `districts`). */
export function tallyDistricts(sample: IncidentSample, districts: readonly District[]): Tally[] {
  const lookup = new PolygonLookup(districts.map((d) => d.rings))
  const tallies = districts.map(() => new Tally())
  for (let i = 0; i < sample.x.length; i++) {
    const d = lookup.find([sample.x[i]!, sample.y[i]!])
    if (d >= 0) tallies[d]!.add(sample.keys ? sample.keys[i]! : 0)
  }
  return tallies
}
