/**
 * The generalised twin of the incidents (`incident-hexagons`): counts per flat-topped hexagon 1 km
 * across on the analyses' grid (`common/grid.ts`).
 *
 * A role cleared for every incident gets the true counts for exactly the filters it asks. Any other
 * role gets what the disclosure control publishes (`server/disclosure/`): the window widened to a
 * fixed calendar period, the categories to one fixed group (or all), every cell counted whole
 * whatever box is asked, and each count perturbed by the cell-key method and suppressed under the
 * threshold. Answers are cached per question and clearance until a table the layers read is written.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Feature, Polygon } from 'geojson'
import proj4 from 'proj4'
import { type BBox, SWEREF99TM_PROJ4 } from '../../common/geo.ts'
import { cellId, cellRing, type GridCell, type GridSpec } from '../../common/grid.ts'
import { mayRead } from '../../common/permissions.ts'
import type { Database } from '../../db/client.ts'
import { gridCellLateral } from '../analysis/grid-sql.ts'
import { DerivedCache, layerDataVersion } from '../cache/derived-cache.ts'
import { cellKeySql, DISCLOSURE_THRESHOLD, publishCells } from '../disclosure/cell-key.ts'
import {
  type FixedPeriod,
  fixedCategoryGroup,
  fixedPeriod,
  type IncidentGroup,
  PERIOD_TIME_ZONE,
} from '../disclosure/fixed-queries.ts'
import type { Access } from '../http/access.ts'
import { badRequest } from '../http/errors.ts'
import type { LayerFilters } from './sources.ts'

export const TWIN_GRID: GridSpec = { shape: 'hexagon', sizeMetres: 1000 }

/** A published cell, with its WGS 84 box for picking the cells of a bbox or tile without SQL. */
export interface TwinFeature extends Feature<Polygon> {
  id: string
  bbox: BBox
}

/**
 * What one answer about the incidents is computed from (the twin's cells, the hotspot statistics);
 * its JSON is the cache key.
 */
export type TwinQuestion =
  | { disclosure: 'cell-key'; period: FixedPeriod; group: IncidentGroup | null }
  | { disclosure: 'none'; categories: string[] | null; from: string | null; to: string | null }

/** Whether a role may read every incident, and so may see the true counts. */
export const seesTrueCounts = (access: Access): boolean => mayRead(access.role, 'crime', 'restricted')

/** The question a caller may ask: as asked when cleared, widened to fixed periods and groups otherwise. */
export function questionOf(filters: LayerFilters, access: Access): TwinQuestion {
  if (seesTrueCounts(access))
    return {
      disclosure: 'none',
      categories: filters.categories ? [...filters.categories].sort() : null,
      from: filters.from ?? null,
      to: filters.to ?? null,
    }
  const group = fixedCategoryGroup(filters.categories)
  if ('unknown' in group) throw badRequest(`No incident category or group named ${group.unknown}`)
  return { disclosure: 'cell-key', period: fixedPeriod(filters.from, filters.to), group: group.group ?? null }
}

const toWgs84 = proj4(SWEREF99TM_PROJ4, 'EPSG:4326')
const round7 = (v: number) => Math.round(v * 1e7) / 1e7

function cellFeature(cell: GridCell, properties: Record<string, unknown>): TwinFeature {
  const ring = cellRing(TWIN_GRID, cell).map((xy) => toWgs84.forward(xy).map(round7) as [number, number])
  const lons = ring.map((p) => p[0])
  const lats = ring.map((p) => p[1])
  return {
    type: 'Feature',
    id: cellId(cell),
    bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
    geometry: { type: 'Polygon', coordinates: [ring] },
    properties: { ...properties, classification: 'internal' },
  }
}

interface CountedCell {
  col: number
  row: number
  n: number
  cell_key: number | null
}

