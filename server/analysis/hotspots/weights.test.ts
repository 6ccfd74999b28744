/** The weight builders against each other and against what the grid's geometry says. */
import { describe, expect, it } from 'vitest'
import { cellCentre, cellId, cellRing, cellsCovering, type GridSpec } from '../../../common/grid.ts'
import { chooseDistanceBand, chooseGridSize } from './defaults.ts'
import { PolygonLookup } from './point-in-polygon.ts'
import {
  contiguityWeights,
  distanceBandWeights,
  givenWeights,
  gridContiguityWeights,
  gridDistanceWeights,
  isSymmetric,
  knnWeights,
  rowStandardised,
  toLists,
  transposed,
  withSelf,
  type XY,
} from './weights.ts'

const grids: GridSpec[] = [
  { shape: 'hexagon', sizeMetres: 250 },
  { shape: 'square', sizeMetres: 200 },
]

describe.each(grids)('on a $shape grid', (spec) => {
  const cells = cellsCovering(spec, [560_000, 6_490_000, 564_000, 6_493_000])
  const ids = cells.map(cellId)
  const centres = cells.map((c) => cellCentre(spec, c))

  it('a distance band found by address links exactly what one found by searching the centres links', () => {
    for (const band of [spec.sizeMetres, 2.5 * spec.sizeMetres, 4 * spec.sizeMetres])
      expect(toLists(gridDistanceWeights(ids, cells, spec, band))).toEqual(
        toLists(distanceBandWeights(ids, centres, band)),
      )
  })

  it('contiguity by address is contiguity of the cells drawn as polygons', () => {
    const rings = cells.map((c) => [
      cellRing(spec, c).map(([x, y]): XY => [Math.round(x * 1000), Math.round(y * 1000)]),
    ])
    for (const kind of ['queen', 'rook'] as const)
      expect(toLists(gridContiguityWeights(ids, cells, spec, kind))).toEqual(
        toLists(contiguityWeights(ids, rings, kind)),
      )
  })
})

describe('weights', () => {
  const points: XY[] = [
    [0, 0],
    [1, 0],
    [3, 0],
    [3, 1],
    [10, 10],
  ]
  const ids = ['a', 'b', 'c', 'd', 'e']

  it('k nearest neighbours break ties by id and are not symmetric', () => {
    const w = knnWeights(ids, points, 1)
    expect(toLists(w)).toEqual([[1], [0], [3], [2], [3]])
    expect(isSymmetric(w)).toBe(false)
    expect(
      toLists(
        knnWeights(
          ['x', 'a', 'b'],
          [
            [0, 0],
            [1, 0],
            [-1, 0],
          ],
          1,
        ),
      )[0],
    ).toEqual([1])
    expect(
      toLists(
        knnWeights(
          ['x', 'b', 'a'],
          [
            [0, 0],
            [1, 0],
            [-1, 0],
          ],
          1,
        ),
      )[0],
    ).toEqual([2])
  })

  it('self links, row standardisation and the transpose', () => {
    const w = distanceBandWeights(ids, points, 2.1)
    expect(toLists(withSelf(w))).toEqual([[0, 1], [0, 1, 2], [1, 2, 3], [2, 3], [4]])
    expect(Array.from(rowStandardised(w).weights)).toEqual([1, 0.5, 0.5, 0.5, 0.5, 1])
    const one = knnWeights(ids, points, 1)
    expect(toLists(transposed(one))).toEqual([[1], [0], [3], [2, 4], []])
  })

  it('given neighbours name unknown ids', () => {
    expect(givenWeights(ids, { a: ['b'], z: ['a'] })).toEqual({ unknown: 'z' })
    expect(givenWeights(ids, { a: ['q'] })).toEqual({ unknown: 'q' })
  })
})

describe('defaults from the data', () => {
  it('the grid size is the smallest at which 80 % of the incidents lie in cells of at least five', () => {
    const counts: Record<number, number[]> = { 100: [1, 1, 1, 5, 2], 150: [5, 5, 1], 200: [20] }
    expect(chooseGridSize((s) => counts[s] ?? [], [100, 150, 200])).toEqual({
      sizeMetres: 150,
      denseShare: 10 / 11,
    })
    expect(chooseGridSize(() => [1, 2], [100, 150])).toEqual({ sizeMetres: 150, denseShare: 0 })
  })

  it('the distance band is where clustering first peaks: at the size of a planted cluster', () => {
    const spec: GridSpec = { shape: 'hexagon', sizeMetres: 100 }
    const cells = cellsCovering(spec, [0, 0, 6000, 6000])
    // Blobs of high values 500 m across, spaced 2 km apart: clustering should peak near their radius.
    const values = cells.map((c) => {
      const [x, y] = cellCentre(spec, c)
      const dx = (x % 2000) - 1000
      const dy = (y % 2000) - 1000
      return Math.hypot(dx, dy) < 300 ? 10 + ((c.col * 7 + c.row) % 3) : (c.col * 13 + c.row * 7) % 2
    })
    const choice = chooseDistanceBand(spec, cells, values)
    expect(choice.profile).toHaveLength(8)
    expect(choice.peak).toBe(true)
    expect(choice.band).toBeGreaterThanOrEqual(200)
    expect(choice.band).toBeLessThanOrEqual(600)
  })
})

it('point in polygon: holes and several polygons', () => {
  const square = (x: number, y: number, s: number): XY[] => [
    [x, y],
    [x + s, y],
    [x + s, y + s],
    [x, y + s],
    [x, y],
  ]
  const lookup = new PolygonLookup([[square(0, 0, 10), square(3, 3, 4)], [square(20, 0, 5)]])
  expect(lookup.find([1, 1])).toBe(0)
  expect(lookup.find([5, 5])).toBe(-1)
  expect(lookup.find([22, 2])).toBe(1)
  expect(lookup.find([15, 5])).toBe(-1)
})
