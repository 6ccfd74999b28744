/**
 * The crime prevention council's questions and answers (*brottsförebyggande rådet*, Lag 2023:196):
 * incident counts that follow a filter, monthly trends of reported crime, and safety surveys
 * (*trygghetsmätning*) beside reported crime. One zod schema per question and answer, shared by the
 * server's routes and the client's views.
 *
 * A role cleared for the police's incident points gets true counts for exactly what it asks. Any
 * other role gets what the disclosure control publishes: the question widened to fixed periods,
 * category groups and the fixed bands below, and every count perturbed by the cell-key method and
 * left out under the threshold. `answered` says which question was answered.
 */
import { z } from 'zod'
import { isoDateOrDateTime } from './dates.ts'
import { type IncidentCategory, incidentCategoryTerms, incidentGroupTerms, type Term } from './domain.ts'

/** ISO weekdays, Monday 1 to Sunday 7, in the municipality's own clock. */
export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const
export type Weekday = (typeof weekdays)[number]
export const weekdayTerms: Record<Weekday, Term> = {
  1: { sv: 'mån', en: 'Mon' },
  2: { sv: 'tis', en: 'Tue' },
  3: { sv: 'ons', en: 'Wed' },
  4: { sv: 'tor', en: 'Thu' },
  5: { sv: 'fre', en: 'Fri' },
  6: { sv: 'lör', en: 'Sat' },
  7: { sv: 'sön', en: 'Sun' },
}

/**
 * The fixed bands of the day and week that a role without clearance may ask about. Free sets of
 * hours would let two answers differ by the incidents of one hour; bands make nearby questions the
 * same question, as the fixed periods do for time windows.
 */
export const hourBands = {
  /** Kväll och natt: 22.00–05.59, when violence in the street peaks. */
  night: [22, 23, 0, 1, 2, 3, 4, 5],
  day: [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21],
} as const satisfies Record<string, readonly number[]>
export type HourBand = keyof typeof hourBands
export const hourBandTerms: Record<HourBand, Term> = {
  night: { sv: 'Natt (22–06)', en: 'Night (22–06)' },
  day: { sv: 'Dag (06–22)', en: 'Day (06–22)' },
}
export const weekdayBands = { weekdays: [1, 2, 3, 4, 5], weekend: [6, 7] } as const satisfies Record<
  string,
  readonly Weekday[]
>
export type WeekdayBand = keyof typeof weekdayBands
export const weekdayBandTerms: Record<WeekdayBand, Term> = {
  weekdays: { sv: 'Vardagar', en: 'Weekdays' },
  weekend: { sv: 'Helg', en: 'Weekend' },
}

/** The smallest fixed band that holds every hour asked for; undefined (all hours) when none does. */
export function hourBandOf(hours: readonly number[] | undefined): HourBand | undefined {
  if (!hours?.length) return undefined
  return (Object.keys(hourBands) as HourBand[]).find((band) =>
    hours.every((h) => (hourBands[band] as readonly number[]).includes(h)),
  )
}

/** The smallest fixed band that holds every weekday asked for; undefined (the whole week) when none does. */
export function weekdayBandOf(days: readonly number[] | undefined): WeekdayBand | undefined {
  if (!days?.length) return undefined
  return (Object.keys(weekdayBands) as WeekdayBand[]).find((band) =>
    days.every((d) => (weekdayBands[band] as readonly number[]).includes(d)),
  )
}

const integerList = (name: string, min: number, max: number) =>
  z
    .string()
    .max(200)
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(
      z
        .array(
          z
            .string()
            .regex(/^\d{1,2}$/, `${name} are whole numbers`)
            .transform(Number)
            .pipe(z.number().int().min(min, `${name} run from ${min}`).max(max, `${name} run to ${max}`)),
        )
        .max(24),
    )
    .transform((values) => [...new Set(values)].sort((a, b) => a - b))

const categoryList = z
  .string()
  .max(2000)
  .transform((s) => s.split(',').map((c) => c.trim()))
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[a-z_]{1,64}$/, 'categories are lower-case identifiers')
          .refine((c) => c in incidentCategoryTerms || c in incidentGroupTerms, {
            error: 'no incident category or group by that name',
          }),
      )
      .max(50),
  )

const uuid = z.uuid({ error: 'district must be a district id' })

/** `GET /api/council/incidents`: what the filter counts. */
export const IncidentCountsQuery = z
  .object({
    category: categoryList.optional(),
    from: isoDateOrDateTime('from').optional(),
    to: isoDateOrDateTime('to').optional(),
    /** ISO weekdays, `6,7`. */
    weekday: integerList('weekdays', 1, 7).optional(),
    /** Local hours, `22,23,0,1`. */
    hour: integerList('hours', 0, 23).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    error: 'from must be before to',
    path: ['to'],
  })
