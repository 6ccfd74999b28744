/**
 * How reports write times and numbers: Swedish notation and Swedish time in both languages, as
 * the staff and the county board read them, whatever the server's own zone.
 */
import { toSweref } from './map.ts'

const TIME_ZONE = 'Europe/Stockholm'
const dateTimeFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
})
const dateFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})
const clockFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
})

/** "2026-11-20 06:45" in Swedish time; an unreadable time is shown as it came. */
export function formatDateTime(iso: string): string {
  const time = Date.parse(iso)
  return Number.isNaN(time) ? iso : dateTimeFormat.format(time)
}
export const formatDate = (iso: string) => dateFormat.format(Date.parse(iso))
export const formatClock = (iso: string) => clockFormat.format(Date.parse(iso))
export const formatInteger = (n: number) =>
  new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 }).format(n)

export function formatArea(m2: number): string {
  if (m2 < 100_000) return `${formatInteger(m2)} m²`
  return `${new Intl.NumberFormat('sv-SE', { maximumFractionDigits: m2 < 10_000_000 ? 2 : 0 }).format(m2 / 1e6)} km²`
}

/** SWEREF 99 TM coordinates as Swedish staff read them off a map: N 6 495 120, E 568 230. */
export function placeText(position: [number, number]): string {
  const [e, n] = toSweref(position)
  return `N ${formatInteger(n)}, E ${formatInteger(e)} (SWEREF 99 TM)`
}
