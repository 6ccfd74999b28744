/**
 * Spatial weights: who is whose neighbour, and how much. A weights object is sparse, in compressed
 * rows (the links of feature i are `neighbours[offsets[i] .. offsets[i+1])` with their `weights`),
 * indexed by the features' positions; the ids travel with it so that answers and errors can name
 * features. Typed arrays keep a million links of a fine grid in two flat buffers, not a million
 * small arrays for the garbage collector.
 *
 * Builders: queen and rook contiguity from polygons (shared corner, shared edge), a distance band
 * and k nearest neighbours over points (or polygon centroids) in metres or planar units, given
 * neighbour lists (a GAL file, a caller's own), and contiguity or a distance band on the analyses'
 * hexagon or square grid straight from the cells' addresses. Transforms: binary, row-standardised,
 * self included.
 */
import { cellCentre, type GridCell, GridShape, type GridSpec } from '../../../common/grid.ts'

/** A planar coordinate pair: SWEREF 99 TM metres or a data set's own units. */
export type XY = readonly [number, number]

export interface SpatialWeights {
  /** The features' ids, by position. */
  readonly ids: readonly string[]
  /** n + 1 offsets into `neighbours` and `weights`. */
  readonly offsets: Int32Array
  /** Each feature's neighbours' positions, ascending within the feature's row. */
  readonly neighbours: Int32Array
  readonly weights: Float64Array
}

/** The number of neighbours of feature i. */
export const degree = (w: SpatialWeights, i: number): number => w.offsets[i + 1]! - w.offsets[i]!

/** Rows appended one by one, each sorted ascending. */
class RowBuilder {
  private offsets: number[] = [0]
  private neighbours = new Int32Array(1024)
  private weights = new Float64Array(1024)
  private size = 0
  row(links: readonly number[], weights?: readonly number[]) {
    if (this.size + links.length > this.neighbours.length) {
      const capacity = Math.max(this.neighbours.length * 2, this.size + links.length)
      const n = new Int32Array(capacity)
      n.set(this.neighbours.subarray(0, this.size))
      const w = new Float64Array(capacity)
      w.set(this.weights.subarray(0, this.size))
      this.neighbours = n
      this.weights = w
    }
    const start = this.size
    if (weights) {
      const order = links.map((_, k) => k).sort((a, b) => links[a]! - links[b]!)
      for (const k of order) {
        this.neighbours[this.size] = links[k]!
        this.weights[this.size++] = weights[k]!
      }
    } else {
      for (const j of links) {
        this.neighbours[this.size] = j
        this.weights[this.size++] = 1
      }
      // Note: a typed array sorts numerically and in place, far faster than an index sort.
      this.neighbours.subarray(start, this.size).sort()
    }
    this.offsets.push(this.size)
  }
  build(ids: readonly string[]): SpatialWeights {
    return {
      ids,
      offsets: Int32Array.from(this.offsets),
      neighbours: this.neighbours.slice(0, this.size),
      weights: this.weights.slice(0, this.size),
    }
  }
}

/** Binary weights from a neighbour list per feature. */
export function fromLists(ids: readonly string[], lists: readonly Iterable<number>[]): SpatialWeights {
  const builder = new RowBuilder()
  for (const list of lists) builder.row([...new Set(list)])
  return builder.build(ids)
}

/** The neighbour lists as arrays, for tests and small answers. */
export const toLists = (w: SpatialWeights): number[][] =>
  w.ids.map((_, i) => Array.from(w.neighbours.subarray(w.offsets[i]!, w.offsets[i + 1]!)))

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
  return fromLists(ids, links)
}

/** Points bucketed in square cells of `size`, for neighbour searches without comparing every pair. */
class PointIndex {
  private readonly buckets = new Map<number, number[]>()
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
  // Note: bucket coordinates stay well inside ±2^20 for any band over Swedish metres or the
  // fixtures' planar units, so two of them pack into one exact double.
  private key = (cx: number, cy: number) => cx * 2_097_152 + cy
  /** Calls `visit` for every point in the buckets within `ring` buckets of the point's own. */
  around(p: XY, ring: number, visit: (j: number) => void) {
    const cx = Math.floor(p[0] / this.size)
    const cy = Math.floor(p[1] / this.size)
    for (let x = cx - ring; x <= cx + ring; x++)
      for (let y = cy - ring; y <= cy + ring; y++) {
        const list = this.buckets.get(this.key(x, y))
        if (list) for (const i of list) visit(i)
      }
  }
}

const distance = (a: XY, b: XY) => Math.hypot(a[0] - b[0], a[1] - b[1])

/**
 * Binary distance band: neighbours when distance <= band (PySAL's and spdep's `dnearneigh`).
 * Note: the band is widened by 1e-9 of itself, so that cells whose centres lie exactly one band
 * apart (a grid's neighbours) are neighbours whatever the last bit of their computed distance.
 */
