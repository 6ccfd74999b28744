/**
 * Risk in the risk and vulnerability analysis (RSA): a risk's score is its likelihood times its
 * worst consequence over the protected values (*skyddsvärden*), both on 1–5 scales, so 1–25; the
 * score falls in one of four bands of the common 5×5 matrix (a convention, not an MSB rule):
 * green 1–4, yellow 5–9, orange 10–14, red 15–25. The map's SQL, its legend, the seed's
 * classification and the RSA matrix all read the bands from here.
 */
import type { Term } from './domain.ts'

export const MIN_RISK_LEVEL = 1
export const MAX_RISK_LEVEL = 5
export const MAX_RISK_SCORE = MAX_RISK_LEVEL * MAX_RISK_LEVEL

export const riskBands = ['green', 'yellow', 'orange', 'red'] as const
export type RiskBand = (typeof riskBands)[number]

export const isRiskBand = (value: unknown): value is RiskBand =>
  typeof value === 'string' && (riskBands as readonly string[]).includes(value)

/** Each band's scores, lowest and highest, and its name. The bands cover 1–25 without gaps. */
export const riskBandLimits = {
  green: { min: 1, max: 4, sv: 'Låg risk', en: 'Low risk' },
  yellow: { min: 5, max: 9, sv: 'Måttlig risk', en: 'Moderate risk' },
  orange: { min: 10, max: 14, sv: 'Hög risk', en: 'High risk' },
  red: { min: 15, max: 25, sv: 'Mycket hög risk', en: 'Very high risk' },
} as const satisfies Record<RiskBand, Term & { min: number; max: number }>

/** Likelihood × the worst consequence; a risk with no consequence judged counts as consequence 1. */
export function riskScore(likelihood: number, consequences: Iterable<number>): number {
  let worst = MIN_RISK_LEVEL
  for (const c of consequences) worst = Math.max(worst, c)
  return likelihood * worst
}

/** The band a score falls in; scores below 1 are green, above 25 red. */
export function riskBand(score: number): RiskBand {
  for (const band of [...riskBands].reverse()) if (score >= riskBandLimits[band].min) return band
  return 'green'
}

/** "Låg risk (1–4)": a band's name with its scores, as legends and the matrix write it. */
export function riskBandLabel(band: RiskBand): Term {
  const { min, max, sv, en } = riskBandLimits[band]
  return { sv: `${sv} (${min}–${max})`, en: `${en} (${min}–${max})` }
}

/** Each band's colour on the map, in its legend, in the RSA matrix and in the report. */
export const riskBandColours = {
  green: '#2f9e44',
  yellow: '#f2c12e',
  orange: '#f08c00',
  red: '#d62828',
} as const satisfies Record<RiskBand, string>
