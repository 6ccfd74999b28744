/**
 * Spatial weights: who is whose neighbour, and how much. A weights object is sparse (a neighbour
 * list per feature with a weight per link), indexed by the features' positions; the ids travel
 * with it so that answers and errors can name features.
 *
 * Builders: queen and rook contiguity from polygons (shared corner, shared edge), a distance band
 * and k nearest neighbours over points (or polygon centroids) in metres or planar units, given
 * neighbour lists (a GAL file, a caller's own), and contiguity on the analyses' hexagon or square
 * grid straight from the cells' addresses. Transforms: binary, row-standardised, self included.
 */
import { type GridCell, GridShape, type GridSpec } from '../../../common/grid.ts'

/** A planar coordinate pair: SWEREF 99 TM metres or a data set's own units. */
export type XY = readonly [number, number]

export interface SpatialWeights {
  /** The features' ids, by position. */
  ids: readonly string[]
  /** For each feature, its neighbours' positions, ascending. */
  neighbours: readonly (readonly number[])[]
  /** For each feature, the weight of each link, in the order of `neighbours`. */
  weights: readonly (readonly number[])[]
}

/** Links are kept ascending by position, so a sum over them has one order whatever built them. */
function fromLinkSets(ids: readonly string[], links: readonly Set<number>[]): SpatialWeights {
  const neighbours = links.map((set) => [...set].sort((a, b) => a - b))
  return { ids, neighbours, weights: neighbours.map((list) => list.map(() => 1)) }
}

/** A polygon as rings of coordinates (a MultiPolygon's parts flattened: contiguity needs only edges). */
export type PolygonRings = readonly (readonly XY[])[]

const vertexKey = (p: XY) => `${p[0]},${p[1]}`
const edgeKey = (a: XY, b: XY) => {
  const ka = vertexKey(a)
  const kb = vertexKey(b)
  return ka < kb ? `${ka};${kb}` : `${kb};${ka}`
}

/**
 * Contiguity from polygons: queen when two polygons share at least one corner, rook when they share
 * an edge (two consecutive corners), both by exact coordinates as PySAL's and GeoDa's builders do
 * for data whose neighbours were digitised on common boundaries.
 */
export function contiguityWeights(
  ids: readonly string[],
  polygons: readonly PolygonRings[],
  kind: 'queen' | 'rook',
): SpatialWeights {
  const owners = new Map<string, number[]>()
  polygons.forEach((rings, i) => {
    const keys = new Set<string>()
    for (const ring of rings)
      for (let k = 0; k < ring.length - 1; k++)
        keys.add(kind === 'queen' ? vertexKey(ring[k]!) : edgeKey(ring[k]!, ring[k + 1]!))
    for (const key of keys) {
      const list = owners.get(key)
      if (list) list.push(i)
      else owners.set(key, [i])
    }
  })
  const links = polygons.map(() => new Set<number>())
  for (const list of owners.values())
    for (const a of list) for (const b of list) if (a !== b) links[a]!.add(b)
  return fromLinkSets(ids, links)
}

/** Buckets points in square cells of `size`, for neighbour searches without comparing every pair. */
class PointIndex {
  private readonly buckets = new Map<string, number[]>()
  constructor(
    readonly points: readonly XY[],
    readonly size: number,
  ) {
    points.forEach((p, i) => {
      const key = this.key(Math.floor(p[0] / size), Math.floor(p[1] / size))
      const list = this.buckets.get(key)
      if (list) list.push(i)
      else this.buckets.set(key, [i])
    })
  }
  private key = (cx: number, cy: number) => `${cx}:${cy}`
  /** The points in the buckets within `ring` buckets of the point's own. */
  around(p: XY, ring: number): number[] {
    const cx = Math.floor(p[0] / this.size)
    const cy = Math.floor(p[1] / this.size)
    const out: number[] = []
    for (let x = cx - ring; x <= cx + ring; x++)
      for (let y = cy - ring; y <= cy + ring; y++) {
        const list = this.buckets.get(this.key(x, y))
        if (list) for (const i of list) out.push(i)
      }
    return out
  }
}

