/**
 * The statistics against published values (`data/fixtures/`), each computed on the features as
 * published and again on shuffled copies: the answer must not depend on the order they come in.
 */
import { describe, expect, it } from 'vitest'
import { expectFixture, loadFixture } from '../../../common/testing/fixtures.ts'
import { readDbf } from './dbf.ts'
import { generalG, localGi, localGiStar } from './getis-ord.ts'
import { mannKendall } from './mann-kendall.ts'
import { globalMoran } from './moran.ts'
import { canonicalOrder, restoreOrder } from './order.ts'
import { empiricalBayesStandardised } from './rates.ts'
import { shuffledOrder } from './testing.ts'
import {
  contiguityWeights,
  distanceBandWeights,
  givenWeights,
  isSymmetric,
  parseGal,
  rowStandardised,
  type SpatialWeights,
  toLists,
  withSelf,
  type XY,
} from './weights.ts'

const SHUFFLES = [1, 2, 3]

/** Runs `compute` on the features in their order and in shuffled ones; returns every answer in the original order. */
function inEveryOrder<T>(n: number, compute: (order: number[]) => T[]): T[][] {
  const identity = Array.from({ length: n }, (_, i) => i)
  return [identity, ...SHUFFLES.map((s) => shuffledOrder(n, s))].map((order) =>
    restoreOrder(order, compute(order)),
  )
}

const gal = (weightsOrError: SpatialWeights | { unknown: string }): SpatialWeights => {
  if ('unknown' in weightsOrError) throw new Error(`unknown id ${weightsOrError.unknown}`)
  return weightsOrError
}

describe('Getis-Ord on six points (esda)', () => {
  const { points, values } = loadFixture('getis-ord-six-points').json<{ points: XY[]; values: number[] }>()
  const ids = points.map((_, i) => String(i))

  it('gives the published General G, Gi and Gi* in any order', () => {
    const answers = inEveryOrder(points.length, (order) => {
      const w = distanceBandWeights(
        order.map((i) => ids[i]!),
        order.map((i) => points[i]!),
        15,
      )
      const x = order.map((i) => values[i]!)
      const g = generalG(x, w)
      const gi = localGi(x, w)
      const star = localGiStar(x, withSelf(w))
      return x.map((_, k) => ({ g: g.g, p: g.pNorm, gi: gi[k]!, star: star[k]! }))
    })
    for (const answer of answers)
      expectFixture('getis-ord-six-points', {
        generalG: answer[0]!.g,
        generalGPNorm: answer[0]!.p,
        giZ: answer.map((a) => a.gi),
        giStarZ: answer.map((a) => a.star),
      })
  })
})

describe("Getis and Ord's 1996 grid", () => {
  const fixture = loadFixture('getis-ord-1996-grid')
  const { cell, giStarBand, giBands } = fixture.json<{
    cell: { x: number; y: number }
    giStarBand: number
    giBands: number[]
  }>()
  const rows = fixture
    .text('csv')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number) as [number, number, number])

  it('gives the published Gi* (both variances) and Gi for five bands in any order', () => {
    for (const seed of [0, ...SHUFFLES]) {
      const order = seed === 0 ? rows.map((_, i) => i) : shuffledOrder(rows.length, seed)
      const ids = order.map((i) => String(i))
      const points = order.map((i): XY => [rows[i]![0], rows[i]![1]])
      const x = order.map((i) => rows[i]![2])
      const k = order.findIndex((i) => rows[i]![0] === cell.x && rows[i]![1] === cell.y)
      const band = withSelf(distanceBandWeights(ids, points, giStarBand))
      expectFixture('getis-ord-1996-grid', {
        cellValue: x[k],
        giStarZ: localGiStar(x, band)[k],
        giStarZPaperVariance: localGiStar(x, band, { sampleVariance: true })[k],
        giZByBand: giBands.map((d) => localGi(x, distanceBandWeights(ids, points, d))[k]),
      })
    }
  })
})

