/**
 * The cascade (*kaskadeffekt*): which critical assets go down, when, and for how long, when some of
 * them are out, following DOMAIN.md "The cascade, exactly":
 *
 * - an outage takes its asset down for the half-open period [start, start + duration);
 * - a dependency edge (dependent A needs a resource from provider P, in redundancy group g) has the
 *   buffer b = timeToImpactHours + backupHours, and is spent at t when P has been down for the whole
 *   of [t - b, t] (with b = 0: when P is down at t);
 * - a group is lost when every edge in it is spent; an asset is down when it is in an outage or any
 *   of its groups is lost, and up again as soon as neither holds (no restart time; a buffer is full
 *   again once its provider is back);
 * - the state at t follows from the state just before t: what was down stays down as long as it is
 *   held down by outages or by what stays down with it (so a cycle that went down stays down), and
 *   then whatever the new state takes down goes down.
 *
 * The answer is computed event by event at exact times (outage starts and ends, and the moments a
 * buffer runs out), never on a time step. Pure: no I/O, runs on both sides.
 */
import type { Dependency } from './dependencies.ts'
import type { Resource } from './domain.ts'

export interface CascadeAsset {
  id: string
  /** Acceptabel avbrottstid: the longest outage before consequences become serious; null when not set. */
  acceptableOutageHours: number | null
}

/** The cascade runs on the one dependency record of the API. */
export type CascadeDependency = Dependency

export interface CascadeOutage {
  assetId: string
  startHours: number
  durationHours: number
}

export interface CascadeScenario {
  assets: readonly CascadeAsset[]
  dependencies: readonly CascadeDependency[]
  outages: readonly CascadeOutage[]
  horizonHours: number
}

/** Why an asset went down: its own outage, or a redundancy group whose every provider was spent. */
export type CascadeCause =
  | 'outage'
  | {
      resource: Resource
      redundancyGroup: string
      providerAssetIds: string[]
      dependencyIds: string[]
      /** The backup hours of the edges that ran out (0 when the group had no backup). */
      backupHours: number
    }

/** A half-open down period [fromHours, toHours); toHours null when it lasts past the horizon. */
export interface DownPeriod {
  fromHours: number
  toHours: number | null
  cause: CascadeCause
}

export interface AssetCascade {
  assetId: string
  downAtHours: number
  /** The end of the last down period within the horizon; null when still down at the horizon. */
  upAtHours: number | null
  cause: CascadeCause
  periods: DownPeriod[]
  acceptableOutageHours: number | null
  /** The first moment a continuous down period has lasted acceptableOutageHours and goes on. */
  exceedsAcceptableOutageAtHours: number | null
  /** Hours down within the horizon. */
  downHours: number
  /** Still down at the horizon and held down only by assets that are down with it, outages aside. */
  heldDownByCycle: boolean
}

export interface CascadeResult {
  /** Every asset that is down at some moment, by downAtHours (then by id). */
  affected: AssetCascade[]
  /**
   * Cycles that cannot restart by themselves: groups of assets down at the horizon that hold each
   * other down through spent dependencies and would stay down even if every outage ended there.
   * Each cycle lists its asset ids sorted.
   */
  cycles: string[][]
  horizonHours: number
}

/** The buffer of a dependency edge: how long its provider may be down before the edge is spent. */
export const bufferHours = (d: Pick<CascadeDependency, 'timeToImpactHours' | 'backupHours'>) =>
  d.timeToImpactHours + d.backupHours

/** A min-heap of event times with a payload, ordered by time. */
class EventQueue<T> {
  private times: number[] = []
  private items: T[] = []

  get size() {
    return this.times.length
  }

  peekTime(): number {
    return this.times[0]
  }

  push(time: number, item: T): void {
    const { times, items } = this
    let i = times.length
    times.push(time)
    items.push(item)
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (times[parent] <= time) break
      times[i] = times[parent]
      items[i] = items[parent]
      i = parent
    }
    times[i] = time
    items[i] = item
  }

  pop(): T {
    const { times, items } = this
    const top = items[0]
    const lastTime = times.pop() as number
    const lastItem = items.pop() as T
    const n = times.length
    if (n > 0) {
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        if (left >= n) break
        const right = left + 1
        const child = right < n && times[right] < times[left] ? right : left
        if (times[child] >= lastTime) break
        times[i] = times[child]
        items[i] = items[child]
        i = child
      }
      times[i] = lastTime
      items[i] = lastItem
    }
    return top
  }
}

/** What happens at an event time: an outage starts or ends, or an edge's buffer may run out. */
type CascadeEvent =
  | { kind: 'outage-start'; asset: number }
  | { kind: 'outage-end'; asset: number }
  | { kind: 'buffer-out'; edge: number; period: number }

