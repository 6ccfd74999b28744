/**
 * The questions a role without clearance may ask of an aggregate: fixed periods and fixed category
 * groups. Free windows and free sets of categories would let two answers differ by exactly the
 * records between them; fixed ones make nearby questions the same question. The periods nest
 * (months in quarters in years, in the whole record), so the few overlaps there are give too few
 * independent noisy answers to average the cell-key noise away.
 */
import { type IncidentCategory, incidentCategoryTerms, incidentGroupTerms } from '../../common/domain.ts'

/** Calendar periods are those of the municipality's own clock. */
export const PERIOD_TIME_ZONE = 'Europe/Stockholm'

export const PeriodKind = { month: 'month', quarter: 'quarter', year: 'year', all: 'all' } as const
export type PeriodKind = (typeof PeriodKind)[keyof typeof PeriodKind]

export type FixedPeriod =
  | { kind: 'all'; label: 'all' }
  | {
      kind: Exclude<PeriodKind, 'all'>
      /** `2025-03`, `2025-Q1`, `2025`. */
      label: string
      /** Local wall time where the period starts (inclusive) and ends (exclusive), `YYYY-MM-DD`. */
      start: string
      end: string
    }

const wallClock = new Intl.DateTimeFormat('sv-SE', {
  timeZone: PERIOD_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/**
 * A filter's `from` or `to` as wall time in Stockholm, `YYYY-MM-DD HH:MM:SS`: a date or a
 * date-time without offset is already wall time; one with an offset is converted.
 */
export function wallTime(iso: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return `${iso} 00:00:00`
  const local = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?(\.\d+)?$/.exec(iso)
  if (local) return `${local[1]} ${local[2]}${local[3] ?? ':00'}${local[4] ? '.' : ''}`
  // Note: a fraction of a second after the minute makes the time sort after `HH:MM:SS` exactly.
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new Error(`not a date-time: ${iso}`)
  const whole = wallClock.format(new Date(ms))
  return ms % 1000 === 0 ? whole : `${whole}.`
}

const pad = (n: number) => String(n).padStart(2, '0')
const monthStart = (year: number, month: number) =>
  `${year + Math.floor((month - 1) / 12)}-${pad(((month - 1) % 12) + 1)}-01`

/**
 * The smallest calendar month, quarter or year that holds the window [from, to); the whole record
 * when none does or an end is open.
 */
export function fixedPeriod(from?: string, to?: string): FixedPeriod {
  if (!from || !to) return { kind: 'all', label: 'all' }
  const start = wallTime(from)
  const end = wallTime(to)
  const year = Number(start.slice(0, 4))
  const month = Number(start.slice(5, 7))
  const quarterFirst = month - ((month - 1) % 3)
  const candidates: FixedPeriod[] = [
    {
      kind: 'month',
      label: `${year}-${pad(month)}`,
      start: monthStart(year, month),
      end: monthStart(year, month + 1),
    },
    {
      kind: 'quarter',
      label: `${year}-Q${(quarterFirst + 2) / 3}`,
      start: monthStart(year, quarterFirst),
      end: monthStart(year, quarterFirst + 3),
    },
    { kind: 'year', label: `${year}`, start: `${year}-01-01`, end: `${year + 1}-01-01` },
  ]
  return (
    candidates.find((p) => p.kind !== 'all' && end <= `${p.end} 00:00:00`) ?? { kind: 'all', label: 'all' }
  )
}

export type IncidentGroup = keyof typeof incidentGroupTerms
const groups = Object.keys(incidentGroupTerms) as IncidentGroup[]

/**
 * The one category group that holds every category asked for (a group's own name counts as the
 * group), or undefined for all incidents when they span groups or none are asked for. An unknown
 * name gives `{ unknown }` so the caller can refuse it.
 */
export function fixedCategoryGroup(
  categories: readonly string[] | undefined,
): { group: IncidentGroup | undefined } | { unknown: string } {
  if (!categories?.length) return { group: undefined }
  const asked = new Set<IncidentGroup>()
  for (const c of categories) {
    if ((groups as string[]).includes(c)) asked.add(c as IncidentGroup)
    else if (c in incidentCategoryTerms) asked.add(incidentCategoryTerms[c as IncidentCategory].group)
    else return { unknown: c }
  }
  return { group: asked.size === 1 ? [...asked][0] : undefined }
}
