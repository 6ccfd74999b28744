import { describe, expect, it } from 'vitest'
import {
  type CascadeCause,
  type CascadeDependency,
  type CascadeResult,
  type CascadeScenario,
  exceedsAt,
  runCascade,
} from './cascade.ts'
import type { Resource } from './domain.ts'
import { expectFixture, listFixtureCases, loadFixture } from './testing/fixtures.ts'

const causeText = (cause: CascadeCause) =>
  cause === 'outage'
    ? 'outage'
    : `${cause.resource}/${cause.redundancyGroup}<-${cause.providerAssetIds.join(',')}`

/** What the hand-written `out.json` of a cascade case holds. */
const compact = (result: CascadeResult) => ({
  affected: result.affected.map((a) => ({
    assetId: a.assetId,
    downAtHours: a.downAtHours,
    upAtHours: a.upAtHours,
    periods: a.periods.map((p) => [p.fromHours, p.toHours]),
    cause: causeText(a.cause),
    exceedsAcceptableOutageAtHours: a.exceedsAcceptableOutageAtHours,
    heldDownByCycle: a.heldDownByCycle,
  })),
  cycles: result.cycles,
})

describe('the cascade on hand-built graphs (data/fixtures/cascade-*, expected values derived in the README)', () => {
  const cases = listFixtureCases().filter((name) => name.startsWith('cascade-'))
  it('has the cases', () => expect(cases.length).toBeGreaterThanOrEqual(10))
  for (const name of cases)
    it(name, () => {
      expectFixture(name, compact(runCascade(loadFixture(name).json<CascadeScenario>())))
    })
})

describe('acceptable outage time', () => {
  it('is passed only by a period that lasts longer than it', () => {
    expect(exceedsAt([{ fromHours: 10, toHours: 12 }], 2, 168)).toBeNull()
    expect(exceedsAt([{ fromHours: 10, toHours: 13 }], 2, 168)).toBe(12)
    expect(exceedsAt([{ fromHours: 10, toHours: null }], 20, 24)).toBeNull()
    expect(exceedsAt([{ fromHours: 10, toHours: null }], 13, 24)).toBe(23)
    expect(exceedsAt([{ fromHours: 10, toHours: 13 }], null, 168)).toBeNull()
  })
})

describe('bad scenarios', () => {
  const base: CascadeScenario = {
    assets: [{ id: 'a', acceptableOutageHours: null }],
    dependencies: [],
    outages: [{ assetId: 'a', startHours: 0, durationHours: 1 }],
    horizonHours: 10,
  }
  it('refuses what it cannot answer', () => {
    expect(() => runCascade({ ...base, horizonHours: 0 })).toThrow(/horizon/)
    expect(() =>
      runCascade({ ...base, outages: [{ assetId: 'b', startHours: 0, durationHours: 1 }] }),
    ).toThrow(/not in the scenario/)
    expect(() =>
      runCascade({ ...base, outages: [{ assetId: 'a', startHours: -1, durationHours: 1 }] }),
    ).toThrow()
    expect(() =>
      runCascade({ ...base, outages: [{ assetId: 'a', startHours: 0, durationHours: 0 }] }),
    ).toThrow()
  })
})

/** A small seeded generator (mulberry32), so that a failing graph can be named by its seed. */
function random(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const resources: Resource[] = ['electricity', 'water', 'heat', 'telecom']

function randomScenario(seed: number, grid: number): CascadeScenario {
  const r = random(seed)
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1))
  const n = int(2, 7)
  const assets = Array.from({ length: n }, (_, i) => ({
    id: `a${i}`,
    acceptableOutageHours: r() < 0.3 ? null : int(0, 6) * grid,
  }))
  const dependencies: CascadeDependency[] = Array.from({ length: int(0, 12) }, (_, e) => ({
    id: `e${e}`,
    dependentAssetId: `a${int(0, n - 1)}`,
    providerAssetId: `a${int(0, n - 1)}`,
    resource: resources[int(0, 3)],
    redundancyGroup: `g${int(1, 2)}`,
    timeToImpactHours: int(0, 3) * grid,
    backupHours: (r() < 0.5 ? 0 : int(1, 4)) * grid,
  }))
  const outages = Array.from({ length: int(1, 3) }, () => ({
    assetId: `a${int(0, n - 1)}`,
    startHours: int(0, 10) * grid,
    durationHours: int(1, 8) * grid,
  }))
  return { assets, dependencies, outages, horizonHours: 20 * grid }
}