/** The conditions on `incidents t` that select a question's records (after `WHERE true`). */
export function incidentWhere(q: TwinQuestion): SQL {
  return q.disclosure === 'cell-key'
    ? sql`${q.group ? sql`AND t.category_group = ${q.group}` : sql``}
        ${
          q.period.kind === 'all'
            ? sql``
            : sql`AND (t.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}) >= ${q.period.start}::timestamp
                  AND (t.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}) < ${q.period.end}::timestamp`
        }`
    : sql`${
        q.categories
          ? sql`AND t.category IN (${sql.join(
              q.categories.map((c) => sql`${c}`),
              sql`, `,
            )})`
          : sql``
      }
        ${q.from ? sql`AND t.occurred_at >= ${q.from}::timestamptz` : sql``}
        ${q.to ? sql`AND t.occurred_at < ${q.to}::timestamptz` : sql``}`
}

async function countCells(db: Database, q: TwinQuestion): Promise<CountedCell[]> {
  const where = incidentWhere(q)
  return db.query<CountedCell>(sql`
    SELECT g.cell_col AS col, g.cell_row AS row, count(*)::int AS n,
      ${q.disclosure === 'cell-key' ? cellKeySql(sql`t.id::text`) : sql`NULL::int`} AS cell_key
    FROM incidents t, ${gridCellLateral(TWIN_GRID, sql`t.sweref99_x`, sql`t.sweref99_y`)} g
    WHERE true ${where}
    GROUP BY 1, 2`)
}

async function computeTwin(db: Database, q: TwinQuestion): Promise<TwinFeature[]> {
  const rows = await countCells(db, q)
  const across = { hexagonAcrossMetres: TWIN_GRID.sizeMetres }
  const features =
    q.disclosure === 'cell-key'
      ? publishCells(
          rows.map((r) => ({
            cell: { col: r.col, row: r.row },
            count: Number(r.n),
            cellKey: Number(r.cell_key),
          })),
        ).map(({ cell, count }) =>
          cellFeature(cell, {
            count,
            ...across,
            disclosureControl: 'cell-key',
            minimumCount: DISCLOSURE_THRESHOLD,
            period: q.period.label,
            periodFrom: q.period.kind === 'all' ? null : q.period.start,
            periodTo: q.period.kind === 'all' ? null : q.period.end,
            categoryGroup: q.group,
          }),
        )
      : rows.map((r) =>
          cellFeature(
            { col: r.col, row: r.row },
            { count: Number(r.n), ...across, disclosureControl: 'none' },
          ),
        )
  return features.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

const caches = new WeakMap<Database, DerivedCache<TwinFeature[]>>()

export function twinCache(db: Database): DerivedCache<TwinFeature[]> {
  let cache = caches.get(db)
  if (!cache) {
    cache = new DerivedCache(layerDataVersion(db))
    caches.set(db, cache)
  }
  return cache
}

/** The twin's cells for this caller and these filters, sorted by id. */
export function incidentTwin(db: Database, filters: LayerFilters, access: Access): Promise<TwinFeature[]> {
  const question = questionOf(filters, access)
  return twinCache(db).get(JSON.stringify(question), () => computeTwin(db, question))
}

const overlaps = (a: BBox, b: BBox) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]

/** The cells whose box meets `bbox` (all without one). A cell is always counted whole. */
export const twinCellsIn = (cells: readonly TwinFeature[], bbox: BBox | undefined): TwinFeature[] =>
  bbox ? cells.filter((c) => overlaps(c.bbox, bbox)) : [...cells]

const collectionTexts = new WeakMap<readonly TwinFeature[], string>()

/**
 * The FeatureCollection of all the cells of one cached answer as JSON, made once per answer: the
 * same cells go to every map that asks the same question, and serialising some 700 polygons for
 * each of them was most of the twin's remaining cost.
 */
export function wholeCollectionJson(cells: readonly TwinFeature[]): string {
  let text = collectionTexts.get(cells)
  if (text === undefined) {
    text = JSON.stringify({ type: 'FeatureCollection', numberReturned: cells.length, features: cells })
    collectionTexts.set(cells, text)
  }
  return text
}