interface Graph {
  /** Per asset, the edges it provides for. */
  outEdges: number[][]
  edgeDependent: Int32Array
  edgeProvider: Int32Array
  edgeGroup: Int32Array
  edgeBuffer: Float64Array
  /** Per group, its dependent asset and edges. */
  groupAsset: Int32Array
  groupEdges: number[][]
  /** Per asset, its groups sorted by name, so that a cause is named the same way every time. */
  assetGroups: number[][]
}

function buildGraph(scenario: CascadeScenario, indexOf: Map<string, number>, groupNames: string[]): Graph {
  const n = scenario.assets.length
  const deps = scenario.dependencies
  const m = deps.length
  const outEdges: number[][] = Array.from({ length: n }, () => [])
  const edgeDependent = new Int32Array(m)
  const edgeProvider = new Int32Array(m)
  const edgeGroup = new Int32Array(m)
  const edgeBuffer = new Float64Array(m)
  const groupIndex = new Map<string, number>()
  const groupAsset: number[] = []
  const groupEdges: number[][] = []
  for (let e = 0; e < m; e++) {
    const d = deps[e]
    const dependent = indexOf.get(d.dependentAssetId)
    const provider = indexOf.get(d.providerAssetId)
    if (dependent === undefined || provider === undefined)
      throw new Error(`dependency ${d.id} names an asset that is not in the scenario`)
    const key = `${dependent}\u0000${d.redundancyGroup}`
    let g = groupIndex.get(key)
    if (g === undefined) {
      g = groupAsset.length
      groupIndex.set(key, g)
      groupAsset.push(dependent)
      groupEdges.push([])
      groupNames.push(d.redundancyGroup)
    }
    groupEdges[g].push(e)
    edgeDependent[e] = dependent
    edgeProvider[e] = provider
    edgeGroup[e] = g
    edgeBuffer[e] = bufferHours(d)
    outEdges[provider].push(e)
  }
  const assetGroups: number[][] = Array.from({ length: n }, () => [])
  for (let g = 0; g < groupAsset.length; g++) assetGroups[groupAsset[g]].push(g)
  for (const groups of assetGroups)
    groups.sort((a, b) => (groupNames[a] < groupNames[b] ? -1 : groupNames[a] > groupNames[b] ? 1 : 0))
  return {
    outEdges,
    edgeDependent,
    edgeProvider,
    edgeGroup,
    edgeBuffer,
    groupAsset: Int32Array.from(groupAsset),
    groupEdges,
    assetGroups,
  }
}

/**
 * Runs the cascade of a scenario to its horizon. Throws on a dependency or outage naming an asset
 * that is not in the scenario, and on a negative start, a non-positive duration or horizon, or a
 * negative buffer: the caller validates what users send.
 */