export type IncidentCountsQuery = z.infer<typeof IncidentCountsQuery>

/** The question an answer answers: exactly the filter, or its widening by the disclosure control. */
export const AnsweredQuestion = z.discriminatedUnion('disclosure', [
  z.object({
    disclosure: z.literal('none'),
    categories: z.array(z.string()).nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    weekdays: z.array(z.number()).nullable(),
    hours: z.array(z.number()).nullable(),
  }),
  z.object({
    disclosure: z.literal('cell-key'),
    /** `2025-03`, `2025-Q1`, `2025` or `all`. */
    period: z.string(),
    periodFrom: z.string().nullable(),
    periodTo: z.string().nullable(),
    categoryGroup: z.string().nullable(),
    weekdayBand: z.string().nullable(),
    hourBand: z.string().nullable(),
    /** Published counts under this are left out. */
    minimumCount: z.number(),
  }),
])
export type AnsweredQuestion = z.infer<typeof AnsweredQuestion>

/** A count as published: `null` when left out (too few, or nothing). */
const Published = z.number().int().nullable()

export const IncidentCounts = z.object({
  answered: AnsweredQuestion,
  total: Published,
  /** Per calendar month (`2025-07`) in the answered window, oldest first. */
  months: z.array(z.object({ month: z.string(), count: Published })),
  /** Per weekday and local hour: the cells of the weekday-by-hour chart. */
  weekdayHours: z.array(z.object({ weekday: z.number().int(), hour: z.number().int(), count: Published })),
  districts: z.array(z.object({ id: z.string(), name: z.string(), count: Published })),
  categories: z.array(z.object({ category: z.string(), count: Published })),
})
export type IncidentCounts = z.infer<typeof IncidentCounts>

/** `GET /api/council/trends`: reported crime (anmälda brott) per month, one district or all. */
export const CrimeTrendsQuery = z
  .object({
    district: uuid.optional(),
    category: categoryList.optional(),
  })
  .strict()
export type CrimeTrendsQuery = z.infer<typeof CrimeTrendsQuery>

export const CrimeTrends = z.object({
  answered: z.object({
    disclosure: z.enum(['none', 'cell-key']),
    district: z.string().nullable(),
    categories: z.array(z.string()).nullable(),
    minimumCount: z.number().nullable(),
  }),
  /** Each month with the same month a year before. */
  months: z.array(z.object({ month: z.string(), count: Published, lastYear: Published })),
  /** The mean of each calendar month (1–12) over the years, from the published counts. */
  seasonality: z.array(z.object({ month: z.number().int(), mean: z.number().nullable() })),
  districts: z.array(z.object({ id: z.string(), name: z.string() })),
})
export type CrimeTrends = z.infer<typeof CrimeTrends>

/** Results from fewer respondents than this are flagged: the share of a few people says little. */
export const MINIMUM_RESPONDENTS = 100

/** The survey indicator set beside crime by default: feeling unsafe outdoors late at night. */
export const INSECURITY_INDICATOR = 'unsafe_at_night'

/** `GET /api/council/surveys`: every survey year and indicator per district, with reported crime. */
export const SurveyComparisonQuery = z.object({}).strict()

export const SurveyDistrict = z.object({
  id: z.string(),
  name: z.string(),
  population: z.number().nullable(),
  /** Per survey year: respondents and each indicator's value. */
  years: z.record(
    z.string(),
    z.object({ respondents: z.number().int(), values: z.record(z.string(), z.number()) }),
  ),
  /** Reported crime per survey year: the count as published and per 1,000 residents. */
  crime: z.record(z.string(), z.object({ count: Published, per1000: z.number().nullable() })),
})
export type SurveyDistrict = z.infer<typeof SurveyDistrict>

export const SurveyComparison = z.object({
  survey: z.string(),
  years: z.array(z.number().int()),
  indicators: z.array(z.string()),
  minimumRespondents: z.number().int(),
  disclosure: z.enum(['none', 'cell-key']),
  districts: z.array(SurveyDistrict),
})
export type SurveyComparison = z.infer<typeof SurveyComparison>

export const categoriesOfGroup = (group: keyof typeof incidentGroupTerms): IncidentCategory[] =>
  (Object.keys(incidentCategoryTerms) as IncidentCategory[]).filter(
    (c) => incidentCategoryTerms[c].group === group,
  )

/**
 * The reported crime set beside a survey of year `year`: the twelve months November to October
 * before it, since the police's trygghetsmätning is answered in the autumn and asks about the past
 * year.
 */
export const crimeWindowOfSurveyYear = (year: number): { from: string; to: string } => ({
  from: `${year - 1}-11-01`,
  to: `${year}-11-01`,
})
