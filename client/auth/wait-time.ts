/**
 * How long someone locked out after failed sign-ins must wait, in words: "45 sekunder", "15 minuter".
 * Under two minutes it counts seconds; above that whole minutes, rounded up so the wait never
 * turns out longer than the message said.
 */
import { type Language, translate } from '../i18n/dictionary.ts'

export function waitText(seconds: number, lang: Language): string {
  const s = Math.max(1, Math.ceil(seconds))
  if (s < 120) return s === 1 ? translate(lang, 'wait.second') : translate(lang, 'wait.seconds', { n: s })
  const minutes = Math.ceil(s / 60)
  return translate(lang, 'wait.minutes', { n: minutes })
}

/** The wait a 429 answer names, from its details (the Retry-After header is not readable here). */
export function retryAfterSeconds(details: unknown): number | null {
  if (typeof details !== 'object' || details === null) return null
  const value = (details as { retryAfterSeconds?: unknown }).retryAfterSeconds
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null
}