/**
 * The same rules on a fixed time step, written straight from DOMAIN.md without events: at every
 * multiple of the grid, what was down stays down while something down holds it (removing what no
 * longer is, until nothing changes), then whatever that state takes down goes down. "Down for the
 * whole of [t - b, t]" is read off the states at the steps in that interval, which is exact when
 * every time in the scenario is a multiple of the grid.
 */
function bruteForce(scenario: CascadeScenario, grid: number) {
  const steps = Math.round(scenario.horizonHours / grid)
  const ids = scenario.assets.map((a) => a.id)
  const history: Set<string>[] = []
  const inOutage = (id: string, k: number) =>
    scenario.outages.some(
      (o) => o.assetId === id && o.startHours <= k * grid && k * grid < o.startHours + o.durationHours,
    )
  const downThroughout = (id: string, k: number, b: number, now: Set<string>) => {
    if (!now.has(id)) return false
    for (let j = k - Math.round(b / grid); j < k; j++) if (j < 0 || !history[j].has(id)) return false
    return true
  }
  const heldDown = (id: string, k: number, now: Set<string>) => {
    if (inOutage(id, k)) return true
    const groups = new Map<string, boolean>()
    for (const d of scenario.dependencies) {
      if (d.dependentAssetId !== id) continue
      const spent = downThroughout(d.providerAssetId, k, d.timeToImpactHours + d.backupHours, now)
      groups.set(d.redundancyGroup, (groups.get(d.redundancyGroup) ?? true) && spent)
    }
    return [...groups.values()].some(Boolean)
  }
  for (let k = 0; k < steps; k++) {
    let now = new Set(k === 0 ? [] : history[k - 1])
    for (let changed = true; changed; ) {
      const next = new Set([...now].filter((id) => heldDown(id, k, now)))
      changed = next.size !== now.size
      now = next
    }
    for (let changed = true; changed; ) {
      const next = new Set(ids.filter((id) => now.has(id) || heldDown(id, k, now)))
      changed = next.size !== now.size
      now = next
    }
    history.push(now)
  }
  const periods = new Map<string, [number, number | null][]>()
  for (const id of ids) {
    const list: [number, number | null][] = []
    for (let k = 0; k < steps; k++) {
      const isDown = history[k].has(id)
      const wasDown = k > 0 && history[k - 1].has(id)
      if (isDown && !wasDown) list.push([k * grid, null])
      if (!isDown && wasDown) list[list.length - 1][1] = k * grid
    }
    if (list.length > 0) periods.set(id, list)
  }
  return periods
}

describe('the event-driven cascade against a fixed-step simulation on random small graphs', () => {
  for (const grid of [1, 0.25]) {
    it(`agrees on 400 graphs whose times are multiples of ${grid} h`, () => {
      let withCascade = 0
      for (let seed = 1; seed <= 400; seed++) {
        const scenario = randomScenario(seed, grid)
        const result = runCascade(scenario)
        const expected = bruteForce(scenario, grid)
        const actual = new Map(
          result.affected.map((a) => [a.assetId, a.periods.map((p) => [p.fromHours, p.toHours])]),
        )
        expect({ seed, periods: Object.fromEntries(actual) }).toEqual({
          seed,
          periods: Object.fromEntries(expected),
        })
        for (const a of result.affected)
          expect(a.exceedsAcceptableOutageAtHours).toBe(
            exceedsAt(
              (expected.get(a.assetId) ?? []).map(([fromHours, toHours]) => ({ fromHours, toHours })),
              a.acceptableOutageHours,
              scenario.horizonHours,
            ),
          )
        if (result.affected.some((a) => a.cause !== 'outage')) withCascade++
      }
      // The generator must make graphs where something beyond the outages fails, or the check is idle.
      expect(withCascade).toBeGreaterThan(100)
    })
  }
})