const distance = (a: XY, b: XY) => Math.hypot(a[0] - b[0], a[1] - b[1])

/** Binary distance band: neighbours when 0 < distance <= band (PySAL's and spdep's `dnearneigh`). */
export function distanceBandWeights(
  ids: readonly string[],
  points: readonly XY[],
  band: number,
): SpatialWeights {
  if (!(band > 0)) throw new RangeError('a distance band must be positive')
  const index = new PointIndex(points, band)
  const neighbours = points.map((p, i) =>
    index
      .around(p, 1)
      .filter((j) => j !== i && distance(p, points[j]!) <= band)
      .sort((a, b) => a - b),
  )
  return { ids, neighbours, weights: neighbours.map((list) => list.map(() => 1)) }
}

/**
 * The k nearest neighbours of each point. Ties at the k-th distance are broken by id, so the answer
 * does not depend on the order the features came in. Asymmetric, as k-nearest weights are.
 */
export function knnWeights(ids: readonly string[], points: readonly XY[], k: number): SpatialWeights {
  const n = points.length
  if (!Number.isInteger(k) || k < 1 || k >= n) throw new RangeError(`k must be 1..${n - 1}`)
  const [minX, minY, maxX, maxY] = extent(points)
  const area = Math.max((maxX - minX) * (maxY - minY), 1e-12)
  // Note: buckets sized so that each holds about k points on average; the search widens ring by
  // ring until the k-th nearest is closer than any point outside the rings searched can be.
  const size = Math.sqrt((area * Math.max(k, 1)) / n) || 1
  const index = new PointIndex(points, size)
  const neighbours = points.map((p, i) => {
    for (let ring = 1; ; ring++) {
      const candidates = index.around(p, ring).filter((j) => j !== i)
      if (candidates.length >= k || candidates.length === n - 1) {
        const sorted = candidates
          .map((j) => ({ j, d: distance(p, points[j]!) }))
          .sort((a, b) => a.d - b.d || (ids[a.j]! < ids[b.j]! ? -1 : ids[a.j]! > ids[b.j]! ? 1 : 0))
        if (candidates.length === n - 1 || sorted[k - 1]!.d <= ring * size)
          return sorted
            .slice(0, k)
            .map((c) => c.j)
            .sort((a, b) => a - b)
      }
    }
  })
  return { ids, neighbours, weights: neighbours.map((list) => list.map(() => 1)) }
}

function extent(points: readonly XY[]): [number, number, number, number] {
  let minX = Number.POSITIVE_INFINITY
  let minY = Number.POSITIVE_INFINITY
  let maxX = Number.NEGATIVE_INFINITY
  let maxY = Number.NEGATIVE_INFINITY
  for (const [x, y] of points) {
    if (x < minX) minX = x
    if (y < minY) minY = y
    if (x > maxX) maxX = x
    if (y > maxY) maxY = y
  }
  return [minX, minY, maxX, maxY]
}

/** Neighbour lists given by id; `unknown` names the first id that is not a feature's. */
export function givenWeights(
  ids: readonly string[],
  lists: Readonly<Record<string, readonly string[]>>,
): SpatialWeights | { unknown: string } {
  const position = new Map(ids.map((id, i) => [id, i]))
  const links = ids.map(() => new Set<number>())
  for (const [from, to] of Object.entries(lists)) {
    const i = position.get(from)
    if (i === undefined) return { unknown: from }
    for (const id of to) {
      const j = position.get(id)
      if (j === undefined) return { unknown: id }
      if (j !== i) links[i]!.add(j)
    }
  }
  return fromLinkSets(ids, links)
}

/** The six hexagons around a hexagon (axial), or the eight (queen) or four (rook) squares around a square. */
function adjacentOffsets(spec: GridSpec, kind: 'queen' | 'rook'): [number, number][] {
  if (spec.shape === GridShape.hexagon)
    return [
      [1, 0],
      [1, -1],
      [0, -1],
      [-1, 0],
      [-1, 1],
      [0, 1],
    ]
  const rook: [number, number][] = [
    [1, 0],
    [0, 1],
    [-1, 0],
    [0, -1],
  ]
  return kind === 'rook' ? rook : [...rook, [1, 1], [-1, 1], [-1, -1], [1, -1]]
}

