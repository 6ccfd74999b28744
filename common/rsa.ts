/**
 * The RSA register (*risk- och sårbarhetsanalys*, LEH and MSBFS 2015:5): the wire shapes of risks,
 * measures, scales and versions per term of office, the 5×5 matrix and the comparison of two
 * versions, shared by the server's routes and report and by the client's views. A risk's score and
 * band are those of `risk.ts`: one rule for the map, the matrix and the report.
 */
import { z } from 'zod'
import { type Hazard, hazardTerms, type ProtectedValue, protectedValueTerms, type Term } from './domain.ts'
import { MAX_RISK_LEVEL, MIN_RISK_LEVEL, type RiskBand, riskBand, riskScore } from './risk.ts'

const keysOf = <T extends Record<string, unknown>>(terms: T) =>
  z.enum(Object.keys(terms) as [keyof T & string, ...(keyof T & string)[]])

const protectedValues = Object.keys(protectedValueTerms) as ProtectedValue[]
export const ProtectedValueKey = keysOf(protectedValueTerms)
export const HazardKey = keysOf(hazardTerms)

const RiskLevel = z.number().int().min(MIN_RISK_LEVEL).max(MAX_RISK_LEVEL)
const text = (max: number) => z.string().trim().min(1).max(max)
const optionalText = (max: number) => z.string().max(max).nullable().optional()

/** How sure a judgement is (*osäkerhet*): 1 well founded, 2 some uncertainty, 3 very uncertain. */
export const uncertaintyTerms = {
  1: { sv: 'Låg osäkerhet', en: 'Low uncertainty' },
  2: { sv: 'Viss osäkerhet', en: 'Some uncertainty' },
  3: { sv: 'Hög osäkerhet', en: 'High uncertainty' },
} as const satisfies Record<number, Term>

/** How far a measure has come. */
export const measureStatuses = ['proposed', 'decided', 'in_progress', 'done'] as const
export type MeasureStatus = (typeof measureStatuses)[number]
export const measureStatusTerms = {
  proposed: { sv: 'Föreslagen', en: 'Proposed' },
  decided: { sv: 'Beslutad', en: 'Decided' },
  in_progress: { sv: 'Pågår', en: 'In progress' },
  done: { sv: 'Genomförd', en: 'Done' },
} as const satisfies Record<MeasureStatus, Term>

const Geometry = z
  .object({
    type: z.enum(['Point', 'LineString', 'Polygon', 'MultiPolygon']),
    coordinates: z.array(z.unknown()).max(20_000),
  })
  .strict()

const riskFields = {
  title: text(200),
  hazard: HazardKey,
  description: optionalText(4000),
  likelihood: RiskLevel,
  consequences: z.partialRecord(ProtectedValueKey, RiskLevel),
  uncertainty: z.number().int().min(1).max(3),
  vulnerabilities: optionalText(4000),
  gaps: optionalText(4000),
  criticalActivities: optionalText(4000),
  criticalAssetIds: z.array(z.uuid()).max(50),
  geometry: Geometry.nullable().optional(),
  classification: z.enum(['internal', 'restricted']).optional(),
}

/** A risk as the register takes it; the server adds who and when, the score and the band. */
export const RiskInput = z
  .object({ ...riskFields, criticalAssetIds: riskFields.criticalAssetIds.default([]) })
  .strict()
export type RiskInput = z.infer<typeof RiskInput>

export const RiskCreate = RiskInput.extend({ versionId: z.uuid() }).strict()
export type RiskCreate = z.infer<typeof RiskCreate>
export const RiskChange = z
  .object(riskFields)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change')
export type RiskChange = z.infer<typeof RiskChange>

export const MeasureInput = z
  .object({
    title: text(500),
    owner: text(200),
    deadline: z.iso.date().nullable().optional(),
    status: z.enum(measureStatuses).default('proposed'),
  })
  .strict()
export type MeasureInput = z.infer<typeof MeasureInput>
export const MeasureChange = MeasureInput.partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change')

export interface Measure {
  id: string
  riskId: string
  title: string
  owner: string
  deadline: string | null
  status: MeasureStatus
  updatedBy: string
  updatedAt: string
}

/** A risk of the register as the routes answer it. */
export interface RsaRisk {
  id: string
  versionId: string
  lineageId: string
  title: string
  hazard: Hazard
  description: string | null
  likelihood: number
  consequences: Partial<Record<ProtectedValue, number>>
  uncertainty: number | null
  vulnerabilities: string | null
  gaps: string | null
  criticalActivities: string | null
  /** The critical assets concerned that the reader may read, by name. */
  criticalAssets: { id: string; name: string }[]
  geometry: { type: string; coordinates: unknown } | null
  score: number
  band: RiskBand
  classification: 'open' | 'internal' | 'restricted'
  measures: Measure[]
  updatedBy: string
  updatedAt: string
}

/** The sections of the report written in prose (1–4 and 6); 5 and 7 come from the register. */
export const reportProseSections = ['area', 'method', 'criticalActivities', 'dependencies', 'gaps'] as const
export type ReportProseSection = (typeof reportProseSections)[number]

export const VersionCreate = z
  .object({
    title: text(200),
    termStart: z.number().int().min(2000).max(2100),
    termEnd: z.number().int().min(2000).max(2100),
    /** Start as a copy of this version's risks and measures. */
    copyFromId: z.uuid().optional(),
  })
  .strict()
  .refine((v) => v.termEnd >= v.termStart, { message: 'termEnd comes after termStart', path: ['termEnd'] })
