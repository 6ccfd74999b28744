/**
 * The crime prevention action plan (*åtgärdsplan*, Lag 2023:196 §§ 3–4): measures the council
 * decides from its lägesbild, each tied to a place (a drawn area or a district), with an owner, the
 * partners, a period, a status and the indicators it is followed up by. Brå notes that measures are
 * rarely linked to the problems or followed up; here every measure names its problem, its place and
 * the incidents and survey indicators that should move, and its follow-up compares that place before
 * and after with the rest of the municipality.
 */
import { z } from 'zod'
import { incidentCategoryTerms, incidentGroupTerms, surveyIndicatorTerms, type Term } from './domain.ts'

export const measureStatusTerms = {
  planned: { sv: 'Planerad', en: 'Planned' },
  ongoing: { sv: 'Pågår', en: 'Ongoing' },
  completed: { sv: 'Genomförd', en: 'Completed' },
  cancelled: { sv: 'Avbruten', en: 'Cancelled' },
} as const satisfies Record<string, Term>
export type MeasureStatus = keyof typeof measureStatusTerms
export const MeasureStatus = z.enum(Object.keys(measureStatusTerms) as [MeasureStatus, ...MeasureStatus[]])

const categoryOrGroup = z
  .string()
  .refine((v) => v in incidentCategoryTerms || v in incidentGroupTerms, 'an incident category or group')

/**
 * What a measure is followed up by: the incidents of some categories (or groups) inside its place,
 * or a safety-survey indicator of the districts its place lies in.
 */
export const MeasureIndicator = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('incidents'),
      /** Categories or whole groups; several are counted together. */
      categories: z.array(categoryOrGroup).min(1).max(20),
    })
    .strict(),
  z
    .object({
      kind: z.literal('survey'),
      indicator: z.enum(Object.keys(surveyIndicatorTerms) as [string, ...string[]]),
    })
    .strict(),
])
export type MeasureIndicator = z.infer<typeof MeasureIndicator>

const isoDay = z.iso.date('a date as YYYY-MM-DD')

/** The properties of a measure as the features API takes and gives them. */
export const ActionMeasureProperties = z
  .object({
    /** What is done, in a line: "Belysning och trygghetsvandringar kring resecentrum". */
    title: z.string().trim().min(1).max(200),
    /** The problem from the lägesbild that the measure answers. */
    problem: z.string().trim().min(1).max(4000),
    description: z.string().trim().max(4000).nullable().optional(),
    /** The actor answerable for the measure. */
    ownerActorId: z.uuid().nullable().optional(),
    /** Who takes part besides the owner, by name (actors, associations, property owners). */
    partners: z.array(z.string().trim().min(1).max(200)).max(30).optional(),
    startDate: isoDay,
    endDate: isoDay.nullable().optional(),
    status: MeasureStatus,
    indicators: z.array(MeasureIndicator).max(10).optional(),
    /** The district the place was taken from, when it was one. */
    areaId: z.uuid().nullable().optional(),
  })
  .strict()
export type ActionMeasureProperties = z.infer<typeof ActionMeasureProperties>

/**
 * The one rule across a measure's properties: it cannot end before it starts. Checked on the
 * measure as it will stand (a change of the end date alone is judged against the stored start).
 */
export function periodFault(m: { startDate?: unknown; endDate?: unknown }): string | undefined {
  return typeof m.startDate === 'string' && typeof m.endDate === 'string' && m.endDate < m.startDate
    ? `the end date ${m.endDate} is before the start date ${m.startDate}`
    : undefined
}

/** Whether a measure that is not done has passed its end date on `today` (YYYY-MM-DD). */
export const isOverdue = (m: Pick<ActionMeasureProperties, 'status' | 'endDate'>, today: string): boolean =>
  (m.status === 'planned' || m.status === 'ongoing') && !!m.endDate && m.endDate < today

/** One month of a follow-up series: the counts inside the measure's place and in the rest. */
export const FollowUpMonth = z.object({
  /** The period's first day, YYYY-MM-DD (a month, or a quarter under disclosure control). */
  period: z.string(),
  /** `null`: too few to publish under the disclosure control. */
  inside: z.number().nullable(),
  rest: z.number().nullable(),
})
export type FollowUpMonth = z.infer<typeof FollowUpMonth>

/** Mean counts per period before and after the start, inside and in the rest of the municipality. */
export const BeforeAfter = z.object({
  insideBefore: z.number().nullable(),
  insideAfter: z.number().nullable(),
  restBefore: z.number().nullable(),
  restAfter: z.number().nullable(),
  /**
   * The relative change inside divided by the relative change in the rest (1 = the place followed
   * the municipality; 0.8 = it fell 20 % more). A comparison, not proof of an effect.
   */
  relativeChange: z.number().nullable(),
})
export type BeforeAfter = z.infer<typeof BeforeAfter>

export const IncidentFollowUp = z.object({
  kind: z.literal('incidents'),
  categories: z.array(z.string()),
  /** What the counts are: exact for roles cleared for every incident, else cell-key published. */
  disclosureControl: z.enum(['none', 'cell-key']),
  periodKind: z.enum(['month', 'quarter']),
  series: z.array(FollowUpMonth),
  summary: BeforeAfter,
})
export type IncidentFollowUp = z.infer<typeof IncidentFollowUp>

export const SurveyFollowUp = z.object({
  kind: z.literal('survey'),
  indicator: z.string(),
  /** Per survey year: the respondent-weighted value of the districts the place lies in, and the rest. */
  years: z.array(
    z.object({
      year: z.number(),
      inside: z.number().nullable(),
      rest: z.number().nullable(),
      respondentsInside: z.number(),
    }),
  ),
})
export type SurveyFollowUp = z.infer<typeof SurveyFollowUp>

export const MeasureFollowUp = z.object({
  measureId: z.string(),
  startDate: z.string(),
  /** Months before the start that the comparison looks back. */
  beforeMonths: z.number(),
  indicators: z.array(z.discriminatedUnion('kind', [IncidentFollowUp, SurveyFollowUp])),
  classification: z.enum(['open', 'internal', 'restricted']),
})
export type MeasureFollowUp = z.infer<typeof MeasureFollowUp>

/**
 * Mean of a follow-up's counts before and after `start` (the period holding the start day counts
 * as after), and the ratio of the relative changes. Periods with a withheld count are left out of
 * their mean; a mean of nothing is null.
 */
export function beforeAfter(series: readonly FollowUpMonth[], start: string): BeforeAfter {
  const mean = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null)
    return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null
  }
  const startPeriod = series.findLast((p) => p.period <= start)?.period ?? start
  const before = series.filter((p) => p.period < startPeriod)
  const after = series.filter((p) => p.period >= startPeriod)
  const insideBefore = mean(before.map((p) => p.inside))
  const insideAfter = mean(after.map((p) => p.inside))
  const restBefore = mean(before.map((p) => p.rest))
  const restAfter = mean(after.map((p) => p.rest))
  const relativeChange =
    insideBefore && insideAfter !== null && restBefore && restAfter
      ? insideAfter / insideBefore / (restAfter / restBefore)
      : null
  return { insideBefore, insideAfter, restBefore, restAfter, relativeChange }
}