export function distanceBandWeights(
  ids: readonly string[],
  points: readonly XY[],
  band: number,
): SpatialWeights {
  if (!(band > 0)) throw new RangeError('a distance band must be positive')
  const index = new PointIndex(points, band)
  const reach = band * (1 + 1e-9)
  const builder = new RowBuilder()
  const row: number[] = []
  points.forEach((p, i) => {
    row.length = 0
    index.around(p, 1, (j) => {
      if (j !== i && distance(p, points[j]!) <= reach) row.push(j)
    })
    builder.row(row)
  })
  return builder.build(ids)
}

/**
 * The k nearest neighbours of each point. Ties at the k-th distance are broken by id, so the answer
 * does not depend on the order the features came in. Asymmetric, as k-nearest weights are.
 */
export function knnWeights(ids: readonly string[], points: readonly XY[], k: number): SpatialWeights {
  const n = points.length
  if (!Number.isInteger(k) || k < 1 || k >= n) throw new RangeError(`k must be 1..${n - 1}`)
  const [minX, minY, maxX, maxY] = extent(points)
  const width = maxX - minX
  const height = maxY - minY
  // Note: buckets sized so that each holds about k points on average (points on a line fill a
  // strip, not the box); the search widens ring by ring until the k-th nearest is closer than any
  // point outside the rings searched can be.
  const size = Math.max(Math.sqrt((width * height * k) / n), Math.max(width, height) / Math.sqrt(n / k)) || 1
  const index = new PointIndex(points, size)
  const builder = new RowBuilder()
  points.forEach((p, i) => {
    for (let ring = 1; ; ring++) {
      const candidates: { j: number; d: number }[] = []
      index.around(p, ring, (j) => {
        if (j !== i) candidates.push({ j, d: distance(p, points[j]!) })
      })
      if (candidates.length < k && candidates.length < n - 1) continue
      candidates.sort((a, b) => a.d - b.d || (ids[a.j]! < ids[b.j]! ? -1 : ids[a.j]! > ids[b.j]! ? 1 : 0))
      if (candidates.length === n - 1 || candidates[k - 1]!.d <= ring * size) {
        builder.row(candidates.slice(0, k).map((c) => c.j))
        return
      }
    }
  })
  return builder.build(ids)
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
  return fromLists(ids, links)
}

/** Cells' positions by address in a dense array over their extent, for grid neighbour lookups. */
export class CellIndex {
  private readonly minCol: number
  private readonly minRow: number
  private readonly cols: number
  private readonly rows: number
  private readonly slots: Int32Array
  constructor(cells: readonly GridCell[]) {
    let minCol = Number.POSITIVE_INFINITY
    let minRow = Number.POSITIVE_INFINITY
    let maxCol = Number.NEGATIVE_INFINITY
    let maxRow = Number.NEGATIVE_INFINITY
    for (const c of cells) {
      minCol = Math.min(minCol, c.col)
      minRow = Math.min(minRow, c.row)
      maxCol = Math.max(maxCol, c.col)
      maxRow = Math.max(maxRow, c.row)
    }
    this.minCol = minCol
    this.minRow = minRow
    this.cols = cells.length ? maxCol - minCol + 1 : 0
    this.rows = cells.length ? maxRow - minRow + 1 : 0
    this.slots = new Int32Array(this.cols * this.rows).fill(-1)
    cells.forEach((c, i) => {
      this.slots[(c.col - minCol) * this.rows + (c.row - minRow)] = i
    })
  }
  /** The position of the cell at (col, row), or −1. */
  at(col: number, row: number): number {
    const c = col - this.minCol
    const r = row - this.minRow
    if (c < 0 || r < 0 || c >= this.cols || r >= this.rows) return -1
    return this.slots[c * this.rows + r]!
  }
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

function gridWeightsByOffsets(
  ids: readonly string[],
  cells: readonly GridCell[],
  offsets: readonly (readonly [number, number])[],
): SpatialWeights {
  const index = new CellIndex(cells)
  const builder = new RowBuilder()
  const row: number[] = []
  for (const { col, row: r } of cells) {
    row.length = 0
    for (const [dc, dr] of offsets) {
      const j = index.at(col + dc, r + dr)
      if (j >= 0) row.push(j)
    }
    builder.row(row)
  }
  return builder.build(ids)
}

/**
 * Contiguity on the analyses' grid from the cells' addresses: hexagons share an edge with their six
 * neighbours (queen and rook agree), squares with four and a corner with four more.
 */
export const gridContiguityWeights = (
  ids: readonly string[],
  cells: readonly GridCell[],
  spec: GridSpec,
  kind: 'queen' | 'rook',
): SpatialWeights => gridWeightsByOffsets(ids, cells, adjacentOffsets(spec, kind))

/** The offsets (in cell addresses) to every cell whose centre lies within `band` of a cell's own, with their distances. */
export function gridOffsetsWithin(spec: GridSpec, band: number): { dc: number; dr: number; d: number }[] {
  const origin = cellCentre(spec, { col: 0, row: 0 })
  const reach = band * (1 + 1e-9)
  const span = Math.ceil((2 * band) / spec.sizeMetres) + 1
  const out: { dc: number; dr: number; d: number }[] = []
  for (let dc = -span; dc <= span; dc++)
    for (let dr = -span; dr <= span; dr++) {
      if (dc === 0 && dr === 0) continue
      const [x, y] = cellCentre(spec, { col: dc, row: dr })
      const d = Math.hypot(x - origin[0], y - origin[1])
      if (d <= reach) out.push({ dc, dr, d })
    }
  return out
}

/**
 * A distance band over grid cells: the same links as `distanceBandWeights` on the cells' centres
 * (a test holds the two together), found by address instead of by searching.
 */
export const gridDistanceWeights = (
  ids: readonly string[],
  cells: readonly GridCell[],
  spec: GridSpec,
  band: number,
): SpatialWeights =>
  gridWeightsByOffsets(
    ids,
    cells,
    gridOffsetsWithin(spec, band).map((o) => [o.dc, o.dr] as const),
  )

/** Every weight 1. */
export const binary = (w: SpatialWeights): SpatialWeights => ({
  ...w,
  weights: new Float64Array(w.weights.length).fill(1),
})

/** Each row's weights divided by the row's sum; a feature without neighbours keeps an empty row. */
export function rowStandardised(w: SpatialWeights): SpatialWeights {
  const weights = new Float64Array(w.weights.length)
  for (let i = 0; i < w.ids.length; i++) {
    let sum = 0
    for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++) sum += w.weights[k]!
    for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++) weights[k] = w.weights[k]! / sum
  }
  return { ...w, weights }
}

