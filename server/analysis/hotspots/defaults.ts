/**
 * The defaults of a one-click hotspot map, chosen from the data as ArcGIS's optimised hot spot
 * analysis does, and said in words:
 *
 * - **Grid size**: the smallest size on a ladder (100 m … 2 km) at which at least 80 % of the
 *   incidents lie in cells holding at least five: smaller cells leave most counts too small to
 *   tell a cluster from chance, larger ones blur the places where incidents gather.
 * - **Distance band**: incremental spatial autocorrelation. Global Moran's I (binary weights) is
 *   computed for bands of 1 to 8 cell spacings; the first band where its z-score peaks is the
 *   scale at which the incidents cluster most clearly. Without a peak, the mean distance to the 30
 *   nearest cells (ArcGIS's fallback) is used.
 */
import type { GridCell, GridShape, GridSpec } from '../../../common/grid.ts'
import { CellIndex, gridOffsetsWithin } from './weights.ts'

export const GRID_SIZE_LADDER = [100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000] as const
export const DENSE_CELL_COUNT = 5
export const DENSE_SHARE = 0.8

export interface GridSizeChoice {
  sizeMetres: number
  /** The share of incidents in cells holding at least DENSE_CELL_COUNT, at that size. */
  denseShare: number
}

/** Picks the grid size from the counts per cell each candidate size gives. */
export function chooseGridSize(
  countsAt: (sizeMetres: number) => Iterable<number>,
  ladder: readonly number[] = GRID_SIZE_LADDER,
): GridSizeChoice {
  let last: GridSizeChoice = { sizeMetres: ladder[ladder.length - 1]!, denseShare: 0 }
  for (const size of ladder) {
    let total = 0
    let dense = 0
    for (const c of countsAt(size)) {
      total += c
      if (c >= DENSE_CELL_COUNT) dense += c
    }
    last = { sizeMetres: size, denseShare: total ? dense / total : 0 }
    if (last.denseShare >= DENSE_SHARE) return last
  }
  return last
}

/** The distance between the centres of two neighbouring cells. */
export const cellSpacing = (spec: GridSpec): number => spec.sizeMetres

export interface BandChoice {
  band: number
  /** The z-scores of Moran's I by band, as tested. */
  profile: { band: number; z: number }[]
  peak: boolean
}

/**
 * Incremental spatial autocorrelation over grid cells: z of global Moran's I (binary distance band,
 * randomisation variance) for bands of 1..maxSteps spacings, built up ring by ring so that each
 * link is visited once.
 */
export function chooseDistanceBand(
  spec: GridSpec & { shape: GridShape },
  cells: readonly GridCell[],
  values: readonly number[],
  maxSteps = 8,
): BandChoice {
  const n = cells.length
  const spacing = cellSpacing(spec)
  const mean = values.reduce((a, b) => a + b, 0) / n
  const z = values.map((v) => v - mean)
  let m2 = 0
  let m4 = 0
  for (const d of z) {
    m2 += d * d
    m4 += d ** 4
  }
  const index = new CellIndex(cells)
  const offsets = gridOffsetsWithin(spec, maxSteps * spacing).map((o) => ({
    ...o,
    step: Math.max(1, Math.ceil(o.d / spacing - 1e-9)),
  }))
  const cross = new Float64Array(maxSteps + 1)
  const links = new Float64Array(maxSteps + 1)
  const degreeByStep = Array.from({ length: maxSteps + 1 }, () => new Float64Array(n))
  cells.forEach((c, i) => {
    for (const { dc, dr, step } of offsets) {
      const j = index.at(c.col + dc, c.row + dr)
      if (j < 0) continue
      cross[step]! += z[i]! * z[j]!
      links[step]! += 1
      degreeByStep[step]![i]! += 1
    }
  })
  const profile: { band: number; z: number }[] = []
  let s0 = 0
  let crossSum = 0
  const degree = new Float64Array(n)
  const e = -1 / (n - 1)
  const k = m4 / n / (m2 / n) ** 2
  for (let step = 1; step <= maxSteps; step++) {
    s0 += links[step]!
    crossSum += cross[step]!
    let s2 = 0
    for (let i = 0; i < n; i++) {
      degree[i]! += degreeByStep[step]![i]!
      s2 += (2 * degree[i]!) ** 2
    }
    if (s0 === 0) continue
    const s1 = 2 * s0
    const i = (n / s0) * (crossSum / m2)
    const s02 = s0 * s0
    const a = n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s02)
    const b = k * ((n * n - n) * s1 - 2 * n * s2 + 6 * s02)
    const variance = (a - b) / ((n - 1) * (n - 2) * (n - 3) * s02) - e * e
    profile.push({ band: step * spacing, z: (i - e) / Math.sqrt(variance) })
  }
  for (let p = 1; p < profile.length - 1; p++)
    if (profile[p]!.z > profile[p - 1]!.z && profile[p]!.z >= profile[p + 1]!.z)
      return { band: profile[p]!.band, profile, peak: true }
  return { band: meanDistanceToNearest(offsets, 30), profile, peak: false }
}

/** The mean distance to the k nearest cells of an unbounded grid, rounded to the metre. */
function meanDistanceToNearest(offsets: readonly { d: number }[], k: number): number {
  const distances = offsets
    .map((o) => o.d)
    .sort((a, b) => a - b)
    .slice(0, k)
  return Math.round(distances.reduce((a, b) => a + b, 0) / distances.length)
}
