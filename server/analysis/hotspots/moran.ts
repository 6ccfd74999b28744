/**
 * Moran's I, global and local.
 *
 * Global: I = (n/S0) Σ_ij w_ij z_i z_j / Σ z_i², E[I] = −1/(n−1), the variance under normality and
 * under randomisation (Cliff and Ord), their z and one-tailed p. The published values the fixtures
 * hold use row-standardised weights.
 *
 * Local: spdep's convention I_i = z_i Σ_j w_ij z_j / m2 with m2 = Σ z²/n (PySAL and GeoDa report
 * (n−1)/n of it), so that Σ I_i / S0 = I. Its expectation and variance under conditional
 * randomisation (spdep's `localmoran` defaults: mlvar, conditional) give the analytical z; a
 * conditional permutation test gives a pseudo p: each feature's value stays, the others' are drawn
 * without replacement into its neighbours' places, with a seeded generator.
 */

import { weightSums } from './getis-ord.ts'
import { upperTail } from './normal.ts'
import type { SpatialWeights } from './weights.ts'

export interface GlobalMoran {
  i: number
  expected: number
  varianceNormal: number
  varianceRandomisation: number
  zNormal: number
  zRandomisation: number
  /** One-tailed (greater) under normality, as the published esda tests give it. */
  pNormalGreater: number
  pRandomisationGreater: number
}

const deviations = (values: readonly number[]): number[] => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  return values.map((v) => v - mean)
}

const lagOf = (w: SpatialWeights, z: readonly number[], i: number): number => {
  let lag = 0
  for (let k = w.offsets[i]!; k < w.offsets[i + 1]!; k++) lag += w.weights[k]! * z[w.neighbours[k]!]!
  return lag
}

export function globalMoran(values: readonly number[], w: SpatialWeights): GlobalMoran {
  const n = values.length
  const z = deviations(values)
  let cross = 0
  let m2 = 0
  let m4 = 0
  for (let i = 0; i < n; i++) {
    cross += z[i]! * lagOf(w, z, i)
    m2 += z[i]! * z[i]!
    m4 += z[i]! ** 4
  }
  const { s0, s1, s2 } = weightSums(w)
  const i = (n / s0) * (cross / m2)
  const expected = -1 / (n - 1)
  const s02 = s0 * s0
  const varianceNormal = (n * n * s1 - n * s2 + 3 * s02) / ((n * n - 1) * s02) - expected * expected
  const k = m4 / n / (m2 / n) ** 2
  const a = n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s02)
  const b = k * ((n * n - n) * s1 - 2 * n * s2 + 6 * s02)
  const varianceRandomisation = (a - b) / ((n - 1) * (n - 2) * (n - 3) * s02) - expected * expected
  const zNormal = (i - expected) / Math.sqrt(varianceNormal)
  const zRandomisation = (i - expected) / Math.sqrt(varianceRandomisation)
  return {
    i,
    expected,
    varianceNormal,
    varianceRandomisation,
    zNormal,
    zRandomisation,
    pNormalGreater: upperTail(zNormal),
    pRandomisationGreater: upperTail(zRandomisation),
  }
}

export type MoranQuadrant = 'HH' | 'LH' | 'LL' | 'HL'

export interface LocalMoran {
  /** I_i, spdep's convention. */
  i: number[]
  expected: number[]
  variance: number[]
  /** (I_i − E[I_i]) / √Var, null where undefined (a feature without neighbours, or z_i at the mean's extreme). */
  z: (number | null)[]
  /**
   * Quadrant of the feature's deviation z_i and its neighbours' weighted mean deviation: H above
   * the mean, L at or below it (as spdep's `cut(z, c(-Inf, 0, Inf))`), the feature first.
   */
  quadrant: MoranQuadrant[]
}

export function localMoran(values: readonly number[], w: SpatialWeights): LocalMoran {
  const n = values.length
  const z = deviations(values)
  let sumSq = 0
  for (const v of z) sumSq += v * v
  const m2 = sumSq / n
  const out: LocalMoran = { i: [], expected: [], variance: [], z: [], quadrant: [] }
  for (let f = 0; f < n; f++) {
    const lag = lagOf(w, z, f)
    let wi = 0
    let wi2 = 0
    for (let k = w.offsets[f]!; k < w.offsets[f + 1]!; k++) {
      const v = w.weights[k]!
      wi += v
      wi2 += v * v
    }
    const zi = z[f]!
    const ii = (zi / m2) * lag
    const e = -(zi * zi * wi) / ((n - 1) * m2)
    const variance = (zi / m2) ** 2 * (n / (n - 2)) * (wi2 - (wi * wi) / (n - 1)) * (m2 - (zi * zi) / (n - 1))
    const zScore = (ii - e) / Math.sqrt(variance)
    out.i.push(ii)
    out.expected.push(e)
    out.variance.push(variance)
    out.z.push(Number.isFinite(zScore) ? zScore : null)
    out.quadrant.push(`${zi > 0 ? 'H' : 'L'}${lag > 0 ? 'H' : 'L'}` as MoranQuadrant)
  }
  return out
}

/** A small, fast, seeded generator (mulberry32): the same seed gives the same pseudo p everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Pseudo p-values of local Moran's I by conditional permutation (PySAL's folded rule): the share,
 * with one added above and below, of permutations at least as extreme on the observed side.
 * Note: the draws follow the features' order, so callers put features in a canonical order (by id)
 * first for answers that do not depend on the order they came in.
 */
export function localMoranPseudoP(
  values: readonly number[],
  w: SpatialWeights,
  permutations: number,
  seed: number,
): number[] {
  const n = values.length
  const z = deviations(values)
  const m2 = z.reduce((a, v) => a + v * v, 0) / n
  const random = seededRandom(seed)
  const others = new Float64Array(n - 1)
  return z.map((zi, f) => {
    const first = w.offsets[f]!
    const k = w.offsets[f + 1]! - first
    if (k === 0) return Number.NaN
    const observed = (zi / m2) * lagOf(w, z, f)
    let fill = 0
    for (let j = 0; j < n; j++) if (j !== f) others[fill++] = z[j]!
    let larger = 0
    for (let p = 0; p < permutations; p++) {
      // A partial Fisher-Yates shuffle draws k of the others without replacement.
      let lag = 0
      for (let d = 0; d < k; d++) {
        const pick = d + Math.floor(random() * (n - 1 - d))
        const t = others[d]!
        others[d] = others[pick]!
        others[pick] = t
        lag += w.weights[first + d]! * others[d]!
      }
      if ((zi / m2) * lag >= observed) larger++
    }
    const extreme = Math.min(larger, permutations - larger)
    return (extreme + 1) / (permutations + 1)
  })
}
