/**
 * The Mann-Kendall trend test: S = Σ_{i<j} sign(x_j − x_i), its variance with the correction for
 * ties, Z with the continuity correction ((S − 1)/σ for S > 0, (S + 1)/σ for S < 0) and the
 * two-sided normal p. Emerging hotspots use it on each location's series of Gi* z-scores.
 */
import { twoSided } from './normal.ts'

export interface MannKendall {
  s: number
  varS: number
  z: number
  pTwoSided: number
}

export function mannKendall(series: readonly number[]): MannKendall {
  const n = series.length
  let s = 0
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign(series[j]! - series[i]!)
  const ties = new Map<number, number>()
  for (const v of series) ties.set(v, (ties.get(v) ?? 0) + 1)
  let tieTerm = 0
  for (const t of ties.values()) if (t > 1) tieTerm += t * (t - 1) * (2 * t + 5)
  const varS = (n * (n - 1) * (2 * n + 5) - tieTerm) / 18
  const z = varS === 0 ? 0 : s > 0 ? (s - 1) / Math.sqrt(varS) : s < 0 ? (s + 1) / Math.sqrt(varS) : 0
  return { s, varS, z, pTwoSided: twoSided(z) }
}
