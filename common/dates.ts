/**
 * Dates and times as the API takes them: ISO 8601, real calendar days only (zod's patterns know
 * that February has 28 or 29 days), and never the year 0000, which the format allows but PostgreSQL,
 * having no year 0 (1 BC comes right before AD 1), refuses.
 */
import { z } from 'zod'

const notYearZero = (s: string) => !s.startsWith('0000')

/** A date-time with its offset (`2026-11-21T14:00:00+01:00`, `…Z`). */
export const isoDateTime = (name: string) =>
  z.iso
    .datetime({ offset: true, message: `${name} must be an ISO 8601 date-time with an offset` })
    .refine(notYearZero, `${name}: there is no year 0`)

/** ISO 8601 lets a time stop at the minute (`T14:00Z`); zod wants the seconds when there is an offset. */
const withSeconds = (v: unknown) =>
  typeof v === 'string' ? v.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:\d{2})$/, '$1:00$2') : v

/** A date, or a date-time with or without offset: what a filter's `from` and `to` take. */
export const isoDateOrDateTime = (name: string) =>
  z.preprocess(
    withSeconds,
    z
      .union([z.iso.date(), z.iso.datetime({ offset: true, local: true })], {
        error: `${name} must be an ISO 8601 date or date-time`,
      })
      .refine(notYearZero, `${name}: there is no year 0`),
  )

/** The calendar day of an instant in Swedish time, "2026-11-20". */
export function swedishDay(instant: Date): string {
  return instant.toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' })
}
