/**
 * The council's filter as the page holds it (categories, a range of whole months on the time
 * slider, weekdays, hours) and as the API takes it. Months are `YYYY-MM`; the range includes both
 * ends, so the query's `to` is the first day of the month after the last.
 */
import { hourBands, type Weekday } from '../../common/council.ts'

export interface IncidentFilter {
  /** Incident categories or group names; empty for all incidents. */
  categories: readonly string[]
  /** First and last month on the slider, inclusive; absent for the whole record. */
  months?: readonly [string, string]
  weekdays: readonly Weekday[]
  hours: readonly number[]
}

export const emptyFilter: IncidentFilter = { categories: [], weekdays: [], hours: [] }

export const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** Every month from `first` to `last`, inclusive. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = []
  for (let m = first; m <= last && out.length < 1200; m = nextMonth(m)) out.push(m)
  return out
}

/** The query parameters of a filter; an empty part is left out. */
export function filterQuery(filter: IncidentFilter): Record<string, string> {
  const q: Record<string, string> = {}
  if (filter.categories.length) q.category = [...filter.categories].sort().join(',')
  if (filter.months) {
    q.from = `${filter.months[0]}-01`
    q.to = `${nextMonth(filter.months[1])}-01`
  }
  if (filter.weekdays.length) q.weekday = [...filter.weekdays].sort((a, b) => a - b).join(',')
  if (filter.hours.length) q.hour = [...filter.hours].sort((a, b) => a - b).join(',')
  return q
}

/** The last twelve months of the record, ending with its last month. */
export function lastYearOf(record: readonly string[]): [string, string] | undefined {
  if (!record.length) return undefined
  const last = record[record.length - 1]!
  return [record[Math.max(0, record.length - 12)]!, last]
}

/** Hours from `start` up to but not including `end`, across midnight when `end` comes first. */
export function hoursBetween(start: number, end: number): number[] {
  const out: number[] = []
  for (let h = start; out.length < 24; h = (h + 1) % 24) {
    if (out.length > 0 && h === end) break
    out.push(h)
  }
  return out
}

export const nightHours: readonly number[] = hourBands.night

/** Toggles one value in a list, keeping it sorted. */
export function toggled<T extends number | string>(list: readonly T[], value: T): T[] {
  return (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]).sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  )
}
