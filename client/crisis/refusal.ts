/**
 * A refusal from the server (a REST error or a socket acknowledgement `{ok:false, error}`) as a
 * sentence the staff member can act on, in their language. The server's own message is in
 * English and technical, so it is shown only where it adds something (which field was invalid).
 */
import type { MessageKey } from '../i18n/dictionary.ts'

export interface Refusal {
  code: string
  message: string
}

export interface RefusalText {
  key: MessageKey
  params?: Record<string, string>
}

/** Reads the code and message from an `ApiError`, an ack's `error`, or anything thrown. */
export function refusalOf(err: unknown): Refusal {
  if (err && typeof err === 'object') {
    const record = err as { code?: unknown; message?: unknown; error?: unknown }
    if (record.error && typeof record.error === 'object') return refusalOf(record.error)
    if (typeof record.code === 'string')
      return { code: record.code, message: typeof record.message === 'string' ? record.message : '' }
    if (typeof record.message === 'string') return { code: 'internal', message: record.message }
  }
  return { code: 'internal', message: String(err) }
}

export function refusalText(err: unknown): RefusalText {
  const { code, message } = refusalOf(err)
  switch (code) {
    case 'forbidden':
      return { key: 'crisis.error.forbidden' }
    case 'not_found':
      return { key: 'crisis.error.notFound' }
    case 'conflict':
      if (/closed/i.test(message)) return { key: 'crisis.error.closed' }
      if (/snapshot named/i.test(message)) return { key: 'crisis.error.snapshotTaken' }
      return { key: 'crisis.error.conflict', params: { message } }
    case 'validation_failed':
    case 'bad_request':
      // The geometry checks are the refusals a drawing user meets; they get their own sentence.
      if (/25 km/.test(message)) return { key: 'crisis.error.outside' }
      if (/self-intersect|not valid|invalid geometry|ring/i.test(message))
        return { key: 'crisis.error.geometry' }
      return { key: 'crisis.error.invalid', params: { message } }
    case 'rate_limited':
      return { key: 'crisis.error.rateLimited' }
    case 'network':
    case 'timeout':
    case 'unavailable':
      return { key: 'crisis.error.network' }
    case 'unauthorized':
      return { key: 'crisis.error.signedOut' }
    default:
      return { key: 'crisis.error.failed', params: { message: message || code } }
  }
}