export type VersionCreate = z.infer<typeof VersionCreate>

export const VersionChange = z
  .object({
    title: text(200).optional(),
    sections: z.partialRecord(z.enum(reportProseSections), z.string().max(20_000)).optional(),
  })
  .strict()

export interface RsaVersion {
  id: string
  title: string
  termStart: number
  termEnd: number
  copiedFromId: string | null
  sections: Partial<Record<ReportProseSection, string>>
  updatedBy: string
  updatedAt: string
}

/** One level of a scale as the municipality words it. */
export const ScaleLevel = z
  .object({
    level: RiskLevel,
    sv: text(80),
    en: text(80),
    descriptionSv: z.string().max(300).default(''),
    descriptionEn: z.string().max(300).default(''),
  })
  .strict()
export type ScaleLevel = z.infer<typeof ScaleLevel>

const fiveLevels = z
  .array(ScaleLevel)
  .length(MAX_RISK_LEVEL)
  .refine((levels) => levels.every((l, i) => l.level === i + 1), 'give levels 1 to 5 in order')

export const RsaScales = z.object({ likelihood: fiveLevels, consequence: fiveLevels }).strict()
export type RsaScales = z.infer<typeof RsaScales>

/** The consequence that places a risk in the matrix: one protected value's, or the worst of all. */
export function matrixConsequence(
  consequences: Partial<Record<ProtectedValue, number>>,
  protectedValue?: ProtectedValue,
): number | null {
  if (protectedValue) return consequences[protectedValue] ?? null
  return Math.max(MIN_RISK_LEVEL, ...protectedValues.map((v) => consequences[v] ?? MIN_RISK_LEVEL))
}

export interface MatrixCell {
  likelihood: number
  consequence: number
  score: number
  band: RiskBand
  riskIds: string[]
}

/**
 * The 5×5 matrix: every cell, empty ones included, with the risks in it. Filtered by a protected
 * value, a risk with no judgement for that value is left out.
 */
export function riskMatrix(
  risks: readonly Pick<RsaRisk, 'id' | 'likelihood' | 'consequences'>[],
  protectedValue?: ProtectedValue,
): MatrixCell[] {
  const cells: MatrixCell[] = []
  for (let likelihood = MAX_RISK_LEVEL; likelihood >= MIN_RISK_LEVEL; likelihood--)
    for (let consequence = MIN_RISK_LEVEL; consequence <= MAX_RISK_LEVEL; consequence++) {
      const score = riskScore(likelihood, [consequence])
      cells.push({ likelihood, consequence, score, band: riskBand(score), riskIds: [] })
    }
  for (const risk of risks) {
    const consequence = matrixConsequence(risk.consequences, protectedValue)
    if (consequence === null) continue
    const cell = cells.find((c) => c.likelihood === risk.likelihood && c.consequence === consequence)
    cell?.riskIds.push(risk.id)
  }
  return cells
}

export interface RiskComparison {
  added: { lineageId: string; title: string; score: number }[]
  removed: { lineageId: string; title: string; score: number }[]
  changed: { lineageId: string; title: string; scoreBefore: number; scoreAfter: number }[]
  unchanged: number
}

/**
 * Two versions of the register side by side, risk by risk through their lineage: risks added in
 * `after`, removed since `before`, and those whose score changed.
 */
export function compareRegisters(
  before: readonly Pick<RsaRisk, 'lineageId' | 'title' | 'score'>[],
  after: readonly Pick<RsaRisk, 'lineageId' | 'title' | 'score'>[],
): RiskComparison {
  const old = new Map(before.map((r) => [r.lineageId, r]))
  const now = new Map(after.map((r) => [r.lineageId, r]))
  const pick = (r: Pick<RsaRisk, 'lineageId' | 'title' | 'score'>) => ({
    lineageId: r.lineageId,
    title: r.title,
    score: r.score,
  })
  const result: RiskComparison = { added: [], removed: [], changed: [], unchanged: 0 }
  for (const r of after) {
    const was = old.get(r.lineageId)
    if (!was) result.added.push(pick(r))
    else if (was.score !== r.score)
      result.changed.push({
        lineageId: r.lineageId,
        title: r.title,
        scoreBefore: was.score,
        scoreAfter: r.score,
      })
    else result.unchanged++
  }
  for (const r of before) if (!now.has(r.lineageId)) result.removed.push(pick(r))
  return result
}

/** The seven sections MSBFS 2015:5 asks of the report, in order, as both ends number them. */
export const rsaReportSections = [
  { key: 'area', sv: 'Kommunen och dess geografiska område', en: 'The municipality and its area' },
  { key: 'method', sv: 'Process och metod', en: 'Process and method' },
  { key: 'criticalActivities', sv: 'Samhällsviktig verksamhet', en: 'Critical activities' },
  { key: 'dependencies', sv: 'Kritiska beroenden', en: 'Critical dependencies' },
  { key: 'risks', sv: 'Identifierade och analyserade risker', en: 'Identified and analysed risks' },
  { key: 'gaps', sv: 'Sårbarheter och brister i förmåga', en: 'Vulnerabilities and gaps in capability' },
  { key: 'measures', sv: 'Behov av åtgärder', en: 'Need for measures' },
] as const satisfies readonly (Term & { key: string })[]
