/**
 * How a crisis session's values read: escalation levels and event types in the user's language,
 * times in Swedish time (the staff room's clock, whatever the browser's zone), and the tone of the
 * escalation badge.
 */
import { eventTypeTerms, type Participant } from '../../common/crisis.ts'
import { withheldActorTerm } from '../../common/domain.ts'
import type { Language } from '../i18n/dictionary.ts'

const ZONE = 'Europe/Stockholm'
const locale = (lang: Language) => (lang === 'sv' ? 'sv-SE' : 'en-GB')

// Note: the level's name and tone are one rule with the PDF report's, so they live in common/.
export { escalationName, escalationTone } from '../../common/crisis.ts'

export type EventTypeKey = keyof typeof eventTypeTerms

export function isEventTypeKey(value: string): value is EventTypeKey {
  return Object.hasOwn(eventTypeTerms, value)
}

/** An event type's name: one of the suggested terms, or the free text someone typed. */
export function eventTypeName(eventType: string | null | undefined, lang: Language): string {
  if (!eventType) return '–'
  return isEventTypeKey(eventType) ? eventTypeTerms[eventType][lang] : eventType
}

/**
 * What the create form sends for the event type field: the key of a suggested term when the text
 * is one of them in either language, so the list filters and translates, else the text itself.
 */
export function eventTypeValue(text: string): string | undefined {
  const trimmed = text.trim()
  if (!trimmed) return undefined
  const lower = trimmed.toLocaleLowerCase('sv')
  for (const [key, term] of Object.entries(eventTypeTerms)) {
    if (key === trimmed || term.sv.toLocaleLowerCase('sv') === lower || term.en.toLowerCase() === lower)
      return key
  }
  return trimmed
}

function valid(iso: string | null | undefined): Date | null {
  if (!iso) return null
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

/** "14:05", the time of day as the staff room reads it. */
export function formatClock(iso: string | null | undefined, lang: Language): string {
  const date = valid(iso)
  if (!date) return '–'
  return date.toLocaleTimeString(locale(lang), { timeZone: ZONE, hour: '2-digit', minute: '2-digit' })
}

/** Whether two instants fall on different days of the staff room's calendar. */
export function differentDays(a: string | null | undefined, b: string | null | undefined): boolean {
  const from = valid(a)
  const to = valid(b)
  if (!from || !to) return false
  const day = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: ZONE })
  return day(from) !== day(to)
}

/**
 * A moment on a time line: "06:45" when the line lies within one day, "12 nov 06:45" (Swedish) or
 * "12 Nov 06:45" (English) when it spans several, so each end and the thumb say which day they are.
 */
export function formatMoment(iso: string | null | undefined, lang: Language, withDate: boolean): string {
  const date = valid(iso)
  if (!date) return '–'
  if (!withDate) return formatClock(iso, lang)
  const day = date
    .toLocaleDateString(locale(lang), { timeZone: ZONE, day: 'numeric', month: 'short' })
    .replace('.', '')
  return `${day} ${formatClock(iso, lang)}`
}

/** "2026-11-20 14:05" (Swedish) or "20/11/2026, 14:05" (English). */
export function formatDateTime(iso: string | null | undefined, lang: Language): string {
  const date = valid(iso)
  if (!date) return '–'
  return date.toLocaleString(locale(lang), {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
}

/** A short time: the clock alone for today, with the date otherwise. */
export function formatWhen(iso: string | null | undefined, lang: Language, now: Date = new Date()): string {
  const date = valid(iso)
  if (!date) return '–'
  const day = (d: Date) => d.toLocaleDateString('sv-SE', { timeZone: ZONE })
  return day(date) === day(now) ? formatClock(iso, lang) : formatDateTime(iso, lang)
}

/**
 * A `datetime-local` input's value ("2026-11-20T14:00") in Swedish time as an ISO instant with its
 * offset, which the server's task `due` requires.
 */
export function localInputToIso(local: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)
  if (!match) return undefined
  const [, y, mo, d, h, mi] = match.map(Number)
  // Note: guess the offset at that wall-clock time in Stockholm, then correct once for a DST edge.
  const guess = Date.UTC(y, mo - 1, d, h, mi)
  const offset = stockholmOffsetMinutes(guess)
  let instant = guess - offset * 60_000
  const corrected = stockholmOffsetMinutes(instant)
  if (corrected !== offset) instant = guess - corrected * 60_000
  return new Date(instant).toISOString()
}

/** The inverse: an ISO instant as a `datetime-local` value in Swedish time. */
export function isoToLocalInput(iso: string | null | undefined): string {
  const date = valid(iso)
  if (!date) return ''
  const shifted = new Date(date.getTime() + stockholmOffsetMinutes(date.getTime()) * 60_000)
  return shifted.toISOString().slice(0, 16)
}

function stockholmOffsetMinutes(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instant))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'))
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000)
}

/**
 * How an invitation is named: an organisation the reader may not read comes withheld from the
 * server (no name, no id) and reads "Begränsad aktör" (restricted actor).
 */
export const participantName = (p: Pick<Participant, 'name' | 'withheld'>, lang: Language): string =>
  p.withheld ? withheldActorTerm[lang] : p.name