describe('Mann-Kendall', () => {
  it('gives the published S, Var S, Z and p', () => {
    const { series } = loadFixture('mann-kendall-ten').json<{ series: number[] }>()
    expectFixture('mann-kendall-ten', mannKendall(series))
  })
})

describe("Columbus's queen contiguity", () => {
  const fixture = loadFixture('columbus-queen-contiguity')
  const collection = fixture.json<{
    features: { properties: { POLYID: number }; geometry: { type: string; coordinates: unknown } }[]
  }>('geojson')
  const ringsOf = (g: { type: string; coordinates: unknown }): XY[][] =>
    g.type === 'Polygon' ? (g.coordinates as XY[][]) : (g.coordinates as XY[][][]).flat()

  it('built from the polygons is the published GAL, in any order', () => {
    const expected = fixture.expected() as { neighbours: Record<string, number[]> }
    for (const seed of [0, ...SHUFFLES]) {
      const order =
        seed === 0 ? collection.features.map((_, i) => i) : shuffledOrder(collection.features.length, seed)
      const features = order.map((i) => collection.features[i]!)
      const ids = features.map((f) => String(f.properties.POLYID))
      const w = contiguityWeights(
        ids,
        features.map((f) => ringsOf(f.geometry)),
        'queen',
      )
      const lists: Record<string, number[]> = {}
      toLists(w).forEach((list, i) => {
        lists[w.ids[i]!] = list.map((j) => Number(w.ids[j])).sort((a, b) => a - b)
      })
      const published = Object.fromEntries(
        Object.entries(expected.neighbours).map(([id, list]) => [id, [...list].sort((a, b) => a - b)]),
      )
      expect(lists).toEqual(published)
      expect(isSymmetric(w)).toBe(true)
    }
  })
})

describe("Moran's I of the PySAL sets", () => {
  it('St. Louis homicides: the published I, E[I] and one-tailed p in any order', () => {
    const fixture = loadFixture('stl-homicides-moran')
    const rows = fixture
      .text('txt')
      .trim()
      .split('\n')
      .slice(2)
      .map((l) => l.split(',').map(Number))
    // Note: stl.gal numbers the counties 1..78 in the order of the file, not by FIPS.
    const lists = parseGal(fixture.text('gal'))
    for (const seed of [0, ...SHUFFLES]) {
      const order = seed === 0 ? rows.map((_, i) => i) : shuffledOrder(rows.length, seed)
      const ids = order.map((i) => String(i + 1))
      const x = order.map((i) => rows[i]![2]!)
      const m = globalMoran(x, rowStandardised(gal(givenWeights(ids, lists))))
      expectFixture('stl-homicides-moran', {
        moranI: m.i,
        moranExpected: m.expected,
        moranPNormOneTailed: m.pNormalGreater,
      })
    }
  })

  it('SIDS: the published I and p, raw and empirical-Bayes rates, in any order', () => {
    const fixture = loadFixture('sids2-moran')
    const rows = readDbf(fixture.bytes('dbf'))
    const lists = parseGal(fixture.text('gal'))
    for (const seed of [0, ...SHUFFLES]) {
      const order = seed === 0 ? rows.map((_, i) => i) : shuffledOrder(rows.length, seed)
      const ids = order.map((i) => String(rows[i]!.FIPSNO))
      const w = rowStandardised(gal(givenWeights(ids, lists)))
      const raw = globalMoran(
        order.map((i) => Number(rows[i]!.SIDR74)),
        w,
      )
      const rate = globalMoran(
        empiricalBayesStandardised(
          order.map((i) => Number(rows[i]!.SID79)),
          order.map((i) => Number(rows[i]!.BIR79)),
        ),
        w,
      )
      expectFixture('sids2-moran', {
        moranI: raw.i,
        moranPNormOneTailed: raw.pNormalGreater,
        moranRateI: rate.i,
        moranRatePNormOneTailed: rate.pNormalGreater,
      })
    }
  })
})

it('canonical order sorts numeric ids as numbers', () => {
  expect(canonicalOrder(['10', '9', 'b', 'a', '100'])).toEqual([1, 0, 4, 3, 2])
})