export function runCascade(scenario: CascadeScenario): CascadeResult {
  const { assets, dependencies, outages, horizonHours } = scenario
  if (!(horizonHours > 0) || !Number.isFinite(horizonHours))
    throw new Error('the horizon must be a positive number of hours')
  const n = assets.length
  const indexOf = new Map<string, number>()
  assets.forEach((a, i) => {
    if (indexOf.has(a.id)) throw new Error(`asset ${a.id} is listed twice`)
    indexOf.set(a.id, i)
  })
  for (const d of dependencies)
    if (!(d.timeToImpactHours >= 0 && d.backupHours >= 0))
      throw new Error(`dependency ${d.id} has a negative buffer`)
  const groupNames: string[] = []
  const graph = buildGraph(scenario, indexOf, groupNames)
  const { outEdges, edgeDependent, edgeProvider, edgeGroup, edgeBuffer, groupEdges, assetGroups } = graph

  const groupSize = Int32Array.from(groupEdges, (edges) => edges.length)
  const groupSpent = new Int32Array(groupEdges.length)
  const spent = new Uint8Array(dependencies.length)
  const lostGroups = new Int32Array(n)
  const inOutage = new Int32Array(n)
  const down = new Uint8Array(n)
  const downSince = new Float64Array(n).fill(Number.NaN)
  /** Counts each asset's down periods, so a stale buffer event of an earlier period is ignored. */
  const period = new Int32Array(n)
  /** The step in which an asset left the down set in the first phase (it may come back in the second). */
  const leftInStep = new Int32Array(n).fill(-1)
  const periods: DownPeriod[][] = Array.from({ length: n }, () => [])

  const events = new EventQueue<CascadeEvent>()
  for (const o of outages) {
    const asset = indexOf.get(o.assetId)
    if (asset === undefined) throw new Error(`outage of ${o.assetId}, which is not in the scenario`)
    if (!(o.startHours >= 0 && o.durationHours > 0))
      throw new Error('an outage needs start >= 0 and duration > 0')
    events.push(o.startHours, { kind: 'outage-start', asset })
    events.push(o.startHours + o.durationHours, { kind: 'outage-end', asset })
  }

  const heldDown = (a: number) => inOutage[a] > 0 || lostGroups[a] > 0

  const spend = (e: number, queue: number[]) => {
    if (spent[e]) return
    spent[e] = 1
    const g = edgeGroup[e]
    if (++groupSpent[g] === groupSize[g]) {
      const a = edgeDependent[e]
      lostGroups[a]++
      if (!down[a]) queue.push(a)
    }
  }
  const refill = (e: number, queue: number[]) => {
    if (!spent[e]) return
    spent[e] = 0
    const g = edgeGroup[e]
    if (groupSpent[g]-- === groupSize[g]) {
      const a = edgeDependent[e]
      lostGroups[a]--
      if (down[a] && !heldDown(a)) queue.push(a)
    }
  }

  const causeOf = (a: number): CascadeCause => {
    if (inOutage[a] > 0) return 'outage'
    for (const g of assetGroups[a]) {
      if (groupSpent[g] !== groupSize[g]) continue
      const edges = graph.groupEdges[g]
      const first = dependencies[edges[0]]
      return {
        resource: first.resource,
        redundancyGroup: groupNames[g],
        providerAssetIds: edges.map((e) => dependencies[e].providerAssetId),
        dependencyIds: edges.map((e) => dependencies[e].id),
        backupHours: Math.max(...edges.map((e) => dependencies[e].backupHours)),
      }
    }
    throw new Error('an asset went down without a cause')
  }

  let step = 0
  const leaving: number[] = []
  const arriving: number[] = []
  const opened: number[] = []
  const starting: number[] = []
  const ending: number[] = []
  const bufferEvents: { edge: number; period: number }[] = []

  while (events.size > 0 && events.peekTime() < horizonHours) {
    const t = events.peekTime()
    starting.length = 0
    ending.length = 0
    bufferEvents.length = 0
    while (events.size > 0 && events.peekTime() === t) {
      const event = events.pop()
      switch (event.kind) {
        case 'outage-start':
          starting.push(event.asset)
          break
        case 'outage-end':
          ending.push(event.asset)
          break
        case 'buffer-out':
          bufferEvents.push(event)
          break
        default:
          return exhaustive(event)
      }
    }

    // Buffers running out at t: the provider has been down since t - b and still is, so the edge is
    // spent at t (unless the provider comes back at t, which refills it below).
    for (const { edge, period: p } of bufferEvents) {
      const provider = edgeProvider[edge]
      if (down[provider] && period[provider] === p) spend(edge, arriving)
    }

    // Phase 1, what comes back: the state just before t, less whatever is no longer held down once
    // the outages ending at t have ended. Whatever holds itself down (a cycle) stays down.
    const touched: number[] = []
    for (const a of ending) {
      inOutage[a]--
      if (down[a] && !heldDown(a)) leaving.push(a)
    }
    while (leaving.length > 0) {
      const a = leaving.pop() as number
      if (!down[a] || heldDown(a)) continue
      down[a] = 0
      leftInStep[a] = step
      touched.push(a)
      for (const e of outEdges[a]) refill(e, leaving)
    }

    // Phase 2, what goes down: outages starting at t, buffers that ran out at t, and whatever that
    // takes down in turn at t.
    for (const a of starting) {
      inOutage[a]++
      if (!down[a]) arriving.push(a)
    }
    opened.length = 0
    while (arriving.length > 0) {
      const a = arriving.pop() as number
      if (down[a] || !heldDown(a)) continue
      down[a] = 1
      const continues = leftInStep[a] === step
      if (!continues) {
        period[a]++
        downSince[a] = t
        opened.push(a)
      }
      for (const e of outEdges[a]) {
        const b = edgeBuffer[e]
        if (b === 0 || downSince[a] + b <= t) spend(e, arriving)
        else if (!continues) {
          const runsOut = downSince[a] + b
          if (runsOut < horizonHours) events.push(runsOut, { kind: 'buffer-out', edge: e, period: period[a] })
        }
      }
    }

    for (const a of touched)
      if (!down[a]) {
        const open = periods[a][periods[a].length - 1]
        open.toHours = t
        downSince[a] = Number.NaN
      }
    for (const a of opened) periods[a].push({ fromHours: t, toHours: null, cause: causeOf(a) })
    step++
  }

  const cycleOf = cyclesHoldingDown(graph, down, lostGroups, spent, groupSpent, groupSize)
  const affected: AssetCascade[] = []
  for (let a = 0; a < n; a++) {
    const list = periods[a]
    if (list.length === 0) continue
    const last = list[list.length - 1]
    const acceptable = assets[a].acceptableOutageHours
    affected.push({
      assetId: assets[a].id,
      downAtHours: list[0].fromHours,
      upAtHours: last.toHours,
      cause: list[0].cause,
      periods: list,
      acceptableOutageHours: acceptable,
      exceedsAcceptableOutageAtHours: exceedsAt(list, acceptable, horizonHours),
      downHours: list.reduce((sum, p) => sum + (p.toHours ?? horizonHours) - p.fromHours, 0),
      heldDownByCycle: cycleOf.held[a] === 1,
    })
  }
  affected.sort((x, y) =>
    x.downAtHours !== y.downAtHours ? x.downAtHours - y.downAtHours : x.assetId < y.assetId ? -1 : 1,
  )
  const cycles = cycleOf.cycles
    .map((members) => members.map((a) => assets[a].id).sort())
    .sort((x, y) => (x[0] < y[0] ? -1 : 1))
  return { affected, cycles, horizonHours }
}