/**
 * Contiguity on the analyses' grid from the cells' addresses: hexagons share an edge with their six
 * neighbours (queen and rook agree), squares with four and a corner with four more.
 */
export function gridContiguityWeights(
  ids: readonly string[],
  cells: readonly GridCell[],
  spec: GridSpec,
  kind: 'queen' | 'rook',
): SpatialWeights {
  const position = new Map<string, number>()
  for (const [i, c] of cells.entries()) position.set(`${c.col}:${c.row}`, i)
  const offsets = adjacentOffsets(spec, kind)
  const links = cells.map(({ col, row }) => {
    const set = new Set<number>()
    for (const [dc, dr] of offsets) {
      const j = position.get(`${col + dc}:${row + dr}`)
      if (j !== undefined) set.add(j)
    }
    return set
  })
  return fromLinkSets(ids, links)
}

/** Every weight 1. */
export const binary = (w: SpatialWeights): SpatialWeights => ({
  ...w,
  weights: w.neighbours.map((list) => list.map(() => 1)),
})

/** Each row's weights divided by the row's sum; a feature without neighbours keeps an empty row. */
export const rowStandardised = (w: SpatialWeights): SpatialWeights => ({
  ...w,
  weights: w.weights.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0)
    return row.map((v) => v / sum)
  }),
})

/** Each feature its own neighbour with weight 1 (Gi*): the self link sits in ascending order. */
export function withSelf(w: SpatialWeights): SpatialWeights {
  const neighbours: number[][] = []
  const weights: number[][] = []
  w.neighbours.forEach((list, i) => {
    const pairs = list.map((j, k) => [j, w.weights[i]![k]!] as const).filter(([j]) => j !== i)
    pairs.push([i, 1])
    pairs.sort((a, b) => a[0] - b[0])
    neighbours.push(pairs.map((p) => p[0]))
    weights.push(pairs.map((p) => p[1]))
  })
  return { ids: w.ids, neighbours, weights }
}

/** Features with no neighbour at all. */
export const islands = (w: SpatialWeights): number[] =>
  w.neighbours.flatMap((list, i) => (list.length === 0 ? [i] : []))

/** Whether every link has its reverse. */
export function isSymmetric(w: SpatialWeights): boolean {
  const links = new Set<string>()
  w.neighbours.forEach((list, i) => {
    for (const j of list) links.add(`${i}:${j}`)
  })
  return w.neighbours.every((list, i) => list.every((j) => links.has(`${j}:${i}`)))
}

/** Reorders features (and renumbers their links) by a permutation: `order[k]` is the old position of the new k-th. */
export function permuted(w: SpatialWeights, order: readonly number[]): SpatialWeights {
  const newPosition = new Array<number>(order.length)
  order.forEach((old, k) => {
    newPosition[old] = k
  })
  const neighbours: number[][] = []
  const weights: number[][] = []
  for (const old of order) {
    const pairs = w.neighbours[old]!.map((j, k) => [newPosition[j]!, w.weights[old]![k]!] as const)
    pairs.sort((a, b) => a[0] - b[0])
    neighbours.push(pairs.map((p) => p[0]))
    weights.push(pairs.map((p) => p[1]))
  }
  return { ids: order.map((old) => w.ids[old]!), neighbours, weights }
}

/** Parses a GAL file (first line: a count, or `0 n name idField`; then `id count` and a line of neighbour ids). */
export function parseGal(text: string): Record<string, string[]> {
  const lines = text.split(/\r?\n/).map((l) => l.trim())
  const out: Record<string, string[]> = {}
  let k = 1
  while (k < lines.length) {
    if (!lines[k]) {
      k++
      continue
    }
    const [id, count] = lines[k]!.split(/\s+/)
    const list = Number(count) > 0 ? lines[k + 1]!.split(/\s+/).filter(Boolean) : []
    out[id!] = list
    k += Number(count) > 0 ? 2 : 1
  }
  return out
}
