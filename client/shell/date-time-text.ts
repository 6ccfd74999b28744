/**
 * A date and time as the app writes it, "2026-11-20 14:05" in both languages (ISO 8601's order,
 * which Swedes write and nobody misreads), instead of the format of whatever language the browser
 * happens to run in. Converts to and from the `datetime-local` value ("2026-11-20T14:05") the
 * forms keep.
 */

/** "2026-11-20T14:05" as "2026-11-20 14:05"; anything else as it came. */
export function localToText(local: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(local) ? local.slice(0, 16).replace('T', ' ') : local
}

/**
 * What was typed as a `datetime-local` value: "" for an empty field, null for text that is no date
 * and time. Takes a space or a T between date and time, a colon or a full stop in the time (Swedes
 * write 14.05), a one-digit hour, and a date alone (midnight).
 */
export function textToLocal(text: string): string | null {
  const trimmed = text.trim()
  if (!trimmed) return ''
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]+(\d{1,2})[:.](\d{2}))?$/.exec(trimmed)
  if (!match) return null
  const [, y, mo, d, h = '0', mi = '00'] = match
  const [year, month, day, hour, minute] = [y, mo, d, h, mi].map(Number)
  const date = new Date(Date.UTC(year, month - 1, day))
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  if (!real || hour > 23 || minute > 59) return null
  return `${y}-${mo}-${d}T${String(hour).padStart(2, '0')}:${mi}`
}
