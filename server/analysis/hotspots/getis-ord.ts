/**
 * Getis and Ord's statistics of local and global concentration of high values.
 *
 * - Local Gi* (self included, w_ii = 1) as ArcGIS and PySAL give it: the z-score of the weighted
 *   sum around i against the whole data's mean and (population) standard deviation,
 *   Gi* = (Σ_j w_ij x_j − x̄ W_i) / (S √((n S1_i − W_i²)/(n−1))).
 * - Local Gi (self excluded) as spdep's `localG` gives it: x_i left out of the mean and the
 *   standard deviation, n−1 features.
 * - General G with its expectation and variance under randomisation (Getis and Ord 1992, as esda's
 *   `G`), binary weights, self excluded.
 */
import { upperTail } from './normal.ts'
import { type SpatialWeights, transposed } from './weights.ts'

export interface GiStarOptions {
  /** The 1996 paper divides the variance by n−1 instead of n; the default (n) is ArcGIS's and PySAL's. */
  sampleVariance?: boolean
}

/** Gi* z-scores for weights that already include each feature itself (see `withSelf`). */
export function localGiStar(
  values: readonly number[],
  w: SpatialWeights,
  options: GiStarOptions = {},
): number[] {
  const n = values.length
  let sum = 0
  let sumSq = 0
  for (const v of values) {
    sum += v
    sumSq += v * v
  }
  const mean = sum / n
  const variance = options.sampleVariance ? (sumSq - n * mean * mean) / (n - 1) : sumSq / n - mean * mean
  const s = Math.sqrt(variance)
  const out = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    let lag = 0
    let wi = 0
    let s1 = 0
    for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++) {
      const wij = w.weights[k]!
      lag += wij * values[w.neighbours[k]!]!
      wi += wij
      s1 += wij * wij
    }
    out[i] = (lag - mean * wi) / (s * Math.sqrt((n * s1 - wi * wi) / (n - 1)))
  }
  return out
}

/** Gi z-scores (self excluded) for weights without self links. */
export function localGi(values: readonly number[], w: SpatialWeights): number[] {
  const n = values.length
  let sum = 0
  let sumSq = 0
  for (const v of values) {
    sum += v
    sumSq += v * v
  }
  return values.map((xi, i) => {
    const m = n - 1
    const mean = (sum - xi) / m
    const s = Math.sqrt((sumSq - xi * xi) / m - mean * mean)
    let lag = 0
    let wi = 0
    let s1 = 0
    for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++) {
      const wij = w.weights[k]!
      lag += wij * values[w.neighbours[k]!]!
      wi += wij
      s1 += wij * wij
    }
    return (lag - mean * wi) / (s * Math.sqrt((m * s1 - wi * wi) / (m - 1)))
  })
}

export interface GeneralG {
  g: number
  expected: number
  variance: number
  z: number
  /** One-tailed: the upper tail for z > 0, the lower one otherwise (esda's convention). */
  pNorm: number
}

/**
 * Global sums of a weights matrix: S0 = Σw, S1 = ½Σ_ij(w_ij + w_ji)², S2 = Σ_i(row_i + column_i)².
 * S1 walks each row beside the same row of the transpose (both ascending), so every pair is met
 * without a search.
 */
export function weightSums(w: SpatialWeights): { s0: number; s1: number; s2: number } {
  const n = w.ids.length
  const t = transposed(w)
  let s0 = 0
  let s1 = 0
  let s2 = 0
  for (let i = 0; i < n; i++) {
    let row = 0
    let col = 0
    let a = w.offsets[i]!
    let b = t.offsets[i]!
    const aEnd = w.offsets[i + 1]!
    const bEnd = t.offsets[i + 1]!
    while (a < aEnd || b < bEnd) {
      const ja = a < aEnd ? w.neighbours[a]! : n
      const jb = b < bEnd ? t.neighbours[b]! : n
      const out = ja <= jb ? w.weights[a]! : 0
      const back = jb <= ja ? t.weights[b]! : 0
      if (ja <= jb) a++
      if (jb <= ja) b++
      s1 += (out + back) ** 2
      row += out
      col += back
    }
    s0 += row
    s2 += (row + col) ** 2
  }
  return { s0, s1: s1 / 2, s2 }
}

/** General G for binary weights without self links. */
export function generalG(values: readonly number[], w: SpatialWeights): GeneralG {
  const n = values.length
  let num = 0
  for (let i = 0; i < n; i++)
    for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++)
      num += w.weights[k]! * values[i]! * values[w.neighbours[k]!]!
  let y1 = 0
  let y2 = 0
  let y3 = 0
  let y4 = 0
  for (const v of values) {
    y1 += v
    y2 += v * v
    y3 += v * v * v
    y4 += v * v * v * v
  }
  const den = y1 * y1 - y2
  const g = num / den
  const { s0, s1, s2 } = weightSums(w)
  const s02 = s0 * s0
  const n2 = n * n
  const expected = s0 / (n * (n - 1))
  const b0 = (n2 - 3 * n + 3) * s1 - n * s2 + 3 * s02
  const b1 = -((n2 - n) * s1 - 2 * n * s2 + 6 * s02)
  const b2 = -(2 * n * s1 - (n + 3) * s2 + 6 * s02)
  const b3 = 4 * (n - 1) * s1 - 2 * (n + 1) * s2 + 8 * s02
  const b4 = s1 - s2 + s02
  const eg2 =
    (b0 * y2 * y2 + b1 * y4 + b2 * y1 * y1 * y2 + b3 * y1 * y3 + b4 * y1 ** 4) /
    (den * den * n * (n - 1) * (n - 2) * (n - 3))
  const variance = eg2 - expected * expected
  const z = (g - expected) / Math.sqrt(variance)
  return { g, expected, variance, z, pNorm: z > 0 ? upperTail(z) : upperTail(-z) }
}
