/**
 * The contract's hotspot statistics for Columbus, against values computed independently with R's
 * spdep (`data/fixtures/columbus-hotspots/expected.R`), in the published order and shuffled.
 */
import { describe, expect, it } from 'vitest'
import { expectFixture, loadFixture } from '../../../common/testing/fixtures.ts'
import { hotspotStatistics, StatisticsRefusal } from './hotspot-statistics.ts'
import { globalMoran, localMoran } from './moran.ts'
import { shuffledOrder } from './testing.ts'
import {
  distanceBandWeights,
  givenWeights,
  parseGal,
  rowStandardised,
  type SpatialWeights,
} from './weights.ts'

const fixture = loadFixture('columbus-hotspots')
const collection = fixture.json<{ features: { properties: { POLYID: number; CRIME: number } }[] }>('geojson')
const lists = parseGal(fixture.text('gal'))

function weightsFor(ids: string[]): SpatialWeights {
  const w = givenWeights(ids, lists)
  if ('unknown' in w) throw new Error(w.unknown)
  return w
}

describe('hotspot statistics of Columbus', () => {
  it('agree with spdep in any order', () => {
    const n = collection.features.length
    for (const seed of [0, 1, 2, 3]) {
      const order = seed === 0 ? Array.from({ length: n }, (_, i) => i) : shuffledOrder(n, seed)
      const features = order.map((i) => collection.features[i]!.properties)
      const ids = features.map((f) => String(f.POLYID))
      const result = hotspotStatistics(
        ids,
        features.map((f) => f.CRIME),
        weightsFor(ids),
      )
      const byId = new Map(result.features.map((f) => [f.id, f]))
      expectFixture('columbus-hotspots', {
        global: result.global,
        features: [...ids]
          .sort((a, b) => Number(a) - Number(b))
          .map((id) => {
            const { localMoranPseudoP: _, ...rest } = byId.get(id)!
            return rest
          }),
      })
      expect(result.islands).toEqual([])
    }
  })

  it('local Moran sums to the global I over S0, and the pseudo p does not depend on order', () => {
    const ids = collection.features.map((f) => String(f.properties.POLYID))
    const x = collection.features.map((f) => f.properties.CRIME)
    const w = rowStandardised(weightsFor(ids))
    const local = localMoran(x, w)
    expect(local.i.reduce((a, b) => a + b, 0) / ids.length).toBeCloseTo(globalMoran(x, w).i, 12)

    const pseudo = (order: number[]) => {
      const shuffled = order.map((i) => ids[i]!)
      const r = hotspotStatistics(
        shuffled,
        order.map((i) => x[i]!),
        weightsFor(shuffled),
        { permutations: 199, seed: 7 },
      )
      return new Map(r.features.map((f) => [f.id, f.localMoranPseudoP]))
    }
    const first = pseudo(ids.map((_, i) => i))
    expect(pseudo(shuffledOrder(ids.length, 5))).toEqual(first)
    // The pseudo p of the strongest cluster member is small, of a feature near the mean large.
    const strongest = [...first.entries()].sort((a, b) => a[1]! - b[1]!)[0]!
    expect(strongest[1]).toBeLessThan(0.02)
  })

  it('refuses what has no statistic', () => {
    const refusal = (values: number[], w: SpatialWeights) => {
      try {
        hotspotStatistics(w.ids, values, w)
      } catch (e) {
        return e instanceof StatisticsRefusal ? e.reason : String(e)
      }
      return 'computed'
    }
    const points: [number, number][] = [
      [0, 0],
      [1, 0],
      [2, 0],
      [3, 0],
    ]
    const ids = ['a', 'b', 'c', 'd']
    expect(refusal([1, 1, 1, 1], distanceBandWeights(ids, points, 1))).toBe('zero-variance')
    expect(refusal([1, 2, 3, 4], distanceBandWeights(ids, points, 0.5))).toBe('no-links')
    expect(refusal([1, 2], distanceBandWeights(['a', 'b'], points.slice(0, 2), 1))).toBe('too-few-features')
    expect(refusal([1, 2, 3, 4], distanceBandWeights(ids, points, 1))).toBe('computed')
  })
})
