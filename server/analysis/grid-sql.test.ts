/**
 * The grid in SQL against the grid in JavaScript: every incident of the demo municipality and every
 * fixture point (corners and edges included) must land in the same cell on both ends, for hexagons
 * and squares of two sizes. Runs on PGlite and, with `npm run test:postgres`, on PostgreSQL.
 */
import { readFileSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import proj4 from 'proj4'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SWEREF99TM_PROJ4 } from '../../common/geo.ts'
import { cellAt, cellCentre, cellId, type GridSpec, type SwerefXY } from '../../common/grid.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase } from '../../db/testing/test-database.ts'
import { gridCellLateral } from './grid-sql.ts'

const grids: GridSpec[] = [
  { shape: 'hexagon', sizeMetres: 1000 },
  { shape: 'hexagon', sizeMetres: 250 },
  { shape: 'square', sizeMetres: 1000 },
  { shape: 'square', sizeMetres: 250 },
]
const fixturePoints = (
  JSON.parse(readFileSync(new URL('../../data/fixtures/grid/in.json', import.meta.url), 'utf8')) as {
    points: SwerefXY[]
  }
).points

let db: Database
beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(async () => {
  await db?.close()
})

describe.each(grids)('the $shape grid of $sizeMetres m in SQL', (spec) => {
  it('puts every incident in the cell JavaScript computes from the same coordinates', async () => {
    const rows = await db.query<{ x: number; y: number; col: number; row: number }>(sql`
      SELECT t.sweref99_x AS x, t.sweref99_y AS y, g.cell_col AS col, g.cell_row AS row
      FROM incidents t, ${gridCellLateral(spec, sql`t.sweref99_x`, sql`t.sweref99_y`)} g`)
    expect(rows.length).toBeGreaterThan(10_000)
    const differing = rows.filter(
      (r) => cellId(cellAt(spec, [Number(r.x), Number(r.y)])) !== `${r.col}:${r.row}`,
    )
    expect(differing).toEqual([])
  })

  it('puts the fixture points, on corners and edges too, in the same cells', async () => {
    const values = sql.join(
      fixturePoints.map(([x, y], i) => sql`(${i}::int, ${x}::float8, ${y}::float8)`),
      sql`, `,
    )
    const rows = await db.query<{ i: number; col: number; row: number }>(sql`
      SELECT p.i, g.cell_col AS col, g.cell_row AS row
      FROM (VALUES ${values}) p(i, x, y), ${gridCellLateral(spec, sql`p.x`, sql`p.y`)} g ORDER BY p.i`)
    expect(rows.map((r) => `${r.col}:${r.row}`)).toEqual(fixturePoints.map((p) => cellId(cellAt(spec, p))))
  })

  it('agrees with proj4 on the cell of a point given in WGS 84, away from the borders', async () => {
    const rows = await db.query<{ lon: number; lat: number; col: number; row: number }>(sql`
      SELECT ST_X(t.geom) AS lon, ST_Y(t.geom) AS lat, g.cell_col AS col, g.cell_row AS row
      FROM (SELECT geom, sweref99_x, sweref99_y FROM incidents ORDER BY id LIMIT 2000) t,
        ${gridCellLateral(spec, sql`t.sweref99_x`, sql`t.sweref99_y`)} g`)
    const toSweref = proj4('EPSG:4326', SWEREF99TM_PROJ4)
    for (const r of rows) {
      const xy = toSweref.forward([Number(r.lon), Number(r.lat)]) as SwerefXY
      const cell = cellAt(spec, xy)
      // PROJ and proj4 agree to well under a millimetre; a point that close to a border may differ.
      const nudged = [-0.001, 0.001].flatMap((dx) =>
        [-0.001, 0.001].map((dy) => cellAt(spec, [xy[0] + dx, xy[1] + dy])),
      )
      if (nudged.every((c) => c.col === cell.col && c.row === cell.row))
        expect(cell).toEqual({ col: r.col, row: r.row })
      const [cx, cy] = cellCentre(spec, cell)
      expect(Math.hypot(xy[0] - cx, xy[1] - cy)).toBeLessThan(spec.sizeMetres)
    }
  })
})