/** Each feature its own neighbour with weight 1 (Gi*): the self link sits in ascending order. */
export function withSelf(w: SpatialWeights): SpatialWeights {
  const n = w.ids.length
  const offsets = new Int32Array(n + 1)
  const neighbours = new Int32Array(w.neighbours.length + n)
  const weights = new Float64Array(w.neighbours.length + n)
  let size = 0
  for (let i = 0; i < n; i++) {
    let placed = false
    for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++) {
      const j = w.neighbours[k]!
      if (j === i) continue
      if (!placed && j > i) {
        neighbours[size] = i
        weights[size++] = 1
        placed = true
      }
      neighbours[size] = j
      weights[size++] = w.weights[k]!
    }
    if (!placed) {
      neighbours[size] = i
      weights[size++] = 1
    }
    offsets[i + 1] = size
  }
  return { ids: w.ids, offsets, neighbours: neighbours.slice(0, size), weights: weights.slice(0, size) }
}

/** Features with no neighbour at all. */
export function islands(w: SpatialWeights): number[] {
  const out: number[] = []
  for (let i = 0; i < w.ids.length; i++) if (degree(w, i) === 0) out.push(i)
  return out
}

/** The weight of the link i → j, 0 without one (rows are ascending: binary search). */
export function weightOf(w: SpatialWeights, i: number, j: number): number {
  let lo = w.offsets[i]!
  let hi = w.offsets[i + 1]! - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const v = w.neighbours[mid]!
    if (v === j) return w.weights[mid]!
    if (v < j) lo = mid + 1
    else hi = mid - 1
  }
  return 0
}

/** The transpose (every link reversed), rows ascending: a counting sort by target. */
export function transposed(w: SpatialWeights): SpatialWeights {
  const n = w.ids.length
  const offsets = new Int32Array(n + 1)
  for (let k = 0; k < w.neighbours.length; k++) offsets[w.neighbours[k]! + 1]!++
  for (let i = 0; i < n; i++) offsets[i + 1]! += offsets[i]!
  const fill = offsets.slice(0, n)
  const neighbours = new Int32Array(w.neighbours.length)
  const weights = new Float64Array(w.neighbours.length)
  // Rows are visited in ascending i, so each transposed row comes out ascending too.
  for (let i = 0; i < n; i++)
    for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++) {
      const at = fill[w.neighbours[k]!]!++
      neighbours[at] = i
      weights[at] = w.weights[k]!
    }
  return { ids: w.ids, offsets, neighbours, weights }
}

/** Whether every link has its reverse. */
export function isSymmetric(w: SpatialWeights): boolean {
  for (let i = 0; i < w.ids.length; i++)
    for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++)
      if (weightOf(w, w.neighbours[k]!, i) === 0) return false
  return true
}

/** Reorders features (and renumbers their links) by a permutation: `order[k]` is the old position of the new k-th. */
export function permuted(w: SpatialWeights, order: readonly number[]): SpatialWeights {
  const newPosition = new Int32Array(order.length)
  order.forEach((old, k) => {
    newPosition[old] = k
  })
  const builder = new RowBuilder()
  for (const old of order) {
    const links: number[] = []
    const weights: number[] = []
    for (let k = w.offsets[old]!; k < w.offsets[old + 1]!; k++) {
      links.push(newPosition[w.neighbours[k]!]!)
      weights.push(w.weights[k]!)
    }
    builder.row(links, weights)
  }
  return builder.build(order.map((old) => w.ids[old]!))
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
