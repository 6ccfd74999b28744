import { readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  cellAt,
  cellCentre,
  cellId,
  cellRing,
  cellsCovering,
  type GridSpec,
  hexagonRadius,
  parseCellId,
  type SwerefXY,
} from './grid.ts'

const fixtures = new URL('../data/fixtures/grid/', import.meta.url)
const input = JSON.parse(readFileSync(new URL('in.json', fixtures), 'utf8')) as { points: SwerefXY[] }

/** The grids the analyses use: the twin's 1 km hexagons and the finer ones hotspot maps choose. */
const fixtureGrids: Record<string, GridSpec> = {
  'hexagon-1000': { shape: 'hexagon', sizeMetres: 1000 },
  'hexagon-250': { shape: 'hexagon', sizeMetres: 250 },
  'square-1000': { shape: 'square', sizeMetres: 1000 },
  'square-250': { shape: 'square', sizeMetres: 250 },
}

const cellsOf = () =>
  Object.fromEntries(
    Object.entries(fixtureGrids).map(([name, spec]) => [
      name,
      input.points.map((p) => cellId(cellAt(spec, p))),
    ]),
  )

describe('the analysis grid', () => {
  it('puts the fixture points in the recorded cells (UPDATE=1 rewrites out.json)', () => {
    const actual = cellsOf()
    if (process.env.UPDATE)
      writeFileSync(new URL('out.json', fixtures), `${JSON.stringify(actual, null, 1)}\n`)
    expect(actual).toEqual(JSON.parse(readFileSync(new URL('out.json', fixtures), 'utf8')))
  })

  it.each(Object.entries(fixtureGrids))(
    '%s: a cell holds its own centre and the points near it',
    (_, spec) => {
      for (const p of input.points) {
        const cell = cellAt(spec, p)
        expect(cellAt(spec, cellCentre(spec, cell))).toEqual(cell)
        // Every point lies no further from its cell's centre than the circumradius (half the diagonal).
        const [cx, cy] = cellCentre(spec, cell)
        const reach = spec.shape === 'hexagon' ? hexagonRadius(spec) : (spec.sizeMetres * Math.SQRT2) / 2
        expect(Math.hypot(p[0] - cx, p[1] - cy)).toBeLessThanOrEqual(reach + 1e-6)
      }
    },
  )

  it('lays hexagons 1 km across the flats with the area of a regular hexagon', () => {
    const spec = fixtureGrids['hexagon-1000']!
    const ring = cellRing(spec, { col: 328, row: 6161 })
    expect(ring).toHaveLength(7)
    expect(ring[0]).toEqual(ring[6])
    let twiceArea = 0
    for (let i = 0; i < 6; i++) twiceArea += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1]
    expect(twiceArea / 2).toBeCloseTo((Math.sqrt(3) / 2) * 1000 ** 2, 3)
    const ys = ring.map((p) => p[1])
    expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(1000, 6)
  })

  it('puts a point just inside each side of a shared hexagon edge in the two neighbours', () => {
    const spec = fixtureGrids['hexagon-1000']!
    const cell = { col: 5, row: -7 }
    const [cx, cy] = cellCentre(spec, cell)
    for (let i = 0; i < 6; i++) {
      const angle = (Math.PI / 3) * (i + 0.5)
      const at = (d: number): SwerefXY => [cx + d * Math.cos(angle), cy + d * Math.sin(angle)]
      expect(cellAt(spec, at(499.999))).toEqual(cell)
      const neighbour = cellAt(spec, at(500.001))
      expect(neighbour).not.toEqual(cell)
      expect(
        Math.hypot(...(cellCentre(spec, neighbour).map((v, k) => v - [cx, cy][k]!) as SwerefXY)),
      ).toBeCloseTo(1000, 6)
    }
  })

  it('reads back the ids it writes and refuses others', () => {
    expect(parseCellId(cellId({ col: -3, row: 12 }))).toEqual({ col: -3, row: 12 })
    expect(parseCellId('1:2:3')).toBeUndefined()
    expect(parseCellId('a:b')).toBeUndefined()
  })

  it('covers a box with the cells whose centres lie in it', () => {
    for (const spec of Object.values(fixtureGrids)) {
      const box: [number, number, number, number] = [560_000, 6_490_000, 566_000, 6_495_000]
      const cells = cellsCovering(spec, box)
      const area = (box[2] - box[0]) * (box[3] - box[1])
      const cellArea =
        spec.shape === 'hexagon' ? (Math.sqrt(3) / 2) * spec.sizeMetres ** 2 : spec.sizeMetres ** 2
      expect(Math.abs(cells.length - area / cellArea)).toBeLessThan(Math.sqrt(area / cellArea) * 4)
      expect(new Set(cells.map(cellId)).size).toBe(cells.length)
      // Every point of a fine lattice inside the box, away from its edge, lies in a listed cell.
      const ids = new Set(cells.map(cellId))
      const margin = spec.sizeMetres
      for (let x = box[0] + margin; x <= box[2] - margin; x += 97)
        for (let y = box[1] + margin; y <= box[3] - margin; y += 89)
          expect(ids.has(cellId(cellAt(spec, [x, y])))).toBe(true)
    }
  })
})
