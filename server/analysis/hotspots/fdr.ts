/**
 * Confidence bins with the false discovery rate held (Benjamini and Hochberg 1995), as ArcGIS's
 * hot spot tools show them: −3 cold spot at 99 %, −2 at 95 %, −1 at 90 %, 0 not significant, up to
 * +3 hot spot at 99 %. At each level α the p-values are sorted and the largest rank k with
 * p_(k) ≤ k·α/m sets the cut: every p at or below p_(k) is significant at α.
 */
import { twoSided } from './normal.ts'

export type ConfidenceBin = -3 | -2 | -1 | 0 | 1 | 2 | 3

export const FDR_LEVELS = [
  { alpha: 0.01, bin: 3 },
  { alpha: 0.05, bin: 2 },
  { alpha: 0.1, bin: 1 },
] as const

/** The largest p-value significant at `alpha` under BH, or −1 when none is; `sorted` ascending without NaN. */
export function fdrCut(sorted: Float64Array, alpha: number): number {
  const m = sorted.length
  let cut = -1
  for (let k = 1; k <= m; k++) if (sorted[k - 1]! <= (k * alpha) / m) cut = sorted[k - 1]!
  return cut
}

/** The two-sided p and the FDR bin of each z-score. */
export function fdrBins(zScores: readonly number[]): { p: number[]; bins: ConfidenceBin[] } {
  const p = zScores.map(twoSided)
  const sorted = Float64Array.from(p.filter((v) => !Number.isNaN(v))).sort()
  const cuts = FDR_LEVELS.map(({ alpha, bin }) => ({ cut: fdrCut(sorted, alpha), bin }))
  const bins = zScores.map((z, i): ConfidenceBin => {
    const level = cuts.find(({ cut }) => cut >= 0 && p[i]! <= cut)
    if (!level || Number.isNaN(z)) return 0
    return (z > 0 ? level.bin : -level.bin) as ConfidenceBin
  })
  return { p, bins }
}