/**
 * The first moment a continuous down period has lasted `acceptable` hours and goes on: a period
 * [from, to) passes it at from + acceptable when that is before `to`; a period still going at the
 * horizon passes it when that is before the horizon (what happens after the horizon is not known).
 */
export function exceedsAt(
  periods: readonly Pick<DownPeriod, 'fromHours' | 'toHours'>[],
  acceptable: number | null,
  horizonHours: number,
): number | null {
  if (acceptable === null) return null
  for (const p of periods) {
    const at = p.fromHours + acceptable
    if (at < (p.toHours ?? horizonHours)) return at
  }
  return null
}

/**
 * Which assets down at the horizon would stay down if every outage ended there (the same first
 * phase as a step, on copies of the counters), and the cycles among them: strongly connected sets
 * of the spent edges between those assets (Tarjan, iterative so that long chains do not overflow
 * the stack).
 */
function cyclesHoldingDown(
  graph: Graph,
  downAtEnd: Uint8Array,
  lostGroupsAtEnd: Int32Array,
  spentAtEnd: Uint8Array,
  groupSpentAtEnd: Int32Array,
  groupSize: Int32Array,
): { held: Uint8Array; cycles: number[][] } {
  const n = downAtEnd.length
  const held = Uint8Array.from(downAtEnd)
  const lost = Int32Array.from(lostGroupsAtEnd)
  const spent = Uint8Array.from(spentAtEnd)
  const groupSpent = Int32Array.from(groupSpentAtEnd)
  // Note: outages are left out on purpose: the question is what would stay down if they ended now.
  const queue: number[] = []
  for (let a = 0; a < n; a++) if (held[a] && lost[a] === 0) queue.push(a)
  while (queue.length > 0) {
    const a = queue.pop() as number
    if (!held[a] || lost[a] > 0) continue
    held[a] = 0
    for (const e of graph.outEdges[a]) {
      if (!spent[e]) continue
      spent[e] = 0
      const g = graph.edgeGroup[e]
      if (groupSpent[g]-- === groupSize[g]) {
        const d = graph.edgeDependent[e]
        if (--lost[d] === 0 && held[d]) queue.push(d)
      }
    }
  }

  // Edges dependent -> provider that hold an asset down (spent, both ends held).
  const index = new Int32Array(n).fill(-1)
  const low = new Int32Array(n)
  const onStack = new Uint8Array(n)
  const stack: number[] = []
  const cycles: number[][] = []
  const inEdges: number[][] = Array.from({ length: n }, () => [])
  for (let e = 0; e < spent.length; e++)
    if (spent[e] && held[graph.edgeDependent[e]] && held[graph.edgeProvider[e]])
      inEdges[graph.edgeDependent[e]].push(graph.edgeProvider[e])
  let counter = 0
  for (let root = 0; root < n; root++) {
    if (!held[root] || index[root] !== -1) continue
    const work: [node: number, next: number][] = [[root, 0]]
    index[root] = low[root] = counter++
    stack.push(root)
    onStack[root] = 1
    while (work.length > 0) {
      const frame = work[work.length - 1]
      const [v, i] = frame
      const successors = inEdges[v]
      if (i < successors.length) {
        frame[1]++
        const w = successors[i]
        if (index[w] === -1) {
          index[w] = low[w] = counter++
          stack.push(w)
          onStack[w] = 1
          work.push([w, 0])
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w])
        continue
      }
      work.pop()
      if (work.length > 0) {
        const parent = work[work.length - 1][0]
        low[parent] = Math.min(low[parent], low[v])
      }
      if (low[v] === index[v]) {
        const members: number[] = []
        let w: number
        do {
          w = stack.pop() as number
          onStack[w] = 0
          members.push(w)
        } while (w !== v)
        if (members.length > 1 || successors.includes(v)) cycles.push(members)
      }
    }
  }
  return { held, cycles }
}

function exhaustive(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`)
}
