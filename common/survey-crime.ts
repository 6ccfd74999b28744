/**
 * Perceived insecurity beside reported crime, per district: where the two disagree, and the
 * classes of a bivariate (3 × 3) choropleth. The Stockholm programme asks the council for exactly
 * this, since feeling unsafe does not always follow crime.
 */

export interface DistrictPair {
  id: string
  name: string
  /** Reported crime per 1,000 residents. */
  crime: number
  /** The survey's insecurity, e.g. the share feeling unsafe outdoors late at night (%). */
  insecurity: number
}

export interface Disagreement {
  id: string
  name: string
  /** How many standard deviations of the residuals its insecurity lies from what its crime predicts. */
  residual: number
  direction: 'moreInsecure' | 'lessInsecure'
}

export interface Fit {
  intercept: number
  slope: number
  /** Pearson's r. */
  correlation: number
}

/** Ordinary least squares of insecurity on crime. Needs at least two districts with different crime. */
export function fitLine(pairs: readonly DistrictPair[]): Fit | null {
  const n = pairs.length
  if (n < 2) return null
  const mx = pairs.reduce((s, p) => s + p.crime, 0) / n
  const my = pairs.reduce((s, p) => s + p.insecurity, 0) / n
  let sxx = 0
  let syy = 0
  let sxy = 0
  for (const p of pairs) {
    sxx += (p.crime - mx) ** 2
    syy += (p.insecurity - my) ** 2
    sxy += (p.crime - mx) * (p.insecurity - my)
  }
  if (sxx === 0) return null
  const slope = sxy / sxx
  return { intercept: my - slope * mx, slope, correlation: syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy) }
}

/**
 * The districts where the two disagree: in the lowest third of the districts for one and the
 * highest third for the other (the off-diagonal corners of the bivariate map), furthest from the
 * least-squares line first.
 *
 * @example
 * disagreements(pairs) // [{ id: 'q', name: 'Kvarn (demo)', direction: 'moreInsecure', residual: 2.4 }]
 */
export function disagreements(pairs: readonly DistrictPair[]): Disagreement[] {
  if (pairs.length < 3) return []
  const crimeLimits = tercileLimits(pairs.map((p) => p.crime))
  const insecurityLimits = tercileLimits(pairs.map((p) => p.insecurity))
  const fit = fitLine(pairs)
  const residuals = pairs.map((p) => (fit ? p.insecurity - (fit.intercept + fit.slope * p.crime) : 0))
  // Note: n - 2 degrees of freedom, since the line's two parameters were fitted to the same points.
  const sd = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / Math.max(1, pairs.length - 2))
  return pairs
    .map((p, i) => ({
      p,
      gap: tercileOf(p.insecurity, insecurityLimits) - tercileOf(p.crime, crimeLimits),
      residual: sd > 0 ? residuals[i]! / sd : 0,
    }))
    .filter((d) => Math.abs(d.gap) === 2)
    .sort((a, b) => Math.abs(b.residual) - Math.abs(a.residual))
    .map((d) => ({
      id: d.p.id,
      name: d.p.name,
      residual: d.residual,
      direction: d.gap > 0 ? ('moreInsecure' as const) : ('lessInsecure' as const),
    }))
}

/** The two inner limits that split values into thirds (terciles), by rank. */
export function tercileLimits(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b)
  if (!sorted.length) return [0, 0]
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
  return [at(1 / 3), at(2 / 3)]
}

/** 0 (low), 1 (middle) or 2 (high) third. */
export const tercileOf = (value: number, [low, high]: [number, number]): 0 | 1 | 2 =>
  value < low ? 0 : value < high ? 1 : 2

/**
 * The 3 × 3 bivariate palette (Joshua Stevens' blue-pink scheme): rows are crime (low to high),
 * columns insecurity (low to high). The diagonal is where the two agree; the corners off it are
 * where they disagree.
 */
export const bivariatePalette: readonly (readonly [string, string, string])[] = [
  ['#e8e8e8', '#dfb0d6', '#be64ac'],
  ['#ace4e4', '#a5add3', '#8c62aa'],
  ['#5ac8c8', '#5698b9', '#3b4994'],
]

export const bivariateColour = (crimeClass: 0 | 1 | 2, insecurityClass: 0 | 1 | 2): string =>
  bivariatePalette[crimeClass]![insecurityClass]!

/** Relative change in per cent from one value to the next, or null from zero. */
export const changePercent = (before: number, after: number): number | null =>
  before === 0 ? null : ((after - before) / Math.abs(before)) * 100
